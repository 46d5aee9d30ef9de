// screens/advisory.js: the election advisory group.  Members (a contact
// and the partner they represent, with role and dates), meetings (date,
// agenda, attendance, minutes) and recommendations with their status
// (open, adopted, declined) and what was done.  Coordinators edit; every
// role reads.  Attendance and adopted recommendations count toward the
// members' partners' strength (screens/strength.js).
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, te, fmtDate, todayInOffice } from '../i18n.js';
import { api, can } from '../api.js';
import { href } from '../router.js';
import { Page, Loaded, useLoad, useForm, Field, FormAlert, Empty, enumOptions, announce } from '../ui.js';
import { partnerOptions } from './pickers.js';
import { ContinuityLinks } from './continuity.js';

const MEMBER_ROLES = ['member', 'chair', 'vice_chair'];
const REC_STATUSES = ['open', 'adopted', 'declined'];
const opt = (s) => (s == null || String(s).trim() === '' ? null : String(s).trim());
const current = (m, on) => m.joined_on <= on && (!m.left_on || m.left_on >= on);

function NewMember({ onDone }) {
  const form = useForm({ partner_id: '', contact_id: '', role: 'member', joined_on: todayInOffice() });
  const partners = useLoad(partnerOptions, []);
  const pid = form.values.partner_id;
  const contacts = useLoad(() => (pid ? api('GET', `/partners/${pid}/contacts`).then((r) => r.items.filter((c) => c.current !== false)) : Promise.resolve([])), [pid]);
  async function onSubmit(e) {
    e.preventDefault();
    const v = form.values;
    const m = await form.submit(() => api('POST', '/advisory/members', {
      partner_id: Number(v.partner_id) || v.partner_id || undefined, contact_id: Number(v.contact_id) || v.contact_id || undefined, role: v.role, joined_on: v.joined_on,
    }));
    if (m) { announce(t('advisory.member_added', { name: m.contact_name })); onDone(); }
  }
  return html`<form onSubmit=${onSubmit} novalidate class="stack log-form">
    <${FormAlert} form=${form} idPrefix="am" />
    <div class="row">
      <${Field} form=${form} prefix="am" name="partner_id" type="select" required label=${t('contact.partner')} options=${[['', t('common.choose')], ...(partners.data || [])]} />
      <${Field} form=${form} prefix="am" name="contact_id" type="select" required label=${t('advisory.contact')}
        options=${[['', pid ? t('common.choose') : t('advisory.choose_partner_first')], ...(contacts.data || []).map((c) => [String(c.contact_id), c.full_name])]} />
      <${Field} form=${form} prefix="am" name="role" type="select" label=${t('advisory.role')} options=${enumOptions('advrole', MEMBER_ROLES)} />
      <${Field} form=${form} prefix="am" name="joined_on" type="date" label=${t('advisory.joined_on')} />
    </div>
    <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('advisory.add_member')}</button></div>
  </form>`;
}

function MemberLeaves({ m, onDone }) {
  const [err, setErr] = useState(null);
  async function leave() {
    try {
      await api('PATCH', `/advisory/members/${m.id}`, { left_on: todayInOffice(), version: m.version });
      announce(t('advisory.member_left', { name: m.contact_name }));
      onDone();
    } catch (e) { setErr(e); }
  }
  return html`<button type="button" class="link" onClick=${leave} aria-label=${t('advisory.mark_left_name', { name: m.contact_name })}>${t('advisory.mark_left')}</button>
    ${err && html`<span class="field-error" role="alert">${err.error && err.error.message}</span>`}`;
}

function Members({ n, bump }) {
  const s = useLoad(() => api('GET', '/advisory/members'), [n]);
  const [adding, setAdding] = useState(false);
  const today = todayInOffice();
  return html`<section class="panel" aria-labelledby="adv-members">
    <h2 id="adv-members">${t('advisory.members')}</h2>
    ${can('coordinator') && (adding ? html`<${NewMember} onDone=${() => { setAdding(false); bump(); }} />`
      : html`<p class="no-print"><button type="button" onClick=${() => setAdding(true)}>${t('advisory.add_member')}</button></p>`)}
    <${Loaded} state=${s}>${(d) => (d.items.length === 0 ? html`<${Empty} text=${t('advisory.no_members')} />` : html`<ul class="plain">
      ${d.items.map((m) => html`<li key=${m.id}><strong>${m.contact_name}</strong> · <a href=${href(`/partners/${m.partner_id}`)}>${m.partner_name}</a>
        ${m.role !== 'member' && html` <span class="badge">${te('advrole', m.role)}</span>`}
        ${m.left_on && m.left_on < today && html` <span class="badge warn">${t('advisory.former')}</span>`}
        <p class="meta">${t('advisory.member_since', { from: fmtDate(m.joined_on) })}${m.left_on && ` – ${fmtDate(m.left_on)}`} · ${t('advisory.attended', { n: m.meetings_attended })}</p>
        ${can('coordinator') && !m.left_on && html`<${MemberLeaves} m=${m} onDone=${bump} />`}</li>`)}</ul>`)}<//>
  </section>`;
}

