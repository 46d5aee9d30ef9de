// 02-registry: demographic groups, contacts and their job history, merges,
// liaisons, interactions and follow-ups, and search: behaviour and bad input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let t;
before(async () => { t = await startServer(); });
after(async () => { await t.stop(); });

let seq = 0;
async function partner(extra = {}) {
  const r = await t.api('coordinator', 'POST', '/api/v1/partners',
    { name: `Registry Partner ${++seq}`, kind: 'institutional', subtype: 'community_organization', ...extra });
  assert.equal(r.status, 201, r.text);
  return r.body;
}
async function contact(body, who = 'staff') {
  const r = await t.api(who, 'POST', '/api/v1/contacts', body);
  assert.equal(r.status, 201, r.text);
  return r.body;
}
async function activate(p) {
  let r = await t.api('coordinator', 'PATCH', `/api/v1/partners/${p.id}`, { status: 'vetting', version: p.version });
  assert.equal(r.status, 200, r.text);
  for (const aspect of ['legal', 'operational'])
    r = await t.api('coordinator', 'PUT', `/api/v1/partners/${p.id}/vetting/${aspect}`, { outcome: 'passed' });
  r = await t.api('coordinator', 'PATCH', `/api/v1/partners/${p.id}`, { status: 'active', version: r.body.version });
  assert.equal(r.status, 200, r.text);
  return r.body;
}
function today(offsetDays = 0) {
  return new Date(Date.now() + offsetDays * 86400000).toISOString().slice(0, 10);
}
const userId = (role, office = 0) => t.users[office][role].id;
// The audit entries of one record, oldest first, as "action|has before|has after",
// read through the audit API.  SQLite may give a deleted record's id to a new
// one, so the entries count from the newest create on.
async function audit(entity, id) {
  const r = await t.api('director', 'GET', `/api/v1/audit?entity=${entity}&entity_id=${id}&limit=200`);
  assert.equal(r.status, 200, r.text);
  const rows = r.body.items.reverse();
  let from = 0;
  rows.forEach((x, i) => { if (x.action === 'create') from = i; });
  return rows.slice(from).map((x) => `${x.action}|${x.before == null ? 0 : 1}|${x.after == null ? 0 : 1}`);
}
async function assertAudit(entity, id, expected) {
  assert.deepEqual(await audit(entity, id), expected, `audit of ${entity} ${id}`);
}

// ---- demographic groups ----

test('demographic groups: create, list with active partner counts, edit, duplicate names, delete', async () => {
  const list0 = await t.api('viewer', 'GET', '/api/v1/demographic-groups');
  assert.equal(list0.status, 200);
  assert.ok(list0.body.items.length > 0, 'the office starts with seeded groups');
  const g = await t.api('coordinator', 'POST', '/api/v1/demographic-groups',
    { name: 'Hmong speakers', category: 'language', language: 'hmn', population_share: 0.031, notes: 'North end' });
  assert.equal(g.status, 201, g.text);
  assert.equal(g.body.category, 'language');
  assert.equal(g.body.population_share, 0.031);
  assert.equal(g.body.active_partner_count, 0);
  assert.equal(g.body.version, 1);

  const dup = await t.api('coordinator', 'POST', '/api/v1/demographic-groups', { name: 'HMONG SPEAKERS' });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.error.code, 'conflict.duplicate');
  assert.equal(dup.body.error.existing_id, g.body.id);

  const p = await partner({ demographic_group_ids: [g.body.id] });
  await partner({ demographic_group_ids: [g.body.id] });   // a prospect: not counted as active
  await activate(p);
  const one = await t.api('viewer', 'GET', `/api/v1/demographic-groups/${g.body.id}`);
  assert.equal(one.body.active_partner_count, 1);
  assert.equal(one.body.partner_count, 2);
  const listed = (await t.api('viewer', 'GET', '/api/v1/demographic-groups?category=language')).body.items
    .find((x) => x.id === g.body.id);
  assert.equal(listed.active_partner_count, 1);

  const stale = await t.api('coordinator', 'PATCH', `/api/v1/demographic-groups/${g.body.id}`, { notes: 'x', version: 7 });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.code, 'conflict.version');
  const upd = await t.api('coordinator', 'PATCH', `/api/v1/demographic-groups/${g.body.id}`, { population_share: null, version: 1 });
  assert.equal(upd.status, 200, upd.text);
  assert.equal(upd.body.population_share, null);
  assert.equal(upd.body.version, 2);

  assert.equal((await t.api('staff', 'POST', '/api/v1/demographic-groups', { name: 'Staff group' })).status, 403);
  assert.equal((await t.api('coordinator', 'DELETE', `/api/v1/demographic-groups/${g.body.id}`)).status, 204);
  assert.equal((await t.api('viewer', 'GET', `/api/v1/demographic-groups/${g.body.id}`)).status, 404);
  const after = await t.api('viewer', 'GET', `/api/v1/partners/${p.id}`);
  assert.deepEqual(after.body.demographic_group_ids, [], 'the partner stays, without the group');
});

