// screens/misconceptions.js: the misconception desk's screens, as the
// screen table (index.js) names them.  Each is loaded on first use
// (claim_lazy.js) so the first screen after sign-in does not carry the
// desk: the board and lists (claim_desk.js), one claim (claim_page.js) and
// the report (claim_report.js).
import { lazyScreen } from './claim_lazy.js';

export const ClaimList = lazyScreen(() => import('./claim_desk.js'), 'ClaimList');
export const ClaimNew = lazyScreen(() => import('./claim_desk.js'), 'ClaimNew');
export const ClaimPage = lazyScreen(() => import('./claim_page.js'), 'ClaimPage');
export const ClaimReport = lazyScreen(() => import('./claim_report.js'), 'ClaimReport');
