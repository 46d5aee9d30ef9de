// screens/liaisons.js: the staff who own a relationship (a primary and a
// backup), shown on the partner page.
import { html } from '../html.js';
import { t, te, fmtDate } from '../i18n.js';
import { Empty } from '../ui.js';

export function LiaisonSection({ partner }) {
  const ls = partner.liaisons || [];
  return html`<section aria-labelledby="sec-liaisons" class="panel">
    <h2 id="sec-liaisons">${t('liaisons.title')}</h2>
    ${ls.length === 0 ? html`<${Empty} text=${t('liaisons.none')} />` : html`<ul class="plain">
      ${ls.map((l) => html`<li key=${l.id}><strong>${te('liaison_role', l.role)}:</strong> ${l.user_name}
        ${l.user_active === false && html` <span class="badge warn">${t('liaisons.departed')}</span>`}
        <span class="meta"> ${t('liaisons.since', { date: fmtDate(l.started_at) })}</span></li>`)}
    </ul>`}
  </section>`;
}
