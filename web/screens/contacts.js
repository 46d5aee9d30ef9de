// screens/contacts.js: people at partners.  The list (name prefix,
// verification, current or not, paged by cursor), a new contact with an
// optional first position, and the contact page: details (edit with
// version), verification, and every position, current and past; ending
// one position never touches another.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, fmtDate, fmtDateTime, todayInOffice } from '../i18n.js';
import { api, can } from '../api.js';
import { navigate } from '../router.js';
import { Page, Loaded, useLoad, useForm, Field, FormAlert, Badge, Pager, Empty, enumOptions, announce } from '../ui.js';
import { VERIFY_STATUSES } from '../domain.js';
import { partnerOptions } from './pickers.js';

const FILTERS = ['q', 'verify_status', 'current'];
const opt = (s) => (s == null || String(s).trim() === '' ? null : String(s).trim());

export function ContactList({ query }) {
  const [cursors, setCursors] = useState([null]);
  const cursor = cursors[cursors.length - 1];
  const filters = Object.fromEntries(FILTERS.map((k) => [k, query[k] || '']));
  const list = useLoad(() => api('GET', '/contacts', null, { ...filters, cursor, limit: 25 }), [JSON.stringify(filters), cursor]);
  const form = useForm(filters);
  const apply = (e) => { e.preventDefault(); setCursors([null]); navigate('/contacts', form.values); };
  const any = t('common.any');
  return html`<${Page} title=${t('contacts.title')} wide
      actions=${can('staff') && html`<a class="button primary" href="#/contacts/new">${t('contacts.new')}</a>`}>
    <form class="filters no-print" onSubmit=${apply} aria-label=${t('contacts.filters')}>
      <${Field} form=${form} prefix="cf" name="q" type="search" label=${t('contacts.q')} />
      <${Field} form=${form} prefix="cf" name="verify_status" type="select" label=${t('contact.verify_status')} options=${enumOptions('verify', VERIFY_STATUSES, any)} />
      <${Field} form=${form} prefix="cf" name="current" type="select" label=${t('contacts.current')}
        options=${[['', any], ['true', t('contacts.current_yes')], ['false', t('contacts.current_no')]]} />
      <div class="filter-actions"><button type="submit">${t('common.apply')}</button></div>
    </form>
    <${Loaded} state=${list}>${(data) => html`
      ${data.items.length === 0 ? html`<${Empty} text=${t('contacts.none')} />` : html`
      <table class="list">
        <caption class="visually-hidden">${t('contacts.title')}</caption>
        <thead><tr><th scope="col">${t('contact.full_name')}</th><th scope="col">${t('contact.positions')}</th>
          <th scope="col">${t('contact.email')}</th><th scope="col">${t('contact.phone')}</th><th scope="col">${t('contact.verify_status')}</th></tr></thead>
        <tbody>${data.items.map((c) => html`<tr key=${c.id}>
          <th scope="row"><a href=${`#/contacts/${c.id}`}>${c.full_name}</a></th>
          <td data-label=${t('contact.positions')}>${(c.current_affiliations || []).map((a) => `${a.title ? `${a.title}, ` : ''}${a.partner_name}`).join('; ')}</td>
          <td data-label=${t('contact.email')}>${c.email}</td>
          <td data-label=${t('contact.phone')}>${c.phone}</td>
          <td data-label=${t('contact.verify_status')}><${Badge} kind="verify" value=${c.verify_status} /></td>
        </tr>`)}</tbody>
      </table>`}
      <${Pager} next=${data.next_cursor} hasPrev=${cursors.length > 1}
        onNext=${() => setCursors([...cursors, data.next_cursor])} onPrev=${() => setCursors(cursors.slice(0, -1))} />`}
    <//>
  <//>`;
}

function PersonFields({ form, prefix }) {
  return html`
    <${Field} form=${form} prefix=${prefix} name="full_name" label=${t('contact.full_name')} required autocomplete="off" />
    <div class="row">
      <${Field} form=${form} prefix=${prefix} name="email" type="email" label=${t('contact.email')} autocomplete="off" />
      <${Field} form=${form} prefix=${prefix} name="phone" type="tel" label=${t('contact.phone')} autocomplete="off" />
      <${Field} form=${form} prefix=${prefix} name="preferred_language" label=${t('contact.preferred_language')} hint=${t('partner.language_hint')} />
    </div>
    <${Field} form=${form} prefix=${prefix} name="notes" type="textarea" label=${t('partner.notes')} />
    ${form.alert && form.alert.error && form.alert.error.code === 'conflict.duplicate' &&
      html`<${Field} form=${form} prefix=${prefix} name="allow_duplicate" type="checkbox" label=${t('contact.allow_duplicate')} />`}`;
}

