// screens/handover.js: a staff departure in one step.  The preview lists
// everything the person holds (liaison roles, open follow-ups, advisory
// meetings to convene and recommendations to act on, assigned feedback,
// misconception drafts) with the successor proposed for each; the director
// picks the successors, previews again, confirms, and sees what moved.
// The account is deactivated; its name stays on the history.  Also the
// list of past handovers, from which a new one can be started.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, te, fmtDate, fmtDateTime, fmtNumber } from '../i18n.js';
import { api, apiAll, session } from '../api.js';
import { href, navigate } from '../router.js';
import { Page, Loaded, useLoad, useForm, Field, FormAlert, Empty, announce } from '../ui.js';

export const HOLDING_KINDS = ['liaison_primary', 'liaison_backup', 'follow_ups', 'advisory_meetings',
  'advisory_recommendations', 'assigned_feedback', 'misconception_drafts'];

// Users who may take over: active, not viewers, not the departing person.
async function successorOptions(fromId) {
  const r = await api('GET', '/users');
  return r.items.filter((u) => u.active !== false && u.role !== 'viewer' && u.role !== 'state' && String(u.id) !== String(fromId))
    .map((u) => [String(u.id), `${u.name} (${te('role', u.role)})`]);
}

function itemLabel(kind, x) {
  if (kind === 'follow_ups') return html`<a href=${href(`/partners/${x.partner_id}`)}>${x.partner_name}</a> · ${fmtDate(x.follow_up_on)}${x.summary && html` <span class="meta">${x.summary}</span>`}`;
  if (x.partner_id && x.partner_name) return html`<a href=${href(`/partners/${x.partner_id}`)}>${x.partner_name}</a>`;
  if (kind === 'advisory_meetings') return html`<a href=${href(`/advisory/meetings/${x.meeting_id}`)}>${x.title}</a> · ${fmtDate(x.held_on)}`;
  if (kind === 'assigned_feedback') return html`<a href=${href(`/feedback/${x.feedback_id}`)}>${x.title}</a>`;
  return x.title || x.summary || '';
}

function successorText(kind, x) {
  if (kind === 'liaison_primary' && x.backup_promoted) return t('handover.backup_promoted', { name: x.to_user_name });
  return x.to_user_name || t('handover.nobody');
}

export function Holdings({ holdings, counts }) {
  const kinds = HOLDING_KINDS.filter((k) => (holdings[k] || []).length > 0);
  if (kinds.length === 0) return html`<${Empty} text=${t('handover.holds_nothing')} />`;
  return kinds.map((k) => html`<section key=${k} aria-labelledby=${`ho-${k}`}>
    <h3 id=${`ho-${k}`}>${te('holding', k)} <span class="meta">(${fmtNumber(counts[k])})</span></h3>
    <table class="list">
      <caption class="visually-hidden">${te('holding', k)}</caption>
      <thead><tr><th scope="col">${t('handover.item')}</th><th scope="col">${t('handover.goes_to')}</th></tr></thead>
      <tbody>${holdings[k].map((x, i) => html`<tr key=${i}><td>${itemLabel(k, x)}</td>
        <td data-label=${t('handover.goes_to')}>${successorText(k, x)}</td></tr>`)}</tbody></table></section>`);
}

function Result({ r }) {
  return html`<section class="panel" aria-labelledby="ho-done">
    <div class="alert ok" role="status"><h2 id="ho-done">${t('handover.done_title')}</h2>
      <p>${t('handover.done', { name: r.user.name, n: r.moved.length, partners: r.partners_noted })}</p></div>
    <ul>${HOLDING_KINDS.filter((k) => r.counts[k] > 0).map((k) => html`<li key=${k}>${te('holding', k)}: ${fmtNumber(r.counts[k])}</li>`)}</ul>
    <p><a href="#/handovers">${t('handover.history')}</a> · <a href="#/continuity">${t('continuity.title')}</a></p>
  </section>`;
}

