// lib.mjs: starts a real rapport binary on a temporary database for black-box
// API tests, with two offices and a user and API token for every role in each.
//
//   const t = await startServer();
//   const r = await t.api('coordinator', 'POST', '/api/v1/partners', {...});
//   assert.equal(r.status, 201);
//   await t.stop();
//
// RAPPORT_BIN picks the binary (make api uses the sanitizer build);
// RAPPORT_TEST_PG=postgres://... runs the suite against PostgreSQL: with
// RAPPORT_TEST_PG_ADMIN (a psql connection string of a superuser, set by
// tests/pg/cluster.sh) every startServer gets a new database of its own,
// owned by the URL's user and dropped by stop().
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

export const BIN = process.env.RAPPORT_BIN || new URL('../../build/rapport', import.meta.url).pathname;
export const ROLES = ['admin', 'director', 'coordinator', 'staff', 'viewer'];
export const PASSWORD = 'correct horse battery staple';
// Sanitizer builds report leaks (at exit, so stop() sees them in the log);
// tests/lsan.supp names the font libraries that keep caches for good.
const SAN_ENV = {
  ASAN_OPTIONS: 'detect_leaks=1:fast_unwind_on_malloc=0',
  LSAN_OPTIONS: `suppressions=${new URL('../lsan.supp', import.meta.url).pathname}`,
  UBSAN_OPTIONS: 'print_stacktrace=1',
};

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export function cli(db, args, input) {
  return execFileSync(BIN, [...args, '--db', db], {
    input: input ?? '', encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...SAN_ENV },
  }).trim();
}

export const PG = process.env.RAPPORT_TEST_PG || '';
const PG_ADMIN = process.env.RAPPORT_TEST_PG_ADMIN || '';

// Runs SQL as the cluster's superuser (in database db, default postgres);
// returns the unaligned output.
export function psqlAdmin(sql, db) {
  const conn = db ? `${PG_ADMIN} dbname=${db}` : PG_ADMIN;
  return execFileSync('psql', ['-q', '-X', '-t', '-A', '-v', 'ON_ERROR_STOP=1', conn, '-c', sql],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

// A new empty PostgreSQL database for one test file: {url, drop()}.
export function pgCreateDatabase() {
  if (!PG_ADMIN) return { url: PG, drop() {} };
  const u = new URL(PG);
  const name = `rapport_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const owner = decodeURIComponent(u.username || 'rapport');
  psqlAdmin(`CREATE DATABASE ${name} OWNER "${owner}" ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => psqlAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

// Starts a server.  Returns helpers bound to it.  sqlite: true uses SQLite
// even under RAPPORT_TEST_PG; db: an existing, migrated database to serve
// (not created, not dropped; offices defaults to none then).
export async function startServer({ env = {}, offices, sqlite = false, db: given } = {}) {
  offices = offices ?? (given ? [] : ['Test County', 'Other County']);
  const dir = mkdtempSync(join(tmpdir(), 'rapport-api-'));
  const pgdb = PG && !sqlite && !given ? pgCreateDatabase() : null;
  const db = given || (pgdb ? pgdb.url : join(dir, 'test.db'));
  if (!given) cli(db, ['init']);
  const tokens = {};   // tokens[officeIndex][role]
  const officeIds = [];
  const users = {};
  offices.forEach((name, i) => {
    const id = Number(cli(db, ['office', 'add', name, '--slug', `office-${i}-${process.pid}`]));
    officeIds.push(id);
    tokens[i] = {};
    users[i] = {};
    for (const role of ROLES) {
      const email = `${role}${i}@example.org`;
      users[i][role] = { email, id: Number(cli(db, ['user', 'add', '--office', String(id), '--email', email, '--role', role, '--name', `${role} ${i}`], PASSWORD)) };
      tokens[i][role] = cli(db, ['token', 'create', '--office', String(id), '--user', email, '--name', 'tests']);
    }
  });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--threads', '4'], {
    env: { ...process.env, ...SAN_ENV, ...env }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  let exited = null;
  child.on('exit', (code, sig) => { exited = { code, sig }; });
  for (let i = 0; ; i++) {
    if (exited) throw new Error(`server exited ${JSON.stringify(exited)}:\n${log}`);
    try {
      const r = await fetch(`${url}/api/v1/health`);
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (i > 200) throw new Error(`server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }

  // who: a role name (office 0), {office: 1, role: 'admin'}, a raw token string, or null.
  function tokenFor(who) {
    if (who === null || who === undefined) return null;
    if (typeof who === 'string') return ROLES.includes(who) ? tokens[0][who] : who;
    return tokens[who.office ?? 0][who.role];
  }

  async function request(method, path, { token, body, headers = {}, raw } = {}) {
    const h = { ...headers };
    if (token) h.Authorization = `Bearer ${token}`;
    let payload;
    if (raw !== undefined) payload = raw;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      if (!h['Content-Type']) h['Content-Type'] = 'application/json';
    }
    const r = await fetch(url + path, { method, headers: h, body: payload, redirect: 'manual' });
    const text = await r.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    return { status: r.status, body: json, text, headers: r.headers };
  }

  return {
    url, db, dir, officeIds, users, tokens,
    log: () => log,
    api: (who, method, path, body, opts = {}) => request(method, path, { token: tokenFor(who), body, ...opts }),
    request,
    cli: (args, input) => cli(db, args, input),
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        await new Promise((r) => child.on('exit', r));
      }
      if (/ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/.test(log)) throw new Error(`sanitizer report in server log:\n${log}`);
      rmSync(dir, { recursive: true, force: true });
      if (pgdb) pgdb.drop();
    },
  };
}

// Signs in with email and password; returns {cookie, csrf, me}.
export async function signIn(t, email, password = PASSWORD) {
  const r = await fetch(`${t.url}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }),
  });
  const me = await r.json();
  const set = r.headers.get('set-cookie') || '';
  return { status: r.status, cookie: set.split(';')[0], setCookie: set, csrf: me.csrf_token, me };
}
