// screens/claim_page.js: one claim: its details (editable: the words,
// topic, severity, languages, groups and places it touches), the workflow
// step (dismissing needs a reason) with the dated timeline, and beside them
// the sightings, the response, amplification and merging
// (claim_sightings.js, claim_response.js, claim_amplify.js, claim_merge.js).
// A merged claim is read-only and points to the claim it became.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, te, fmtDateTime } from '../i18n.js';
import { api, can } from '../api.js';
import { href } from '../router.js';
import { Page, Loaded, useLoad, useForm, Field, FormAlert, Badge, enumOptions, announce, splitList, joinList } from '../ui.js';
import { CLAIM_TOPICS, CLAIM_SEVERITIES, claimMoves } from '../domain.js';
import { loadGroups } from './groups_api.js';
import { Sightings } from './claim_sightings.js';
import { ResponseDesk } from './claim_response.js';
import { Amplification } from './claim_amplify.js';
import { MergeForm } from './claim_merge.js';
import { clockText, OverdueBadge, factsUrl, opt, useDisclosure, focusOnMount } from './claim_common.js';

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
    ${form.values.status === 'in_review' && !c.response && html`<p class="hint">${t('claims.review_needs_draft')}</p>`}
    <${Field} form=${form} prefix="ms" name="note" label=${t('status.note')} />
    <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('feedback.record_step')}</button></div>
  </form>`;
}

function GroupChecks({ form, groups }) {
  const chosen = form.values.demographic_group_ids;
  const toggle = (id, on) => form.set('demographic_group_ids', on ? [...chosen, id] : chosen.filter((x) => x !== id));
  const err = form.errors.demographic_group_ids;
  return html`<fieldset class=${err ? 'field has-error' : 'field'} id="me-demographic_group_ids">
    <legend>${t('claims.groups')}</legend>
    ${err && html`<p class="field-error">${err.message}</p>`}
    ${groups.length === 0 && html`<p class="hint">${t('partner.groups_none')}</p>`}
    <div class="checks">${groups.map((g) => html`<label key=${g.id} class="check">
      <input type="checkbox" checked=${chosen.includes(String(g.id))} onChange=${(e) => toggle(String(g.id), e.target.checked)} /> ${g.name}</label>`)}
    </div></fieldset>`;
}

// The claim's own fields (the page name is set where it is published).
function EditClaim({ c, groups, onDone, onCancel }) {
  const form = useForm({
    statement: c.statement, topic: c.topic, severity: c.severity, notes: c.notes || '',
    languages: joinList(c.languages), places: joinList(c.places, '\n'), demographic_group_ids: (c.demographic_group_ids || []).map(String),
  });
  async function onSubmit(e) {
    e.preventDefault();
    const saved = await form.submit((v) => api('PATCH', `/misconceptions/${c.id}`, {
      version: c.version, statement: v.statement, topic: v.topic, severity: v.severity, notes: opt(v.notes),
      languages: splitList(v.languages), places: splitList(v.places, /\n/), demographic_group_ids: v.demographic_group_ids.map(Number),
    }));
    if (saved) { announce(t('claims.saved')); onDone(); }
  }
  return html`<form onSubmit=${onSubmit} novalidate class="stack" tabindex="-1" ref=${focusOnMount} aria-label=${t('claims.edit')}>
    <${FormAlert} form=${form} idPrefix="me" onReload=${onDone} />
    <${Field} form=${form} prefix="me" name="statement" type="textarea" label=${t('claims.statement')} required />
    <div class="row">
      <${Field} form=${form} prefix="me" name="topic" type="select" label=${t('claims.topic')} options=${enumOptions('topic', CLAIM_TOPICS)} />
      <${Field} form=${form} prefix="me" name="severity" type="select" label=${t('claims.severity')} options=${enumOptions('severity', CLAIM_SEVERITIES)} />
    </div>
    <${Field} form=${form} prefix="me" name="languages" label=${t('claims.languages')} hint=${t('partner.languages_hint')} />
    ${groups && html`<${GroupChecks} form=${form} groups=${groups} />`}
    <${Field} form=${form} prefix="me" name="places" type="textarea" label=${t('claims.places')} hint=${t('claims.places_hint')} />
    <${Field} form=${form} prefix="me" name="notes" type="textarea" label=${t('claims.notes')} />
    <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('common.save')}</button>
      <button type="button" onClick=${onCancel}>${t('common.cancel')}</button></div>
  </form>`;
}

function Details({ c, groups, onChange }) {
  const [editing, setEditing, opener] = useDisclosure();
  const row = (label, value) => value && html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
  const groupNames = (groups || []).filter((g) => (c.demographic_group_ids || []).map(String).includes(String(g.id))).map((g) => g.name);
  return html`<section class="panel" aria-labelledby="cl-facts">
    <h2 id="cl-facts">${t('partner.at_a_glance')}</h2>
    ${editing ? html`<${EditClaim} c=${c} groups=${groups} onDone=${() => { setEditing(false); onChange(); }} onCancel=${() => setEditing(false)} />` : html`
      <p class="clock"><strong>${clockText(c)}</strong></p>
      <dl class="facts">
        ${row(t('claims.number'), String(c.id))}
        ${row(t('claims.topic'), te('topic', c.topic))}
        ${row(t('claims.first_seen'), fmtDateTime(c.first_seen_at))}
        ${row(t('claims.due_at'), c.due_at && fmtDateTime(c.due_at))}
        ${row(t('claims.sightings'), String(c.sightings_count ?? 0))}
        ${row(t('claims.languages'), c.languages.join(', '))}
        ${row(t('claims.groups'), groupNames.join(', '))}
        ${row(t('claims.places'), c.places.join('; '))}
        ${row(t('claims.published_at'), c.published_at && fmtDateTime(c.published_at))}
        ${row(t('claims.corrected_at'), c.last_corrected_at && fmtDateTime(c.last_corrected_at))}
        ${row(t('claims.public_page'), c.published_at && c.slug && html`<a href=${factsUrl(c.slug)} target="_blank" rel="noopener">${factsUrl(c.slug)}</a>`)}
        ${row(t('claims.dismissed_reason'), c.status === 'dismissed' && c.dismissed_reason)}
      </dl>
      ${c.notes && html`<h3>${t('claims.notes')}</h3><p class="prewrap">${c.notes}</p>`}
      ${can('coordinator') && !c.merged_into_id && html`<p class="no-print"><button type="button" ref=${opener} onClick=${() => setEditing(true)}>${t('claims.edit')}</button></p>`}`}
  </section>`;
}

function Steps({ c, ev, onChange }) {
  return html`<section class="panel" aria-labelledby="cl-steps">
    <h2 id="cl-steps">${t('feedback.steps')}</h2>
    ${!c.merged_into_id && html`<${ClaimStep} key=${c.version} c=${c} onDone=${onChange} />`}
    <ol class="timeline compact">${ev.items.slice().reverse().map((x) => html`<li key=${x.id}><span class="when">${fmtDateTime(x.at)}</span>
      ${x.action === 'status' ? te('claimstatus', x.to_status) : te('claimevent', x.action)}${x.user_name && html`<span class="meta"> — ${x.user_name}</span>`}
      ${x.note && html`<p class="prewrap">${x.note}</p>`}</li>`)}</ol>
  </section>`;
}

export function ClaimPage({ params }) {
  const [n, setN] = useState(0);
  const s = useLoad(() => Promise.all([api('GET', `/misconceptions/${params.id}`), api('GET', `/misconceptions/${params.id}/events`)]), [params.id, n]);
  const groups = useLoad(() => loadGroups(), []);
  const reload = () => setN((x) => x + 1);
  return html`<${Loaded} state=${s}>${([c, ev]) => html`<${Page} title=${c.statement} sub=${html`<${Badge} kind="severity" value=${c.severity} />
      ${' '}${te('claimstatus', c.status)} <${OverdueBadge} c=${c} />`} wide
      actions=${html`<a class="button" href="#/misconceptions">${t('claims.back')}</a>`}>
    ${c.merged_into_id && html`<div class="alert info"><p>${t('claims.merged_into')}
      <a href=${href(`/misconceptions/${c.merged_into_id}`)}>${t('claims.merged_link', { id: c.merged_into_id })}</a></p></div>`}
    <div class="grid">
      <${Details} c=${c} groups=${groups.data} onChange=${reload} />
      <${Steps} c=${c} ev=${ev} onChange=${reload} />
      <${Sightings} c=${c} onChange=${reload} />
      <${ResponseDesk} c=${c} onChange=${reload} />
      ${c.published_at && !c.merged_into_id && html`<${Amplification} c=${c} />`}
      ${can('coordinator') && !c.merged_into_id && html`<${MergeForm} c=${c} onChange=${reload} />`}
    </div>
  <//>`}<//>`;
}