test('demographic groups: bad input names each field', async () => {
  const r = await t.api('coordinator', 'POST', '/api/v1/demographic-groups',
    { name: '', category: 'religion', language: 'not a tag', population_share: 1.5, colour: 'red' });
  assert.equal(r.status, 422);
  const fields = r.body.error.details.map((d) => `${d.field}:${d.code}`).sort();
  assert.deepEqual(fields, ['category:validation.enum', 'colour:validation.unknown_field',
    'language:validation.language', 'name:validation.required', 'population_share:validation.range']);
  const typ = await t.api('coordinator', 'POST', '/api/v1/demographic-groups', { name: 42, population_share: 'half' });
  assert.deepEqual(typ.body.error.details.map((d) => d.code), ['validation.type', 'validation.type']);
  const bad = await t.api('viewer', 'GET', '/api/v1/demographic-groups?category=nope');
  assert.equal(bad.status, 422);
});

// ---- contacts and job history ----

test('a contact is created with a first affiliation in one step', async () => {
  const p = await partner();
  const c = await contact({ full_name: 'Ana Ruiz', email: 'ana@example.org', phone: '555-0100',
    preferred_language: 'es', partner_id: p.id, title: 'Director', started_on: '2024-01-15' });
  assert.equal(c.full_name, 'Ana Ruiz');
  assert.equal(c.verify_status, 'unverified');
  assert.equal(c.affiliations.length, 1);
  assert.equal(c.affiliations[0].partner_id, p.id);
  assert.equal(c.affiliations[0].partner_name, p.name);
  assert.equal(c.affiliations[0].title, 'Director');
  assert.equal(c.affiliations[0].current, true);
  const pc = await t.api('viewer', 'GET', `/api/v1/partners/${p.id}/contacts`);
  assert.equal(pc.status, 200);
  assert.deepEqual(pc.body.items.map((x) => x.contact_id), [c.id]);
});

test('job history: ending an old affiliation never touches the current one; a move keeps both, dated', async () => {
  const a = await partner();
  const b = await partner();
  const c = await contact({ full_name: 'Bo Tran', partner_id: a.id, title: 'Organizer', started_on: '2021-03-01' });
  const oldAff = c.affiliations[0];
  // Moves to B: a new position first, then the old one is ended.
  const add = await t.api('staff', 'POST', `/api/v1/contacts/${c.id}/affiliations`,
    { partner_id: b.id, title: 'Program lead', started_on: '2025-02-01' });
  assert.equal(add.status, 201, add.text);
  const end = await t.api('staff', 'PATCH', `/api/v1/contacts/${c.id}/affiliations/${oldAff.id}`,
    { ended_on: '2025-01-31', version: oldAff.version });
  assert.equal(end.status, 200, end.text);
  assert.equal(end.body.ended_on, '2025-01-31');
  assert.equal(end.body.title, 'Organizer', 'a partial edit keeps the other fields');
  const got = (await t.api('viewer', 'GET', `/api/v1/contacts/${c.id}`)).body;
  assert.equal(got.affiliations.length, 2);
  const cur = got.affiliations.find((x) => x.partner_id === b.id);
  const past = got.affiliations.find((x) => x.partner_id === a.id);
  assert.deepEqual([cur.current, cur.ended_on, cur.started_on, cur.title], [true, null, '2025-02-01', 'Program lead']);
  assert.deepEqual([past.current, past.ended_on, past.started_on], [false, '2025-01-31', '2021-03-01']);
  assert.equal(got.affiliations[0].partner_id, b.id, 'current positions come first');
  // Both partners remember the person: A as past, B as current.
  const pa = (await t.api('viewer', 'GET', `/api/v1/partners/${a.id}/contacts`)).body.items;
  assert.deepEqual(pa.map((x) => [x.contact_id, x.current]), [[c.id, false]]);
  const pb = (await t.api('viewer', 'GET', `/api/v1/partners/${b.id}/contacts`)).body.items;
  assert.deepEqual(pb.map((x) => [x.contact_id, x.current]), [[c.id, true]]);
  // The list filters tell who is current where.
  const curA = await t.api('viewer', 'GET', `/api/v1/contacts?partner_id=${a.id}&current=true`);
  assert.deepEqual(curA.body.items, []);
  const pastA = await t.api('viewer', 'GET', `/api/v1/contacts?partner_id=${a.id}&current=false`);
  assert.deepEqual(pastA.body.items.map((x) => x.id), [c.id]);
  const curB = await t.api('viewer', 'GET', `/api/v1/contacts?partner_id=${b.id}&current=true`);
  assert.deepEqual(curB.body.items.map((x) => x.id), [c.id]);
  assert.deepEqual(curB.body.items[0].current_affiliations.map((x) => x.partner_id), [b.id]);
  // An end before the start is refused; a stale version gets 409 and changes nothing.
  const bad = await t.api('staff', 'PATCH', `/api/v1/contacts/${c.id}/affiliations/${cur.id}`,
    { ended_on: '2025-01-01', version: cur.version });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.error.code, 'validation.date_order');
  const stale = await t.api('staff', 'PATCH', `/api/v1/contacts/${c.id}/affiliations/${oldAff.id}`,
    { title: 'x', version: oldAff.version });
  assert.equal(stale.status, 409);
  // An affiliation id must belong to the contact in the path.
  const other = await contact({ full_name: 'Someone Else' });
  const wrong = await t.api('staff', 'PATCH', `/api/v1/contacts/${other.id}/affiliations/${cur.id}`,
    { ended_on: '2026-01-01', version: cur.version });
  assert.equal(wrong.status, 404);
  const still = (await t.api('viewer', 'GET', `/api/v1/contacts/${c.id}`)).body.affiliations.find((x) => x.id === cur.id);
  assert.equal(still.ended_on, null);
});

