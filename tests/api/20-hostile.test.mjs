// 20-hostile: what hostile clients and security scanners send.  Every answer
// must be a JSON error with the right status (never a crash, a hang, a 500
// or another office's data), and the server must still be healthy after.
// Raw sockets (node:net) send what fetch cannot express.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, signIn } from './lib.mjs';

let t, port;
before(async () => {
  t = await startServer();
  port = Number(new URL(t.url).port);
});
after(async () => { await t.stop(); });

// Sends raw bytes; resolves with {status, head, body, raw} once the server
// closes the connection or ms pass.
function raw(bytes, { ms = 5000 } = {}) {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    const chunks = [];
    const done = () => {
      s.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      const split = text.indexOf('\r\n\r\n');
      resolve({ status: m ? Number(m[1]) : 0, head: text.slice(0, split), body: split >= 0 ? text.slice(split + 4) : '', raw: text });
    };
    const timer = setTimeout(done, ms);
    s.on('data', (d) => chunks.push(d));
    s.on('end', () => { clearTimeout(timer); done(); });
    s.on('error', (e) => { clearTimeout(timer); if (chunks.length) done(); else reject(e); });
    s.write(bytes);
  });
}

// A request on its own connection with Connection: close.
function rawRequest(method, path, headers = {}, body = '') {
  const h = { Host: '127.0.0.1', Connection: 'close', ...headers };
  if (body && !h['Content-Length']) h['Content-Length'] = Buffer.byteLength(body);
  const lines = Object.entries(h).map(([k, v]) => `${k}: ${v}`).join('\r\n');
  return raw(Buffer.concat([Buffer.from(`${method} ${path} HTTP/1.1\r\n${lines}\r\n\r\n`, 'latin1'), Buffer.from(body)]));
}

function jsonBody(r) {
  try { return JSON.parse(r.body); } catch { return null; }
}

function assertJsonError(r, status, code) {
  assert.equal(r.status, status, r.text ?? r.raw);
  const body = r.body && typeof r.body === 'object' ? r.body : jsonBody(r);
  assert.ok(body && body.error, `JSON error body: ${r.text ?? r.raw}`);
  if (code) assert.equal(body.error.code, code);
  return body;
}

async function healthy() {
  const r = await t.request('GET', '/api/v1/health');
  assert.equal(r.status, 200);
}

const coordinator = () => t.tokens[0].coordinator;
const postPartner = (rawBody, type = 'application/json') =>
  t.request('POST', '/api/v1/partners', { token: coordinator(), raw: rawBody, headers: { 'Content-Type': type } });

