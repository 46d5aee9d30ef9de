// 04-admin: users, password changes, API tokens, office settings, the audit log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from './lib.mjs';

let t;
// Sign-ins are rate limited per client address; each comes from its own
// (forwarded) address so this file's many sign-ins are not refused.
before(async () => { t = await startServer({ env: { RAPPORT_TRUST_PROXY: '1' } }); });
let addr = 0;
async function signIn(tt, email, password = PASSWORD) {
  addr++;
  const r = await fetch(`${tt.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `10.9.${addr >> 8}.${addr & 255}` },
    body: JSON.stringify({ email, password }),
  });
  const me = await r.json();
  const set = r.headers.get('set-cookie') || '';
  return { status: r.status, cookie: set.split(';')[0], csrf: me.csrf_token, me };
}
after(async () => { await t.stop(); });

const other = { office: 1, role: 'admin' };

test('users list: viewers see names and roles only, admins also email and sign-in state', async () => {
  const v = await t.api('viewer', 'GET', '/api/v1/users');
  assert.equal(v.status, 200);
  const names = v.body.items.map((u) => u.name);
  assert.ok(names.includes('coordinator 0'));
  assert.ok(!names.includes('coordinator 1'), 'another office\'s users must not show');
  for (const u of v.body.items) {
    assert.deepEqual(Object.keys(u).sort(), ['active', 'id', 'name', 'role']);
    assert.equal(typeof u.active, 'boolean');
  }
  const a = await t.api('admin', 'GET', '/api/v1/users');
  assert.equal(a.status, 200);
  const c = a.body.items.find((u) => u.name === 'coordinator 0');
  assert.equal(c.email, 'coordinator0@example.org');
  assert.ok('last_login_at' in c && 'locked_until' in c && 'version' in c);
  assert.ok(!('password_hash' in c));
});

test('an admin adds a user with a generated password shown once; others may not add', async () => {
  for (const role of ['viewer', 'staff', 'coordinator', 'director']) {
    const r = await t.api(role, 'POST', '/api/v1/users', { email: `x-${role}@example.org`, role: 'viewer' });
    assert.equal(r.status, 403, role);
  }
  const r = await t.api('admin', 'POST', '/api/v1/users', { email: 'New.Person@Example.org', name: 'New Person', role: 'staff' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.email, 'new.person@example.org');
  assert.match(r.body.password, /^[0-9a-f]{24}$/);
  assert.ok(!('password_hash' in r.body));
  const s = await signIn(t, 'new.person@example.org', r.body.password);
  assert.equal(s.status, 200);
  assert.equal(s.me.user.role, 'staff');
  // The audit entry never holds the password.
  const log = await t.api('admin', 'GET', `/api/v1/audit?entity=user&entity_id=${r.body.id}&action=create`);
  assert.equal(log.body.items.length, 1);
  assert.ok(!JSON.stringify(log.body.items[0]).includes(r.body.password));
  assert.equal(log.body.items[0].after.email, 'new.person@example.org');
});

test('adding a user: bad input gets every error, a taken email 409', async () => {
  const bad = await t.api('admin', 'POST', '/api/v1/users', { email: 'no-at-sign', role: 'emperor', password: 'short', extra: 1 });
  assert.equal(bad.status, 422);
  const fields = bad.body.error.details.map((d) => d.field).sort();
  assert.deepEqual(fields, ['email', 'extra', 'password', 'role']);
  const state = await t.api('admin', 'POST', '/api/v1/users', { email: 'st@example.org', role: 'state' });
  assert.equal(state.status, 422, 'an office admin cannot make state accounts');
  const typed = await t.api('admin', 'POST', '/api/v1/users', { email: 42, role: 'viewer' });
  assert.equal(typed.status, 422);
  assert.equal(typed.body.error.code, 'validation.type');
  const dup = await t.api('admin', 'POST', '/api/v1/users', { email: 'VIEWER1@example.org', role: 'viewer' });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.error.field, 'email');
  const given = await t.api('admin', 'POST', '/api/v1/users', { email: 'given@example.org', role: 'viewer', password: 'a long enough password' });
  assert.equal(given.status, 201);
  assert.ok(!('password' in given.body));
  assert.equal((await signIn(t, 'given@example.org', 'a long enough password')).status, 200);
});

test('PATCH a user: role and name change, stale version 409, another office 404', async () => {
  const u = (await t.api('admin', 'POST', '/api/v1/users', { email: 'patchme@example.org', role: 'viewer' })).body;
  const r = await t.api('admin', 'PATCH', `/api/v1/users/${u.id}`, { role: 'coordinator', name: 'Pat Ch', version: u.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.role, 'coordinator');
  assert.equal(r.body.version, u.version + 1);
  const stale = await t.api('admin', 'PATCH', `/api/v1/users/${u.id}`, { name: 'Again', version: u.version });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.current.name, 'Pat Ch');
  const missing = await t.api('admin', 'PATCH', `/api/v1/users/${u.id}`, { name: 'No version' });
  assert.equal(missing.status, 422);
  const foreign = await t.api(other, 'PATCH', `/api/v1/users/${u.id}`, { name: 'Hijack', version: r.body.version });
  assert.equal(foreign.status, 404);
  const bad = await t.api('admin', 'PATCH', `/api/v1/users/${u.id}`, { role: 'god', active: 'no', email: 'x@y', version: r.body.version });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.error.details.map((d) => d.field).sort(), ['active', 'email', 'role']);
  assert.equal((await t.api('admin', 'PATCH', '/api/v1/users/999999', { name: 'x', version: 1 })).status, 404);
});

test('an admin cannot demote or disable themself', async () => {
  const me = t.users[0].admin;
  const list = (await t.api('admin', 'GET', '/api/v1/users')).body.items;
  const v = list.find((u) => u.id === me.id).version;
  const demote = await t.api('admin', 'PATCH', `/api/v1/users/${me.id}`, { role: 'viewer', version: v });
  assert.equal(demote.status, 422);
  assert.equal(demote.body.error.code, 'validation.self');
  const off = await t.api('admin', 'PATCH', `/api/v1/users/${me.id}`, { active: false, version: v });
  assert.equal(off.status, 422);
  assert.equal(off.body.error.code, 'validation.self');
  const rename = await t.api('admin', 'PATCH', `/api/v1/users/${me.id}`, { name: 'admin 0', role: 'admin', active: true, version: v });
  assert.equal(rename.status, 200);
});

test('disabling a user ends their sessions and tokens; the account stays listed', async () => {
  const u = (await t.api('admin', 'POST', '/api/v1/users', { email: 'leaver@example.org', role: 'staff', password: PASSWORD })).body;
  const s = await signIn(t, 'leaver@example.org');
  assert.equal(s.status, 200);
  const tok = (await t.api('admin', 'POST', '/api/v1/tokens', { name: 'leaver script', user_id: u.id })).body.token;
  assert.equal((await t.api(tok, 'GET', '/api/v1/partners')).status, 200);
  const r = await t.api('admin', 'PATCH', `/api/v1/users/${u.id}`, { active: false, version: u.version });
  assert.equal(r.status, 200);
  assert.equal(r.body.active, false);
  assert.equal((await t.request('GET', '/api/v1/auth/me', { headers: { Cookie: s.cookie } })).status, 401);
  assert.equal((await t.api(tok, 'GET', '/api/v1/partners')).status, 401);
  assert.equal((await signIn(t, 'leaver@example.org')).status, 401);
  const listed = (await t.api('viewer', 'GET', '/api/v1/users')).body.items.find((x) => x.id === u.id);
  assert.equal(listed.active, false);
  const log = await t.api('director', 'GET', `/api/v1/audit?entity=user&entity_id=${u.id}&action=disable`);
  assert.equal(log.body.items.length, 1);
  assert.equal(log.body.items[0].before.active, true);
  assert.equal(log.body.items[0].after.active, false);
  // Re-enabling brings the account back.
  const back = await t.api('admin', 'PATCH', `/api/v1/users/${u.id}`, { active: true, version: r.body.version });
  assert.equal(back.status, 200);
  assert.equal((await signIn(t, 'leaver@example.org')).status, 200);
});

test('an admin sets or generates a password; it unlocks the account and ends its sessions', async () => {
  const u = (await t.api('admin', 'POST', '/api/v1/users', { email: 'locked@example.org', role: 'viewer', password: PASSWORD })).body;
  const s = await signIn(t, 'locked@example.org');
  for (let i = 0; i < 5; i++) await signIn(t, 'locked@example.org', 'wrong wrong wrong');
  assert.equal((await signIn(t, 'locked@example.org')).status, 429);
  const row = (await t.api('admin', 'GET', '/api/v1/users')).body.items.find((x) => x.id === u.id);
  assert.ok(row.locked_until, 'the admin list shows the lock');
  const gen = await t.api('admin', 'POST', `/api/v1/users/${u.id}/password`, {});
  assert.equal(gen.status, 200);
  assert.equal(gen.body.generated, true);
  assert.equal((await t.request('GET', '/api/v1/auth/me', { headers: { Cookie: s.cookie } })).status, 401);
  assert.equal((await signIn(t, 'locked@example.org', gen.body.password)).status, 200);
  const set = await t.api('admin', 'POST', `/api/v1/users/${u.id}/password`, { password: 'another fine password' });
  assert.equal(set.status, 200);
  assert.equal(set.body.generated, false);
  assert.ok(!('password' in set.body));
  assert.equal((await signIn(t, 'locked@example.org', 'another fine password')).status, 200);
  const weak = await t.api('admin', 'POST', `/api/v1/users/${u.id}/password`, { password: 'short' });
  assert.equal(weak.status, 422);
  assert.equal((await t.api(other, 'POST', `/api/v1/users/${u.id}/password`, {})).status, 404);
  assert.equal((await t.api('director', 'POST', `/api/v1/users/${u.id}/password`, {})).status, 403);
});

test('changing your own password checks the current one and ends your other sessions', async () => {
  await t.api('admin', 'POST', '/api/v1/users', { email: 'self@example.org', role: 'viewer', password: PASSWORD });
  const a = await signIn(t, 'self@example.org');
  const b = await signIn(t, 'self@example.org');
  const hdr = { Cookie: a.cookie, 'X-CSRF-Token': a.csrf };
  const wrong = await t.request('POST', '/api/v1/auth/password', { headers: hdr, body: { current_password: 'not it at all', new_password: 'brand new password 1' } });
  assert.equal(wrong.status, 422);
  assert.equal(wrong.body.error.code, 'auth.wrong_password');
  const weak = await t.request('POST', '/api/v1/auth/password', { headers: hdr, body: { current_password: PASSWORD, new_password: 'short' } });
  assert.equal(weak.status, 422);
  assert.equal(weak.body.error.field, 'new_password');
  const noCsrf = await t.request('POST', '/api/v1/auth/password', { headers: { Cookie: a.cookie }, body: { current_password: PASSWORD, new_password: 'brand new password 1' } });
  assert.equal(noCsrf.status, 403);
  const ok = await t.request('POST', '/api/v1/auth/password', { headers: hdr, body: { current_password: PASSWORD, new_password: 'brand new password 1' } });
  assert.equal(ok.status, 204, ok.text);
  assert.equal((await t.request('GET', '/api/v1/auth/me', { headers: { Cookie: a.cookie } })).status, 200, 'this session stays');
  assert.equal((await t.request('GET', '/api/v1/auth/me', { headers: { Cookie: b.cookie } })).status, 401, 'the other ends');
  assert.equal((await signIn(t, 'self@example.org')).status, 401);
  assert.equal((await signIn(t, 'self@example.org', 'brand new password 1')).status, 200);
  assert.equal((await t.request('POST', '/api/v1/auth/password', { body: { current_password: 'a', new_password: 'b' } })).status, 401);
});

test('API tokens: create shows the token once, list shows the prefix, revoke stops it', async () => {
  for (const role of ['viewer', 'director']) assert.equal((await t.api(role, 'GET', '/api/v1/tokens')).status, 403);
  const c = await t.api('admin', 'POST', '/api/v1/tokens', { name: 'nightly export' });
  assert.equal(c.status, 201, c.text);
  assert.match(c.body.token, /^rpt_[0-9a-f]{64}$/);
  assert.equal(c.body.user_id, t.users[0].admin.id);
  assert.ok(c.body.token.startsWith(c.body.prefix));
  const list = await t.api('admin', 'GET', '/api/v1/tokens');
  const row = list.body.items.find((x) => x.id === c.body.id);
  assert.equal(row.name, 'nightly export');
  assert.equal(row.revoked_at, null);
  assert.ok(!JSON.stringify(list.body).includes(c.body.token), 'the list never holds a whole token');
  assert.equal((await t.api(c.body.token, 'GET', '/api/v1/office')).status, 200);
  const used = (await t.api('admin', 'GET', '/api/v1/tokens')).body.items.find((x) => x.id === c.body.id);
  assert.ok(used.last_used_at);
  assert.equal((await t.api(other, 'DELETE', `/api/v1/tokens/${c.body.id}`)).status, 404);
  assert.ok(!(await t.api(other, 'GET', '/api/v1/tokens')).body.items.some((x) => x.id === c.body.id));
  assert.equal((await t.api('admin', 'DELETE', `/api/v1/tokens/${c.body.id}`)).status, 204);
  assert.equal((await t.api(c.body.token, 'GET', '/api/v1/office')).status, 401);
  assert.equal((await t.api('admin', 'DELETE', `/api/v1/tokens/${c.body.id}`)).status, 409);
  const revoked = (await t.api('admin', 'GET', '/api/v1/tokens')).body.items.find((x) => x.id === c.body.id);
  assert.ok(revoked.revoked_at);
  const log = await t.api('admin', 'GET', `/api/v1/audit?entity=api_token&entity_id=${c.body.id}`);
  assert.deepEqual(log.body.items.map((e) => e.action), ['revoke', 'create']);
  assert.ok(!JSON.stringify(log.body).includes(c.body.token));
});

test('API tokens: for another user of the office only, with a name', async () => {
  const foreignUser = t.users[1].viewer.id;
  const r = await t.api('admin', 'POST', '/api/v1/tokens', { name: 'x', user_id: foreignUser });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'user_id');
  const noName = await t.api('admin', 'POST', '/api/v1/tokens', { name: '  ' });
  assert.equal(noName.status, 422);
  const forViewer = await t.api('admin', 'POST', '/api/v1/tokens', { name: 'viewer script', user_id: t.users[0].viewer.id });
  assert.equal(forViewer.status, 201);
  assert.equal((await t.api(forViewer.body.token, 'POST', '/api/v1/partners', { name: 'x', kind: 'institutional', subtype: 'media' })).status, 403, 'the token has its user\'s role');
});

test('office settings: complete defaults for everyone, admins change them field by field', async () => {
  const g = await t.api('viewer', 'GET', '/api/v1/office');
  assert.equal(g.status, 200);
  assert.equal(g.body.id, t.officeIds[0]);
  assert.deepEqual(g.body.settings, {
    on_cycle_days_before: 60, on_cycle_days_after: 30,
    response_target_hours: { high: 24, medium: 72, low: 168 },
    cadence_days_default: 90, cadence_days_by_subtype: {}, verify_after_days: 365, offerings: [], state_opt_in: false,
  });
  assert.equal((await t.api('director', 'PATCH', '/api/v1/office', { name: 'x', version: g.body.version })).status, 403);
  const r = await t.api('admin', 'PATCH', '/api/v1/office', {
    name: 'Test County Elections', timezone: 'America/Chicago', version: g.body.version,
    settings: { on_cycle_days_before: 45, response_target_hours: { high: 12 }, cadence_days_by_subtype: { media: 30 }, state_opt_in: true },
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.name, 'Test County Elections');
  assert.equal(r.body.timezone, 'America/Chicago');
  assert.equal(r.body.state_opt_in, true);
  assert.equal(r.body.settings.on_cycle_days_before, 45);
  assert.equal(r.body.settings.on_cycle_days_after, 30);
  assert.deepEqual(r.body.settings.response_target_hours, { high: 12, medium: 72, low: 168 });
  assert.deepEqual(r.body.settings.cadence_days_by_subtype, { media: 30 });
  assert.equal(r.body.settings.state_opt_in, true);
  // null returns a setting to its default; other settings stay.
  const back = await t.api('admin', 'PATCH', '/api/v1/office', { settings: { on_cycle_days_before: null }, version: r.body.version });
  assert.equal(back.status, 200);
  assert.equal(back.body.settings.on_cycle_days_before, 60);
  assert.equal(back.body.settings.response_target_hours.high, 12);
  const stale = await t.api('admin', 'PATCH', '/api/v1/office', { name: 'Stale', version: r.body.version });
  assert.equal(stale.status, 409);
  // The other office is untouched.
  const o = await t.api({ office: 1, role: 'viewer' }, 'GET', '/api/v1/office');
  assert.equal(o.body.name, 'Other County');
  assert.equal(o.body.settings.on_cycle_days_before, 60);
  const log = await t.api('director', 'GET', '/api/v1/audit?entity=office');
  assert.ok(log.body.items.length >= 2);
  assert.equal(log.body.items[1].before.name, 'Test County');
  assert.equal(log.body.items[1].after.name, 'Test County Elections');
});

test('office settings: bad values are all reported, with the setting named', async () => {
  const g = (await t.api('admin', 'GET', '/api/v1/office')).body;
  const r = await t.api('admin', 'PATCH', '/api/v1/office', {
    version: g.version, timezone: 'Mars/Olympus_Mons', name: '',
    settings: {
      on_cycle_days_before: 400, on_cycle_days_after: '30', verify_after_days: 1.5,
      response_target_hours: { urgent: 1, low: 0 }, cadence_days_by_subtype: { pizzeria: 30, media: 2 },
      state_opt_in: 'yes', colour: 'blue',
    },
  });
  assert.equal(r.status, 422);
  const fields = r.body.error.details.map((d) => d.field).sort();
  assert.deepEqual(fields, [
    'name', 'settings.cadence_days_by_subtype.media', 'settings.cadence_days_by_subtype.pizzeria', 'settings.colour',
    'settings.on_cycle_days_after', 'settings.on_cycle_days_before', 'settings.response_target_hours.low',
    'settings.response_target_hours.urgent', 'settings.state_opt_in', 'settings.verify_after_days', 'timezone',
  ]);
  for (const tz of ['../../etc/passwd', '/etc/passwd', 'zone.tab', 'America', 'America/../Europe/Paris', 'America/New York', '']) {
    const x = await t.api('admin', 'PATCH', '/api/v1/office', { version: g.version, timezone: tz });
    assert.equal(x.status, 422, tz);
    assert.equal(x.body.error.field, 'timezone', tz);
  }
  const arr = await t.api('admin', 'PATCH', '/api/v1/office', { version: g.version, settings: [] });
  assert.equal(arr.status, 422);
  const after = (await t.api('admin', 'GET', '/api/v1/office')).body;
  assert.equal(after.version, g.version, 'nothing changed');
});

test('audit log: director and admin only, filtered, newest first, a page at a time, own office only', async () => {
  for (const role of ['viewer', 'staff', 'coordinator']) assert.equal((await t.api(role, 'GET', '/api/v1/audit')).status, 403);
  const made = [];
  for (let i = 0; i < 5; i++) {
    const p = await t.api('coordinator', 'POST', '/api/v1/partners', { name: `Audit Org ${i}`, kind: 'institutional', subtype: 'media' });
    made.push(p.body.id);
  }
  const page1 = await t.api('director', 'GET', `/api/v1/audit?entity=partner&action=create&user_id=${t.users[0].coordinator.id}&limit=3`);
  assert.equal(page1.status, 200);
  assert.equal(page1.body.items.length, 3);
  assert.ok(page1.body.next_cursor);
  const page2 = await t.api('director', 'GET', `/api/v1/audit?entity=partner&action=create&user_id=${t.users[0].coordinator.id}&limit=3&cursor=${page1.body.next_cursor}`);
  const all = [...page1.body.items, ...page2.body.items];
  const ids = all.map((e) => e.entity_id);
  for (const id of made) assert.ok(ids.includes(id));
  for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].id > all[i].id, 'newest first');
  assert.equal(all[0].after.name, all.find((e) => e.entity_id === all[0].entity_id).after.name);
  assert.equal(typeof all[0].after, 'object', 'after comes back parsed');
  assert.equal(all[0].before, null);
  const today = new Date().toISOString().slice(0, 10);
  const inRange = await t.api('director', 'GET', `/api/v1/audit?entity=partner&from=${today}&to=${today}`);
  assert.ok(inRange.body.items.length >= 5);
  const past = await t.api('director', 'GET', '/api/v1/audit?from=2000-01-01&to=2000-12-31');
  assert.equal(past.body.items.length, 0);
  const other0 = await t.api(other, 'GET', `/api/v1/audit?entity=partner&entity_id=${made[0]}`);
  assert.equal(other0.body.items.length, 0, 'another office sees none of it');
  for (const q of ['from=2024-02-30', 'to=yesterday', 'from=2025-02-01&to=2025-01-01', 'entity_id=-1', 'user_id=x', 'entity=a%20b', 'limit=0', 'cursor=garbage']) {
    const x = await t.api('director', 'GET', `/api/v1/audit?${q}`);
    assert.equal(x.status, 422, q);
  }
});