function NewMeeting({ onDone }) {
  const form = useForm({ held_on: todayInOffice(), title: '', agenda: '' });
  async function onSubmit(e) {
    e.preventDefault();
    const m = await form.submit((v) => api('POST', '/advisory/meetings', { held_on: v.held_on, title: v.title, agenda: opt(v.agenda) }));
    if (m) { announce(t('advisory.meeting_added', { title: m.title })); onDone(m); }
  }
  return html`<form onSubmit=${onSubmit} novalidate class="stack log-form">
    <${FormAlert} form=${form} idPrefix="mt" />
    <div class="row">
      <${Field} form=${form} prefix="mt" name="held_on" type="date" required label=${t('advisory.held_on')} />
      <${Field} form=${form} prefix="mt" name="title" required label=${t('advisory.meeting_title')} />
    </div>
    <${Field} form=${form} prefix="mt" name="agenda" type="textarea" label=${t('advisory.agenda')} />
    <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('advisory.add_meeting')}</button></div>
  </form>`;
}

function Meetings({ n }) {
  const s = useLoad(() => api('GET', '/advisory/meetings'), [n]);
  const [adding, setAdding] = useState(false);
  return html`<section class="panel" aria-labelledby="adv-meetings">
    <h2 id="adv-meetings">${t('advisory.meetings')}</h2>
    ${can('coordinator') && (adding ? html`<${NewMeeting} onDone=${(m) => { location.hash = `#/advisory/meetings/${m.id}`; }} />`
      : html`<p class="no-print"><button type="button" onClick=${() => setAdding(true)}>${t('advisory.add_meeting')}</button></p>`)}
    <${Loaded} state=${s}>${(d) => (d.items.length === 0 ? html`<${Empty} text=${t('advisory.no_meetings')} />` : html`<ul class="plain">
      ${d.items.map((m) => html`<li key=${m.id}><a href=${href(`/advisory/meetings/${m.id}`)}>${m.title}</a> · ${fmtDate(m.held_on)}
        <span class="meta"> ${t('advisory.attendance_count', { n: m.attendance_count ?? 0 })}</span></li>`)}</ul>`)}<//>
  </section>`;
}

export function NewRecommendation({ meetingId, onDone }) {
  const form = useForm({ title: '', details: '' });
  async function onSubmit(e) {
    e.preventDefault();
    const body = { title: form.values.title, details: opt(form.values.details) };
    if (meetingId) body.meeting_id = Number(meetingId);
    const r = await form.submit(() => api('POST', '/advisory/recommendations', body));
    if (r) { form.setValues({ title: '', details: '' }); announce(t('advisory.rec_added', { title: r.title })); onDone(); }
  }
  return html`<form onSubmit=${onSubmit} novalidate class="stack log-form">
    <${FormAlert} form=${form} idPrefix="rn" />
    <${Field} form=${form} prefix="rn" name="title" required label=${t('advisory.rec_title')} />
    <${Field} form=${form} prefix="rn" name="details" type="textarea" label=${t('advisory.rec_details')} />
    <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('advisory.add_rec')}</button></div>
  </form>`;
}

