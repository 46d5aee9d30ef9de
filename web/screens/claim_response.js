// screens/claim_response.js: the office's response to a claim: the
// editor (the accurate statement, a plain-language answer, the claim as
// people say it, in English and any other language, and the sources),
// sending it for review, approval by a director who did not draft it (the
// button is absent for the drafter and for other roles, with the reason
// said), publication under a page name (a collision is shown next to the
// page-name field), corrections (a new version, approved again, published
// with a note of what changed) and the version history.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, terr } from '../i18n.js';
import { api, can, session, ApiError } from '../api.js';
import { Loaded, useLoad, useForm, Field, FormAlert, enumOptions, announce } from '../ui.js';
import { factsUrl, opt, useDisclosure, focusOnMount } from './claim_common.js';
import { TEXT_FIELDS, langOrder, VersionText, History, slugify } from './claim_response_parts.js';

const SOURCE_KINDS = ['statute', 'procedure', 'official_page', 'other'];
const LIMITS = { claim_text: 1000, accurate_statement: 5000, short_answer: 1000, title: 300 };

// The API names a text's field without its language ("short_answer"): the
// error belongs to the first block, in the order sent, where the value is
// missing or too long (English when none is).
function ownerOf(field, blocks, get) {
  const bad = blocks.find((b) => { const s = (get(b) || '').trim(); return s === '' || s.length > (LIMITS[field] || Infinity); });
  return bad === undefined ? blocks[0] : bad;
}

function emptyText(claimText) { return { claim_text: claimText || '', accurate_statement: '', short_answer: '' }; }