test('contacts: same email (any case) is a 409 naming the existing contact unless allow_duplicate', async () => {
  const first = await contact({ full_name: 'Dup One', email: 'Dup.One@Example.org' });
  const dup = await t.api('staff', 'POST', '/api/v1/contacts', { full_name: 'Dup Again', email: 'dup.one@example.ORG' });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.error.code, 'conflict.duplicate');
  assert.equal(dup.body.error.existing_id, first.id);
  assert.match(dup.body.error.message, new RegExp(`contact ${first.id}`));
  const allowed = await t.api('staff', 'POST', '/api/v1/contacts',
    { full_name: 'Dup Again', email: 'dup.one@example.ORG', allow_duplicate: true });
  assert.equal(allowed.status, 201);
  // Changing another contact's email onto a taken one is caught too.
  const other = await contact({ full_name: 'Dup Three', email: 'three@example.org' });
  const upd = await t.api('staff', 'PATCH', `/api/v1/contacts/${other.id}`, { email: 'DUP.ONE@example.org', version: 1 });
  assert.equal(upd.status, 409);
  assert.equal(upd.body.error.code, 'conflict.duplicate');
  const ok = await t.api('staff', 'PATCH', `/api/v1/contacts/${other.id}`, { phone: '555-0199', version: 1 });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.email, 'three@example.org');
  assert.equal(ok.body.version, 2);
});

