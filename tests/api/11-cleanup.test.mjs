// 11-cleanup: small defects fixed in passing: partner list pages that seek
// past ties, sign-in lockout that looks the same for unknown emails, the
// office's offerings setting, catalogs checked at start, and short answers
// to oversized requests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, BIN } from './lib.mjs';

let t;
// Behind a proxy, so each sign-in test can come from an address of its own
// (the per-address limit would otherwise answer first).
before(async () => { t = await startServer({ env: { RAPPORT_TRUST_PROXY: '1' } }); });
after(async () => { await t.stop(); });

// Walks every page of q; returns the ids in order.
async function walk(q, limit) {
  const ids = [];
  let cursor = null;
  for (let pages = 0; pages < 100; pages++) {
    const r = await t.api('viewer', 'GET', `/api/v1/partners?${q}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.items.length <= limit);
    ids.push(...r.body.items.map((p) => p.id));
    cursor = r.body.next_cursor;
    if (!cursor) return ids;
  }
  assert.fail('the cursor never ended');
}

test('partner pages after a cursor neither skip nor repeat rows that share a name or a time', async () => {
  const made = [];
  // Three names, four partners each: every page boundary falls inside a tie.
  for (const name of ['Tie Alpha', 'Tie Beta', 'Tie Gamma'])
    for (let i = 0; i < 4; i++) {
      const r = await t.api('coordinator', 'POST', '/api/v1/partners', { name, kind: 'institutional', subtype: 'media', tags: ['pagetie'] });
      assert.equal(r.status, 201, r.text);
      made.push(r.body);
    }
  const byName = [...made].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id)).map((p) => p.id);
  for (const limit of [1, 3, 5]) {
    assert.deepEqual(await walk('tag=pagetie&sort=name', limit), byName);
    assert.deepEqual(await walk('tag=pagetie&sort=-name', limit), [...byName].reverse());
    // kind and status given: the other statement (the kind/status index)
    assert.deepEqual(await walk('tag=pagetie&kind=institutional&status=prospect', limit), byName);
    const recent = await walk('tag=pagetie&sort=-updated_at', limit);
    assert.equal(recent.length, made.length);
    assert.deepEqual([...recent].sort((a, b) => a - b), made.map((p) => p.id).sort((a, b) => a - b));
  }
  // -updated_at: newest first, ties broken by id descending
  const all = await Promise.all(made.map((p) => t.api('viewer', 'GET', `/api/v1/partners/${p.id}`)));
  const expect = all.map((r) => r.body)
    .sort((a, b) => (a.updated_at > b.updated_at ? -1 : a.updated_at < b.updated_at ? 1 : b.id - a.id)).map((p) => p.id);
  assert.deepEqual(await walk('tag=pagetie&sort=-updated_at', 2), expect);
});

test('a cursor of the wrong shape is refused, one with values of the wrong type finds nothing', async () => {
  const enc = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
  let r = await t.api('viewer', 'GET', `/api/v1/partners?cursor=${enc(['a'])}`);
  assert.equal(r.status, 422);
  assert.equal(r.body.error.code, 'validation.cursor');
  r = await t.api('viewer', 'GET', `/api/v1/partners?cursor=${enc([{ a: 1 }, 2])}`);
  assert.equal(r.status, 422);
  r = await t.api('viewer', 'GET', `/api/v1/partners?cursor=${enc([null, null])}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.items, []);
  assert.equal(r.body.next_cursor, null);
});

async function login(email, password, ip) {
  return t.request('POST', '/api/v1/auth/login', { body: { email, password }, headers: { 'X-Forwarded-For': ip } });
}

// The answer with what differs by nature (the time) taken out.
function shape(r) {
  return { status: r.status, retry: r.headers.get('retry-after'), code: r.body.error.code, field: r.body.error.field ?? null,
           message: r.body.error.message.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/, 'TIME') };
}

test('a locked sign-in looks the same for an account and for an email that is none', async () => {
  const real = [], ghost = [];
  for (let i = 0; i < 6; i++) real.push(shape(await login('staff0@example.org', 'wrong password!!', '10.0.0.1')));
  for (let i = 0; i < 6; i++) ghost.push(shape(await login('No.Such.Person@example.org', 'wrong password!!', '10.0.0.2')));
  assert.deepEqual(ghost, real);
  assert.equal(real[4].status, 401);
  assert.equal(real[5].status, 429);
  assert.equal(real[5].code, 'auth.locked');
  // still locked with the right password / any password, and the email's case does not matter
  assert.equal((await login('staff0@example.org', 'correct horse battery staple', '10.0.0.3')).status, 429);
  const again = await login('no.such.person@EXAMPLE.org', 'anything at all', '10.0.0.4');
  assert.deepEqual(shape(again), real[5]);
  // other accounts and other unknown emails are not affected
  assert.equal((await login('viewer0@example.org', 'correct horse battery staple', '10.0.0.5')).status, 200);
  assert.equal((await login('someone.else@example.org', 'wrong password!!', '10.0.0.6')).status, 401);
});

