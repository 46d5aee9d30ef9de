// screens/feedback_export.js: the public-records export of feedback
// (director and admin).  Choose a period, preview exactly what would go
// out (GET /exports/feedback/preview: the row count, the first rows as
// they would be written, what was redacted in each field and what is left
// out), then download it as CSV (optionally with a byte-order mark, so
// Excel reads UTF-8) or XLSX.  The download is logged in the audit log by
// the server; the link is offered only for the period just previewed.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, fmtDate, fmtNumber } from '../i18n.js';
import { api } from '../api.js';
import { Page, useForm, Field, FormAlert, Empty, announce } from '../ui.js';
import { lastTwelveMonths } from './feedback_summary.js';

const KINDS = ['email', 'ssn', 'phone', 'licence', 'address'];

function downloadHref(p, format, bom) {
  const q = new URLSearchParams({ from: p.from, to: p.to, format });
  if (format === 'csv' && bom) q.set('bom', '1');
  return `/api/v1/exports/feedback?${q}`;
}

function Preview({ p }) {
  const [format, setFormat] = useState('csv');
  const [bom, setBom] = useState(true);
  const total = p.redactions || {};
  const fields = Object.entries(p.redactions_by_field || {});
  const sum = (o) => Object.values(o || {}).reduce((a, b) => a + (typeof b === 'number' ? b : 0), 0);
  const cols = Object.keys(total).length ? Object.keys(total) : KINDS;
  return html`<section class="panel" aria-labelledby="ex-preview-h" id="ex-preview">
    <h2 id="ex-preview-h">${t('export.preview_of', { from: fmtDate(p.from), to: fmtDate(p.to) })}</h2>
    <p id="ex-rows">${t('export.rows', { n: p.rows })}</p>
    <p id="ex-redacted">${t('export.redacted_total', { n: sum(total) })}</p>
    <table class="list num" id="ex-redactions">
      <caption>${t('export.redactions')}</caption>
      <thead><tr><th scope="col">${t('export.field')}</th>${cols.map((k) => html`<th scope="col" key=${k}>${t(`export.kind.${k}`)}</th>`)}</tr></thead>
      <tbody>${fields.map(([f, c]) => html`<tr key=${f}><th scope="row">${t(`export.field.${f}`)}</th>
        ${cols.map((k) => html`<td class="n" key=${k} data-label=${t(`export.kind.${k}`)}>${fmtNumber(c[k] || 0)}</td>`)}</tr>`)}</tbody>
    </table>
    <p>${t('export.left_out', { what: (p.left_out || []).join('; ') })}</p>
    <h3>${t('export.sample', { n: p.sample.length })}</h3>
    ${p.sample.length === 0 ? html`<${Empty} text=${t('export.empty')} />` : html`<div class="scroll" tabindex="0" role="region" aria-label=${t('export.sample', { n: p.sample.length })}>
      <table class="list" id="ex-sample">
        <caption class="visually-hidden">${t('export.sample', { n: p.sample.length })}</caption>
        <thead><tr>${p.columns.map((c) => html`<th scope="col" key=${c.key}>${c.title}</th>`)}</tr></thead>
        <tbody>${p.sample.map((row, i) => html`<tr key=${i}>${p.columns.map((c) => html`<td key=${c.key} data-label=${c.title}>${row[c.key] == null ? '' : String(row[c.key])}</td>`)}</tr>`)}</tbody>
      </table></div>`}
    <fieldset class="field no-print"><legend>${t('export.download')}</legend>
      <div class="row">
        <div class="field"><label for="ex-format">${t('export.format')}</label>
          <select id="ex-format" value=${format} onChange=${(e) => setFormat(e.target.value)}>
            <option value="csv">${t('export.csv')}</option><option value="xlsx">${t('export.xlsx')}</option></select></div>
        ${format === 'csv' && html`<div class="field check"><input type="checkbox" id="ex-bom" checked=${bom} onChange=${(e) => setBom(e.target.checked)} />
          <label for="ex-bom">${t('export.bom')}</label></div>`}
      </div>
      <p><a class="button primary" id="ex-download" href=${downloadHref(p, format, bom)} download
        onClick=${() => announce(t('export.started'))}>${t('export.download_as', { format: format.toUpperCase() })}</a></p>
      <p class="hint">${t('export.audited')}</p>
    </fieldset>
  </section>`;
}

export function FeedbackExport({ query }) {
  const def = lastTwelveMonths();
  const form = useForm({ from: query.from || def.from, to: query.to || def.to });
  const [preview, setPreview] = useState(null);
  async function onSubmit(e) {
    e.preventDefault();
    setPreview(null);
    const p = await form.submit((v) => api('GET', '/exports/feedback/preview', null, { from: v.from, to: v.to }));
    if (p) { setPreview(p); announce(t('export.previewed', { n: p.rows })); }
  }
  return html`<${Page} title=${t('export.title')} sub=${t('export.intro')} wide>
    <form class="filters" onSubmit=${onSubmit} novalidate aria-label=${t('summary.period_label')}>
      <${Field} form=${form} prefix="ex" name="from" type="date" label=${t('summary.from')} required />
      <${Field} form=${form} prefix="ex" name="to" type="date" label=${t('summary.to')} required />
      <div class="filter-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('export.preview')}</button></div>
    </form>
    <${FormAlert} form=${form} idPrefix="ex" />
    ${preview && html`<${Preview} p=${preview} />`}
  <//>`;
}