export function ContactNew({ query }) {
  const form = useForm({ full_name: '', email: '', phone: '', preferred_language: '', notes: '', partner_id: query.partner_id || '', title: '', started_on: '', allow_duplicate: false });
  const partners = useLoad(partnerOptions, []);
  async function onSubmit(e) {
    e.preventDefault();
    const saved = await form.submit((v) => {
      const body = { full_name: v.full_name, email: opt(v.email), phone: opt(v.phone), preferred_language: opt(v.preferred_language), notes: opt(v.notes) };
      if (v.partner_id) Object.assign(body, { partner_id: Number(v.partner_id), title: opt(v.title), started_on: opt(v.started_on) });
      if (v.allow_duplicate) body.allow_duplicate = true;
      for (const k of Object.keys(body)) if (body[k] === null) delete body[k];
      return api('POST', '/contacts', body);
    });
    if (saved) {
      announce(t('contact.created', { name: saved.full_name }));
      navigate(query.partner_id ? `/partners/${query.partner_id}` : `/contacts/${saved.id}`);
    }
  }
  return html`<${Page} title=${t('contacts.new')}>
    <form onSubmit=${onSubmit} novalidate class="stack">
      <${FormAlert} form=${form} idPrefix="cn" />
      <${PersonFields} form=${form} prefix="cn" />
      <fieldset class="field"><legend>${t('contact.first_position')}</legend>
        ${partners.data && html`<${Field} form=${form} prefix="cn" name="partner_id" type="select" label=${t('contact.partner')} options=${[['', t('common.none')], ...partners.data]} />`}
        <div class="row">
          <${Field} form=${form} prefix="cn" name="title" label=${t('contact.title')} />
          <${Field} form=${form} prefix="cn" name="started_on" type="date" label=${t('contact.started_on')} />
        </div>
      </fieldset>
      <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('contacts.create')}</button>
        <a class="button" href=${query.partner_id ? `#/partners/${query.partner_id}` : '#/contacts'}>${t('common.cancel')}</a></div>
    </form>
  <//>`;
}

function ContactEdit({ c, onSaved, onCancel, onReload }) {
  const form = useForm({ full_name: c.full_name, email: c.email || '', phone: c.phone || '', preferred_language: c.preferred_language || '', notes: c.notes || '', allow_duplicate: false });
  async function onSubmit(e) {
    e.preventDefault();
    const saved = await form.submit((v) => api('PATCH', `/contacts/${c.id}`, {
      full_name: v.full_name, email: opt(v.email), phone: opt(v.phone), preferred_language: opt(v.preferred_language), notes: opt(v.notes),
      ...(v.allow_duplicate ? { allow_duplicate: true } : {}), version: c.version }));
    if (saved) { announce(t('contact.saved', { name: saved.full_name })); onSaved(saved); }
  }
  return html`<form onSubmit=${onSubmit} novalidate class="stack">
    <${FormAlert} form=${form} idPrefix="ce" onReload=${onReload} />
    <${PersonFields} form=${form} prefix="ce" />
    <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('common.save')}</button>
      <button type="button" onClick=${onCancel}>${t('common.cancel')}</button></div>
  </form>`;
}

