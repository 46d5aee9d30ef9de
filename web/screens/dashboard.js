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
  const s = useLoad(() => apiAll('/partners').then((x) => { setTimeout(() => attentionReady('partners')); return x; }), []);
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

// The first screen counts as shown once every "needs attention" panel has
// its data on screen: then the marks rapport-first-screen (since sign-in
// or since the page began loading) are recorded for the browser tests.
const waiting = new Set();
export function attentionReady(name) {
  if (!waiting.delete(name) || waiting.size) return;
  requestAnimationFrame(() => {
    performance.mark('rapport-first-screen');
    const from = performance.getEntriesByName('rapport-signed-in', 'mark').length ? 'rapport-signed-in' : undefined;
    performance.measure('rapport-first-screen', from);
  });
}

export function Dashboard() {
  if (!performance.getEntriesByName('rapport-first-screen', 'mark').length && waiting.size === 0) {
    for (const n of ['partners', ...attentionParts.map((p) => p.name)]) waiting.add(n);
  }
  return html`<${Page} title=${t('dash.title')} wide>
    <div class="grid">
      ${attentionParts.map((P, i) => html`<${P} key=${`a${i}`} />`)}
      <${PartnerCounts} />
      ${chartParts.map((P, i) => html`<${P} key=${`c${i}`} />`)}
    </div>
  <//>`;
}