test('/static/ cannot be walked out of, however the dots and slashes are written', async () => {
  for (const p of ['/static/../../etc/passwd', '/static/%2e%2e/%2e%2e/etc/passwd', '/static/..%2f..%2fetc%2fpasswd',
    '/static/%2e%2e%5c%2e%2e%5cetc%5cpasswd', '/static/app.js%00.txt', '/static/vendor/../../../etc/passwd',
    '/static/vendor/%2e%2e/%2e%2e/src/main.c', '/static/....//....//etc/passwd', '/static/%252e%252e/etc/passwd',
    '/static//etc/passwd', '/static/web/../Makefile']) {
    const r = await rawRequest('GET', p);
    assert.equal(r.status, 404, `${p}: ${r.raw.slice(0, 200)}`);
    assert.doesNotMatch(r.body, /root:|#include|PKGS/);
    assert.equal(jsonBody(r).error.code, 'not_found', p);
  }
  await healthy();
});

test('paths and parameters that are not UTF-8 get JSON errors and do not stop the server', async () => {
  // GET /%ff used to end the process (json_dumps of an unpackable message was fatal).
  for (const p of ['/%ff', '/api/v1/%c0%af', '/api/v1/partners/%ed%a0%80', '/%00', '/api/v1/nothing%0d%0aSet-Cookie:%20x=1']) {
    const r = await rawRequest('GET', p, { Authorization: `Bearer ${t.tokens[0].viewer}` });
    assert.equal(r.status, 404, `${p}: ${r.raw.slice(0, 300)}`);
    assert.doesNotMatch(r.head, /Set-Cookie: x=1/i);
    assert.ok(jsonBody(r).error, p);
  }
  const bad = await t.api('viewer', 'GET', '/api/v1/partners?status=%ff&tag=%c0%af');
  assert.ok([200, 422].includes(bad.status), bad.text);
  const s = await t.api('viewer', 'GET', '/api/v1/search?q=%ff%fe');
  assertJsonError(s, 422, 'validation.format');
  const audit = await t.api('director', 'GET', '/api/v1/audit?entity=%ff');
  assertJsonError(audit, 422, 'validation.format');
  await healthy();
});

test('request paths with line breaks cannot forge log lines', async () => {
  await rawRequest('GET', '/api/v1/x%0a2026-01-01T00:00:00Z%20info%20forged%20GET%20/admin%20200');
  await new Promise((r) => setTimeout(r, 100));
  assert.doesNotMatch(t.log(), /\n2026-01-01T00:00:00Z info forged/);
  assert.match(t.log(), /\\x0A2026-01-01T00:00:00Z info forged/);
});

test('very long URLs, huge and many headers are refused without a crash', async () => {
  const longUrl = await rawRequest('GET', `/api/v1/partners/${'9'.repeat(100000)}`);
  assert.ok([400, 404, 414, 431].includes(longUrl.status) || longUrl.status === 0, longUrl.raw.slice(0, 200));
  const long404 = await rawRequest('GET', `/api/v1/${'a/'.repeat(3000)}`);
  assert.ok([404, 414].includes(long404.status), long404.raw.slice(0, 200));
  const bigHeader = await rawRequest('GET', '/api/v1/health', { 'X-Junk': 'x'.repeat(100000) });
  assert.ok([400, 413, 431].includes(bigHeader.status) || bigHeader.status === 0, bigHeader.raw.slice(0, 200));
  const many = {};
  for (let i = 0; i < 2000; i++) many[`X-H${i}`] = 'v';
  const manyHeaders = await rawRequest('GET', '/api/v1/health', many);
  assert.ok([200, 400, 413, 431].includes(manyHeaders.status) || manyHeaders.status === 0);
  const token = await t.request('GET', '/api/v1/partners', { headers: { Authorization: `Bearer ${'A'.repeat(8000)}` } });
  assertJsonError(token, 401, 'auth.required');
  for (const a of ['Basic Zm9vOmJhcg==', 'Bearer', 'Bearer ', 'bearer rpt_x', 'Bearer rpt_\u00ff', 'Bearer  ' + coordinator()]) {
    const r = await t.request('GET', '/api/v1/partners', { headers: { Authorization: a } });
    assertJsonError(r, 401, 'auth.required');
  }
  await healthy();
});

test('garbage cookies are refused as not signed in', async () => {
  for (const c of ['rapport_session=', 'rapport_session=' + 'x'.repeat(4000), 'rapport_session="; DROP TABLE users', '=;=;;;', 'a=b; rapport_session=%00%ff', '\u00ff\u00fe=1']) {
    const r = await t.request('GET', '/api/v1/auth/me', { headers: { Cookie: c } });
    assertJsonError(r, 401, 'auth.required');
  }
  await healthy();
});

test('a 10 MB JSON body gets 413 and the connection is not held', async () => {
  const big = '{"name":"' + 'x'.repeat(10 * 1024 * 1024) + '"}';
  const r = await postPartner(big);
  assertJsonError(r, 413, 'request.too_large');
  const absurd = await rawRequest('POST', '/api/v1/partners', { 'Content-Length': '99999999999', 'Content-Type': 'application/json', Authorization: `Bearer ${coordinator()}` });
  assert.equal(absurd.status, 413);
  const negative = await rawRequest('POST', '/api/v1/partners', { 'Content-Length': '-1', 'Content-Type': 'application/json', Authorization: `Bearer ${coordinator()}` });
  assert.ok([400, 413].includes(negative.status), negative.raw.slice(0, 200));
  await healthy();
});

test('deeply nested JSON is refused by the parser depth limit', async () => {
  const deep = '['.repeat(100000) + ']'.repeat(100000);
  assertJsonError(await postPartner(deep), 400, 'request.malformed_json');
  const deepObj = '{"a":'.repeat(50000) + '1' + '}'.repeat(50000);
  assertJsonError(await postPartner(deepObj), 400, 'request.malformed_json');
  await healthy();
});

test('hostile numbers, strings and duplicates in JSON get 400 or 422', async () => {
  assertJsonError(await postPartner('{"name":"A","kind":"intra_governmental","subtype":"library","cadence_days":1e999}'), 400, 'request.malformed_json');
  for (const n of ['-0', '9223372036854775808', '1e300', '-9223372036854775809', '0.5', '"30"', 'true', '[]']) {
    const r = await postPartner(`{"name":"A","kind":"intra_governmental","subtype":"library","cadence_days":${n}}`);
    assert.ok([400, 422].includes(r.status), `${n}: ${r.text}`);
    assert.ok(r.body.error, n);
  }
  const huge = await postPartner(JSON.stringify({ name: 'A', kind: 'intra_governmental', subtype: 'library', demographic_group_ids: Array.from({ length: 100000 }, (_, i) => i + 1) }));
  assert.ok([413, 422].includes(huge.status), huge.text.slice(0, 200));
  assertJsonError(await postPartner('{"name":"A\\u0000B","kind":"intra_governmental","subtype":"library"}'), 400, 'request.malformed_json');
  const lone = await postPartner('{"name":"A\\ud800","kind":"intra_governmental","subtype":"library"}');
  assert.ok([400, 422].includes(lone.status), lone.text);
  assertJsonError(await postPartner(Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d])), 400, 'request.invalid_utf8');
  const bom = await postPartner('\ufeff{"name":"A","kind":"intra_governmental","subtype":"library"}');
  assert.ok([400, 201].includes(bom.status), bom.text);
  assertJsonError(await postPartner('{"name":"A","name":"B","kind":"intra_governmental","subtype":"library"}'), 400, 'request.malformed_json');
  // A long string with a bad escape: jansson's error text is cut at 160 bytes, maybe mid-character.
  assertJsonError(await postPartner('{"name":"' + 'é'.repeat(100) + '\\q"}'), 400, 'request.malformed_json');
  assertJsonError(await postPartner('"just a string"'), 400, 'request.not_object');
  assertJsonError(await postPartner(''), 400, 'request.malformed_json');
  await healthy();
});

