// screens/claim_report.js: how timely and how far the office's answers to
// misconceptions went over a period (GET /reports/misconceptions?from=&to=):
// time from first sighting to published response (median and 90th
// percentile, by severity and by month), claims open past their target,
// sightings per claim, partners asked and partners who shared.  Every
// figure is the API's (report_misconceptions.c defines them); the page
// only draws them.  Printable: the figure tables open for print.
import { useEffect } from 'preact/hooks';
import { html } from '../html.js';
import { t, te, fmtMonth, fmtDateTime, fmtNumber, fmtDate } from '../i18n.js';
import { api } from '../api.js';
import { href, navigate } from '../router.js';
import { Page, Loaded, useLoad, useForm, Field, FormAlert, Badge, Empty } from '../ui.js';
import { BarChart } from '../chart.js';
import { GroupedBars } from './claim_charts.js';
import { fmtHours, targetsText } from './claim_common.js';

const SEV = ['high', 'medium', 'low'];
const hrs = (v) => (v == null ? '—' : fmtHours(v));
const num = (v) => (v == null ? '—' : fmtNumber(v));

function Tiles({ items }) {
  return html`<ul class="stat-tiles">${items.map(([n, l], i) => html`<li key=${i} class="tile"><span class="n">${n}</span> <span class="l">${l}</span></li>`)}</ul>`;
}

function Timeliness({ r }) {
  const tt = r.time_to_response;
  const months = r.by_month.map((m) => m.month);
  return html`<section class="panel full" aria-labelledby="rp-time">
    <h2 id="rp-time">${t('claims.r_time')}</h2>
    <p>${t('claims.r_time_def')}</p>
    <${Tiles} items=${[[num(tt.count), t('claims.r_answered')], [hrs(tt.median_hours), t('claims.r_median')], [hrs(tt.p90_hours), t('claims.r_p90')],
      [num(tt.unanswered), t('claims.r_unanswered')]]} />
    <div class="grid">
      <${GroupedBars} id="rp-sev" title=${t('claims.r_by_severity')} head=${t('claims.severity')} labels=${SEV}
        fmtLabel=${(s) => te('severity', s)} fmtValue=${(v) => fmtHours(v)}
        series=${[{ label: t('claims.r_median'), values: SEV.map((s) => r.by_severity[s].median_hours) },
          { label: t('claims.r_p90'), values: SEV.map((s) => r.by_severity[s].p90_hours) }]} />
      ${months.length > 0 && html`<${GroupedBars} id="rp-month" title=${t('claims.r_by_month')} head=${t('chart.month')} labels=${months}
        fmtLabel=${fmtMonth} fmtValue=${(v) => fmtHours(v)}
        series=${[{ label: t('claims.r_median'), values: r.by_month.map((m) => m.median_hours) },
          { label: t('claims.r_p90'), values: r.by_month.map((m) => m.p90_hours) }]} />`}
      ${months.length > 0 && html`<${BarChart} id="rp-claims" title=${t('claims.r_claims_month')} labels=${months}
        series=${[{ label: t('claims.r_answered'), values: r.by_month.map((m) => m.count) },
          { label: t('claims.r_unanswered_m'), values: r.by_month.map((m) => m.claims - m.count) }]} />`}
    </div>
    <table class="list num">
      <caption>${t('claims.r_sev_table')}</caption>
      <thead><tr><th scope="col">${t('claims.severity')}</th><th scope="col">${t('claims.r_target')}</th><th scope="col">${t('claims.r_answered')}</th>
        <th scope="col">${t('claims.r_median')}</th><th scope="col">${t('claims.r_p90')}</th></tr></thead>
      <tbody>${SEV.map((s) => html`<tr key=${s}><th scope="row">${te('severity', s)}</th>
        <td class="n" data-label=${t('claims.r_target')}>${fmtHours(r.target_hours[s])}</td>
        <td class="n" data-label=${t('claims.r_answered')}>${num(r.by_severity[s].count)}</td>
        <td class="n" data-label=${t('claims.r_median')}>${hrs(r.by_severity[s].median_hours)}</td>
        <td class="n" data-label=${t('claims.r_p90')}>${hrs(r.by_severity[s].p90_hours)}</td></tr>`)}</tbody>
    </table>
  </section>`;
}

