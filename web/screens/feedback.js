// screens/feedback.js: what voters and partners told the office.  The
// list (open by default, filters by status and channel), a quick intake
// form (only what was said is required and the channel defaults to phone,
// so a phone clerk records a call in seconds, keyboard only; contact
// details go to the confidential store) and one record with its dated
// steps and the next workflow step.
import { useState, useEffect } from 'preact/hooks';
import { html } from '../html.js';
import { t, te, fmtDate, fmtDateTime } from '../i18n.js';
import { api, can } from '../api.js';
import { href, navigate } from '../router.js';
import { Page, Loaded, useLoad, useForm, Field, FormAlert, Badge, Pager, Empty, enumOptions, announce } from '../ui.js';
import { FEEDBACK_CHANNELS, FEEDBACK_SOURCES, FEEDBACK_STATUSES, feedbackMoves } from '../domain.js';

const opt = (s) => (s == null || String(s).trim() === '' ? null : String(s).trim());

export function FeedbackList({ query }) {
  const [cursors, setCursors] = useState([null]);
  const cursor = cursors[cursors.length - 1];
  const filters = { status: query.status ?? 'open', channel: query.channel || '', q: query.q || '' };
  const s = useLoad(() => api('GET', '/feedback', null, { ...filters, cursor, limit: 25 }), [JSON.stringify(filters), cursor]);
  const form = useForm(filters);
  const apply = (e) => { e.preventDefault(); setCursors([null]); navigate('/feedback', form.values); };
  return html`<${Page} title=${t('feedback.title')} wide
      actions=${can('staff') && html`<a class="button primary" href="#/feedback/new">${t('feedback.new')}</a>`}>
    <nav class="links no-print" aria-label=${t('feedback.more')}><ul>
      <li><a href="#/reports/feedback">${t('summary.title')}</a></li>
      ${can('director') && html`<li><a href="#/exports/feedback">${t('export.title')}</a></li>`}
      <li><a href="#/solicitations">${t('sol.title')}</a></li>
      <li><a href="#/elections">${t('elections.title')}</a></li>
      <li><a href="#/topics">${t('topics.title')}</a></li>
    </ul></nav>
    <form class="filters no-print" onSubmit=${apply} aria-label=${t('feedback.filters')}>
      <${Field} form=${form} prefix="ff" name="status" type="select" label=${t('feedback.status')}
        options=${[['open', t('feedback.open')], ['', t('common.any')], ...enumOptions('fbstatus', FEEDBACK_STATUSES)]} />
      <${Field} form=${form} prefix="ff" name="channel" type="select" label=${t('feedback.channel')} options=${enumOptions('channel', FEEDBACK_CHANNELS, t('common.any'))} />
      <${Field} form=${form} prefix="ff" name="q" type="search" label=${t('feedback.q')} />
      <div class="filter-actions"><button type="submit">${t('common.apply')}</button></div>
    </form>
    <${Loaded} state=${s}>${(data) => html`
      ${data.items.length === 0 ? html`<${Empty} text=${t('feedback.none')} />` : html`<table class="list">
        <caption class="visually-hidden">${t('feedback.title')}</caption>
        <thead><tr><th scope="col">${t('feedback.reference')}</th><th scope="col">${t('feedback.received_at')}</th><th scope="col">${t('feedback.what')}</th>
          <th scope="col">${t('feedback.channel')}</th><th scope="col">${t('feedback.status')}</th><th scope="col">${t('feedback.due_on')}</th></tr></thead>
        <tbody>${data.items.map((f) => html`<tr key=${f.id}>
          <th scope="row"><a href=${`#/feedback/${f.id}`}>${f.reference}</a></th>
          <td data-label=${t('feedback.received_at')}>${fmtDateTime(f.received_at)}</td>
          <td data-label=${t('feedback.what')}>${f.excerpt || f.snippet}${f.topic_name && html` <span class="meta">(${f.topic_name})</span>`}</td>
          <td data-label=${t('feedback.channel')}>${te('channel', f.channel)}</td>
          <td data-label=${t('feedback.status')}><${Badge} kind="fbstatus" value=${f.status} /></td>
          <td data-label=${t('feedback.due_on')}>${fmtDate(f.due_on)}</td></tr>`)}</tbody></table>`}
      <${Pager} next=${data.next_cursor} hasPrev=${cursors.length > 1}
        onNext=${() => setCursors([...cursors, data.next_cursor])} onPrev=${() => setCursors(cursors.slice(0, -1))} />`}<//>
  <//>`;
}

