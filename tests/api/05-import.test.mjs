// 05-import: CSV imports of partners and contacts over the API: dry runs and
// refused files write nothing, line numbers are the lines people see, failed
// rows come back as CSV, duplicates are never created twice, imports land
// only in the caller's office, and only coordinators and up may import.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer } from './lib.mjs';

const fixture = (name) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
const CSV = { 'Content-Type': 'text/csv' };

let t;
before(async () => { t = await startServer(); });
after(async () => { await t.stop(); });

function imp(who, kind, data, query = '') {
  return t.api(who, 'POST', `/api/v1/import/${kind}${query}`, undefined, { raw: data, headers: CSV });
}
async function partnerNames(who = 'viewer') {
  const r = await t.api(who, 'GET', '/api/v1/partners?limit=200');
  return r.body.items.map((p) => p.name);
}
async function findPartner(name, who = 'viewer') {
  const r = await t.api(who, 'GET', '/api/v1/partners?limit=200');
  const p = r.body.items.find((x) => x.name === name);
  return p ? (await t.api(who, 'GET', `/api/v1/partners/${p.id}`)).body : null;
}

test('roles and content type: coordinators import, viewers and staff may not; CSV only', async () => {
  const data = 'Name,Type\nRole Check Org,Media\n';
  for (const role of ['viewer', 'staff']) assert.equal((await imp(role, 'partners', data, '?dry_run=1')).status, 403, role);
  for (const role of ['coordinator', 'director', 'admin']) assert.equal((await imp(role, 'partners', data, '?dry_run=1')).status, 200, role);
  const json = await t.api('coordinator', 'POST', '/api/v1/import/partners?dry_run=1', { name: 'x' });
  assert.equal(json.status, 415);
  assert.equal((await t.request('POST', '/api/v1/import/partners', { raw: data, headers: CSV })).status, 401);
});

test('a dry run reports what would happen and writes nothing', async () => {
  const before = await partnerNames();
  const r = await imp('coordinator', 'partners', fixture('partners_excel.csv'), '?dry_run=1');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.dry_run, true);
  assert.equal(r.body.written, false);
  assert.deepEqual(r.body.counts, { rows: 5, created: 5, updated: 0, skipped: 0, failed: 0 });
  assert.deepEqual(await partnerNames(), before);
  const log = await t.api('director', 'GET', '/api/v1/audit?action=import');
  assert.equal(log.body.items.length, 0);
});

test('an Excel export (BOM, CRLF, quoted commas, quotes and line breaks) imports as written', async () => {
  const r = await imp('coordinator', 'partners', fixture('partners_excel.csv'));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.written, true);
  assert.deepEqual(r.body.counts, { rows: 5, created: 5, updated: 0, skipped: 0, failed: 0 });
  assert.deepEqual(r.body.rows.map((x) => x.line), [2, 3, 4, 5, 7]);
  assert.equal(r.body.columns[0].heading, 'Org Name', 'the BOM is not part of the first heading');
  assert.equal(r.body.columns[0].field, 'name');
  assert.equal(r.body.columns.find((c) => c.heading === 'E-mail').field, null);
  assert.equal(r.body.failed_csv, null);
  const fb = await findPartner('First Baptist Church');
  assert.equal(fb.subtype, 'faith_group');
  assert.equal(fb.kind, 'institutional');
  assert.equal(fb.website, 'https://www.firstbaptist.example');
  assert.deepEqual(fb.languages, ['en', 'es']);
  assert.deepEqual(fb.tags, ['outreach', 'youth']);
  const radio = await findPartner('Smith, Jones & Partners Radio');
  assert.equal(radio.subtype, 'media');
  assert.equal(radio.notes, 'Morning show host:\r\nasks about ballots');
  const lib = await findPartner('County Library');
  assert.equal(lib.kind, 'intra_governmental');
  assert.equal(lib.notes, 'Runs the "Vote 101" class');
  assert.deepEqual(lib.languages, ['vi', 'zh']);
  const sd = await findPartner('Riverside School District');
  assert.equal(sd.subtype, 'school_district');
  // One audit entry per record and one for the import, with the counts.
  const log = await t.api('director', 'GET', '/api/v1/audit?action=import&entity=partner');
  assert.equal(log.body.items.length, 1);
  assert.deepEqual(log.body.items[0].after.counts, r.body.counts);
  assert.equal(log.body.items[0].user_id, t.users[0].coordinator.id);
  const created = await t.api('director', 'GET', `/api/v1/audit?action=create&entity=partner&entity_id=${fb.id}`);
  assert.equal(created.body.items.length, 1);
});

