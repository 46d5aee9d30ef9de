// screens/claim_desk.js: the misconception desk's lists: the board
// (claim_board.js) by default, "All claims" (the searchable list that also
// holds closed and dismissed claims), and logging a new claim.  Loaded on
// first use (misconceptions.js).
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, te, fmtDateTime } from '../i18n.js';
import { api, can } from '../api.js';
import { href, navigate } from '../router.js';
import { Page, Loaded, useLoad, useForm, Field, FormAlert, Badge, Pager, Empty, enumOptions, announce } from '../ui.js';
import { CLAIM_TOPICS, CLAIM_SEVERITIES, CLAIM_STATUSES } from '../domain.js';
import { ClaimBoard } from './claim_board.js';
import { OverdueBadge, opt } from './claim_common.js';

function ViewSwitch({ list }) {
  return html`<nav class="view-switch no-print" aria-label=${t('claims.views')}>
    <a href="#/misconceptions" aria-current=${list ? undefined : 'page'}>${t('claims.board')}</a>
    <a href=${href('/misconceptions', { view: 'list' })} aria-current=${list ? 'page' : undefined}>${t('claims.all')}</a>
    <a href="#/reports/misconceptions">${t('claims.report')}</a>
  </nav>`;
}

function AllClaims({ query }) {
  const [cursors, setCursors] = useState([null]);
  const cursor = cursors[cursors.length - 1];
  const filters = { status: query.status || '', severity: query.severity || '', q: query.q || '' };
  const s = useLoad(() => api('GET', '/misconceptions', null, { ...filters, cursor, limit: 25 }), [JSON.stringify(filters), cursor]);
  const form = useForm(filters);
  const apply = (e) => { e.preventDefault(); setCursors([null]); navigate('/misconceptions', { view: 'list', ...form.values }); };
  return html`<form class="filters no-print" onSubmit=${apply} aria-label=${t('claims.filters')}>
      <${Field} form=${form} prefix="mf" name="status" type="select" label=${t('claims.status')} options=${enumOptions('claimstatus', CLAIM_STATUSES, t('common.any'))} />
      <${Field} form=${form} prefix="mf" name="severity" type="select" label=${t('claims.severity')} options=${enumOptions('severity', CLAIM_SEVERITIES, t('common.any'))} />
      <${Field} form=${form} prefix="mf" name="q" type="search" label=${t('claims.q')} />
      <div class="filter-actions"><button type="submit">${t('common.apply')}</button></div>
    </form>
    <${Loaded} state=${s}>${(data) => html`
      ${data.items.length === 0 ? html`<${Empty} text=${t('claims.none')} />` : html`<table class="list">
        <caption class="visually-hidden">${t('claims.all')}</caption>
        <thead><tr><th scope="col">${t('claims.statement')}</th><th scope="col">${t('claims.topic')}</th><th scope="col">${t('claims.severity')}</th>
          <th scope="col">${t('claims.status')}</th><th scope="col">${t('claims.first_seen')}</th></tr></thead>
        <tbody>${data.items.map((c) => html`<tr key=${c.id}>
          <th scope="row"><a href=${`#/misconceptions/${c.id}`}>${c.statement}</a> <${OverdueBadge} c=${c} /></th>
          <td data-label=${t('claims.topic')}>${te('topic', c.topic)}</td>
          <td data-label=${t('claims.severity')}><${Badge} kind="severity" value=${c.severity} /></td>
          <td data-label=${t('claims.status')}>${te('claimstatus', c.status)}</td>
          <td data-label=${t('claims.first_seen')}>${fmtDateTime(c.first_seen_at)}</td></tr>`)}</tbody></table>`}
      <${Pager} next=${data.next_cursor} hasPrev=${cursors.length > 1}
        onNext=${() => setCursors([...cursors, data.next_cursor])} onPrev=${() => setCursors(cursors.slice(0, -1))} />`}<//>`;
}

// #/misconceptions: the board; #/misconceptions?view=list: every claim.
export function ClaimList({ query }) {
  const list = query.view === 'list';
  return html`<${Page} title=${t('claims.title')} sub=${t('claims.intro')} wide
      actions=${can('staff') && html`<a class="button primary" href="#/misconceptions/new">${t('claims.new')}</a>`}>
    <${ViewSwitch} list=${list} />
    ${list ? html`<${AllClaims} query=${query} />` : html`<${ClaimBoard} />`}
  <//>`;
}

export function ClaimNew() {
  const form = useForm({ statement: '', topic: 'other', severity: 'medium', notes: '' });
  async function onSubmit(e) {
    e.preventDefault();
    const saved = await form.submit((v) => api('POST', '/misconceptions', { statement: v.statement, topic: v.topic, severity: v.severity, ...(opt(v.notes) ? { notes: opt(v.notes) } : {}) }));
    if (saved) { announce(t('claims.logged')); navigate(`/misconceptions/${saved.id}`); }
  }
  return html`<${Page} title=${t('claims.new')}>
    <form onSubmit=${onSubmit} novalidate class="stack">
      <${FormAlert} form=${form} idPrefix="mn" />
      <${Field} form=${form} prefix="mn" name="statement" type="textarea" label=${t('claims.statement')} hint=${t('claims.statement_hint')} required />
      <div class="row">
        <${Field} form=${form} prefix="mn" name="topic" type="select" label=${t('claims.topic')} options=${enumOptions('topic', CLAIM_TOPICS)} />
        <${Field} form=${form} prefix="mn" name="severity" type="select" label=${t('claims.severity')} options=${enumOptions('severity', CLAIM_SEVERITIES)} />
      </div>
      <${Field} form=${form} prefix="mn" name="notes" type="textarea" label=${t('claims.notes')} />
      <p class="hint">${t('claims.new_hint')}</p>
      <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('claims.log')}</button>
        <a class="button" href="#/misconceptions">${t('common.cancel')}</a></div>
    </form>
  <//>`;
}