test('contacts: verify stamps last_verified_at; list filters and pages by name', async () => {
  const p = await partner();
  const names = ['Zed Alpha', 'Zed Beta', 'Zed Gamma', 'Zed Delta', 'Zed_Epsilon'];
  const made = [];
  for (const n of names) made.push(await contact({ full_name: n, partner_id: p.id }));
  const v = await t.api('staff', 'POST', `/api/v1/contacts/${made[1].id}/verify`, { status: 'verified' });
  assert.equal(v.status, 200, v.text);
  assert.equal(v.body.verify_status, 'verified');
  assert.match(v.body.last_verified_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal((await t.api('staff', 'POST', `/api/v1/contacts/${made[2].id}/verify`, { status: 'unverified' })).status, 422);
  assert.equal((await t.api('viewer', 'POST', `/api/v1/contacts/${made[2].id}/verify`, { status: 'verified' })).status, 403);
  const ver = await t.api('viewer', 'GET', `/api/v1/contacts?partner_id=${p.id}&verify_status=verified`);
  assert.deepEqual(ver.body.items.map((x) => x.full_name), ['Zed Beta']);
  // Name prefix, case-insensitive; _ is a literal character, not a wildcard.
  const pre = await t.api('viewer', 'GET', '/api/v1/contacts?q=zed%20g');
  assert.deepEqual(pre.body.items.map((x) => x.full_name), ['Zed Gamma']);
  const lit = await t.api('viewer', 'GET', '/api/v1/contacts?q=Zed_');
  assert.deepEqual(lit.body.items.map((x) => x.full_name), ['Zed_Epsilon']);
  // Pages of two, in name order, cover everyone once.
  let seen = [];
  let cursor = '';
  for (let i = 0; i < 5; i++) {
    const r = await t.api('viewer', 'GET', `/api/v1/contacts?partner_id=${p.id}&limit=2${cursor}`);
    assert.equal(r.status, 200);
    seen = seen.concat(r.body.items.map((x) => x.full_name));
    if (!r.body.next_cursor) break;
    cursor = `&cursor=${r.body.next_cursor}`;
  }
  assert.deepEqual(seen, [...names].sort());
  assert.equal((await t.api('viewer', 'GET', `/api/v1/contacts?partner_id=${p.id}&sort=name`)).body.items.length, 5);
  for (const q of ['current=maybe', 'verify_status=gone', 'partner_id=abc', 'limit=0', 'cursor=%%%', 'sort=-email', 'q=%FF'])
    assert.equal((await t.api('viewer', 'GET', `/api/v1/contacts?${q}`)).status, 422, q);
});

test('contacts: bad input names each field; only directors delete', async () => {
  const r = await t.api('staff', 'POST', '/api/v1/contacts',
    { full_name: ' ', email: 'not-an-email', preferred_language: 'english please', phone: 5, partner_id: 'x', nick: 'y' });
  assert.equal(r.status, 422);
  const fields = r.body.error.details.map((d) => `${d.field}:${d.code}`).sort();
  assert.deepEqual(fields, ['email:validation.email', 'full_name:validation.required', 'nick:validation.unknown_field',
    'partner_id:validation.type', 'phone:validation.type', 'preferred_language:validation.language']);
  const missing = await t.api('staff', 'POST', '/api/v1/contacts', { email: 'x@example.org' });
  assert.equal(missing.body.error.field, 'full_name');
  const long = await t.api('staff', 'POST', '/api/v1/contacts', { full_name: 'é'.repeat(201), notes: 'n'.repeat(20001) });
  assert.deepEqual(long.body.error.details.map((d) => `${d.field}:${d.code}`), ['full_name:validation.length', 'notes:validation.length']);
  assert.equal((await t.api('staff', 'POST', '/api/v1/contacts', { full_name: 'é'.repeat(200) })).status, 201, '200 characters (400 bytes) fit');
  const title = await t.api('staff', 'POST', '/api/v1/contacts', { full_name: 'No Partner', title: 'Chair' });
  assert.equal(title.body.error.code, 'validation.requires_partner');
  const c = await contact({ full_name: 'To Delete' });
  const noversion = await t.api('staff', 'PATCH', `/api/v1/contacts/${c.id}`, { notes: 'x' });
  assert.equal(noversion.status, 422);
  assert.equal(noversion.body.error.field, 'version');
  assert.equal((await t.api('staff', 'PATCH', `/api/v1/contacts/${c.id}`, { notes: 'x', version: 1 })).status, 200);
  assert.equal((await t.api('staff', 'DELETE', `/api/v1/contacts/${c.id}`)).status, 403);
  assert.equal((await t.api('coordinator', 'DELETE', `/api/v1/contacts/${c.id}`)).status, 403);
  assert.equal((await t.api('director', 'DELETE', `/api/v1/contacts/${c.id}`)).status, 204);
  assert.equal((await t.api('viewer', 'GET', `/api/v1/contacts/${c.id}`)).status, 404);
  await assertAudit('contact', c.id, ['create|0|1', 'update|1|1', 'delete|1|0']);
});

test('merge carries every affiliation and interaction link, fills gaps, deletes the duplicate', async () => {
  const a = await partner();
  const b = await partner();
  const keep = await contact({ full_name: 'Merge Keep', email: 'keep@example.org', partner_id: a.id, title: 'Chair' });
  const dup = await contact({ full_name: 'Merge Keep (dup)', phone: '555-0142', notes: 'Met at fair',
    partner_id: b.id, title: 'Volunteer', started_on: '2020-05-01' });
  const i1 = await t.api('staff', 'POST', `/api/v1/partners/${b.id}/interactions`,
    { occurred_on: '2025-06-01', type: 'meeting', summary: 'Only the duplicate', contact_ids: [dup.id] });
  const i2 = await t.api('staff', 'POST', `/api/v1/partners/${a.id}/interactions`,
    { occurred_on: '2025-06-02', type: 'call', summary: 'Both of them', contact_ids: [keep.id, dup.id] });
  assert.equal(i1.status, 201, i1.text);
  assert.equal(i2.status, 201, i2.text);
  assert.equal((await t.api('staff', 'POST', `/api/v1/contacts/${keep.id}/merge`, { from_id: dup.id })).status, 403);
  assert.equal((await t.api('coordinator', 'POST', `/api/v1/contacts/${keep.id}/merge`, { from_id: keep.id })).status, 422);
  const m = await t.api('coordinator', 'POST', `/api/v1/contacts/${keep.id}/merge`, { from_id: dup.id });
  assert.equal(m.status, 200, m.text);
  assert.equal(m.body.email, 'keep@example.org');
  assert.equal(m.body.phone, '555-0142', 'an empty field takes the duplicate\'s value');
  assert.equal(m.body.notes, 'Met at fair');
  assert.deepEqual(m.body.affiliations.map((x) => x.partner_id).sort(), [a.id, b.id].sort());
  assert.equal(m.body.affiliations.find((x) => x.partner_id === b.id).started_on, '2020-05-01');
  assert.equal((await t.api('viewer', 'GET', `/api/v1/contacts/${dup.id}`)).status, 404);
  const g1 = await t.api('viewer', 'GET', `/api/v1/interactions/${i1.body.id}`);
  assert.deepEqual(g1.body.contact_ids, [keep.id]);
  const g2 = await t.api('viewer', 'GET', `/api/v1/interactions/${i2.body.id}`);
  assert.deepEqual(g2.body.contact_ids, [keep.id]);
  const again = await t.api('coordinator', 'POST', `/api/v1/contacts/${keep.id}/merge`, { from_id: dup.id });
  assert.equal(again.status, 422);
  assert.equal(again.body.error.code, 'validation.reference');
  await assertAudit('contact', dup.id, ['create|0|1', 'merge|1|1']);
  await assertAudit('contact', keep.id, ['create|0|1', 'merge|1|1']);
});

// ---- liaisons ----

test('liaisons: handing a role on keeps the old holder in the history; one person cannot hold both', async () => {
  const p = await partner();
  const put = (role, user_id, who = 'coordinator') => t.api(who, 'PUT', `/api/v1/partners/${p.id}/liaisons/${role}`, { user_id });
  let r = await put('primary', userId('staff'));
  assert.equal(r.status, 200, r.text);
  r = await put('backup', userId('coordinator'));
  assert.equal(r.status, 200);
  r = await put('backup', userId('staff'));
  assert.equal(r.status, 422);
  assert.equal(r.body.error.code, 'validation.liaison_both');
  r = await put('primary', userId('director'));   // handoff
  assert.equal(r.status, 200);
  const list = (await t.api('viewer', 'GET', `/api/v1/partners/${p.id}/liaisons`)).body.items;
  const current = list.filter((x) => x.current).map((x) => [x.role, x.user_id]);
  assert.deepEqual(current, [['primary', userId('director')], ['backup', userId('coordinator')]]);
  const old = list.find((x) => !x.current);
  assert.equal(old.user_id, userId('staff'));
  assert.equal(old.role, 'primary');
  assert.ok(old.ended_at);
  assert.equal(old.user_name, 'staff 0');
  assert.equal(old.user_active, true);
  const pp = (await t.api('viewer', 'GET', `/api/v1/partners/${p.id}`)).body;
  assert.deepEqual(pp.liaisons.map((x) => x.user_id), [userId('director'), userId('coordinator')]);
  // Ending a role keeps it in history.
  assert.equal((await t.api('coordinator', 'DELETE', `/api/v1/partners/${p.id}/liaisons/backup`)).status, 204);
  assert.equal((await t.api('coordinator', 'DELETE', `/api/v1/partners/${p.id}/liaisons/backup`)).status, 404);
  const after = (await t.api('viewer', 'GET', `/api/v1/partners/${p.id}/liaisons`)).body.items;
  assert.equal(after.length, 3);
  assert.equal(after.filter((x) => x.current).length, 1);
  // Bad input.
  assert.equal((await put('tertiary', userId('staff'))).status, 404);
  assert.equal((await put('backup', 'me')).status, 422);
  assert.equal((await put('backup', 999999)).body.error.code, 'validation.reference');
  assert.equal((await put('backup', userId('staff'), 'staff')).status, 403);
  const extra = await t.api('coordinator', 'PUT', `/api/v1/partners/${p.id}/liaisons/backup`, { user_id: userId('staff'), note: 1 });
  assert.equal(extra.body.error.code, 'validation.unknown_field');
});

test('liaisons: a disabled user cannot become a liaison', async () => {
  const p = await partner();
  const email = `gone${process.pid}@example.org`;
  const id = Number(t.cli(['user', 'add', '--office', String(t.officeIds[0]), '--email', email, '--role', 'staff', '--name', 'Gone'], 'a long enough password'));
  t.cli(['user', 'disable', '--email', email]);
  const r = await t.api('coordinator', 'PUT', `/api/v1/partners/${p.id}/liaisons/primary`, { user_id: id });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.code, 'validation.reference');
});

