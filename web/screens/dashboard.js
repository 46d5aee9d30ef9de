// screens/dashboard.js: what needs attention today, and the last twelve
// months in charts.  Every figure is computed here from the API's lists.
import { html } from '../html.js';
import { t, te, fmtNumber } from '../i18n.js';
import { apiAll } from '../api.js';
import { href } from '../router.js';
import { Page, Loaded, useLoad } from '../ui.js';
import { PARTNER_STATUSES } from '../domain.js';
import { attentionParts, chartParts } from './dashboard_parts.js';

function PartnerCounts() {
  const s = useLoad(() => apiAll('/partners'), []);
  return html`<section class="panel" aria-labelledby="dash-partners">
    <h2 id="dash-partners">${t('dash.partners')}</h2>
    <${Loaded} state=${s}>${(items) => html`<ul class="stat-tiles">
      ${PARTNER_STATUSES.map((st) => html`<li key=${st}><a href=${href('/partners', { status: st })}>
        <span class="n">${fmtNumber(items.filter((p) => p.status === st).length)}</span>
        <span class="l">${te('status', st)}</span></a></li>`)}</ul>
      ${items.some((p) => p.status === 'vetting') && html`<p><a href=${href('/partners', { status: 'vetting' })}>
        ${t('dash.vetting_waiting', { n: items.filter((p) => p.status === 'vetting').length })}</a></p>`}`}<//>
  </section>`;
}

export function Dashboard() {
  performance.mark('rapport-dashboard');
  return html`<${Page} title=${t('dash.title')} wide>
    <div class="grid">
      ${attentionParts.map((P, i) => html`<${P} key=${`a${i}`} />`)}
      <${PartnerCounts} />
      ${chartParts.map((P, i) => html`<${P} key=${`c${i}`} />`)}
    </div>
  <//>`;
}
