// screens/liaisons.js: the staff who own a relationship (a primary and a
// backup) on the partner page, with everyone who held the role before.
// A coordinator hands a role to another active user or ends it.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, te, fmtDate } from '../i18n.js';
import { api, can } from '../api.js';
import { Loaded, useLoad, useForm, Field, FormAlert, Empty, announce } from '../ui.js';
import { LIAISON_ROLES } from '../domain.js';
import { userOptions } from './pickers.js';

function Assign({ partner, role, current, onDone }) {
  const users = useLoad(userOptions, []);
  const form = useForm({ user_id: '' });
  const prefix = `li-${role}`;
  async function onSubmit(e) {
    e.preventDefault();
    const r = await form.submit((v) => api('PUT', `/partners/${partner.id}/liaisons/${role}`, { user_id: v.user_id ? Number(v.user_id) : null }));
    if (r) { announce(t('liaisons.assigned', { role: te('liaison_role', role) })); onDone(); }
  }
  async function endRole() {
    const r = await form.submit(() => api('DELETE', `/partners/${partner.id}/liaisons/${role}`).then(() => true));
    if (r) { announce(t('liaisons.ended', { role: te('liaison_role', role) })); onDone(); }
  }
  return html`<form onSubmit=${onSubmit} novalidate class="stack">
    <${FormAlert} form=${form} idPrefix=${prefix} />
    ${users.data && html`<${Field} form=${form} prefix=${prefix} name="user_id" type="select" required
      label=${t('liaisons.assign_role', { role: te('liaison_role', role) })} options=${[['', t('common.choose')], ...users.data]} />`}
    <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('liaisons.assign')}</button>
      ${current && html`<button type="button" class="danger" onClick=${endRole}>${t('liaisons.end', { role: te('liaison_role', role) })}</button>`}
      <button type="button" onClick=${() => onDone(false)}>${t('common.cancel')}</button></div>
  </form>`;
}

export function LiaisonSection({ partner, onChanged }) {
  const [n, setN] = useState(0);
  const [editing, setEditing] = useState(null);
  const s = useLoad(() => api('GET', `/partners/${partner.id}/liaisons`), [partner.id, n]);
  const done = (changed) => { setEditing(null); if (changed !== false) { setN(n + 1); onChanged && onChanged(); } };
  return html`<section aria-labelledby="sec-liaisons" class="panel">
    <h2 id="sec-liaisons">${t('liaisons.title')}</h2>
    <${Loaded} state=${s}>${(data) => {
      const cur = data.items.filter((l) => l.current);
      const past = data.items.filter((l) => !l.current);
      return html`
        ${cur.length === 0 && html`<${Empty} text=${t('liaisons.none')} />`}
        <ul class="plain">${LIAISON_ROLES.map((role) => {
          const l = cur.find((x) => x.role === role);
          return html`<li key=${role}><strong>${te('liaison_role', role)}:</strong> ${l ? l.user_name : t('liaisons.nobody')}
            ${l && l.user_active === false && html` <span class="badge warn">${t('liaisons.departed')}</span>`}
            ${l && html`<span class="meta"> ${t('liaisons.since', { date: fmtDate(l.started_at) })}</span>`}
            ${can('coordinator') && editing !== role && html` <button type="button" class="link no-print" onClick=${() => setEditing(role)}
              aria-label=${t('liaisons.change_role', { role: te('liaison_role', role) })}>${t('common.edit')}</button>`}
            ${editing === role && html`<${Assign} partner=${partner} role=${role} current=${l} onDone=${done} />`}
          </li>`;
        })}</ul>
        ${past.length > 0 && html`<h3>${t('liaisons.before')}</h3><ul class="plain">${past.map((l) => html`<li key=${l.id}>
          ${l.user_name} <span class="meta">(${te('liaison_role', l.role)}, ${fmtDate(l.started_at)} – ${fmtDate(l.ended_at)})</span>
          ${l.user_active === false && html` <span class="badge warn">${t('liaisons.departed')}</span>`}</li>`)}</ul>`}`;
    }}<//>
  </section>`;
}
