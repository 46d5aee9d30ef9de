// 90-pg-outage: PostgreSQL going away and coming back (run by make check-pg
// only: it stops and starts the throwaway cluster of tests/pg/cluster.sh).
// During the outage every request answers 503 store.unavailable and nothing
// is half-written; afterwards requests succeed without restarting rapport.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, psqlAdmin } from './lib.mjs';

const DIR = process.env.RAPPORT_PG_DIR;
const CLUSTER = new URL('../pg/cluster.sh', import.meta.url).pathname;
const skip = !DIR && 'needs the test cluster of make check-pg (RAPPORT_PG_DIR)';
const cluster = (verb) => execFileSync(CLUSTER, [verb, DIR], { stdio: ['ignore', 'ignore', 'pipe'] });

let t;
before(async () => { if (!skip) t = await startServer(); });
after(async () => { if (t) await t.stop(); });

const partner = (name) => ({ name, kind: 'institutional', subtype: 'media' });

async function names() {
  const r = await t.api('viewer', 'GET', '/api/v1/partners?limit=200');
  assert.equal(r.status, 200, r.text);
  return r.body.items.map((p) => p.name).sort();
}

test('connections the server dropped are replaced without an error', { skip }, async () => {
  assert.equal((await t.api('coordinator', 'POST', '/api/v1/partners', partner('Before'))).status, 201);
  const db = new URL(t.db).pathname.slice(1);
  psqlAdmin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db}' AND pid <> pg_backend_pid()`);
  // Wait until the backends are gone (a connection killed while in use answers 503 once).
  for (let i = 0; i < 100 && psqlAdmin(`SELECT count(*) FROM pg_stat_activity WHERE datname = '${db}'`) !== '0'; i++)
    await new Promise((r) => setTimeout(r, 50));
  for (let i = 0; i < 6; i++) assert.equal((await t.api('viewer', 'GET', '/api/v1/partners')).status, 200);
});

test('during an outage requests get 503 store.unavailable; afterwards they succeed again', { skip }, async () => {
  cluster('down');
  try {
    for (const who of ['viewer', 'coordinator']) {
      const r = await t.api(who, 'GET', '/api/v1/partners');
      assert.equal(r.status, 503, r.text);
      assert.equal(r.body.error.code, 'store.unavailable');
      assert.equal(r.headers.get('retry-after'), '5');
    }
    const w = await t.api('coordinator', 'POST', '/api/v1/partners', partner('During'));
    assert.equal(w.status, 503, w.text);
    assert.equal(w.body.error.code, 'store.unavailable');
    const health = await t.request('GET', '/api/v1/health');
    assert.ok([200, 503].includes(health.status));
  } finally {
    cluster('up');
  }
  // The first requests after the restart already succeed, several at once.
  const rs = await Promise.all([1, 2, 3, 4, 5, 6].map(() => t.api('viewer', 'GET', '/api/v1/partners')));
  assert.deepEqual(rs.map((r) => r.status), [200, 200, 200, 200, 200, 200]);
  assert.equal((await t.api('coordinator', 'POST', '/api/v1/partners', partner('After'))).status, 201);
  // Nothing of the refused write exists.
  assert.deepEqual(await names(), ['After', 'Before']);
  const db = new URL(t.db).pathname.slice(1);
  assert.equal(psqlAdmin("SELECT count(*) FROM audit_log WHERE entity = 'partner' AND action = 'create'", db), '2');
});
