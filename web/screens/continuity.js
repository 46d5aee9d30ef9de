// screens/continuity.js: relationships at risk of being lost (no primary
// or backup liaison, a departed liaison, no current or verified contact,
// no touch within the cadence, overdue follow-ups), ranked by the API,
// and the coverage gaps: demographic groups no active partner reaches.
import { html } from '../html.js';
import { t, te, fmtDate, fmtNumber } from '../i18n.js';
import { api } from '../api.js';
import { href, navigate } from '../router.js';
import { Page, Loaded, useLoad, useForm, Field, Empty } from '../ui.js';

export function RiskList({ items }) {
  return html`<ol class="plain attention">${items.map((r) => html`<li key=${r.partner_id} class=${r.band === 'overdue' ? 'overdue' : ''}>
    <a href=${href(`/partners/${r.partner_id}`)}>${r.name}</a> <span class=${`badge ${r.band === 'overdue' ? 'bad' : 'warn'}`}>${te('band', r.band)}</span>
    <ul class="reasons">${r.reasons.map((x) => html`<li key=${x.code}>${te('reason', x.code)}</li>`)}</ul></li>`)}</ol>`;
}

export function Continuity({ query }) {
  const band = query.band || '';
  const s = useLoad(() => api('GET', '/continuity/risks', null, { band, limit: 200 }), [band]);
  const cov = useLoad(() => api('GET', '/coverage'), []);
  const form = useForm({ band });
  const apply = (e) => { e.preventDefault(); navigate('/continuity', form.values); };
  return html`<${Page} title=${t('continuity.title')} sub=${t('continuity.intro')} wide>
    <div class="grid">
      <section class="panel" aria-labelledby="co-risks">
        <h2 id="co-risks">${t('continuity.risks')}</h2>
        <form class="filters no-print" onSubmit=${apply} aria-label=${t('continuity.filters')}>
          <${Field} form=${form} prefix="co" name="band" type="select" label=${t('continuity.band')}
            options=${[['', t('common.any')], ['overdue', te('band', 'overdue')], ['warning', te('band', 'warning')]]} />
          <div class="filter-actions"><button type="submit">${t('common.apply')}</button></div>
        </form>
        <${Loaded} state=${s}>${(d) => html`<p>${t('continuity.summary', { n: d.at_risk, checked: d.partners_checked, overdue: d.overdue })}</p>
          ${d.items.length === 0 ? html`<${Empty} text=${t('continuity.none')} />` : html`<${RiskList} items=${d.items} />`}`}<//>
      </section>
      <section class="panel" aria-labelledby="co-gaps">
        <h2 id="co-gaps">${t('continuity.gaps')}</h2>
        <${Loaded} state=${cov}>${(c) => (!c.gaps || c.gaps.length === 0 ? html`<${Empty} text=${t('continuity.no_gaps')} />` : html`
          <ul class="plain">${c.gaps.map((g, i) => html`<li key=${i}><strong>${g.name || g.language}</strong>
            ${g.population_share != null && html` <span class="meta">${fmtNumber(Math.round(g.population_share * 1000) / 10)}%</span>`}
            <span class=${`badge ${g.status === 'no_active_partner' ? 'bad' : 'warn'}`}>${te('coverage', g.status)}</span>
            ${g.last_interaction_on && html` <span class="meta">${fmtDate(g.last_interaction_on)}</span>`}</li>`)}</ul>`)}<//>
      </section>
    </div>
  <//>`;
}
