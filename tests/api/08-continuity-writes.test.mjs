// 08-continuity-writes: what the continuity reports count is written right.
// A partner's "last touched" date leaves out handover notes and interactions
// dated after today; handover notes come only from the handover (the API
// refuses to log one, or to turn an interaction into one or back); a user
// who still holds relationships cannot be deactivated around the handover
// (API and command line); "my relationships" is bounded and survives text
// that is not UTF-8 in the database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, PASSWORD, PG, psqlAdmin } from './lib.mjs';

let t;
let office;
function day(n) {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
function sql(text) {
  if (PG) return psqlAdmin(text, new URL(t.db).pathname.slice(1));
  return execFileSync('sqlite3', ['-batch', t.db], { input: `.timeout 5000\n${text}`, encoding: 'utf8' }).trim();
}
// An active partner: created in vetting, both reviews passed, then made active.
async function partner(name) {
  const r = await t.api('coordinator', 'POST', '/api/v1/partners', { name, kind: 'institutional', subtype: 'library', status: 'vetting' });
  assert.equal(r.status, 201, r.text);
  for (const aspect of ['legal', 'operational'])
    assert.equal((await t.api('coordinator', 'PUT', `/api/v1/partners/${r.body.id}/vetting/${aspect}`, { outcome: 'passed' })).status, 200);
  const v = (await t.api('viewer', 'GET', `/api/v1/partners/${r.body.id}`)).body.version;
  const a = await t.api('coordinator', 'PATCH', `/api/v1/partners/${r.body.id}`, { status: 'active', version: v });
  assert.equal(a.status, 200, a.text);
  return a.body;
}
async function log(pid, body) {
  return t.api('staff', 'POST', `/api/v1/partners/${pid}/interactions`, { type: 'meeting', summary: 'Met', ...body });
}
const lastTouched = async (pid) => (await t.api('viewer', 'GET', `/api/v1/partners/${pid}`)).body.last_interaction_on;
function addUser(first, role = 'staff') {
  const email = `${first}-${process.pid}@writes.example`;
  return { email, id: Number(t.cli(['user', 'add', '--office', String(office), '--email', email, '--role', role, '--name', first], PASSWORD)) };
}

before(async () => {
  t = await startServer();
  office = t.officeIds[0];
});
after(async () => { if (process.env.SHOW_LOG) console.error(t?.log()); await t?.stop(); });

test('last touched: the newest interaction up to today, never a future date or a handover note', async () => {
  const p = await partner('Touch Library');
  assert.equal(await lastTouched(p.id), null);
  const a = await log(p.id, { occurred_on: day(-3) });
  assert.equal(a.status, 201, a.text);
  assert.equal(await lastTouched(p.id), day(-3));
  // Tomorrow is accepted (time zones ahead of UTC) but is not a touch yet.
  const ahead = await log(p.id, { occurred_on: day(1) });
  assert.equal(ahead.status, 201, ahead.text);
  assert.equal(await lastTouched(p.id), day(-3));
  // Editing it back to today makes it the newest touch; deleting recomputes.
  const moved = await t.api('staff', 'PATCH', `/api/v1/interactions/${ahead.body.id}`, { occurred_on: day(0), version: ahead.body.version });
  assert.equal(moved.status, 200, moved.text);
  assert.equal(await lastTouched(p.id), day(0));
  assert.equal((await t.api('director', 'DELETE', `/api/v1/interactions/${ahead.body.id}`)).status, 204);
  assert.equal(await lastTouched(p.id), day(-3));

  // A handover writes a note on the partner; it does not count as contact.
  const leaver = addUser('leaver');
  const heir = addUser('heir');
  assert.equal((await t.api('coordinator', 'PUT', `/api/v1/partners/${p.id}/liaisons/primary`, { user_id: leaver.id })).status, 200);
  const h = await t.api('director', 'POST', `/api/v1/users/${leaver.id}/handover`, { to_user_id: heir.id, confirm: true });
  assert.equal(h.status, 200, h.text);
  const notes = (await t.api('viewer', 'GET', `/api/v1/partners/${p.id}/interactions?type=handover`)).body.items;
  assert.equal(notes.length, 1);
  assert.equal(await lastTouched(p.id), day(-3));
  // The risk list and strength agree: the last interaction is the meeting.
  const risks = (await t.api('viewer', 'GET', '/api/v1/continuity/risks?limit=5000')).body.items;
  assert.equal(risks.find((x) => x.partner_id === p.id).last_interaction_on, day(-3));
  const strength = (await t.api('viewer', 'GET', `/api/v1/partners/${p.id}/strength`)).body;
  assert.equal(strength.factors.find((f) => f.factor === 'recency').value, 3);
  assert.equal(strength.factors.find((f) => f.factor === 'frequency').value, 1);

  // Staff can still correct a handover note's text, but not its type.
  const note = notes[0];
  const retype = await t.api('staff', 'PATCH', `/api/v1/interactions/${note.id}`, { type: 'meeting', version: note.version });
  assert.equal(retype.status, 422);
  assert.equal(retype.body.error.field, 'type');
  assert.equal(retype.body.error.code, 'validation.handover_only');
  const fix = await t.api('staff', 'PATCH', `/api/v1/interactions/${note.id}`, { summary: 'Handover, with the partner told by phone', version: note.version });
  assert.equal(fix.status, 200, fix.text);
  assert.equal(fix.body.type, 'handover');
  assert.equal(await lastTouched(p.id), day(-3));
});

test('handover notes are written only by the handover', async () => {
  const p = await partner('Handover Only Center');
  const r = await log(p.id, { occurred_on: day(0), type: 'handover' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.code, 'validation.handover_only');
  assert.equal(r.body.error.field, 'type');
  // Every bad field at once, the type among them.
  const many = await log(p.id, { occurred_on: 'soon', type: 'handover', direction: 'sideways' });
  assert.equal(many.status, 422);
  assert.deepEqual(many.body.error.details.map((d) => `${d.field}:${d.code}`).sort(),
    ['direction:validation.enum', 'occurred_on:validation.date', 'type:validation.handover_only']);
  const m = await log(p.id, { occurred_on: day(0) });
  const become = await t.api('staff', 'PATCH', `/api/v1/interactions/${m.body.id}`, { type: 'handover', version: m.body.version });
  assert.equal(become.status, 422);
  assert.equal(become.body.error.code, 'validation.handover_only');
  assert.equal((await t.api('viewer', 'GET', `/api/v1/partners/${p.id}/interactions?type=handover`)).body.items.length, 0);
  // Unknown types are still plain enum errors; another office's partner is 404.
  assert.equal((await log(p.id, { occurred_on: day(0), type: 'seance' })).body.error.code, 'validation.enum');
  const other = await t.api({ office: 1, role: 'coordinator' }, 'POST', '/api/v1/partners', { name: 'Elsewhere', kind: 'institutional', subtype: 'media' });
  assert.equal((await log(other.body.id, { occurred_on: day(0), type: 'handover' })).status, 404);
});

test('deactivating someone who still holds relationships is refused: use the handover', async () => {
  const p = await partner('Held Library');
  const holder = addUser('holder');
  const heir = addUser('successor');
  assert.equal((await t.api('coordinator', 'PUT', `/api/v1/partners/${p.id}/liaisons/backup`, { user_id: holder.id })).status, 200);
  const m = await log(p.id, { occurred_on: day(0), follow_up_on: day(7), follow_up_owner: holder.id });
  assert.equal(m.status, 201, m.text);
  const u = (await t.api('admin', 'GET', '/api/v1/users')).body.items.find((x) => x.id === holder.id);
  const r = await t.api('admin', 'PATCH', `/api/v1/users/${holder.id}`, { active: false, version: u.version });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.code, 'conflict.handover_required');
  assert.equal(r.body.error.field, 'active');
  assert.match(r.body.error.message, /handover/);
  assert.equal(r.body.error.holdings.liaison_backup, 1);
  assert.equal(r.body.error.holdings.follow_ups, 1);
  // Nothing changed: still active, same version, no audit entry.
  const still = (await t.api('admin', 'GET', '/api/v1/users')).body.items.find((x) => x.id === holder.id);
  assert.equal(still.active, true);
  assert.equal(still.version, u.version);
  // Renaming them is fine; so is sending active: true.
  const rename = await t.api('admin', 'PATCH', `/api/v1/users/${holder.id}`, { name: 'Holder Renamed', active: true, version: u.version });
  assert.equal(rename.status, 200, rename.text);
  // The command line refuses too.
  assert.throws(() => t.cli(['user', 'disable', '--email', holder.email]), /still holds 2 items/);
  assert.equal((await t.api('admin', 'GET', '/api/v1/users')).body.items.find((x) => x.id === holder.id).active, true);
  // The handover moves everything and deactivates the account.
  const h = await t.api('director', 'POST', `/api/v1/users/${holder.id}/handover`, { to_user_id: heir.id, confirm: true });
  assert.equal(h.status, 200, h.text);
  assert.equal(h.body.user.active, false);
  // Someone who holds nothing is deactivated directly.
  const idle = addUser('idle');
  const iu = (await t.api('admin', 'GET', '/api/v1/users')).body.items.find((x) => x.id === idle.id);
  const off = await t.api('admin', 'PATCH', `/api/v1/users/${idle.id}`, { active: false, version: iu.version });
  assert.equal(off.status, 200, off.text);
  assert.equal(off.body.active, false);
  // Another office's user is 404, before anything is counted.
  assert.equal((await t.api({ office: 1, role: 'admin' }, 'PATCH', `/api/v1/users/${holder.id}`, { active: false, version: 1 })).status, 404);
});

test('my relationships: bounded by limit, most urgent first, counts over all', async () => {
  const me = addUser('busy');
  const tok = t.cli(['token', 'create', '--office', String(office), '--user', me.email, '--name', 'tests']);
  const ids = [];
  for (const [name, touched] of [['Busy One', -1], ['Busy Two', -200], ['Busy Three', null]]) {
    const p = await partner(name);
    ids.push(p.id);
    assert.equal((await t.api('coordinator', 'PUT', `/api/v1/partners/${p.id}/liaisons/primary`, { user_id: me.id })).status, 200);
    if (touched !== null) assert.equal((await log(p.id, { occurred_on: day(touched) })).status, 201);
  }
  const all = await t.api(tok, 'GET', '/api/v1/me/relationships');
  assert.equal(all.status, 200, all.text);
  assert.equal(all.body.partners_total, 3);
  assert.equal(all.body.truncated, false);
  const one = await t.api(tok, 'GET', '/api/v1/me/relationships?limit=1');
  assert.equal(one.status, 200);
  assert.equal(one.body.partners.length, 1);
  assert.equal(one.body.partners_total, 3);
  assert.equal(one.body.truncated, true);
  assert.deepEqual(one.body.summary, all.body.summary, 'the summary counts every relationship');
  // The most points first: never touched (25) before overdue (20) before fine.
  assert.deepEqual(all.body.partners.map((x) => x.name), ['Busy Three', 'Busy Two', 'Busy One']);
  assert.equal(one.body.partners[0].name, 'Busy Three');
  for (const bad of ['0', '5001', 'ten', '-1', '1.5']) {
    const r = await t.api(tok, 'GET', `/api/v1/me/relationships?limit=${bad}`);
    assert.equal(r.status, 422, bad);
    assert.equal(r.body.error.field, 'limit');
  }
});

test('text that is not UTF-8 in the database cannot break a report', async (tt) => {
  if (PG) { tt.skip('PostgreSQL stores only valid UTF-8'); return; }
  const p = await partner('Bytes Library');
  const u = addUser('bytes');
  const tok = t.cli(['token', 'create', '--office', String(office), '--user', u.email, '--name', 'tests']);
  assert.equal((await t.api('coordinator', 'PUT', `/api/v1/partners/${p.id}/liaisons/primary`, { user_id: u.id })).status, 200);
  // Latin-1 bytes, as an old import or a shell could leave them.
  sql(`UPDATE users SET name = CAST(X'4A6F73E9' AS TEXT) WHERE id = ${u.id};
       UPDATE partners SET name = CAST(X'4361666520E9' AS TEXT) WHERE id = ${p.id};`);
  const mine = await t.api(tok, 'GET', '/api/v1/me/relationships');
  assert.equal(mine.status, 200, mine.text);
  const row = mine.body.partners.find((x) => x.partner_id === p.id);
  assert.equal(row.name, 'Cafe \uFFFD');
  assert.equal(row.primary_liaison.name, 'Jos\uFFFD');
  assert.ok(row.reasons.length > 0);
  const risks = await t.api('viewer', 'GET', '/api/v1/continuity/risks?limit=5000');
  assert.equal(risks.status, 200);
  assert.equal(risks.body.items.find((x) => x.partner_id === p.id).name, 'Cafe \uFFFD');
  assert.equal((await t.api('viewer', 'GET', `/api/v1/partners/${p.id}/strength`)).status, 200);
  assert.equal((await t.api('viewer', 'GET', '/api/v1/strength?limit=500')).status, 200);
  assert.equal((await t.api('viewer', 'GET', '/api/v1/coverage')).status, 200);
});
