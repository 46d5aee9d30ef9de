// screens/claim_sightings.js: each time someone reported the claim (a
// partner or one of its contacts, a feedback record, a staff member, a
// media item), where and when it was seen, with a link; and the form that
// adds one.  The form shows only the fields its source needs; the API
// checks that every partner, contact, feedback record and user is the
// office's own, and its errors land next to those fields.
import { html } from '../html.js';
import { t, te, fmtDateTime } from '../i18n.js';
import { api, can, session } from '../api.js';
import { href } from '../router.js';
import { Loaded, useLoad, useForm, Field, FormAlert, Empty, enumOptions, announce } from '../ui.js';
import { partnerOptions, userOptions } from './pickers.js';
import { opt, localToIso, useDisclosure, focusOnMount } from './claim_common.js';

const SOURCES = ['partner', 'contact', 'feedback', 'staff', 'media', 'other'];

function Who({ s }) {
  const bits = [];
  if (s.partner_id) bits.push(html`<a href=${href(`/partners/${s.partner_id}`)}>${s.partner_name || s.partner_id}</a>`);
  if (s.contact_id) bits.push(html`<a href=${href(`/contacts/${s.contact_id}`)}>${s.contact_name || s.contact_id}</a>`);
  if (s.feedback_id) bits.push(html`<a href=${href(`/feedback/${s.feedback_id}`)}>${t('claims.feedback_n', { id: s.feedback_id })}</a>`);
  if (s.reported_by_name) bits.push(s.reported_by_name);
  if (s.media_item) bits.push(s.media_item);
  return bits.map((b, i) => html`${i ? ', ' : ''}${b}`);
}

function SightingList({ items }) {
  if (items.length === 0) return html`<${Empty} text=${t('claims.sightings_none')} />`;
  return html`<ol class="plain sightings">${items.map((s) => html`<li key=${s.id}>
    <strong>${fmtDateTime(s.seen_at)}</strong> · ${te('sightsource', s.source)}: <${Who} s=${s} />
    ${(s.platform || s.place) && html`<br /><span>${[s.platform, s.place].filter(Boolean).join(' · ')}</span>`}
    ${s.link && html`<br /><a href=${s.link} rel="noopener noreferrer nofollow" target="_blank">${s.link}</a>`}
    ${s.notes && html`<p class="prewrap">${s.notes}</p>`}</li>`)}</ol>`;
}

// Recent feedback records, for a sighting "from feedback" (newest first, at most 100).
async function feedbackOptions() {
  try {
    const r = await api('GET', '/feedback', null, { limit: 100 });
    return r.items.map((f) => [String(f.id), `${f.reference}: ${(f.excerpt || '').slice(0, 60)}`]);
  } catch {
    return [];
  }
}

