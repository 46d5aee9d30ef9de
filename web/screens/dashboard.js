// screens/dashboard.js: what needs attention today, and the last twelve
// months in charts.  Every figure is computed here from the API's lists.
import { html } from '../html.js';
import { t, te } from '../i18n.js';
import { api } from '../api.js';
import { href } from '../router.js';
import { useEffect } from 'preact/hooks';
import { Page, Loaded, useLoad, Empty } from '../ui.js';
import { useCapabilities } from '../capabilities.js';
import { attentionParts, chartParts } from './dashboard_parts.js';

// Partners waiting for their vetting decisions (bounded: the first 20).
function VettingWaiting() {
  const s = useLoad(() => api('GET', '/partners', null, { status: 'vetting', sort: '-updated_at', limit: 20 })
    .then((x) => { setTimeout(() => attentionReady('vetting')); return x; }), []);
  return html`<section class="panel" aria-labelledby="dash-vetting">
    <h2 id="dash-vetting">${t('dash.vetting')}</h2>
    <${Loaded} state=${s}>${(data) => (data.items.length === 0 ? html`<${Empty} text=${t('dash.vetting_none')} />` : html`
      <ul class="plain">${data.items.map((p) => html`<li key=${p.id}><a href=${href(`/partners/${p.id}`)}>${p.name}</a>
        <span class="meta"> ${te('subtype', p.subtype)}</span></li>`)}</ul>
      ${data.next_cursor && html`<p><a href=${href('/partners', { status: 'vetting' })}>${t('dash.vetting_all')}</a></p>`}`)}<//>
  </section>`;
}

// The first screen counts as shown once every "needs attention" panel has
// its data on screen: then the marks rapport-first-screen (since sign-in
// or since the page began loading) are recorded for the browser tests.
const waiting = new Set();
let shown;
export const firstScreenShown = new Promise((resolve) => { shown = resolve; });
export function attentionReady(name) {
  if (!waiting.delete(name) || waiting.size) return;
  requestAnimationFrame(() => {
    shown();
    performance.mark('rapport-first-screen');
    const from = performance.getEntriesByName('rapport-signed-in', 'mark').length ? 'rapport-signed-in' : undefined;
    performance.measure('rapport-first-screen', from);
  });
}

// The panels every server has start loading at once; those of optional
// capabilities join when the server's answer about them arrives.
let armed = false;
export function Dashboard() {
  const caps = useCapabilities();
  if (!armed && !performance.getEntriesByName('rapport-first-screen', 'mark').length) {
    armed = true;
    for (const n of ['caps', 'vetting', ...attentionParts.filter((p) => !p.cap).map((p) => p.name)]) waiting.add(n);
  }
  useEffect(() => {
    if (!caps || !waiting.has('caps')) return;
    for (const p of attentionParts) if (p.cap && caps[p.cap]) waiting.add(p.name);
    attentionReady('caps');
  }, [caps]);
  const parts = attentionParts.filter((p) => !p.cap || (caps && caps[p.cap]));
  return html`<${Page} title=${t('dash.title')} wide>
    <div class="grid">
      ${parts.map((P) => html`<${P} key=${P.name} />`)}
      <${VettingWaiting} />
      ${chartParts.map((P, i) => html`<${P} key=${`c${i}`} />`)}
    </div>
  <//>`;
}