test('a file with a failed row writes nothing; the report names the physical lines and returns the failed rows', async () => {
  const before = await partnerNames();
  const r = await imp('coordinator', 'partners', fixture('partners_lines.csv'));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.written, false);
  assert.deepEqual(r.body.counts, { rows: 5, created: 3, updated: 0, skipped: 0, failed: 2 });
  const lines = Object.fromEntries(r.body.rows.map((x) => [x.line, x]));
  assert.deepEqual(Object.keys(lines).map(Number), [2, 6, 7, 9, 10]);
  assert.equal(lines[6].action, 'failed');
  assert.equal(lines[6].name, 'Beta Pizzeria');
  assert.deepEqual(lines[6].errors.map((e) => [e.field, e.code]), [['subtype', 'validation.enum']]);
  assert.equal(lines[9].action, 'failed');
  assert.deepEqual(lines[9].errors.map((e) => e.field), ['name']);
  assert.equal(lines[7].name, 'Gamma\nOrg');
  assert.deepEqual(await partnerNames(), before, 'nothing was written');
  const failed = r.body.failed_csv.split('\r\n');
  assert.equal(failed[0], 'Organization,Category,Notes,Import line,Import errors');
  assert.match(failed[1], /^Beta Pizzeria,Pizzeria,bad type,6,"subtype: ""Pizzeria"" is not a partner type/);
  assert.match(failed[2], /^,Media,no name,9,name: /);
  assert.equal(failed.length, 4);
  // The failed rows, fixed, import on their own.
  const fixedCsv = r.body.failed_csv.replace('Pizzeria,bad type', 'Business,fixed').replace(',Media,no name', 'Epsilon Radio,Media,fixed');
  const again = await imp('coordinator', 'partners', fixedCsv);
  assert.equal(again.body.counts.created, 2, again.text);
  assert.equal(again.body.columns.find((c) => c.heading === 'Import errors').field, null);
});

test('partial=1 writes the good rows in one go and still reports the failed ones', async () => {
  const r = await imp('coordinator', 'partners', 'Name,Type\nPartial Good One,Media\nPartial Bad,Spaceship\nPartial Good Two,Library\n', '?partial=1');
  assert.equal(r.status, 200);
  assert.equal(r.body.written, true);
  assert.deepEqual(r.body.counts, { rows: 3, created: 2, updated: 0, skipped: 0, failed: 1 });
  const names = await partnerNames();
  assert.ok(names.includes('Partial Good One') && names.includes('Partial Good Two'));
  assert.ok(!names.includes('Partial Bad'));
  assert.match(r.body.failed_csv, /Partial Bad,Spaceship,3,/);
});

test('files that cannot be read without guessing are refused whole, with the line', async () => {
  const before = await partnerNames();
  const latin1 = await imp('coordinator', 'partners', fixture('partners_latin1.csv'));
  assert.equal(latin1.status, 422);
  assert.equal(latin1.body.error.code, 'import.not_utf8');
  assert.equal(latin1.body.error.line, 3);
  assert.match(latin1.body.error.message, /Line 3 .*0xE9/);
  const utf16 = await imp('coordinator', 'partners', fixture('partners_utf16.csv'));
  assert.equal(utf16.status, 422);
  assert.equal(utf16.body.error.code, 'import.not_utf8');
  const open = await imp('coordinator', 'partners', fixture('partners_unclosed.csv'));
  assert.equal(open.status, 422);
  assert.equal(open.body.error.code, 'import.unclosed_quote');
  assert.equal(open.body.error.line, 3);
  const empty = await imp('coordinator', 'partners', '');
  assert.equal(empty.status, 422);
  assert.equal(empty.body.error.code, 'import.empty');
  const noName = await imp('coordinator', 'partners', 'Colour,Size\nred,big\n');
  assert.equal(noName.status, 422);
  assert.equal(noName.body.error.code, 'import.no_name_column');
  assert.match(noName.body.error.message, /"Colour", "Size"/);
  assert.deepEqual(await partnerNames(), before, 'nothing was written');
});

test('size limits: more than 50,000 rows is 422, more than 10 MB is 413', async () => {
  const rows = 'Name,Type\n' + 'x,Media\n'.repeat(50001);
  const many = await imp('coordinator', 'partners', rows, '?dry_run=1');
  assert.equal(many.status, 422);
  assert.equal(many.body.error.code, 'import.too_many_rows');
  assert.match(many.body.error.message, /50000/);
  const big = 'Name,Type,Notes\n' + `Big,Media,${'n'.repeat(1000)}\n`.repeat(10800);
  assert.ok(big.length > 10 * 1024 * 1024);
  const r = await imp('coordinator', 'partners', big, '?dry_run=1');
  assert.equal(r.status, 413);
  assert.equal(r.body.error.code, 'request.too_large');
  // Bigger than the 1 MB JSON limit but under 10 MB is fine for CSV.
  const mid = 'Name,Type,Notes\n' + Array.from({ length: 2000 }, (_, i) => `Mid ${i},Media,${'n'.repeat(1000)}\n`).join('');
  const ok = await imp('coordinator', 'partners', mid, '?dry_run=1');
  assert.equal(ok.status, 200);
  assert.equal(ok.body.counts.created, 2000);
});

