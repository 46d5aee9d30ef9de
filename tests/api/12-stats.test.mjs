// 12-stats: GET /api/v1/stats/interactions, the dashboard's office-wide
// figures: interactions by month, type and direction, and reciprocity,
// compared with numbers counted by hand.  Months follow the dates the
// office logged (its local dates); the default window ends today in the
// office's time zone; another office's interactions are never counted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let t;
const partners = {};
// Office 0 is at UTC+14, so its "today" is often tomorrow in UTC.
const ZONE = 'Pacific/Kiritimati';

async function partner(name, office = 0) {
  const r = await t.api({ office, role: 'coordinator' }, 'POST', '/api/v1/partners', { name, kind: 'institutional', subtype: 'library' });
  assert.equal(r.status, 201, r.text);
  return r.body.id;
}

async function log(pid, occurred_on, type, direction, office = 0) {
  const r = await t.api({ office, role: 'staff' }, 'POST', `/api/v1/partners/${pid}/interactions`,
    { occurred_on, type, direction, summary: `${type} on ${occurred_on}` });
  assert.equal(r.status, 201, r.text);
}

function localToday(zone) {
  const p = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date());
  const g = (k) => p.find((x) => x.type === k).value;
  return `${g('year')}-${g('month')}-${g('day')}`;
}

const stats = (q, who = 'viewer') => t.api(who, 'GET', `/api/v1/stats/interactions${q}`);
const byKey = (list, key) => Object.fromEntries(list.map((x) => [x[key], x]));

before(async () => {
  t = await startServer();
  const office = await t.api('admin', 'GET', '/api/v1/office');
  const r = await t.api('admin', 'PATCH', '/api/v1/office', { timezone: ZONE, version: office.body.version });
  assert.equal(r.status, 200, r.text);
  partners.a = await partner('Library A');
  partners.b = await partner('Radio B');
  partners.other = await partner('Elsewhere C', 1);
  // The hand-counted set: January 31 and February 1 sit either side of a
  // month boundary, as do February 28 and March 1.
  await log(partners.a, '2025-12-31', 'meeting', 'both');        // before the period
  await log(partners.a, '2026-01-31', 'meeting', 'office_gave');
  await log(partners.a, '2026-02-01', 'tour', 'both');
  await log(partners.b, '2026-02-28', 'call', 'partner_gave');
  await log(partners.b, '2026-03-01', 'email', 'neither');
  await log(partners.b, '2026-03-02', 'email', 'both');          // after the period
  await log(partners.other, '2026-02-10', 'meeting', 'both', 1); // another office
  await log(partners.other, '2026-01-31', 'tour', 'office_gave', 1);
});
after(async () => { await t.stop(); });

test('counts by month, type and direction match the hand count', async () => {
  const r = await stats('?from=2026-01-01&to=2026-03-01');
  assert.equal(r.status, 200, r.text);
  const s = r.body;
  assert.equal(s.from, '2026-01-01');
  assert.equal(s.to, '2026-03-01');
  assert.equal(s.timezone, ZONE);
  assert.deepEqual(s.months, ['2026-01', '2026-02', '2026-03']);
  assert.equal(s.total, 4);
  assert.deepEqual(s.by_month, [
    { month: '2026-01', count: 1, office_gave: 1, partner_gave: 0 },
    { month: '2026-02', count: 2, office_gave: 1, partner_gave: 2 },
    { month: '2026-03', count: 1, office_gave: 0, partner_gave: 0 },
  ]);
  const types = byKey(s.by_type, 'type');
  assert.deepEqual(types.meeting, { type: 'meeting', count: 1, by_month: [1, 0, 0] });
  assert.deepEqual(types.tour, { type: 'tour', count: 1, by_month: [0, 1, 0] });
  assert.deepEqual(types.call, { type: 'call', count: 1, by_month: [0, 1, 0] });
  assert.deepEqual(types.email, { type: 'email', count: 1, by_month: [0, 0, 1] });
  assert.deepEqual(types.presentation, { type: 'presentation', count: 0, by_month: [0, 0, 0] });
  assert.equal(s.by_type.reduce((n, x) => n + x.count, 0), 4);
  const dirs = byKey(s.by_direction, 'direction');
  assert.deepEqual(Object.keys(dirs).sort(), ['both', 'neither', 'office_gave', 'partner_gave']);
  assert.deepEqual(dirs.office_gave.by_month, [1, 0, 0]);
  assert.deepEqual(dirs.both.by_month, [0, 1, 0]);
  assert.deepEqual(dirs.partner_gave.by_month, [0, 1, 0]);
  assert.deepEqual(dirs.neither.by_month, [0, 0, 1]);
  // A gave (Jan 31) and received (the tour, both ways): reciprocal; B only
  // gave and had an exchange where neither gave.
  assert.deepEqual(s.reciprocity, { office_gave: 2, partner_gave: 2, partners_touched: 2, partners_reciprocal: 1 });
  // Only to given: the twelve months ending in to's month.
  const r2 = await stats('?to=2026-03-15');
  assert.equal(r2.status, 200, r2.text);
  assert.equal(r2.body.from, '2025-04-01');
  assert.equal(r2.body.months.length, 12);
  assert.equal(r2.body.total, 6);
});