test('office settings take offerings, checked, and outreach letters name them', async () => {
  const office = async () => (await t.api('viewer', 'GET', '/api/v1/office')).body;
  let o = await office();
  assert.deepEqual(o.settings.offerings, []);
  const bad = [
    ['tours', 'validation.type'], [[1], 'validation.type'], [['  '], 'validation.required'],
    [['x'.repeat(201)], 'validation.length'], [Array.from({ length: 21 }, (_, i) => `item ${i}`), 'validation.length'],
    [['tours', 'tours'], 'validation.duplicate'], [['tours\nand more'], 'validation.text'],
  ];
  for (const [offerings, code] of bad) {
    const r = await t.api('admin', 'PATCH', '/api/v1/office', { settings: { offerings }, version: o.version });
    assert.equal(r.status, 422, JSON.stringify(offerings));
    assert.equal(r.body.error.field, 'settings.offerings');
    assert.equal(r.body.error.code, code);
  }
  assert.equal((await office()).version, o.version, 'nothing was written');
  // only admins change settings
  assert.equal((await t.api('director', 'PATCH', '/api/v1/office', { settings: { offerings: ['x'] }, version: o.version })).status, 403);
  let r = await t.api('admin', 'PATCH', '/api/v1/office', { settings: { offerings: [' voter registration drives ', 'poll worker recruitment talks'] }, version: o.version });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.settings.offerings, ['voter registration drives', 'poll worker recruitment talks']);
  const p = await t.api('coordinator', 'POST', '/api/v1/partners', { name: 'Offerings Partner', kind: 'institutional', subtype: 'media' });
  const tpl = await t.api('coordinator', 'POST', '/api/v1/letter-templates', { name: 'Offerings letter', subject: 'Hello', body: 'We offer {{offerings}}.' });
  assert.equal(tpl.status, 201, tpl.text);
  let letter = await t.api('viewer', 'GET', `/api/v1/partners/${p.body.id}/letter?template_id=${tpl.body.id}`);
  assert.equal(letter.status, 200, letter.text);
  assert.match(letter.body.text, /We offer voter registration drives and poll worker recruitment talks\./);
  // null returns to the standard wording
  r = await t.api('admin', 'PATCH', '/api/v1/office', { settings: { offerings: null }, version: r.body.version });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.settings.offerings, []);
  letter = await t.api('viewer', 'GET', `/api/v1/partners/${p.body.id}/letter?template_id=${tpl.body.id}`);
  assert.match(letter.body.text, /We offer guided tours of the election office/);
  // another office's settings are untouched
  const other = await t.api({ office: 1, role: 'viewer' }, 'GET', '/api/v1/office');
  assert.deepEqual(other.body.settings.offerings, []);
});

test('a broken message catalog stops rapport serve at start, naming the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-i18n-'));
  try {
    writeFileSync(join(dir, 'vi.json'), '{"feedback.submit": "Gửi", "feedback.title": 3}');
    const r = spawnSync(BIN, ['serve', '--db', t.db, '--listen', '127.0.0.1:1', '--i18n-dir', dir], { encoding: 'utf8', timeout: 60000 });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /vi\.json: "feedback\.title" is not text/);
    assert.match(r.stderr, /could not all be loaded/);
    writeFileSync(join(dir, 'vi.json'), '{"feedback.submit": "Gửi"');
    const r2 = spawnSync(BIN, ['serve', '--db', t.db, '--listen', '127.0.0.1:1', '--i18n-dir', join(dir, 'missing')], { encoding: 'utf8', timeout: 60000 });
    assert.equal(r2.status, 1, r2.stderr);
    assert.match(r2.stderr, /cannot read the folder/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Sends bytes as they are (fetch would refuse or reshape them); resolves the
// status and the body.
function raw(text) {
  return new Promise((resolve, reject) => {
    const u = new URL(t.url);
    const sock = connect(Number(u.port), u.hostname, () => sock.end(text));
    let got = '';
    sock.on('data', (d) => { got += d; });
    sock.on('error', reject);
    sock.on('close', () => {
      const [head, ...rest] = got.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), head, body: rest.join('\r\n\r\n') });
    });
  });
}

test('an address or headers longer than rapport reads get a short answer: JSON under /api/', async () => {
  let r = await raw(`GET /api/v1/health?x=${'a'.repeat(9000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  assert.equal(r.status, 414);
  assert.equal(JSON.parse(r.body).error.code, 'request.target_too_long');
  r = await raw(`GET /api/v1/partners HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Junk: ${'b'.repeat(40000)}\r\n\r\n`);
  assert.equal(r.status, 431);
  assert.equal(JSON.parse(r.body).error.code, 'request.headers_too_large');
  assert.match(r.head, /content-type: application\/json/i);
  // a body after oversized headers is not read, and nothing is written
  const body = JSON.stringify({ name: 'Big Header Partner', kind: 'institutional', subtype: 'media' });
  r = await raw(`POST /api/v1/partners HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer ${t.tokens[0].coordinator}\r\n`
    + `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nX-Junk: ${'c'.repeat(40000)}\r\n\r\n${body}`);
  assert.equal(r.status, 431);
  const list = await t.api('viewer', 'GET', '/api/v1/partners?limit=200');
  assert.ok(!list.body.items.some((p) => p.name === 'Big Header Partner'));
  // other paths: short plain text, no HTML
  r = await raw(`GET /${'d'.repeat(9000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  assert.equal(r.status, 414);
  assert.match(r.head, /content-type: text\/plain/i);
  assert.doesNotMatch(r.body, /<html/i);
  // just under the limits is served as usual
  r = await raw(`GET /api/v1/health?x=${'a'.repeat(7000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Junk: ${'b'.repeat(30000)}\r\n\r\n`);
  assert.equal(r.status, 200);
});
