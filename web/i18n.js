// i18n.js: the one door every user-facing string passes through.
// Components call t('key', {param}) with keys from locales/en.js; dates and
// times are formatted here in the office's time zone (set by setTimeZone
// once the session is known).  A missing key shows the key itself, so a
// gap is visible rather than silent.
import en from './locales/en.js';

const catalogs = { en };
let catalog = en;
let locale = 'en-US';
let timeZone = 'UTC';

export function setLocale(lang) {
  catalog = catalogs[lang] || en;
  locale = lang === 'en' ? 'en-US' : lang;
  document.documentElement.lang = lang;
}

export function setTimeZone(tz) {
  try {
    new Intl.DateTimeFormat(locale, { timeZone: tz });
    timeZone = tz;
  } catch {
    timeZone = 'UTC';
  }
}

export function getTimeZone() { return timeZone; }

// t('partners.count', {n: 3}) -> "3 partners".  {name} placeholders are
// replaced by params; keys ending in a plural form pick .one / .other.
export function t(key, params) {
  let s = catalog[key];
  if (s && typeof s === 'object') s = params && params.n === 1 ? s.one : s.other;
  if (s === undefined) s = en[key];
  if (s && typeof s === 'object') s = params && params.n === 1 ? s.one : s.other;
  if (s === undefined) return key;
  if (!params) return s;
  return s.replace(/\{(\w+)\}/g, (m, k) => (params[k] === undefined || params[k] === null ? '' : String(params[k])));
}

// The label of an enum value: t('enum.status.active'); unknown values show as-is.
export function te(kind, value) {
  if (value === null || value === undefined || value === '') return '';
  const s = catalog[`enum.${kind}.${value}`] ?? en[`enum.${kind}.${value}`];
  return s === undefined ? String(value) : s;
}

// An API error's text: the catalog's message for its code when there is
// one, otherwise the server's own message (already in plain language).
export function terr(err) {
  if (!err) return '';
  const s = err.code && (catalog[`error.${err.code}`] ?? en[`error.${err.code}`]);
  return s || err.message || t('error.unknown');
}

const fmtCache = new Map();
function fmt(kind, opts) {
  const k = `${kind}|${timeZone}|${locale}`;
  if (!fmtCache.has(k)) fmtCache.set(k, new Intl.DateTimeFormat(locale, opts));
  return fmtCache.get(k);
}

// "2026-11-23T14:05:00Z" -> "Nov 23, 2026, 9:05 AM" in the office's zone.
export function fmtDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return fmt('dt', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

// A calendar date "2026-11-23" (no time, no zone) -> "Nov 23, 2026".
export function fmtDate(ymd) {
  if (!ymd) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(ymd);
  if (!m) return ymd;
  if (ymd.length > 10) return fmtDateTime(ymd);
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return fmt('d', { timeZone: 'UTC', dateStyle: 'medium' }).format(d);
}

// "2026-11" -> "Nov 2026".
export function fmtMonth(ym) {
  const m = /^(\d{4})-(\d{2})/.exec(ym || '');
  if (!m) return ym || '';
  return fmt('m', { timeZone: 'UTC', month: 'short', year: 'numeric' }).format(new Date(Date.UTC(+m[1], +m[2] - 1, 1)));
}

// Today's date in the office's zone, "YYYY-MM-DD".
export function todayInOffice(now = new Date()) {
  const parts = fmt('ymd', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function fmtNumber(n) {
  return new Intl.NumberFormat(locale).format(n);
}
