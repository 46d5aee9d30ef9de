// screens/interactions.js: the interaction timeline on the partner page
// (what each side gave, who took part, the follow-up), the form that logs
// an interaction, and the office's follow-ups screen.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, te, fmtDate, fmtDateTime, todayInOffice } from '../i18n.js';
import { api, can, session } from '../api.js';
import { href, navigate } from '../router.js';
import { Page, Loaded, useLoad, useForm, Field, FormAlert, Pager, Empty, enumOptions, announce } from '../ui.js';
import { INTERACTION_TYPES, INTERACTION_DIRECTIONS } from '../domain.js';
import { userOptions } from './pickers.js';

const opt = (s) => (s == null || String(s).trim() === '' ? null : String(s).trim());

function LogForm({ partner, onDone }) {
  const form = useForm({ occurred_on: todayInOffice(), type: 'meeting', direction: 'both', summary: '', office_gave: '', partner_gave: '',
    follow_up_on: '', follow_up_owner: '', contact_ids: [] });
  const people = useLoad(() => api('GET', `/partners/${partner.id}/contacts`).then((r) => r.items.filter((x) => x.current)), [partner.id]);
  const users = useLoad(userOptions, []);
  async function onSubmit(e) {
    e.preventDefault();
    const saved = await form.submit((v) => api('POST', `/partners/${partner.id}/interactions`, {
      occurred_on: v.occurred_on || null, type: v.type, direction: v.direction, summary: v.summary,
      office_gave: opt(v.office_gave), partner_gave: opt(v.partner_gave), follow_up_on: opt(v.follow_up_on),
      follow_up_owner: v.follow_up_owner ? Number(v.follow_up_owner) : null, contact_ids: v.contact_ids.map(Number) }));
    if (saved) { announce(t('interactions.logged')); onDone(true); }
  }
  const chosen = form.values.contact_ids;
  const toggle = (id, on) => form.set('contact_ids', on ? [...chosen, id] : chosen.filter((x) => x !== id));
  return html`<form onSubmit=${onSubmit} novalidate class="stack log-form">
    <${FormAlert} form=${form} idPrefix="ix" />
    <div class="row">
      <${Field} form=${form} prefix="ix" name="occurred_on" type="date" label=${t('interaction.occurred_on')} required />
      <${Field} form=${form} prefix="ix" name="type" type="select" label=${t('interaction.type')} required options=${enumOptions('type', INTERACTION_TYPES)} />
      <${Field} form=${form} prefix="ix" name="direction" type="select" label=${t('interaction.direction')} options=${enumOptions('direction', INTERACTION_DIRECTIONS)} />
    </div>
    <${Field} form=${form} prefix="ix" name="summary" type="textarea" label=${t('interaction.summary')} required />
    <div class="row">
      <${Field} form=${form} prefix="ix" name="office_gave" type="textarea" rows="2" label=${t('interaction.office_gave')} hint=${t('interaction.office_gave_hint')} />
      <${Field} form=${form} prefix="ix" name="partner_gave" type="textarea" rows="2" label=${t('interaction.partner_gave')} hint=${t('interaction.partner_gave_hint')} />
    </div>
    ${people.data && people.data.length > 0 && html`<fieldset class="field" id="ix-contact_ids"><legend>${t('interaction.contacts')}</legend>
      <div class="checks">${people.data.map((p) => html`<label key=${p.contact_id} class="check">
        <input type="checkbox" checked=${chosen.includes(p.contact_id)} onChange=${(e) => toggle(p.contact_id, e.target.checked)} /> ${p.full_name}</label>`)}</div>
    </fieldset>`}
    <div class="row">
      <${Field} form=${form} prefix="ix" name="follow_up_on" type="date" label=${t('interaction.follow_up_on')} hint=${t('interaction.follow_up_hint')} />
      ${users.data && html`<${Field} form=${form} prefix="ix" name="follow_up_owner" type="select" label=${t('interaction.follow_up_owner')}
        options=${[['', t('interaction.owner_me')], ...users.data]} />`}
    </div>
    <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('interactions.log')}</button>
      <button type="button" onClick=${() => onDone(false)}>${t('common.cancel')}</button></div>
  </form>`;
}

export function FollowUpLine({ x, onDone }) {
  const [err, setErr] = useState(null);
  const today = todayInOffice();
  const overdue = !x.follow_up_done_at && x.follow_up_on < today;
  async function done() {
    setErr(null);
    try { await api('POST', `/interactions/${x.id}/follow-up-done`); announce(t('followups.done_now')); onDone(); } catch (e) { setErr(e); }
  }
  return html`<span class=${overdue ? 'follow overdue' : 'follow'}>
    ${x.follow_up_done_at ? t('followups.done_at', { when: fmtDateTime(x.follow_up_done_at) })
      : t(overdue ? 'followups.overdue' : 'followups.due', { date: fmtDate(x.follow_up_on) })}
    ${x.follow_up_owner_name && html` · ${x.follow_up_owner_name}`}
    ${!x.follow_up_done_at && can('staff') && html` <button type="button" class="link no-print" onClick=${done}
      aria-label=${t('followups.mark_done_for', { summary: x.summary.slice(0, 60) })}>${t('followups.mark_done')}</button>`}
    ${err && html`<span class="field-error" role="alert">${err.error.message}</span>`}
  </span>`;
}

