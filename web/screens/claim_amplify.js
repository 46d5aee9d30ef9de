// screens/claim_amplify.js: asking partners to carry a published
// response.  The partners the API suggests (active, with a current
// contact, reaching the claim's groups and languages), each with why; the
// form that records an ask (the server logs it as an interaction with the
// partner too); and each ask with whether and where the partner shared it.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, te, fmtDate, fmtDateTime } from '../i18n.js';
import { api, can } from '../api.js';
import { href } from '../router.js';
import { Loaded, useLoad, useForm, Field, FormAlert, Empty, enumOptions, announce } from '../ui.js';
import { partnerOptions } from './pickers.js';
import { opt, localToIso, useDisclosure, focusOnMount } from './claim_common.js';

const OUTCOMES = ['unknown', 'yes', 'no'];

function why(p) {
  const parts = [];
  if (p.score > 0) parts.push(t('claims.why_reach', { g: p.group_matches, l: p.language_matches }));
  else parts.push(t('claims.why_any'));
  parts.push(p.last_interaction_on ? t('claims.why_touched', { when: fmtDate(p.last_interaction_on) }) : t('claims.why_never'));
  if (p.times_asked) parts.push(t('claims.why_asked', { n: p.times_asked }));
  return parts.join(' · ');
}

function AskForm({ c, partnerId, onSaved, onCancel }) {
  const form = useForm({ partner_id: partnerId ? String(partnerId) : '', contact_id: '', asked_at: '', note: '' });
  const partners = useLoad(() => partnerOptions(), []);
  const pid = form.values.partner_id;
  const contacts = useLoad(() => (pid ? api('GET', `/partners/${pid}/contacts`).then((r) => r.items.filter((x) => x.current)) : Promise.resolve([])), [pid]);
  async function onSubmit(e) {
    e.preventDefault();
    const saved = await form.submit((v) => {
      const body = { partner_id: v.partner_id ? Number(v.partner_id) : null, contact_id: v.contact_id ? Number(v.contact_id) : null,
        asked_at: localToIso(v.asked_at), note: opt(v.note) };
      for (const k of Object.keys(body)) if (body[k] === null) delete body[k];
      return api('POST', `/misconceptions/${c.id}/amplification/asks`, body);
    });
    if (saved) { announce(t('claims.ask_recorded', { name: saved.partner_name })); onSaved(); }
  }
  const choose = [['', t('common.choose')]];
  return html`<form onSubmit=${onSubmit} novalidate class="stack log-form no-print" aria-labelledby="ak-head">
    <h3 id="ak-head" tabindex="-1" ref=${focusOnMount}>${t('claims.record_ask')}</h3>
    <p class="hint">${t('claims.ask_hint')}</p>
    <${FormAlert} form=${form} idPrefix="ak" />
    <div class="row">
      <${Field} form=${form} prefix="ak" name="partner_id" type="select" label=${t('contact.partner')} required options=${[...choose, ...(partners.data || [])]} />
      <${Field} form=${form} prefix="ak" name="contact_id" type="select" label=${t('claims.contact_asked')}
        options=${[['', t('claims.no_contact')], ...(contacts.data || []).map((x) => [String(x.contact_id), x.full_name])]} />
    </div>
    <div class="row">
      <${Field} form=${form} prefix="ak" name="asked_at" type="datetime-local" label=${t('claims.asked_at')} hint=${t('claims.asked_at_hint')} />
      <${Field} form=${form} prefix="ak" name="note" label=${t('claims.ask_note')} />
    </div>
    <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('claims.save_ask')}</button>
      <button type="button" onClick=${onCancel}>${t('common.cancel')}</button></div>
  </form>`;
}

