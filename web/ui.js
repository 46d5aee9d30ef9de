// ui.js: the building blocks every screen shares: forms whose API errors
// land next to the field they name (typed values are kept on any error,
// a 409 offers to reload), page headings that take focus on navigation,
// the polite live region, loading/error states, badges and the pager.
import { useEffect, useRef, useState, useCallback } from 'preact/hooks';
import { html } from './html.js';
import { t, te, terr } from './i18n.js';
import { ApiError } from './api.js';

// The app-wide polite live region (rendered once by the shell).
let liveSetter = () => {};
export function LiveRegion() {
  const [msg, setMsg] = useState('');
  liveSetter = (m) => { setMsg(''); setTimeout(() => setMsg(m), 30); };
  return html`<div class="live" role="status" aria-live="polite" aria-atomic="true">${msg}</div>`;
}
export function announce(msg) { liveSetter(msg); }

let seq = 0;
export function useId(prefix = 'f') {
  const ref = useRef(null);
  if (ref.current === null) ref.current = `${prefix}${++seq}`;
  return ref.current;
}

// Loads data with fn() whenever deps change: {data, error, loading, reload}.
// loading is true from the very render in which deps change (not only once
// the effect has run), so a screen never renders stale "no data" as data.
export function useLoad(fn, deps) {
  const key = JSON.stringify(deps);
  const [state, setState] = useState({ data: null, error: null, loading: true, key: null });
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    fn().then((data) => live && setState({ data, error: null, loading: false, key }),
      (error) => live && setState({ data: null, error, loading: false, key }));
    return () => { live = false; };
  }, [key, n]);
  const stale = state.key !== key;
  return { data: state.data, error: stale ? null : state.error, loading: state.loading || stale,
    reload: useCallback(() => setN((x) => x + 1), []) };
}

// A screen's frame: one h1 that receives focus when the user moves to
// another screen, so keyboard and screen-reader users land at the top of
// the new content.  The first screen after loading or signing in does not
// take focus: there the first Tab reaches the skip link, as on any page.
let screensShown = 0;
export function resetScreenFocus() { screensShown = 0; }
export function Page({ title, sub, actions, children, wide }) {
  const ref = useRef(null);
  useEffect(() => {
    document.title = `${title} · rapport`;
    if (screensShown++ > 0 && ref.current && !(document.activeElement && document.activeElement.closest('main form'))) ref.current.focus();
  }, [title]);
  return html`<div class=${wide ? 'page wide' : 'page'}>
    <div class="page-head">
      <div><h1 tabindex="-1" ref=${ref}>${title}</h1>${sub && html`<p class="sub">${sub}</p>`}</div>
      ${actions && html`<div class="actions no-print">${actions}</div>`}
    </div>
    ${children}
  </div>`;
}

export function Loading() {
  return html`<p class="loading" role="status">${t('common.loading')}</p>`;
}

export function ErrorBox({ error, onRetry }) {
  if (!error) return null;
  const text = error instanceof ApiError ? (error.status === 404 ? t('error.not_found') : terr(error.error)) : String(error.message || error);
  return html`<div class="alert error" role="alert"><p>${text}</p>
    ${onRetry && html`<button type="button" onClick=${onRetry}>${t('common.retry')}</button>`}</div>`;
}

// Shows data once loaded, a loading line before, an error box on failure.
export function Loaded({ state, children }) {
  if (state.error) return html`<${ErrorBox} error=${state.error} onRetry=${state.reload} />`;
  if (state.loading && state.data == null) return html`<${Loading} />`;
  return children(state.data);
}

export function Badge({ kind, value }) {
  return html`<span class=${`badge ${kind}-${value}`}>${te(kind, value)}</span>`;
}

