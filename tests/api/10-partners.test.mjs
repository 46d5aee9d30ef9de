// 10-partners: the partner registry's behaviour and what bad input gets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let t;
before(async () => { t = await startServer(); });
after(async () => { await t.stop(); });

const base = { name: 'Riverside Library', kind: 'intra_governmental', subtype: 'library' };

async function create(body = base, who = 'coordinator') {
  const r = await t.api(who, 'POST', '/api/v1/partners', body);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

test('create returns the whole partner with pending vetting and a status history', async () => {
  const p = await create({ ...base, languages: ['es', 'vi'], shared_goals: ['Reach new citizens'], tags: ['north'], website: 'https://lib.example.org', cadence_days: 60 });
  assert.equal(p.status, 'prospect');
  assert.equal(p.version, 1);
  assert.deepEqual(p.languages, ['es', 'vi']);
  assert.equal(p.vetting.legal.outcome, 'pending');
  assert.equal(p.vetting.operational.outcome, 'pending');
  const h = await t.api('viewer', 'GET', `/api/v1/partners/${p.id}/status-history`);
  assert.equal(h.status, 200);
  assert.equal(h.body.items.length, 1);
  assert.equal(h.body.items[0].to_status, 'prospect');
});

test('a partner becomes active only after both reviews pass, through sensible moves', async () => {
  const p = await create({ ...base, name: 'Vetting Path Org' });
  let r = await t.api('coordinator', 'PATCH', `/api/v1/partners/${p.id}`, { status: 'active', version: 1 });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.code, 'validation.status_transition');
  r = await t.api('coordinator', 'PATCH', `/api/v1/partners/${p.id}`, { status: 'vetting', version: 1 });
  assert.equal(r.status, 200);
  r = await t.api('coordinator', 'PATCH', `/api/v1/partners/${p.id}`, { status: 'active', version: 2 });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.code, 'validation.vetting_required');
  for (const aspect of ['legal', 'operational']) {
    r = await t.api('coordinator', 'PUT', `/api/v1/partners/${p.id}/vetting/${aspect}`, { outcome: 'passed', notes: 'ok' });
    assert.equal(r.status, 200);
    assert.equal(r.body.vetting[aspect].decided_by_name, 'coordinator 0');
  }
  r = await t.api('coordinator', 'PATCH', `/api/v1/partners/${p.id}`, { status: 'active', version: r.body.version, status_note: 'MOU signed' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'active');
  const h = await t.api('viewer', 'GET', `/api/v1/partners/${p.id}/status-history`);
  assert.deepEqual(h.body.items.map((x) => x.to_status), ['prospect', 'vetting', 'active']);
  assert.equal(h.body.items[2].note, 'MOU signed');
  const bad = await t.api('coordinator', 'PUT', `/api/v1/partners/${p.id}/vetting/financial`, { outcome: 'passed' });
  assert.equal(bad.status, 404);
});

test('a stale version gets 409 with the current record, and nothing changes', async () => {
  const p = await create({ ...base, name: 'Concurrency Org' });
  const a = await t.api('coordinator', 'PATCH', `/api/v1/partners/${p.id}`, { notes: 'first', version: 1 });
  assert.equal(a.status, 200);
  const b = await t.api('coordinator', 'PATCH', `/api/v1/partners/${p.id}`, { notes: 'second', version: 1 });
  assert.equal(b.status, 409);
  assert.equal(b.body.error.code, 'conflict.version');
  assert.equal(b.body.error.current.notes, 'first');
  const missing = await t.api('coordinator', 'PATCH', `/api/v1/partners/${p.id}`, { notes: 'third' });
  assert.equal(missing.status, 422);
  assert.equal(missing.body.error.field, 'version');
  const now = await t.api('viewer', 'GET', `/api/v1/partners/${p.id}`);
  assert.equal(now.body.notes, 'first');
  assert.equal(now.body.version, 2);
});