function AddSighting({ c, onAdded, onCancel }) {
  const form = useForm({ source: 'partner', partner_id: '', contact_id: '', feedback_id: '', reported_by: String(session.user.id),
    media_item: '', seen_at: '', platform: '', place: '', link: '', notes: '' });
  const v = form.values;
  const lists = useLoad(() => Promise.all([partnerOptions(), userOptions(), feedbackOptions()]), []);
  const contacts = useLoad(() => (v.partner_id ? api('GET', `/partners/${v.partner_id}/contacts`).then((r) => r.items.filter((x) => x.current)) : Promise.resolve([])), [v.partner_id]);
  const needsPartner = v.source === 'partner' || v.source === 'contact';
  async function onSubmit(e) {
    e.preventDefault();
    const saved = await form.submit((x) => {
      const body = { source: x.source, seen_at: localToIso(x.seen_at), platform: opt(x.platform), place: opt(x.place), link: opt(x.link), notes: opt(x.notes) };
      if (needsPartner && x.partner_id) body.partner_id = Number(x.partner_id);
      if (x.source === 'contact' && x.contact_id) body.contact_id = Number(x.contact_id);
      if (x.source === 'feedback' && x.feedback_id) body.feedback_id = Number(x.feedback_id);
      if (x.source === 'staff' && x.reported_by) body.reported_by = Number(x.reported_by);
      if (x.source === 'media' || x.source === 'other') body.media_item = opt(x.media_item);
      for (const k of Object.keys(body)) if (body[k] === null) delete body[k];
      return api('POST', `/misconceptions/${c.id}/sightings`, body);
    });
    if (saved) { announce(t('claims.sighting_added')); onAdded(); }
  }
  const choose = [['', t('common.choose')]];
  return html`<form onSubmit=${onSubmit} novalidate class="stack log-form no-print" aria-labelledby="sg-head">
    <h3 id="sg-head" tabindex="-1" ref=${focusOnMount}>${t('claims.add_sighting')}</h3>
    <${FormAlert} form=${form} idPrefix="sg" />
    <${Field} form=${form} prefix="sg" name="source" type="select" label=${t('claims.sighting_source')} options=${enumOptions('sightsource', SOURCES)} />
    ${lists.data && html`
      ${needsPartner && html`<${Field} form=${form} prefix="sg" name="partner_id" type="select" label=${t('contact.partner')} required options=${[...choose, ...lists.data[0]]} />`}
      ${v.source === 'contact' && html`<${Field} form=${form} prefix="sg" name="contact_id" type="select" label=${t('claims.contact')} required
        options=${[...choose, ...(contacts.data || []).map((x) => [String(x.contact_id), x.title ? `${x.full_name} (${x.title})` : x.full_name])]} />`}
      ${v.source === 'feedback' && html`<${Field} form=${form} prefix="sg" name="feedback_id" type="select" label=${t('claims.feedback_record')} required options=${[...choose, ...lists.data[2]]} />`}
      ${v.source === 'staff' && html`<${Field} form=${form} prefix="sg" name="reported_by" type="select" label=${t('claims.reported_by')} options=${lists.data[1]} />`}`}
    ${(v.source === 'media' || v.source === 'other') && html`<${Field} form=${form} prefix="sg" name="media_item" label=${t('claims.media_item')} hint=${t('claims.media_item_hint')} required=${v.source === 'media'} />`}
    <div class="row">
      <${Field} form=${form} prefix="sg" name="seen_at" type="datetime-local" label=${t('claims.seen_at')} hint=${t('claims.seen_at_hint')} />
      <${Field} form=${form} prefix="sg" name="platform" label=${t('claims.platform')} hint=${t('claims.platform_hint')} />
      <${Field} form=${form} prefix="sg" name="place" label=${t('claims.place')} />
    </div>
    <${Field} form=${form} prefix="sg" name="link" type="url" label=${t('claims.link')} hint=${t('partner.website_hint')} />
    <${Field} form=${form} prefix="sg" name="notes" type="textarea" label=${t('claims.sighting_notes')} />
    <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('claims.save_sighting')}</button>
      <button type="button" onClick=${onCancel}>${t('common.cancel')}</button></div>
  </form>`;
}

export function Sightings({ c, onChange }) {
  const s = useLoad(() => api('GET', `/misconceptions/${c.id}/sightings`), [c.id, c.version, c.sightings_count]);
  const [adding, setAdding, opener] = useDisclosure();
  return html`<section class="panel" aria-labelledby="cl-sightings">
    <h2 id="cl-sightings">${t('claims.sightings')}</h2>
    ${can('staff') && !c.merged_into_id && (adding
      ? html`<${AddSighting} c=${c} onCancel=${() => setAdding(false)} onAdded=${() => { setAdding(false); s.reload(); onChange(); }} />`
      : html`<p class="no-print"><button type="button" ref=${opener} onClick=${() => setAdding(true)}>${t('claims.add_sighting')}</button></p>`)}
    <${Loaded} state=${s}>${(d) => html`<${SightingList} items=${d.items} />`}<//>
  </section>`;
}