function Editor({ c, latest, onSaved, onCancel }) {
  const start = latest ? JSON.parse(JSON.stringify(latest.texts)) : { en: emptyText(c.statement) };
  for (const l of Object.keys(start)) for (const f of TEXT_FIELDS) start[l][f] = start[l][f] || '';
  const form = useForm({ texts: start, sources: latest ? latest.sources.map((s) => ({ kind: s.kind, title: s.title, url: s.url || '' })) : [{ kind: 'statute', title: '', url: '' }],
    change_note: '', new_lang: '' });
  const { texts, sources } = form.values;
  const langs = langOrder(texts);
  const sent = langs.filter((l) => l === 'en' || TEXT_FIELDS.some((f) => texts[l][f].trim()));
  const setText = (lang, f, v) => form.set('texts', { ...texts, [lang]: { ...texts[lang], [f]: v } });
  const setSource = (i, f, v) => form.set('sources', sources.map((s, k) => (k === i ? { ...s, [f]: v } : s)));
  // A Field-shaped view of one language block: its values, and the API's errors that belong to it.
  const view = (lang) => ({
    values: texts[lang],
    errors: Object.fromEntries(TEXT_FIELDS.filter((f) => form.errors[f] && ownerOf(f, sent, (l) => texts[l][f]) === lang).map((f) => [f, form.errors[f]])),
    set: (f, v) => setText(lang, f, v),
  });
  const srcView = (i) => ({
    values: sources[i],
    errors: Object.fromEntries(['kind', 'title', 'url'].filter((f) => form.errors[f] && (f === 'url'
      ? sources.findIndex((s) => s.url.trim() && !/^https?:\/\/\S+$/i.test(s.url.trim()))
      : sources.indexOf(ownerOf(f, sources.filter((s) => s.title.trim() || s.url.trim()), (s) => s[f]))) === i).map((f) => [f, form.errors[f]])),
    set: (f, v) => setSource(i, f, v),
  });
  function addLang(e) {
    e.preventDefault();
    const l = form.values.new_lang.trim();
    if (!l || texts[l]) return;
    form.setValues((old) => ({ ...old, new_lang: '', texts: { ...old.texts, [l]: emptyText('') } }));
    announce(t('claims.lang_added', { lang: l }));
  }
  const removeLang = (l) => { const x = { ...texts }; delete x[l]; form.set('texts', x); };
  async function onSubmit(e) {
    e.preventDefault();
    const saved = await form.submit((v) => {
      const body = { texts: {}, sources: v.sources.filter((s) => s.title.trim() || s.url.trim()).map((s) => ({ kind: s.kind, title: s.title.trim(), ...(opt(s.url) ? { url: opt(s.url) } : {}) })) };
      for (const l of sent) {
        body.texts[l] = { accurate_statement: v.texts[l].accurate_statement.trim(), short_answer: v.texts[l].short_answer.trim() };
        if (opt(v.texts[l].claim_text)) body.texts[l].claim_text = opt(v.texts[l].claim_text);
      }
      if (opt(v.change_note)) body.change_note = opt(v.change_note);
      return api('POST', `/misconceptions/${c.id}/response/versions`, body);
    });
    if (saved) { announce(t('claims.version_saved', { n: saved.number })); onSaved(); }
  }
  return html`<form onSubmit=${onSubmit} novalidate class="stack editor no-print" aria-labelledby="rv-head">
    <h3 id="rv-head" tabindex="-1" ref=${focusOnMount}>${latest ? t('claims.new_version', { n: latest.number + 1 }) : t('claims.write_response')}</h3>
    <p class="hint">${t('claims.editor_hint')}</p>
    <${FormAlert} form=${form} idPrefix="rv" />
    ${form.errors.texts && html`<p class="field-error" id="rv-texts" tabindex="-1">${terr(form.errors.texts)}</p>`}
    ${langs.map((l) => {
      const p = l === 'en' ? 'rv' : `rv-${l}`;
      const fv = view(l);
      return html`<fieldset class="field lang-block" key=${l}><legend>${t('claims.in_language', { lang: l })}</legend>
        <${Field} form=${fv} prefix=${p} name="claim_text" type="textarea" rows="2" label=${t('claims.f_claim_text')} hint=${t('claims.claim_text_hint')} />
        <${Field} form=${fv} prefix=${p} name="accurate_statement" type="textarea" rows="4" label=${t('claims.f_accurate_statement')} hint=${t('claims.accurate_hint')} required />
        <${Field} form=${fv} prefix=${p} name="short_answer" type="textarea" rows="2" label=${t('claims.f_short_answer')} hint=${t('claims.short_hint')} required />
        ${l !== 'en' && html`<p><button type="button" class="danger" onClick=${() => removeLang(l)}>${t('claims.remove_language', { lang: l })}</button></p>`}
      </fieldset>`;
    })}
    <div class="row add-lang">
      <${Field} form=${form} prefix="rv" name="new_lang" label=${t('claims.another_language')} hint=${t('claims.another_language_hint')} />
      <div class="filter-actions"><button type="button" onClick=${addLang}>${t('claims.add_language')}</button></div>
    </div>
    <fieldset class=${form.errors.sources ? 'field has-error' : 'field'} id="rv-sources"><legend>${t('claims.sources')}</legend>
      <p class="hint">${t('claims.sources_hint')}</p>
      ${form.errors.sources && html`<p class="field-error">${terr(form.errors.sources)}</p>`}
      ${sources.map((s, i) => html`<div class="row source-row" key=${i}>
        <${Field} form=${srcView(i)} prefix=${i ? `rv-s${i}` : 'rv'} name="kind" type="select" label=${t('claims.source_kind', { n: i + 1 })} options=${enumOptions('sourcekind', SOURCE_KINDS)} />
        <${Field} form=${srcView(i)} prefix=${i ? `rv-s${i}` : 'rv'} name="title" label=${t('claims.source_title', { n: i + 1 })} required />
        <${Field} form=${srcView(i)} prefix=${i ? `rv-s${i}` : 'rv'} name="url" type="url" label=${t('claims.source_url', { n: i + 1 })} />
        <div class="filter-actions"><button type="button" class="danger" onClick=${() => form.set('sources', sources.filter((_, k) => k !== i))}>${t('claims.remove_source', { n: i + 1 })}</button></div>
      </div>`)}
      <p><button type="button" onClick=${() => form.set('sources', [...sources, { kind: 'official_page', title: '', url: '' }])}>${t('claims.add_source')}</button></p>
    </fieldset>
    <${Field} form=${form} prefix="rv" name="change_note" type="textarea" rows="2" label=${t('claims.change_note')} hint=${t('claims.change_note_hint')} />
    <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('claims.save_version')}</button>
      <button type="button" onClick=${onCancel}>${t('common.cancel')}</button></div>
  </form>`;
}

// One button that posts; the API's refusal is shown beside it.
function ActionButton({ label, run, onDone, done, primary }) {
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  async function click() {
    setBusy(true);
    setErr(null);
    try {
      await run();
      announce(done);
      onDone();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setErr(e);
    } finally {
      setBusy(false);
    }
  }
  return html`<div class="action">
    <button type="button" class=${primary ? 'primary' : ''} disabled=${busy} onClick=${click}>${label}</button>
    ${err && html`<div class="alert error" role="alert"><p>${terr(err.error)}</p></div>`}
  </div>`;
}

// Approve: a director who did not draft the newest version.  Everyone else
// is told why there is no button.
function Approval({ c, latest, onDone }) {
  if (!latest || latest.approved_at || c.status !== 'in_review') return null;
  if (!can('director')) return html`<p class="note">${t('claims.approve_needs_director')}</p>`;
  if (latest.drafted_by === session.user.id) return html`<p class="note">${t('claims.approve_not_drafter', { n: latest.number })}</p>`;
  return html`<${ActionButton} primary label=${t('claims.approve', { n: latest.number })} done=${t('claims.approved_now')} onDone=${onDone}
    run=${() => api('POST', `/misconceptions/${c.id}/response/versions/${latest.number}/approve`)} />`;
}

