// screens/calendar_feed.js: the account page's calendar feed: the user's
// follow-ups and the office's elections as a webcal URL for their
// calendar program.  The URL carries its own token, shown once when made;
// making a new one or revoking ends the old one.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, fmtDateTime } from '../i18n.js';
import { api } from '../api.js';
import { Loaded, useLoad, ErrorBox, announce } from '../ui.js';

export function CalendarFeed() {
  const [n, setN] = useState(0);
  const s = useLoad(() => api('GET', '/me/calendar-feed'), [n]);
  const [made, setMade] = useState(null);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  if (s.error && s.error.status === 404) return null;   // a server without calendar feeds
  async function run(fn) {
    setBusy(true); setErr(null);
    try { await fn(); setN((x) => x + 1); } catch (e) { setErr(e); } finally { setBusy(false); }
  }
  const create = () => run(async () => { const r = await api('POST', '/me/calendar-feed'); setMade(r); announce(t('calfeed.made')); });
  const revoke = () => run(async () => { await api('DELETE', '/me/calendar-feed'); setMade(null); announce(t('calfeed.revoked')); });
  return html`<section class="panel" aria-labelledby="acc-cal">
    <h2 id="acc-cal">${t('calfeed.title')}</h2>
    <p>${t('calfeed.intro')}</p>
    <${ErrorBox} error=${err} />
    ${made && html`<div class="alert ok" role="status"><p>${t('calfeed.once')}</p>
      <p><a href=${made.webcal_url}>${t('calfeed.subscribe')}</a></p>
      <p><strong>${t('calfeed.url')}</strong><br /><code class="secret" id="cal-url">${made.webcal_url}</code></p></div>`}
    <${Loaded} state=${s}>${(d) => html`
      <p>${d.active ? t('calfeed.active', { prefix: d.feed.prefix, when: fmtDateTime(d.feed.created_at),
        used: d.feed.last_used_at ? fmtDateTime(d.feed.last_used_at) : t('common.never') }) : t('calfeed.none')}</p>
      <div class="form-actions">
        <button type="button" class="primary" disabled=${busy} onClick=${create}>${d.active ? t('calfeed.replace') : t('calfeed.create')}</button>
        ${d.active && html`<button type="button" disabled=${busy} onClick=${revoke}>${t('calfeed.revoke')}</button>`}
      </div>`}<//>
  </section>`;
}
