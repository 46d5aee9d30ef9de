// screens/audit.js: the office's audit log (directors and admins): who
// changed what and when, newest first, with the record before and after.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, fmtDateTime } from '../i18n.js';
import { api } from '../api.js';
import { navigate } from '../router.js';
import { Page, Loaded, useLoad, useForm, Field, Pager, Empty } from '../ui.js';

const FILTERS = ['entity', 'action', 'from', 'to'];

export function Audit({ query }) {
  const [cursors, setCursors] = useState([null]);
  const cursor = cursors[cursors.length - 1];
  const filters = Object.fromEntries(FILTERS.map((k) => [k, query[k] || '']));
  const s = useLoad(() => api('GET', '/audit', null, { ...filters, cursor, limit: 50 }), [JSON.stringify(filters), cursor]);
  const form = useForm(filters);
  const apply = (e) => { e.preventDefault(); setCursors([null]); navigate('/audit', form.values); };
  return html`<${Page} title=${t('audit.title')} sub=${t('audit.intro')} wide>
    <form class="filters no-print" onSubmit=${apply} aria-label=${t('audit.filters')}>
      <${Field} form=${form} prefix="au" name="entity" label=${t('audit.entity')} hint=${t('audit.entity_hint')} />
      <${Field} form=${form} prefix="au" name="action" label=${t('audit.action')} hint=${t('audit.action_hint')} />
      <${Field} form=${form} prefix="au" name="from" type="date" label=${t('audit.from')} />
      <${Field} form=${form} prefix="au" name="to" type="date" label=${t('audit.to')} />
      <div class="filter-actions"><button type="submit">${t('common.apply')}</button></div>
    </form>
    <${Loaded} state=${s}>${(data) => html`
      ${data.items.length === 0 ? html`<${Empty} text=${t('audit.none')} />` : html`<table class="list">
        <caption class="visually-hidden">${t('audit.title')}</caption>
        <thead><tr><th scope="col">${t('audit.when')}</th><th scope="col">${t('audit.who')}</th><th scope="col">${t('audit.action')}</th>
          <th scope="col">${t('audit.record')}</th></tr></thead>
        <tbody>${data.items.map((x) => html`<tr key=${x.id}>
          <td data-label=${t('audit.when')}>${fmtDateTime(x.at)}</td>
          <td data-label=${t('audit.who')}>${x.actor}</td>
          <td data-label=${t('audit.action')}>${x.action}</td>
          <td data-label=${t('audit.record')}>${x.entity}${x.entity_id ? ` #${x.entity_id}` : ''}
            ${(x.before || x.after) && html`<details><summary>${t('audit.changes')}</summary>
              ${x.before && html`<h3>${t('audit.before')}</h3><pre>${JSON.stringify(x.before, null, 1)}</pre>`}
              ${x.after && html`<h3>${t('audit.after')}</h3><pre>${JSON.stringify(x.after, null, 1)}</pre>`}</details>`}</td>
        </tr>`)}</tbody></table>`}
      <${Pager} next=${data.next_cursor} hasPrev=${cursors.length > 1}
        onNext=${() => setCursors([...cursors, data.next_cursor])} onPrev=${() => setCursors(cursors.slice(0, -1))} />`}<//>
  <//>`;
}
