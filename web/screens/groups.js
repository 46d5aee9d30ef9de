// screens/groups.js: the office's demographic groups (who it means to
// reach), each with its share of the population and how many active
// partners reach it; a group no active partner reaches is a gap.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, te, fmtNumber } from '../i18n.js';
import { api, can } from '../api.js';
import { href } from '../router.js';
import { Page, Loaded, useLoad, useForm, Field, FormAlert, Empty, enumOptions, announce } from '../ui.js';
import { GROUP_CATEGORIES } from '../domain.js';

const opt = (s) => (s == null || String(s).trim() === '' ? null : String(s).trim());

function toBody(v) {
  const pct = String(v.population_pct).trim();
  const n = Number(pct);
  return { name: v.name, category: v.category, language: opt(v.language), notes: opt(v.notes),
    population_share: pct === '' ? null : (Number.isFinite(n) ? Math.round(n * 100) / 10000 : pct) };
}

function GroupForm({ g, onDone }) {
  const form = useForm({ name: g ? g.name : '', category: g ? g.category : 'other', language: (g && g.language) || '',
    population_pct: g && g.population_share != null ? String(Math.round(g.population_share * 10000) / 100) : '', notes: (g && g.notes) || '' });
  const prefix = g ? `ge${g.id}` : 'gn';
  async function onSubmit(e) {
    e.preventDefault();
    const saved = await form.submit((v) => (g ? api('PATCH', `/demographic-groups/${g.id}`, { ...toBody(v), version: g.version })
      : api('POST', '/demographic-groups', toBody(v))));
    if (saved) { announce(t(g ? 'groups.saved' : 'groups.created', { name: saved.name })); onDone(true); }
  }
  const errs = { ...form.errors };
  if (errs.population_share) { errs.population_pct = errs.population_share; }
  const f = { ...form, errors: errs };
  return html`<form onSubmit=${onSubmit} novalidate class="stack">
    <${FormAlert} form=${f} idPrefix=${prefix} onReload=${() => onDone(true)} />
    <div class="row">
      <${Field} form=${f} prefix=${prefix} name="name" label=${t('group.name')} required />
      <${Field} form=${f} prefix=${prefix} name="category" type="select" label=${t('group.category')} options=${enumOptions('category', GROUP_CATEGORIES)} />
    </div>
    <div class="row">
      <${Field} form=${f} prefix=${prefix} name="language" label=${t('group.language')} hint=${t('partner.language_hint')} />
      <${Field} form=${f} prefix=${prefix} name="population_pct" type="number" label=${t('group.population_pct')} hint=${t('group.population_hint')} />
    </div>
    <${Field} form=${f} prefix=${prefix} name="notes" type="textarea" rows="2" label=${t('partner.notes')} />
    <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t(g ? 'common.save' : 'groups.add')}</button>
      <button type="button" onClick=${() => onDone(false)}>${t('common.cancel')}</button></div>
  </form>`;
}

export function Groups() {
  const [n, setN] = useState(0);
  const [editing, setEditing] = useState(null);   // 'new' | id
  const s = useLoad(() => api('GET', '/demographic-groups'), [n]);
  const done = (changed) => { setEditing(null); if (changed) setN(n + 1); };
  const [err, setErr] = useState(null);
  async function del(g) {
    setErr(null);
    if (!confirm(t('groups.confirm_delete', { name: g.name }))) return;
    try { await api('DELETE', `/demographic-groups/${g.id}`); announce(t('groups.deleted', { name: g.name })); setN(n + 1); } catch (e) { setErr(e); }
  }
  return html`<${Page} title=${t('groups.title')} sub=${t('groups.intro')} wide
      actions=${can('coordinator') && editing !== 'new' && html`<button type="button" class="primary" onClick=${() => setEditing('new')}>${t('groups.add')}</button>`}>
    ${editing === 'new' && html`<section class="panel" aria-label=${t('groups.add')}><${GroupForm} onDone=${done} /></section>`}
    ${err && html`<p class="alert error" role="alert">${err.error.message}</p>`}
    <${Loaded} state=${s}>${(data) => (data.items.length === 0 ? html`<${Empty} text=${t('groups.none')} />` : html`
      <table class="list">
        <caption class="visually-hidden">${t('groups.title')}</caption>
        <thead><tr><th scope="col">${t('group.name')}</th><th scope="col">${t('group.category')}</th><th scope="col">${t('group.population_pct')}</th>
          <th scope="col">${t('group.active_partners')}</th>${can('coordinator') && html`<th scope="col" class="no-print">${t('common.actions')}</th>`}</tr></thead>
        <tbody>${data.items.map((g) => html`<tr key=${g.id}>
          <th scope="row">${g.name}${g.language && html` <span class="meta">(${g.language})</span>`}
            ${editing === g.id && html`<${GroupForm} g=${g} onDone=${done} />`}</th>
          <td data-label=${t('group.category')}>${te('category', g.category)}</td>
          <td data-label=${t('group.population_pct')}>${g.population_share == null ? '' : `${fmtNumber(Math.round(g.population_share * 1000) / 10)}%`}</td>
          <td data-label=${t('group.active_partners')}>${g.active_partner_count === 0 ? html`<span class="badge bad">${t('groups.gap')}</span>`
            : html`<a href=${href('/partners', { group_id: g.id, status: 'active' })}>${fmtNumber(g.active_partner_count)}</a>`}</td>
          ${can('coordinator') && html`<td class="no-print"><button type="button" class="link" onClick=${() => setEditing(g.id)}
              aria-label=${t('groups.edit_name', { name: g.name })}>${t('common.edit')}</button>
            <button type="button" class="link" onClick=${() => del(g)} aria-label=${t('groups.delete_name', { name: g.name })}>${t('common.delete')}</button></td>`}
        </tr>`)}</tbody>
      </table>`)}<//>
  <//>`;
}
