// screens/dashboard_parts.js: the dashboard's panels from other
// capabilities: follow-ups due, then the last twelve months of
// interactions in charts.  The figures are computed here from the API:
// the partners touched in the window (by last_interaction_on), then each
// one's timeline back to the window's start.
import { html } from '../html.js';
import { t, te, fmtDate, fmtDateTime, todayInOffice } from '../i18n.js';
import { api, apiAll } from '../api.js';
import { href } from '../router.js';
import { Loaded, useLoad, Empty } from '../ui.js';
import { BarChart } from '../chart.js';
import { FollowUpLine } from './interactions.js';
import { attentionReady, firstScreenShown } from './dashboard.js';
import { RiskList } from './continuity.js';

function addDays(ymd, n) {
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function FollowUpsDue() {
  const today = todayInOffice();
  const s = useLoad(() => api('GET', '/follow-ups', null, { due_before: addDays(today, 8), limit: 20 })
    .then((x) => { setTimeout(() => attentionReady('FollowUpsDue')); return x; }), []);
  return html`<section class="panel" aria-labelledby="dash-followups">
    <h2 id="dash-followups">${t('dash.followups')}</h2>
    <${Loaded} state=${s}>${(data) => (data.items.length === 0 ? html`<${Empty} text=${t('dash.followups_none')} />` : html`
      <ul class="plain attention">${data.items.map((x) => html`<li key=${x.id} class=${x.follow_up_on < today ? 'overdue' : ''}>
        <a href=${href(`/partners/${x.partner_id}`)}>${x.partner_name}</a>: ${x.summary}<br />
        <${FollowUpLine} x=${x} onDone=${s.reload} /></li>`)}</ul>`)}<//>
    <p><a href="#/follow-ups">${t('dash.all_followups')}</a></p>
  </section>`;
}

// Feedback nobody has started on yet (status new), oldest due first.
function FeedbackWaiting() {
  const s = useLoad(() => api('GET', '/feedback', null, { status: 'new', limit: 10 })
    .then((x) => { setTimeout(() => attentionReady('FeedbackWaiting')); return x; }), []);
  return html`<section class="panel" aria-labelledby="dash-feedback">
    <h2 id="dash-feedback">${t('dash.feedback')}</h2>
    <${Loaded} state=${s}>${(data) => (data.items.length === 0 ? html`<${Empty} text=${t('dash.feedback_none')} />` : html`
      <ul class="plain">${data.items.map((f) => html`<li key=${f.id}><a href=${href(`/feedback/${f.id}`)}>${f.reference}</a>: ${f.excerpt}
        <span class="meta"> (${te('channel', f.channel)}, ${fmtDate(f.received_at)})</span></li>`)}</ul>`)}<//>
    <p><a href=${href('/feedback', { status: 'new' })}>${t('dash.all_feedback')}</a></p>
  </section>`;
}

// The partners most at risk of being lost (overdue band first).
function ContinuityRisks() {
  const s = useLoad(() => api('GET', '/continuity/risks', null, { limit: 8 })
    .then((x) => { setTimeout(() => attentionReady('ContinuityRisks')); return x; }), []);
  return html`<section class="panel" aria-labelledby="dash-risks">
    <h2 id="dash-risks">${t('dash.risks')}</h2>
    <${Loaded} state=${s}>${(d) => (d.items.length === 0 ? html`<${Empty} text=${t('continuity.none')} />` : html`
      <p>${t('continuity.summary', { n: d.at_risk, checked: d.partners_checked, overdue: d.overdue })}</p>
      <${RiskList} items=${d.items} />`)}<//>
    <p><a href="#/continuity">${t('dash.all_risks')}</a></p>
  </section>`;
}

// Claims whose response is past the office's target (from the board).
function ClaimsPastTarget() {
  const s = useLoad(() => api('GET', '/misconceptions/board')
    .then((x) => { setTimeout(() => attentionReady('ClaimsPastTarget')); return x; }), []);
  return html`<section class="panel" aria-labelledby="dash-claims">
    <h2 id="dash-claims">${t('dash.claims')}</h2>
    <${Loaded} state=${s}>${(b) => {
      const late = b.columns.flatMap((c) => c.items).filter((x) => x.overdue);
      return late.length === 0 ? html`<${Empty} text=${t('dash.claims_none')} />` : html`<ul class="plain attention">
        ${late.slice(0, 10).map((x) => html`<li key=${x.id} class="overdue"><a href=${href(`/misconceptions/${x.id}`)}>${x.statement}</a>
          <span class="meta"> ${te('claimstatus', x.status)}, ${t('dash.claim_due', { when: fmtDateTime(x.due_at) })}</span></li>`)}</ul>`;
    }}<//>
    <p><a href="#/misconceptions">${t('dash.all_claims')}</a></p>
  </section>`;
}

// The last 12 months, oldest first: ['2025-12', ..., '2026-11'].
export function lastMonths(today, n = 12) {
  const [y, m] = today.split('-').map(Number);
  const out = [];
  for (let i = n - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    out.push(d.toISOString().slice(0, 7));
  }
  return out;
}

// At most MAX_TIMELINES partners' timelines are read (the API has no
// office-wide interaction list); the chart says so when it stopped there.
const MAX_TIMELINES = 400;
async function interactionsSince(start) {
  await firstScreenShown;   // the charts wait until what needs attention is on screen
  const touched = (await apiAll('/partners', { sort: '-updated_at' }, 5000)).filter((p) => p.last_interaction_on && p.last_interaction_on >= start);
  const partners = touched.slice(0, MAX_TIMELINES);
  const out = [];
  let next = 0;
  async function worker() {
    while (next < partners.length) {
      const p = partners[next++];
      let cursor = null;
      do {
        const page = await api('GET', `/partners/${p.id}/interactions`, null, { limit: 200, cursor });
        const items = page.items.filter((x) => x.occurred_on >= start);
        out.push(...items);
        cursor = items.length === page.items.length ? page.next_cursor : null;
      } while (cursor);
    }
  }
  await Promise.all([worker(), worker(), worker()]);
  out.capped = touched.length > partners.length ? partners.length : 0;
  return out;
}

function Charts() {
  const months = lastMonths(todayInOffice());
  const start = `${months[0]}-01`;
  const s = useLoad(() => interactionsSince(start), [start]);
  return html`<section class="panel full" aria-labelledby="dash-charts">
    <h2 id="dash-charts">${t('dash.charts', { from: fmtDate(start) })}</h2>
    <${Loaded} state=${s}>${(items) => {
      const idx = Object.fromEntries(months.map((m, i) => [m, i]));
      const total = months.map(() => 0);
      const byType = {};
      for (const x of items) {
        const i = idx[x.occurred_on.slice(0, 7)];
        if (i === undefined) continue;
        total[i]++;
        (byType[x.type] ||= months.map(() => 0))[i]++;
      }
      const types = Object.keys(byType).sort((a, b) => byType[b].reduce((p, q) => p + q) - byType[a].reduce((p, q) => p + q));
      const top = types.slice(0, 6);
      const series = top.map((k) => ({ label: te('type', k), values: byType[k] }));
      if (types.length > 6) series.push({ label: t('chart.other_types'), values: months.map((_, i) => types.slice(6).reduce((s2, k) => s2 + byType[k][i], 0)) });
      return html`<p>${t('dash.interactions_total', { n: items.length })}${items.capped ? ` ${t('dash.capped', { n: items.capped })}` : ''}</p>
        <div class="grid">
          <${BarChart} id="ch-month" title=${t('dash.by_month')} labels=${months} series=${[{ label: t('dash.interactions'), values: total }]} />
          <${BarChart} id="ch-type" title=${t('dash.by_type')} labels=${months} series=${series.length ? series : [{ label: t('dash.interactions'), values: total }]} />
        </div>`;
    }}<//>
  </section>`;
}

FeedbackWaiting.cap = 'feedback';
ContinuityRisks.cap = 'continuity';
ClaimsPastTarget.cap = 'misconceptions';
export const attentionParts = [FollowUpsDue, FeedbackWaiting, ClaimsPastTarget, ContinuityRisks];
export const chartParts = [Charts];
