// screens/import.js: bring in the spreadsheet an office already keeps.
// The file is checked first (a dry run that writes nothing) and the report
// shown: how each column was read, what would be created, updated,
// skipped or would fail, row by row.  Then the import itself, all or
// nothing unless "import the good rows" is chosen; failed rows can be
// downloaded to fix and import again.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, fmtNumber } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { Page, useForm, Field, FormAlert, announce } from '../ui.js';

function Report({ r }) {
  const failed = r.rows.filter((x) => x.action === 'failed');
  const url = r.failed_csv ? URL.createObjectURL(new Blob([r.failed_csv], { type: 'text/csv' })) : null;
  return html`<section class="panel" aria-labelledby="imp-report">
    <h2 id="imp-report">${t(r.dry_run ? 'import.report_dry' : r.written ? 'import.report_done' : 'import.report_nothing')}</h2>
    ${r.message && html`<p>${r.message}</p>`}
    <ul class="stat-tiles" aria-label=${t('import.counts')}>
      ${['rows', 'created', 'updated', 'skipped', 'failed'].map((k) => html`<li key=${k}><div class="tile">
        <span class="n">${fmtNumber(r.counts[k])}</span><span class="l">${t(`import.count.${k}`)}</span></div></li>`)}
    </ul>
    <h3>${t('import.columns')}</h3>
    <table class="list">
      <caption class="visually-hidden">${t('import.columns')}</caption>
      <thead><tr><th scope="col">${t('import.column')}</th><th scope="col">${t('import.heading')}</th><th scope="col">${t('import.field')}</th></tr></thead>
      <tbody>${r.columns.map((c) => html`<tr key=${c.column}><td>${c.column}</td><th scope="row">${c.heading}</th>
        <td>${c.field || html`<span class="meta">${t('import.ignored')}</span>`}</td></tr>`)}</tbody>
    </table>
    ${failed.length > 0 && html`<h3>${t('import.failed_rows')}</h3>
      <table class="list">
        <caption class="visually-hidden">${t('import.failed_rows')}</caption>
        <thead><tr><th scope="col">${t('import.line')}</th><th scope="col">${t('import.name')}</th><th scope="col">${t('import.problems')}</th></tr></thead>
        <tbody>${failed.map((x) => html`<tr key=${x.line}><td>${x.line}</td><th scope="row">${x.name || ''}</th>
          <td><ul class="plain">${x.errors.map((e, i) => html`<li key=${i}><strong>${e.field}</strong>: ${e.message}</li>`)}</ul></td></tr>`)}</tbody>
      </table>
      ${url && html`<p><a class="button" href=${url} download="failed-rows.csv">${t('import.download_failed')}</a></p>`}`}
    <h3>${t('import.all_rows')}</h3>
    <details><summary>${t('import.show_rows', { n: r.rows.length })}</summary>
      <ul class="plain">${r.rows.map((x) => html`<li key=${x.line}>${t('import.row_line', { line: x.line })}: ${x.name || ''} — ${t(`import.action.${x.action}`)}</li>`)}</ul>
    </details>
  </section>`;
}

export function ImportScreen() {
  const form = useForm({ kind: 'partners', on_duplicate: 'skip', partial: false });
  const [file, setFile] = useState(null);
  const [fileErr, setFileErr] = useState(null);
  const [report, setReport] = useState(null);
  async function run(dry) {
    setFileErr(null);
    if (!file) { setFileErr(t('import.choose_file')); return; }
    setReport(null);
    const r = await form.submit((v) => api('POST', `/import/${v.kind}`, file, {
      dry_run: dry ? '1' : '0', partial: v.partial ? '1' : '0', on_duplicate: v.on_duplicate }));
    if (r) {
      setReport(r);
      announce(t(dry ? 'import.checked' : 'import.done', { n: r.counts.rows }));
    } else if (form.alert === null) {
      // errors are shown by FormAlert
    }
  }
  const whole = form.alert && form.alert.error && form.alert.error.line;
  return html`<${Page} title=${t('import.title')} sub=${t('import.intro')}>
    <form class="stack" novalidate onSubmit=${(e) => { e.preventDefault(); run(true); }}>
      <${FormAlert} form=${form} idPrefix="im" />
      ${whole && html`<p class="alert error">${t('import.refused_line', { line: form.alert.error.line })}</p>`}
      <${Field} form=${form} prefix="im" name="kind" type="select" label=${t('import.kind')}
        options=${[['partners', t('import.kind.partners')], ['contacts', t('import.kind.contacts')]]} />
      <div class=${fileErr ? 'field has-error' : 'field'}>
        <label for="im-file">${t('import.file')}</label>
        <p class="hint" id="im-file-hint">${t('import.file_hint')}</p>
        ${fileErr && html`<p class="field-error" id="im-file-err">${fileErr}</p>`}
        <input id="im-file" type="file" accept=".csv,text/csv" aria-describedby=${fileErr ? 'im-file-hint im-file-err' : 'im-file-hint'}
          onChange=${(e) => { setFile(e.target.files[0] || null); setReport(null); }} />
      </div>
      <${Field} form=${form} prefix="im" name="on_duplicate" type="select" label=${t('import.on_duplicate')}
        options=${[['skip', t('import.dup.skip')], ['update', t('import.dup.update')]]} />
      <${Field} form=${form} prefix="im" name="partial" type="checkbox" label=${t('import.partial')} />
      <div class="form-actions">
        <button type="submit" class="primary" disabled=${form.busy}>${t('import.check')}</button>
        ${report && report.dry_run && html`<button type="button" disabled=${form.busy} onClick=${() => run(false)}>${t('import.run')}</button>`}
      </div>
    </form>
    ${report && html`<${Report} r=${report} />`}
  <//>`;
}

export { ApiError };
