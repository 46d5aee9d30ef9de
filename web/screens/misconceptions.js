// screens/misconceptions.js: false or misleading claims about elections
// seen in the community.  The list (open claims first, overdue ones
// flagged against the office's response targets), logging a claim with
// where it was seen, and the claim page with its workflow step and dated
// timeline.  Drafting, approving and publishing the response are done
// through the API for now.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, te, fmtDateTime } from '../i18n.js';
import { api, can } from '../api.js';
import { navigate } from '../router.js';
import { Page, Loaded, useLoad, useForm, Field, FormAlert, Badge, Pager, Empty, enumOptions, announce } from '../ui.js';
import { CLAIM_TOPICS, CLAIM_SEVERITIES, CLAIM_STATUSES, claimMoves } from '../domain.js';

const opt = (s) => (s == null || String(s).trim() === '' ? null : String(s).trim());

export function ClaimList({ query }) {
  const [cursors, setCursors] = useState([null]);
  const cursor = cursors[cursors.length - 1];
  const filters = { status: query.status || '', severity: query.severity || '', q: query.q || '' };
  const s = useLoad(() => api('GET', '/misconceptions', null, { ...filters, cursor, limit: 25 }), [JSON.stringify(filters), cursor]);
  const form = useForm(filters);
  const apply = (e) => { e.preventDefault(); setCursors([null]); navigate('/misconceptions', form.values); };
  return html`<${Page} title=${t('claims.title')} sub=${t('claims.intro')} wide
      actions=${can('staff') && html`<a class="button primary" href="#/misconceptions/new">${t('claims.new')}</a>`}>
    <form class="filters no-print" onSubmit=${apply} aria-label=${t('claims.filters')}>
      <${Field} form=${form} prefix="mf" name="status" type="select" label=${t('claims.status')} options=${enumOptions('claimstatus', CLAIM_STATUSES, t('common.any'))} />
      <${Field} form=${form} prefix="mf" name="severity" type="select" label=${t('claims.severity')} options=${enumOptions('severity', CLAIM_SEVERITIES, t('common.any'))} />
      <${Field} form=${form} prefix="mf" name="q" type="search" label=${t('claims.q')} />
      <div class="filter-actions"><button type="submit">${t('common.apply')}</button></div>
    </form>
    <${Loaded} state=${s}>${(data) => html`
      ${data.items.length === 0 ? html`<${Empty} text=${t('claims.none')} />` : html`<table class="list">
        <caption class="visually-hidden">${t('claims.title')}</caption>
        <thead><tr><th scope="col">${t('claims.statement')}</th><th scope="col">${t('claims.topic')}</th><th scope="col">${t('claims.severity')}</th>
          <th scope="col">${t('claims.status')}</th><th scope="col">${t('claims.first_seen')}</th></tr></thead>
        <tbody>${data.items.map((c) => html`<tr key=${c.id}>
          <th scope="row"><a href=${`#/misconceptions/${c.id}`}>${c.statement}</a>${c.overdue && html` <span class="badge bad">${t('claims.overdue')}</span>`}</th>
          <td data-label=${t('claims.topic')}>${te('topic', c.topic)}</td>
          <td data-label=${t('claims.severity')}><${Badge} kind="severity" value=${c.severity} /></td>
          <td data-label=${t('claims.status')}>${te('claimstatus', c.status)}</td>
          <td data-label=${t('claims.first_seen')}>${fmtDateTime(c.first_seen_at)}</td></tr>`)}</tbody></table>`}
      <${Pager} next=${data.next_cursor} hasPrev=${cursors.length > 1}
        onNext=${() => setCursors([...cursors, data.next_cursor])} onPrev=${() => setCursors(cursors.slice(0, -1))} />`}<//>
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
      <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('claims.log')}</button>
        <a class="button" href="#/misconceptions">${t('common.cancel')}</a></div>
    </form>
  <//>`;
}

function ClaimStep({ c, onDone }) {
  const moves = claimMoves(c.status);
  const form = useForm({ status: moves[0] || '', reason: '', note: '' });
  if (!can('coordinator') || moves.length === 0) return null;
  async function onSubmit(e) {
    e.preventDefault();
    const v = form.values;
    const body = { status: v.status, version: c.version };
    if (opt(v.note)) body.note = opt(v.note);
    if (v.status === 'dismissed' && opt(v.reason)) body.reason = opt(v.reason);
    const saved = await form.submit(() => api('POST', `/misconceptions/${c.id}/status`, body));
    if (saved) { announce(t('claims.stepped', { status: te('claimstatus', saved.status) })); onDone(); }
  }
  return html`<form onSubmit=${onSubmit} novalidate class="stack no-print">
    <${FormAlert} form=${form} idPrefix="ms" onReload=${onDone} />
    <${Field} form=${form} prefix="ms" name="status" type="select" label=${t('feedback.next_step')} options=${enumOptions('claimstatus', moves)} />
    ${form.values.status === 'dismissed' && html`<${Field} form=${form} prefix="ms" name="reason" label=${t('claims.reason')} required />`}
    <${Field} form=${form} prefix="ms" name="note" label=${t('status.note')} />
    <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('feedback.record_step')}</button></div>
  </form>`;
}

export function ClaimPage({ params }) {
  const [n, setN] = useState(0);
  const s = useLoad(() => Promise.all([api('GET', `/misconceptions/${params.id}`), api('GET', `/misconceptions/${params.id}/events`)]), [params.id, n]);
  return html`<${Loaded} state=${s}>${([c, ev]) => html`<${Page} title=${c.statement} sub=${html`<${Badge} kind="severity" value=${c.severity} />
      ${' '}${te('claimstatus', c.status)}${c.overdue && html` <span class="badge bad">${t('claims.overdue')}</span>`}`} wide>
    <div class="grid">
      <section class="panel" aria-labelledby="cl-facts">
        <h2 id="cl-facts">${t('partner.at_a_glance')}</h2>
        <dl class="facts">
          <div><dt>${t('claims.topic')}</dt><dd>${te('topic', c.topic)}</dd></div>
          <div><dt>${t('claims.first_seen')}</dt><dd>${fmtDateTime(c.first_seen_at)}</dd></div>
          <div><dt>${t('claims.sightings')}</dt><dd>${c.sightings_count ?? 0}</dd></div>
          ${c.due_at && html`<div><dt>${t('claims.due_at')}</dt><dd>${fmtDateTime(c.due_at)}</dd></div>`}
          ${c.published_at && html`<div><dt>${t('claims.published_at')}</dt><dd>${fmtDateTime(c.published_at)}</dd></div>`}
        </dl>
        ${c.notes && html`<h3>${t('claims.notes')}</h3><p class="prewrap">${c.notes}</p>`}
      </section>
      <section class="panel" aria-labelledby="cl-steps">
        <h2 id="cl-steps">${t('feedback.steps')}</h2>
        <${ClaimStep} key=${c.version} c=${c} onDone=${() => setN(n + 1)} />
        <ol class="timeline compact">${ev.items.slice().reverse().map((x, i) => html`<li key=${i}><span class="when">${fmtDateTime(x.at)}</span>
          ${x.to_status ? te('claimstatus', x.to_status) : x.action}${x.user_name && html`<span class="meta"> — ${x.user_name}</span>`}
          ${x.note && html`<p class="prewrap">${x.note}</p>`}</li>`)}</ol>
      </section>
    </div>
  <//>`}<//>`;
}
