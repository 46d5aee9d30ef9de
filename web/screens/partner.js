// screens/partner.js: one partner's story at a glance: status and its
// history, the vetting decisions (legal and operational), the liaisons
// who own the relationship, contacts current and past, and the timeline
// of interactions with what each side gave and the follow-ups.  Edit
// controls appear only for roles that may use them.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, te, fmtDate, fmtDateTime } from '../i18n.js';
import { api, can } from '../api.js';
import { Page, Loaded, useLoad, useForm, Field, FormAlert, Badge, Empty, enumOptions, announce } from '../ui.js';
import { VETTING_ASPECTS, VETTING_OUTCOMES, nextStatuses } from '../domain.js';
import { sections } from './partner_sections.js';

function Facts({ p, groups }) {
  const row = (label, value) => value && html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
  const groupNames = groups && p.demographic_group_ids.map((id) => (groups.find((g) => g.id === id) || {}).name).filter(Boolean);
  return html`<dl class="facts">
    ${row(t('partner.kind'), te('kind', p.kind))}
    ${row(t('partner.subtype'), te('subtype', p.subtype))}
    ${row(t('partner.last_interaction'), p.last_interaction_on ? fmtDate(p.last_interaction_on) : t('common.never'))}
    ${row(t('partner.cadence_days'), p.cadence_days ? t('partner.cadence_value', { n: p.cadence_days }) : t('partner.cadence_default'))}
    ${row(t('partner.languages'), p.languages.join(', '))}
    ${row(t('partner.groups'), groupNames && groupNames.join(', '))}
    ${row(t('partner.website'), p.website && html`<a href=${p.website} rel="noopener noreferrer">${p.website}</a>`)}
    ${row(t('partner.address'), p.address)}
    ${row(t('partner.tags'), p.tags.join(', '))}
  </dl>
  ${p.shared_goals.length > 0 && html`<h3>${t('partner.shared_goals')}</h3><ul>${p.shared_goals.map((g, i) => html`<li key=${i}>${g}</li>`)}</ul>`}
  ${p.notes && html`<h3>${t('partner.notes')}</h3><p class="prewrap">${p.notes}</p>`}`;
}

function VettingCard({ p, aspect, onSaved }) {
  const v = p.vetting[aspect] || { outcome: 'pending' };
  const form = useForm({ outcome: v.outcome, notes: v.notes || '' });
  const [open, setOpen] = useState(false);
  async function onSubmit(e) {
    e.preventDefault();
    const saved = await form.submit((x) => api('PUT', `/partners/${p.id}/vetting/${aspect}`, { outcome: x.outcome, notes: x.notes.trim() || null }));
    if (saved) {
      setOpen(false);
      announce(t('vetting.saved', { aspect: te('aspect', aspect) }));
      onSaved(saved);
    }
  }
  const prefix = `vet-${aspect}`;
  return html`<div class="card vetting">
    <h3>${te('aspect', aspect)}</h3>
    <p><${Badge} kind="outcome" value=${v.outcome} /></p>
    ${v.decided_at && html`<p class="meta">${t('vetting.decided', { who: v.decided_by_name || '', when: fmtDateTime(v.decided_at) })}</p>`}
    ${v.notes && html`<p class="prewrap">${v.notes}</p>`}
    ${can('coordinator') && !open && html`<button type="button" class="no-print" onClick=${() => setOpen(true)}
      aria-label=${t('vetting.record_for', { aspect: te('aspect', aspect) })}>${t('vetting.record')}</button>`}
    ${open && html`<form onSubmit=${onSubmit} novalidate class="stack">
      <${FormAlert} form=${form} idPrefix=${prefix} />
      <${Field} form=${form} prefix=${prefix} name="outcome" type="select" label=${t('vetting.outcome')} options=${enumOptions('outcome', VETTING_OUTCOMES)} />
      <${Field} form=${form} prefix=${prefix} name="notes" type="textarea" label=${t('vetting.notes')} />
      <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('common.save')}</button>
      <button type="button" onClick=${() => setOpen(false)}>${t('common.cancel')}</button></div>
    </form>`}
  </div>`;
}

