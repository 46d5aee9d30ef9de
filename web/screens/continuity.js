// screens/continuity.js: relationships at risk of being lost (no primary
// or backup liaison, a departed liaison, no current or verified contact,
// no touch within the cadence, overdue follow-ups), ranked by the API,
// each partner with its reasons in words, filtered by band and liaison;
// and the coverage gaps (the full view is screens/coverage.js).
import { html } from '../html.js';
import { t, te, fmtDate, fmtNumber } from '../i18n.js';
import { api } from '../api.js';
import { href, navigate, parseHash } from '../router.js';
import { Page, Loaded, useLoad, useForm, Field, Empty } from '../ui.js';
import { userOptions } from './pickers.js';

const pct = (x) => `${fmtNumber(Math.round(x * 1000) / 10)}%`;

// The ranked list.  detail: also each reason's message, the liaisons,
// the last touch and the next due date (the dashboard shows codes only).
export function RiskList({ items, detail }) {
  return html`<ol class="plain attention">${items.map((r) => html`<li key=${r.partner_id} class=${r.band === 'overdue' ? 'overdue' : ''}>
    <a href=${href(`/partners/${r.partner_id}`)}>${r.name}</a> <span class=${`badge ${r.band === 'overdue' ? 'bad' : 'warn'}`}>${te('band', r.band)}</span>
    ${detail && html` <span class="meta">${t('continuity.points', { n: r.points })}</span>`}
    <ul class="reasons">${r.reasons.map((x) => html`<li key=${x.code}>${te('reason', x.code)}${detail && x.message && html`: <span class="meta">${x.message}</span>`}</li>`)}</ul>
    ${detail && html`<p class="meta">${t('continuity.held_by', {
      primary: r.primary_liaison ? r.primary_liaison.name : t('common.none'),
      backup: r.backup_liaison ? r.backup_liaison.name : t('common.none'),
    })} · ${t('continuity.last_touch', { when: r.last_interaction_on ? fmtDate(r.last_interaction_on) : t('common.never') })}${r.next_due_on && html` · ${t('continuity.next_due', { when: fmtDate(r.next_due_on) })}`}</p>`}
    </li>`)}</ol>`;
}

// Links between the continuity screens; the current one is marked.
const LINKS = [['/continuity', 'continuity.title'], ['/me/relationships', 'mine.title'], ['/coverage', 'coverage.title'],
  ['/strength', 'strength.title'], ['/advisory', 'advisory.title'], ['/letters', 'letters.title']];
export function ContinuityLinks() {
  const here = parseHash().path;
  return html`<nav class="no-print subnav" aria-label=${t('continuity.more')}><ul class="plain">
    ${LINKS.map(([path, key]) => html`<li key=${path}><a href=${`#${path}`} aria-current=${here === path ? 'page' : undefined}>${t(key)}</a></li>`)}
  </ul></nav>`;
}

export function Continuity({ query }) {
  const filters = { band: query.band || '', liaison_user_id: query.liaison_user_id || '' };
  const s = useLoad(() => api('GET', '/continuity/risks', null, { ...filters, limit: 200 }), [filters.band, filters.liaison_user_id]);
  const cov = useLoad(() => api('GET', '/coverage'), []);
  const users = useLoad(userOptions, []);
  const form = useForm(filters);
  const apply = (e) => { e.preventDefault(); navigate('/continuity', form.values); };
  return html`<${Page} title=${t('continuity.title')} sub=${t('continuity.intro')} wide>
    <${ContinuityLinks} />
    <div class="grid">
      <section class="panel" aria-labelledby="co-risks">
        <h2 id="co-risks">${t('continuity.risks')}</h2>
        <form class="filters no-print" onSubmit=${apply} aria-label=${t('continuity.filters')}>
          <${Field} form=${form} prefix="co" name="band" type="select" label=${t('continuity.band')}
            options=${[['', t('common.any')], ['overdue', te('band', 'overdue')], ['warning', te('band', 'warning')]]} />
          <${Field} form=${form} prefix="co" name="liaison_user_id" type="select" label=${t('continuity.liaison')}
            options=${[['', t('common.any')], ...(users.data || [])]} />
          <div class="filter-actions"><button type="submit">${t('common.apply')}</button></div>
        </form>
        <${Loaded} state=${s}>${(d) => html`<p>${t('continuity.summary', { n: d.at_risk, checked: d.partners_checked, overdue: d.overdue })}</p>
          ${d.items.length === 0 ? html`<${Empty} text=${t('continuity.none')} />` : html`<${RiskList} items=${d.items} detail />`}
          ${d.truncated && html`<p class="meta">${t('continuity.truncated', { n: d.items.length })}</p>`}`}<//>
      </section>
      <section class="panel" aria-labelledby="co-gaps">
        <h2 id="co-gaps">${t('continuity.gaps')}</h2>
        <${Loaded} state=${cov}>${(c) => (!c.gaps || c.gaps.length === 0 ? html`<${Empty} text=${t('continuity.no_gaps')} />` : html`
          <ul class="plain">${c.gaps.map((g, i) => html`<li key=${i}><strong>${g.name || g.language}</strong>
            ${g.population_share != null && html` <span class="meta">${pct(g.population_share)}</span>`}
            <span class=${`badge ${g.status === 'no_active_partner' ? 'bad' : 'warn'}`}>${te('coverage', g.status)}</span>
            ${g.last_interaction_on && html` <span class="meta">${fmtDate(g.last_interaction_on)}</span>`}</li>`)}</ul>
          <p><a href="#/coverage">${t('coverage.all')}</a></p>`)}<//>
      </section>
    </div>
  <//>`;
}
