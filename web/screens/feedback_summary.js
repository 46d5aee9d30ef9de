// screens/feedback_summary.js: the feedback summary as a printable page
// (GET /reports/feedback-summary): what was received, acted on and closed
// by month, cycle, channel, topic, language and status; median and 90th
// percentile times to first action and to close; solicitations by month
// and cycle.  Charts for the months, and every figure in a table (the
// text alternative, and what prints).  The numbers are the API's, shown
// as they come: nothing is recomputed here.
import { html } from '../html.js';
import { t, te, fmtDate, fmtMonth, fmtNumber, todayInOffice } from '../i18n.js';
import { api, can } from '../api.js';
import { href, navigate } from '../router.js';
import { Page, Loaded, useLoad, useForm, Field, FormAlert } from '../ui.js';
import { BarChart } from '../chart.js';

// The default period: the twelve months ending today in the office's zone.
export function lastTwelveMonths(today = todayInOffice()) {
  const [y, m] = today.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 12, 1));
  return { from: d.toISOString().slice(0, 10), to: today };
}

// Seconds -> "45 min", "5.5 hours", "3.2 days"; null -> "—".
export function fmtDuration(s) {
  if (s === null || s === undefined) return t('summary.no_value');
  if (s < 3600) return t('summary.minutes', { n: fmtNumber(Math.round(s / 60)) });
  if (s < 2 * 86400) return t('summary.hours', { n: fmtNumber(Math.round(s / 360) / 10) });
  return t('summary.days', { n: fmtNumber(Math.round(s / 8640) / 10) });
}

const n = (x) => fmtNumber(x || 0);

// One table of groups: a label column, then received, acted on, closed,
// and the times when the rows carry them.
function GroupTable({ id, title, rows, label, timed }) {
  return html`<table class="list num" id=${id}>
    <caption>${title}</caption>
    <thead><tr><th scope="col">${label.head}</th><th scope="col">${t('summary.received')}</th>
      <th scope="col">${t('summary.acted_on')}</th><th scope="col">${t('summary.closed')}</th>
      ${timed && html`<th scope="col">${t('summary.first_median')}</th><th scope="col">${t('summary.first_p90')}</th>
        <th scope="col">${t('summary.close_median')}</th><th scope="col">${t('summary.close_p90')}</th>`}</tr></thead>
    <tbody>${rows.map((g, i) => html`<tr key=${i}><th scope="row">${label.of(g)}</th>
      <td class="n" data-label=${t('summary.received')}>${n(g.received)}</td>
      <td class="n" data-label=${t('summary.acted_on')}>${n(g.acted_on)}</td>
      <td class="n" data-label=${t('summary.closed')}>${n(g.closed)}</td>
      ${timed && html`<td class="n" data-label=${t('summary.first_median')}>${fmtDuration(g.time_to_first_action.median_seconds)}</td>
        <td class="n" data-label=${t('summary.first_p90')}>${fmtDuration(g.time_to_first_action.p90_seconds)}</td>
        <td class="n" data-label=${t('summary.close_median')}>${fmtDuration(g.time_to_close.median_seconds)}</td>
        <td class="n" data-label=${t('summary.close_p90')}>${fmtDuration(g.time_to_close.p90_seconds)}</td>`}</tr>`)}</tbody>
  </table>`;
}