test('the period ends are inclusive and cut at the day', async () => {
  const r = await stats('?from=2026-01-31&to=2026-02-28');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.months, ['2026-01', '2026-02']);
  assert.deepEqual(r.body.by_month.map((m) => m.count), [1, 2]);
  const one = await stats('?from=2026-02-01&to=2026-02-01');
  assert.equal(one.body.total, 1);
  assert.deepEqual(one.body.months, ['2026-02']);
  assert.equal(byKey(one.body.by_type, 'type').tour.count, 1);
  const none = await stats('?from=2024-01-01&to=2024-12-31');
  assert.equal(none.body.total, 0);
  assert.equal(none.body.months.length, 12);
  assert.deepEqual(none.body.reciprocity, { office_gave: 0, partner_gave: 0, partners_touched: 0, partners_reciprocal: 0 });
});

test('another office sees only its own interactions', async () => {
  const r = await stats('?from=2026-01-01&to=2026-03-01', { office: 1, role: 'viewer' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.total, 2);
  assert.deepEqual(r.body.by_month.map((m) => m.count), [1, 1, 0]);
  assert.deepEqual(r.body.reciprocity, { office_gave: 2, partner_gave: 1, partners_touched: 1, partners_reciprocal: 1 });
});

test('without a period: the last twelve months up to today in the office time zone', async () => {
  const today = localToday(ZONE);
  // Dated today where the office is (possibly tomorrow in UTC), and the day
  // before the window opens.
  await log(partners.a, today, 'presentation', 'office_gave');
  const [y, m] = today.split('-').map(Number);
  const start = new Date(Date.UTC(y, m - 12, 1));
  const from = start.toISOString().slice(0, 10);
  const dayBefore = new Date(start.getTime() - 86400000).toISOString().slice(0, 10);
  await log(partners.a, dayBefore, 'training', 'both');
  const r = await stats('');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.to, today);
  assert.equal(r.body.from, from);
  assert.equal(r.body.months.length, 12);
  assert.equal(r.body.months[11], today.slice(0, 7));
  const types = byKey(r.body.by_type, 'type');
  assert.equal(types.presentation.by_month[11], 1);
  assert.equal(types.training.count, 0);
});

test('bad periods are refused with the field at fault', async () => {
  const cases = [
    ['?from=2026-13-01&to=2026-12-31', 'from', 'validation.date'],
    ['?from=2026-01-01&to=2026-02-30', 'to', 'validation.date'],
    ['?from=yesterday', 'from', 'validation.date'],
    ['?from=2026-03-01&to=2026-01-01', 'from', 'validation.range'],
    ['?from=2020-01-01&to=2026-01-01', 'from', 'validation.range'],
    ['?from=%E2%80%8B2026-01-01', 'from', 'validation.date'],
    ['?from=%FF%FE', 'from', null],
  ];
  for (const [q, field, code] of cases) {
    const r = await stats(q);
    assert.ok(r.status === 422 || r.status === 400, `${q}: ${r.status} ${r.text}`);
    if (code) {
      assert.equal(r.status, 422, q);
      assert.equal(r.body.error.code, code, q);
      assert.equal(r.body.error.field, field, q);
    }
  }
});

test('signed-out callers get nothing; the route only reads', async () => {
  assert.equal((await t.request('GET', '/api/v1/stats/interactions')).status, 401);
  assert.equal((await t.api('not-a-token', 'GET', '/api/v1/stats/interactions')).status, 401);
  assert.equal((await t.api('viewer', 'POST', '/api/v1/stats/interactions', {})).status, 405);
});
