// 91-migrate-store: moving a county's SQLite database into a shared
// PostgreSQL database (run under make check-pg: needs RAPPORT_TEST_PG).
// The copy gets new ids with every reference remapped, is verified by row
// counts and checksums, and a second run is refused unless --replace.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, pgCreateDatabase, cli, psqlAdmin, BIN, PG } from './lib.mjs';

const skip = !PG && 'needs PostgreSQL (RAPPORT_TEST_PG, set by make check-pg)';
let county;   // the county's own server, on SQLite
let target;   // the shared PostgreSQL database
let shared;   // a server on the shared database after the copy
let before1;

function migrate(...extra) {
  const r = spawnSync(BIN, ['migrate-store', '--from', `sqlite:${county.db}`, '--to', target.url, ...extra],
    { encoding: 'utf8', env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const dbName = () => new URL(target.url).pathname.slice(1);

before(async () => {
  if (skip) return;
  county = await startServer({ sqlite: true, offices: ['Riverside County'] });
  target = pgCreateDatabase();
  cli(target.url, ['init']);
  // Another county is there already, so the copy's ids cannot line up by chance.
  const hill = cli(target.url, ['office', 'add', 'Hill County', '--slug', 'hill']);
  psqlAdmin(`INSERT INTO partners(office_id, name, kind, subtype, created_at, updated_at) VALUES (${hill},`
    + " 'Hill Library', 'intra_governmental', 'library', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')", dbName());
  const c = 'coordinator';
  let r = await county.api(c, 'POST', '/api/v1/partners', {
    name: 'Biblioteca Pública — Señora Núñez 图书馆', kind: 'intra_governmental', subtype: 'library',
    demographic_group_ids: [1, 3], languages: ['es', 'zh-Hant'], shared_goals: ['Reach new citizens'], tags: ['north'],
  });
  assert.equal(r.status, 201, r.text);
  before1 = r.body;
  r = await county.api(c, 'PATCH', `/api/v1/partners/${before1.id}`, { status: 'vetting', version: 1 });
  assert.equal(r.status, 200, r.text);
  r = await county.api(c, 'PUT', `/api/v1/partners/${before1.id}/vetting/legal`, { outcome: 'passed', notes: 'MOU reviewed' });
  assert.equal(r.status, 200, r.text);
  r = await county.api(c, 'POST', '/api/v1/partners', { name: 'Radio KXYZ', kind: 'institutional', subtype: 'media' });
  assert.equal(r.status, 201, r.text);
  r = await county.api('staff', 'POST', '/api/v1/me/calendar-feed');
  assert.equal(r.status, 201, r.text);
});

after(async () => {
  if (shared) await shared.stop();
  if (county) await county.stop();
  if (target) target.drop();
});

test('copies the office under new ids, verified, and the copy works', { skip }, async () => {
  const m = migrate();
  assert.equal(m.code, 0, m.err);
  assert.match(m.out, /^partners\s+2\s+[0-9a-f]{64}$/m);
  assert.match(m.out, /^partner_languages\s+2\s/m);
  assert.match(m.out, /^users\s+5\s/m);
  assert.doesNotMatch(m.out, /MISMATCH/);
  // the calendar feed link names the old office id: the operator is told
  assert.match(m.out, /^note: 1 calendar feed link made before the move no longer works/m);
  const db = dbName();
  const newOffice = Number(psqlAdmin("SELECT id FROM offices WHERE slug = 'office-0-" + process.pid + "'", db));
  assert.ok(newOffice > 0 && newOffice !== county.officeIds[0]);
  assert.equal(psqlAdmin(`SELECT count(*) FROM partners WHERE office_id = ${newOffice}`, db), '2');
  assert.equal(psqlAdmin("SELECT count(*) FROM audit_log WHERE action = 'migrate_store'", db), '1');

  // The county's own API tokens work against the shared server, and see the same records.
  shared = await startServer({ db: target.url });
  const tok = county.tokens[0].viewer;
  const list = await shared.api(tok, 'GET', '/api/v1/partners');
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.body.items.map((p) => p.name).sort(), ['Biblioteca Pública — Señora Núñez 图书馆', 'Radio KXYZ']);
  const copied = list.body.items.find((p) => p.name.startsWith('Biblioteca'));
  assert.notEqual(copied.id, before1.id);
  const full = await shared.api(tok, 'GET', `/api/v1/partners/${copied.id}`);
  assert.equal(full.body.status, 'vetting');
  assert.deepEqual(full.body.languages, ['es', 'zh-Hant']);
  assert.deepEqual(full.body.shared_goals, ['Reach new citizens']);
  assert.equal(full.body.vetting.legal.outcome, 'passed');
  assert.equal(full.body.vetting.legal.decided_by_name, 'coordinator 0');
  assert.equal(full.body.demographic_group_ids.length, 2);
  // Group references point at the copied groups of the new office.
  for (const g of full.body.demographic_group_ids)
    assert.equal(psqlAdmin(`SELECT office_id FROM demographic_groups WHERE id = ${g}`, db), String(newOffice));
  const hist = await shared.api(tok, 'GET', `/api/v1/partners/${copied.id}/status-history`);
  assert.deepEqual(hist.body.items.map((h) => h.to_status), ['prospect', 'vetting']);
  // Hill County's rows are untouched, and its partner is not visible to the county.
  const hill = psqlAdmin("SELECT id FROM offices WHERE slug = 'hill'", db);
  assert.equal(psqlAdmin(`SELECT count(*) FROM partners WHERE office_id = ${hill}`, db), '1');
});

test('a second run is refused and changes nothing; --replace copies again', { skip }, async () => {
  const db = dbName();
  const rows = psqlAdmin('SELECT count(*) FROM partners', db);
  const again = migrate();
  assert.equal(again.code, 1);
  assert.match(again.err, /already has office/);
  assert.equal(psqlAdmin('SELECT count(*) FROM partners', db), rows);

  await county.api('coordinator', 'POST', '/api/v1/partners', { name: 'Added Later', kind: 'institutional', subtype: 'faith_group' });
  const r = migrate('--replace');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^partners\s+3\s/m);
  assert.match(r.out, /replacing the earlier copy/);
  const tok = county.tokens[0].viewer;
  const list = await shared.api(tok, 'GET', '/api/v1/partners');
  assert.equal(list.status, 200, list.text);
  assert.equal(list.body.items.length, 3);
  // The earlier copy is retired: its rows are gone, its audit history stays.
  assert.equal(psqlAdmin("SELECT count(*) FROM offices WHERE slug LIKE '%-replaced-%' AND state_opt_in = 0", db), '1');
  assert.equal(psqlAdmin('SELECT count(*) FROM partners', db), '4');   // 3 + Hill County's
});

test('bad arguments are refused with a reason', { skip }, async () => {
  let r = spawnSync(BIN, ['migrate-store', '--from', `sqlite:${county.db}`], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  r = spawnSync(BIN, ['migrate-store', '--from', target.url, '--to', target.url], { encoding: 'utf8', env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /from a SQLite database/);
  r = spawnSync(BIN, ['migrate-store', '--from', `sqlite:${county.db}`, '--to', target.url, '--office-slug', 'nope'], { encoding: 'utf8', env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no office "nope"/);
});