// ---- interactions ----

test('interactions: every create, update and delete moves the partner\'s last_interaction_on', async () => {
  const p = await partner();
  const c = await contact({ full_name: 'Timeline Person', partner_id: p.id });
  const log = (body) => t.api('staff', 'POST', `/api/v1/partners/${p.id}/interactions`, body);
  const last = async () => (await t.api('viewer', 'GET', `/api/v1/partners/${p.id}`)).body.last_interaction_on;
  assert.equal(await last(), null);
  const a = await log({ occurred_on: '2025-03-10', type: 'tour', direction: 'office_gave', summary: 'Warehouse tour',
    office_gave: 'Tour of the ballot warehouse', contact_ids: [c.id], staff_user_ids: [userId('staff')] });
  assert.equal(a.status, 201, a.text);
  assert.equal(a.body.partner_name, p.name);
  assert.deepEqual(a.body.contacts.map((x) => x.full_name), ['Timeline Person']);
  assert.deepEqual(a.body.staff_user_ids, [userId('staff')]);
  assert.equal(a.body.direction, 'office_gave');
  assert.equal(await last(), '2025-03-10');
  const b = await log({ occurred_on: '2025-05-01', type: 'presentation', summary: 'Voter registration talk',
    partner_gave: 'Their hall and 40 attendees' });
  assert.equal(b.body.direction, 'both', 'direction defaults to both');
  assert.equal(await last(), '2025-05-01');
  // An older interaction logged late does not move the clock back.
  await log({ occurred_on: '2024-12-01', type: 'call', summary: 'First call' });
  assert.equal(await last(), '2025-05-01');
  // Editing the newest one's date moves it.
  const u = await t.api('staff', 'PATCH', `/api/v1/interactions/${b.body.id}`, { occurred_on: today(), version: 1 });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.body.summary, 'Voter registration talk');
  assert.equal(await last(), today());
  // Deleting it falls back to the next newest.
  assert.equal((await t.api('staff', 'DELETE', `/api/v1/interactions/${b.body.id}`)).status, 403);
  assert.equal((await t.api('director', 'DELETE', `/api/v1/interactions/${b.body.id}`)).status, 204);
  assert.equal(await last(), '2025-03-10');
  assert.equal((await t.api('viewer', 'GET', `/api/v1/interactions/${b.body.id}`)).status, 404);
  // The timeline is newest first and pages.
  const page1 = await t.api('viewer', 'GET', `/api/v1/partners/${p.id}/interactions?limit=1`);
  assert.deepEqual(page1.body.items.map((x) => x.occurred_on), ['2025-03-10']);
  assert.deepEqual(page1.body.items[0].contacts.map((x) => x.id), [c.id]);
  const page2 = await t.api('viewer', 'GET', `/api/v1/partners/${p.id}/interactions?limit=1&cursor=${page1.body.next_cursor}`);
  assert.deepEqual(page2.body.items.map((x) => x.occurred_on), ['2024-12-01']);
  assert.equal(page2.body.next_cursor, null);
  const tours = await t.api('viewer', 'GET', `/api/v1/partners/${p.id}/interactions?type=tour`);
  assert.deepEqual(tours.body.items.map((x) => x.type), ['tour']);
});

