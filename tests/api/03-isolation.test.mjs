// 03-isolation: one office never reads, changes or links to another office's
// registry records (partners, contacts, affiliations, groups, liaisons,
// interactions, follow-ups, search), and every write route of the registry
// refuses bad input the same way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let t;
const A = {};   // office 0's records
const o1 = (role) => ({ office: 1, role });

async function ok(r, status = 201) {
  assert.equal(r.status, status, r.text);
  return r.body;
}

before(async () => {
  t = await startServer();
  A.group = await ok(await t.api('coordinator', 'POST', '/api/v1/demographic-groups', { name: 'Isolation Group Zero' }));
  A.partner = await ok(await t.api('coordinator', 'POST', '/api/v1/partners',
    { name: 'Xylophonic Partner Zero', kind: 'institutional', subtype: 'media', demographic_group_ids: [A.group.id] }));
  A.contact = await ok(await t.api('staff', 'POST', '/api/v1/contacts',
    { full_name: 'Xylophonic Person Zero', email: 'zero@example.org', partner_id: A.partner.id, title: 'Editor' }));
  A.aff = A.contact.affiliations[0];
  A.interaction = await ok(await t.api('staff', 'POST', `/api/v1/partners/${A.partner.id}/interactions`,
    { occurred_on: '2025-01-02', type: 'media_interview', summary: 'Xylophonic interview',
      follow_up_on: '2030-01-01', contact_ids: [A.contact.id] }));
  await ok(await t.api('coordinator', 'PUT', `/api/v1/partners/${A.partner.id}/liaisons/primary`,
    { user_id: t.users[0].staff.id }), 200);
  // Office 1's own records, to aim cross-office references from.
  A.p1 = await ok(await t.api(o1('coordinator'), 'POST', '/api/v1/partners', { name: 'Partner One', kind: 'institutional', subtype: 'media' }));
  A.c1 = await ok(await t.api(o1('staff'), 'POST', '/api/v1/contacts', { full_name: 'Person One' }));
});
after(async () => { await t.stop(); });

test('reads, edits and deletes of another office\'s ids answer 404', async () => {
  const p = A.partner.id, c = A.contact.id, i = A.interaction.id, g = A.group.id;
  const calls = [
    ['GET', `/api/v1/partners/${p}`], ['PATCH', `/api/v1/partners/${p}`, { notes: 'x', version: 1 }],
    ['DELETE', `/api/v1/partners/${p}`], ['GET', `/api/v1/partners/${p}/status-history`],
    ['PUT', `/api/v1/partners/${p}/vetting/legal`, { outcome: 'passed' }],
    ['GET', `/api/v1/partners/${p}/contacts`], ['GET', `/api/v1/partners/${p}/liaisons`],
    ['PUT', `/api/v1/partners/${p}/liaisons/backup`, { user_id: t.users[1].staff.id }],
    ['DELETE', `/api/v1/partners/${p}/liaisons/primary`],
    ['GET', `/api/v1/partners/${p}/interactions`],
    ['POST', `/api/v1/partners/${p}/interactions`, { occurred_on: '2025-01-01', type: 'call', summary: 's' }],
    ['GET', `/api/v1/contacts/${c}`], ['PATCH', `/api/v1/contacts/${c}`, { notes: 'x', version: 1 }],
    ['DELETE', `/api/v1/contacts/${c}`], ['POST', `/api/v1/contacts/${c}/verify`, { status: 'bounced' }],
    ['POST', `/api/v1/contacts/${c}/affiliations`, { partner_id: A.p1.id }],
    ['PATCH', `/api/v1/contacts/${c}/affiliations/${A.aff.id}`, { ended_on: '2025-01-01', version: 1 }],
    ['PATCH', `/api/v1/contacts/${A.c1.id}/affiliations/${A.aff.id}`, { ended_on: '2025-01-01', version: 1 }],
    ['POST', `/api/v1/contacts/${c}/merge`, { from_id: A.c1.id }],
    ['GET', `/api/v1/interactions/${i}`], ['PATCH', `/api/v1/interactions/${i}`, { summary: 'x', version: 1 }],
    ['DELETE', `/api/v1/interactions/${i}`], ['POST', `/api/v1/interactions/${i}/follow-up-done`],
    ['GET', `/api/v1/demographic-groups/${g}`], ['PATCH', `/api/v1/demographic-groups/${g}`, { notes: 'x', version: 1 }],
    ['DELETE', `/api/v1/demographic-groups/${g}`],
  ];
  for (const [method, path, body] of calls) {
    const r = await t.api(o1('director'), method, path, body);
    assert.equal(r.status, 404, `${method} ${path}: ${r.text}`);
    assert.equal(r.body.error.code, 'not_found');
  }
  // Nothing of office 0 changed.
  const p0 = (await t.api('viewer', 'GET', `/api/v1/partners/${p}`)).body;
  assert.equal(p0.version, A.partner.version);
  assert.equal(p0.vetting.legal.outcome, 'pending');
  assert.deepEqual(p0.liaisons.map((x) => x.user_id), [t.users[0].staff.id]);
  const c0 = (await t.api('viewer', 'GET', `/api/v1/contacts/${c}`)).body;
  assert.equal(c0.version, 1);
  assert.equal(c0.verify_status, 'unverified');
  assert.deepEqual(c0.affiliations.map((x) => [x.id, x.ended_on, x.version]), [[A.aff.id, null, 1]]);
  const i0 = (await t.api('viewer', 'GET', `/api/v1/interactions/${i}`)).body;
  assert.equal(i0.version, 1);
  assert.equal(i0.follow_up_done_at, null);
  assert.equal((await t.api('viewer', 'GET', `/api/v1/demographic-groups/${g}`)).body.version, 1);
  assert.equal((await t.api(o1('coordinator'), 'GET', `/api/v1/contacts/${A.c1.id}`)).body.affiliations.length, 0);
});