test('duplicates: skipped within the file and against the office, or updated on request', async () => {
  const r = await imp('coordinator', 'partners', fixture('partners_duplicates.csv'));
  assert.deepEqual(r.body.counts, { rows: 4, created: 2, updated: 0, skipped: 2, failed: 0 });
  assert.deepEqual(r.body.rows.filter((x) => x.action === 'skipped').map((x) => [x.line, x.errors[0].code]), [[3, 'import.duplicate'], [4, 'import.duplicate']]);
  assert.match(r.body.rows[1].errors[0].message, /Line 2 of this file/);
  const again = await imp('coordinator', 'partners', fixture('partners_duplicates.csv'));
  assert.deepEqual(again.body.counts, { rows: 4, created: 0, updated: 0, skipped: 4, failed: 0 });
  assert.equal(again.body.written, false);
  assert.equal((await partnerNames()).filter((n) => n.toLowerCase().replace(/\s/g, '') === 'harborseniorcenter').length, 1);
  const upd = await imp('coordinator', 'partners', 'Name,Tags,Notes,Status\nharbor senior center,meals,Lunch program,ended\n', '?on_duplicate=update');
  assert.equal(upd.status, 200, upd.text);
  assert.deepEqual(upd.body.counts, { rows: 1, created: 0, updated: 1, skipped: 0, failed: 0 });
  const p = await findPartner('Harbor Senior Center');
  assert.deepEqual(p.tags, ['seniors', 'meals'], 'tags are added to, not replaced');
  assert.equal(p.notes, 'Lunch program');
  assert.equal(p.status, 'prospect', 'an import never changes a status');
  assert.equal(p.version, 2);
  const log = await t.api('director', 'GET', `/api/v1/audit?entity=partner&entity_id=${p.id}&action=update`);
  assert.equal(log.body.items.length, 1);
  assert.deepEqual(log.body.items[0].before.tags, ['seniors']);
  const bad = await imp('coordinator', 'partners', 'Name\nx\n', '?on_duplicate=merge');
  assert.equal(bad.status, 422);
  assert.equal(bad.body.error.field, 'on_duplicate');
  assert.equal((await imp('coordinator', 'partners', 'Name\nx\n', '?dry_run=maybe')).status, 422);
});