test('interactions: bad input, stale versions and links are checked', async () => {
  const p = await partner();
  const url = `/api/v1/partners/${p.id}/interactions`;
  const r = await t.api('staff', 'POST', url, { occurred_on: today(3), type: 'lunch', direction: 'sideways',
    summary: '', follow_up_on: '2025-02-30', contact_ids: [0], staff_user_ids: 'me', mood: 'good' });
  assert.equal(r.status, 422);
  const fields = r.body.error.details.map((d) => `${d.field}:${d.code}`).sort();
  assert.deepEqual(fields, ['contact_ids:validation.type', 'direction:validation.enum', 'follow_up_on:validation.date',
    'mood:validation.unknown_field', 'occurred_on:validation.future', 'staff_user_ids:validation.type',
    'summary:validation.required', 'type:validation.enum']);
  const tomorrow = await t.api('staff', 'POST', url, { occurred_on: today(1), type: 'call', summary: 'Time zones' });
  assert.equal(tomorrow.status, 201, 'a day ahead is allowed for time zones');
  const missing = await t.api('staff', 'POST', url, { summary: 'no date' });
  assert.deepEqual(missing.body.error.details.map((d) => d.field).sort(), ['occurred_on', 'type']);
  const owner = await t.api('staff', 'POST', url, { occurred_on: today(), type: 'call', summary: 's', follow_up_owner: userId('staff') });
  assert.equal(owner.body.error.field, 'follow_up_on');
  const noContact = await t.api('staff', 'POST', url, { occurred_on: today(), type: 'call', summary: 's', contact_ids: [987654] });
  assert.equal(noContact.body.error.code, 'validation.reference');
  assert.equal((await t.api('viewer', 'POST', url, { occurred_on: today(), type: 'call', summary: 's' })).status, 403);
  assert.equal((await t.api('staff', 'POST', '/api/v1/partners/999999/interactions', { occurred_on: today(), type: 'call', summary: 's' })).status, 404);
  const id = tomorrow.body.id;
  const first = await t.api('staff', 'PATCH', `/api/v1/interactions/${id}`, { summary: 'one', version: 1 });
  assert.equal(first.status, 200);
  const stale = await t.api('staff', 'PATCH', `/api/v1/interactions/${id}`, { summary: 'two', version: 1 });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.current.summary, 'one');
  const partnerMove = await t.api('staff', 'PATCH', `/api/v1/interactions/${id}`, { partner_id: 1, version: 2 });
  assert.equal(partnerMove.body.error.code, 'validation.unknown_field');
  assert.equal((await t.api('viewer', 'GET', `${url}?type=lunch`)).status, 422);
});

