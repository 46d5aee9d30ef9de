// 06-feedback-rollup: the feedback summary is read from a rollup kept in
// each write's transaction.  Whatever happens to the records (creates,
// status moves, edits of received_at, channel, topic and language,
// deletes), the summary equals the one counted again from scratch (a change
// of the office's time zone rebuilds the rollup; changing it back rebuilds
// it again), and matches hand-computed figures when the office's zone or
// cycle window changes.  Also: a feedback record cannot point at another
// office's misconception.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let t;
before(async () => { t = await startServer(); });
after(async () => { await t.stop(); });

const SUMMARY = '/api/v1/reports/feedback-summary?from=2025-01-01&to=2025-12-31';

async function record(body) {
  const r = await t.api('staff', 'POST', '/api/v1/feedback', body);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function current(id) {
  const r = await t.api('viewer', 'GET', `/api/v1/feedback/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

async function step(id, body) {
  const r = await t.api('coordinator', 'POST', `/api/v1/feedback/${id}/status`, { version: (await current(id)).version, ...body });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

async function edit(id, body) {
  const r = await t.api('staff', 'PATCH', `/api/v1/feedback/${id}`, { version: (await current(id)).version, ...body });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

async function summary(path = SUMMARY) {
  const r = await t.api('viewer', 'GET', path);
  assert.equal(r.status, 200, r.text);
  delete r.body.generated_at;
  return r.body;
}

async function setOffice(body) {
  const g = await t.api('admin', 'GET', '/api/v1/office');
  const r = await t.api('admin', 'PATCH', '/api/v1/office', { version: g.body.version, ...body });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

// The summary after a rebuild from scratch: away to another zone and back.
async function recounted(path = SUMMARY) {
  const zone = (await t.api('admin', 'GET', '/api/v1/office')).body.timezone;
  await setOffice({ timezone: zone === 'UTC' ? 'Asia/Kolkata' : 'UTC' });
  await setOffice({ timezone: zone });
  return summary(path);
}

test('the rollup follows creates, status moves, edits and deletes, and equals a recount', async () => {
  await setOffice({ timezone: 'America/Chicago' });
  const topics = (await t.api('viewer', 'GET', '/api/v1/topics')).body.items.map((x) => x.id);
  const made = [];
  const channels = ['phone', 'email', 'walk_in', 'web_form'];
  const langs = ['en', 'es', 'vi'];
  for (let i = 0; i < 24; i++) {
    const day = String(1 + (i * 5) % 28).padStart(2, '0');
    const month = String(1 + (i % 12)).padStart(2, '0');
    made.push(await record({
      channel: channels[i % 4], language: langs[i % 3], topic_id: i % 5 ? topics[i % topics.length] : undefined,
      body: `Rollup record ${i}`, received_at: `2025-${month}-${day}T${String(12 + (i % 12)).padStart(2, '0')}:30:00Z`,
    }));
  }
  // A spread of workflow states with dated steps.
  for (let i = 0; i < 18; i++) {
    const f = made[i];
    const t0 = Date.parse(f.received_at);
    const at = (h) => new Date(t0 + h * 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');
    if (i % 3 === 0) await step(f.id, { status: 'triaged', at: at(1 + i) });
    if (i % 3 !== 2) await step(f.id, { status: 'action_taken', action_taken: 'Called back', at: at(30 + i) });
    if (i % 2 === 0 && i % 3 !== 2) await step(f.id, { status: 'closed', at: at(50 + 2 * i) });
    if (i % 3 === 2) await step(f.id, { status: 'closed_no_action', reason: 'Duplicate', at: at(5 + i) });
  }
  // Reopen two, close one again later.
  await step(made[0].id, { status: 'in_progress', note: 'reopened' });
  await step(made[6].id, { status: 'in_progress', note: 'reopened' });
  await step(made[6].id, { status: 'action_taken', action_taken: 'Fixed the sign' });
  // Edits that move a record across days, months, channels, topics and languages.
  await edit(made[1].id, { received_at: '2025-03-31T23:30:00Z' });   // 18:30 CDT, March 31
  await edit(made[2].id, { received_at: '2025-12-01T05:59:59Z', channel: 'mail', language: 'ko' });
  await edit(made[3].id, { topic_id: topics[2] });
  await edit(made[4].id, { topic_id: null, channel: 'event' });
  await edit(made[5].id, { body: 'Only the text changes' });
  // Deletes.
  assert.equal((await t.api('director', 'DELETE', `/api/v1/feedback/${made[7].id}`)).status, 204);
  assert.equal((await t.api('director', 'DELETE', `/api/v1/feedback/${made[20].id}`)).status, 204);

  const kept = await summary();
  assert.equal(kept.totals.received, 22);
  assert.ok(kept.totals.time_to_first_action.count > 10);
  assert.ok(kept.totals.time_to_close.count > 3);
  assert.deepEqual(await recounted(), kept);
  // The same for a month and a single day.
  for (const p of ['?from=2025-03-01&to=2025-03-31', '?from=2025-12-01&to=2025-12-01']) {
    const path = `/api/v1/reports/feedback-summary${p}`;
    const a = await summary(path);
    assert.deepEqual(await recounted(path), a);
  }
});

test('a change of time zone moves records to their new local dates', async () => {
  await setOffice({ timezone: 'America/Chicago' });
  const f = await record({ channel: 'phone', body: 'Late call', received_at: '2025-06-01T03:00:00Z' });   // May 31, 22:00 CDT
  const june = '/api/v1/reports/feedback-summary?from=2025-06-01&to=2025-06-01';
  const may31 = '/api/v1/reports/feedback-summary?from=2025-05-31&to=2025-05-31';
  const june0 = (await summary(june)).totals.received;
  const may0 = (await summary(may31)).totals.received;
  await setOffice({ timezone: 'UTC' });   // now June 1, 03:00
  assert.equal((await summary(june)).totals.received, june0 + 1);
  assert.equal((await summary(may31)).totals.received, may0 - 1);
  const s = await summary(june);
  assert.equal(s.office.timezone, 'UTC');
  assert.equal(s.utc_start, '2025-06-01T00:00:00Z');
  await setOffice({ timezone: 'Asia/Kathmandu' });   // +05:45: June 1, 08:45
  assert.equal((await summary(june)).totals.received, june0 + 1);
  assert.equal((await summary(june)).utc_start, '2025-05-31T18:15:00Z');
  await setOffice({ timezone: 'America/Chicago' });
  assert.equal((await summary(may31)).totals.received, may0);
  assert.equal((await t.api('director', 'DELETE', `/api/v1/feedback/${f.id}`)).status, 204);
});

test('the cycle window and the elections apply at once, without a rebuild', async () => {
  await setOffice({ timezone: 'America/Chicago' });
  const path = '/api/v1/reports/feedback-summary?from=2024-01-01&to=2024-12-31';
  // Two records: 2024-10-01 and 2024-11-20 (local), an election on 2024-11-05.
  await record({ channel: 'phone', body: 'Cycle A', received_at: '2024-10-01T17:00:00Z' });
  await record({ channel: 'phone', body: 'Cycle B', received_at: '2024-11-20T17:00:00Z' });
  const on = (s) => s.by_cycle.find((c) => c.cycle === 'on').received;
  assert.equal(on(await summary(path)), 0, 'no elections yet: everything is off-cycle');
  const e = await t.api('coordinator', 'POST', '/api/v1/elections', { name: 'General', election_date: '2024-11-05', type: 'general' });
  assert.equal(e.status, 201, e.text);
  assert.equal(on(await summary(path)), 2, '35 days before and 15 after: both within 60/30');
  await setOffice({ settings: { on_cycle_days_before: 30, on_cycle_days_after: 15 } });
  assert.equal(on(await summary(path)), 1, 'only 2024-11-20 (15 days after) is on-cycle now');
  await setOffice({ settings: { on_cycle_days_before: 35, on_cycle_days_after: 14 } });
  assert.equal(on(await summary(path)), 1, 'only 2024-10-01 (35 days before) is on-cycle now');
  const s = await summary(path);
  assert.deepEqual(await recounted(path), s);
  await setOffice({ settings: { on_cycle_days_before: 60, on_cycle_days_after: 30 } });
});

test("a record cannot point at another office's misconception", async () => {
  const mine = await t.api('coordinator', 'POST', '/api/v1/misconceptions', { statement: 'Ballots are counted twice', severity: 'high', topic: 'mail_voting' });
  assert.equal(mine.status, 201, mine.text);
  const theirs = await t.api({ office: 1, role: 'coordinator' }, 'POST', '/api/v1/misconceptions', { statement: 'Drop boxes are unwatched', severity: 'high', topic: 'mail_voting' });
  assert.equal(theirs.status, 201, theirs.text);
  const f = await record({ channel: 'phone', body: 'Heard a rumor' });
  let r = await t.api('staff', 'PATCH', `/api/v1/feedback/${f.id}`, { version: f.version, misconception_id: theirs.body.id });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.code, 'validation.reference');
  assert.equal(r.body.error.field, 'misconception_id');
  assert.equal((await current(f.id)).misconception_id, null, 'nothing written');
  r = await t.api('staff', 'POST', '/api/v1/feedback', { channel: 'phone', body: 'x', misconception_id: theirs.body.id });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'misconception_id');
  r = await t.api('staff', 'PATCH', `/api/v1/feedback/${f.id}`, { version: f.version, misconception_id: 'seven' });
  assert.equal(r.status, 422);
  r = await t.api('staff', 'PATCH', `/api/v1/feedback/${f.id}`, { version: f.version, misconception_id: mine.body.id });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.misconception_id, mine.body.id);
});
