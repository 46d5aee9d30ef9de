// 06-feedback: recording feedback and its workflow, topics, solicitations,
// elections and cycles, the summary report, the public-records export, and
// the public form (languages, honeypot, token, rate limit, bad input).
// Confidential contact details must never reach exports, the public page,
// the record, search or the audit log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from './lib.mjs';

let t;
before(async () => { t = await startServer(); });
after(async () => { await t.stop(); });

const SECRET_EMAIL = 'maria.secret@example.org';
const SECRET_NAME = 'Maria Confidential';
const slug = (i = 0) => `office-${i}-${process.pid}`;

async function record(who, body) {
  const r = await t.api(who, 'POST', '/api/v1/feedback', body);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function step(id, version, body, who = 'staff') {
  return t.api(who, 'POST', `/api/v1/feedback/${id}/status`, { version, ...body });
}

function formBody(fields) {
  return new URLSearchParams(fields).toString();
}

async function formToken(path, headers = {}) {
  const r = await t.request('GET', path, { headers });
  assert.equal(r.status, 200, r.text);
  return r.text.match(/name="token" value="([^"]+)"/)[1];
}

async function postForm(path, fields, headers = {}) {
  return t.request('POST', path, { raw: formBody(fields), headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers } });
}

test('a clerk records feedback with just a channel and the text', async () => {
  const f = await record('staff', { channel: 'phone', body: 'Where is my polling place?' });
  assert.match(f.reference, /^FB-\d{4}-\d{6}$/);
  assert.equal(f.status, 'new');
  assert.equal(f.source, 'voter');
  assert.equal(f.language, 'en');
  assert.equal(f.has_contact, false);
  assert.equal(f.events.length, 1);
  assert.equal(f.events[0].kind, 'created');
  assert.equal(f.events[0].actor, 'staff0@example.org');
  const g = await record('staff', { channel: 'email', body: 'Second' });
  assert.equal(Number(g.reference.slice(-6)), Number(f.reference.slice(-6)) + 1);
  const v = await t.api('viewer', 'POST', '/api/v1/feedback', { channel: 'phone', body: 'x' });
  assert.equal(v.status, 403);
  assert.equal((await t.api('viewer', 'GET', `/api/v1/feedback/${f.id}`)).status, 200);
});

test('a call answered on the spot is recorded as closed in one request', async () => {
  const f = await record('staff', { channel: 'walk_in', body: 'Asked about ID rules', status: 'closed', action_taken: 'Explained the ID rules' });
  assert.equal(f.status, 'closed');
  assert.deepEqual(f.events.map((e) => [e.kind, e.to_status]), [['created', 'new'], ['status', 'action_taken'], ['status', 'closed']]);
  assert.ok(f.first_action_at && f.action_taken_at && f.closed_at);
  const bad = await t.api('staff', 'POST', '/api/v1/feedback', { channel: 'walk_in', body: 'x', status: 'closed' });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.error.field, 'action_taken');
});