// Form state with API error handling.  submit(fn) runs fn(values); on an
// ApiError the field errors go next to their fields, the rest to the
// form's alert, and the values stay as typed.
export function useForm(initial) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState({});
  const [alert, setAlert] = useState(null);
  const [busy, setBusy] = useState(false);
  const alertRef = useRef(null);
  const set = (name, v) => setValues((old) => ({ ...old, [name]: v }));
  async function submit(fn) {
    setBusy(true);
    setErrors({});
    setAlert(null);
    try {
      return await fn(values);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const fe = e.status === 422 || e.status === 401 || e.status === 409 ? e.fieldErrors() : {};
      setErrors(fe);
      setAlert({ status: e.status, error: e.error, fields: Object.keys(fe) });
      setTimeout(() => alertRef.current && alertRef.current.focus(), 0);
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { values, set, setValues, errors, alert, setAlert, busy, submit, alertRef };
}

// The form's summary of what went wrong: a 409 says so and offers to
// reload; a 422 lists each field as a link that moves focus to it.
export function FormAlert({ form, idPrefix, onReload }) {
  const a = form.alert;
  if (!a) return null;
  if (a.status === 409 && (!a.error || a.error.code === 'conflict.version')) {
    return html`<div class="alert warn" role="alert" tabindex="-1" ref=${form.alertRef}>
      <p>${t('form.conflict')}</p>
      ${onReload && html`<button type="button" onClick=${onReload}>${t('form.reload')}</button>`}
    </div>`;
  }
  const names = a.fields || [];
  return html`<div class="alert error" role="alert" tabindex="-1" ref=${form.alertRef}>
    <p>${names.length ? t('form.fix_fields', { n: names.length }) : terr(a.error)}</p>
    ${names.length > 0 && html`<ul>${names.map((n) => html`<li key=${n}>
      <a href=${`#${idPrefix}-${n}`} onClick=${(e) => { e.preventDefault(); const el = document.getElementById(`${idPrefix}-${n}`); if (el) el.focus(); }}>
        ${labelOf(`${idPrefix}-${n}`)}${terr(form.errors[n])}</a></li>`)}</ul>`}
  </div>`;
}

// "Name: " for the field with this id (its label's text), or "" when the
// error names a field the form does not show.
function labelOf(id) {
  const l = document.querySelector(`label[for="${CSS.escape(id)}"]`) || document.querySelector(`#${CSS.escape(id)} legend`);
  return l ? `${l.textContent.replace(/\s*\*$/, '').trim()}: ` : '';
}

// A labelled field bound to a form.  type: text|email|url|number|date|
// password|textarea|select (options: [[value, label], ...])|checkbox.
export function Field({ form, name, label, type = 'text', required, hint, options, rows, autocomplete, prefix = 'f', disabled, inputmode }) {
  const id = `${prefix}-${name}`;
  const err = form.errors[name];
  const hintId = hint ? `${id}-hint` : null;
  const errId = err ? `${id}-err` : null;
  const describedby = [hintId, errId].filter(Boolean).join(' ') || undefined;
  const v = form.values[name];
  const common = {
    id, name, required, disabled, 'aria-invalid': err ? 'true' : undefined, 'aria-describedby': describedby,
  };
  let control;
  if (type === 'textarea') {
    control = html`<textarea ...${common} rows=${rows || 3} value=${v ?? ''} onInput=${(e) => form.set(name, e.target.value)} />`;
  } else if (type === 'select') {
    control = html`<select ...${common} value=${v ?? ''} onChange=${(e) => form.set(name, e.target.value)}>
      ${options.map(([val, lab]) => html`<option key=${val} value=${val}>${lab}</option>`)}</select>`;
  } else if (type === 'checkbox') {
    return html`<div class=${err ? 'field check has-error' : 'field check'}>
      <input type="checkbox" ...${common} checked=${!!v} onChange=${(e) => form.set(name, e.target.checked)} />
      <label for=${id}>${label}</label>
      ${err && html`<p class="field-error" id=${errId}>${terr(err)}</p>`}
    </div>`;
  } else {
    control = html`<input type=${type} ...${common} value=${v ?? ''} autocomplete=${autocomplete} inputmode=${inputmode}
      onInput=${(e) => form.set(name, e.target.value)} />`;
  }
  return html`<div class=${err ? 'field has-error' : 'field'}>
    <label for=${id}>${label}${required && html`<span class="req" aria-hidden="true"> *</span>`}</label>
    ${hint && html`<p class="hint" id=${hintId}>${hint}</p>`}
    ${err && html`<p class="field-error" id=${errId}>${terr(err)}</p>`}
    ${control}
  </div>`;
}

// Options for a select from an enum list: [['', '(any)'], ['a', 'A'], ...].
export function enumOptions(kind, values, empty) {
  const opts = values.map((v) => [v, te(kind, v)]);
  return empty === undefined ? opts : [['', empty], ...opts];
}

// Previous / next by cursor.  cursors is the stack of cursors that led here.
export function Pager({ next, hasPrev, onNext, onPrev, label }) {
  if (!next && !hasPrev) return null;
  return html`<nav class="pager no-print" aria-label=${label || t('common.pages')}>
    <button type="button" disabled=${!hasPrev} onClick=${onPrev}>${t('common.prev_page')}</button>
    <button type="button" disabled=${!next} onClick=${onNext}>${t('common.next_page')}</button>
  </nav>`;
}

// "a, b, c" <-> ['a', 'b', 'c'].
export const splitList = (s, sep = /[,\n]/) => (s || '').split(sep).map((x) => x.trim()).filter(Boolean);
export const joinList = (a, sep = ', ') => (a || []).join(sep);

export function Empty({ text }) {
  return html`<p class="empty">${text}</p>`;
}
