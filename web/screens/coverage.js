// screens/coverage.js: who the office reaches.  Each demographic group and
// language against the active partners that reach it and the interactions
// with them in the last 12 months, weighted by the group's share of the
// population where known; the gaps in words (largest share first) with
// the prospects that would fill them; a chart of partners per group.
import { html } from '../html.js';
import { t, te, fmtDate, fmtNumber } from '../i18n.js';
import { api } from '../api.js';
import { href } from '../router.js';
import { Page, Loaded, useLoad, Empty } from '../ui.js';
import { HBarChart } from '../chart.js';
import { ContinuityLinks } from './continuity.js';

const pct = (x) => (x == null ? t('coverage.share_unknown') : `${fmtNumber(Math.round(x * 1000) / 10)}%`);
const nameOf = (g) => g.name || t('coverage.language_code', { code: g.language });

function Prospects({ list }) {
  if (!list || list.length === 0) return html`<span class="meta">${t('coverage.no_prospects')}</span>`;
  return html`${list.map((p, i) => html`${i > 0 && ', '}<a key=${p.partner_id} href=${href(`/partners/${p.partner_id}`)}>${p.name}</a>`)}`;
}

// One sentence per gap: what is missing and who could fill it.
function Gaps({ gaps }) {
  if (gaps.length === 0) return html`<${Empty} text=${t('continuity.no_gaps')} />`;
  return html`<ul class="plain">${gaps.map((g, i) => html`<li key=${i}>
    <strong>${nameOf(g)}</strong> <span class=${`badge coverage-${g.status}`}>${te('coverage', g.status)}</span>
    <span class="meta"> ${t('coverage.share_of_population', { share: pct(g.population_share) })}</span>
    <p>${g.status === 'no_active_partner' ? t('coverage.gap_none') : t('coverage.gap_stale', { n: g.active_partners })}
      ${' '}${t('coverage.could_fill')} <${Prospects} list=${g.prospects} /></p></li>`)}</ul>`;
}

function Table({ id, caption, rows, first }) {
  return html`<table class="list" id=${id}>
    <caption class="visually-hidden">${caption}</caption>
    <thead><tr><th scope="col">${first}</th><th scope="col">${t('coverage.share')}</th><th scope="col">${t('coverage.status')}</th>
      <th scope="col">${t('coverage.active_partners')}</th><th scope="col">${t('coverage.contacted')}</th>
      <th scope="col">${t('coverage.interactions')}</th><th scope="col">${t('coverage.prospects')}</th></tr></thead>
    <tbody>${rows.map((g, i) => html`<tr key=${i}>
      <th scope="row">${nameOf(g)}</th>
      <td data-label=${t('coverage.share')}>${pct(g.population_share)}</td>
      <td data-label=${t('coverage.status')}><span class=${`badge coverage-${g.status}`}>${te('coverage', g.status)}</span></td>
      <td data-label=${t('coverage.active_partners')}>${fmtNumber(g.active_partners)}
        ${g.partners && g.partners.length > 0 && html`<span class="meta"> (${g.partners.map((p, k) => html`${k > 0 && ', '}<a key=${p.partner_id} href=${href(`/partners/${p.partner_id}`)}>${p.name}</a>`)})</span>`}</td>
      <td data-label=${t('coverage.contacted')}>${fmtNumber(g.active_partners_contacted_12m)}</td>
      <td data-label=${t('coverage.interactions')}>${fmtNumber(g.interactions_12m)}</td>
      <td data-label=${t('coverage.prospects')}><${Prospects} list=${g.prospects} /></td>
    </tr>`)}</tbody></table>`;
}

export function Coverage() {
  const s = useLoad(() => api('GET', '/coverage'), []);
  return html`<${Page} title=${t('coverage.title')} sub=${t('coverage.intro')} wide>
    <${ContinuityLinks} />
    <${Loaded} state=${s}>${(c) => {
      const sm = c.summary;
      const gs = c.groups;
      return html`
      <section class="panel" aria-labelledby="cov-sum">
        <h2 id="cov-sum">${t('coverage.summary_title')}</h2>
        <p>${t('coverage.summary', { covered: sm.covered, groups: sm.groups, stale: sm.no_recent_contact, none: sm.no_active_partner })}</p>
        <p>${sm.weighted_coverage == null ? t('coverage.weighted_unknown')
          : t('coverage.weighted', { w: pct(sm.weighted_coverage), known: pct(sm.population_share_known), u: pct(sm.unweighted_coverage) })}</p>
        <p>${t('coverage.languages_summary', { covered: sm.languages_covered, n: sm.languages })}
          <span class="meta"> ${t('coverage.window', { from: fmtDate(c.window_from), to: fmtDate(c.as_of) })}</span></p>
      </section>
      <div class="grid">
        <section class="panel" aria-labelledby="cov-gaps">
          <h2 id="cov-gaps">${t('coverage.gaps')}</h2>
          <${Gaps} gaps=${c.gaps} />
        </section>
        <section class="panel" aria-labelledby="cov-chart-h">
          <h2 id="cov-chart-h">${t('coverage.chart_heading')}</h2>
          <${HBarChart} id="cov-chart" title=${t('coverage.chart')} labelHead=${t('coverage.group')} labels=${gs.map(nameOf)}
            series=${[
              { label: t('coverage.contacted'), cls: 2, values: gs.map((g) => g.active_partners_contacted_12m) },
              { label: t('coverage.not_contacted'), cls: 1, values: gs.map((g) => g.active_partners - g.active_partners_contacted_12m) },
              { label: t('coverage.prospects'), cls: 6, values: gs.map((g) => g.prospects_count ?? (g.prospects || []).length) },
            ]} />
        </section>
        <section class="panel full" aria-labelledby="cov-groups">
          <h2 id="cov-groups">${t('coverage.groups')}</h2>
          <${Table} id="cov-groups-table" caption=${t('coverage.groups')} rows=${gs} first=${t('coverage.group')} />
        </section>
        <section class="panel full" aria-labelledby="cov-langs">
          <h2 id="cov-langs">${t('coverage.languages')}</h2>
          ${c.languages.length === 0 ? html`<${Empty} text=${t('coverage.no_languages')} />`
            : html`<${Table} id="cov-langs-table" caption=${t('coverage.languages')} rows=${c.languages} first=${t('coverage.language')} />`}
        </section>
      </div>`;
    }}<//>
  <//>`;
}
