// 80-demo: `rapport seed-demo` (make demo) on a fresh database prints staff
// accounts whose passwords sign in, with the sign-in line, and the county it
// creates is served: the partner list and a partner read work, search-ready.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { BIN, cli } from './lib.mjs';

const env = { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' };
let dir, db, port, url, child, log = '', output;

function run(args) {
  return spawnSync(BIN, args, { encoding: 'utf8', env });
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => { const p = srv.address().port; srv.close(() => resolve(p)); });
    srv.on('error', reject);
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rapport-demo-'));
  db = join(dir, 'demo.db');
  port = await freePort();
  url = `http://127.0.0.1:${port}`;
  cli(db, ['init']);
  const r = run(['seed-demo', '--db', db, '--seed', '3', '--listen', `127.0.0.1:${port}`]);
  assert.equal(r.status, 0, r.stderr);
  output = r.stdout;
  child = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--threads', '2'], {
    env, stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.on('data', (d) => { log += d; });
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${url}/api/v1/health`)).ok) break; } catch { /* not up yet */ }
    if (i > 200) throw new Error(`server did not start:\n${log}`);
    await new Promise((res) => setTimeout(res, 50));
  }
});

after(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((res) => child.on('exit', res));
  }
  if (/ERROR: AddressSanitizer|runtime error:/.test(log)) throw new Error(`sanitizer report:\n${log}`);
  rmSync(dir, { recursive: true, force: true });
});

// The accounts table: "  role  email  password" lines.
function accounts() {
  return output.split('\n')
    .map((l) => l.match(/^ {2}(admin|director|coordinator|staff|viewer) +(\S+@\S+) +([0-9a-f]{24})$/))
    .filter(Boolean)
    .map(([, role, email, password]) => ({ role, email, password }));
}

async function login(email, password) {
  const r = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }),
  });
  return { status: r.status, body: await r.json(), cookie: (r.headers.get('set-cookie') || '').split(';')[0] };
}

test('seed-demo reports the county and prints the sign-in line with the URL', () => {
  assert.match(output, /Created Juniper County Elections \(office \d+\) from seed 3/);
  assert.match(output, /120 partners, 300 contacts, 1500 interactions/);
  const m = output.match(/^Sign in at (\S+) as (\S+) with password (\S+)$/m);
  assert.ok(m, output);
  assert.equal(m[1], url);
  assert.equal(m[2], 'admin@juniper.example');
  assert.equal(m[3], accounts().find((a) => a.role === 'admin').password);
  assert.match(output, /tom\.becker@juniper\.example +\(Tom Becker has left the office/);
});

test('every printed account signs in with its role; the one who left cannot', async () => {
  const list = accounts();
  assert.deepEqual([...new Set(list.map((a) => a.role))].sort(), ['admin', 'coordinator', 'director', 'staff', 'viewer']);
  assert.equal(list.length, 7);
  for (const a of list) {
    const r = await login(a.email, a.password);
    assert.equal(r.status, 200, `${a.email}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.user.role, a.role);
    assert.equal(r.body.office.timezone, 'America/Denver');
  }
  const wrong = await login('admin@juniper.example', 'not the password at all');
  assert.equal(wrong.status, 401);
  const departed = await login('tom.becker@juniper.example', list[0].password);
  assert.equal(departed.status, 401);
});

test('the demo county is served: the benchmark reads answer with its data', async () => {
  const viewer = accounts().find((a) => a.role === 'viewer');
  const s = await login(viewer.email, viewer.password);
  const list = await fetch(`${url}/api/v1/partners?kind=institutional&status=active&sort=name&limit=50`,
    { headers: { Cookie: s.cookie } });
  assert.equal(list.status, 200);
  const page = await list.json();
  assert.ok(page.items.length >= 30 && page.items.length <= 50, `${page.items.length} active institutional partners`);
  assert.equal(page.next_cursor === null, page.items.length < 50);
  const names = page.items.map((p) => p.name);
  assert.deepEqual(names, [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  for (const p of page.items) {
    assert.equal(p.kind, 'institutional');
    assert.equal(p.status, 'active');
  }
  let assoc = null;
  for (let cursor = page.next_cursor, items = page.items; !assoc; ) {
    assoc = items.find((p) => p.name.startsWith('Vietnamese-American Community Association'));
    if (assoc || !cursor) break;
    const next = await (await fetch(`${url}/api/v1/partners?kind=institutional&status=active&sort=name&limit=50&cursor=${cursor}`,
      { headers: { Cookie: s.cookie } })).json();
    items = next.items;
    cursor = next.next_cursor;
  }
  assert.ok(assoc, 'the Vietnamese-American association is an active institutional partner');
  const one = await fetch(`${url}/api/v1/partners/${assoc.id}`, { headers: { Cookie: s.cookie } });
  assert.equal(one.status, 200);
  const p = await one.json();
  assert.ok(p.languages.includes('vi'));
  assert.equal(p.vetting.legal.outcome, 'passed');
  assert.equal(p.vetting.operational.outcome, 'passed');
  assert.ok(p.liaisons.some((l) => l.role === 'primary'));
  assert.ok(p.demographic_group_ids.length >= 1);
  assert.match(p.last_interaction_on, /^\d{4}-\d{2}-\d{2}$/);
});

test('seed-demo refuses bad options and a database that already has the county', () => {
  const bad = run(['seed-demo', '--db', db, '--seed', 'many']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--seed must be a positive whole number/);
  const again = run(['seed-demo', '--db', db]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already has an office "juniper-county-elections"/);
  const today = run(['seed-demo', '--db', db, '--today', 'tomorrow']);
  assert.equal(today.status, 1);
  assert.match(today.stderr, /--today must be a date/);
});