test('follow-ups: open ones across the office, oldest due first, filtered, and marked done', async () => {
  const p = await partner();
  const q = await partner();
  const log = (pp, body) => t.api('staff', 'POST', `/api/v1/partners/${pp.id}/interactions`,
    { occurred_on: '2025-01-05', type: 'meeting', summary: 'Follow-up test', ...body });
  const a = await log(p, { follow_up_on: '2031-03-01', follow_up_owner: userId('coordinator') });
  const b = await log(q, { follow_up_on: '2031-01-15' });   // owner: whoever logged it
  const c = await log(p, { follow_up_on: '2031-02-01', follow_up_owner: userId('staff') });
  assert.equal(b.body.follow_up_owner, userId('staff'));
  const mine = (list) => list.filter((x) => [a.body.id, b.body.id, c.body.id].includes(x.id)).map((x) => x.id);
  let r = await t.api('viewer', 'GET', '/api/v1/follow-ups?limit=200');
  assert.equal(r.status, 200);
  assert.deepEqual(mine(r.body.items), [b.body.id, c.body.id, a.body.id]);
  assert.equal(r.body.items.find((x) => x.id === a.body.id).partner_name, p.name);
  r = await t.api('viewer', 'GET', `/api/v1/follow-ups?owner_id=${userId('staff')}&limit=200`);
  assert.deepEqual(mine(r.body.items), [b.body.id, c.body.id]);
  r = await t.api('viewer', 'GET', '/api/v1/follow-ups?due_before=2031-02-15&limit=200');
  assert.deepEqual(mine(r.body.items), [b.body.id, c.body.id]);
  const done = await t.api('staff', 'POST', `/api/v1/interactions/${b.body.id}/follow-up-done`);
  assert.equal(done.status, 200, done.text);
  assert.ok(done.body.follow_up_done_at);
  r = await t.api('viewer', 'GET', '/api/v1/follow-ups?limit=200');
  assert.deepEqual(mine(r.body.items), [c.body.id, a.body.id]);
  r = await t.api('viewer', 'GET', '/api/v1/follow-ups?include_done=true&limit=200');
  assert.deepEqual(mine(r.body.items), [b.body.id, c.body.id, a.body.id]);
  // A new due date opens it again.
  const re = await t.api('staff', 'PATCH', `/api/v1/interactions/${b.body.id}`, { follow_up_on: '2031-04-01', version: done.body.version });
  assert.equal(re.status, 200, re.text);
  assert.equal(re.body.follow_up_done_at, null);
  const none = await log(p, {});
  const nf = await t.api('staff', 'POST', `/api/v1/interactions/${none.body.id}/follow-up-done`);
  assert.equal(nf.status, 422);
  for (const qs of ['owner_id=x', 'due_before=2031-13-01', 'include_done=yes'])
    assert.equal((await t.api('viewer', 'GET', `/api/v1/follow-ups?${qs}`)).status, 422, qs);
});

// ---- search ----

test('search finds partners, contacts (by title and partner too) and interactions, and is safe', async () => {
  const p = await partner({ name: 'Quillfeather Tenants Union' });
  const c = await contact({ full_name: 'Marisol Okonkwo', email: 'marisol@example.org', partner_id: p.id, title: 'Housing organiser' });
  const i = await t.api('staff', 'POST', `/api/v1/partners/${p.id}/interactions`,
    { occurred_on: '2025-04-04', type: 'presentation', summary: 'Explained the zeppelinian ballot drop boxes',
      partner_gave: 'Translated flyers' });
  const s = (qs) => t.api('viewer', 'GET', `/api/v1/search?${qs}`);
  let r = await s('q=okonkwo');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.items.map((x) => [x.entity, x.id]), [['contact', c.id]]);
  assert.equal(r.body.items[0].title, 'Marisol Okonkwo');
  r = await s('q=quillfeather&type=contact');
  assert.deepEqual(r.body.items.map((x) => x.id), [c.id], 'a contact is found by the partner name');
  r = await s('q=zeppelinian');
  assert.deepEqual(r.body.items.map((x) => [x.entity, x.id]), [['interaction', i.body.id]]);
  assert.match(r.body.items[0].title, /Quillfeather Tenants Union: 2025-04-04 presentation/);
  r = await s('q=quillfeather&type=partner');
  assert.deepEqual(r.body.items.map((x) => x.id), [p.id]);
  // Edits reindex; deletes remove.
  await t.api('staff', 'PATCH', `/api/v1/interactions/${i.body.id}`, { summary: 'Explained mail ballots', version: 1 });
  assert.deepEqual((await s('q=zeppelinian')).body.items, []);
  await t.api('director', 'DELETE', `/api/v1/contacts/${c.id}`);
  assert.deepEqual((await s('q=okonkwo')).body.items, []);
  // Odd queries answer with nothing, never an error.
  for (const q of ['', '%22%2A%28%29', 'AND%20OR%20NOT', '%E2%80%94', 'a%22b'])
    assert.equal((await s(`q=${q}`)).status, 200, q);
  assert.deepEqual((await s('q=')).body.items, []);
  assert.deepEqual((await s('q=%2A%2A%2A')).body.items, []);
  assert.equal((await s(`q=${'a'.repeat(201)}`)).status, 422);
  assert.equal((await s('q=x&type=user')).status, 422);
  assert.equal((await s('q=x&limit=51')).status, 422);
  assert.equal((await s('q=%FF%FE')).status, 422);
  // Removing a partner removes its interactions from search too.
  await t.api('director', 'DELETE', `/api/v1/partners/${p.id}`);
  assert.deepEqual((await s('q=flyers')).body.items, []);
});