function Summary({ s }) {
  const months = s.by_month.map((m) => m.month);
  const tot = s.totals;
  const sol = s.solicitations;
  const solCycle = Object.fromEntries(sol.by_cycle.map((c) => [c.cycle, c.count]));
  return html`
    <p>${t('summary.period', { from: fmtDate(s.from), to: fmtDate(s.to), zone: s.office ? s.office.timezone : '' })}
      ${' '}${t('summary.cycle_rule', { before: s.on_cycle_days_before, after: s.on_cycle_days_after })}</p>
    <ul class="stat-tiles" aria-label=${t('summary.totals')}>
      <li class="tile" id="sum-received"><span class="n">${n(tot.received)}</span> <span class="l">${t('summary.received')}</span></li>
      <li class="tile" id="sum-acted"><span class="n">${n(tot.acted_on)}</span> <span class="l">${t('summary.acted_on')}</span></li>
      <li class="tile" id="sum-closed"><span class="n">${n(tot.closed)}</span> <span class="l">${t('summary.closed')}</span></li>
      <li class="tile" id="sum-first"><span class="n">${fmtDuration(tot.time_to_first_action.median_seconds)}</span>
        <span class="l">${t('summary.first_median')} (${t('summary.p90_is', { v: fmtDuration(tot.time_to_first_action.p90_seconds) })})</span></li>
      <li class="tile" id="sum-close"><span class="n">${fmtDuration(tot.time_to_close.median_seconds)}</span>
        <span class="l">${t('summary.close_median')} (${t('summary.p90_is', { v: fmtDuration(tot.time_to_close.p90_seconds) })})</span></li>
      <li class="tile" id="sum-solicitations"><span class="n">${n(sol.total)}</span> <span class="l">${t('summary.solicitations')}</span></li>
    </ul>
    <div class="grid">
      <section class="panel" aria-labelledby="sum-months-h">
        <h2 id="sum-months-h">${t('summary.by_month')}</h2>
        <${BarChart} id="ch-fb-month" title=${t('summary.chart_month')} labels=${months} grouped table=${false}
          series=${[{ label: t('summary.received'), values: s.by_month.map((m) => m.received) },
            { label: t('summary.acted_on'), values: s.by_month.map((m) => m.acted_on) },
            { label: t('summary.closed'), values: s.by_month.map((m) => m.closed) }]} />
      </section>
      <section class="panel" aria-labelledby="sum-sol-h">
        <h2 id="sum-sol-h">${t('summary.solicitations')}</h2>
        <${BarChart} id="ch-fb-sol" title=${t('summary.chart_solicitations')} labels=${months} table=${false}
          series=${[{ label: t('summary.solicitations'), values: sol.by_month.map((m) => m.count) }]} />
        <p>${t('summary.solicitations_cycle', { on: n(solCycle.on), off: n(solCycle.off) })}</p>
      </section>
      <section class="panel full" aria-labelledby="sum-tables-h">
        <h2 id="sum-tables-h">${t('summary.tables')}</h2>
        <${GroupTable} id="tb-month" title=${t('summary.by_month')} rows=${s.by_month} timed
          label=${{ head: t('chart.month'), of: (g) => fmtMonth(g.month) }} />
        <${GroupTable} id="tb-cycle" title=${t('summary.by_cycle')} rows=${s.by_cycle} timed
          label=${{ head: t('summary.cycle'), of: (g) => te('cycle', g.cycle) }} />
        <${GroupTable} id="tb-channel" title=${t('summary.by_channel')} rows=${s.by_channel}
          label=${{ head: t('feedback.channel'), of: (g) => te('channel', g.channel) }} />
        <${GroupTable} id="tb-topic" title=${t('summary.by_topic')} rows=${s.by_topic}
          label=${{ head: t('feedback.topic'), of: (g) => g.topic || t('summary.no_topic') }} />
        <${GroupTable} id="tb-language" title=${t('summary.by_language')} rows=${s.by_language}
          label=${{ head: t('feedback.language'), of: (g) => g.language }} />
        <table class="list num" id="tb-status">
          <caption>${t('summary.by_status')}</caption>
          <thead><tr><th scope="col">${t('feedback.status')}</th><th scope="col">${t('summary.count')}</th></tr></thead>
          <tbody>${s.by_status.map((g) => html`<tr key=${g.status}><th scope="row">${te('fbstatus', g.status)}</th>
            <td class="n" data-label=${t('summary.count')}>${n(g.count)}</td></tr>`)}</tbody>
        </table>
        <table class="list num" id="tb-solicitations">
          <caption>${t('summary.solicitations_by_month')}</caption>
          <thead><tr><th scope="col">${t('chart.month')}</th><th scope="col">${t('summary.solicitations')}</th></tr></thead>
          <tbody>${sol.by_month.map((g) => html`<tr key=${g.month}><th scope="row">${fmtMonth(g.month)}</th>
            <td class="n" data-label=${t('summary.solicitations')}>${n(g.count)}</td></tr>`)}</tbody>
        </table>
        <p class="meta">${t('summary.definitions')}</p>
      </section>
    </div>`;
}

export function FeedbackSummary({ query }) {
  const def = lastTwelveMonths();
  const period = { from: query.from || def.from, to: query.to || def.to };
  const s = useLoad(() => api('GET', '/reports/feedback-summary', null, period), [period.from, period.to]);
  const form = useForm(period);
  const apply = (e) => { e.preventDefault(); navigate('/reports/feedback', form.values); };
  // A bad period comes back as a 422 naming from or to: show it there.
  const err = s.error && s.error.status === 422 ? s.error.fieldErrors() : {};
  const f = { ...form, errors: err, alert: s.error && s.error.status === 422 ? { status: 422, error: s.error.error, fields: Object.keys(err) } : null };
  return html`<${Page} title=${t('summary.title')} wide
      actions=${html`<button type="button" onClick=${() => window.print()}>${t('summary.print')}</button>
        ${can('director') && html`<a class="button" href=${href('/exports/feedback', period)}>${t('export.title')}</a>`}`}>
    <form class="filters" onSubmit=${apply} aria-label=${t('summary.period_label')}>
      <${Field} form=${f} prefix="sp" name="from" type="date" label=${t('summary.from')} required />
      <${Field} form=${f} prefix="sp" name="to" type="date" label=${t('summary.to')} required />
      <div class="filter-actions"><button type="submit">${t('summary.show')}</button></div>
    </form>
    ${f.alert && html`<${FormAlert} form=${f} idPrefix="sp" />`}
    ${!f.alert && html`<${Loaded} state=${s}>${(data) => html`<${Summary} s=${data} />`}<//>`}
  <//>`;
}