test('another office\'s records never appear in lists, follow-ups or search', async () => {
  const lists = ['/api/v1/partners?limit=200', '/api/v1/contacts?limit=200', '/api/v1/demographic-groups',
    '/api/v1/follow-ups?limit=200&include_done=true', `/api/v1/contacts?partner_id=${A.partner.id}`,
    '/api/v1/contacts?q=Xylophonic'];
  const ours = new Set([A.partner.id, A.contact.id, A.interaction.id, A.group.id]);
  for (const path of lists) {
    const r = await t.api(o1('viewer'), 'GET', path);
    assert.equal(r.status, 200, path);
    for (const item of r.body.items) {
      assert.ok(!(ours.has(item.id) && /Xylophonic|Isolation/.test(JSON.stringify(item))), `${path} leaked ${JSON.stringify(item)}`);
      assert.doesNotMatch(JSON.stringify(item), /Xylophonic|Isolation Group Zero/, path);
    }
  }
  const s = await t.api(o1('viewer'), 'GET', '/api/v1/search?q=xylophonic');
  assert.equal(s.status, 200);
  assert.deepEqual(s.body.items, []);
  for (const type of ['partner', 'contact', 'interaction'])
    assert.deepEqual((await t.api(o1('viewer'), 'GET', `/api/v1/search?q=xylophonic&type=${type}`)).body.items, []);
  // The owner does find them, so the search above was a real one.
  const own = await t.api('viewer', 'GET', '/api/v1/search?q=xylophonic');
  assert.deepEqual(own.body.items.map((x) => x.entity).sort(), ['contact', 'interaction', 'partner']);
});