test('every registry change is audited in its own transaction, with before and after', async () => {
  const g = await t.api('coordinator', 'POST', '/api/v1/demographic-groups', { name: 'Audited group' });
  await t.api('coordinator', 'PATCH', `/api/v1/demographic-groups/${g.body.id}`, { notes: 'n', version: 1 });
  await t.api('coordinator', 'DELETE', `/api/v1/demographic-groups/${g.body.id}`);
  await assertAudit('demographic_group', g.body.id, ['create|0|1', 'update|1|1', 'delete|1|0']);
  const p = await partner();
  const c = await contact({ full_name: 'Audited Person', partner_id: p.id });
  await t.api('staff', 'POST', `/api/v1/contacts/${c.id}/verify`, { status: 'bounced' });
  const aff = await t.api('staff', 'POST', `/api/v1/contacts/${c.id}/affiliations`, { partner_id: p.id, title: 'Second hat' });
  await t.api('staff', 'PATCH', `/api/v1/contacts/${c.id}/affiliations/${aff.body.id}`, { ended_on: '2026-01-01', version: 1 });
  await assertAudit('contact', c.id, ['create|0|1', 'verify|1|1']);
  await assertAudit('affiliation', aff.body.id, ['create|0|1', 'update|1|1']);
  await t.api('coordinator', 'PUT', `/api/v1/partners/${p.id}/liaisons/primary`, { user_id: userId('staff') });
  await t.api('coordinator', 'DELETE', `/api/v1/partners/${p.id}/liaisons/primary`);
  await assertAudit('partner_liaisons', p.id, ['update|1|1', 'update|1|1']);
  const i = await t.api('staff', 'POST', `/api/v1/partners/${p.id}/interactions`, { occurred_on: '2025-01-01', type: 'email', summary: 'a', follow_up_on: '2025-02-01' });
  await t.api('staff', 'POST', `/api/v1/interactions/${i.body.id}/follow-up-done`);
  await t.api('staff', 'PATCH', `/api/v1/interactions/${i.body.id}`, { summary: 'b', version: 2 });
  await t.api('director', 'DELETE', `/api/v1/interactions/${i.body.id}`);
  await assertAudit('interaction', i.body.id, ['create|0|1', 'update|1|1', 'update|1|1', 'delete|1|0']);
  // A refused write leaves nothing behind: no interaction, no audit entry.
  const newest = async () => (await t.api('director', 'GET', '/api/v1/audit?limit=1')).body.items[0].id;
  const timeline = async () => (await t.api('viewer', 'GET', `/api/v1/partners/${p.id}/interactions`)).body.items.length;
  const before = [await newest(), await timeline()];
  const bad = await t.api('staff', 'POST', `/api/v1/partners/${p.id}/interactions`, { occurred_on: '2025-01-01', type: 'email', summary: 'x', contact_ids: [c.id, 999999] });
  assert.equal(bad.status, 422);
  assert.deepEqual([await newest(), await timeline()], before);
});

test('malformed bodies: invalid JSON and invalid UTF-8 get 400, a non-object 400', async () => {
  for (const path of ['/api/v1/contacts', '/api/v1/demographic-groups']) {
    const who = path.includes('groups') ? 'coordinator' : 'staff';
    const bad = await t.api(who, 'POST', path, undefined, { raw: '{"full_name": ', headers: { 'Content-Type': 'application/json' } });
    assert.equal(bad.status, 400, path);
    const utf = await t.api(who, 'POST', path, undefined, {
      raw: Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
      headers: { 'Content-Type': 'application/json' } });
    assert.equal(utf.status, 400, path);
    const arr = await t.api(who, 'POST', path, [1, 2]);
    assert.equal(arr.status, 400, path);
  }
});
