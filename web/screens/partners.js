// screens/partners.js: the partner list (filters, sort, paging by cursor)
// and the create / edit form.  Filters live in the URL so a filtered list
// can be bookmarked and the back button returns to it.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, te, fmtDate } from '../i18n.js';
import { api, can } from '../api.js';
import { href, navigate } from '../router.js';
import { Page, Loaded, useLoad, useForm, Field, FormAlert, Badge, Pager, Empty, enumOptions, splitList, joinList, announce } from '../ui.js';
import { PARTNER_KINDS, PARTNER_SUBTYPES, PARTNER_STATUSES, subtypesFor } from '../domain.js';
import { loadGroups } from './groups_api.js';

const FILTERS = ['kind', 'status', 'subtype', 'language', 'group_id', 'sort'];

export function PartnerList({ query }) {
  const [cursors, setCursors] = useState([null]);
  const cursor = cursors[cursors.length - 1];
  const filters = Object.fromEntries(FILTERS.map((k) => [k, query[k] || '']));
  const list = useLoad(() => api('GET', '/partners', null, { ...filters, cursor, limit: 25 }), [JSON.stringify(filters), cursor]);
  const groups = useLoad(() => loadGroups(), []);
  const form = useForm(filters);
  function apply(e) {
    e.preventDefault();
    setCursors([null]);
    navigate('/partners', form.values);
  }
  function clear() {
    form.setValues(Object.fromEntries(FILTERS.map((k) => [k, ''])));
    setCursors([null]);
    navigate('/partners');
  }
  const any = t('common.any');
  const groupOpts = groups.data ? [['', any], ...groups.data.map((g) => [String(g.id), g.name])] : null;
  return html`<${Page} title=${t('partners.title')} wide
      actions=${can('coordinator') && html`<a class="button primary" href="#/partners/new">${t('partners.new')}</a>`}>
    <form class="filters no-print" onSubmit=${apply} aria-label=${t('partners.filters')}>
      <${Field} form=${form} prefix="pf" name="kind" type="select" label=${t('partner.kind')} options=${enumOptions('kind', PARTNER_KINDS, any)} />
      <${Field} form=${form} prefix="pf" name="subtype" type="select" label=${t('partner.subtype')} options=${enumOptions('subtype', subtypesFor(form.values.kind), any)} />
      <${Field} form=${form} prefix="pf" name="status" type="select" label=${t('partner.status')} options=${enumOptions('status', PARTNER_STATUSES, any)} />
      <${Field} form=${form} prefix="pf" name="language" label=${t('partner.language')} hint=${t('partner.language_hint')} />
      ${groupOpts && html`<${Field} form=${form} prefix="pf" name="group_id" type="select" label=${t('partner.group')} options=${groupOpts} />`}
      <${Field} form=${form} prefix="pf" name="sort" type="select" label=${t('common.sort')}
        options=${[['', t('partners.sort.name')], ['-name', t('partners.sort.-name')], ['-updated_at', t('partners.sort.-updated_at')]]} />
      <div class="filter-actions">
        <button type="submit">${t('common.apply')}</button>
        <button type="button" class="link" onClick=${clear}>${t('common.clear')}</button>
      </div>
    </form>
    <${Loaded} state=${list}>${(data) => html`
      ${data.items.length === 0 ? html`<${Empty} text=${t('partners.none')} />` : html`
      <table class="list">
        <caption class="visually-hidden">${t('partners.title')}</caption>
        <thead><tr><th scope="col">${t('partner.name')}</th><th scope="col">${t('partner.kind')}</th>
          <th scope="col">${t('partner.subtype')}</th><th scope="col">${t('partner.status')}</th>
          <th scope="col">${t('partner.last_interaction')}</th></tr></thead>
        <tbody>${data.items.map((p) => html`<tr key=${p.id}>
          <th scope="row" data-label=${t('partner.name')}><a href=${`#/partners/${p.id}`}>${p.name}</a></th>
          <td data-label=${t('partner.kind')}>${te('kind', p.kind)}</td>
          <td data-label=${t('partner.subtype')}>${te('subtype', p.subtype)}</td>
          <td data-label=${t('partner.status')}><${Badge} kind="status" value=${p.status} /></td>
          <td data-label=${t('partner.last_interaction')}>${p.last_interaction_on ? fmtDate(p.last_interaction_on) : t('common.never')}</td>
        </tr>`)}</tbody>
      </table>`}
      <${Pager} next=${data.next_cursor} hasPrev=${cursors.length > 1}
        onNext=${() => setCursors([...cursors, data.next_cursor])} onPrev=${() => setCursors(cursors.slice(0, -1))} />`}
    <//>
  <//>`;
}

// The form's values from a partner record (or blanks for a new one).
function toForm(p) {
  return {
    name: p.name || '', kind: p.kind || '', subtype: p.subtype || '', status: p.status || 'prospect',
    website: p.website || '', address: p.address || '', languages: joinList(p.languages),
    shared_goals: joinList(p.shared_goals, '\n'), tags: joinList(p.tags), notes: p.notes || '',
    cadence_days: p.cadence_days ?? '', demographic_group_ids: (p.demographic_group_ids || []).map(String),
  };
}