// Publish (or publish a correction) the approved newest version.  The page
// name is saved on the claim first, so a name already in use is refused
// next to its field before anything goes public.
function Publish({ c, onDone }) {
  const correction = !!c.published_at;
  const form = useForm({ slug: c.slug || slugify(c.statement), change_note: '' });
  async function onSubmit(e) {
    e.preventDefault();
    const ok = await form.submit(async (v) => {
      const slug = v.slug.trim();
      if (!correction && slug && slug !== c.slug) {
        await api('PATCH', `/misconceptions/${c.id}`, { slug, version: c.version });
        onDone();   // the claim has its page name (and a new version) now, whatever happens next
      }
      return api('POST', `/misconceptions/${c.id}/publish`, opt(v.change_note) ? { change_note: opt(v.change_note) } : {});
    });
    if (ok) { announce(t(correction ? 'claims.corrected_now' : 'claims.published_now')); onDone(); }
  }
  return html`<form onSubmit=${onSubmit} novalidate class="stack log-form no-print" aria-labelledby="pb-head">
    <h3 id="pb-head">${t(correction ? 'claims.publish_correction' : 'claims.publish')}</h3>
    <${FormAlert} form=${form} idPrefix="pb" onReload=${onDone} />
    ${correction ? html`<p>${t('claims.page_name_fixed')} <a href=${factsUrl(c.slug)} target="_blank" rel="noopener">${factsUrl(c.slug)}</a></p>`
      : html`<${Field} form=${form} prefix="pb" name="slug" label=${t('claims.slug')} hint=${t('claims.slug_hint')} required />`}
    <${Field} form=${form} prefix="pb" name="change_note" type="textarea" rows="2" required=${correction}
      label=${t(correction ? 'claims.what_changed_public' : 'claims.publish_note')} hint=${t(correction ? 'claims.what_changed_hint' : 'claims.publish_note_hint')} />
    <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t(correction ? 'claims.publish_correction' : 'claims.publish')}</button></div>
  </form>`;
}

function State({ c, latest, resp }) {
  if (!latest) return html`<p>${t('claims.no_response')}</p>`;
  const pub = c.response && c.response.published_version;
  return html`<p>${t('claims.latest_is', { n: latest.number })} ${latest.approved_at ? t('claims.is_approved') : t('claims.is_unapproved')}
    ${pub ? ` ${t('claims.public_version', { n: pub })}` : ''}
    ${c.published_at && c.slug && html` <a href=${factsUrl(c.slug)} target="_blank" rel="noopener">${t('claims.open_public')}</a>`}</p>
    ${resp.publications.length > 0 && pub !== latest.number && html`<p class="note">${t('claims.public_older', { n: pub })}</p>`}`;
}

export function ResponseDesk({ c, onChange }) {
  const s = useLoad(() => api('GET', `/misconceptions/${c.id}/response`), [c.id, c.version]);
  const [editing, setEditing, opener] = useDisclosure();
  const open = !['closed', 'dismissed'].includes(c.status) && !c.merged_into_id;
  return html`<section class="panel full" aria-labelledby="cl-response">
    <h2 id="cl-response">${t('claims.response')}</h2>
    <${Loaded} state=${s}>${(resp) => {
      const latest = resp.versions[0];
      return html`<${State} c=${c} latest=${latest} resp=${resp} />
        ${latest && html`<div class="version-now"><${VersionText} v=${latest} idp="vnow" level=${3} /></div>`}
        <div class="response-actions">
          ${can('coordinator') && open && c.status === 'drafting' && latest && html`<${ActionButton} label=${t('claims.send_review')} done=${t('claims.sent_review')}
            onDone=${onChange} run=${() => api('POST', `/misconceptions/${c.id}/status`, { status: 'in_review', version: c.version })} />`}
          <${Approval} c=${c} latest=${latest} onDone=${onChange} />
        </div>
        ${can('coordinator') && c.status === 'approved' && latest && latest.approved_at && html`<${Publish} key=${c.status} c=${c} onDone=${onChange} />`}
        ${can('coordinator') && open && (editing
          ? html`<${Editor} c=${c} latest=${latest} onCancel=${() => setEditing(false)} onSaved=${() => { setEditing(false); onChange(); }} />`
          : html`<p class="no-print"><button type="button" ref=${opener} onClick=${() => setEditing(true)}>${latest ? t(c.published_at ? 'claims.correct' : 'claims.edit_response') : t('claims.write_response')}</button></p>`)}
        <${History} resp=${resp} />`;
    }}<//>
  </section>`;
}