test('content types: parameters and case are accepted, look-alikes are not', async () => {
  const body = JSON.stringify({ name: 'Typed', kind: 'intra_governmental', subtype: 'library' });
  for (const ct of ['application/json; charset=latin1', 'APPLICATION/JSON', 'application/json;charset=utf-8']) {
    const r = await postPartner(body, ct);
    assert.ok([201, 409].includes(r.status), `${ct}: ${r.text}`);
  }
  for (const ct of ['application/jsonx', 'text/json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
    assertJsonError(await postPartner(body, ct), 415, 'request.content_type');
  }
});

test('TRACE, OPTIONS, CONNECT and odd methods get 404/405 JSON, HEAD has no body', async () => {
  for (const m of ['TRACE', 'OPTIONS', 'PROPFIND', 'FOO']) {
    const r = await rawRequest(m, '/api/v1/partners', { Authorization: `Bearer ${coordinator()}` });
    assert.ok([405, 501, 400].includes(r.status), `${m}: ${r.raw.slice(0, 200)}`);
    if (r.status === 405) assert.equal(jsonBody(r).error.code, 'request.method');
    assert.doesNotMatch(r.body, /Authorization|Bearer/);
  }
  const connect = await raw(`CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\nConnection: close\r\n\r\n`);
  assert.ok(connect.status === 0 || connect.status >= 400, connect.raw.slice(0, 200));
  const head = await rawRequest('HEAD', '/api/v1/partners', { Authorization: `Bearer ${coordinator()}` });
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
  assert.match(head.head, /Cache-Control: no-store/i);
  await healthy();
});

test('security headers are on API replies; no HSTS over plain HTTP', async () => {
  const r = await t.api('viewer', 'GET', '/api/v1/partners');
  assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(r.headers.get('x-frame-options'), 'DENY');
  assert.match(r.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  assert.equal(r.headers.get('strict-transport-security'), null);
  const e = await t.request('GET', '/nothing');
  assert.equal(e.headers.get('content-type'), 'application/json');
  assert.equal(e.headers.get('server'), null, 'no server version banner');
});

test('with --secure-cookies every reply carries HSTS and cookies are Secure', async () => {
  const env = await startServer({ offices: ['Secure County'], env: { RAPPORT_SECURE_COOKIES: '1' } });
  try {
    const r = await env.request('GET', '/api/v1/health');
    assert.match(r.headers.get('strict-transport-security') || '', /max-age=\d+/);
    const li = await signIn(env, 'viewer0@example.org');
    assert.match(li.setCookie, /; Secure/);
  } finally { await env.stop(); }
});

test('50 idle half-open connections do not stop the server answering', async () => {
  const socks = [];
  for (let i = 0; i < 50; i++) {
    const s = net.connect(port, '127.0.0.1');
    s.on('error', () => {});
    s.write(i % 2 ? 'POST /api/v1/partners HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"na' : 'GET /api/v1/hea');
    socks.push(s);
  }
  await new Promise((r) => setTimeout(r, 200));
  const started = Date.now();
  await healthy();
  assert.ok(Date.now() - started < 2000, 'health answered promptly');
  for (const s of socks) s.destroy();
});

test('200 concurrent requests are all answered', async () => {
  const rs = await Promise.all(Array.from({ length: 200 }, (_, i) =>
    t.api(i % 2 ? 'viewer' : 'staff', 'GET', i % 3 ? '/api/v1/partners?limit=5' : '/api/v1/health')));
  for (const r of rs) assert.equal(r.status, 200, r.text);
});

test('a session from another office sees nothing of this office; a CSRF token from another session is refused', async () => {
  const p = await t.api('coordinator', 'POST', '/api/v1/partners', { name: 'Office Zero Only', kind: 'intra_governmental', subtype: 'library' });
  assert.equal(p.status, 201, p.text);
  const other = await signIn(t, 'admin1@example.org');
  const get = await t.request('GET', `/api/v1/partners/${p.body.id}`, { headers: { Cookie: other.cookie } });
  assertJsonError(get, 404, 'not_found');
  const list = await t.request('GET', '/api/v1/partners?limit=200', { headers: { Cookie: other.cookie } });
  assert.equal(list.status, 200);
  assert.ok(!list.body.items.some((x) => x.name === 'Office Zero Only'));
  const search = await t.request('GET', '/api/v1/search?q=Office%20Zero', { headers: { Cookie: other.cookie } });
  assert.equal(search.status, 200);
  assert.equal(search.body.items.length, 0);
  const mine = await signIn(t, 'coordinator0@example.org');
  const patch = await t.request('PATCH', `/api/v1/partners/${p.body.id}`, {
    body: { notes: 'x', version: 1 }, headers: { Cookie: mine.cookie, 'X-CSRF-Token': other.csrf },
  });
  assertJsonError(patch, 403, 'auth.csrf');
  const empty = await t.request('PATCH', `/api/v1/partners/${p.body.id}`, {
    body: { notes: 'x', version: 1 }, headers: { Cookie: mine.cookie, 'X-CSRF-Token': '' },
  });
  assertJsonError(empty, 403, 'auth.csrf');
  const otherPatch = await t.request('PATCH', `/api/v1/partners/${p.body.id}`, {
    body: { notes: 'x', version: 1 }, headers: { Cookie: other.cookie, 'X-CSRF-Token': other.csrf },
  });
  assert.ok([403, 404].includes(otherPatch.status), otherPatch.text);
});

test('cursors that decode to hostile JSON are refused with 422', async () => {
  const enc = (s) => Buffer.from(s).toString('base64url');
  for (const c of [enc('[{"a":1},1]'), enc('[[1],[2]]'), enc('[1e999,1]'), enc('["x\' OR 1=1 --",1]'),
    enc('[1,2,3]'), enc('{"a":1}'), enc('['.repeat(5000)), enc('["\\u0000",1]'), 'not base64!', 'A'.repeat(5000), '%ff']) {
    const r = await t.api('viewer', 'GET', `/api/v1/partners?cursor=${encodeURIComponent(c)}`);
    if (r.status === 200) {
      // a well-formed scalar cursor is only a position; it must not widen the result
      assert.ok(Array.isArray(r.body.items), c);
    } else {
      assertJsonError(r, 422, 'validation.cursor');
    }
  }
  const sqlish = await t.api('viewer', 'GET', `/api/v1/partners?cursor=${enc('["x\' OR 1=1 --",1]')}`);
  assert.ok([200, 422].includes(sqlish.status));
  for (const c of [enc('[{"a":1},1]'), enc('[[1],[2]]'), enc('[1e999,1]')]) {
    assertJsonError(await t.api('viewer', 'GET', `/api/v1/partners?cursor=${c}`), 422, 'validation.cursor');
  }
  await healthy();
});

test('a user name of long multi-byte characters does not break who-am-I', async () => {
  const name = '\u{1F5F3}'.repeat(200);   // 800 bytes of UTF-8
  const u = await t.api('admin', 'POST', '/api/v1/users', { email: 'emoji0@example.org', name, role: 'viewer', password: 'a long enough password' });
  assert.equal(u.status, 201, u.text);
  const s = await signIn(t, 'emoji0@example.org', 'a long enough password');
  assert.equal(s.status, 200);
  const me = await t.request('GET', '/api/v1/auth/me', { headers: { Cookie: s.cookie } });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.body.user.name, name);
});

test('slow request bodies that stop mid-way are dropped and the server stays healthy', async () => {
  const s = net.connect(port, '127.0.0.1');
  s.on('error', () => {});
  s.write(`POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":`);
  await new Promise((r) => setTimeout(r, 300));
  s.destroy();
  await healthy();
  assert.doesNotMatch(t.log(), /ERROR: AddressSanitizer|runtime error:/);
});

test('an import column map that is not UTF-8 gets 422, not a broken reply', async () => {
  const csv = 'Name,Kind,Subtype\nRiverside,intra_governmental,library\n';
  const r = await t.request('POST', '/api/v1/import/partners?dry_run=1&map=%ff%fe%3Dname', {
    token: coordinator(), raw: csv, headers: { 'Content-Type': 'text/csv' },
  });
  assertJsonError(r, 422, 'validation.format');
  const odd = await t.request('POST', `/api/v1/import/partners?dry_run=1&map=${encodeURIComponent('Nope\u00e9=name')}`, {
    token: coordinator(), raw: csv, headers: { 'Content-Type': 'text/csv' },
  });
  assert.ok(odd.status >= 400 && odd.status < 500, odd.text);
  assert.ok(odd.body.error, odd.text);
  await healthy();
});