// The request body from the form.  Empty optional text becomes null so an
// edit can clear it; a number the browser could not read is sent as typed
// so the API's error lands next to the field.
function toBody(v, isNew) {
  const opt = (s) => (s.trim() === '' ? null : s.trim());
  const n = String(v.cadence_days).trim();
  const body = {
    name: v.name, kind: v.kind || null, subtype: v.subtype || null, website: opt(v.website), address: opt(v.address),
    languages: splitList(v.languages), shared_goals: splitList(v.shared_goals, /\n/), tags: splitList(v.tags),
    notes: opt(v.notes), cadence_days: n === '' ? null : (/^\d+$/.test(n) ? Number(n) : n),
    demographic_group_ids: v.demographic_group_ids.map(Number),
  };
  if (isNew) {
    body.status = v.status;
    for (const k of Object.keys(body)) if (body[k] === null) delete body[k];
  }
  return body;
}

function GroupChecks({ form, groups }) {
  const chosen = form.values.demographic_group_ids;
  const toggle = (id, on) => form.set('demographic_group_ids', on ? [...chosen, id] : chosen.filter((x) => x !== id));
  const err = form.errors.demographic_group_ids;
  return html`<fieldset class=${err ? 'field has-error' : 'field'}>
    <legend>${t('partner.groups')}</legend>
    ${err && html`<p class="field-error" id="pe-demographic_group_ids">${err.message}</p>`}
    ${groups.length === 0 && html`<p class="hint">${t('partner.groups_none')}</p>`}
    <div class="checks">${groups.map((g) => html`<label key=${g.id} class="check">
      <input type="checkbox" checked=${chosen.includes(String(g.id))} onChange=${(e) => toggle(String(g.id), e.target.checked)} /> ${g.name}</label>`)}
    </div></fieldset>`;
}

function PartnerFormBody({ initial, id, version, onReloaded }) {
  const form = useForm(toForm(initial));
  const groups = useLoad(() => loadGroups(), []);
  const isNew = !id;
  async function onSubmit(e) {
    e.preventDefault();
    const saved = await form.submit((v) => (isNew ? api('POST', '/partners', toBody(v, true))
      : api('PATCH', `/partners/${id}`, { ...toBody(v, false), version })));
    if (saved) {
      announce(t(isNew ? 'partner.created' : 'partner.saved', { name: saved.name }));
      navigate(`/partners/${saved.id}`);
    }
  }
  const subtypes = subtypesFor(form.values.kind);
  return html`<form onSubmit=${onSubmit} novalidate class="stack">
    <${FormAlert} form=${form} idPrefix="pe" onReload=${onReloaded} />
    <${Field} form=${form} prefix="pe" name="name" label=${t('partner.name')} required />
    <div class="row">
      <${Field} form=${form} prefix="pe" name="kind" type="select" label=${t('partner.kind')} required options=${enumOptions('kind', PARTNER_KINDS, t('common.choose'))} />
      <${Field} form=${form} prefix="pe" name="subtype" type="select" label=${t('partner.subtype')} required options=${enumOptions('subtype', subtypes, t('common.choose'))} />
      ${isNew && html`<${Field} form=${form} prefix="pe" name="status" type="select" label=${t('partner.status')} options=${enumOptions('status', ['prospect', 'vetting'])} />`}
    </div>
    <div class="row">
      <${Field} form=${form} prefix="pe" name="website" type="url" label=${t('partner.website')} hint=${t('partner.website_hint')} />
      <${Field} form=${form} prefix="pe" name="cadence_days" type="number" inputmode="numeric" label=${t('partner.cadence_days')} hint=${t('partner.cadence_hint')} />
    </div>
    <${Field} form=${form} prefix="pe" name="address" label=${t('partner.address')} />
    <${Field} form=${form} prefix="pe" name="languages" label=${t('partner.languages')} hint=${t('partner.languages_hint')} />
    ${groups.data && html`<${GroupChecks} form=${form} groups=${groups.data} />`}
    <${Field} form=${form} prefix="pe" name="shared_goals" type="textarea" label=${t('partner.shared_goals')} hint=${t('partner.shared_goals_hint')} />
    <${Field} form=${form} prefix="pe" name="tags" label=${t('partner.tags')} hint=${t('partner.tags_hint')} />
    <${Field} form=${form} prefix="pe" name="notes" type="textarea" rows="5" label=${t('partner.notes')} />
    <div class="form-actions">
      <button type="submit" class="primary" disabled=${form.busy}>${t(isNew ? 'partner.create' : 'common.save')}</button>
      <a class="button" href=${isNew ? '#/partners' : `#/partners/${id}`}>${t('common.cancel')}</a>
    </div>
  </form>`;
}

export function PartnerNew() {
  return html`<${Page} title=${t('partners.new')}><${PartnerFormBody} initial=${{}} /><//>`;
}

export function PartnerEdit({ params }) {
  const [n, setN] = useState(0);
  const p = useLoad(() => api('GET', `/partners/${params.id}`), [params.id, n]);
  return html`<${Page} title=${p.data ? t('partner.edit_title', { name: p.data.name }) : t('partner.edit')}>
    <${Loaded} state=${p}>${(data) => html`<${PartnerFormBody} key=${data.version} initial=${data} id=${data.id}
      version=${data.version} onReloaded=${() => { setN(n + 1); announce(t('form.reloaded')); }} />`}<//>
  <//>`;
}

export const partnerHref = (id) => href(`/partners/${id}`);
