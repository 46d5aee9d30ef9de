// 07-misconceptions: claims, sightings, the response workflow (approval,
// publication, corrections), merges, the board, amplification, the report,
// and the public facts pages with hostile text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from './lib.mjs';

let t;
before(async () => { t = await startServer(); });
after(async () => { await t.stop(); });

// Runs SQL against the test database directly (fixtures the API does not
// offer yet, and reading rows the API does not show).
// On PostgreSQL this runs as the cluster's superuser (row-level security
// would hide every row from the application role outside a transaction
// scoped to an office).
function sql(stmt) {
  if (/^postgres(ql)?:/.test(t.db)) {
    const admin = process.env.RAPPORT_TEST_PG_ADMIN;
    const conn = admin ? `${admin} dbname=${new URL(t.db).pathname.slice(1)}` : t.db;
    return execFileSync('psql', ['-q', '-X', '-t', '-A', '-v', 'ON_ERROR_STOP=1', conn, '-c', stmt], { encoding: 'utf8' }).trim();
  }
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', t.db, stmt], { encoding: 'utf8' }).trim();
}

const M = '/api/v1/misconceptions';
const EN = { en: { accurate_statement: 'Mail ballots postmarked by Election Day and received within 7 days are counted.', short_answer: 'Your mail ballot counts if it is postmarked by Election Day.' } };
const SOURCES = [{ kind: 'statute', title: 'Election Code 3020', url: 'https://leginfo.example.gov/3020' }];

async function claim(body = {}, who = 'coordinator') {
  const r = await t.api(who, 'POST', M, { statement: 'Mail ballots are not counted', severity: 'high', topic: 'mail_voting', ...body });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function toStatus(id, status, extra = {}) {
  const cur = (await t.api('viewer', 'GET', `${M}/${id}`)).body;
  const r = await t.api('coordinator', 'POST', `${M}/${id}/status`, { status, version: cur.version, ...extra });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

// Drafts a version as `drafter`, sends it for review, approves it as `approver`.
async function approve(id, drafter = 'coordinator', approver = 'director', texts = EN) {
  const v = await t.api(drafter, 'POST', `${M}/${id}/response/versions`, { texts, sources: SOURCES });
  assert.equal(v.status, 201, v.text);
  await toStatus(id, 'in_review');
  const a = await t.api(approver, 'POST', `${M}/${id}/response/versions/${v.body.number}/approve`);
  assert.equal(a.status, 200, a.text);
  return a.body;
}

async function publishNew(body = {}) {
  const c = await claim(body);
  await toStatus(c.id, 'triaged');
  await approve(c.id);
  const p = await t.api('coordinator', 'POST', `${M}/${c.id}/publish`, {});
  assert.equal(p.status, 200, p.text);
  return p.body;
}

test('creating a claim validates every field and reports each error', async () => {
  const bad = await t.api('coordinator', 'POST', M, {
    statement: 42, severity: 'urgent', topic: 'nonsense', languages: ['not a tag'], places: 'Main St', colour: 'red', slug: 'Bad Slug!',
  });
  assert.equal(bad.status, 422);
  const fields = bad.body.error.details.map((d) => `${d.field}:${d.code}`).sort();
  assert.deepEqual(fields, ['colour:validation.unknown_field', 'languages:validation.language', 'places:validation.type',
    'severity:validation.enum', 'slug:validation.slug', 'statement:validation.type', 'topic:validation.enum'].sort());
  const blank = await t.api('coordinator', 'POST', M, { statement: '   ' });
  assert.equal(blank.status, 422);
  assert.equal(blank.body.error.code, 'validation.required');
  const long = await t.api('coordinator', 'POST', M, { statement: 'x'.repeat(1001) });
  assert.equal(long.body.error.code, 'validation.length');
  const future = await t.api('coordinator', 'POST', M, { statement: 'A claim', sighting: { seen_at: '2199-01-01T00:00:00Z' } });
  assert.equal(future.body.error.code, 'validation.future');
  const firstFuture = await t.api('coordinator', 'POST', M, { statement: 'A claim', first_seen_at: '2199-01-01T00:00:00Z' });
  assert.equal(firstFuture.body.error.field, 'first_seen_at');
  const badTime = await t.api('coordinator', 'POST', M, { statement: 'A claim', first_seen_at: 'yesterday' });
  assert.equal(badTime.body.error.code, 'validation.datetime');
  const bytes = await t.request('POST', M, { token: t.tokens[0].coordinator, raw: Buffer.from('{"statement":"\xff\xfe"}', 'latin1'), headers: { 'Content-Type': 'application/json' } });
  assert.equal(bytes.status, 400);
  assert.equal(bytes.body.error.code, 'request.invalid_utf8');
  const notJson = await t.request('POST', M, { token: t.tokens[0].coordinator, raw: '{', headers: { 'Content-Type': 'application/json' } });
  assert.equal(notJson.status, 400);
  const big = await t.api('coordinator', 'POST', M, { statement: 'x', notes: 'y'.repeat(2 * 1024 * 1024) });
  assert.equal(big.status, 413);
});

test('a new claim starts reported, with defaults, a timeline entry and its first sighting', async () => {
  const groups = sql(`SELECT id FROM demographic_groups WHERE office_id = ${t.officeIds[0]} ORDER BY id LIMIT 2`).split('\n').map(Number);
  const c = await claim({ languages: ['es', 'en'], demographic_group_ids: groups, places: ['Riverside'],
    sighting: { source: 'media', media_item: 'Radio call-in show', seen_at: '2026-01-02T10:00:00-05:00', platform: 'radio' } }, 'staff');
  assert.equal(c.status, 'reported');
  assert.equal(c.first_seen_at, '2026-01-02T15:00:00Z');
  assert.deepEqual(c.languages, ['en', 'es']);
  assert.deepEqual(c.demographic_group_ids, groups);
  assert.equal(c.sightings_count, 1);
  assert.equal(c.target_hours, 24);
  assert.equal(c.overdue, true);
  assert.equal(c.response, null);
  const ev = await t.api('viewer', 'GET', `${M}/${c.id}/events`);
  assert.deepEqual(ev.body.items.map((e) => [e.action, e.to_status, e.user_name]), [['status', 'reported', 'staff 0']]);
  const d = await claim({ severity: undefined, topic: undefined });
  assert.equal(d.severity, 'medium');
  assert.equal(d.topic, 'other');
  assert.equal(d.target_hours, 72);
});

test('roles: viewers read only; staff log claims and sightings; coordinators edit; only directors delete', async () => {
  assert.equal((await t.api('viewer', 'POST', M, { statement: 'x' })).status, 403);
  const c = await claim({}, 'staff');
  assert.equal((await t.api('staff', 'PATCH', `${M}/${c.id}`, { notes: 'n', version: c.version })).status, 403);
  assert.equal((await t.api('staff', 'POST', `${M}/${c.id}/sightings`, { place: 'Market' })).status, 201);
  assert.equal((await t.api('coordinator', 'DELETE', `${M}/${c.id}`)).status, 403);
  assert.equal((await t.api('director', 'DELETE', `${M}/${c.id}`)).status, 204);
  assert.equal((await t.api('viewer', 'GET', `${M}/${c.id}`)).status, 404);
  assert.equal((await t.api(null, 'GET', M)).status, 401);
});

test('office isolation: another office sees none of it and cannot reach it by id', async () => {
  const c = await claim({ statement: 'Isolation claim zebra' });
  const other = { office: 1, role: 'admin' };
  assert.equal((await t.api(other, 'GET', `${M}/${c.id}`)).status, 404);
  assert.equal((await t.api(other, 'GET', `${M}/${c.id}/sightings`)).status, 404);
  assert.equal((await t.api(other, 'GET', `${M}/${c.id}/events`)).status, 404);
  assert.equal((await t.api(other, 'GET', `${M}/${c.id}/response`)).status, 404);
  assert.equal((await t.api(other, 'GET', `${M}/${c.id}/amplification/suggestions`)).status, 404);
  assert.equal((await t.api(other, 'PATCH', `${M}/${c.id}`, { notes: 'x', version: 1 })).status, 404);
  assert.equal((await t.api(other, 'POST', `${M}/${c.id}/sightings`, { place: 'x' })).status, 404);
  assert.equal((await t.api(other, 'POST', `${M}/${c.id}/status`, { status: 'triaged', version: 1 })).status, 404);
  assert.equal((await t.api(other, 'DELETE', `${M}/${c.id}`)).status, 404);
  const list = await t.api(other, 'GET', M);
  assert.equal(list.body.items.length, 0);
  const search = await t.api(other, 'GET', `${M}?q=zebra`);
  assert.equal(search.body.items.length, 0);
  const mine = await t.api('viewer', 'GET', `${M}?q=zebra`);
  assert.deepEqual(mine.body.items.map((x) => x.id), [c.id]);
  const board = await t.api(other, 'GET', `${M}/board`);
  assert.equal(board.body.columns.reduce((n, col) => n + col.count, 0), 0);
  const rep = await t.api(other, 'GET', '/api/v1/reports/misconceptions?from=2000-01-01&to=2100-01-01');
  assert.equal(rep.body.sightings.claims, 0);
  // Another office's demographic group or partner is not a valid reference.
  const g1 = Number(sql(`SELECT id FROM demographic_groups WHERE office_id = ${t.officeIds[1]} LIMIT 1`));
  const bad = await t.api('coordinator', 'POST', M, { statement: 'x', demographic_group_ids: [g1] });
  assert.equal(bad.body.error.code, 'validation.reference');
  const p1 = await t.api(other, 'POST', '/api/v1/partners', { name: 'Other office paper', kind: 'institutional', subtype: 'media' });
  const s = await t.api('staff', 'POST', `${M}/${c.id}/sightings`, { partner_id: p1.body.id });
  assert.equal(s.status, 422);
  assert.equal(s.body.error.field, 'partner_id');
  assert.equal(s.body.error.code, 'validation.reference');
});

test('edits: version required, stale version 409, slug collisions 409, merged lists kept', async () => {
  const a = await claim({ slug: 'ballot-drop-boxes' });
  const dup = await t.api('coordinator', 'POST', M, { statement: 'Other', slug: 'ballot-drop-boxes' });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.error.code, 'conflict.slug');
  const b = await claim();
  const clash = await t.api('coordinator', 'PATCH', `${M}/${b.id}`, { slug: 'ballot-drop-boxes', version: b.version });
  assert.equal(clash.status, 409);
  assert.equal(clash.body.error.code, 'conflict.slug');
  assert.equal((await t.api('coordinator', 'PATCH', `${M}/${a.id}`, { notes: 'x' })).status, 422);
  const ok = await t.api('coordinator', 'PATCH', `${M}/${a.id}`, { severity: 'low', places: ['Eastside', 'Northgate'], version: a.version });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.severity, 'low');
  assert.equal(ok.body.target_hours, 168);
  assert.deepEqual(ok.body.places, ['Eastside', 'Northgate']);
  const stale = await t.api('coordinator', 'PATCH', `${M}/${a.id}`, { severity: 'high', version: a.version });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.code, 'conflict.version');
  assert.equal(stale.body.error.current.severity, 'low');
  const badStatus = await t.api('coordinator', 'PATCH', `${M}/${a.id}`, { status: 'published', version: ok.body.version });
  assert.equal(badStatus.body.error.code, 'validation.unknown_field');
});