test('map names columns by hand; an unknown column or field refuses the file', async () => {
  const data = 'Agency Title,Flavor,Internal ID\nMapped Org,Faith,17\n';
  const r = await imp('coordinator', 'partners', data, `?dry_run=1&map=${encodeURIComponent('Agency Title=name,Flavor=subtype,Internal ID=')}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.counts.created, 1);
  assert.deepEqual(r.body.columns.map((c) => c.field), ['name', 'subtype', null]);
  const unknownCol = await imp('coordinator', 'partners', data, `?map=${encodeURIComponent('Nope=name')}`);
  assert.equal(unknownCol.status, 422);
  assert.equal(unknownCol.body.error.code, 'import.map_column');
  const unknownField = await imp('coordinator', 'partners', data, `?map=${encodeURIComponent('Flavor=flavour')}`);
  assert.equal(unknownField.status, 422);
  assert.equal(unknownField.body.error.code, 'import.map_field');
});

test('contacts link to partners by name; duplicates by email; a failed row writes nothing unless partial', async () => {
  const r = await imp('coordinator', 'contacts', fixture('contacts.csv'));
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.counts, { rows: 5, created: 2, updated: 0, skipped: 1, failed: 2 });
  assert.equal(r.body.written, false);
  const byLine = Object.fromEntries(r.body.rows.map((x) => [x.line, x]));
  assert.equal(byLine[4].action, 'skipped');
  assert.match(byLine[4].errors[0].message, /Line 2 of this file/);
  assert.deepEqual(byLine[5].errors.map((e) => e.field), ['partner']);
  assert.deepEqual(byLine[6].errors.map((e) => e.field), ['preferred_language']);
  assert.equal((await t.api('viewer', 'GET', '/api/v1/contacts')).body.items.length, 0);
  const p = await imp('coordinator', 'contacts', fixture('contacts.csv'), '?partial=1');
  assert.equal(p.body.written, true);
  const contacts = (await t.api('viewer', 'GET', '/api/v1/contacts')).body.items;
  assert.equal(contacts.length, 2);
  const ana = (await t.api('viewer', 'GET', `/api/v1/contacts/${p.body.rows[0].id}`)).body;
  assert.equal(ana.full_name, 'Ana Ruiz');
  assert.equal(ana.preferred_language, 'es');
  assert.equal(ana.affiliations.length, 1);
  assert.equal(ana.affiliations[0].partner_name, 'First Baptist Church');
  assert.equal(ana.affiliations[0].title, 'Pastor');
  // She moves: the update adds the new position and keeps the old one.
  const move = await imp('coordinator', 'contacts', 'Name,Organization,Position,Email\nAna Ruiz,County Library,Volunteer,ana@firstbaptist.example\n', '?on_duplicate=update');
  assert.deepEqual(move.body.counts, { rows: 1, created: 0, updated: 1, skipped: 0, failed: 0 });
  const moved = (await t.api('viewer', 'GET', `/api/v1/contacts/${ana.id}`)).body;
  assert.deepEqual(moved.affiliations.map((a) => a.partner_name).sort(), ['County Library', 'First Baptist Church']);
});

test('isolation: an import lands only in the caller\'s office and sees only its partners', async () => {
  const other = { office: 1, role: 'coordinator' };
  const r = await imp(other, 'partners', 'Name,Type\nFirst Baptist Church,Faith\nOther Office Only,Media\n');
  assert.deepEqual(r.body.counts, { rows: 2, created: 2, updated: 0, skipped: 0, failed: 0 }, 'office 0\'s partners are not duplicates here');
  assert.ok(!(await partnerNames()).includes('Other Office Only'));
  assert.ok((await partnerNames({ office: 1, role: 'viewer' })).includes('Other Office Only'));
  assert.ok(!(await partnerNames({ office: 1, role: 'viewer' })).includes('County Library'));
  // A contact naming office 0's partner cannot attach to it from office 1.
  const c = await imp(other, 'contacts', 'Name,Organization,Email\nSpy,County Library,spy@example.org\n');
  assert.equal(c.body.counts.failed, 1);
  assert.equal(c.body.rows[0].errors[0].field, 'partner');
  const log = await t.api({ office: 1, role: 'director' }, 'GET', '/api/v1/audit?action=import');
  assert.equal(log.body.items.length, 1);
  const mine = await t.api('director', 'GET', '/api/v1/audit?action=import&entity=partner');
  assert.ok(mine.body.items.every((e) => e.user_id !== t.users[1].coordinator.id));
});

test('the command line: a text report, --failed-out with the failed rows, exit status 1 and nothing written', async () => {
  const { execFileSync } = await import('node:child_process');
  const { join } = await import('node:path');
  const { existsSync } = await import('node:fs');
  const file = new URL('../fixtures/partners_lines.csv', import.meta.url).pathname;
  const out = join(t.dir, 'failed.csv');
  const run = (args) => {
    try {
      return { status: 0, stdout: execFileSync(process.env.RAPPORT_BIN || 'build/rapport', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } }) };
    } catch (e) {
      return { status: e.status, stdout: e.stdout, stderr: e.stderr };
    }
  };
  const office = String(t.officeIds[1]);
  const before = await partnerNames({ office: 1, role: 'viewer' });
  const r = run(['import', 'partners', file, '--office', office, '--db', t.db, '--failed-out', out]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /created 3, updated 0, skipped 0, failed 2/);
  assert.match(r.stdout, /line 6 +failed +Beta Pizzeria +subtype:/);
  assert.match(r.stdout, /Nothing was written/);
  assert.ok(existsSync(out));
  const failed = readFileSync(out);
  assert.deepEqual([...failed.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a BOM so Excel reads UTF-8');
  assert.match(failed.toString('utf8'), /Beta Pizzeria,Pizzeria,bad type,6,/);
  assert.deepEqual(await partnerNames({ office: 1, role: 'viewer' }), before);
  const ok = run(['import', 'partners', file, '--office', office, '--db', t.db, '--partial', '--json']);
  assert.equal(ok.status, 1, 'some rows failed, even though the good ones were written');
  const rep = JSON.parse(ok.stdout);
  assert.equal(rep.written, true);
  assert.equal(rep.counts.created, 3);
  const log = await t.api({ office: 1, role: 'director' }, 'GET', '/api/v1/audit?action=import');
  assert.ok(log.body.items.some((e) => e.actor === 'cli'));
  const bad = run(['import', 'partners', new URL('../fixtures/partners_latin1.csv', import.meta.url).pathname, '--office', office, '--db', t.db]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /Line 3 is not UTF-8/);
  assert.equal(run(['import', 'vendors', file, '--office', office, '--db', t.db]).status, 2);
  assert.equal(run(['import', 'partners', file, '--office', office, '--db', t.db, '--on-duplicate', 'merge']).status, 2);
});