function OutcomeForm({ c, a, onSaved, onCancel }) {
  const p = `ao${a.id}`;
  const form = useForm({ shared: a.shared || 'unknown', shared_where: a.shared_where || '', shared_at: '', note: a.note || '' });
  async function onSubmit(e) {
    e.preventDefault();
    const saved = await form.submit((v) => {
      const body = { version: a.version, shared: v.shared, shared_where: opt(v.shared_where), note: opt(v.note) };
      if (v.shared === 'yes' && opt(v.shared_at)) body.shared_at = localToIso(v.shared_at);
      return api('PATCH', `/misconceptions/${c.id}/amplification/asks/${a.id}`, body);
    });
    if (saved) { announce(t('claims.outcome_saved', { name: a.partner_name })); onSaved(); }
  }
  return html`<form onSubmit=${onSubmit} novalidate class="stack" tabindex="-1" ref=${focusOnMount} aria-label=${t('claims.outcome_for', { name: a.partner_name })}>
    <${FormAlert} form=${form} idPrefix=${p} onReload=${onSaved} />
    <div class="row">
      <${Field} form=${form} prefix=${p} name="shared" type="select" label=${t('claims.shared')} options=${enumOptions('shared', OUTCOMES)} />
      ${form.values.shared === 'yes' && html`<${Field} form=${form} prefix=${p} name="shared_at" type="datetime-local" label=${t('claims.shared_at')} hint=${t('claims.shared_at_hint')} />`}
    </div>
    <${Field} form=${form} prefix=${p} name="shared_where" label=${t('claims.shared_where')} hint=${t('claims.shared_where_hint')} />
    <${Field} form=${form} prefix=${p} name="note" label=${t('claims.ask_note')} />
    <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('common.save')}</button>
      <button type="button" onClick=${onCancel}>${t('common.cancel')}</button></div>
  </form>`;
}

function AskRow({ c, a, onChange }) {
  const [open, setOpen, opener] = useDisclosure();
  return html`<li>
    <a href=${href(`/partners/${a.partner_id}`)}>${a.partner_name}</a>
    <span class="meta"> ${t('claims.asked_line', { when: fmtDateTime(a.asked_at), who: a.asked_by_name || '' })}</span>
    <br /><strong>${t('claims.shared_is', { v: te('shared', a.shared || 'unknown') })}</strong>${a.shared_where && ` — ${a.shared_where}`}${a.shared_at && ` (${fmtDateTime(a.shared_at)})`}
    ${a.note && html`<p class="prewrap">${a.note}</p>`}
    ${can('coordinator') && (open ? html`<${OutcomeForm} c=${c} a=${a} onCancel=${() => setOpen(false)} onSaved=${() => { setOpen(false); onChange(); }} />`
      : html`<p class="no-print"><button type="button" ref=${opener} onClick=${() => setOpen(true)} aria-label=${t('claims.outcome_for', { name: a.partner_name })}>${t('claims.record_outcome')}</button></p>`)}
  </li>`;
}

export function Amplification({ c }) {
  const s = useLoad(() => Promise.all([api('GET', `/misconceptions/${c.id}/amplification/suggestions`), api('GET', `/misconceptions/${c.id}/amplification/asks`)]), [c.id]);
  const [asking, setAsking] = useState(null);   // null: closed; '' any partner; or a partner id
  const done = () => { setAsking(null); s.reload(); };
  return html`<section class="panel full" aria-labelledby="cl-amplify">
    <h2 id="cl-amplify">${t('claims.amplification')}</h2>
    <${Loaded} state=${s}>${([sug, asks]) => html`
      ${asking !== null && html`<${AskForm} key=${asking} c=${c} partnerId=${asking} onSaved=${done} onCancel=${() => setAsking(null)} />`}
      <div class="grid">
        <div>
          <h3>${t('claims.suggested')}</h3>
          ${sug.items.length === 0 ? html`<${Empty} text=${t('claims.suggested_none')} />` : html`<ul class="plain">${sug.items.slice(0, 15).map((p) => html`<li key=${p.partner_id}>
            <a href=${href(`/partners/${p.partner_id}`)}>${p.name}</a> <span class="meta">${te('subtype', p.subtype)}</span>
            <br /><span>${why(p)}</span>
            ${p.contacts.length > 0 && html`<br /><span class="meta">${t('claims.contacts_are', { names: p.contacts.map((x) => x.full_name).join(', ') })}</span>`}
            ${can('coordinator') && html`<p class="no-print"><button type="button" onClick=${() => setAsking(p.partner_id)} aria-label=${t('claims.ask_name', { name: p.name })}>${t('claims.ask')}</button></p>`}
          </li>`)}</ul>`}
          ${can('coordinator') && asking === null && html`<p class="no-print"><button type="button" onClick=${() => setAsking('')}>${t('claims.ask_other')}</button></p>`}
        </div>
        <div>
          <h3>${t('claims.asks')}</h3>
          <p>${t('claims.asks_summary', { n: asks.items.length, shared: asks.items.filter((a) => a.shared === 'yes').length })}</p>
          ${asks.items.length === 0 ? html`<${Empty} text=${t('claims.asks_none')} />`
            : html`<ul class="plain">${asks.items.map((a) => html`<${AskRow} key=${a.id} c=${c} a=${a} onChange=${s.reload} />`)}</ul>`}
        </div>
      </div>`}<//>
  </section>`;
}