test('bad input names every field at fault and writes nothing', async () => {
  const before = (await t.api('viewer', 'GET', '/api/v1/partners?limit=200')).body.items.length;
  const cases = [
    [{ ...base, kind: 'government' }, 'kind', 'validation.enum'],
    [{ ...base, subtype: 'church' }, 'subtype', 'validation.enum'],
    [{ ...base, name: 42 }, 'name', 'validation.type'],
    [{ ...base, name: '   ' }, 'name', 'validation.required'],
    [{ kind: 'institutional', subtype: 'media' }, 'name', 'validation.required'],
    [{ ...base, name: 'x'.repeat(201) }, 'name', 'validation.length'],
    [{ ...base, website: 'javascript:alert(1)' }, 'website', 'validation.url'],
    [{ ...base, languages: ['Spanish'] }, 'languages', 'validation.language'],
    [{ ...base, tags: 'north' }, 'tags', 'validation.type'],
    [{ ...base, cadence_days: 1 }, 'cadence_days', 'validation.range'],
    [{ ...base, demographic_group_ids: [999999] }, 'demographic_group_ids', 'validation.reference'],
    [{ ...base, status: 'active' }, 'status', 'validation.status'],
    [{ ...base, kind: 'intra_governmental', subtype: 'media' }, 'subtype', 'validation.subtype_kind'],
    [{ ...base, colour: 'blue' }, 'colour', 'validation.unknown_field'],
  ];
  for (const [body, field, code] of cases) {
    const r = await t.api('coordinator', 'POST', '/api/v1/partners', body);
    assert.equal(r.status, 422, `${field}: ${r.text}`);
    const d = r.body.error.details.find((e) => e.field === field);
    assert.ok(d, `${field} named in ${r.text}`);
    assert.equal(d.code, code, field);
    assert.ok(d.message.length > 10);
  }
  const multi = await t.api('coordinator', 'POST', '/api/v1/partners', { name: '', kind: 'x', subtype: 'y' });
  assert.equal(multi.body.error.details.length, 3);
  const after = (await t.api('viewer', 'GET', '/api/v1/partners?limit=200')).body.items.length;
  assert.equal(after, before);
});

test('malformed, mistyped, oversized and non-UTF-8 bodies get the right status', async () => {
  const tok = t.tokens[0].coordinator;
  const post = (raw, type = 'application/json') => t.request('POST', '/api/v1/partners', { token: tok, raw, headers: { 'Content-Type': type } });
  let r = await post('{"name": "x",');
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'request.malformed_json');
  r = await post('[1,2]');
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'request.not_object');
  r = await post('{"name":"a","name":"b","kind":"institutional","subtype":"media"}');
  assert.equal(r.status, 400);   // duplicate keys are ambiguous
  r = await post('name=x', 'application/x-www-form-urlencoded');
  assert.equal(r.status, 415);
  r = await post(Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'request.invalid_utf8');
  r = await post(JSON.stringify({ ...base, notes: 'x'.repeat(2 * 1024 * 1024) }));
  assert.equal(r.status, 413);
  r = await post('{"name":"nul\\u0000byte","kind":"institutional","subtype":"media"}');
  assert.equal(r.status, 400);
  assert.equal((await t.api('viewer', 'GET', '/api/v1/partners/abc')).status, 404);
  assert.equal((await t.api('viewer', 'GET', '/api/v1/partners/-1')).status, 404);
  assert.equal((await t.api('viewer', 'GET', '/api/v1/partners/99999999999999999999')).status, 404);
});

