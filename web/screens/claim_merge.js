// screens/claim_merge.js: merging a duplicate into this claim.  Find the
// other claim by its words (or type its number), confirm, and the API
// moves its sightings, timeline and amplification asks here; the other
// claim becomes read-only.  The API's refusals (a claim into itself, one
// already merged, another office's claim) show next to the number field.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, te } from '../i18n.js';
import { api } from '../api.js';
import { useForm, Field, FormAlert, announce } from '../ui.js';
import { opt, focusOnMount } from './claim_common.js';

export function MergeForm({ c, onChange }) {
  const form = useForm({ q: '', from_id: '' });
  const [found, setFound] = useState(null);
  const [confirming, setConfirming] = useState(null);   // {id, statement?}
  async function search(e) {
    e.preventDefault();
    const q = opt(form.values.q);
    if (!q) return;
    const r = await form.submit(() => api('GET', '/misconceptions', null, { q, limit: 10 }));
    if (r) { setFound(r.items); announce(t('claims.found', { n: r.items.length })); }
  }
  function ask(e) {
    e.preventDefault();
    const raw = String(form.values.from_id).trim();
    const hit = (found || []).find((x) => String(x.id) === raw);
    setConfirming({ id: raw, statement: hit && hit.statement });
  }
  async function merge() {
    const raw = confirming.id;
    setConfirming(null);
    const saved = await form.submit(() => api('POST', `/misconceptions/${c.id}/merge`, { from_id: /^\d+$/.test(raw) ? Number(raw) : raw }));
    if (saved) { announce(t('claims.merged_now', { id: raw })); form.setValues({ q: '', from_id: '' }); setFound(null); onChange(); }
  }
  return html`<section class="panel no-print" aria-labelledby="cl-merge">
    <h2 id="cl-merge">${t('claims.merge')}</h2>
    <p class="hint">${t('claims.merge_hint', { id: c.id })}</p>
    <${FormAlert} form=${form} idPrefix="mg" />
    <form onSubmit=${search} class="row" aria-label=${t('claims.merge_find')}>
      <${Field} form=${form} prefix="mg" name="q" type="search" label=${t('claims.merge_find')} />
      <div class="filter-actions"><button type="submit" disabled=${form.busy}>${t('claims.find')}</button></div>
    </form>
    ${found && (found.length === 0 ? html`<p class="empty">${t('claims.none')}</p>` : html`<ul class="plain">${found.map((x) => html`<li key=${x.id}>
      ${t('claims.number_is', { id: x.id })}: ${x.statement} <span class="meta">(${te('claimstatus', x.status)})</span>
      <button type="button" class="link" onClick=${() => form.set('from_id', String(x.id))} aria-label=${t('claims.use_n', { id: x.id })}>${t('claims.use')}</button></li>`)}</ul>`)}
    <form onSubmit=${ask} novalidate class="row">
      <${Field} form=${form} prefix="mg" name="from_id" inputmode="numeric" label=${t('claims.merge_number')} required />
      <div class="filter-actions"><button type="submit" disabled=${form.busy || !String(form.values.from_id).trim()}>${t('claims.merge_go')}</button></div>
    </form>
    ${confirming && html`<div class="alert warn" role="group" aria-labelledby="mg-confirm">
      <p id="mg-confirm">${confirming.statement ? t('claims.merge_confirm_s', { id: confirming.id, statement: confirming.statement }) : t('claims.merge_confirm', { id: confirming.id })}</p>
      <div class="form-actions"><button type="button" class="primary" onClick=${merge} ref=${focusOnMount}>${t('claims.merge_yes')}</button>
        <button type="button" onClick=${() => setConfirming(null)}>${t('common.cancel')}</button></div></div>`}
  </section>`;
}