// Decide (adopt or decline, saying what was done) or change a recommendation.
function Decide({ r, onDone }) {
  const prefix = `rd${r.id}`;
  const form = useForm({ status: r.status === 'open' ? 'adopted' : r.status, action_taken: r.action_taken || '', decided_on: r.decided_on || todayInOffice() });
  async function onSubmit(e) {
    e.preventDefault();
    const v = form.values;
    const body = { status: v.status, version: r.version };
    if (v.status !== 'open') Object.assign(body, { action_taken: opt(v.action_taken), decided_on: opt(v.decided_on) });
    const x = await form.submit(() => api('PATCH', `/advisory/recommendations/${r.id}`, body));
    if (x) { announce(t('advisory.rec_saved', { status: te('recstatus', x.status) })); onDone(); }
  }
  return html`<form onSubmit=${onSubmit} novalidate class="stack">
    <${FormAlert} form=${form} idPrefix=${prefix} onReload=${onDone} />
    <div class="row">
      <${Field} form=${form} prefix=${prefix} name="status" type="select" label=${t('advisory.rec_status')} options=${enumOptions('recstatus', REC_STATUSES)} />
      ${form.values.status !== 'open' && html`<${Field} form=${form} prefix=${prefix} name="decided_on" type="date" label=${t('advisory.decided_on')} />`}
    </div>
    ${form.values.status !== 'open' && html`<${Field} form=${form} prefix=${prefix} name="action_taken" type="textarea" required label=${t('advisory.action_taken')} />`}
    <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('common.save')}</button>
      <button type="button" onClick=${() => onDone(false)}>${t('common.cancel')}</button></div>
  </form>`;
}

export function Recommendations({ n, bump, meetingId }) {
  const [status, setStatus] = useState('');
  const [editing, setEditing] = useState(null);
  const s = useLoad(() => api('GET', '/advisory/recommendations', null, { status }).then((d) => (meetingId ? d.items.filter((r) => String(r.meeting_id) === String(meetingId)) : d.items)), [n, status, meetingId]);
  const filterId = meetingId ? 'rf-status-m' : 'rf-status';
  return html`<section class="panel" aria-labelledby="adv-recs">
    <h2 id="adv-recs">${t('advisory.recommendations')}</h2>
    <div class="field no-print"><label for=${filterId}>${t('advisory.rec_status')}</label>
      <select id=${filterId} value=${status} onChange=${(e) => setStatus(e.target.value)}>
        ${[['', t('common.any')], ...enumOptions('recstatus', REC_STATUSES)].map(([v, l]) => html`<option key=${v} value=${v}>${l}</option>`)}</select></div>
    ${can('coordinator') && html`<${NewRecommendation} meetingId=${meetingId} onDone=${bump} />`}
    <${Loaded} state=${s}>${(items) => (items.length === 0 ? html`<${Empty} text=${t('advisory.no_recs')} />` : html`<ul class="plain">
      ${items.map((r) => html`<li key=${r.id}><strong>${r.title}</strong> <span class=${`badge recstatus-${r.status}`}>${te('recstatus', r.status)}</span>
        ${r.details && html`<p class="prewrap">${r.details}</p>`}
        <p class="meta">${r.meeting_id && !meetingId && html`<a href=${href(`/advisory/meetings/${r.meeting_id}`)}>${r.meeting_held_on ? t('advisory.meeting_of', { when: fmtDate(r.meeting_held_on) }) : t('advisory.from_meeting')}</a> · `}${r.member_name && `${r.member_name} (${r.partner_name}) · `}${t('advisory.owner', { name: r.owner_name || t('common.none') })}</p>
        ${r.action_taken && html`<p><span class="meta">${t('advisory.done_on', { when: fmtDate(r.decided_on) })}</span> ${r.action_taken}</p>`}
        ${can('coordinator') && (editing === r.id ? html`<${Decide} r=${r} onDone=${(changed) => { setEditing(null); if (changed !== false) bump(); }} />`
          : html`<button type="button" class="link no-print" onClick=${() => setEditing(r.id)} aria-label=${t('advisory.decide_name', { title: r.title })}>${t('advisory.decide')}</button>`)}
      </li>`)}</ul>`)}<//>
  </section>`;
}

export function Advisory() {
  const [n, setN] = useState(0);
  const bump = () => setN((x) => x + 1);
  return html`<${Page} title=${t('advisory.title')} sub=${t('advisory.intro')} wide>
    <${ContinuityLinks} />
    <div class="grid">
      <${Members} n=${n} bump=${bump} />
      <${Meetings} n=${n} />
      <${Recommendations} n=${n} bump=${bump} />
    </div>
  <//>`;
}

