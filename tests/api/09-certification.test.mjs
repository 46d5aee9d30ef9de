// 09-certification: the evidence packet: built from the office's records,
// frozen, drafts edited with the drafted text kept, downloads, roles, isolation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib.mjs';

let t;
before(async () => {
  t = await startServer();
  const groups = (await t.api('viewer', 'GET', '/api/v1/demographic-groups')).body.items;
  const spanish = groups.find((g) => g.name.startsWith('Spanish')).id;
  const mk = async (body) => (await t.api('coordinator', 'POST', '/api/v1/partners', body)).body;
  const lib = await mk({ name: 'Juniper Library <script>', kind: 'intra_governmental', subtype: 'library', demographic_group_ids: [spanish], status: 'vetting' });
  for (const aspect of ['legal', 'operational']) await t.api('coordinator', 'PUT', `/api/v1/partners/${lib.id}/vetting/${aspect}`, { outcome: 'passed' });
  const cur = (await t.api('viewer', 'GET', `/api/v1/partners/${lib.id}`)).body;
  await t.api('coordinator', 'PATCH', `/api/v1/partners/${lib.id}`, { status: 'active', version: cur.version });
  await mk({ name: 'Valley News', kind: 'institutional', subtype: 'media' });
  await t.api('staff', 'POST', `/api/v1/partners/${lib.id}/interactions`, { occurred_on: '2026-03-05', type: 'tour', direction: 'office_gave', summary: 'Tour of the tabulation center' });
  await t.api('staff', 'POST', `/api/v1/partners/${lib.id}/interactions`, { occurred_on: '2026-03-20', type: 'meeting', direction: 'both', summary: 'Planning' });
  await t.api('staff', 'POST', `/api/v1/partners/${lib.id}/interactions`, { occurred_on: '2025-01-20', type: 'call', direction: 'partner_gave', summary: 'Outside the period' });
});
after(async () => { await t.stop(); });

function blocks(doc, sectionId) {
  return doc.sections.find((s) => s.id === sectionId).blocks;
}

test('a packet is built from the records and frozen', async () => {
  const r = await t.api('director', 'POST', '/api/v1/certification/packets', { from: '2025-12-01', to: '2026-11-30' });
  assert.equal(r.status, 201, r.text);
  const doc = r.body.document;
  assert.match(doc.subtitle, /2025-12-01 to 2026-11-30/);
  const b = blocks(doc, 'relationships');
  const kinds = b.find((x) => x.type === 'table');
  const lib = kinds.rows.find((row) => row[1] === 'Library');
  assert.deepEqual(lib, ['Local government', 'Library', 1, 0, 0, 1]);
  const media = kinds.rows.find((row) => row[1] === 'Media');
  assert.deepEqual(media, ['Institution', 'Media', 0, 1, 0, 1]);
  const reach = b.filter((x) => x.type === 'table')[1];
  assert.equal(reach.rows.find((row) => row[0].startsWith('Spanish'))[2], 1);
  const bars = b.find((x) => x.type === 'bars');
  assert.deepEqual(bars.labels, ['2026-03']);           // the 2025-01 call is outside the period
  assert.deepEqual(bars.series[0].values, [2]);        // office gave: tour + both
  assert.deepEqual(bars.series[1].values, [1]);        // partner gave: both
  // frozen: later changes do not alter the packet
  await t.api('coordinator', 'POST', '/api/v1/partners', { name: 'Late Org', kind: 'institutional', subtype: 'media' });
  const again = await t.api('director', 'GET', `/api/v1/certification/packets/${r.body.id}`);
  assert.deepEqual(again.body.document, doc);
});

test('downloads: print HTML escapes everything, PDF and ZIP are real files', async () => {
  const p = (await t.api('director', 'POST', '/api/v1/certification/packets', { from: '2026-01-01', to: '2026-12-31' })).body;
  const html = await t.api('director', 'GET', `/api/v1/certification/packets/${p.id}/html`);
  assert.equal(html.status, 200);
  assert.match(html.headers.get('content-type'), /text\/html/);
  assert.match(html.headers.get('content-security-policy'), /style-src 'sha256-/);
  assert.ok(!html.text.includes('<script>'), 'no raw script from data');
  assert.match(html.text, /@media print/);
  const pdf = await fetch(`${t.url}/api/v1/certification/packets/${p.id}/pdf`, { headers: { Authorization: `Bearer ${t.tokens[0].director}` } });
  assert.equal(pdf.status, 200);
  const bytes = Buffer.from(await pdf.arrayBuffer());
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  const zip = await fetch(`${t.url}/api/v1/certification/packets/${p.id}/zip`, { headers: { Authorization: `Bearer ${t.tokens[0].director}` } });
  const zb = Buffer.from(await zip.arrayBuffer());
  assert.equal(zb.readUInt32LE(0), 0x04034b50);        // a ZIP local file header
  assert.ok(zb.includes(Buffer.from('manifest.txt')));
  assert.equal((await t.api('director', 'GET', `/api/v1/certification/packets/${p.id}/docx`)).status, 404);
});

test('drafts: edits are kept beside the drafted text; stale versions and unknown keys refused', async () => {
  const p = (await t.api('director', 'POST', '/api/v1/certification/packets', { from: '2026-01-01', to: '2026-12-31' })).body;
  const keys = Object.keys(p.drafts);
  if (keys.length === 0) {
    const r = await t.api('director', 'PATCH', `/api/v1/certification/packets/${p.id}/drafts`, { drafts: { nothing: 'x' }, version: p.version });
    assert.equal(r.status, 422);
    assert.equal(r.body.error.code, 'validation.reference');
    return;
  }
  const key = keys[0];
  const r = await t.api('director', 'PATCH', `/api/v1/certification/packets/${p.id}/drafts`, { drafts: { [key]: 'Our edited answer.' }, version: p.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.drafts[key].text, 'Our edited answer.');
  assert.notEqual(r.body.drafts[key].drafted, 'Our edited answer.');
  const stale = await t.api('director', 'PATCH', `/api/v1/certification/packets/${p.id}/drafts`, { drafts: { [key]: 'x' }, version: p.version });
  assert.equal(stale.status, 409);
});

test('bad periods, roles and other offices', async () => {
  for (const [body, field] of [[{ from: '2026-02-30', to: '2026-12-31' }, 'from'], [{ from: '2026-12-31', to: '2026-01-01' }, 'to'], [{ from: '2020-01-01', to: '2026-12-31' }, 'to'], [{ to: '2026-12-31' }, 'from']]) {
    const r = await t.api('director', 'POST', '/api/v1/certification/packets', body);
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.equal(r.body.error.field, field);
  }
  assert.equal((await t.api('coordinator', 'POST', '/api/v1/certification/packets', { from: '2026-01-01', to: '2026-12-31' })).status, 403);
  const p = (await t.api('director', 'POST', '/api/v1/certification/packets', { from: '2026-01-01', to: '2026-12-31' })).body;
  const other = { office: 1, role: 'director' };
  assert.equal((await t.api(other, 'GET', `/api/v1/certification/packets/${p.id}`)).status, 404);
  assert.equal((await t.api(other, 'GET', `/api/v1/certification/packets/${p.id}/pdf`)).status, 404);
  assert.equal((await t.api(other, 'GET', '/api/v1/certification/packets')).body.items.length, 0);
});
