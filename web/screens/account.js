// screens/account.js: the signed-in user's own account: change the
// password (other sessions end; this one stays), and the calendar feed.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, te } from '../i18n.js';
import { api, session } from '../api.js';
import { Page, useForm, Field, FormAlert } from '../ui.js';
import { lazy } from './lazy.js';

const CalendarFeed = lazy(() => import('./calendar_feed.js'), 'CalendarFeed');

export function Account() {
  const form = useForm({ current_password: '', new_password: '' });
  const [done, setDone] = useState(false);
  async function onSubmit(e) {
    e.preventDefault();
    setDone(false);
    const ok = await form.submit((v) => api('POST', '/auth/password', v).then(() => true));
    if (ok) {
      form.setValues({ current_password: '', new_password: '' });
      setDone(true);
    }
  }
  return html`<${Page} title=${t('account.title')} sub=${`${session.user.name} · ${session.user.email} · ${te('role', session.user.role)}`}>
    <section class="panel" aria-labelledby="acc-pw">
      <h2 id="acc-pw">${t('account.password')}</h2>
      <form onSubmit=${onSubmit} novalidate class="stack">
        <div role="status">${done && html`<p class="alert ok">${t('account.changed')}</p>`}</div>
        <${FormAlert} form=${form} idPrefix="ap" />
        <${Field} form=${form} prefix="ap" name="current_password" type="password" label=${t('account.current')} required autocomplete="current-password" />
        <${Field} form=${form} prefix="ap" name="new_password" type="password" label=${t('account.new')} hint=${t('account.new_hint')} required autocomplete="new-password" />
        <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('account.change')}</button></div>
      </form>
    </section>
    <${CalendarFeed} />
  <//>`;
}