function Positions({ c, onChanged }) {
  const form = useForm({ partner_id: '', title: '', started_on: '' });
  const [adding, setAdding] = useState(false);
  const partners = useLoad(() => (adding ? partnerOptions() : Promise.resolve(null)), [adding]);
  const [endErr, setEndErr] = useState(null);
  async function add(e) {
    e.preventDefault();
    const saved = await form.submit((v) => api('POST', `/contacts/${c.id}/affiliations`, {
      partner_id: v.partner_id ? Number(v.partner_id) : null, title: opt(v.title), started_on: opt(v.started_on) }));
    if (saved) { setAdding(false); announce(t('contact.position_added')); onChanged(); }
  }
  async function end(a) {
    setEndErr(null);
    try {
      await api('PATCH', `/contacts/${c.id}/affiliations/${a.id}`, { ended_on: todayInOffice(), version: a.version });
      announce(t('contact.position_ended', { partner: a.partner_name }));
      onChanged();
    } catch (err) { setEndErr(err); }
  }
  const rows = c.affiliations || [];
  return html`<section class="panel" aria-labelledby="sec-positions">
    <h2 id="sec-positions">${t('contact.positions')}</h2>
    ${endErr && html`<p class="alert error" role="alert">${endErr.error.message}</p>`}
    ${rows.length === 0 ? html`<${Empty} text=${t('contact.no_positions')} />` : html`<ul class="plain">
      ${rows.map((a) => html`<li key=${a.id}>
        <a href=${`#/partners/${a.partner_id}`}>${a.partner_name}</a>${a.title && html`, ${a.title}`}
        <span class="meta"> ${a.current ? t('contact.since', { date: fmtDate(a.started_on) || '?' }) : t('contact.from_to', { from: fmtDate(a.started_on) || '?', to: fmtDate(a.ended_on) })}</span>
        ${!a.current && html` <span class="badge status-ended">${t('contact.past')}</span>`}
        ${a.current && can('staff') && html` <button type="button" class="link no-print" onClick=${() => end(a)}
          aria-label=${t('contact.end_position_at', { partner: a.partner_name })}>${t('contact.end_position')}</button>`}
      </li>`)}</ul>`}
    ${can('staff') && !adding && html`<button type="button" class="no-print" onClick=${() => setAdding(true)}>${t('contact.add_position')}</button>`}
    ${adding && html`<form onSubmit=${add} novalidate class="stack">
      <${FormAlert} form=${form} idPrefix="ca" />
      ${partners.data && html`<${Field} form=${form} prefix="ca" name="partner_id" type="select" label=${t('contact.partner')} required options=${[['', t('common.choose')], ...partners.data]} />`}
      <div class="row">
        <${Field} form=${form} prefix="ca" name="title" label=${t('contact.title')} />
        <${Field} form=${form} prefix="ca" name="started_on" type="date" label=${t('contact.started_on')} />
      </div>
      <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('contact.add_position')}</button>
        <button type="button" onClick=${() => setAdding(false)}>${t('common.cancel')}</button></div>
    </form>`}
  </section>`;
}

export function ContactPage({ params }) {
  const [n, setN] = useState(0);
  const [editing, setEditing] = useState(false);
  const [verr, setVerr] = useState(null);
  const s = useLoad(() => api('GET', `/contacts/${params.id}`), [params.id, n]);
  const reload = () => setN(n + 1);
  async function verify(status) {
    setVerr(null);
    try { await api('POST', `/contacts/${params.id}/verify`, { status }); announce(t('contact.verified_now', { status: t(`enum.verify.${status}`) })); reload(); } catch (e) { setVerr(e); }
  }
  return html`<${Loaded} state=${s}>${(c) => html`<${Page} title=${c.full_name} sub=${html`<${Badge} kind="verify" value=${c.verify_status} />`} wide
      actions=${can('staff') && !editing && html`<button type="button" onClick=${() => setEditing(true)}>${t('contact.edit')}</button>`}>
    <div class="grid">
      <section class="panel" aria-labelledby="sec-details">
        <h2 id="sec-details">${t('contact.details')}</h2>
        ${editing ? html`<${ContactEdit} key=${c.version} c=${c} onCancel=${() => setEditing(false)} onReload=${reload}
          onSaved=${() => { setEditing(false); reload(); }} />` : html`
        <dl class="facts">
          <div><dt>${t('contact.email')}</dt><dd>${c.email || t('common.none')}</dd></div>
          <div><dt>${t('contact.phone')}</dt><dd>${c.phone || t('common.none')}</dd></div>
          <div><dt>${t('contact.preferred_language')}</dt><dd>${c.preferred_language || t('common.none')}</dd></div>
          <div><dt>${t('contact.last_verified')}</dt><dd>${c.last_verified_at ? fmtDateTime(c.last_verified_at) : t('common.never')}</dd></div>
        </dl>
        ${c.notes && html`<p class="prewrap">${c.notes}</p>`}
        ${verr && html`<p class="alert error" role="alert">${verr.error.message}</p>`}
        ${can('staff') && html`<div class="form-actions no-print">
          <button type="button" onClick=${() => verify('verified')}>${t('contact.mark_verified')}</button>
          <button type="button" onClick=${() => verify('bounced')}>${t('contact.mark_bounced')}</button></div>`}`}
      </section>
      <${Positions} c=${c} onChanged=${reload} />
    </div>
  <//>`}<//>`;
}

// The partner page's section: who is there now, and who was.
export function PartnerContactsSection({ partner }) {
  const s = useLoad(() => api('GET', `/partners/${partner.id}/contacts`), [partner.id, partner.version]);
  return html`<section class="panel" aria-labelledby="sec-contacts">
    <h2 id="sec-contacts">${t('contacts.title')}</h2>
    <${Loaded} state=${s}>${(data) => {
      const cur = data.items.filter((x) => x.current);
      const past = data.items.filter((x) => !x.current);
      const line = (x) => html`<li key=${x.affiliation_id}><a href=${`#/contacts/${x.contact_id}`}>${x.full_name}</a>${x.title && html`, ${x.title}`}
        ${x.email && html` <span class="meta">${x.email}</span>`} <${Badge} kind="verify" value=${x.verify_status} />
        ${!x.current && html` <span class="meta">${t('contact.from_to', { from: fmtDate(x.started_on) || '?', to: fmtDate(x.ended_on) })}</span>`}</li>`;
      return html`<h3>${t('contacts.current_here')}</h3>
        ${cur.length ? html`<ul class="plain">${cur.map(line)}</ul>` : html`<${Empty} text=${t('contacts.none_current')} />`}
        ${past.length > 0 && html`<h3>${t('contacts.past_here')}</h3><ul class="plain">${past.map(line)}</ul>`}`;
    }}<//>
    ${can('staff') && html`<p class="no-print"><a class="button" href=${`#/contacts/new?partner_id=${partner.id}`}>${t('contacts.add_here')}</a></p>`}
  </section>`;
}