test('ids of another office in body fields are refused with 422 validation.reference', async () => {
  const u0 = t.users[0].staff.id;
  const cases = [
    ['coordinator', 'POST', '/api/v1/partners', { name: 'Ref', kind: 'institutional', subtype: 'media', demographic_group_ids: [A.group.id] }, 'demographic_group_ids'],
    ['coordinator', 'PATCH', `/api/v1/partners/${A.p1.id}`, { demographic_group_ids: [A.group.id], version: A.p1.version }, 'demographic_group_ids'],
    ['staff', 'POST', '/api/v1/contacts', { full_name: 'Ref', partner_id: A.partner.id }, 'partner_id'],
    ['staff', 'POST', `/api/v1/contacts/${A.c1.id}/affiliations`, { partner_id: A.partner.id }, 'partner_id'],
    ['coordinator', 'POST', `/api/v1/contacts/${A.c1.id}/merge`, { from_id: A.contact.id }, 'from_id'],
    ['coordinator', 'PUT', `/api/v1/partners/${A.p1.id}/liaisons/primary`, { user_id: u0 }, 'user_id'],
    ['staff', 'POST', `/api/v1/partners/${A.p1.id}/interactions`, { occurred_on: '2025-01-01', type: 'call', summary: 's', contact_ids: [A.contact.id] }, 'contact_ids'],
    ['staff', 'POST', `/api/v1/partners/${A.p1.id}/interactions`, { occurred_on: '2025-01-01', type: 'call', summary: 's', staff_user_ids: [u0] }, 'staff_user_ids'],
    ['staff', 'POST', `/api/v1/partners/${A.p1.id}/interactions`, { occurred_on: '2025-01-01', type: 'call', summary: 's', follow_up_on: '2030-01-01', follow_up_owner: u0 }, 'follow_up_owner'],
  ];
  for (const [role, method, path, body, field] of cases) {
    const r = await t.api(o1(role), method, path, body);
    assert.equal(r.status, 422, `${method} ${path} ${field}: ${r.text}`);
    assert.equal(r.body.error.code, 'validation.reference', `${method} ${path}`);
    assert.equal(r.body.error.field, field);
  }
  // An interaction of office 1 cannot be edited to link office 0's people either.
  const mine = await ok(await t.api(o1('staff'), 'POST', `/api/v1/partners/${A.p1.id}/interactions`,
    { occurred_on: '2025-01-01', type: 'call', summary: 'ours' }));
  const r = await t.api(o1('staff'), 'PATCH', `/api/v1/interactions/${mine.id}`, { contact_ids: [A.contact.id], version: 1 });
  assert.equal(r.body.error.code, 'validation.reference');
  // Nothing was written: office 1 has no new partner named Ref, no contact Ref.
  const names = (await t.api(o1('viewer'), 'GET', '/api/v1/contacts?q=Ref')).body.items;
  assert.deepEqual(names, []);
  // Duplicate checks are per office: office 1 may use office 0's email and group name, and learns nothing.
  const dupEmail = await t.api(o1('staff'), 'POST', '/api/v1/contacts', { full_name: 'Zero Twin', email: 'ZERO@example.org' });
  assert.equal(dupEmail.status, 201, dupEmail.text);
  const dupGroup = await t.api(o1('coordinator'), 'POST', '/api/v1/demographic-groups', { name: 'Isolation Group Zero' });
  assert.equal(dupGroup.status, 201, dupGroup.text);
});