// The quick intake a phone clerk uses between calls, keyboard only: focus
// starts in "What the person said"; Enter anywhere records (Shift+Enter
// starts a new line in the text); the form then empties for the next call
// but keeps the channel and source, focus returns to the first field and
// the reference is announced.  Received is the moment it is recorded.
let lastChannel = 'phone';
let lastSource = 'voter';
const blank = () => ({ body: '', channel: lastChannel, source: lastSource, topic_id: '', language: 'en', due_on: '',
  name: '', email: '', phone: '', consent: false });
const focusFirst = () => setTimeout(() => { const el = document.getElementById('fn-body'); if (el) el.focus(); }, 0);

export function FeedbackNew() {
  const form = useForm(blank());
  const [saved, setSaved] = useState(null);
  const topics = useLoad(() => api('GET', '/topics'), []);
  useEffect(focusFirst, []);
  async function onSubmit(e) {
    e.preventDefault();
    if (form.busy) return;
    const rec = await form.submit((v) => {
      const body = { channel: v.channel, source: v.source, language: opt(v.language) || 'en', body: v.body, due_on: opt(v.due_on) };
      if (v.topic_id) body.topic_id = Number(v.topic_id);
      const contact = { name: opt(v.name), email: opt(v.email), phone: opt(v.phone) };
      if (contact.name || contact.email || contact.phone) {
        for (const k of Object.keys(contact)) if (contact[k] === null) delete contact[k];
        body.contact = { ...contact, consent: v.consent };
      }
      if (body.due_on === null) delete body.due_on;
      return api('POST', '/feedback', body);
    });
    if (!rec) return;
    lastChannel = form.values.channel;
    lastSource = form.values.source;
    form.setValues(blank());
    setSaved(rec);
    announce(t('feedback.recorded_next', { ref: rec.reference }));
    focusFirst();
  }
  // Enter records from any field; Shift+Enter is a new line in the text.
  function onKeyDown(e) {
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.altKey || e.ctrlKey || e.metaKey) return;
    const tag = e.target.tagName;
    if (tag === 'BUTTON' || tag === 'A') return;
    e.preventDefault();
    e.currentTarget.requestSubmit();
  }
  const topicOptions = [['', t('common.none')], ...((topics.data && topics.data.items) || []).map((x) => [String(x.id), x.name])];
  // Contact errors come back as contact.name etc.
  return html`<${Page} title=${t('feedback.new')}
      actions=${html`<a class="button" href="#/feedback">${t('feedback.to_list')}</a>`}>
    ${saved && html`<p class="alert ok" id="fn-saved">${t('feedback.recorded', { ref: saved.reference })}${' '}
      <a href=${href(`/feedback/${saved.id}`)}>${t('feedback.open_record', { ref: saved.reference })}</a></p>`}
    <form onSubmit=${onSubmit} onKeyDown=${onKeyDown} novalidate class="stack">
      <${FormAlert} form=${form} idPrefix="fn" />
      <${Field} form=${form} prefix="fn" name="body" type="textarea" rows="4" label=${t('feedback.body')} required hint=${t('feedback.enter_hint')} />
      <div class="row">
        <${Field} form=${form} prefix="fn" name="channel" type="select" label=${t('feedback.channel')} required options=${enumOptions('channel', FEEDBACK_CHANNELS)} />
        <${Field} form=${form} prefix="fn" name="topic_id" type="select" label=${t('feedback.topic')} options=${topicOptions} />
        <${Field} form=${form} prefix="fn" name="source" type="select" label=${t('feedback.source')} options=${enumOptions('source', FEEDBACK_SOURCES)} />
        <${Field} form=${form} prefix="fn" name="language" label=${t('feedback.language')} hint=${t('partner.language_hint')} />
      </div>
      <p class="hint">${t('feedback.received_now')}</p>
      <${Field} form=${form} prefix="fn" name="due_on" type="date" label=${t('feedback.due_on')} />
      <fieldset class="field"><legend>${t('feedback.contact')}</legend>
        <p class="hint">${t('feedback.contact_hint')}</p>
        <div class="row">
          <${Field} form=${form} prefix="fn" name="name" label=${t('feedback.contact_name')} autocomplete="off" />
          <${Field} form=${form} prefix="fn" name="email" type="email" label=${t('contact.email')} autocomplete="off" />
          <${Field} form=${form} prefix="fn" name="phone" type="tel" label=${t('contact.phone')} autocomplete="off" />
        </div>
        <${Field} form=${form} prefix="fn" name="consent" type="checkbox" label=${t('feedback.consent')} />
      </fieldset>
      <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('feedback.record')}</button>
        <a class="button" href="#/feedback">${t('common.cancel')}</a></div>
    </form>
  <//>`;
}

