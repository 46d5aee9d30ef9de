// screens/elections.js: the office's election calendar, which decides what
// counts as on-cycle in every report.  Each election shows its type, date
// and the on-cycle window around it (the office settings: days before and
// after); coordinators add and edit elections here (409 offers to reload).
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, te, fmtDate } from '../i18n.js';
import { api, can } from '../api.js';
import { Page, Loaded, useLoad, useForm, Field, FormAlert, Empty, enumOptions, announce } from '../ui.js';

export const ELECTION_TYPES = ['general', 'primary', 'special', 'municipal', 'runoff', 'recall', 'other'];
const opt = (s) => (s == null || String(s).trim() === '' ? null : String(s).trim());

function ElectionForm({ e, onDone }) {
  const form = useForm({ name: e ? e.name : '', election_date: e ? e.election_date : '', type: e ? e.type : 'general', notes: (e && e.notes) || '' });
  const prefix = e ? `ee${e.id}` : 'en';
  async function onSubmit(ev) {
    ev.preventDefault();
    const saved = await form.submit((v) => {
      const body = { name: v.name, election_date: v.election_date, type: v.type, notes: opt(v.notes) };
      return e ? api('PATCH', `/elections/${e.id}`, { ...body, version: e.version }) : api('POST', '/elections', body);
    });
    if (saved) { announce(t(e ? 'elections.saved' : 'elections.created', { name: saved.name })); onDone(true); }
  }
  return html`<form onSubmit=${onSubmit} novalidate class="stack">
    <${FormAlert} form=${form} idPrefix=${prefix} onReload=${() => onDone(true)} />
    <div class="row">
      <${Field} form=${form} prefix=${prefix} name="name" label=${t('elections.name')} required />
      <${Field} form=${form} prefix=${prefix} name="election_date" type="date" label=${t('elections.date')} required />
      <${Field} form=${form} prefix=${prefix} name="type" type="select" label=${t('elections.type')} required options=${enumOptions('eltype', ELECTION_TYPES)} />
    </div>
    <${Field} form=${form} prefix=${prefix} name="notes" type="textarea" rows="2" label=${t('partner.notes')} />
    <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t(e ? 'common.save' : 'elections.add')}</button>
      <button type="button" onClick=${() => onDone(false)}>${t('common.cancel')}</button></div>
  </form>`;
}

export function Elections() {
  const [n, setN] = useState(0);
  const [editing, setEditing] = useState(null);   // 'new' | id
  const s = useLoad(() => api('GET', '/elections'), [n]);
  const done = (changed) => { setEditing(null); if (changed) setN(n + 1); };
  return html`<${Page} title=${t('elections.title')} wide
      actions=${can('coordinator') && editing !== 'new' && html`<button type="button" class="primary" onClick=${() => setEditing('new')}>${t('elections.add')}</button>`}>
    <${Loaded} state=${s}>${(data) => html`
      <p id="el-window">${t('elections.window', { before: data.on_cycle_days_before, after: data.on_cycle_days_after })}
        ${can('admin') && html` <a href="#/office">${t('elections.window_change')}</a>`}</p>
      ${editing === 'new' && html`<section class="panel" aria-label=${t('elections.add')}><${ElectionForm} onDone=${done} /></section>`}
      ${data.items.length === 0 ? html`<${Empty} text=${t('elections.none')} />` : html`<table class="list">
        <caption class="visually-hidden">${t('elections.title')}</caption>
        <thead><tr><th scope="col">${t('elections.name')}</th><th scope="col">${t('elections.date')}</th><th scope="col">${t('elections.type')}</th>
          <th scope="col">${t('elections.on_cycle')}</th>${can('coordinator') && html`<th scope="col" class="no-print">${t('common.actions')}</th>`}</tr></thead>
        <tbody>${data.items.map((e) => html`<tr key=${e.id}>
          <th scope="row">${e.name}${e.notes && html`<br /><span class="meta">${e.notes}</span>`}
            ${editing === e.id && html`<${ElectionForm} e=${e} onDone=${done} />`}</th>
          <td data-label=${t('elections.date')}>${fmtDate(e.election_date)}</td>
          <td data-label=${t('elections.type')}>${te('eltype', e.type)}</td>
          <td data-label=${t('elections.on_cycle')}>${t('elections.range', { from: fmtDate(e.on_cycle_from), to: fmtDate(e.on_cycle_to) })}</td>
          ${can('coordinator') && html`<td class="no-print"><button type="button" class="link" onClick=${() => setEditing(e.id)}
            aria-label=${t('elections.edit_name', { name: e.name })}>${t('common.edit')}</button></td>`}
        </tr>`)}</tbody></table>`}`}<//>
  <//>`;
}