// Every write route of the registry, with a valid body, for the bad-input table below.
function writeRoutes() {
  return [
    { name: 'group create', role: 'coordinator', method: 'POST', path: '/api/v1/demographic-groups', body: { name: 'G' }, enumField: ['category', 'religion'], typeField: ['population_share', 'half'], required: 'name' },
    { name: 'group edit', role: 'coordinator', method: 'PATCH', path: `/api/v1/demographic-groups/${A.group.id}`, body: { version: 1 }, enumField: ['category', 'religion'], typeField: ['name', 7], stale: true },
    { name: 'contact create', role: 'staff', method: 'POST', path: '/api/v1/contacts', body: { full_name: 'Bad Input' }, typeField: ['full_name', ['x']], required: 'full_name' },
    { name: 'contact edit', role: 'staff', method: 'PATCH', path: `/api/v1/contacts/${A.contact.id}`, body: { version: 1 }, typeField: ['email', 12], stale: true },
    { name: 'verify', role: 'staff', method: 'POST', path: `/api/v1/contacts/${A.contact.id}/verify`, body: {}, enumField: ['status', 'maybe'], typeField: ['status', true], required: 'status' },
    { name: 'affiliation add', role: 'staff', method: 'POST', path: `/api/v1/contacts/${A.contact.id}/affiliations`, body: { partner_id: A.partner.id }, typeField: ['started_on', 20250101], required: 'partner_id' },
    { name: 'affiliation edit', role: 'staff', method: 'PATCH', path: `/api/v1/contacts/${A.contact.id}/affiliations/${A.aff.id}`, body: { version: 1 }, typeField: ['ended_on', 'last week'], stale: true },
    { name: 'merge', role: 'coordinator', method: 'POST', path: `/api/v1/contacts/${A.contact.id}/merge`, body: {}, typeField: ['from_id', 'two'], required: 'from_id' },
    { name: 'liaison', role: 'coordinator', method: 'PUT', path: `/api/v1/partners/${A.partner.id}/liaisons/backup`, body: {}, typeField: ['user_id', '5'], required: 'user_id' },
    { name: 'interaction create', role: 'staff', method: 'POST', path: `/api/v1/partners/${A.partner.id}/interactions`, body: { occurred_on: '2025-01-01', type: 'call', summary: 's' }, enumField: ['type', 'lunch'], typeField: ['contact_ids', 'all'], required: 'summary' },
    { name: 'interaction edit', role: 'staff', method: 'PATCH', path: `/api/v1/interactions/${A.interaction.id}`, body: { version: 1 }, enumField: ['direction', 'up'], typeField: ['follow_up_owner', 'me'], stale: true },
  ];
}

test('bad input on every registry write: unknown fields, enums, types, required, stale versions, invalid UTF-8', async () => {
  for (const w of writeRoutes()) {
    const send = (body, opts) => t.api(w.role, w.method, w.path, body, opts);
    let r = await send({ ...w.body, surprise: 1 });
    assert.equal(r.status, 422, `${w.name} unknown field: ${r.text}`);
    assert.ok(r.body.error.details.some((d) => d.field === 'surprise' && d.code === 'validation.unknown_field'), w.name);
    if (w.enumField) {
      r = await send({ ...w.body, [w.enumField[0]]: w.enumField[1] });
      assert.equal(r.status, 422, `${w.name} enum`);
      assert.equal(r.body.error.code, 'validation.enum', w.name);
    }
    r = await send({ ...w.body, [w.typeField[0]]: w.typeField[1] });
    assert.equal(r.status, 422, `${w.name} type: ${r.text}`);
    assert.equal(r.body.error.field, w.typeField[0], w.name);
    assert.match(r.body.error.code, /^validation\.(type|date)$/, w.name);
    if (w.required) {
      const body = { ...w.body };
      delete body[w.required];
      r = await send(body);
      assert.equal(r.status, 422, `${w.name} required`);
      assert.ok(r.body.error.details.some((d) => d.field === w.required && d.code === 'validation.required'), w.name);
    }
    if (w.stale) {
      r = await send({ ...w.body, version: 99 });
      assert.equal(r.status, 409, `${w.name} stale`);
      assert.equal(r.body.error.code, 'conflict.version');
      assert.ok(r.body.error.current, w.name);
    }
    r = await send(undefined, { raw: Buffer.from('{"notes":"\xff\xfe"}', 'latin1'), headers: { 'Content-Type': 'application/json' } });
    assert.equal(r.status, 400, `${w.name} invalid UTF-8`);
    r = await send(undefined, { raw: '{"notes": tru', headers: { 'Content-Type': 'application/json' } });
    assert.equal(r.status, 400, `${w.name} malformed JSON`);
  }
  // None of that changed office 0's records.
  assert.equal((await t.api('viewer', 'GET', `/api/v1/contacts/${A.contact.id}`)).body.version, 1);
  assert.equal((await t.api('viewer', 'GET', `/api/v1/interactions/${A.interaction.id}`)).body.version, 1);
  assert.equal((await t.api('viewer', 'GET', `/api/v1/demographic-groups/${A.group.id}`)).body.version, 1);
});
