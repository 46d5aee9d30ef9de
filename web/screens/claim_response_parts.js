// screens/claim_response_parts.js: the pieces of the response desk that
// only read: one version's texts and sources, what changed from the version
// before, and the version history with its publications.  The editor and
// the approve / publish actions are in claim_response.js.
import { html } from '../html.js';
import { t, te, fmtDateTime } from '../i18n.js';

export const TEXT_FIELDS = ['claim_text', 'accurate_statement', 'short_answer'];

// English first, then the others by code.
export const langOrder = (texts) => Object.keys(texts || {}).sort((a, b) => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b)));

// What differs from prev to v, as short phrases ("Accurate statement (en)").
export function changes(v, prev) {
  if (!prev) return [t('claims.first_version')];
  const out = [];
  for (const lang of langOrder({ ...prev.texts, ...v.texts })) {
    const a = prev.texts[lang];
    const b = v.texts[lang];
    if (!a) { out.push(t('claims.added_language', { lang })); continue; }
    if (!b) { out.push(t('claims.removed_language', { lang })); continue; }
    for (const f of TEXT_FIELDS) if ((a[f] || '') !== (b[f] || '')) out.push(t('claims.changed_field', { field: t(`claims.f_${f}`), lang }));
  }
  if (JSON.stringify(v.sources || []) !== JSON.stringify(prev.sources || [])) out.push(t('claims.changed_sources'));
  return out.length ? out : [t('claims.no_changes')];
}

export function SourceList({ sources }) {
  if (!sources || sources.length === 0) return html`<p class="meta">${t('claims.no_sources')}</p>`;
  const link = (s) => (s.url ? html`<a href=${s.url} rel="noopener noreferrer" target="_blank">${s.title}</a>` : s.title);
  return html`<ul class="sources">${sources.map((s, i) => html`<li key=${i}>${te('sourcekind', s.kind)}: ${link(s)}</li>`)}</ul>`;
}

// One version's texts by language, then its sources.
// level: the heading level of its parts (3 in the panel, 4 in the history).
export function VersionText({ v, idp, level = 4 }) {
  const H = `h${level}`;
  return html`${langOrder(v.texts).map((lang) => {
    const x = v.texts[lang];
    return html`<div class="version-text" key=${lang} lang=${lang}>
      <${H} id=${`${idp}-${lang}`}>${t('claims.in_language', { lang })}<//>
      <dl class="rumor">
        ${x.claim_text && html`<dt>${t('claims.f_claim_text')}</dt><dd class="prewrap">${x.claim_text}</dd>`}
        <dt>${t('claims.f_accurate_statement')}</dt><dd class="prewrap">${x.accurate_statement}</dd>
        <dt>${t('claims.f_short_answer')}</dt><dd class="prewrap">${x.short_answer}</dd>
      </dl></div>`;
  })}
  <${H}>${t('claims.sources')}<//><${SourceList} sources=${v.sources} />`;
}

function VersionEntry({ v, prev, pubs }) {
  return html`<li>
    <strong>${t('claims.version_n', { n: v.number })}</strong>
    <span class="meta"> ${t('claims.drafted_by', { who: v.drafted_by_name || '', when: fmtDateTime(v.drafted_at) })}</span>
    <br />${v.approved_at ? t('claims.approved_by', { who: v.approved_by_name || '', when: fmtDateTime(v.approved_at) }) : t('claims.not_approved')}
    ${pubs.map((p) => html`<br key=${p.id} />${t(p.kind === 'correction' ? 'claims.pub_correction' : 'claims.pub_initial', { who: p.published_by_name || '', when: fmtDateTime(p.published_at) })}
      ${p.change_note && html`: <q>${p.change_note}</q>`}`)}
    ${v.change_note && html`<p class="prewrap">${t('claims.change_note_is', { note: v.change_note })}</p>`}
    <p>${t('claims.what_changed')} ${changes(v, prev).join('; ')}</p>
    <details><summary>${t('claims.show_version', { n: v.number })}</summary><${VersionText} v=${v} idp=${`vh${v.number}`} /></details>
  </li>`;
}

// Every version, newest first, with what changed and when it went public.
export function History({ resp }) {
  const vs = resp.versions;
  if (vs.length === 0) return null;
  return html`<h3 id="cl-history">${t('claims.history')}</h3>
    <ol class="timeline versions" aria-labelledby="cl-history">${vs.map((v, i) => html`<${VersionEntry} key=${v.number} v=${v} prev=${vs[i + 1]}
      pubs=${resp.publications.filter((p) => p.version === v.number)} />`)}</ol>`;
}

// A page name from text, as claim_slugify() makes it on the server.
export function slugify(text) {
  const s = (text || '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return s || 'claim';
}
