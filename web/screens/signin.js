// screens/signin.js: the sign-in page.  A wrong password or a lockout is
// shown next to the field the API names; the email typed is kept.
import { useEffect, useRef } from 'preact/hooks';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { useForm, Field, FormAlert } from '../ui.js';

export function SignIn({ onSignedIn, notice }) {
  const form = useForm({ email: '', password: '' });
  const h1 = useRef(null);
  useEffect(() => { document.title = `${t('signin.title')} · rapport`; }, []);
  async function onSubmit(e) {
    e.preventDefault();
    const me = await form.submit((v) => api('POST', '/auth/login', v));
    if (me) onSignedIn(me);
  }
  return html`<main id="main" class="signin">
    <div class="signin-box">
      <h1 ref=${h1}>${t('signin.title')}</h1>
      <p class="sub">${t('signin.intro')}</p>
      ${notice && html`<p class="alert info" role="status">${t(notice)}</p>`}
      <form onSubmit=${onSubmit} novalidate>
        <${FormAlert} form=${form} idPrefix="signin" />
        <${Field} form=${form} prefix="signin" name="email" type="email" label=${t('signin.email')} required autocomplete="username" />
        <${Field} form=${form} prefix="signin" name="password" type="password" label=${t('signin.password')} required autocomplete="current-password" />
        <button type="submit" class="primary" disabled=${form.busy}>${form.busy ? t('signin.busy') : t('signin.submit')}</button>
      </form>
    </div>
  </main>`;
}