test('list filters, sorts and pages with an opaque cursor', async () => {
  for (const n of ['Alpha Media', 'Bravo Media', 'Charlie Media', 'Delta Media', 'Echo Media']) {
    await create({ name: n, kind: 'institutional', subtype: 'media', tags: ['press'] });
  }
  const seen = [];
  let cursor = null;
  for (let i = 0; i < 5; i++) {
    const q = `/api/v1/partners?kind=institutional&subtype=media&sort=name&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
    const r = await t.api('viewer', 'GET', q);
    assert.equal(r.status, 200);
    seen.push(...r.body.items.map((p) => p.name));
    cursor = r.body.next_cursor;
    if (!cursor) break;
  }
  assert.deepEqual(seen, ['Alpha Media', 'Bravo Media', 'Charlie Media', 'Delta Media', 'Echo Media']);
  const desc = await t.api('viewer', 'GET', '/api/v1/partners?subtype=media&sort=-name&limit=1');
  assert.equal(desc.body.items[0].name, 'Echo Media');
  const tagged = await t.api('viewer', 'GET', '/api/v1/partners?tag=press&limit=200');
  assert.equal(tagged.body.items.length, 5);
  for (const [q, field] of [['kind=nope', 'kind'], ['limit=0', 'limit'], ['limit=201', 'limit'], ['cursor=garbage', 'cursor'], ['sort=colour', 'sort'], ['group_id=x', 'group_id']]) {
    const r = await t.api('viewer', 'GET', `/api/v1/partners?${q}`);
    assert.equal(r.status, 422, q);
    assert.equal(r.body.error.field, field);
  }
});

test('every change is in the audit log with before and after', async () => {
  const p = await create({ ...base, name: 'Audited Org' });
  await t.api('coordinator', 'PATCH', `/api/v1/partners/${p.id}`, { notes: 'changed', version: 1 });
  const { execFileSync } = await import('node:child_process');
  if (process.env.RAPPORT_TEST_PG) return;   // the rows are checked through the API once it exists
  const out = execFileSync('sqlite3', [t.db, `SELECT action, before_json IS NULL, json_extract(after_json, '$.notes') FROM audit_log WHERE entity = 'partner' AND entity_id = ${p.id} ORDER BY id`], { encoding: 'utf8' });
  assert.deepEqual(out.trim().split('\n'), ['create|1|', 'update|0|changed']);
});

test('renaming a partner re-indexes its contacts and interactions for search', async () => {
  const p = await create({ ...base, name: 'Oldname Grange' });
  const c = await t.api('staff', 'POST', '/api/v1/contacts', { full_name: 'Rosa Quintero', partner_id: p.id, title: 'Director' });
  assert.equal(c.status, 201, c.text);
  await t.api('coordinator', 'PATCH', `/api/v1/partners/${p.id}`, { name: 'Newname Grange', version: 1 });
  const hits = await t.api('viewer', 'GET', '/api/v1/search?q=Newname&type=contact');
  assert.equal(hits.status, 200);
  assert.ok(hits.body.items.some((h) => h.id === c.body.id), JSON.stringify(hits.body));
  const stale = await t.api('viewer', 'GET', '/api/v1/search?q=Oldname&type=contact');
  assert.ok(!stale.body.items.some((h) => h.id === c.body.id));
});

// The tag filter is one LIKE on the tags column; SQLite's LIKE ignores ASCII
// case and PostgreSQL's does not, so both stores must get the same answer
// from the same request (make api runs this on SQLite, make check-pg on
// PostgreSQL).
test('the tag filter ignores ASCII case, matches whole tags only, and takes wildcards literally, on both stores', async () => {
  const mk = (name, tags) => create({ name, kind: 'institutional', subtype: 'faith_group', tags });
  const a = await mk('Tagcase Alpha', ['Early Voting']);
  const b = await mk('Tagcase Bravo', ['early voting', 'Vote']);
  const c = await mk('Tagcase Charlie', ['100%_sure']);
  const d = await mk('Tagcase Delta', ['100xysure', 'Voter']);
  const e = await mk('Tagcase Echo', ['say "hi"\\there']);
  const ids = async (tag) => {
    const r = await t.api('viewer', 'GET', `/api/v1/partners?subtype=faith_group&limit=200&tag=${encodeURIComponent(tag)}`);
    assert.equal(r.status, 200, r.text);
    return r.body.items.map((p) => p.id).sort((x, y) => x - y);
  };
  for (const tag of ['early voting', 'EARLY VOTING', 'Early Voting', 'eArLy VoTiNg'])
    assert.deepEqual(await ids(tag), [a.id, b.id], tag);
  assert.deepEqual(await ids('vote'), [b.id]);            // not "Voter", not "Early Voting"
  assert.deepEqual(await ids('VOTER'), [d.id]);
  assert.deepEqual(await ids('early'), []);               // a whole tag, not a word of one
  assert.deepEqual(await ids('100%_sure'), [c.id]);       // % and _ are not wildcards
  assert.deepEqual(await ids('100%'), []);
  assert.deepEqual(await ids('100__sure'), []);
  assert.deepEqual(await ids('%'), []);
  assert.deepEqual(await ids('say "hi"\\there'), [e.id]); // quotes and backslashes as typed
  assert.deepEqual(await ids('SAY "HI"\\THERE'), [e.id]);
  // The other office's identically tagged partner never shows.
  const other = await t.api({ office: 1, role: 'coordinator' }, 'POST', '/api/v1/partners',
    { name: 'Tagcase Foreign', kind: 'institutional', subtype: 'faith_group', tags: ['Early Voting'] });
  assert.equal(other.status, 201, other.text);
  assert.deepEqual(await ids('early voting'), [a.id, b.id]);
  // A tag that is not UTF-8 is refused, not ignored.
  const bad = await t.api('viewer', 'GET', '/api/v1/partners?tag=%c0%af');
  assert.equal(bad.status, 422, bad.text);
  assert.equal(bad.body.error.field, 'tag');
});