function StatusChange({ p, onSaved, onConflict }) {
  const moves = nextStatuses(p.status);
  const form = useForm({ status: moves[0] || '', status_note: '' });
  if (!can('coordinator') || moves.length === 0) return null;
  async function onSubmit(e) {
    e.preventDefault();
    const saved = await form.submit((x) => api('PATCH', `/partners/${p.id}`, { status: x.status, status_note: x.status_note.trim() || null, version: p.version }));
    if (saved) {
      announce(t('status.changed', { status: te('status', saved.status) }));
      onSaved(saved);
    }
  }
  return html`<form onSubmit=${onSubmit} novalidate class="stack status-change no-print">
    <${FormAlert} form=${form} idPrefix="st" onReload=${onConflict} />
    <div class="row">
      <${Field} form=${form} prefix="st" name="status" type="select" label=${t('status.new')} options=${enumOptions('status', moves)} />
      <${Field} form=${form} prefix="st" name="status_note" label=${t('status.note')} />
    </div>
    <div class="form-actions"><button type="submit" disabled=${form.busy}>${t('status.change')}</button></div>
  </form>`;
}

function StatusHistory({ id, version }) {
  const h = useLoad(() => api('GET', `/partners/${id}/status-history`), [id, version]);
  return html`<${Loaded} state=${h}>${(data) => html`<ol class="timeline compact">
    ${data.items.slice().reverse().map((x, i) => html`<li key=${i}>
      <span class="when">${fmtDateTime(x.at)}</span>
      <span>${x.from_status ? t('status.moved', { from: te('status', x.from_status), to: te('status', x.to_status) }) : t('status.started', { to: te('status', x.to_status) })}</span>
      ${x.user_name && html`<span class="meta"> — ${x.user_name}</span>`}
      ${x.note && html`<p class="prewrap">${x.note}</p>`}
    </li>`)}</ol>`}<//>`;
}

function PartnerBody({ initial, groups, reload }) {
  const [p, setP] = useState(initial);
  const actions = can('coordinator') && html`<a class="button" href=${`#/partners/${p.id}/edit`}>${t('partner.edit')}</a>`;
  return html`<${Page} title=${p.name} sub=${html`<${Badge} kind="status" value=${p.status} />`} actions=${actions} wide>
    <div class="grid">
      <section aria-labelledby="sec-facts" class="panel">
        <h2 id="sec-facts">${t('partner.at_a_glance')}</h2>
        <${Facts} p=${p} groups=${groups} />
      </section>
      <section aria-labelledby="sec-vetting" class="panel">
        <h2 id="sec-vetting">${t('vetting.title')}</h2>
        <p class="hint">${t('vetting.intro')}</p>
        <div class="cards">${VETTING_ASPECTS.map((a) => html`<${VettingCard} key=${`${a}-${p.version}`} p=${p} aspect=${a} onSaved=${setP} />`)}</div>
      </section>
      <section aria-labelledby="sec-status" class="panel">
        <h2 id="sec-status">${t('status.title')}</h2>
        <${StatusChange} key=${p.version} p=${p} onSaved=${setP} onConflict=${reload} />
        <${StatusHistory} id=${p.id} version=${p.version} />
      </section>
      ${sections.map((S, i) => html`<${S} key=${i} partner=${p} onChanged=${reload} />`)}
    </div>
  <//>`;
}

export function PartnerPage({ params }) {
  const [n, setN] = useState(0);
  const p = useLoad(() => api('GET', `/partners/${params.id}`), [params.id, n]);
  const groups = useLoad(() => import('./groups_api.js').then((m) => m.loadGroups()), []);
  return html`<${Loaded} state=${p}>${(data) => html`<${PartnerBody} key=${`${data.id}-${data.version}-${n}`} initial=${data}
    groups=${groups.data} reload=${() => setN(n + 1)} />`}<//>`;
}

export { Empty };