function MeetingNotes({ m, onDone }) {
  const form = useForm({ title: m.title, held_on: m.held_on, agenda: m.agenda || '', minutes: m.minutes || '' });
  async function onSubmit(e) {
    e.preventDefault();
    const v = form.values;
    const x = await form.submit(() => api('PATCH', `/advisory/meetings/${m.id}`, { title: v.title, held_on: v.held_on, agenda: opt(v.agenda), minutes: opt(v.minutes), version: m.version }));
    if (x) { announce(t('advisory.meeting_saved')); onDone(); }
  }
  return html`<form onSubmit=${onSubmit} novalidate class="stack">
    <${FormAlert} form=${form} idPrefix="mn" onReload=${onDone} />
    <div class="row">
      <${Field} form=${form} prefix="mn" name="held_on" type="date" required label=${t('advisory.held_on')} />
      <${Field} form=${form} prefix="mn" name="title" required label=${t('advisory.meeting_title')} />
    </div>
    <${Field} form=${form} prefix="mn" name="agenda" type="textarea" rows="4" label=${t('advisory.agenda')} />
    <${Field} form=${form} prefix="mn" name="minutes" type="textarea" rows="6" label=${t('advisory.minutes')} />
    <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('advisory.save_meeting')}</button></div>
  </form>`;
}

// Who attended: every member who belonged to the group on the meeting date.
function Attendance({ m, onDone }) {
  const members = useLoad(() => api('GET', '/advisory/members'), [m.id]);
  const present = new Set(m.attendance.map((a) => String(a.member_id)));
  const form = useForm(Object.fromEntries([...present].map((id) => [`m${id}`, true])));
  async function onSubmit(e) {
    e.preventDefault();
    const ids = Object.entries(form.values).filter(([, v]) => v).map(([k]) => Number(k.slice(1)));
    const x = await form.submit(() => api('PUT', `/advisory/meetings/${m.id}/attendance`, { member_ids: ids, version: m.version }));
    if (x) { announce(t('advisory.attendance_saved', { n: ids.length })); onDone(); }
  }
  return html`<${Loaded} state=${members}>${(d) => {
    const eligible = d.items.filter((x) => current(x, m.held_on));
    if (eligible.length === 0) return html`<${Empty} text=${t('advisory.no_members_then')} />`;
    return html`<form onSubmit=${onSubmit} novalidate class="stack">
      <${FormAlert} form=${form} idPrefix="at" onReload=${onDone} />
      <fieldset class="checks"><legend>${t('advisory.who_attended')}</legend>
        ${eligible.map((x) => html`<${Field} key=${x.id} form=${form} prefix="at" name=${`m${x.id}`} type="checkbox" label=${`${x.contact_name} (${x.partner_name})`} />`)}
      </fieldset>
      <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('advisory.save_attendance')}</button></div>
    </form>`;
  }}<//>`;
}

export function AdvisoryMeeting({ params }) {
  const [n, setN] = useState(0);
  const bump = () => setN((x) => x + 1);
  const s = useLoad(() => api('GET', `/advisory/meetings/${params.id}`), [params.id, n]);
  return html`<${Loaded} state=${s}>${(m) => html`<${Page} title=${m.title} sub=${t('advisory.meeting_sub', { when: fmtDate(m.held_on), who: m.convener_name || t('common.none') })} wide>
    <p class="no-print"><a href="#/advisory">${t('advisory.back')}</a></p>
    <div class="grid">
      <section class="panel" aria-labelledby="mt-notes">
        <h2 id="mt-notes">${t('advisory.agenda_minutes')}</h2>
        ${can('coordinator') ? html`<${MeetingNotes} key=${m.version} m=${m} onDone=${bump} />` : html`
          <h3>${t('advisory.agenda')}</h3><p class="prewrap">${m.agenda || t('common.none')}</p>
          <h3>${t('advisory.minutes')}</h3><p class="prewrap">${m.minutes || t('common.none')}</p>`}
      </section>
      <section class="panel" aria-labelledby="mt-att">
        <h2 id="mt-att">${t('advisory.attendance')}</h2>
        ${m.attendance.length === 0 ? html`<p>${t('advisory.nobody_recorded')}</p>` : html`<ul>${m.attendance.map((a) => html`<li key=${a.member_id}>${a.contact_name} · <a href=${href(`/partners/${a.partner_id}`)}>${a.partner_name}</a></li>`)}</ul>`}
        ${can('coordinator') && html`<${Attendance} key=${m.version} m=${m} onDone=${bump} />`}
      </section>
      <${Recommendations} n=${n} bump=${bump} meetingId=${m.id} />
    </div>
  <//>`}<//>`;
}