function StepForm({ f, onDone, onReload }) {
  const moves = feedbackMoves(f.status);
  const form = useForm({ status: moves[0] || '', action_taken: f.action_taken || '', reason: '', note: '' });
  if (!can('staff') || moves.length === 0) return null;
  async function onSubmit(e) {
    e.preventDefault();
    const v = form.values;
    const body = { status: v.status, version: f.version, note: opt(v.note) };
    if (v.status === 'action_taken') body.action_taken = opt(v.action_taken);
    if (v.status === 'closed_no_action') body.reason = opt(v.reason);
    for (const k of Object.keys(body)) if (body[k] === null) delete body[k];
    const saved = await form.submit(() => api('POST', `/feedback/${f.id}/status`, body));
    if (saved) { announce(t('feedback.stepped', { status: te('fbstatus', saved.status) })); onDone(); }
  }
  return html`<form onSubmit=${onSubmit} novalidate class="stack no-print">
    <${FormAlert} form=${form} idPrefix="fs" onReload=${onReload} />
    <${Field} form=${form} prefix="fs" name="status" type="select" label=${t('feedback.next_step')} options=${enumOptions('fbstatus', moves)} />
    ${form.values.status === 'action_taken' && html`<${Field} form=${form} prefix="fs" name="action_taken" type="textarea" label=${t('feedback.action_taken')} required />`}
    ${form.values.status === 'closed_no_action' && html`<${Field} form=${form} prefix="fs" name="reason" label=${t('feedback.reason')} required />`}
    <${Field} form=${form} prefix="fs" name="note" label=${t('status.note')} />
    <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('feedback.record_step')}</button></div>
  </form>`;
}

export function FeedbackPage({ params }) {
  const [n, setN] = useState(0);
  const s = useLoad(() => api('GET', `/feedback/${params.id}`), [params.id, n]);
  return html`<${Loaded} state=${s}>${(f) => html`<${Page} title=${t('feedback.record_title', { ref: f.reference })}
      sub=${html`<${Badge} kind="fbstatus" value=${f.status} />`} wide>
    <div class="grid">
      <section class="panel" aria-labelledby="fb-what">
        <h2 id="fb-what">${t('feedback.what')}</h2>
        <p class="prewrap">${f.body}</p>
        <dl class="facts">
          <div><dt>${t('feedback.received_at')}</dt><dd>${fmtDateTime(f.received_at)}</dd></div>
          <div><dt>${t('feedback.channel')}</dt><dd>${te('channel', f.channel)}</dd></div>
          <div><dt>${t('feedback.source')}</dt><dd>${te('source', f.source)}</dd></div>
          <div><dt>${t('feedback.language')}</dt><dd>${f.language}</dd></div>
          ${f.due_on && html`<div><dt>${t('feedback.due_on')}</dt><dd>${fmtDate(f.due_on)}</dd></div>`}
          ${f.partner_id && html`<div><dt>${t('contact.partner')}</dt><dd><a href=${href(`/partners/${f.partner_id}`)}>${f.partner_name || f.partner_id}</a></dd></div>`}
          <div><dt>${t('feedback.contact')}</dt><dd>${f.has_contact ? t('feedback.contact_kept') : t('common.none')}</dd></div>
        </dl>
        ${f.action_taken && html`<h3>${t('feedback.action_taken')}</h3><p class="prewrap">${f.action_taken}</p>`}
      </section>
      <section class="panel" aria-labelledby="fb-steps">
        <h2 id="fb-steps">${t('feedback.steps')}</h2>
        <${StepForm} key=${f.version} f=${f} onDone=${() => setN(n + 1)} onReload=${() => setN(n + 1)} />
        <ol class="timeline compact">${(f.events || []).slice().reverse().map((ev, i) => html`<li key=${i}>
          <span class="when">${fmtDateTime(ev.at)}</span>
          ${ev.to_status ? te('fbstatus', ev.to_status) : te('fbevent', ev.kind)}${ev.user_name && html`<span class="meta"> — ${ev.user_name}</span>`}
          ${(ev.note || ev.reason) && html`<p class="prewrap">${ev.note || ev.reason}</p>`}</li>`)}</ol>
      </section>
    </div>
  <//>`}<//>`;
}