export function PartnerInteractionsSection({ partner, onChanged }) {
  const [cursors, setCursors] = useState([null]);
  const [n, setN] = useState(0);
  const [logging, setLogging] = useState(false);
  const cursor = cursors[cursors.length - 1];
  const s = useLoad(() => api('GET', `/partners/${partner.id}/interactions`, null, { cursor, limit: 20 }), [partner.id, cursor, n]);
  const done = (changed) => { setLogging(false); if (changed) { setCursors([null]); setN(n + 1); onChanged && onChanged(); } };
  return html`<section class="panel full" aria-labelledby="sec-interactions">
    <h2 id="sec-interactions">${t('interactions.timeline')}</h2>
    ${can('staff') && !logging && html`<p class="no-print"><button type="button" class="primary" onClick=${() => setLogging(true)}>${t('interactions.log')}</button></p>`}
    ${logging && html`<${LogForm} partner=${partner} onDone=${done} />`}
    <${Loaded} state=${s}>${(data) => html`
      ${data.items.length === 0 ? html`<${Empty} text=${t('interactions.none')} />` : html`<ol class="timeline">
        ${data.items.map((x) => html`<li key=${x.id}>
          <span class="when">${fmtDate(x.occurred_on)} · ${te('type', x.type)} · ${te('direction', x.direction)}</span>
          <p class="prewrap">${x.summary}</p>
          ${(x.office_gave || x.partner_gave) && html`<dl class="gave">
            ${x.office_gave && html`<div><dt>${t('interaction.office_gave')}</dt><dd class="prewrap">${x.office_gave}</dd></div>`}
            ${x.partner_gave && html`<div><dt>${t('interaction.partner_gave')}</dt><dd class="prewrap">${x.partner_gave}</dd></div>`}</dl>`}
          ${x.contacts && x.contacts.length > 0 && html`<p class="meta">${t('interaction.with', { names: x.contacts.map((c) => c.full_name).join(', ') })}</p>`}
          ${x.follow_up_on && html`<p><${FollowUpLine} x=${x} onDone=${() => setN(n + 1)} /></p>`}
        </li>`)}</ol>`}
      <${Pager} next=${data.next_cursor} hasPrev=${cursors.length > 1} label=${t('interactions.timeline')}
        onNext=${() => setCursors([...cursors, data.next_cursor])} onPrev=${() => setCursors(cursors.slice(0, -1))} />`}<//>
  </section>`;
}

// Open follow-ups (oldest due first), everyone's or mine.
export function FollowUps({ query }) {
  const [cursors, setCursors] = useState([null]);
  const [n, setN] = useState(0);
  const cursor = cursors[cursors.length - 1];
  const mine = query.mine === '1';
  const done = query.include_done === 'true';
  const s = useLoad(() => api('GET', '/follow-ups', null, { owner_id: mine ? session.user.id : null, include_done: done ? 'true' : null, cursor, limit: 50 }),
    [mine, done, cursor, n]);
  const form = useForm({ mine, include_done: done });
  const apply = (e) => { e.preventDefault(); setCursors([null]); navigate('/follow-ups', { mine: form.values.mine ? '1' : '', include_done: form.values.include_done ? 'true' : '' }); };
  return html`<${Page} title=${t('followups.title')} wide>
    <form class="filters no-print" onSubmit=${apply} aria-label=${t('followups.filters')}>
      <${Field} form=${form} prefix="fu" name="mine" type="checkbox" label=${t('followups.mine')} />
      <${Field} form=${form} prefix="fu" name="include_done" type="checkbox" label=${t('followups.include_done')} />
      <div class="filter-actions"><button type="submit">${t('common.apply')}</button></div>
    </form>
    <${Loaded} state=${s}>${(data) => html`
      ${data.items.length === 0 ? html`<${Empty} text=${t('followups.none')} />` : html`<ul class="plain attention">
        ${data.items.map((x) => html`<li key=${x.id} class=${!x.follow_up_done_at && x.follow_up_on < todayInOffice() ? 'overdue' : ''}>
          <a href=${href(`/partners/${x.partner_id}`)}>${x.partner_name}</a>: ${x.summary}
          <span class="meta"> (${te('type', x.type)}, ${fmtDate(x.occurred_on)})</span><br />
          <${FollowUpLine} x=${x} onDone=${() => setN(n + 1)} /></li>`)}</ul>`}
      <${Pager} next=${data.next_cursor} hasPrev=${cursors.length > 1}
        onNext=${() => setCursors([...cursors, data.next_cursor])} onPrev=${() => setCursors(cursors.slice(0, -1))} />`}<//>
  <//>`;
}