test('bad input is refused with every problem listed and nothing written', async () => {
  const before = (await t.api('viewer', 'GET', '/api/v1/feedback?limit=200')).body.items.length;
  let r = await t.api('staff', 'POST', '/api/v1/feedback', { channel: 'carrier_pigeon', body: 5, source: 'alien', language: '??', extra: 1 });
  assert.equal(r.status, 422);
  const fields = r.body.error.details.map((d) => d.field).sort();
  assert.deepEqual(fields, ['body', 'channel', 'extra', 'language', 'source']);
  assert.equal(r.body.error.details.find((d) => d.field === 'channel').code, 'validation.enum');
  r = await t.api('staff', 'POST', '/api/v1/feedback', { channel: 'phone', body: 'x'.repeat(10001) });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.code, 'validation.length');
  r = await t.api('staff', 'POST', '/api/v1/feedback', { channel: 'phone', body: 'x', received_at: '2999-01-01T00:00:00Z' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'received_at');
  r = await t.api('staff', 'POST', '/api/v1/feedback', { channel: 'phone', body: 'x', due_on: '2026-02-30' });
  assert.equal(r.body.error.code, 'validation.date');
  r = await t.api('staff', 'POST', '/api/v1/feedback', { channel: 'phone', body: 'x', contact: { email: 'not an email', consent: 'yes' } });
  assert.deepEqual(r.body.error.details.map((d) => d.field).sort(), ['contact.consent', 'contact.email']);
  r = await t.request('POST', '/api/v1/feedback', { token: t.tokens[0].staff, raw: Buffer.from([0x7b, 0x22, 0x62, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'request.invalid_utf8');
  r = await t.request('POST', '/api/v1/feedback', { token: t.tokens[0].staff, raw: `{"channel":"phone","body":"${'x'.repeat(1100000)}"}`, headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 413);
  r = await t.request('POST', '/api/v1/feedback', { token: t.tokens[0].staff, raw: 'channel=phone', headers: { 'Content-Type': 'text/plain' } });
  assert.equal(r.status, 415);
  const afterCount = (await t.api('viewer', 'GET', '/api/v1/feedback?limit=200')).body.items.length;
  assert.equal(afterCount, before);
});

test('the workflow: each step dated and attributed, only sensible moves, stale versions refused', async () => {
  const f = await record('staff', { channel: 'phone', body: 'Long line at precinct 4', received_at: '2026-01-10T15:00:00Z' });
  let r = await step(f.id, f.version, { status: 'closed' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.code, 'validation.status_transition');
  r = await step(f.id, f.version, { status: 'triaged', at: '2026-01-10T16:00:00Z' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.first_action_at, '2026-01-10T16:00:00Z');
  const stale = await step(f.id, f.version, { status: 'in_progress' });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.code, 'conflict.version');
  assert.equal(stale.body.error.current.status, 'triaged');
  r = await step(f.id, r.body.version, { status: 'in_progress', at: '2026-01-10T15:30:00Z' });
  assert.equal(r.status, 422, 'a step cannot be dated before the previous one');
  assert.equal(r.body.error.field, 'at');
  const cur = (await t.api('viewer', 'GET', `/api/v1/feedback/${f.id}`)).body;
  r = await step(f.id, cur.version, { status: 'action_taken' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'action_taken');
  r = await step(f.id, cur.version, { status: 'action_taken', action_taken: 'Sent two more poll workers', at: '2026-01-11T10:00:00Z' }, 'coordinator');
  assert.equal(r.status, 200);
  assert.equal(r.body.first_action_at, '2026-01-10T16:00:00Z', 'first action stays the first step');
  assert.equal(r.body.action_taken_at, '2026-01-11T10:00:00Z');
  r = await step(f.id, r.body.version, { status: 'closed', at: '2026-01-12T10:00:00Z' });
  assert.equal(r.body.closed_at, '2026-01-12T10:00:00Z');
  r = await step(f.id, r.body.version, { status: 'in_progress', note: 'reopened' });
  assert.equal(r.body.closed_at, null);
  const ev = r.body.events.filter((e) => e.kind === 'status');
  assert.deepEqual(ev.map((e) => e.to_status), ['triaged', 'action_taken', 'closed', 'in_progress']);
  assert.equal(ev[1].actor, 'coordinator0@example.org');
  assert.equal(ev[1].note, 'Sent two more poll workers');
  const g = await record('staff', { channel: 'email', body: 'Spam-ish' });
  r = await step(g.id, g.version, { status: 'closed_no_action' });
  assert.equal(r.body.error.field, 'reason');
  r = await step(g.id, g.version, { status: 'closed_no_action', reason: 'Not about elections' });
  assert.equal(r.status, 200);
  assert.equal(r.body.close_reason, 'Not about elections');
  r = await step(g.id, r.body.version, { status: 'bogus' });
  assert.equal(r.body.error.code, 'validation.enum');
});

test('edits need the version, check references, and record assignment', async () => {
  const f = await record('staff', { channel: 'phone', body: 'Edit me' });
  let r = await t.api('staff', 'PATCH', `/api/v1/feedback/${f.id}`, { body: 'Edited' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'version');
  const otherUser = t.users[1].staff.id;
  r = await t.api('staff', 'PATCH', `/api/v1/feedback/${f.id}`, { version: f.version, assignee_id: otherUser });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.code, 'validation.reference');
  r = await t.api('staff', 'PATCH', `/api/v1/feedback/${f.id}`, { version: f.version, assignee_id: t.users[0].coordinator.id, due_on: '2026-12-01', body: 'Edited' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.assignee_name, 'coordinator 0');
  assert.ok(r.body.events.some((e) => e.kind === 'assigned'));
  const mine = await t.api('viewer', 'GET', `/api/v1/feedback?assignee_id=${t.users[0].coordinator.id}`);
  assert.ok(mine.body.items.some((i) => i.id === f.id));
  assert.equal((await t.api('staff', 'DELETE', `/api/v1/feedback/${f.id}`)).status, 403);
  assert.equal((await t.api('director', 'DELETE', `/api/v1/feedback/${f.id}`)).status, 204);
  assert.equal((await t.api('viewer', 'GET', `/api/v1/feedback/${f.id}`)).status, 404);
});

test("another office's feedback is invisible everywhere", async () => {
  const f = await record({ office: 1, role: 'staff' }, { channel: 'phone', body: 'zebraquokka other office' });
  assert.equal((await t.api('director', 'GET', `/api/v1/feedback/${f.id}`)).status, 404);
  assert.equal((await t.api('director', 'PATCH', `/api/v1/feedback/${f.id}`, { version: 1, body: 'x' })).status, 404);
  assert.equal((await step(f.id, 1, { status: 'triaged' }, 'director')).status, 404);
  assert.equal((await t.api('director', 'GET', `/api/v1/feedback/${f.id}/contact`)).status, 404);
  assert.equal((await t.api('director', 'DELETE', `/api/v1/feedback/${f.id}`)).status, 404);
  const list = await t.api('director', 'GET', '/api/v1/feedback?limit=200');
  assert.ok(!list.body.items.some((i) => i.id === f.id));
  const search = await t.api('director', 'GET', '/api/v1/feedback?q=zebraquokka');
  assert.equal(search.body.items.length, 0);
  const own = await t.api({ office: 1, role: 'viewer' }, 'GET', '/api/v1/feedback?q=zebraquokka');
  assert.equal(own.body.items.length, 1);
  const otherTopic = (await t.api({ office: 1, role: 'viewer' }, 'GET', '/api/v1/topics')).body.items[0].id;
  const r = await t.api('staff', 'POST', '/api/v1/feedback', { channel: 'phone', body: 'x', topic_id: otherTopic });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.code, 'validation.reference');
  const y = new Date().getUTCFullYear();
  const exp = await t.api('director', 'GET', `/api/v1/exports/feedback?from=${y}-01-01&to=${y}-12-31`);
  assert.ok(!exp.text.includes('zebraquokka'));
});

test('contact details are confidential: apart from the record, staff-only, never exported or logged', async () => {
  const f = await record('staff', {
    channel: 'phone', body: 'Please call me back about my ballot',
    contact: { name: SECRET_NAME, email: SECRET_EMAIL, phone: '555-867-5309', consent: true },
  });
  assert.equal(f.has_contact, true);
  assert.equal(f.contact_consent, true);
  assert.ok(!JSON.stringify(f).includes(SECRET_EMAIL));
  assert.equal((await t.api('viewer', 'GET', `/api/v1/feedback/${f.id}/contact`)).status, 403);
  const c = await t.api('staff', 'GET', `/api/v1/feedback/${f.id}/contact`);
  assert.equal(c.body.email, SECRET_EMAIL);
  assert.equal(c.body.confidential, true);
  const search = await t.api('viewer', 'GET', `/api/v1/feedback?q=${encodeURIComponent('Confidential')}`);
  assert.equal(search.body.items.length, 0);
  const audit = await t.api('director', 'GET', `/api/v1/audit?entity=feedback&entity_id=${f.id}`);
  assert.equal(audit.status, 200);
  assert.ok(audit.body.items.length >= 1);
  assert.ok(!audit.text.includes(SECRET_EMAIL) && !audit.text.includes(SECRET_NAME));
  const put = await t.api('staff', 'PUT', `/api/v1/feedback/${f.id}/contact`, { email: 'new@example.org', consent: false });
  assert.equal(put.status, 200);
  assert.equal(put.body.email, 'new@example.org');
  assert.equal(put.body.name, null);
  const cleared = await t.api('staff', 'PUT', `/api/v1/feedback/${f.id}/contact`, {});
  assert.equal(cleared.body.email, null);
  assert.equal((await t.api('viewer', 'GET', `/api/v1/feedback/${f.id}`)).body.has_contact, false);
});

test('topics: the seeded list, add, rename, retire; one in use cannot be deleted', async () => {
  const list = await t.api('viewer', 'GET', '/api/v1/topics');
  assert.deepEqual(list.body.items.map((x) => x.key), ['registration', 'mail_ballots', 'polling_places', 'accessibility',
    'language_access', 'wait_times', 'results', 'security', 'staff_conduct', 'other']);
  assert.equal((await t.api('staff', 'POST', '/api/v1/topics', { name: 'Parking' })).status, 403);
  const p = await t.api('coordinator', 'POST', '/api/v1/topics', { name: 'Parking' });
  assert.equal(p.status, 201);
  assert.equal((await t.api('coordinator', 'POST', '/api/v1/topics', { name: 'Parking' })).status, 409);
  assert.equal((await t.api('coordinator', 'POST', '/api/v1/topics', { name: '' })).status, 422);
  await record('staff', { channel: 'phone', body: 'No parking at the library', topic_id: p.body.id });
  const del = await t.api('director', 'DELETE', `/api/v1/topics/${p.body.id}`);
  assert.equal(del.status, 409);
  assert.equal(del.body.error.code, 'conflict.in_use');
  const ret = await t.api('coordinator', 'PATCH', `/api/v1/topics/${p.body.id}`, { version: p.body.version, active: false, name: 'Parking and access' });
  assert.equal(ret.status, 200);
  assert.equal(ret.body.active, false);
  assert.ok(!(await t.api('viewer', 'GET', '/api/v1/topics')).body.items.some((x) => x.id === p.body.id));
  assert.ok((await t.api('viewer', 'GET', '/api/v1/topics?include_retired=true')).body.items.some((x) => x.id === p.body.id));
  assert.equal((await t.api('coordinator', 'PATCH', `/api/v1/topics/${p.body.id}`, { version: 1, active: true })).status, 409);
  const other = (await t.api({ office: 1, role: 'viewer' }, 'GET', '/api/v1/topics')).body.items[0];
  assert.equal((await t.api('coordinator', 'PATCH', `/api/v1/topics/${other.id}`, { version: other.version, name: 'x' })).status, 404);
});

test('elections set the cycle; solicitations are logged with partners and counted', async () => {
  const e = await t.api('coordinator', 'POST', '/api/v1/elections', { name: 'Municipal', election_date: '2025-11-04', type: 'municipal' });
  assert.equal(e.status, 201, e.text);
  assert.equal(e.body.on_cycle_from, '2025-09-05');
  assert.equal(e.body.on_cycle_to, '2025-12-04');
  assert.equal((await t.api('coordinator', 'POST', '/api/v1/elections', { name: 'X', election_date: '2025-13-01', type: 'general' })).status, 422);
  assert.equal((await t.api('coordinator', 'POST', '/api/v1/elections', { name: 'X', election_date: '2025-11-01', type: 'coronation' })).body.error.code, 'validation.enum');
  const on = await record('staff', { channel: 'phone', body: 'on-cycle call', received_at: '2025-10-01T18:00:00Z' });
  const off = await record('staff', { channel: 'phone', body: 'off-cycle call', received_at: '2025-08-01T18:00:00Z' });
  const onList = await t.api('viewer', 'GET', '/api/v1/feedback?cycle=on&from=2025-07-01&to=2025-12-31');
  assert.deepEqual(onList.body.items.map((i) => i.id), [on.id]);
  const offList = await t.api('viewer', 'GET', '/api/v1/feedback?cycle=off&from=2025-07-01&to=2025-12-31');
  assert.deepEqual(offList.body.items.map((i) => i.id), [off.id]);
  assert.equal((await t.api('viewer', 'GET', '/api/v1/feedback?cycle=sideways')).status, 422);

  const partner = await t.api('coordinator', 'POST', '/api/v1/partners', { name: 'Library District', kind: 'institutional', subtype: 'library' });
  const otherPartner = await t.api({ office: 1, role: 'coordinator' }, 'POST', '/api/v1/partners', { name: 'Elsewhere', kind: 'institutional', subtype: 'library' });
  let s = await t.api('coordinator', 'POST', '/api/v1/solicitations', { kind: 'town_hall', title: 'Town hall', held_on: '2025-10-15', partner_ids: [otherPartner.body.id] });
  assert.equal(s.status, 422);
  assert.equal(s.body.error.code, 'validation.reference');
  s = await t.api('coordinator', 'POST', '/api/v1/solicitations', { kind: 'town_hall', title: 'Town hall', held_on: '2025-10-15', audience: 'Residents', partner_ids: [partner.body.id] });
  assert.equal(s.status, 201, s.text);
  assert.equal(s.body.cycle, 'on');
  assert.deepEqual(s.body.partner_ids, [partner.body.id]);
  await record('staff', { channel: 'event', body: 'From the town hall', received_at: '2025-10-15T20:00:00Z', solicitation_id: s.body.id });
  const inOct = await t.api('viewer', 'GET', '/api/v1/solicitations?from=2025-10-01&to=2025-10-31&kind=town_hall');
  assert.deepEqual(inOct.body.items.map((x) => x.id), [s.body.id]);
  assert.equal((await t.api('viewer', 'GET', '/api/v1/solicitations?from=2025-10-16')).body.items.length, 0);
  assert.equal((await t.api('viewer', 'GET', '/api/v1/solicitations?kind=survey')).body.items.length, 0);
  assert.equal((await t.api('viewer', 'GET', '/api/v1/solicitations?kind=picnic')).status, 422);
  const els = await t.api('viewer', 'GET', '/api/v1/elections?from=2025-11-01&to=2025-11-30');
  assert.deepEqual(els.body.items.map((x) => x.id), [e.body.id]);
  assert.equal(els.body.on_cycle_days_before, 60);
  assert.equal((await t.api('viewer', 'GET', '/api/v1/elections?to=2025-10-31')).body.items.length, 0);
  const got = await t.api('viewer', 'GET', `/api/v1/solicitations/${s.body.id}`);
  assert.equal(got.body.feedback_count, 1);
  assert.equal((await t.api({ office: 1, role: 'viewer' }, 'GET', `/api/v1/solicitations/${s.body.id}`)).status, 404);
  const sum = await t.api('viewer', 'GET', '/api/v1/reports/feedback-summary?from=2025-07-01&to=2025-12-31');
  assert.equal(sum.status, 200);
  assert.equal(sum.body.totals.received, 3);
  assert.deepEqual(sum.body.by_cycle.map((c) => [c.cycle, c.received]), [['on', 2], ['off', 1]]);
  assert.equal(sum.body.solicitations.total, 1);
  assert.equal(sum.body.by_month.length, 6);
  assert.equal(sum.body.by_month.find((m) => m.month === '2025-10').received, 2);
  const upd = await t.api('coordinator', 'PATCH', `/api/v1/elections/${e.body.id}`, { version: e.body.version, election_date: '2026-11-03' });
  assert.equal(upd.status, 200);
  const sum2 = await t.api('viewer', 'GET', '/api/v1/reports/feedback-summary?from=2025-07-01&to=2025-12-31');
  assert.deepEqual(sum2.body.by_cycle.map((c) => [c.cycle, c.received]), [['on', 0], ['off', 3]]);
});

test('the summary refuses bad periods', async () => {
  for (const [q, code] of [['', 'validation.required'], ['?from=2026-01-01', 'validation.required'],
    ['?from=2026-02-30&to=2026-03-01', 'validation.date'], ['?from=2026-03-01&to=2026-02-01', 'validation.range'],
    ['?from=2020-01-01&to=2026-01-01', 'validation.range']]) {
    const r = await t.api('viewer', 'GET', `/api/v1/reports/feedback-summary${q}`);
    assert.equal(r.status, 422, q);
    assert.equal(r.body.error.code, code, q);
  }
});

test('the public-records export: director only, redacted, defused, audit-logged', async () => {
  await record('staff', {
    channel: 'email', body: `=HYPERLINK("x") write me at ${SECRET_EMAIL} or 555-867-5309, 12 Oak Street`, received_at: '2024-03-15T12:00:00Z',
    notes: 'SSN given: 123-45-6789', contact: { name: SECRET_NAME, email: SECRET_EMAIL, consent: true },
  });
  assert.equal((await t.api('staff', 'GET', '/api/v1/exports/feedback?from=2024-03-01&to=2024-03-31')).status, 403);
  assert.equal((await t.api('coordinator', 'GET', '/api/v1/exports/feedback?from=2024-03-01&to=2024-03-31')).status, 403);
  const prev = await t.api('staff', 'GET', '/api/v1/exports/feedback/preview?from=2024-03-01&to=2024-03-31');
  assert.equal(prev.status, 200);
  assert.equal(prev.body.rows, 1);
  assert.deepEqual(prev.body.redactions, { email: 1, ssn: 1, phone: 1, licence: 0, address: 1 });
  assert.ok(!prev.text.includes(SECRET_EMAIL) && !prev.text.includes(SECRET_NAME));
  const csv = await t.api('director', 'GET', '/api/v1/exports/feedback?from=2024-03-01&to=2024-03-31&format=csv&bom=1');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  assert.match(csv.headers.get('x-redactions'), /email=1/);
  const raw = Buffer.from(await (await fetch(`${t.url}/api/v1/exports/feedback?from=2024-03-01&to=2024-03-31&bom=1`, { headers: { Authorization: `Bearer ${t.tokens[0].director}` } })).arrayBuffer());
  assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = raw.toString('utf8');
  assert.ok(text.includes('\r\n'));
  assert.ok(!text.includes(SECRET_EMAIL) && !text.includes(SECRET_NAME) && !text.includes('555-867-5309') && !text.includes('123-45-6789'));
  assert.ok(text.includes('"\'=HYPERLINK(""x"") write me at [redacted: email] or [redacted: phone], [redacted: address]"'));
  assert.ok(text.includes('SSN given: [redacted: ssn]'));
  const x = await fetch(`${t.url}/api/v1/exports/feedback?from=2024-03-01&to=2024-03-31&format=xlsx`, { headers: { Authorization: `Bearer ${t.tokens[0].director}` } });
  assert.equal(x.status, 200);
  const xb = Buffer.from(await x.arrayBuffer());
  assert.equal(xb.subarray(0, 2).toString(), 'PK');
  assert.equal((await t.api('director', 'GET', '/api/v1/exports/feedback?from=2024-03-01&to=2024-03-31&format=pdf')).status, 422);
  const audit = await t.api('director', 'GET', '/api/v1/audit?action=export');
  assert.ok(audit.body.items.length >= 2);
  assert.equal(audit.body.items[0].entity, 'feedback');
  assert.equal(audit.body.items[0].after.redactions.email, 1);
});

test('the command line report and export agree with the API', async () => {
  const json = JSON.parse(t.cli(['report', 'feedback', '--office', slug(0), '--from', '2024-03-01', '--to', '2024-03-31', '--json']));
  const api = await t.api('viewer', 'GET', '/api/v1/reports/feedback-summary?from=2024-03-01&to=2024-03-31');
  assert.deepEqual(json.totals, api.body.totals);
  assert.deepEqual(json.by_month, api.body.by_month);
  const out = join(t.dir, 'fb.csv');
  t.cli(['export', 'feedback', '--office', slug(0), '--from', '2024-03-01', '--to', '2024-03-31', '--format', 'csv', '--out', out]);
  assert.ok(existsSync(out));
  const text = readFileSync(out, 'utf8');
  assert.ok(text.startsWith('Reference,'));
  assert.ok(!text.includes(SECRET_EMAIL));
  assert.throws(() => t.cli(['export', 'feedback', '--office', slug(0), '--from', '2024-03-01', '--to', '2024-03-31', '--out', out]));
  assert.throws(() => t.cli(['report', 'feedback', '--office', slug(0), '--from', '2024-04-01', '--to', '2024-03-31']));
});

test('the public form: languages, labels, lang attribute, no office -> 404', async () => {
  let r = await t.request('GET', `/o/${slug(0)}/feedback`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/html/);
  assert.match(r.text, /<html lang="en"/);
  assert.match(r.text, /<label for="f-body">/);
  assert.match(r.text, /<a class="skip-link" href="#main">/);
  assert.match(r.text, /<main id="main"/);
  assert.match(r.text, /name="website"/);
  r = await t.request('GET', `/es/o/${slug(0)}/feedback`);
  assert.match(r.text, /<html lang="es"/);
  assert.match(r.text, /Enviar/);
  assert.match(r.text, /Boletas por correo/);
  r = await t.request('GET', `/o/${slug(0)}/feedback`, { headers: { 'Accept-Language': 'es-MX,es;q=0.9,en;q=0.5' } });
  assert.match(r.text, /<html lang="es"/);
  assert.equal(r.headers.get('content-language'), 'es');
  assert.equal((await t.request('GET', `/fr/o/${slug(0)}/feedback`)).status, 404);
  assert.equal((await t.request('GET', '/o/no-such-office/feedback')).status, 404);
  r = await t.request('GET', '/feedback');
  assert.equal(r.status, 200);
  assert.ok(r.text.includes(`/o/${slug(0)}/feedback`) && r.text.includes(`/o/${slug(1)}/feedback`));
  r = await t.request('GET', `/feedback?office=${slug(1)}`);
  assert.match(r.text, /Other County/);
});

test('the public form: a submission gets a reference; staff see it; contact stays confidential', async () => {
  const path = `/es/o/${slug(0)}/feedback`;
  const token = await formToken(path);
  const r = await postForm(path, { token, body: 'Mi boleta no llegó', source: 'voter', name: SECRET_NAME, email: SECRET_EMAIL, phone: '', consent: 'yes', website: '' });
  assert.equal(r.status, 200, r.text);
  const ref = r.text.match(/id="reference">(FB-\d{4}-\d{6})</)[1];
  assert.ok(!r.text.includes(SECRET_EMAIL) && !r.text.includes(SECRET_NAME));
  assert.match(r.text, /<html lang="es"/);
  const again = await postForm(path, { token, body: 'Mi boleta no llegó', consent: 'yes', name: SECRET_NAME, email: SECRET_EMAIL });
  assert.equal(again.text.match(/id="reference">(FB-\d{4}-\d{6})</)[1], ref, 'a resubmission shows the same reference');
  const list = await t.api('viewer', 'GET', '/api/v1/feedback?channel=web_form&language=es');
  const mine = list.body.items.filter((i) => i.reference === ref);
  assert.equal(mine.length, 1);
  const full = await t.api('staff', 'GET', `/api/v1/feedback/${mine[0].id}`);
  assert.equal(full.body.source, 'voter');
  assert.equal(full.body.events[0].actor, 'public');
  assert.ok(!JSON.stringify(full.body).includes(SECRET_EMAIL));
  const contact = await t.api('staff', 'GET', `/api/v1/feedback/${mine[0].id}/contact`);
  assert.equal(contact.body.email, SECRET_EMAIL);
  assert.equal(contact.body.consent, true);
  const other = await t.api({ office: 1, role: 'viewer' }, 'GET', '/api/v1/feedback?channel=web_form');
  assert.ok(!other.body.items.some((i) => i.reference === ref));
});

test('the public form: a rejected submission keeps the input, lists errors with links, escapes it', async () => {
  const path = `/o/${slug(0)}/feedback`;
  const token = await formToken(path);
  const before = (await t.api('viewer', 'GET', '/api/v1/feedback?channel=web_form&limit=200')).body.items.length;
  let r = await postForm(path, { token, body: '', name: '<script>alert(1)</script>', email: 'bad', topic: '999999' });
  assert.equal(r.status, 422);
  assert.match(r.text, /class="error-summary"/);
  assert.match(r.text, /<a href="#f-body">Enter your message<\/a>/);
  assert.match(r.text, /<a href="#f-email">/);
  assert.match(r.text, /<a href="#f-topic">/);
  assert.match(r.text, /<a href="#f-consent">/);
  assert.match(r.text, /aria-invalid="true"/);
  assert.ok(r.text.includes('value="&lt;script&gt;alert(1)&lt;/script&gt;"'));
  assert.ok(!r.text.includes('<script>alert(1)'));
  assert.match(r.text, /<title>There is a problem: /);
  r = await postForm(path, { token: 'forged', body: 'Keep this text' });
  assert.equal(r.status, 422);
  assert.match(r.text, /This form has expired/);
  assert.match(r.text, />Keep this text<\/textarea>/);
  const otherToken = await formToken(`/o/${slug(1)}/feedback`);
  r = await postForm(path, { token: otherToken, body: 'token for another office' });
  assert.equal(r.status, 422);
  r = await postForm(path, { token, body: 'x'.repeat(5001) });
  assert.equal(r.status, 422);
  assert.match(r.text, /too long/);
  const after = (await t.api('viewer', 'GET', '/api/v1/feedback?channel=web_form&limit=200')).body.items.length;
  assert.equal(after, before);
});

test('the public form: honeypot, invalid UTF-8 and oversize are refused and nothing is written', async () => {
  const path = `/o/${slug(0)}/feedback`;
  const token = await formToken(path);
  const before = (await t.api('viewer', 'GET', '/api/v1/feedback?channel=web_form&limit=200')).body.items.length;
  let r = await postForm(path, { token, body: 'Buy now', website: 'http://spam.example' });
  assert.equal(r.status, 400);
  assert.match(r.text, /looked like it was sent automatically/);
  r = await t.request('POST', path, { raw: `token=${token}&body=caf%FF`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 400);
  r = await t.request('POST', path, { raw: `token=${token}&body=a%00b`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 400);
  r = await postForm(path, { token, body: 'y'.repeat(40000) });
  assert.equal(r.status, 413);
  r = await t.request('POST', path, { raw: '{"body":"x"}', headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 415);
  const after = (await t.api('viewer', 'GET', '/api/v1/feedback?channel=web_form&limit=200')).body.items.length;
  assert.equal(after, before);
});

test('the public form: a per-address rate limit with a clear message', async () => {
  const s = await startServer({ env: { RAPPORT_PUBLIC_FORM_LIMIT: '3,1' }, offices: ['Solo County'] });
  try {
    const get = await fetch(`${s.url}/feedback`);
    const html = await get.text();
    assert.match(html, /Solo County/);
    const token = html.match(/name="token" value="([^"]+)"/)[1];
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const r = await fetch(`${s.url}/feedback`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: formBody({ token, body: `message ${i}` }) });
      statuses.push(r.status);
      if (r.status === 429) {
        assert.match(await r.text(), /Too many messages/);
        assert.equal(r.headers.get('retry-after'), '120');
      } else await r.text();
    }
    assert.deepEqual(statuses, [200, 200, 200, 429]);
  } finally {
    await s.stop();
  }
});

test('lists page by cursor, newest first, also through the cycle filter', async () => {
  const s = await startServer({ offices: ['Paging County'] });
  try {
    const tok = s.tokens[0];
    const post = (body) => s.api(tok.staff, 'POST', '/api/v1/feedback', body);
    assert.equal((await s.api(tok.coordinator, 'POST', '/api/v1/elections', { name: 'G', election_date: '2025-11-04', type: 'general' })).status, 201);
    // Days 1..10 of October 2025 are on-cycle; days 1..10 of January 2025 are off-cycle.
    for (let d = 1; d <= 10; d++) {
      const dd = String(d).padStart(2, '0');
      assert.equal((await post({ channel: 'phone', body: `on ${d}`, received_at: `2025-10-${dd}T12:00:00Z` })).status, 201);
      assert.equal((await post({ channel: 'phone', body: `off ${d}`, received_at: `2025-01-${dd}T12:00:00Z` })).status, 201);
    }
    async function all(query) {
      const seen = [];
      let cursor = null;
      for (let i = 0; i < 30; i++) {
        const r = await s.api(tok.viewer, 'GET', `/api/v1/feedback?limit=3${query}${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(r.status, 200, r.text);
        assert.ok(r.body.items.length <= 3);
        seen.push(...r.body.items.map((x) => x.excerpt));
        cursor = r.body.next_cursor;
        if (!cursor) break;
      }
      return seen;
    }
    const everything = await all('');
    assert.equal(everything.length, 20);
    assert.deepEqual(everything.slice(0, 3), ['on 10', 'on 9', 'on 8']);
    const on = await all('&cycle=on');
    assert.deepEqual(on, ['on 10', 'on 9', 'on 8', 'on 7', 'on 6', 'on 5', 'on 4', 'on 3', 'on 2', 'on 1']);
    const off = await all('&cycle=off');
    assert.deepEqual(off, ['off 10', 'off 9', 'off 8', 'off 7', 'off 6', 'off 5', 'off 4', 'off 3', 'off 2', 'off 1']);
    const jan = await all('&from=2025-01-03&to=2025-01-05');
    assert.deepEqual(jan, ['off 5', 'off 4', 'off 3']);
    assert.equal((await s.api(tok.viewer, 'GET', '/api/v1/feedback?cursor=garbage')).status, 422);
    assert.equal((await s.api(tok.viewer, 'GET', '/api/v1/feedback?from=2025-02-01&to=2025-01-01')).status, 422);
  } finally {
    await s.stop();
  }
});
