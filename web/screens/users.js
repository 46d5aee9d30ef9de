// screens/users.js: the office's staff accounts (admins): add a user (a
// generated password is shown once), change name, role or whether the
// account is active, set a new password, and start a staff departure's
// handover (screens/handover.js).
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, te, fmtDateTime } from '../i18n.js';
import { api, session } from '../api.js';
import { Page, Loaded, useLoad, useForm, Field, FormAlert, Empty, enumOptions, announce } from '../ui.js';
import { ROLES } from '../domain.js';

function OncePassword({ pw, who }) {
  if (!pw) return null;
  return html`<div class="alert ok" role="status"><p>${t('users.password_once', { who })}</p>
    <p><code class="secret">${pw}</code></p></div>`;
}

function NewUser({ onDone }) {
  const form = useForm({ email: '', name: '', role: 'staff', password: '' });
  async function onSubmit(e) {
    e.preventDefault();
    const u = await form.submit((v) => api('POST', '/users', { email: v.email, name: v.name || undefined, role: v.role, password: v.password || undefined }));
    if (u) { announce(t('users.created', { name: u.name || u.email })); onDone(u); }
  }
  return html`<form onSubmit=${onSubmit} novalidate class="stack">
    <${FormAlert} form=${form} idPrefix="un" />
    <div class="row">
      <${Field} form=${form} prefix="un" name="email" type="email" label=${t('users.email')} required autocomplete="off" />
      <${Field} form=${form} prefix="un" name="name" label=${t('users.name')} autocomplete="off" />
      <${Field} form=${form} prefix="un" name="role" type="select" label=${t('users.role')} options=${enumOptions('role', ROLES)} />
    </div>
    <${Field} form=${form} prefix="un" name="password" type="password" label=${t('users.password')} hint=${t('users.password_hint')} autocomplete="new-password" />
    <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('users.add')}</button>
      <button type="button" onClick=${() => onDone(null)}>${t('common.cancel')}</button></div>
  </form>`;
}

function EditUser({ u, onDone }) {
  const form = useForm({ name: u.name, role: u.role, active: u.active !== false });
  const prefix = `ue${u.id}`;
  const self = u.id === session.user.id;
  async function onSubmit(e) {
    e.preventDefault();
    const body = { name: form.values.name, version: u.version };
    if (!self) Object.assign(body, { role: form.values.role, active: form.values.active });
    const r = await form.submit(() => api('PATCH', `/users/${u.id}`, body));
    if (r) { announce(t('users.saved', { name: r.name })); onDone(true); }
  }
  async function resetPw() {
    const r = await form.submit(() => api('POST', `/users/${u.id}/password`, {}));
    if (r) onDone(true, r.password);
  }
  return html`<form onSubmit=${onSubmit} novalidate class="stack">
    <${FormAlert} form=${form} idPrefix=${prefix} onReload=${() => onDone(true)} />
    <${Field} form=${form} prefix=${prefix} name="name" label=${t('users.name')} />
    ${!self && html`<${Field} form=${form} prefix=${prefix} name="role" type="select" label=${t('users.role')} options=${enumOptions('role', ROLES)} />
      <${Field} form=${form} prefix=${prefix} name="active" type="checkbox" label=${t('users.active')} />`}
    <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('common.save')}</button>
      <button type="button" onClick=${resetPw}>${t('users.new_password')}</button>
      <button type="button" onClick=${() => onDone(false)}>${t('common.cancel')}</button></div>
  </form>`;
}

export function Users() {
  const [n, setN] = useState(0);
  const [editing, setEditing] = useState(null);
  const [pw, setPw] = useState(null);
  const s = useLoad(() => api('GET', '/users'), [n]);
  const done = (changed, password, who) => { setEditing(null); if (password) setPw({ pw: password, who }); if (changed) setN(n + 1); };
  return html`<${Page} title=${t('users.title')} wide
      actions=${editing !== 'new' && html`<button type="button" class="primary" onClick=${() => { setPw(null); setEditing('new'); }}>${t('users.add')}</button>`}>
    ${pw && html`<${OncePassword} pw=${pw.pw} who=${pw.who} />`}
    ${editing === 'new' && html`<section class="panel" aria-label=${t('users.add')}><${NewUser} onDone=${(u) => done(!!u, u && u.password, u && u.email)} /></section>`}
    <${Loaded} state=${s}>${(data) => (data.items.length === 0 ? html`<${Empty} text=${t('users.none')} />` : html`<table class="list">
      <caption class="visually-hidden">${t('users.title')}</caption>
      <thead><tr><th scope="col">${t('users.name')}</th><th scope="col">${t('users.email')}</th><th scope="col">${t('users.role')}</th>
        <th scope="col">${t('users.last_login')}</th><th scope="col" class="no-print">${t('common.actions')}</th></tr></thead>
      <tbody>${data.items.map((u) => html`<tr key=${u.id}>
        <th scope="row">${u.name}${u.active === false && html` <span class="badge warn">${t('users.inactive')}</span>`}
          ${u.locked_until && html` <span class="badge bad">${t('users.locked')}</span>`}
          ${editing === u.id && html`<${EditUser} u=${u} onDone=${(c, p) => done(c, p, u.email)} />`}</th>
        <td data-label=${t('users.email')}>${u.email}</td>
        <td data-label=${t('users.role')}>${te('role', u.role)}</td>
        <td data-label=${t('users.last_login')}>${u.last_login_at ? fmtDateTime(u.last_login_at) : t('common.never')}</td>
        <td class="no-print"><button type="button" class="link" onClick=${() => { setPw(null); setEditing(u.id); }}
          aria-label=${t('users.edit_name', { name: u.name })}>${t('common.edit')}</button>
          ${u.active !== false && u.id !== session.user.id && html` <a href=${`#/users/${u.id}/handover`}
            aria-label=${t('handover.start_name', { name: u.name })}>${t('handover.start_short')}</a>`}</td>
      </tr>`)}</tbody></table>`)}<//>
  <//>`;
}
