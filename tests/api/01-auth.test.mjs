// 01-auth: sign-in, sessions, CSRF, API tokens, lockout, roles.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signIn, PASSWORD } from './lib.mjs';

let t;
before(async () => { t = await startServer(); });
after(async () => { await t.stop(); });

test('health needs no sign-in', async () => {
  const r = await t.request('GET', '/api/v1/health');
  assert.equal(r.status, 200);
  assert.equal(r.body.status, 'ok');
});

test('API routes refuse anonymous callers with 401 JSON', async () => {
  const r = await t.request('GET', '/api/v1/partners');
  assert.equal(r.status, 401);
  assert.equal(r.body.error.code, 'auth.required');
});

test('a bad or revoked bearer token is refused', async () => {
  assert.equal((await t.api('rpt_nope', 'GET', '/api/v1/partners')).status, 401);
  const tok = t.cli(['token', 'create', '--office', String(t.officeIds[0]), '--user', 'viewer0@example.org', '--name', 'temp']);
  assert.equal((await t.api(tok, 'GET', '/api/v1/partners')).status, 200);
  const list = t.cli(['token', 'list', '--office', String(t.officeIds[0])]);
  const id = list.split('\n').find((l) => l.includes('\ttemp\t')).split('\t')[0];
  t.cli(['token', 'revoke', '--office', String(t.officeIds[0]), id]);
  assert.equal((await t.api(tok, 'GET', '/api/v1/partners')).status, 401);
});

test('sign-in sets an HttpOnly SameSite=Strict cookie; writes need the CSRF token', async () => {
  const s = await signIn(t, 'coordinator0@example.org');
  assert.equal(s.status, 200);
  assert.match(s.setCookie, /HttpOnly/);
  assert.match(s.setCookie, /SameSite=Strict/);
  assert.equal(s.me.user.role, 'coordinator');
  assert.match(s.csrf, /^[0-9a-f]{64}$/);
  const me = await t.request('GET', '/api/v1/auth/me', { headers: { Cookie: s.cookie } });
  assert.equal(me.status, 200);
  assert.equal(me.body.user.email, 'coordinator0@example.org');
  const body = { name: 'CSRF Test', kind: 'institutional', subtype: 'media' };
  const noCsrf = await t.request('POST', '/api/v1/partners', { headers: { Cookie: s.cookie }, body });
  assert.equal(noCsrf.status, 403);
  assert.equal(noCsrf.body.error.code, 'auth.csrf');
  const wrong = await t.request('POST', '/api/v1/partners', { headers: { Cookie: s.cookie, 'X-CSRF-Token': 'f'.repeat(64) }, body });
  assert.equal(wrong.status, 403);
  const ok = await t.request('POST', '/api/v1/partners', { headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf }, body });
  assert.equal(ok.status, 201);
  const out = await t.request('POST', '/api/v1/auth/logout', { headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf } });
  assert.equal(out.status, 204);
  const after = await t.request('GET', '/api/v1/auth/me', { headers: { Cookie: s.cookie } });
  assert.equal(after.status, 401);
});

test('wrong passwords are refused alike for unknown and known accounts, then the account locks', async () => {
  const unknown = await signIn(t, 'nobody@example.org', 'whatever whatever');
  assert.equal(unknown.status, 401);
  assert.equal(unknown.me.error.code, 'auth.invalid');
  for (let i = 0; i < 5; i++) {
    const r = await signIn(t, 'staff1@example.org', 'wrong password!!');
    assert.equal(r.status, 401, `attempt ${i}`);
  }
  const locked = await signIn(t, 'staff1@example.org', PASSWORD);
  assert.equal(locked.status, 429);
  assert.equal(locked.me.error.code, 'auth.locked');
});

test('roles: a viewer cannot create, a coordinator can, only director+ can delete', async () => {
  const body = { name: 'Role Test Org', kind: 'institutional', subtype: 'faith_group' };
  const v = await t.api('viewer', 'POST', '/api/v1/partners', body);
  assert.equal(v.status, 403);
  assert.equal(v.body.error.code, 'auth.forbidden');
  const c = await t.api('coordinator', 'POST', '/api/v1/partners', body);
  assert.equal(c.status, 201);
  assert.equal((await t.api('coordinator', 'DELETE', `/api/v1/partners/${c.body.id}`)).status, 403);
  assert.equal((await t.api('director', 'DELETE', `/api/v1/partners/${c.body.id}`)).status, 204);
  assert.equal((await t.api('director', 'GET', `/api/v1/partners/${c.body.id}`)).status, 404);
});

test('unknown paths get 404 JSON and wrong methods 405', async () => {
  const r = await t.api('viewer', 'GET', '/api/v1/nothing-here');
  assert.equal(r.status, 404);
  assert.equal(r.body.error.code, 'not_found');
  const m = await t.api('admin', 'PUT', '/api/v1/partners');
  assert.equal(m.status, 405);
});