test('the list pages with a cursor, newest first sighting first, and filters by status and severity', async () => {
  const o = { office: 1, role: 'coordinator' };
  const made = [];
  for (let i = 0; i < 5; i++) made.push((await t.api(o, 'POST', M, { statement: `Paged claim ${i}`, severity: i % 2 ? 'low' : 'high', first_seen_at: `2025-06-0${i + 1}T00:00:00Z` })).body.id);
  const seen = [];
  let cursor = null;
  for (let page = 0; page < 10; page++) {
    const r = await t.api({ office: 1, role: 'viewer' }, 'GET', `${M}?limit=2&severity=high${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200);
    seen.push(...r.body.items.filter((x) => made.includes(x.id)).map((x) => x.id));
    cursor = r.body.next_cursor;
    if (!cursor) break;
  }
  assert.deepEqual(seen, [made[4], made[2], made[0]]);
  assert.equal((await t.api('viewer', 'GET', `${M}?limit=0`)).status, 422);
  assert.equal((await t.api('viewer', 'GET', `${M}?cursor=garbage`)).body.error.code, 'validation.cursor');
  assert.equal((await t.api('viewer', 'GET', `${M}?status=bogus`)).body.error.code, 'validation.enum');
});

test('sightings: attach to the known claim, move first_seen_at back, infer the source, refuse bad links', async () => {
  const c = await claim({ first_seen_at: '2026-02-10T12:00:00Z' });
  const s1 = await t.api('staff', 'POST', `${M}/${c.id}/sightings`, { seen_at: '2026-02-09T08:00:00Z', platform: 'WhatsApp', link: 'https://chat.example/p/1' });
  assert.equal(s1.status, 201, s1.text);
  assert.equal(s1.body.source, 'staff');
  assert.equal(s1.body.reported_by, t.users[0].staff.id);
  const now = (await t.api('viewer', 'GET', `${M}/${c.id}`)).body;
  assert.equal(now.first_seen_at, '2026-02-09T08:00:00Z');
  assert.equal(now.sightings_count, 1);
  for (const link of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'ftp://x', 'https://', 'http://a b']) {
    const bad = await t.api('staff', 'POST', `${M}/${c.id}/sightings`, { link });
    assert.equal(bad.status, 422, link);
    assert.equal(bad.body.error.code, 'validation.url');
  }
  const needs = await t.api('staff', 'POST', `${M}/${c.id}/sightings`, { source: 'partner' });
  assert.equal(needs.body.error.field, 'partner_id');
  const wrongType = await t.api('staff', 'POST', `${M}/${c.id}/sightings`, { partner_id: '12' });
  assert.equal(wrongType.body.error.code, 'validation.type');
  const badSource = await t.api('staff', 'POST', `${M}/${c.id}/sightings`, { source: 'rumor mill' });
  assert.equal(badSource.body.error.code, 'validation.enum');
  const list = await t.api('viewer', 'GET', `${M}/${c.id}/sightings`);
  assert.equal(list.body.items.length, 1);
  assert.equal(list.body.items[0].reported_by_name, 'staff 0');
});

test('a feedback record becomes a sighting in one step, once, and only the office\'s own', async () => {
  const c = await claim({ statement: 'Poll workers will ask for citizenship papers' });
  const fb = await t.api('staff', 'POST', '/api/v1/feedback', { channel: 'phone', body: 'A caller heard poll workers check papers', received_at: '2026-04-02T14:00:00Z' });
  assert.equal(fb.status, 201, fb.text);
  const s = await t.api('staff', 'POST', `${M}/${c.id}/sightings`, { feedback_id: fb.body.id });
  assert.equal(s.status, 201, s.text);
  assert.equal(s.body.source, 'feedback');
  assert.equal(s.body.feedback_id, fb.body.id);
  assert.equal(s.body.seen_at, '2026-04-02T14:00:00Z', 'seen when the feedback was received');
  assert.equal((await t.api('viewer', 'GET', `${M}/${c.id}`)).body.first_seen_at, '2026-04-02T14:00:00Z');
  const linked = await t.api('viewer', 'GET', `/api/v1/feedback/${fb.body.id}`);
  assert.equal(linked.body.misconception_id, c.id);
  const again = await t.api('staff', 'POST', `${M}/${c.id}/sightings`, { feedback_id: fb.body.id });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'conflict.duplicate_sighting');
  const missing = await t.api('staff', 'POST', `${M}/${c.id}/sightings`, { feedback_id: 999999 });
  assert.equal(missing.status, 422);
  assert.equal(missing.body.error.code, 'validation.reference');
  const other = await t.api({ office: 1, role: 'staff' }, 'POST', '/api/v1/feedback', { channel: 'email', body: 'other office' });
  assert.equal(other.status, 201, other.text);
  const cross = await t.api('staff', 'POST', `${M}/${c.id}/sightings`, { feedback_id: other.body.id });
  assert.equal(cross.status, 422);
  assert.equal(cross.body.error.field, 'feedback_id');
  // Merging moves the feedback record's pointer; deleting clears it.
  const d = await claim({ statement: 'Citizenship papers checked at polls' });
  assert.equal((await t.api('coordinator', 'POST', `${M}/${d.id}/merge`, { from_id: c.id })).status, 200);
  assert.equal((await t.api('viewer', 'GET', `/api/v1/feedback/${fb.body.id}`)).body.misconception_id, d.id);
  assert.equal((await t.api('director', 'DELETE', `${M}/${d.id}`)).status, 204);
  assert.equal((await t.api('viewer', 'GET', `/api/v1/feedback/${fb.body.id}`)).body.misconception_id, null);
});

test('workflow: steps are checked; approval needs a director who did not draft; publishing needs approval', async () => {
  const c = await claim();
  const skip = await t.api('coordinator', 'POST', `${M}/${c.id}/status`, { status: 'monitoring', version: c.version });
  assert.equal(skip.status, 422);
  assert.equal(skip.body.error.code, 'workflow.transition');
  const direct = await t.api('coordinator', 'POST', `${M}/${c.id}/status`, { status: 'approved', version: c.version });
  assert.equal(direct.body.error.code, 'workflow.use_approve');
  const dismissNoReason = await t.api('coordinator', 'POST', `${M}/${c.id}/status`, { status: 'dismissed', version: c.version });
  assert.equal(dismissNoReason.body.error.field, 'reason');
  await toStatus(c.id, 'triaged');
  let cur = await toStatus(c.id, 'drafting');
  const early = await t.api('coordinator', 'POST', `${M}/${c.id}/status`, { status: 'in_review', version: cur.version });
  assert.equal(early.body.error.code, 'workflow.no_response');

  // Version validation.
  const noEn = await t.api('coordinator', 'POST', `${M}/${c.id}/response/versions`, { texts: { es: EN.en } });
  assert.equal(noEn.body.error.code, 'validation.required');
  const badSrc = await t.api('coordinator', 'POST', `${M}/${c.id}/response/versions`, { texts: EN, sources: [{ kind: 'statute', title: 'x', url: 'javascript:alert(1)' }] });
  assert.equal(badSrc.body.error.code, 'validation.url');
  const badKind = await t.api('coordinator', 'POST', `${M}/${c.id}/response/versions`, { texts: EN, sources: [{ kind: 'rumor', title: 'x' }] });
  assert.equal(badKind.body.error.code, 'validation.enum');

  // A director drafts; the same director may not approve it.
  const v1 = await t.api('director', 'POST', `${M}/${c.id}/response/versions`, { texts: EN, sources: SOURCES });
  assert.equal(v1.status, 201, v1.text);
  assert.equal(v1.body.number, 1);
  assert.equal(v1.body.drafted_by, t.users[0].director.id);
  const pubEarly = await t.api('coordinator', 'POST', `${M}/${c.id}/publish`, {});
  assert.equal(pubEarly.status, 422);
  assert.equal(pubEarly.body.error.code, 'workflow.not_approved');
  const notReview = await t.api('admin', 'POST', `${M}/${c.id}/response/versions/1/approve`);
  assert.equal(notReview.body.error.code, 'workflow.not_in_review');
  await toStatus(c.id, 'in_review');
  const byCoord = await t.api('coordinator', 'POST', `${M}/${c.id}/response/versions/1/approve`);
  assert.equal(byCoord.status, 403);
  assert.equal(byCoord.body.error.code, 'auth.forbidden');
  const self = await t.api('director', 'POST', `${M}/${c.id}/response/versions/1/approve`);
  assert.equal(self.status, 403);
  assert.equal(self.body.error.code, 'workflow.self_approval');
  const pubInReview = await t.api('coordinator', 'POST', `${M}/${c.id}/publish`, {});
  assert.equal(pubInReview.body.error.code, 'workflow.not_approved');
  assert.equal((await t.api('admin', 'POST', `${M}/${c.id}/response/versions/9/approve`)).status, 404);
  const ok = await t.api('admin', 'POST', `${M}/${c.id}/response/versions/1/approve`);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.status, 'approved');
  assert.equal((await t.api('admin', 'POST', `${M}/${c.id}/response/versions/1/approve`)).body.error.code, 'workflow.already_approved');

  // Edits after approval need approval again, and every version is kept.
  const v2 = await t.api('coordinator', 'POST', `${M}/${c.id}/response/versions`, { texts: EN, sources: SOURCES, change_note: 'tighter wording' });
  assert.equal(v2.body.number, 2);
  cur = (await t.api('viewer', 'GET', `${M}/${c.id}`)).body;
  assert.equal(cur.status, 'drafting');
  assert.equal(cur.response.latest_approved, false);
  assert.equal((await t.api('coordinator', 'POST', `${M}/${c.id}/publish`, {})).body.error.code, 'workflow.not_approved');
  await toStatus(c.id, 'in_review');
  const old = await t.api('director', 'POST', `${M}/${c.id}/response/versions/1/approve`);
  assert.equal(old.body.error.code, 'workflow.not_latest');
  assert.equal((await t.api('director', 'POST', `${M}/${c.id}/response/versions/2/approve`)).status, 200);
  const pub = await t.api('coordinator', 'POST', `${M}/${c.id}/publish`, {});
  assert.equal(pub.status, 200, pub.text);
  assert.equal(pub.body.status, 'published');
  assert.equal(pub.body.slug, 'mail-ballots-are-not-counted');
  assert.ok(pub.body.published_at);
  assert.equal(pub.body.last_corrected_at, null);
  assert.equal(pub.body.response.published_version, 2);

  // A correction: new version, approval, publication that says what changed.
  const v3 = await t.api('coordinator', 'POST', `${M}/${c.id}/response/versions`, { texts: EN, sources: SOURCES });
  assert.equal(v3.body.number, 3);
  await toStatus(c.id, 'in_review');
  assert.equal((await t.api('director', 'POST', `${M}/${c.id}/response/versions/3/approve`)).status, 200);
  const noNote = await t.api('coordinator', 'POST', `${M}/${c.id}/publish`, {});
  assert.equal(noNote.body.error.field, 'change_note');
  const corr = await t.api('coordinator', 'POST', `${M}/${c.id}/publish`, { change_note: 'Deadline is 7 days, not 3.' });
  assert.equal(corr.status, 200);
  assert.ok(corr.body.last_corrected_at);
  assert.equal(corr.body.published_at, pub.body.published_at);
  const slugEdit = await t.api('coordinator', 'PATCH', `${M}/${c.id}`, { slug: 'new-name', version: corr.body.version });
  assert.equal(slugEdit.body.error.code, 'validation.slug_published');
  const dismiss = await t.api('coordinator', 'POST', `${M}/${c.id}/status`, { status: 'dismissed', reason: 'x', version: corr.body.version });
  assert.equal(dismiss.body.error.code, 'workflow.transition');

  const resp = await t.api('viewer', 'GET', `${M}/${c.id}/response`);
  assert.deepEqual(resp.body.versions.map((v) => v.number), [3, 2, 1]);
  assert.equal(resp.body.versions[2].approved_by, t.users[0].admin.id);
  assert.equal(resp.body.versions[1].change_note, 'tighter wording');
  assert.deepEqual(resp.body.publications.map((p) => [p.kind, p.version]), [['initial', 2], ['correction', 3]]);
  const ev = await t.api('viewer', 'GET', `${M}/${c.id}/events`);
  const steps = ev.body.items.map((e) => `${e.action}:${e.to_status}`);
  assert.deepEqual(steps, ['status:reported', 'status:triaged', 'status:drafting', 'response_version:drafting',
    'status:in_review', 'approval:approved', 'response_version:drafting', 'status:in_review', 'approval:approved',
    'publication:published', 'response_version:drafting', 'status:in_review', 'approval:approved', 'correction:published']);
  assert.ok(ev.body.items.every((e) => e.at && e.user_id));
  const audit = Number(sql(`SELECT COUNT(*) FROM audit_log WHERE entity IN ('claim','response_version') AND entity_id IN (${c.id}, ${v1.body.id})`));
  assert.ok(audit >= 10, `audit rows: ${audit}`);
});

test('dismissing keeps the reason; reopening is allowed', async () => {
  const c = await claim();
  const d = await toStatus(c.id, 'dismissed', { reason: 'Satire account, not circulating' });
  assert.equal(d.status, 'dismissed');
  assert.equal(d.dismissed_reason, 'Satire account, not circulating');
  const v = await t.api('coordinator', 'POST', `${M}/${c.id}/response/versions`, { texts: EN });
  assert.equal(v.body.error.code, 'workflow.closed');
  const back = await toStatus(c.id, 'reported');
  assert.equal(back.dismissed_reason, null);
});

test('merge: moves sightings, timeline and asks; refuses itself, other offices and merged claims', async () => {
  const a = await claim({ statement: 'Drop boxes are emptied by strangers', languages: ['en'], first_seen_at: '2026-03-05T00:00:00Z' });
  const b = await claim({ statement: 'Strangers empty the ballot drop boxes', languages: ['vi'], places: ['Harbor'], first_seen_at: '2026-03-01T00:00:00Z' });
  await t.api('staff', 'POST', `${M}/${a.id}/sightings`, { place: 'Library', seen_at: '2026-03-05T00:00:00Z' });
  await t.api('staff', 'POST', `${M}/${b.id}/sightings`, { place: 'Church', seen_at: '2026-03-02T00:00:00Z' });
  await t.api('staff', 'POST', `${M}/${b.id}/sightings`, { place: 'Market', seen_at: '2026-03-03T00:00:00Z' });
  const self = await t.api('coordinator', 'POST', `${M}/${a.id}/merge`, { from_id: a.id });
  assert.equal(self.status, 422);
  assert.equal(self.body.error.code, 'merge.self');
  const x = await t.api({ office: 1, role: 'coordinator' }, 'POST', M, { statement: 'Other office claim' });
  const across = await t.api('coordinator', 'POST', `${M}/${a.id}/merge`, { from_id: x.body.id });
  assert.equal(across.status, 404);
  assert.equal(across.body.error.code, 'merge.not_found');
  assert.equal(across.body.error.field, 'from_id');
  const across2 = await t.api({ office: 1, role: 'coordinator' }, 'POST', `${M}/${x.body.id}/merge`, { from_id: a.id });
  assert.equal(across2.status, 404);
  const bad = await t.api('coordinator', 'POST', `${M}/${a.id}/merge`, { from_id: 'b' });
  assert.equal(bad.body.error.code, 'validation.type');
  const m = await t.api('coordinator', 'POST', `${M}/${a.id}/merge`, { from_id: b.id });
  assert.equal(m.status, 200, m.text);
  assert.equal(m.body.sightings_count, 3);
  assert.equal(m.body.first_seen_at, '2026-03-01T00:00:00Z');
  assert.deepEqual(m.body.languages, ['en', 'vi']);
  assert.deepEqual(m.body.places, ['Harbor']);
  const bb = (await t.api('viewer', 'GET', `${M}/${b.id}`)).body;
  assert.equal(bb.merged_into_id, a.id);
  assert.equal(bb.sightings_count, 0);
  const ev = (await t.api('viewer', 'GET', `${M}/${a.id}/events`)).body.items;
  assert.equal(ev.filter((e) => e.action === 'status' && e.to_status === 'reported').length, 2);
  assert.ok(ev.some((e) => e.action === 'merge' && e.note.includes('Strangers empty')));
  const again = await t.api('coordinator', 'POST', `${M}/${a.id}/merge`, { from_id: b.id });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'merge.already_merged');
  const into = await t.api('coordinator', 'POST', `${M}/${b.id}/merge`, { from_id: a.id });
  assert.equal(into.body.error.code, 'claim.merged');
  const edit = await t.api('coordinator', 'PATCH', `${M}/${b.id}`, { notes: 'x', version: bb.version });
  assert.equal(edit.body.error.code, 'claim.merged');
  // A new sighting of the merged claim lands on the claim it became.
  const s = await t.api('staff', 'POST', `${M}/${b.id}/sightings`, { place: 'Bus stop' });
  assert.equal(s.body.claim_id, a.id);
  const list = (await t.api('viewer', 'GET', `${M}?limit=200`)).body.items.map((i) => i.id);
  assert.ok(list.includes(a.id) && !list.includes(b.id));
  // Deleting the surviving claim takes the merged husk with it.
  assert.equal((await t.api('director', 'DELETE', `${M}/${a.id}`)).status, 204);
  assert.equal((await t.api('viewer', 'GET', `${M}/${b.id}`)).status, 404);
});

test('merge refuses to hide a published answer behind an unpublished claim', async () => {
  const pub = await publishNew({ statement: 'You can vote by text message' });
  const plain = await claim({ statement: 'Text message voting is allowed' });
  const r = await t.api('coordinator', 'POST', `${M}/${plain.id}/merge`, { from_id: pub.id });
  assert.equal(r.body.error.code, 'merge.published_source');
  const ok = await t.api('coordinator', 'POST', `${M}/${pub.id}/merge`, { from_id: plain.id });
  assert.equal(ok.status, 200);
});

test('board: claims by status, most severe then oldest first, age against the office targets', async () => {
  const o = { office: 1, role: 'coordinator' };
  const mk = async (statement, severity, first_seen_at) => (await t.api(o, 'POST', M, { statement, severity, first_seen_at })).body;
  const now = Date.now();
  const iso = (h) => new Date(now - h * 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const lowOld = await mk('low old', 'low', iso(200));
  const highNew = await mk('high new', 'high', iso(2));
  const highOld = await mk('high old', 'high', iso(30));
  const medium = await mk('medium', 'medium', iso(50));
  let b = (await t.api({ office: 1, role: 'viewer' }, 'GET', `${M}/board`)).body;
  assert.deepEqual(b.target_hours, { high: 24, medium: 72, low: 168 });
  const mine = new Set([lowOld.id, highNew.id, highOld.id, medium.id]);
  const reported = b.columns.find((c) => c.status === 'reported');
  const items = reported.items.filter((i) => mine.has(i.id));
  assert.deepEqual(items.map((i) => i.id), [highOld.id, highNew.id, medium.id, lowOld.id]);
  assert.deepEqual(items.map((i) => i.overdue), [true, false, false, true]);
  assert.equal(reported.overdue, reported.items.filter((i) => i.overdue).length);
  assert.ok(Math.abs(items[0].age_hours - 30) < 0.1);
  // The office's own targets (offices.settings) replace the defaults.
  sql(`UPDATE offices SET settings = '{"response_target_hours": {"high": 1, "medium": 40}}' WHERE id = ${t.officeIds[1]}`);
  b = (await t.api({ office: 1, role: 'viewer' }, 'GET', `${M}/board`)).body;
  assert.deepEqual(b.target_hours, { high: 1, medium: 40, low: 168 });
  assert.deepEqual(b.columns.find((c) => c.status === 'reported').items.filter((i) => mine.has(i.id)).map((i) => i.overdue), [true, true, true, true]);
  sql(`UPDATE offices SET settings = '{}' WHERE id = ${t.officeIds[1]}`);
  const dismissed = await t.api(o, 'POST', `${M}/${lowOld.id}/status`, { status: 'dismissed', reason: 'gone', version: lowOld.version });
  assert.equal(dismissed.status, 200);
  b = (await t.api({ office: 1, role: 'viewer' }, 'GET', `${M}/board`)).body;
  assert.ok(!b.columns.some((c) => c.items.some((i) => i.id === lowOld.id)));
});

async function activePartner(name, groups = [], languages = []) {
  const p = await t.api('coordinator', 'POST', '/api/v1/partners', { name, kind: 'institutional', subtype: 'community_organization', demographic_group_ids: groups, languages });
  assert.equal(p.status, 201, p.text);
  await t.api('coordinator', 'PUT', `/api/v1/partners/${p.body.id}/vetting/legal`, { outcome: 'passed' });
  const v = await t.api('coordinator', 'PUT', `/api/v1/partners/${p.body.id}/vetting/operational`, { outcome: 'passed' });
  const s1 = await t.api('coordinator', 'PATCH', `/api/v1/partners/${p.body.id}`, { status: 'vetting', version: v.body.version });
  const s2 = await t.api('coordinator', 'PATCH', `/api/v1/partners/${p.body.id}`, { status: 'active', version: s1.body.version });
  assert.equal(s2.status, 200, s2.text);
  return p.body.id;
}

function contactAt(partnerId, name, endedOn = null) {
  const o = t.officeIds[0];
  const cid = Number(sql(`INSERT INTO contacts(office_id, full_name, created_at, updated_at) VALUES (${o}, '${name}', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id`));
  sql(`INSERT INTO affiliations(office_id, contact_id, partner_id, title, ended_on, created_at) VALUES (${o}, ${cid}, ${partnerId}, 'Director', ${endedOn ? `'${endedOn}'` : 'NULL'}, '2026-01-01T00:00:00Z')`);
  return cid;
}

test('amplification: suggestions reach the groups and languages; asks are interactions; outcomes recorded', async () => {
  const o = t.officeIds[0];
  const spanish = Number(sql(`SELECT id FROM demographic_groups WHERE office_id = ${o} AND language = 'es'`));
  const seniors = Number(sql(`SELECT id FROM demographic_groups WHERE office_id = ${o} AND name LIKE 'Seniors%'`));
  const both = await activePartner('Both Reach Org', [spanish, seniors], ['es']);
  const lang = await activePartner('Spanish Radio', [], ['es']);
  const nobody = await activePartner('Unrelated Club', [], ['fr']);
  const gone = await activePartner('Contact Left Org', [spanish], ['es']);
  const prospect = (await t.api('coordinator', 'POST', '/api/v1/partners', { name: 'Prospect Org', kind: 'institutional', subtype: 'media', demographic_group_ids: [spanish] })).body.id;
  const cBoth = contactAt(both, 'Ana Both');
  contactAt(lang, 'Luis Radio');
  contactAt(nobody, 'Nora Club');
  contactAt(gone, 'Old Contact', '2025-12-31');
  contactAt(prospect, 'Pat Prospect');
  const c = await claim({ statement: 'Seniors must re-register this year', demographic_group_ids: [spanish, seniors], languages: ['es'] });
  const sug = await t.api('viewer', 'GET', `${M}/${c.id}/amplification/suggestions`);
  assert.equal(sug.status, 200);
  assert.deepEqual(sug.body.items.map((i) => [i.name, i.score]), [['Both Reach Org', 3], ['Spanish Radio', 1]]);
  assert.deepEqual(sug.body.items[0].contacts.map((x) => x.full_name), ['Ana Both']);

  const early = await t.api('coordinator', 'POST', `${M}/${c.id}/amplification/asks`, { partner_id: both });
  assert.equal(early.status, 422);
  assert.equal(early.body.error.code, 'amplification.not_published');
  await toStatus(c.id, 'triaged');
  await approve(c.id);
  assert.equal((await t.api('coordinator', 'POST', `${M}/${c.id}/publish`, {})).status, 200);

  const badContact = await t.api('coordinator', 'POST', `${M}/${c.id}/amplification/asks`, { partner_id: lang, contact_id: cBoth });
  assert.equal(badContact.body.error.field, 'contact_id');
  const missing = await t.api('coordinator', 'POST', `${M}/${c.id}/amplification/asks`, {});
  assert.equal(missing.body.error.code, 'validation.required');
  const ask = await t.api('coordinator', 'POST', `${M}/${c.id}/amplification/asks`, { partner_id: both, contact_id: cBoth, note: 'Sent by email' });
  assert.equal(ask.status, 201, ask.text);
  assert.equal(ask.body.shared, 'unknown');
  assert.equal(ask.body.asked_by, t.users[0].coordinator.id);
  const today = new Date().toISOString().slice(0, 10);
  const inter = sql(`SELECT type || '|' || direction || '|' || occurred_on FROM interactions WHERE id = ${ask.body.interaction_id} AND partner_id = ${both}`);
  assert.equal(inter, `amplification_ask|office_gave|${today}`);
  assert.equal(sql(`SELECT last_interaction_on FROM partners WHERE id = ${both}`), today);
  assert.equal(sql(`SELECT contact_id FROM interaction_contacts WHERE interaction_id = ${ask.body.interaction_id}`), String(cBoth));
  const it = await t.api('viewer', 'GET', `/api/v1/interactions/${ask.body.interaction_id}`);
  assert.equal(it.status, 200, it.text);
  assert.equal(it.body.type, 'amplification_ask');
  assert.equal(it.body.direction, 'office_gave');
  assert.match(it.body.summary, /Seniors must re-register/);
  const sug2 = await t.api('viewer', 'GET', `${M}/${c.id}/amplification/suggestions`);
  assert.equal(sug2.body.items.find((i) => i.partner_id === both).times_asked, 1);

  const badOutcome = await t.api('coordinator', 'PATCH', `${M}/${c.id}/amplification/asks/${ask.body.id}`, { shared: 'maybe', version: ask.body.version });
  assert.equal(badOutcome.body.error.code, 'validation.enum');
  const done = await t.api('coordinator', 'PATCH', `${M}/${c.id}/amplification/asks/${ask.body.id}`, { shared: 'yes', shared_where: 'Sunday newsletter', version: ask.body.version });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.body.shared, 'yes');
  assert.ok(done.body.shared_at);
  const stale = await t.api('coordinator', 'PATCH', `${M}/${c.id}/amplification/asks/${ask.body.id}`, { shared: 'no', version: ask.body.version });
  assert.equal(stale.status, 409);
  const wrongClaim = await t.api('coordinator', 'PATCH', `${M}/${c.id + 1000}/amplification/asks/${ask.body.id}`, { shared: 'no', version: done.body.version });
  assert.equal(wrongClaim.status, 404);
  await t.api('coordinator', 'POST', `${M}/${c.id}/amplification/asks`, { partner_id: lang });
  const asks = await t.api('viewer', 'GET', `${M}/${c.id}/amplification/asks`);
  assert.deepEqual(asks.body.items.map((a) => [a.partner_name, a.shared]), [['Both Reach Org', 'yes'], ['Spanish Radio', 'unknown']]);
  const rep = await t.api('viewer', 'GET', `/api/v1/reports/misconceptions?from=${today}&to=${today}`);
  assert.equal(rep.body.amplification.partners_asked, 2);
  assert.equal(rep.body.amplification.partners_shared, 1);
  assert.equal(rep.body.amplification.share_rate, 0.5);
});

test('report: period validation, and the command line prints the same numbers', async () => {
  assert.equal((await t.api('viewer', 'GET', '/api/v1/reports/misconceptions?from=2026-02-30')).body.error.code, 'validation.date');
  assert.equal((await t.api('viewer', 'GET', '/api/v1/reports/misconceptions?from=2026-03-01&to=2026-02-01')).body.error.code, 'validation.range');
  const api = (await t.api('viewer', 'GET', '/api/v1/reports/misconceptions?from=2026-01-01&to=2026-12-31')).body;
  assert.equal(api.from, '2026-01-01');
  assert.ok(api.sightings.claims > 0);
  const out = JSON.parse(t.cli(['report', 'misconceptions', '--office', String(t.officeIds[0]), '--from', '2026-01-01', '--to', '2026-12-31', '--json']));
  assert.deepEqual(out.time_to_response.count, api.time_to_response.count);
  assert.deepEqual(out.sightings, api.sightings);
  assert.deepEqual(out.by_month.map((m) => m.month), api.by_month.map((m) => m.month));
  const text = t.cli(['report', 'misconceptions', '--office', String(t.officeIds[0]), '--from', '2026-01-01', '--to', '2026-12-31']);
  assert.match(text, /Time from first sighting to published response/);
  assert.throws(() => t.cli(['report', 'misconceptions', '--from', '2026-01-01']), /several offices/);
  assert.throws(() => t.cli(['report', 'misconceptions', '--office', String(t.officeIds[0]), '--from', 'soon']), /YYYY-MM-DD/);
});

// ---- the public facts pages ----

const HOSTILE = '<script>alert(1)</script> & "quotes" \'apos\' </script><!--';
const slugOf = (i) => sql(`SELECT slug FROM offices WHERE id = ${t.officeIds[i]}`);

function jsonLd(html) {
  const blocks = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  assert.equal(blocks.length, 1, 'one ClaimReview per claim page');
  assert.ok(!/[<>&]/.test(blocks[0]), 'no raw < > & inside the script block');
  return JSON.parse(blocks[0]);
}

function xmlWellFormed(xml) {
  execFileSync('xmllint', ['--noout', '-'], { input: xml, encoding: 'utf8' });   // throws when not well-formed
}

test('public page: hostile text is escaped and never runs; only http(s) sources are links; JSON-LD parses', async () => {
  const c = await claim({ statement: HOSTILE, slug: 'hostile-claim' });
  await toStatus(c.id, 'triaged');
  const texts = { en: { claim_text: `${HOSTILE} rumor`, accurate_statement: `"><img src=x onerror=alert(2)>\nSecond line`, short_answer: `<a href="javascript:alert(3)">click</a> &amp; more` } };
  const v = await t.api('coordinator', 'POST', `${M}/${c.id}/response/versions`, {
    texts, sources: [{ kind: 'official_page', title: '<b>Secretary of State</b>', url: 'https://sos.example.gov/voting?a=1&b=2' }, { kind: 'statute', title: 'Code §3020' }] });
  assert.equal(v.status, 201, v.text);
  await toStatus(c.id, 'in_review');
  assert.equal((await t.api('director', 'POST', `${M}/${c.id}/response/versions/1/approve`)).status, 200);
  assert.equal((await t.api('coordinator', 'POST', `${M}/${c.id}/publish`, {})).status, 200);
  // A javascript: address that got into the database some other way is still not a link.
  sql(`UPDATE response_versions SET sources = '[{"kind":"statute","title":"Evil","url":"javascript:alert(4)"},{"kind":"official_page","title":"<b>Secretary of State</b>","url":"https://sos.example.gov/voting?a=1&b=2"}]' WHERE id = ${v.body.id}`);

  const page = await t.request('GET', `/o/${slugOf(0)}/facts/hostile-claim`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /^text\/html; charset=utf-8/);
  const html = page.text;
  assert.equal((html.match(/<script/g) || []).length, 1, 'the only script element is the JSON-LD block');
  assert.ok(!html.includes('<img'));
  assert.ok(!html.includes('<b>'));
  assert.ok(!/href="javascript:/i.test(html));
  assert.ok(!html.includes('<a href="javascript'));
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;apos&#39;'));
  assert.ok(html.includes('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;'));
  assert.ok(html.includes('<p>Second line</p>'));
  assert.ok(html.includes('Law: Evil</li>'), 'the javascript: source is plain text');
  assert.ok(html.includes('<a href="https://sos.example.gov/voting?a=1&amp;b=2" rel="external noopener noreferrer">&lt;b&gt;Secretary of State&lt;/b&gt;</a>'));
  assert.match(html, /<dt>The rumor<\/dt>[\s\S]*<dt>The reality<\/dt>[\s\S]*<dt>Where to get the facts<\/dt>/);
  assert.match(html, /<html lang="en"/);
  const ld = jsonLd(html);
  assert.equal(ld['@type'], 'ClaimReview');
  assert.equal(ld['@context'], 'https://schema.org');
  assert.equal(ld.claimReviewed, `${HOSTILE} rumor`);
  assert.equal(ld.author.name, 'Test County');
  assert.match(ld.datePublished, /^\d{4}-\d{2}-\d{2}$/);
  assert.match(ld.url, /\/o\/.*\/facts\/hostile-claim$/);
  assert.equal(ld.reviewRating['@type'], 'Rating');

  const index = await t.request('GET', `/o/${slugOf(0)}/facts`);
  assert.equal(index.status, 200);
  assert.ok(!index.text.includes('<script'));
  assert.ok(index.text.includes('&lt;script&gt;alert(1)'));
  assert.match(index.text, /hostile-claim">[^<]*&lt;script&gt;.*<strong class="flag flag-new">New<\/strong>/);

  const feed = await t.request('GET', `/o/${slugOf(0)}/facts/feed.xml`);
  assert.equal(feed.status, 200);
  assert.match(feed.headers.get('content-type'), /^application\/atom\+xml/);
  xmlWellFormed(feed.text);
  assert.ok(feed.text.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;'));
  assert.ok(!feed.text.includes('<script'));
});

test('public page: only what was published shows; corrections show what changed and when; drafts never leak', async () => {
  const c = await claim({ statement: 'Polls close at 6 pm', slug: 'polls-close' });
  const office = slugOf(0);
  await toStatus(c.id, 'triaged');
  assert.equal((await t.request('GET', `/o/${office}/facts/polls-close`)).status, 404);
  await approve(c.id, 'coordinator', 'director', { en: { accurate_statement: 'Polls close at 8 pm.', short_answer: 'Polls are open until 8 pm.' } });
  assert.equal((await t.api('coordinator', 'POST', `${M}/${c.id}/publish`, {})).status, 200);
  const v2 = await t.api('coordinator', 'POST', `${M}/${c.id}/response/versions`, {
    texts: { en: { accurate_statement: 'DRAFT secret wording', short_answer: 'DRAFT' } }, sources: SOURCES });
  assert.equal(v2.status, 201);
  let page = (await t.request('GET', `/o/${office}/facts/polls-close`)).text;
  assert.ok(page.includes('Polls are open until 8 pm.'));
  assert.ok(!page.includes('DRAFT'), 'an unapproved draft never reaches the public page');
  await toStatus(c.id, 'in_review');
  assert.equal((await t.api('director', 'POST', `${M}/${c.id}/response/versions/2/approve`)).status, 200);
  assert.ok(!(await t.request('GET', `/o/${office}/facts/polls-close`)).text.includes('DRAFT'), 'approved but unpublished');
  assert.equal((await t.api('coordinator', 'POST', `${M}/${c.id}/publish`, { change_note: 'Wording <em>clarified</em>' })).status, 200);
  page = (await t.request('GET', `/o/${office}/facts/polls-close`)).text;
  assert.ok(page.includes('DRAFT secret wording'));
  assert.match(page, /<h2 id="corrections">Corrections<\/h2>\s*<ul class="corrections">\s*<li><time datetime="\d{4}-\d\d-\d\dT[\d:]+Z">\d{4}-\d\d-\d\d<\/time>: Wording &lt;em&gt;clarified&lt;\/em&gt;<\/li>/);
  assert.match(page, /Last corrected: <time/);
  assert.match(page, /flag-updated">Updated</);
  assert.ok(jsonLd(page).dateModified);
  const feed = (await t.request('GET', `/o/${office}/facts/feed.xml`)).text;
  xmlWellFormed(feed);
  assert.match(feed, /<title>Updated: Polls close at 6 pm<\/title>/);
  assert.match(feed, /<title>New: Polls close at 6 pm<\/title>/);
  assert.match(feed, /<summary>Wording &lt;em&gt;clarified&lt;\/em&gt; DRAFT<\/summary>/);
  // Another office's page never shows it.
  const other = (await t.request('GET', `/o/${slugOf(1)}/facts`)).text;
  assert.ok(!other.includes('Polls close at 6 pm'));
  assert.equal((await t.request('GET', `/o/${slugOf(1)}/facts/polls-close`)).status, 404);
});

test('public page: languages, offices, unknown pages and merged claims', async () => {
  const office = slugOf(0);
  const c = await claim({ statement: 'You need ID to vote by mail', slug: 'id-by-mail' });
  await toStatus(c.id, 'triaged');
  await approve(c.id, 'coordinator', 'director', { en: EN.en, es: { claim_text: 'Necesita identificación para votar por correo', accurate_statement: 'No se necesita identificación.', short_answer: 'No necesita identificación.' } });
  assert.equal((await t.api('coordinator', 'POST', `${M}/${c.id}/publish`, {})).status, 200);
  const es = await t.request('GET', `/es/o/${office}/facts/id-by-mail`);
  assert.equal(es.status, 200);
  assert.match(es.text, /<html lang="es"/);
  assert.equal(es.headers.get('content-language'), 'es');
  assert.ok(es.text.includes('No necesita identificación.'));
  assert.ok(es.text.includes('El rumor'));
  assert.equal(jsonLd(es.text).inLanguage, 'es');
  // No Spanish text: the English one, said so and marked lang="en".
  const fb = (await t.request('GET', `/es/o/${office}/facts/polls-close`)).text;
  assert.match(fb, /<dl class="fact" lang="en">/);
  assert.ok(fb.includes('todavía no está disponible en su idioma'));
  const neg = await t.request('GET', `/o/${office}/facts`, { headers: { 'Accept-Language': 'es-MX,es;q=0.9' } });
  assert.match(neg.text, /Rumor vs\. realidad/);
  assert.equal((await t.request('GET', `/xx/o/${office}/facts`)).status, 404);
  assert.equal((await t.request('GET', '/o/no-such-office/facts')).status, 404);
  assert.equal((await t.request('GET', `/o/${office}/facts/no-such-claim`)).status, 404);
  assert.equal((await t.request('GET', `/o/${office}/facts/${encodeURIComponent('<script>')}`)).status, 404);
  // Several offices and none named: a list to choose from.
  const choose = await t.request('GET', '/facts');
  assert.equal(choose.status, 200);
  assert.ok(choose.text.includes(`href="/o/${office}/facts"`));
  const q = await t.request('GET', `/facts?office=${office}`);
  assert.ok(q.text.includes('You need ID to vote by mail'));
  assert.ok(q.text.includes(`/facts/id-by-mail?office=${office}`));
  // A claim merged into another moves its page there.
  const dup = await publishNew({ statement: 'Mail voters must show ID', slug: 'mail-voters-id' });
  const m = await t.api('coordinator', 'POST', `${M}/${c.id}/merge`, { from_id: dup.id });
  assert.equal(m.status, 200, m.text);
  const moved = await t.request('GET', `/o/${office}/facts/mail-voters-id`);
  assert.equal(moved.status, 301);
  assert.equal(moved.headers.get('location'), `/o/${office}/facts/id-by-mail`);
  assert.ok(!(await t.request('GET', `/o/${office}/facts`)).text.includes('Mail voters must show ID'));
});

test('public page on a single-office install needs no office in the address', async () => {
  const solo = await startServer({ offices: ['Solo County'] });
  try {
    const tok = solo.tokens[0];
    const c = await solo.api(tok.coordinator, 'POST', M, { statement: 'Solo rumor', slug: 'solo' });
    await solo.api(tok.coordinator, 'POST', `${M}/${c.body.id}/status`, { status: 'triaged', version: 1 });
    await solo.api(tok.coordinator, 'POST', `${M}/${c.body.id}/response/versions`, { texts: EN, sources: SOURCES });
    await solo.api(tok.coordinator, 'POST', `${M}/${c.body.id}/status`, { status: 'in_review', version: 3 });
    assert.equal((await solo.api(tok.director, 'POST', `${M}/${c.body.id}/response/versions/1/approve`)).status, 200);
    assert.equal((await solo.api(tok.coordinator, 'POST', `${M}/${c.body.id}/publish`, {})).status, 200);
    const idx = await solo.request('GET', '/facts');
    assert.ok(idx.text.includes('href="/facts/solo"'));
    assert.ok(idx.text.includes('href="/facts/feed.xml"'));
    assert.equal((await solo.request('GET', '/facts/solo')).status, 200);
    assert.ok((await solo.request('GET', '/es/facts')).text.includes('href="/es/facts/solo"'));
    const feed = await solo.request('GET', '/es/facts/feed.xml');
    xmlWellFormed(feed.text);
    assert.match(feed.text, /xml:lang="es"/);
    const empty = await startServer({ offices: ['Empty County'] });
    try {
      const e = await empty.request('GET', '/facts');
      assert.ok(e.text.includes('There are no published answers yet.'));
      xmlWellFormed((await empty.request('GET', '/facts/feed.xml')).text);
    } finally { await empty.stop(); }
  } finally { await solo.stop(); }
});
