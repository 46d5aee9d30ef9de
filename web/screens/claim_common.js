// screens/claim_common.js: what the misconception screens share: hours as
// people read them ("30 h", "3 d 4 h"), a claim's clock against the
// office's response target in words (past target is said in text, not only
// shown in colour), and the address of a claim's public facts page.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { session } from '../api.js';

// 0.25 -> "15 min"; 30 -> "30 h"; 76 -> "3 d 4 h"; 168 -> "7 days".
// Whole minutes under an hour, whole hours (rounded down) above.
export function fmtHours(h) {
  const x = Math.max(0, Number(h) || 0);
  if (x < 1) return t('claims.minutes', { n: Math.floor(x * 60) });
  const n = Math.floor(x);
  if (n < 48) return t('claims.hours', { n });
  const d = Math.floor(n / 24);
  const r = n % 24;
  return r ? t('claims.days_hours', { d, h: r }) : t('claims.days', { n: d });
}

// Hours since an ISO time (now - at), or until it when negative.
export const hoursSince = (iso, now = Date.now()) => (now - new Date(iso).getTime()) / 3600e3;

// The clock of a claim as one sentence.  c carries first_seen_at,
// published_at, target_hours and overdue (the board's items and the claim
// itself both do); age_hours when the API computed it.
export function clockText(c) {
  const target = fmtHours(c.target_hours);
  if (c.published_at) {
    const took = (new Date(c.published_at) - new Date(c.first_seen_at)) / 3600e3;
    return t(c.overdue ? 'claims.answered_late' : 'claims.answered_in', { took: fmtHours(took), target });
  }
  const age = c.age_hours ?? hoursSince(c.first_seen_at);
  if (c.overdue) return t('claims.open_past', { age: fmtHours(age), target, by: fmtHours(age - c.target_hours) });
  return t('claims.open_within', { age: fmtHours(age), target, left: fmtHours(c.target_hours - age) });
}

// The badge that says, in words, that a claim's response is late.
export function OverdueBadge({ c }) {
  if (!c.overdue) return null;
  return html`<span class="badge bad">${t(c.published_at ? 'claims.was_late' : 'claims.overdue')}</span>`;
}

// "/o/county-slug/facts/the-slug": the public page of a published claim
// (the office's own path works whether the server has one office or many).
export function factsUrl(slug) {
  const office = session.office && session.office.slug;
  return office ? `/o/${encodeURIComponent(office)}/facts/${encodeURIComponent(slug)}` : `/facts/${encodeURIComponent(slug)}`;
}

// "high 24 h · medium 3 d · low 7 d" from {high, medium, low}.
export function targetsText(th) {
  return t('claims.targets', { high: fmtHours(th.high), medium: fmtHours(th.medium), low: fmtHours(th.low) });
}

export const opt = (s) => (s == null || String(s).trim() === '' ? null : String(s).trim());

// A datetime-local value ("2026-11-23T09:30", the browser's own zone) ->
// ISO UTC without milliseconds, or the text as typed when unreadable (so
// the API's error lands next to the field).
export function localToIso(v) {
  if (!opt(v)) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? v : d.toISOString().replace(/\.\d+Z$/, 'Z');
}

// For a button that opens a form in its place: [open, setOpen, openerRef].
// When the form closes (saved or cancelled), focus returns to the button,
// so keyboard users are not dropped at the top of the page.
export function useDisclosure() {
  const [open, setOpen] = useState(false);
  const opener = useRef(null);
  const was = useRef(false);
  useEffect(() => {
    if (was.current && !open && opener.current) opener.current.focus();
    was.current = open;
  }, [open]);
  return [open, setOpen, opener];
}

// ref={focusOnMount}: focuses the element once, when it first appears (a
// form that just opened, its heading).  One stable function, so Preact
// does not call it again on every render.
export function focusOnMount(el) {
  if (el && !el.dataset.focused) {
    el.dataset.focused = '1';
    el.focus();
  }
}
