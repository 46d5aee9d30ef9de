// screens/relationships.js: "my relationships": the partners where the
// signed-in user is primary or backup liaison, each with its risk band,
// reasons and when the next touch is due, and the user's open follow-ups,
// overdue first.  Reached from the navigation and the continuity screens.
import { html } from '../html.js';
import { t, te, fmtDate } from '../i18n.js';
import { api } from '../api.js';
import { href } from '../router.js';
import { Page, Loaded, useLoad, Empty } from '../ui.js';
import { ContinuityLinks } from './continuity.js';

function due(days) {
  if (days == null) return '';
  if (days < 0) return t('mine.overdue_by', { n: -days });
  if (days === 0) return t('mine.due_today');
  return t('mine.due_in', { n: days });
}

export function MyRelationships() {
  const s = useLoad(() => api('GET', '/me/relationships'), []);
  return html`<${Page} title=${t('mine.title')} sub=${t('mine.intro')} wide>
    <${ContinuityLinks} />
    <${Loaded} state=${s}>${(d) => html`
      <p role="status">${t('mine.summary', { overdue: d.summary.partners_overdue, warning: d.summary.partners_warning, fu: d.summary.follow_ups_overdue })}</p>
      <div class="grid">
        <section class="panel" aria-labelledby="mine-partners">
          <h2 id="mine-partners">${t('mine.partners')}</h2>
          ${d.partners.length === 0 ? html`<${Empty} text=${t('mine.no_partners')} />` : html`<table class="list">
            <caption class="visually-hidden">${t('mine.partners')}</caption>
            <thead><tr><th scope="col">${t('contact.partner')}</th><th scope="col">${t('mine.role')}</th><th scope="col">${t('mine.next_due')}</th><th scope="col">${t('mine.attention')}</th></tr></thead>
            <tbody>${d.partners.map((p) => html`<tr key=${p.partner_id}>
              <th scope="row"><a href=${href(`/partners/${p.partner_id}`)}>${p.name}</a></th>
              <td data-label=${t('mine.role')}>${te('liaison_role', p.role)}</td>
              <td data-label=${t('mine.next_due')}>${p.next_due_on ? html`${fmtDate(p.next_due_on)} <span class="meta">(${due(p.days_until_due)})</span>` : ''}</td>
              <td data-label=${t('mine.attention')}>${p.band === 'overdue' || p.band === 'warning' ? html`<span class=${`badge ${p.band === 'overdue' ? 'bad' : 'warn'}`}>${te('band', p.band)}</span>
                <ul class="reasons">${(p.reasons || []).map((x) => html`<li key=${x.code}>${te('reason', x.code)}</li>`)}</ul>` : t('mine.fine')}</td>
            </tr>`)}</tbody></table>`}
        </section>
        <section class="panel" aria-labelledby="mine-fu">
          <h2 id="mine-fu">${t('mine.follow_ups')}</h2>
          ${d.follow_ups.length === 0 ? html`<${Empty} text=${t('mine.no_follow_ups')} />` : html`<ul class="plain">
            ${d.follow_ups.map((f) => html`<li key=${f.interaction_id} class=${f.overdue ? 'follow overdue' : 'follow'}>
              <a href=${href(`/partners/${f.partner_id}`)}>${f.partner_name}</a> · ${fmtDate(f.follow_up_on)} (${due(f.days_until_due)})
              ${f.summary && html`<p class="meta">${f.summary}</p>`}</li>`)}</ul>`}
          <p><a href="#/follow-ups">${t('mine.all_follow_ups')}</a></p>
        </section>
      </div>`}<//>
  <//>`;
}