function Targets({ r }) {
  const g = r.targets;
  return html`<section class="panel" aria-labelledby="rp-targets">
    <h2 id="rp-targets">${t('claims.r_targets')}</h2>
    <p class="meta">${targetsText(r.target_hours)}</p>
    <${Tiles} items=${[[num(g.answered_on_time), t('claims.r_on_time')], [num(g.answered_late), t('claims.r_late')], [num(g.open_past_target), t('claims.r_open_past')]]} />
    <h3>${t('claims.r_open_past_list', { when: fmtDateTime(r.as_of) })}</h3>
    ${g.open_past_target_items.length === 0 ? html`<${Empty} text=${t('dash.claims_none')} />` : html`<ul class="plain attention">
      ${g.open_past_target_items.map((x) => html`<li key=${x.id} class="overdue"><a href=${href(`/misconceptions/${x.id}`)}>${x.statement}</a>
        <br /><${Badge} kind="severity" value=${x.severity} /> ${t('claims.r_open_for', { age: fmtHours(x.hours_open), target: fmtHours(x.target_hours) })}</li>`)}</ul>`}
  </section>`;
}

function Reach({ r }) {
  const s = r.sightings;
  const a = r.amplification;
  return html`<section class="panel" aria-labelledby="rp-reach">
    <h2 id="rp-reach">${t('claims.r_sightings')}</h2>
    <${Tiles} items=${[[num(s.total), t('claims.r_sightings_total')], [num(s.claims), t('claims.r_claims')], [num(s.mean_per_claim), t('claims.r_mean_per')],
      [num(s.median_per_claim), t('claims.r_median_per')], [num(s.max_per_claim), t('claims.r_max_per')]]} />
    <h2 id="rp-amp">${t('claims.r_amp')}</h2>
    <p>${t('claims.r_amp_def')}</p>
    <${GroupedBars} id="rp-partners" title=${t('claims.r_partners_chart')} head=${t('claims.r_measure')} labels=${['partners', 'asks']}
      fmtLabel=${(k) => t(`claims.r_${k}`)} fmtValue=${fmtNumber}
      series=${[{ label: t('claims.r_asked'), values: [a.partners_asked, a.asks] }, { label: t('claims.r_shared'), values: [a.partners_shared, a.asks_shared] }]} />
    <p>${a.share_rate == null ? t('claims.r_no_asks') : t('claims.r_share_rate', { pct: Math.round(a.share_rate * 100) })}</p>
  </section>`;
}

export function ClaimReport({ query }) {
  const period = { from: query.from || '', to: query.to || '' };
  const s = useLoad(() => api('GET', '/reports/misconceptions', null, period), [period.from, period.to]);
  const form = useForm(period);
  // Blank dates show the period the API chose (the twelve months to today).
  useEffect(() => {
    if (s.data && !form.values.from && !form.values.to) form.setValues({ from: s.data.from, to: s.data.to });
  }, [s.data]);
  useEffect(() => {
    // Printed, the figure tables are open: paper has no "show".
    const open = () => document.querySelectorAll('details.data').forEach((d) => { d.open = true; });
    addEventListener('beforeprint', open);
    return () => removeEventListener('beforeprint', open);
  }, []);
  async function apply(e) {
    e.preventDefault();
    // Checked by the API first, so a bad date shows next to its field.
    const ok = await form.submit((v) => api('GET', '/reports/misconceptions', null, v));
    if (ok) navigate('/reports/misconceptions', form.values);
  }
  return html`<${Page} title=${t('claims.r_title')} wide sub=${s.data && t('claims.r_period', { from: fmtDate(s.data.from), to: fmtDate(s.data.to) })}
      actions=${html`<button type="button" onClick=${() => window.print()}>${t('claims.print')}</button>
        <a class="button" href="#/misconceptions">${t('claims.back')}</a>`}>
    <form class="filters no-print" onSubmit=${apply} novalidate aria-label=${t('claims.r_period_form')}>
      <${FormAlert} form=${form} idPrefix="rp" />
      <${Field} form=${form} prefix="rp" name="from" type="date" label=${t('claims.r_from')} />
      <${Field} form=${form} prefix="rp" name="to" type="date" label=${t('claims.r_to')} />
      <div class="filter-actions"><button type="submit" disabled=${form.busy}>${t('claims.r_show')}</button></div>
    </form>
    <${Loaded} state=${s}>${(r) => html`<div class="grid report">
      <${Timeliness} r=${r} />
      <${Targets} r=${r} />
      <${Reach} r=${r} />
    </div>`}<//>
  <//>`;
}
