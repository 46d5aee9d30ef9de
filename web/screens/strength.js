// screens/strength.js: how strong each relationship is, always with the
// factors behind the score (recency, frequency, reciprocity, contacts,
// liaisons, advisory participation): the ranking, the questionnaire's
// strong and developing pair with their evidence, and the partner page's
// strength section.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, te, fmtDate, fmtNumber } from '../i18n.js';
import { api } from '../api.js';
import { href, navigate } from '../router.js';
import { Page, Loaded, useLoad, useForm, Field, Empty, enumOptions } from '../ui.js';
import { PARTNER_STATUSES } from '../domain.js';
import { ContinuityLinks } from './continuity.js';

const num = (x) => fmtNumber(Math.round(x * 10) / 10);

// A factor's value in words: numbers as they are, {a: 1, b: 2} as "a 1, b 2".
function valueText(f) {
  const v = f.value;
  if (f.factor === 'recency') return v == null ? t('strength.never_touched') : t('strength.days_ago', { n: v });
  if (v === null || v === undefined) return t('common.none');
  if (typeof v !== 'object') return fmtNumber(v);
  return Object.entries(v).map(([k, x]) => `${t(`strength.value.${k}`)}: ${typeof x === 'boolean' ? (x ? t('common.yes') : t('common.no')) : fmtNumber(x)}`).join(', ');
}

// Every factor: what was measured, the points it earned of its weight,
// and the sentence that explains the credit.
export function Factors({ factors, caption }) {
  return html`<table class="list">
    <caption class="visually-hidden">${caption}</caption>
    <thead><tr><th scope="col">${t('strength.factor')}</th><th scope="col">${t('strength.measured')}</th>
      <th scope="col">${t('strength.points')}</th><th scope="col">${t('strength.why')}</th></tr></thead>
    <tbody>${factors.map((f) => html`<tr key=${f.factor}>
      <th scope="row">${te('factor', f.factor)}</th>
      <td data-label=${t('strength.measured')}>${valueText(f)}</td>
      <td data-label=${t('strength.points')}>${t('strength.of', { got: num(f.contribution), of: num(f.weight) })}</td>
      <td data-label=${t('strength.why')}>${f.explanation}</td></tr>`)}</tbody></table>`;
}

function Score({ s }) {
  return html`<p><span class="score">${num(s.score)}</span> <span class="meta">/ 100</span>
    <span class=${`badge strength-${s.band}`}>${te('strength', s.band)}</span></p>`;
}

function Ranked({ item }) {
  const [open, setOpen] = useState(false);
  const id = `str-f-${item.partner_id}`;
  return html`<li>
    <span class="meta">${item.rank}.</span> <a href=${href(`/partners/${item.partner_id}`)}>${item.name}</a>
    ${' '}<strong>${num(item.score)}</strong> <span class=${`badge strength-${item.band}`}>${te('strength', item.band)}</span>
    <p class="meta">${item.factors.map((f) => `${te('factor', f.factor)} ${num(f.contribution)}/${num(f.weight)}`).join(' · ')}</p>
    <button type="button" class="link no-print" aria-expanded=${open ? 'true' : 'false'} aria-controls=${id}
      onClick=${() => setOpen(!open)}>${open ? t('strength.hide_factors', { name: item.name }) : t('strength.show_factors', { name: item.name })}</button>
    <div id=${id} hidden=${!open}>${open && html`<${Factors} factors=${item.factors} caption=${t('strength.factors_of', { name: item.name })} />`}</div>
  </li>`;
}

function Example({ label, e }) {
  if (!e) return null;
  const ev = e.evidence || {};
  return html`<div class="card">
    <h3>${label}: <a href=${href(`/partners/${e.partner_id}`)}>${e.name}</a></h3>
    <${Score} s=${e} />
    <p>${t('strength.reaches', { groups: (ev.groups_reached || []).map((g) => g.name).join(', ') || t('common.none') })}</p>
    <p class="meta">${t('strength.evidence_people', { n: ev.current_contacts ?? 0, primary: ev.primary_liaison || t('common.none'), backup: ev.backup_liaison || t('common.none') })}</p>
    ${(ev.recent_interactions || []).length > 0 && html`<h4>${t('strength.recent')}</h4><ul>
      ${ev.recent_interactions.map((x, i) => html`<li key=${i}>${fmtDate(x.occurred_on)} · ${te('type', x.type)}${x.summary && html`: ${x.summary}`}</li>`)}</ul>`}
    ${(ev.adopted_recommendations || []).length > 0 && html`<h4>${t('strength.adopted')}</h4><ul>
      ${ev.adopted_recommendations.map((x, i) => html`<li key=${i}>${x.title}${x.action_taken && html` — ${x.action_taken}`}</li>`)}</ul>`}
  </div>`;
}

export function Strength({ query }) {
  const status = query.status || 'active';
  const s = useLoad(() => api('GET', '/strength', null, { status, limit: 200 }), [status]);
  const ex = useLoad(() => api('GET', '/strength/examples'), []);
  const form = useForm({ status });
  const apply = (e) => { e.preventDefault(); navigate('/strength', form.values); };
  return html`<${Page} title=${t('strength.title')} sub=${t('strength.intro')} wide>
    <${ContinuityLinks} />
    <section class="panel" aria-labelledby="str-ex">
      <h2 id="str-ex">${t('strength.examples')}</h2>
      <${Loaded} state=${ex}>${(d) => (d.strong ? html`<p>${d.explanation || ''}</p><div class="cards">
        <${Example} label=${t('strength.strong_example')} e=${d.strong} /><${Example} label=${t('strength.developing_example')} e=${d.developing} /></div>`
        : html`<${Empty} text=${d.explanation || t('strength.no_examples')} />`)}<//>
    </section>
    <section class="panel" aria-labelledby="str-rank">
      <h2 id="str-rank">${t('strength.ranking')}</h2>
      <form class="filters no-print" onSubmit=${apply} aria-label=${t('strength.filters')}>
        <${Field} form=${form} prefix="sr" name="status" type="select" label=${t('partner.status')} options=${enumOptions('status', PARTNER_STATUSES)} />
        <div class="filter-actions"><button type="submit">${t('common.apply')}</button></div>
      </form>
      <${Loaded} state=${s}>${(d) => html`<p>${t('strength.bands', { n: d.partners, strong: d.bands.strong, developing: d.bands.developing, weak: d.bands.weak })}</p>
        ${d.items.length === 0 ? html`<${Empty} text=${t('strength.none')} />` : html`<ul class="plain">${d.items.map((i) => html`<${Ranked} key=${i.partner_id} item=${i} />`)}</ul>`}`}<//>
    </section>
  <//>`;
}

// The partner page's section: the score and every factor.
export function PartnerStrengthSection({ partner }) {
  const s = useLoad(() => api('GET', `/partners/${partner.id}/strength`), [partner.id, partner.version]);
  if (s.error && s.error.status === 404) return null;   // a server without the continuity API
  return html`<section class="panel" aria-labelledby="sec-strength">
    <h2 id="sec-strength">${t('strength.section')}</h2>
    <${Loaded} state=${s}>${(d) => html`<${Score} s=${d} />
      <${Factors} factors=${d.factors} caption=${t('strength.factors_of', { name: partner.name })} />`}<//>
    <p class="no-print"><a href=${href('/letters', { partner: partner.id })}>${t('letters.write_for', { name: partner.name })}</a></p>
  </section>`;
}