export function Handover({ params, query }) {
  const id = params.id;
  const to = query.to || '';
  const backup = query.backup || '';
  const preview = useLoad(() => api('GET', `/users/${id}/handover`, null, { to_user_id: to, backup_to_user_id: backup }), [id, to, backup]);
  const users = useLoad(() => successorOptions(id), [id]);
  const form = useForm({ to_user_id: to, backup_to_user_id: backup, confirm: false });
  const [result, setResult] = useState(null);
  const previewAgain = (e) => { e.preventDefault(); navigate(`/users/${id}/handover`, { to: form.values.to_user_id, backup: form.values.backup_to_user_id }); };
  async function apply() {
    const body = { to_user_id: Number(form.values.to_user_id) || form.values.to_user_id || undefined, confirm: form.values.confirm === true };
    if (form.values.backup_to_user_id) body.backup_to_user_id = Number(form.values.backup_to_user_id);
    const r = await form.submit(() => api('POST', `/users/${id}/handover`, body));
    if (r) { setResult(r); announce(t('handover.done', { name: r.user.name, n: r.moved.length, partners: r.partners_noted })); }
  }
  if (result) return html`<${Page} title=${t('handover.title_done', { name: result.user.name })}><${Result} r=${result} /><//>`;
  return html`<${Loaded} state=${preview}>${(p) => {
    // The preview's problems (no successor yet ...) go next to their fields.
    const errs = Object.fromEntries((p.problems || []).filter((x) => x.field).map((x) => [x.field, x]));
    const shown = { ...form, errors: { ...errs, ...form.errors } };
    const opts = [['', t('common.choose')], ...(users.data || [])];
    const changed = form.values.to_user_id !== to || form.values.backup_to_user_id !== backup;
    return html`<${Page} title=${t('handover.title', { name: p.user.name })} sub=${t('handover.intro')} wide>
      ${!p.user.active && html`<p class="alert info">${t('handover.already_inactive')}</p>`}
      <section class="panel" aria-labelledby="ho-who">
        <h2 id="ho-who">${t('handover.successors')}</h2>
        <form onSubmit=${previewAgain} novalidate class="stack">
          <${FormAlert} form=${form} idPrefix="ho" />
          <div class="row">
            <${Field} form=${shown} prefix="ho" name="to_user_id" type="select" required label=${t('handover.to')} hint=${t('handover.to_hint')} options=${opts} />
            <${Field} form=${shown} prefix="ho" name="backup_to_user_id" type="select" label=${t('handover.backup_to')} hint=${t('handover.backup_hint')}
              options=${[['', t('handover.same_as_to')], ...(users.data || [])]} />
          </div>
          <div class="form-actions"><button type="submit">${t('handover.preview')}</button></div>
        </form>
      </section>
      <section class="panel" aria-labelledby="ho-holds">
        <h2 id="ho-holds">${t('handover.holds', { name: p.user.name, n: p.total })}</h2>
        <${Holdings} holdings=${p.holdings} counts=${p.counts} />
      </section>
      <section class="panel" aria-labelledby="ho-confirm-h">
        <h2 id="ho-confirm-h">${t('handover.confirm_title')}</h2>
        ${changed && html`<p class="alert warn">${t('handover.preview_first')}</p>`}
        <p>${t('handover.confirm_text', { name: p.user.name })}</p>
        <${Field} form=${form} prefix="ho" name="confirm" type="checkbox" label=${t('handover.confirm', { name: p.user.name })} />
        <div class="form-actions"><button type="button" class="primary" disabled=${form.busy || changed || !form.values.confirm}
          onClick=${apply}>${t('handover.apply')}</button>
          <a class="button" href="#/handovers">${t('common.cancel')}</a></div>
      </section>
    <//>`;
  }}<//>`;
}

export function Handovers() {
  const [cursors, setCursors] = useState([null]);
  const s = useLoad(() => api('GET', '/handovers', null, { cursor: cursors[cursors.length - 1], limit: 25 }), [cursors.length]);
  const users = useLoad(() => apiAll('/users').then((items) => items.filter((u) => u.active !== false && u.id !== session.user.id)
    .map((u) => [String(u.id), `${u.name} (${te('role', u.role)})`])), []);
  const form = useForm({ user_id: '' });
  const start = (e) => {
    e.preventDefault();
    if (!form.values.user_id) { form.setAlert(null); return; }
    navigate(`/users/${form.values.user_id}/handover`);
  };
  return html`<${Page} title=${t('handover.history')} sub=${t('handover.history_intro')} wide>
    <section class="panel" aria-labelledby="ho-start">
      <h2 id="ho-start">${t('handover.start')}</h2>
      <form onSubmit=${start} class="stack" novalidate>
        <${Field} form=${form} prefix="hs" name="user_id" type="select" label=${t('handover.leaving')} options=${[['', t('common.choose')], ...(users.data || [])]} />
        <div class="form-actions"><button type="submit" disabled=${!form.values.user_id}>${t('handover.start_button')}</button></div>
      </form>
    </section>
    <section class="panel" aria-labelledby="ho-past">
      <h2 id="ho-past">${t('handover.past')}</h2>
      <${Loaded} state=${s}>${(d) => html`${d.items.length === 0 ? html`<${Empty} text=${t('handover.none')} />` : html`<table class="list">
        <caption class="visually-hidden">${t('handover.past')}</caption>
        <thead><tr><th scope="col">${t('handover.when')}</th><th scope="col">${t('handover.who_left')}</th><th scope="col">${t('handover.to')}</th>
          <th scope="col">${t('handover.backup_to')}</th><th scope="col">${t('handover.moved')}</th><th scope="col">${t('handover.by')}</th></tr></thead>
        <tbody>${d.items.map((h) => html`<tr key=${h.id}>
          <th scope="row">${fmtDateTime(h.at)}</th>
          <td data-label=${t('handover.who_left')}>${h.from_user_name}</td>
          <td data-label=${t('handover.to')}>${h.to_user_name}</td>
          <td data-label=${t('handover.backup_to')}>${h.backup_to_user_name || t('handover.same_as_to')}</td>
          <td data-label=${t('handover.moved')}>${HOLDING_KINDS.filter((k) => h.counts && h.counts[k] > 0).map((k) => `${te('holding', k)}: ${h.counts[k]}`).join(', ') || t('common.none')}</td>
          <td data-label=${t('handover.by')}>${h.by_actor}</td></tr>`)}</tbody></table>`}`}<//>
    </section>
  <//>`;
}
