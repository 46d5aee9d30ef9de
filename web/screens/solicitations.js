// screens/solicitations.js: the occasions the office asked for feedback (a
// survey, a town hall, a post-election debrief ...): the list with each
// one's date, on- or off-cycle, partners involved and the feedback it
// brought in; a form to log one; the same form to edit it (409 offers to
// reload the current version).
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, te, fmtDate, fmtNumber, todayInOffice } from '../i18n.js';
import { api, can } from '../api.js';
import { href, navigate } from '../router.js';
import { Page, Loaded, useLoad, useForm, Field, FormAlert, Badge, Empty, enumOptions, announce } from '../ui.js';
import { partnerOptions } from './pickers.js';

export const SOLICITATION_KINDS = ['survey', 'post_election_debrief', 'town_hall', 'advisory_meeting', 'event', 'social_media_call', 'other'];
const opt = (s) => (s == null || String(s).trim() === '' ? null : String(s).trim());

export function SolicitationList() {
  const s = useLoad(() => api('GET', '/solicitations'), []);
  return html`<${Page} title=${t('sol.title')} sub=${t('sol.intro')} wide
      actions=${can('coordinator') && html`<a class="button primary" href="#/solicitations/new">${t('sol.new')}</a>`}>
    <${Loaded} state=${s}>${(data) => (data.items.length === 0 ? html`<${Empty} text=${t('sol.none')} />` : html`
      <table class="list">
        <caption class="visually-hidden">${t('sol.title')}</caption>
        <thead><tr><th scope="col">${t('sol.name')}</th><th scope="col">${t('sol.held_on')}</th><th scope="col">${t('sol.kind')}</th>
          <th scope="col">${t('summary.cycle')}</th><th scope="col">${t('sol.partners')}</th><th scope="col">${t('sol.feedback')}</th></tr></thead>
        <tbody>${data.items.map((x) => html`<tr key=${x.id}>
          <th scope="row"><a href=${href(`/solicitations/${x.id}`)}>${x.title}</a>${x.audience && html`<br /><span class="meta">${x.audience}</span>`}</th>
          <td data-label=${t('sol.held_on')}>${fmtDate(x.held_on)}</td>
          <td data-label=${t('sol.kind')}>${te('solkind', x.kind)}</td>
          <td data-label=${t('summary.cycle')}><${Badge} kind="cycle" value=${x.cycle} /></td>
          <td data-label=${t('sol.partners')}>${fmtNumber(x.partner_count)}</td>
          <td data-label=${t('sol.feedback')}>${fmtNumber(x.feedback_count)}</td></tr>`)}</tbody>
      </table>`)}<//>
  <//>`;
}

function SolicitationForm({ x, onSaved, onReload }) {
  const partners = useLoad(partnerOptions, []);
  const form = useForm({ kind: x ? x.kind : 'survey', title: x ? x.title : '', held_on: x ? x.held_on : todayInOffice(),
    audience: (x && x.audience) || '', notes: (x && x.notes) || '', partner_ids: x ? x.partner_ids.map(String) : [] });
  const prefix = x ? 'se' : 'sn';
  async function onSubmit(e) {
    e.preventDefault();
    const saved = await form.submit((v) => {
      const body = { kind: v.kind, title: v.title, held_on: v.held_on, audience: opt(v.audience), notes: opt(v.notes),
        partner_ids: v.partner_ids.map(Number) };
      return x ? api('PATCH', `/solicitations/${x.id}`, { ...body, version: x.version }) : api('POST', '/solicitations', body);
    });
    if (saved) { announce(t(x ? 'sol.saved' : 'sol.created', { title: saved.title })); onSaved(saved); }
  }
  const pid = `${prefix}-partner_ids`;
  const perr = form.errors.partner_ids;
  return html`<form onSubmit=${onSubmit} novalidate class="stack">
    <${FormAlert} form=${form} idPrefix=${prefix} onReload=${onReload} />
    <${Field} form=${form} prefix=${prefix} name="title" label=${t('sol.name')} required />
    <div class="row">
      <${Field} form=${form} prefix=${prefix} name="kind" type="select" label=${t('sol.kind')} required options=${enumOptions('solkind', SOLICITATION_KINDS)} />
      <${Field} form=${form} prefix=${prefix} name="held_on" type="date" label=${t('sol.held_on')} required />
    </div>
    <${Field} form=${form} prefix=${prefix} name="audience" label=${t('sol.audience')} />
    <div class=${perr ? 'field has-error' : 'field'}>
      <label for=${pid}>${t('sol.partners')}</label>
      <p class="hint" id=${`${pid}-hint`}>${t('sol.partners_hint')}</p>
      ${perr && html`<p class="field-error" id=${`${pid}-err`}>${perr.message}</p>`}
      <select id=${pid} multiple size="5" aria-describedby=${`${pid}-hint${perr ? ` ${pid}-err` : ''}`} aria-invalid=${perr ? 'true' : undefined}
        onChange=${(e) => form.set('partner_ids', Array.from(e.target.selectedOptions).map((o) => o.value))}>
        ${(partners.data || []).map(([v, l]) => html`<option key=${v} value=${v} selected=${form.values.partner_ids.includes(v)}>${l}</option>`)}
      </select>
    </div>
    <${Field} form=${form} prefix=${prefix} name="notes" type="textarea" rows="3" label=${t('partner.notes')} />
    <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t(x ? 'common.save' : 'sol.create')}</button>
      <a class="button" href=${x ? href(`/solicitations/${x.id}`) : '#/solicitations'}>${t('common.cancel')}</a></div>
  </form>`;
}

export function SolicitationNew() {
  return html`<${Page} title=${t('sol.new')}>
    <${SolicitationForm} onSaved=${(x) => navigate(`/solicitations/${x.id}`)} />
  <//>`;
}

export function SolicitationPage({ params }) {
  const [n, setN] = useState(0);
  const [editing, setEditing] = useState(false);
  const s = useLoad(() => api('GET', `/solicitations/${params.id}`), [params.id, n]);
  return html`<${Loaded} state=${s}>${(x) => html`<${Page} title=${x.title}
      sub=${html`${te('solkind', x.kind)}, ${fmtDate(x.held_on)} <${Badge} kind="cycle" value=${x.cycle} />`}
      actions=${can('coordinator') && !editing && html`<button type="button" onClick=${() => setEditing(true)}>${t('common.edit')}</button>`}>
    ${editing ? html`<section class="panel" aria-label=${t('sol.edit')}>
        <${SolicitationForm} key=${x.version} x=${x} onSaved=${() => { setEditing(false); setN(n + 1); }} onReload=${() => setN(n + 1)} /></section>`
      : html`<section class="panel" aria-labelledby="sol-facts"><h2 id="sol-facts">${t('sol.details')}</h2>
        <dl class="facts">
          <div><dt>${t('sol.audience')}</dt><dd>${x.audience || t('common.none')}</dd></div>
          <div><dt>${t('sol.feedback')}</dt><dd>${fmtNumber(x.feedback_count)}</dd></div>
          <div><dt>${t('sol.partners')}</dt><dd>${x.partners.length === 0 ? t('common.none') : html`<ul class="plain">${x.partners.map((p) => html`<li key=${p.id}><a href=${href(`/partners/${p.id}`)}>${p.name}</a></li>`)}</ul>`}</dd></div>
        </dl>
        ${x.notes && html`<h3>${t('partner.notes')}</h3><p class="prewrap">${x.notes}</p>`}</section>`}
  <//>`}<//>`;
}
