// screens/dashboard_parts.js: the dashboard's panels from other
// capabilities: follow-ups due, feedback waiting, claims past target,
// continuity risks, then the last twelve months of interactions in charts
// (one request: GET /stats/interactions).
import { html } from '../html.js';
import { t, te, fmtDate, fmtDateTime, todayInOffice } from '../i18n.js';
import { api } from '../api.js';
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

// The last twelve months of interactions, from the office-wide figures
// (GET /stats/interactions: by month in the office's calendar, by type and
// by who gave), drawn once what needs attention is on screen.
async function interactionStats() {
  await firstScreenShown;
  return api('GET', '/stats/interactions');
}

function Charts() {
  const s = useLoad(interactionStats, []);
  return html`<section class="panel full" aria-labelledby="dash-charts">
    <h2 id="dash-charts">${s.data ? t('dash.charts', { from: fmtDate(s.data.from) }) : t('dash.charts_title')}</h2>
    <${Loaded} state=${s}>${(st) => {
      const months = st.months;
      const total = st.by_month.map((m) => m.count);
      const types = st.by_type.filter((x) => x.count > 0).sort((a, b) => b.count - a.count);
      const series = types.slice(0, 6).map((x) => ({ label: te('type', x.type), values: x.by_month }));
      if (types.length > 6) series.push({ label: t('chart.other_types'), values: months.map((_, i) => types.slice(6).reduce((n, x) => n + x.by_month[i], 0)) });
      const dirs = st.by_direction.map((x) => ({ label: te('direction', x.direction), values: x.by_month }));
      const rc = st.reciprocity;
      return html`<p>${t('dash.interactions_total', { n: st.total })}
        ${st.total > 0 && ` ${t('dash.reciprocity', { office: rc.office_gave, partner: rc.partner_gave, n: rc.partners_reciprocal, touched: rc.partners_touched })}`}</p>
        <div class="grid">
          <${BarChart} id="ch-month" title=${t('dash.by_month')} labels=${months} series=${[{ label: t('dash.interactions'), values: total }]} />
          <${BarChart} id="ch-type" title=${t('dash.by_type')} labels=${months} series=${series.length ? series : [{ label: t('dash.interactions'), values: total }]} />
          <${BarChart} id="ch-gave" title=${t('dash.by_direction')} labels=${months} series=${dirs} />
        </div>`;
    }}<//>
  </section>`;
}

FeedbackWaiting.cap = 'feedback';
ContinuityRisks.cap = 'continuity';
ClaimsPastTarget.cap = 'misconceptions';
export const attentionParts = [FollowUpsDue, FeedbackWaiting, ClaimsPastTarget, ContinuityRisks];
export const chartParts = [Charts];
