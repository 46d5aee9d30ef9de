// screens/topics.js: the office's own list of feedback topics, with how
// much feedback each holds.  Coordinators add, rename, reorder and retire
// topics; a retired topic stays on past feedback but is no longer offered
// at intake.  (A topic in use cannot be deleted; the API says so.)
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, fmtNumber } from '../i18n.js';
import { api, can } from '../api.js';
import { Page, Loaded, useLoad, useForm, Field, FormAlert, Empty, announce } from '../ui.js';

function TopicForm({ x, onDone }) {
  const form = useForm({ name: x ? x.name : '', sort_order: x ? String(x.sort_order) : '0', active: x ? x.active : true });
  const prefix = x ? `te${x.id}` : 'tn';
  async function onSubmit(e) {
    e.preventDefault();
    const saved = await form.submit((v) => {
      const so = Number(v.sort_order);
      const body = { name: v.name, sort_order: String(v.sort_order).trim() === '' ? 0 : (Number.isInteger(so) ? so : v.sort_order), active: v.active };
      return x ? api('PATCH', `/topics/${x.id}`, { ...body, version: x.version }) : api('POST', '/topics', body);
    });
    if (saved) { announce(t(x ? 'topics.saved' : 'topics.created', { name: saved.name })); onDone(true); }
  }
  return html`<form onSubmit=${onSubmit} novalidate class="stack">
    <${FormAlert} form=${form} idPrefix=${prefix} onReload=${() => onDone(true)} />
    <div class="row">
      <${Field} form=${form} prefix=${prefix} name="name" label=${t('topics.name')} required />
      <${Field} form=${form} prefix=${prefix} name="sort_order" type="number" label=${t('topics.sort_order')} hint=${t('topics.sort_hint')} />
    </div>
    <${Field} form=${form} prefix=${prefix} name="active" type="checkbox" label=${t('topics.active')} />
    <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t(x ? 'common.save' : 'topics.add')}</button>
      <button type="button" onClick=${() => onDone(false)}>${t('common.cancel')}</button></div>
  </form>`;
}

export function Topics() {
  const [n, setN] = useState(0);
  const [editing, setEditing] = useState(null);
  const s = useLoad(() => api('GET', '/topics', null, { include_retired: 'true' }), [n]);
  const done = (changed) => { setEditing(null); if (changed) setN(n + 1); };
  return html`<${Page} title=${t('topics.title')} sub=${t('topics.intro')}
      actions=${can('coordinator') && editing !== 'new' && html`<button type="button" class="primary" onClick=${() => setEditing('new')}>${t('topics.add')}</button>`}>
    ${editing === 'new' && html`<section class="panel" aria-label=${t('topics.add')}><${TopicForm} onDone=${done} /></section>`}
    <${Loaded} state=${s}>${(data) => (data.items.length === 0 ? html`<${Empty} text=${t('topics.none')} />` : html`<table class="list">
      <caption class="visually-hidden">${t('topics.title')}</caption>
      <thead><tr><th scope="col">${t('topics.name')}</th><th scope="col">${t('topics.feedback')}</th><th scope="col">${t('topics.state')}</th>
        ${can('coordinator') && html`<th scope="col" class="no-print">${t('common.actions')}</th>`}</tr></thead>
      <tbody>${data.items.map((x) => html`<tr key=${x.id}>
        <th scope="row">${x.name}${editing === x.id && html`<${TopicForm} x=${x} onDone=${done} />`}</th>
        <td data-label=${t('topics.feedback')}>${fmtNumber(x.feedback_count)}</td>
        <td data-label=${t('topics.state')}>${x.active ? t('topics.in_use') : t('topics.retired')}</td>
        ${can('coordinator') && html`<td class="no-print"><button type="button" class="link" onClick=${() => setEditing(x.id)}
          aria-label=${t('topics.edit_name', { name: x.name })}>${t('common.edit')}</button></td>`}</tr>`)}</tbody></table>`)}<//>
  <//>`;
}
