// screens/misc.js: the screens for a hash that names nothing and for a
// screen the user's role may not open.
import { html } from '../html.js';
import { t } from '../i18n.js';
import { Page } from '../ui.js';

export function NotFound() {
  return html`<${Page} title=${t('notfound.title')}><p>${t('notfound.text')}</p><p><a href="#/">${t('nav.dashboard')}</a></p><//>`;
}

export function Forbidden() {
  return html`<${Page} title=${t('forbidden.title')}><p>${t('forbidden.text')}</p><//>`;
}
