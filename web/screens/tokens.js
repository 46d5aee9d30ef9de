// screens/tokens.js: API tokens for scripts (admins).  A new token is
// shown once; only its hash is kept.  Revoking is immediate.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, fmtDateTime } from '../i18n.js';
import { api } from '../api.js';
import { Page, Loaded, useLoad, useForm, Field, FormAlert, Empty, announce } from '../ui.js';
import { userOptions } from './pickers.js';

export function Tokens() {
  const [n, setN] = useState(0);
  const [shown, setShown] = useState(null);
  const [err, setErr] = useState(null);
  const s = useLoad(() => api('GET', '/tokens'), [n]);
  const users = useLoad(userOptions, []);
  const form = useForm({ name: '', user_id: '' });
  async function create(e) {
    e.preventDefault();
    const r = await form.submit((v) => api('POST', '/tokens', { name: v.name, ...(v.user_id ? { user_id: Number(v.user_id) } : {}) }));
    if (r) { setShown(r.token); form.setValues({ name: '', user_id: '' }); setN(n + 1); announce(t('tokens.created')); }
  }
  async function revoke(tok) {
    setErr(null);
    if (!confirm(t('tokens.confirm_revoke', { name: tok.name }))) return;
    try { await api('DELETE', `/tokens/${tok.id}`); announce(t('tokens.revoked_now', { name: tok.name })); setN(n + 1); } catch (e2) { setErr(e2); }
  }
  return html`<${Page} title=${t('tokens.title')} sub=${t('tokens.intro')} wide>
    ${shown && html`<div class="alert ok" role="status"><p>${t('tokens.once')}</p><p><code class="secret">${shown}</code></p></div>`}
    <section class="panel" aria-labelledby="tk-new">
      <h2 id="tk-new">${t('tokens.new')}</h2>
      <form onSubmit=${create} novalidate class="stack">
        <${FormAlert} form=${form} idPrefix="tk" />
        <div class="row">
          <${Field} form=${form} prefix="tk" name="name" label=${t('tokens.name')} hint=${t('tokens.name_hint')} required />
          ${users.data && html`<${Field} form=${form} prefix="tk" name="user_id" type="select" label=${t('tokens.user')} options=${[['', t('interaction.owner_me')], ...users.data]} />`}
        </div>
        <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('tokens.create')}</button></div>
      </form>
    </section>
    ${err && html`<p class="alert error" role="alert">${err.error.message}</p>`}
    <${Loaded} state=${s}>${(data) => (data.items.length === 0 ? html`<${Empty} text=${t('tokens.none')} />` : html`<table class="list">
      <caption class="visually-hidden">${t('tokens.title')}</caption>
      <thead><tr><th scope="col">${t('tokens.name')}</th><th scope="col">${t('tokens.user')}</th><th scope="col">${t('tokens.prefix')}</th>
        <th scope="col">${t('tokens.last_used')}</th><th scope="col">${t('common.actions')}</th></tr></thead>
      <tbody>${data.items.map((tok) => html`<tr key=${tok.id}>
        <th scope="row">${tok.name}${tok.revoked_at && html` <span class="badge bad">${t('tokens.revoked')}</span>`}</th>
        <td data-label=${t('tokens.user')}>${tok.user_name}</td>
        <td data-label=${t('tokens.prefix')}><code>${tok.prefix}</code></td>
        <td data-label=${t('tokens.last_used')}>${tok.last_used_at ? fmtDateTime(tok.last_used_at) : t('common.never')}</td>
        <td>${!tok.revoked_at && html`<button type="button" class="link danger" onClick=${() => revoke(tok)}
          aria-label=${t('tokens.revoke_name', { name: tok.name })}>${t('tokens.revoke')}</button>`}</td></tr>`)}</tbody></table>`)}<//>
  <//>`;
}
