// 80-state: the state view: aggregate figures of opted-in offices for the
// state role only, never records, and nothing of offices that did not opt in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from './lib.mjs';

let t;
let stateToken;
before(async () => {
  t = await startServer({ offices: ['Test County', 'Other County', 'Quiet County'] });
  const state = t.cli(['office', 'add', 'State Elections Office', '--slug', `state-${process.pid}`]);
  t.cli(['user', 'add', '--office', state, '--email', 'state@example.org', '--role', 'state'], PASSWORD);
  stateToken = t.cli(['token', 'create', '--office', state, '--user', 'state@example.org', '--name', 'tests']);
  t.cli(['office', 'opt-in', String(t.officeIds[0])]);
  t.cli(['office', 'opt-in', String(t.officeIds[2])]);
});
after(async () => { await t.stop(); });

async function partner(office, name, extra = {}) {
  const who = { office, role: 'coordinator' };
  const r = await t.api(who, 'POST', '/api/v1/partners', { name, kind: 'institutional', subtype: 'media', ...extra });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function activate(office, p) {
  const who = { office, role: 'coordinator' };
  let r = await t.api(who, 'PATCH', `/api/v1/partners/${p.id}`, { status: 'vetting', version: p.version });
  assert.equal(r.status, 200, r.text);
  for (const aspect of ['legal', 'operational']) {
    r = await t.api(who, 'PUT', `/api/v1/partners/${p.id}/vetting/${aspect}`, { outcome: 'passed' });
    assert.equal(r.status, 200, r.text);
  }
  r = await t.api(who, 'PATCH', `/api/v1/partners/${p.id}`, { status: 'active', version: r.body.version });
  assert.equal(r.status, 200, r.text);
}

test('the state role sees per-office counts of opted-in offices only', async () => {
  await partner(0, 'Confidential Radio Partner');
  await partner(0, 'Second Prospect', { kind: 'intra_governmental', subtype: 'library' });
  await partner(1, 'Opted Out Secret Org');

  const r = await t.api(stateToken, 'GET', '/api/v1/state/summary');
  assert.equal(r.status, 200, r.text);
  const ids = r.body.offices.map((o) => o.id).sort();
  assert.deepEqual(ids, [t.officeIds[0], t.officeIds[2]].sort());
  const o = r.body.offices.find((x) => x.id === t.officeIds[0]);
  assert.equal(o.name, 'Test County');
  assert.equal(o.partners.total, 2);
  assert.deepEqual(o.partners.by_status, { prospect: 2, vetting: 0, active: 0, dormant: 0, ended: 0 });
  assert.deepEqual(o.partners.by_kind, { intra_governmental: 1, institutional: 1 });
  assert.equal(o.demographic_groups.total, 10);
  assert.equal(o.demographic_groups.with_active_partner, 0);
  assert.equal(o.demographic_groups.without_active_partner, 10);
  assert.equal(o.interactions_12_months, 0);
  const quiet = r.body.offices.find((x) => x.id === t.officeIds[2]);
  assert.equal(quiet.partners.total, 0);
  assert.match(r.body.since, /^\d{4}-\d{2}-\d{2}$/);
  // Counts, never records.
  assert.doesNotMatch(r.text, /Confidential Radio|Second Prospect|Opted Out|Other County|example\.org/);
});

test('coverage counts groups reached by an active partner', async () => {
  // Office 0 is created first, so its ten seeded groups have ids 1-10.
  const created = await partner(0, 'Group Reacher', { demographic_group_ids: [1] });
  assert.deepEqual(created.demographic_group_ids, [1]);
  let s = await t.api(stateToken, 'GET', '/api/v1/state/summary');
  let o = s.body.offices.find((x) => x.id === t.officeIds[0]);
  assert.equal(o.demographic_groups.with_active_partner, 0);   // still a prospect
  await activate(0, created);
  s = await t.api(stateToken, 'GET', '/api/v1/state/summary');
  o = s.body.offices.find((x) => x.id === t.officeIds[0]);
  assert.equal(o.demographic_groups.with_active_partner, 1);
  assert.equal(o.demographic_groups.without_active_partner, 9);
  assert.equal(o.partners.by_status.active, 1);
});

test('opting out removes an office at once', async () => {
  t.cli(['office', 'opt-out', String(t.officeIds[2])]);
  const s = await t.api(stateToken, 'GET', '/api/v1/state/summary');
  assert.equal(s.status, 200);
  assert.deepEqual(s.body.offices.map((o) => o.id), [t.officeIds[0]]);
});

test('only the state role may read it, and the state role reads nothing else', async () => {
  for (const role of ['admin', 'director', 'viewer']) {
    const r = await t.api(role, 'GET', '/api/v1/state/summary');
    assert.equal(r.status, 403);
    assert.equal(r.body.error.code, 'auth.forbidden');
  }
  assert.equal((await t.request('GET', '/api/v1/state/summary')).status, 401);
  const r = await t.api(stateToken, 'GET', '/api/v1/partners');
  assert.equal(r.status, 403);
  const w = await t.api(stateToken, 'POST', '/api/v1/partners', { name: 'x', kind: 'institutional', subtype: 'media' });
  assert.equal(w.status, 403);
});
