// 08-continuity: a small hand-built county with known answers: the continuity-risk
// list, "my relationships", coverage, strength and the questionnaire pick, then a
// staff departure that hands everything over at once; the advisory group, outreach
// letters, calendar feeds and vCards.
//
// The county's contacts, affiliations, liaisons and interactions are written
// straight into the database (sqlite3, or psql as the superuser on PostgreSQL)
// so that the hand-built county has exactly the dates and states it needs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, signIn, PASSWORD, PG, psqlAdmin } from './lib.mjs';

let t;
const P = {};      // partner ids by letter
const C = {};      // contact ids
const U = {};      // user ids by first name
const tok = {};    // API tokens by first name
let office;

function day(n) {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
const NOW = new Date().toISOString().slice(0, 19) + 'Z';
const q = (s) => (s === null || s === undefined ? 'NULL' : typeof s === 'number' ? String(s) : `'${String(s).replaceAll("'", "''")}'`);

// Runs SQL on the test database as its owner would not: straight in, as the
// superuser on PostgreSQL (no row-level security) or with the sqlite3 shell.
function sql(text) {
  if (PG) return psqlAdmin(text, new URL(t.db).pathname.slice(1));
  return execFileSync('sqlite3', ['-batch', t.db], { input: `.timeout 5000\nPRAGMA foreign_keys=ON;\n${text}`, encoding: 'utf8' }).trim();
}
function insert(table, row) {
  const keys = Object.keys(row);
  return Number(sql(`INSERT INTO ${table}(${keys.join(',')}) VALUES (${keys.map((k) => q(row[k])).join(',')}) RETURNING id;`));
}
function partner(name, kind, subtype, status, extra = {}) {
  return insert('partners', { office_id: office, name, kind, subtype, status, created_at: NOW, updated_at: NOW, ...extra });
}
function contact(name, extra = {}) {
  return insert('contacts', { office_id: office, full_name: name, created_at: NOW, updated_at: NOW, ...extra });
}
function affiliate(contactId, partnerId, extra = {}) {
  return insert('affiliations', { office_id: office, contact_id: contactId, partner_id: partnerId, created_at: NOW, ...extra });
}
function liaison(partnerId, userId, role) {
  return insert('liaisons', { office_id: office, partner_id: partnerId, user_id: userId, role, started_at: NOW });
}
function interaction(partnerId, occurred, extra = {}) {
  return insert('interactions', { office_id: office, partner_id: partnerId, occurred_on: occurred, type: 'meeting', direction: 'both', summary: 'met', created_at: NOW, updated_at: NOW, ...extra });
}
function group(name) {
  return Number(sql(`SELECT id FROM demographic_groups WHERE office_id = ${office} AND name = ${q(name)};`));
}
function addUser(first, role) {
  const email = `${first}@county.example`;
  U[first] = Number(t.cli(['user', 'add', '--office', String(office), '--email', email, '--role', role, '--name', `${first[0].toUpperCase()}${first.slice(1)} Example`], PASSWORD));
  tok[first] = t.cli(['token', 'create', '--office', String(office), '--user', email, '--name', 'tests']);
}
const as = (first, method, path, body) => t.api(tok[first], method, path, body);

before(async () => {
  t = await startServer();
  office = t.officeIds[0];
  for (const [n, r] of [['alice', 'coordinator'], ['bob', 'staff'], ['carol', 'staff'], ['dave', 'staff'], ['erin', 'staff']]) addUser(n, r);
  t.cli(['user', 'disable', '--email', 'erin@county.example']);
  sql(`UPDATE demographic_groups SET population_share = 0.3 WHERE office_id = ${office} AND name = 'Spanish-speaking voters';
       UPDATE demographic_groups SET population_share = 0.05 WHERE office_id = ${office} AND name = 'Vietnamese-speaking voters';
       UPDATE demographic_groups SET population_share = 0.2 WHERE office_id = ${office} AND name = 'Seniors (65+)';`);
  const G = { es: group('Spanish-speaking voters'), vi: group('Vietnamese-speaking voters'), seniors: group('Seniors (65+)'), young: group('Young voters (18-24)') };

  // Alpha Library: the strong one.  Three verified contacts, monthly balanced
  // touches, primary Alice + backup Bob, an advisory member who attends and
  // whose recommendation was adopted.
  P.alpha = partner('Alpha Library', 'institutional', 'library', 'active');
  for (const n of ['Ana Alpha', 'Abe Alpha', 'Amy Alpha']) {
    C[n] = contact(n, { verify_status: 'verified', last_verified_at: `${day(-30)}T12:00:00Z` });
    affiliate(C[n], P.alpha);
  }
  for (let k = 0; k < 12; k++) interaction(P.alpha, day(-10 - 30 * k), k === 0 ? { follow_up_on: day(3), follow_up_owner: U.alice } : {});
  liaison(P.alpha, U.alice, 'primary');
  liaison(P.alpha, U.bob, 'backup');
  // Beta Media: one stale contact, no backup, last touched 100 days ago.
  P.beta = partner('Beta Media', 'institutional', 'media', 'active');
  C.beta = contact('Ben Beta', { verify_status: 'verified', last_verified_at: `${day(-400)}T12:00:00Z` });
  affiliate(C.beta, P.beta);
  interaction(P.beta, day(-100), { direction: 'office_gave' });
  liaison(P.beta, U.alice, 'primary');
  // Gamma Faith: Carol primary, Alice backup; one bounced contact; due soon.
  P.gamma = partner('Gamma Faith Center', 'institutional', 'faith_group', 'active');
  C.gamma1 = contact('Gil Gamma', { verify_status: 'verified', last_verified_at: `${day(-10)}T12:00:00Z` });
  C.gamma2 = contact('Gus Gamma', { verify_status: 'bounced', last_verified_at: `${day(-10)}T12:00:00Z` });
  affiliate(C.gamma1, P.gamma);
  affiliate(C.gamma2, P.gamma);
  interaction(P.gamma, day(-80), { direction: 'partner_gave' });
  liaison(P.gamma, U.carol, 'primary');
  liaison(P.gamma, U.alice, 'backup');
  // Delta University: a 30-day cadence, an inactive liaison, unverified
  // contacts, touched 400 days ago with a follow-up (Alice's) now overdue.
  P.delta = partner('Delta University', 'institutional', 'university', 'active', { cadence_days: 30 });
  for (const n of ['Dee Delta', 'Dan Delta']) { C[n] = contact(n); affiliate(C[n], P.delta); }
  interaction(P.delta, day(-400), { type: 'other', direction: 'neither', follow_up_on: day(-5), follow_up_owner: U.alice });
  liaison(P.delta, U.erin, 'primary');
  // A former contact (ended) does not count.
  C.old = contact('Olga Former');
  affiliate(C.old, P.delta, { ended_on: day(-50) });
  // Epsilon: a prospect reaching Vietnamese speakers.
  P.epsilon = partner('Epsilon Vietnamese Association', 'institutional', 'community_organization', 'prospect');

  sql(`INSERT INTO partner_groups(office_id, partner_id, group_id) VALUES
       (${office}, ${P.alpha}, ${G.es}), (${office}, ${P.alpha}, ${G.seniors}), (${office}, ${P.beta}, ${G.es}),
       (${office}, ${P.gamma}, ${G.seniors}), (${office}, ${P.delta}, ${G.young}), (${office}, ${P.epsilon}, ${G.vi});
       INSERT INTO partner_languages(office_id, partner_id, language) VALUES (${office}, ${P.beta}, 'es'), (${office}, ${P.epsilon}, 'vi');`);
});
after(async () => { if (process.env.SHOW_LOG) console.error(t?.log()); await t?.stop(); });

test('advisory: members, meetings, attendance and adopted recommendations', async () => {
  const m = await t.api('coordinator', 'POST', '/api/v1/advisory/members', { contact_id: C['Ana Alpha'], partner_id: P.alpha, role: 'chair', joined_on: day(-200) });
  assert.equal(m.status, 201, m.text);
  assert.equal(m.body.partner_name, 'Alpha Library');
  assert.equal(m.body.contact_name, 'Ana Alpha');
  const dup = await t.api('coordinator', 'POST', '/api/v1/advisory/members', { contact_id: C['Ana Alpha'], partner_id: P.alpha });
  assert.equal(dup.status, 409);
  const bad = await t.api('coordinator', 'POST', '/api/v1/advisory/members', { contact_id: 'x', partner_id: 999999, role: 'boss', joined_on: '2026-02-30', extra: 1 });
  assert.equal(bad.status, 422);
  const fields = bad.body.error.details.map((d) => `${d.field}:${d.code}`).sort();
  assert.deepEqual(fields, ['contact_id:validation.type', 'extra:validation.unknown_field', 'joined_on:validation.date', 'partner_id:validation.reference', 'role:validation.enum']);
  assert.equal((await t.api('viewer', 'POST', '/api/v1/advisory/members', { contact_id: C['Ana Alpha'], partner_id: P.alpha })).status, 403);

  // Another office cannot see or use any of it.
  const otherPartner = await t.api({ office: 1, role: 'coordinator' }, 'POST', '/api/v1/partners', { name: 'Elsewhere', kind: 'institutional', subtype: 'media' });
  const cross = await t.api('coordinator', 'POST', '/api/v1/advisory/members', { contact_id: C['Ana Alpha'], partner_id: otherPartner.body.id });
  assert.equal(cross.status, 422);
  assert.equal(cross.body.error.details[0].code, 'validation.reference');
  assert.equal((await t.api({ office: 1, role: 'coordinator' }, 'PATCH', `/api/v1/advisory/members/${m.body.id}`, { version: 1, role: 'member' })).status, 404);
  assert.equal((await t.api({ office: 1, role: 'viewer' }, 'GET', '/api/v1/advisory/members')).body.items.length, 0);

  const past = await as('alice', 'POST', '/api/v1/advisory/meetings', { held_on: day(-60), title: 'Spring meeting', agenda: 'Poll worker recruiting' });
  assert.equal(past.status, 201, past.text);
  assert.equal(past.body.convener_user_id, U.alice);
  const recent = await t.api('coordinator', 'POST', '/api/v1/advisory/meetings', { held_on: day(-30), title: 'Summer meeting' });
  const future = await as('alice', 'POST', '/api/v1/advisory/meetings', { held_on: day(20), title: 'Autumn meeting' });
  assert.equal(future.status, 201);
  // A member cannot attend a meeting from before they joined.
  const early = await t.api('coordinator', 'POST', '/api/v1/advisory/meetings', { held_on: day(-300), title: 'Old meeting' });
  const notYet = await t.api('coordinator', 'PUT', `/api/v1/advisory/meetings/${early.body.id}/attendance`, { member_ids: [m.body.id], version: 1 });
  assert.equal(notYet.status, 422);
  for (const mt of [past.body, recent.body]) {
    const a = await t.api('coordinator', 'PUT', `/api/v1/advisory/meetings/${mt.id}/attendance`, { member_ids: [m.body.id], version: mt.version });
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.body.attendance.map((x) => x.partner_id), [P.alpha]);
  }
  const stale = await t.api('coordinator', 'PUT', `/api/v1/advisory/meetings/${past.body.id}/attendance`, { member_ids: [], version: 1 });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.code, 'conflict.version');

  const rec = await t.api('coordinator', 'POST', '/api/v1/advisory/recommendations', { title: 'Add Vietnamese ballot guides', meeting_id: past.body.id, member_id: m.body.id });
  assert.equal(rec.status, 201);
  assert.equal(rec.body.status, 'open');
  const noAction = await t.api('coordinator', 'PATCH', `/api/v1/advisory/recommendations/${rec.body.id}`, { status: 'adopted', version: 1 });
  assert.equal(noAction.status, 422);
  assert.equal(noAction.body.error.details[0].field, 'action_taken');
  const adopted = await t.api('coordinator', 'PATCH', `/api/v1/advisory/recommendations/${rec.body.id}`, { status: 'adopted', action_taken: 'Printed 2,000 guides', version: 1 });
  assert.equal(adopted.status, 200, adopted.text);
  assert.equal(adopted.body.decided_on, day(0));
  assert.equal(adopted.body.partner_id, P.alpha);
  const open = await as('alice', 'POST', '/api/v1/advisory/recommendations', { title: 'Hold a candidate forum' });
  assert.equal(open.body.owner_user_id, U.alice);
  const viewerRead = await t.api('viewer', 'GET', `/api/v1/advisory/meetings/${past.body.id}`);
  assert.equal(viewerRead.body.recommendations.length, 1);
  assert.equal((await t.api('viewer', 'GET', '/api/v1/advisory/recommendations?status=adopted')).body.items.length, 1);
  assert.equal((await t.api('viewer', 'GET', '/api/v1/advisory/recommendations?status=maybe')).status, 422);
  // A second member leaves, and is then removed (director only).
  const m2 = await t.api('coordinator', 'POST', '/api/v1/advisory/members', { contact_id: C['Abe Alpha'], partner_id: P.alpha });
  assert.equal(m2.body.joined_on, day(0));
  const backwards = await t.api('coordinator', 'PATCH', `/api/v1/advisory/members/${m2.body.id}`, { left_on: day(-1), version: 1 });
  assert.equal(backwards.status, 422);
  assert.equal(backwards.body.error.details[0].code, 'validation.date_order');
  const left = await t.api('coordinator', 'PATCH', `/api/v1/advisory/members/${m2.body.id}`, { left_on: day(0), version: 1 });
  assert.equal(left.status, 200, left.text);
  assert.equal(left.body.version, 2);
  assert.equal((await t.api('coordinator', 'PATCH', `/api/v1/advisory/members/${m2.body.id}`, { role: 'chair', version: 1 })).status, 409);
  assert.equal((await t.api('coordinator', 'DELETE', `/api/v1/advisory/members/${m2.body.id}`)).status, 403);
  assert.equal((await t.api('director', 'DELETE', `/api/v1/advisory/members/${m2.body.id}`)).status, 204);
  assert.equal((await t.api('director', 'DELETE', `/api/v1/advisory/members/${m2.body.id}`)).status, 404);
  const minutes = await t.api('coordinator', 'PATCH', `/api/v1/advisory/meetings/${past.body.id}`, { minutes: 'Agreed to print guides.', version: 2 });
  assert.equal(minutes.status, 200, minutes.text);
  assert.equal(minutes.body.minutes, 'Agreed to print guides.');
  assert.equal(minutes.body.convener_user_id, U.alice, 'the convener is kept');
  assert.equal((await t.api('coordinator', 'PATCH', `/api/v1/advisory/meetings/${past.body.id}`, { title: '', version: 3 })).status, 422);
  assert.equal((await t.api('coordinator', 'PATCH', `/api/v1/advisory/meetings/${past.body.id}`, { convener_user_id: t.users[0].viewer.id, version: 3 })).status, 422);
  const inRange = await t.api('viewer', 'GET', `/api/v1/advisory/meetings?from=${day(-61)}&to=${day(-59)}`);
  assert.deepEqual(inRange.body.items.map((x) => x.title), ['Spring meeting']);
  assert.equal((await t.api('viewer', 'GET', '/api/v1/advisory/meetings?from=yesterday')).status, 422);
  // Bodies that are not JSON, not UTF-8 or too large are refused before any work.
  const raw = (body, type = 'application/json') => t.request('POST', '/api/v1/advisory/meetings', { token: t.tokens[0].coordinator, raw: body, headers: { 'Content-Type': type } });
  assert.equal((await raw('[1,2]')).status, 400);
  assert.equal((await raw(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]))).status, 400);
  assert.equal((await raw('{}', 'text/plain')).status, 415);
  assert.equal((await raw(JSON.stringify({ held_on: day(1), title: 'x'.repeat(2_000_000) }))).status, 413);
  const audits = sql(`SELECT COUNT(*) FROM audit_log WHERE office_id = ${office} AND entity LIKE 'advisory_%';`);
  assert.ok(Number(audits) >= 13);
});

test('continuity risks: each reason, bands and ranking on the hand-built county', async () => {
  const r = await t.api('viewer', 'GET', '/api/v1/continuity/risks');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.partners_checked, 4);
  assert.equal(r.body.at_risk, 3);
  assert.equal(r.body.overdue, 2);
  assert.equal(r.body.warning, 1);
  assert.deepEqual(r.body.items.map((i) => [i.name, i.points, i.band]), [
    ['Delta University', 85, 'overdue'],
    ['Beta Media', 55, 'overdue'],
    ['Gamma Faith Center', 10, 'warning'],
  ]);
  const codes = (name) => r.body.items.find((i) => i.name === name).reasons.map((x) => `${x.code}/${x.band}`).sort();
  assert.deepEqual(codes('Delta University'), ['cadence_overdue/overdue', 'contacts_unverified/warning', 'followups_overdue/overdue', 'liaison_inactive/overdue', 'no_backup_liaison/warning']);
  assert.deepEqual(codes('Beta Media'), ['cadence_overdue/overdue', 'contacts_unverified/warning', 'no_backup_liaison/warning', 'single_contact/warning']);
  assert.deepEqual(codes('Gamma Faith Center'), ['cadence_due_soon/warning', 'contacts_bounced/warning']);
  const delta = r.body.items[0];
  assert.equal(delta.current_contacts, 2, 'the ended affiliation does not count');
  assert.equal(delta.cadence_days, 30);
  assert.equal(delta.primary_liaison.active, false);
  assert.match(delta.reasons.find((x) => x.code === 'followups_overdue').message, new RegExp(day(-5)));
  assert.equal(r.body.by_reason.no_backup_liaison, 2);

  const overdue = await t.api('viewer', 'GET', '/api/v1/continuity/risks?band=overdue&limit=1');
  assert.deepEqual(overdue.body.items.map((i) => i.name), ['Delta University']);
  assert.equal(overdue.body.truncated, true);
  const mine = await t.api('viewer', 'GET', `/api/v1/continuity/risks?liaison_user_id=${U.carol}`);
  assert.deepEqual(mine.body.items.map((i) => i.name), ['Gamma Faith Center']);
  assert.equal((await t.api('viewer', 'GET', '/api/v1/continuity/risks?band=red')).status, 422);
  assert.equal((await t.api('viewer', 'GET', '/api/v1/continuity/risks?limit=0')).status, 422);
  // Another office sees none of it.
  const other = await t.api({ office: 1, role: 'viewer' }, 'GET', '/api/v1/continuity/risks');
  assert.equal(other.body.partners_checked, 0);

  // The office's settings change the cadence and the verification window.
  sql(`UPDATE offices SET settings = '{"cadence_days_by_subtype": {"media": 120}, "verify_after_days": 500}' WHERE id = ${office};`);
  const relaxed = await t.api('viewer', 'GET', '/api/v1/continuity/risks');
  const beta = relaxed.body.items.find((i) => i.name === 'Beta Media');
  assert.deepEqual(beta.reasons.map((x) => x.code).sort(), ['cadence_due_soon', 'no_backup_liaison', 'single_contact']);
  assert.equal(beta.cadence_days, 120);
  sql(`UPDATE offices SET settings = '{}' WHERE id = ${office};`);

  // The command line prints the same list.
  const cli = t.cli(['report', 'continuity', '--office', String(office)]);
  assert.match(cli, /3 of 4 active partners at risk \(2 overdue, 1 warning\)/);
  assert.match(cli, /1\s+overdue\s+85\s+Delta University/);
  const json = JSON.parse(t.cli(['report', 'continuity', '--office', String(office), '--json', '--band', 'warning']));
  assert.deepEqual(json.items.map((i) => i.name), ['Gamma Faith Center']);
});

test('my relationships: what is due for the signed-in user', async () => {
  const r = await as('alice', 'GET', '/api/v1/me/relationships');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.partners.map((p) => [p.name, p.role]).sort(), [['Alpha Library', 'primary'], ['Beta Media', 'primary'], ['Gamma Faith Center', 'backup']]);
  assert.deepEqual(r.body.summary, { partners_overdue: 1, partners_warning: 1, follow_ups_overdue: 1 });
  assert.deepEqual(r.body.follow_ups.map((f) => [f.partner_name, f.overdue, f.days_until_due]), [['Delta University', true, -5], ['Alpha Library', false, 3]]);
  const alpha = r.body.partners.find((p) => p.name === 'Alpha Library');
  assert.equal(alpha.next_due_on, day(80));
  assert.equal(alpha.days_until_due, 80);
  const none = await t.api('viewer', 'GET', '/api/v1/me/relationships');
  assert.equal(none.body.partners.length, 0);
});

test('coverage: groups and languages against active partners, weighted, with gaps and prospects', async () => {
  const r = await t.api('viewer', 'GET', '/api/v1/coverage');
  assert.equal(r.status, 200, r.text);
  const s = r.body.summary;
  assert.equal(s.groups, 10);
  assert.equal(s.covered, 2);
  assert.equal(s.no_recent_contact, 1);
  assert.equal(s.no_active_partner, 7);
  assert.ok(Math.abs(s.population_share_known - 0.55) < 1e-9);
  assert.ok(Math.abs(s.population_share_covered - 0.5) < 1e-9);
  assert.ok(Math.abs(s.weighted_coverage - 0.5 / 0.55) < 1e-9);
  assert.equal(s.unweighted_coverage, 0.2);
  const g = (name) => r.body.groups.find((x) => x.name === name);
  assert.deepEqual([g('Spanish-speaking voters').active_partners, g('Spanish-speaking voters').active_partners_contacted_12m, g('Spanish-speaking voters').interactions_12m], [2, 2, 13]);
  assert.equal(g('Spanish-speaking voters').status, 'covered');
  assert.equal(g('Seniors (65+)').interactions_12m, 13);
  assert.equal(g('Young voters (18-24)').status, 'no_recent_contact');
  assert.equal(g('Vietnamese-speaking voters').status, 'no_active_partner');
  assert.deepEqual(g('Vietnamese-speaking voters').prospects.map((p) => p.name), ['Epsilon Vietnamese Association']);
  // Gaps: largest known share first, then the unknown shares by name.
  assert.equal(r.body.gaps[0].name, 'Vietnamese-speaking voters');
  assert.ok(r.body.gaps.some((x) => x.name === 'Young voters (18-24)'));
  assert.ok(!r.body.gaps.some((x) => x.name === 'Spanish-speaking voters'));
  const lang = (code) => r.body.languages.find((x) => x.language === code);
  assert.equal(lang('es').status, 'covered');
  assert.ok(Math.abs(lang('es').population_share - 0.3) < 1e-9);
  assert.equal(lang('vi').status, 'no_active_partner');
  assert.deepEqual(lang('vi').prospects.map((p) => p.partner_id), [P.epsilon]);
  assert.equal(lang('zh').active_partners, 0);
  const other = await t.api({ office: 1, role: 'viewer' }, 'GET', '/api/v1/coverage');
  assert.equal(other.body.summary.covered, 0);
  assert.ok(other.body.groups.every((x) => x.active_partners === 0 && x.prospects_count === 0));
});

test('strength: every factor shown with value, weight and contribution; the ranking; the questionnaire pick', async () => {
  const a = await t.api('viewer', 'GET', `/api/v1/partners/${P.alpha}/strength`);
  assert.equal(a.status, 200, a.text);
  assert.equal(a.body.score, 100);
  assert.equal(a.body.band, 'strong');
  assert.deepEqual(a.body.factors.map((f) => [f.factor, f.weight, f.contribution]), [
    ['recency', 25, 25], ['frequency', 20, 20], ['reciprocity', 20, 20], ['contacts', 15, 15], ['liaisons', 10, 10], ['advisory', 10, 10],
  ]);
  const adv = a.body.factors.find((f) => f.factor === 'advisory');
  assert.deepEqual(adv.value, { meetings_attended_12m: 2, recommendations_adopted: 1 });
  for (const f of a.body.factors) assert.ok(f.explanation.length > 10);

  const b = await t.api('viewer', 'GET', `/api/v1/partners/${P.beta}/strength`);
  const f = Object.fromEntries(b.body.factors.map((x) => [x.factor, x]));
  assert.equal(f.recency.value, 100);
  assert.equal(f.recency.contribution, 19.8);
  assert.equal(f.frequency.contribution, 1.7);
  assert.deepEqual(f.reciprocity.value, { office_gave: 1, partner_gave: 0 });
  assert.equal(f.reciprocity.contribution, 0);
  assert.equal(f.contacts.contribution, 5);
  assert.equal(f.liaisons.contribution, 5);
  assert.equal(b.body.score, 31.4);
  assert.equal(b.body.band, 'developing');
  const sum = b.body.factors.reduce((s, x) => s + x.weight * x.credit, 0);
  assert.ok(Math.abs(sum - b.body.score) < 0.06);

  const rank = await t.api('viewer', 'GET', '/api/v1/strength');
  assert.deepEqual(rank.body.items.map((i) => [i.name, i.score]), [['Alpha Library', 100], ['Gamma Faith Center', 42.9], ['Beta Media', 31.4], ['Delta University', 10]]);
  assert.deepEqual(rank.body.bands, { strong: 1, developing: 2, weak: 1 });
  assert.equal((await t.api('viewer', 'GET', '/api/v1/strength?status=gone')).status, 422);
  assert.equal((await t.api('viewer', 'GET', `/api/v1/partners/${P.alpha}/strength`, undefined)).status, 200);
  assert.equal((await t.api({ office: 1, role: 'viewer' }, 'GET', `/api/v1/partners/${P.alpha}/strength`)).status, 404);

  const ex = await t.api('viewer', 'GET', '/api/v1/strength/examples');
  assert.equal(ex.status, 200, ex.text);
  assert.equal(ex.body.strong.partner_id, P.alpha);
  assert.equal(ex.body.developing.partner_id, P.delta, 'Beta and Gamma share a group with Alpha; Delta reaches young voters');
  const sg = ex.body.strong.evidence.groups_reached.map((x) => x.name);
  const dg = ex.body.developing.evidence.groups_reached.map((x) => x.name);
  assert.deepEqual(sg, ['Seniors (65+)', 'Spanish-speaking voters']);
  assert.deepEqual(dg, ['Young voters (18-24)']);
  assert.equal(ex.body.strong.evidence.recent_interactions.length, 5);
  assert.equal(ex.body.strong.evidence.adopted_recommendations[0].action_taken, 'Printed 2,000 guides');
  const none = await t.api({ office: 1, role: 'viewer' }, 'GET', '/api/v1/strength/examples');
  assert.equal(none.body.strong, null);
});

test('handover preview lists every holding with its proposed successor', async () => {
  const p = await t.api('director', 'GET', `/api/v1/users/${U.alice}/handover?to_user_id=${U.carol}&backup_to_user_id=${U.dave}`);
  assert.equal(p.status, 200, p.text);
  assert.equal(p.body.ready, true);
  assert.deepEqual(p.body.counts, { liaison_primary: 2, liaison_backup: 1, follow_ups: 2, advisory_meetings: 1, advisory_recommendations: 1, assigned_feedback: 0, misconception_drafts: 0 });
  assert.equal(p.body.total, 7);
  const prim = Object.fromEntries(p.body.holdings.liaison_primary.map((i) => [i.partner_name, [i.to_user_name, i.backup_promoted]]));
  assert.deepEqual(prim, { 'Alpha Library': ['Bob Example', true], 'Beta Media': ['Carol Example', false] });
  assert.equal(p.body.holdings.liaison_backup[0].to_user_name, 'Dave Example');
  const fu = Object.fromEntries(p.body.holdings.follow_ups.map((i) => [i.partner_name, i.to_user_name]));
  assert.deepEqual(fu, { 'Alpha Library': 'Bob Example', 'Delta University': 'Carol Example' });
  // Without a successor the holdings still show, with the problem named.
  const bare = await t.api('director', 'GET', `/api/v1/users/${U.alice}/handover`);
  assert.equal(bare.body.ready, false);
  assert.equal(bare.body.problems[0].field, 'to_user_id');
  assert.equal(bare.body.total, 7);
  // The command line's dry run changes nothing.
  const dry = t.cli(['user', 'handover', 'alice@county.example', '--to', 'carol@county.example', '--dry-run']);
  assert.match(dry, /holds 7 items \(dry run/);
  assert.match(dry, /liaison_primary +Alpha Library +would go to Bob Example/);
  assert.equal(sql(`SELECT active FROM users WHERE id = ${U.alice};`), '1');
  assert.equal((await t.api('staff', 'GET', `/api/v1/users/${U.alice}/handover`)).status, 403);
  assert.equal((await t.api({ office: 1, role: 'director' }, 'GET', `/api/v1/users/${U.alice}/handover`)).status, 404);
});

test('handover refuses bad requests and changes nothing', async () => {
  const url = `/api/v1/users/${U.alice}/handover`;
  const cases = [
    [{ to_user_id: U.carol }, 'confirm', 'validation.confirm'],
    [{ to_user_id: U.carol, confirm: false }, 'confirm', 'validation.confirm'],
    [{ confirm: true }, 'to_user_id', 'validation.required'],
    [{ to_user_id: 'carol', confirm: true }, 'to_user_id', 'validation.type'],
    [{ to_user_id: U.carol, confirm: true, note: 'x' }, 'note', 'validation.unknown_field'],
    [{ to_user_id: U.alice, confirm: true }, 'to_user_id', 'validation.successor_self'],
    [{ to_user_id: U.erin, confirm: true }, 'to_user_id', 'validation.successor_inactive'],
    [{ to_user_id: t.users[0].viewer.id, confirm: true }, 'to_user_id', 'validation.successor_role'],
    [{ to_user_id: t.users[1].staff.id, confirm: true }, 'to_user_id', 'validation.reference'],
    [{ to_user_id: U.carol, backup_to_user_id: t.users[1].staff.id, confirm: true }, 'backup_to_user_id', 'validation.reference'],
  ];
  for (const [body, field, code] of cases) {
    const r = await t.api('director', 'POST', url, body);
    assert.equal(r.status, 422, JSON.stringify(body));
    const d = r.body.error.details ?? [r.body.error];
    assert.ok(d.some((e) => e.field === field && e.code === code), `${JSON.stringify(body)} -> ${r.text}`);
  }
  assert.equal((await t.api('director', 'POST', `/api/v1/users/${t.users[1].staff.id}/handover`, { to_user_id: U.carol, confirm: true })).status, 404);
  assert.equal((await t.api('director', 'POST', `/api/v1/users/${t.users[0].director.id}/handover`, { to_user_id: U.carol, confirm: true })).body.error.code, 'validation.self');
  assert.equal((await t.api('coordinator', 'POST', url, { to_user_id: U.carol, confirm: true })).status, 403);
  const adminOut = await t.api('director', 'POST', `/api/v1/users/${t.users[0].admin.id}/handover`, { to_user_id: U.carol, confirm: true });
  assert.equal(adminOut.status, 403);
  assert.equal(adminOut.body.error.code, 'auth.forbidden');
  assert.equal((await t.request('POST', url, { token: t.tokens[0].director, raw: 'not json', headers: { 'Content-Type': 'application/json' } })).status, 400);
  assert.equal(sql(`SELECT active FROM users WHERE id = ${U.alice};`), '1');
  assert.equal(sql(`SELECT COUNT(*) FROM handovers;`), '0');
});

test('handover: a departing user holding everything at once; nothing is left without an owner', async () => {
  const session = await signIn(t, 'alice@county.example');
  assert.equal(session.status, 200);
  const auditBefore = Number(sql(`SELECT COUNT(*) FROM audit_log WHERE office_id = ${office};`));
  const r = await t.api('director', 'POST', `/api/v1/users/${U.alice}/handover`, { to_user_id: U.carol, backup_to_user_id: U.dave, confirm: true });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.user.active, false);
  assert.deepEqual(r.body.counts, { liaison_primary: 2, liaison_backup: 1, follow_ups: 2, advisory_meetings: 1, advisory_recommendations: 1, assigned_feedback: 0, misconception_drafts: 0 });
  assert.equal(r.body.moved.length, 7);
  assert.equal(r.body.partners_noted, 4);

  // Who holds what now.
  const current = (pid) => Object.fromEntries(sql(`SELECT role, user_id FROM liaisons WHERE partner_id = ${pid} AND ended_at IS NULL;`).split('\n').filter(Boolean).map((l) => l.split('|')).map(([k, v]) => [k, Number(v)]));
  assert.deepEqual(current(P.alpha), { primary: U.bob, backup: U.dave });
  assert.deepEqual(current(P.beta), { primary: U.carol });
  assert.deepEqual(current(P.gamma), { primary: U.carol, backup: U.dave });
  assert.equal(Number(sql(`SELECT follow_up_owner FROM interactions WHERE partner_id = ${P.alpha} AND follow_up_on IS NOT NULL;`)), U.bob);
  assert.equal(Number(sql(`SELECT follow_up_owner FROM interactions WHERE partner_id = ${P.delta} AND follow_up_on IS NOT NULL;`)), U.carol);
  // Nothing is left with Alice: no current liaison role, open follow-up,
  // upcoming meeting to convene or open recommendation to act on.
  assert.equal(sql(`SELECT (SELECT COUNT(*) FROM liaisons WHERE user_id = ${U.alice} AND ended_at IS NULL)
    + (SELECT COUNT(*) FROM interactions WHERE follow_up_owner = ${U.alice} AND follow_up_done_at IS NULL)
    + (SELECT COUNT(*) FROM advisory_meetings WHERE convener_user_id = ${U.alice} AND held_on >= '${day(0)}')
    + (SELECT COUNT(*) FROM advisory_recommendations WHERE owner_user_id = ${U.alice} AND status = 'open');`), '0');
  const after = await t.api('director', 'GET', `/api/v1/users/${U.alice}/handover`);
  assert.equal(after.body.total, 0);
  // Every partner still has a primary liaison who is active.
  assert.equal(sql(`SELECT COUNT(*) FROM partners p WHERE office_id = ${office} AND status = 'active' AND id <> ${P.delta}
    AND NOT EXISTS (SELECT 1 FROM liaisons l JOIN users u ON u.id = l.user_id WHERE l.partner_id = p.id AND l.role = 'primary' AND l.ended_at IS NULL AND u.active = 1);`), '0');

  // The account is closed: the session is gone and sign-in is refused.
  assert.equal((await t.request('GET', '/api/v1/auth/me', { headers: { Cookie: session.cookie } })).status, 401);
  assert.equal((await signIn(t, 'alice@county.example')).status, 401);
  assert.equal((await as('alice', 'GET', '/api/v1/partners')).status, 401);

  // The audit trail: one entry per moved item, the summary, the notes, the deactivation.
  const audit = sql(`SELECT action, entity, COUNT(*) FROM audit_log WHERE office_id = ${office} AND id > 0 GROUP BY action, entity ORDER BY action, entity;`);
  const rows = Object.fromEntries(audit.split('\n').map((l) => l.split('|')).map(([a, e, n]) => [`${a}:${e}`, Number(n)]));
  assert.equal(rows['handover:liaison'], 3);
  assert.equal(rows['handover:interaction'], 2);
  assert.equal(rows['handover:advisory_meeting'], 1);
  assert.equal(rows['handover:advisory_recommendation'], 1);
  assert.equal(rows['handover:user'], 1);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE office_id = ${office};`)) - auditBefore, 7 + 1 + 4 + 1);
  const summary = JSON.parse(sql(`SELECT after_json FROM audit_log WHERE action = 'handover' AND entity = 'user';`));
  assert.equal(summary.to_user_id, U.carol);
  assert.equal(summary.counts.follow_ups, 2);

  // A handover note on every affected partner, naming who holds it now.
  const notes = sql(`SELECT partner_id, summary FROM interactions WHERE type = 'handover' ORDER BY partner_id;`).split('\n');
  assert.equal(notes.length, 4);
  assert.match(notes.find((n) => n.startsWith(`${P.alpha}|`)), /Alice Example left the office\. Primary liaison now Bob Example; backup Dave Example\./);
  // The notes are not touches: recency is unchanged.
  const beta = await t.api('viewer', 'GET', `/api/v1/partners/${P.beta}/strength`);
  assert.equal(beta.body.factors[0].value, 100);

  // The departed user's name stays on the history they made.
  const hist = await t.api('director', 'GET', '/api/v1/handovers');
  assert.equal(hist.body.items.length, 1);
  assert.equal(hist.body.items[0].from_user_name, 'Alice Example');
  assert.equal(hist.body.items[0].to_user_name, 'Carol Example');
  assert.equal(hist.body.items[0].backup_to_user_name, 'Dave Example');
  assert.equal(hist.body.items[0].counts.liaison_primary, 2);
  const meetings = await t.api('viewer', 'GET', '/api/v1/advisory/meetings');
  const spring = meetings.body.items.find((m) => m.title === 'Spring meeting');
  const autumn = meetings.body.items.find((m) => m.title === 'Autumn meeting');
  assert.equal(spring.convener_name, 'Alice Example', 'past meetings keep their convener');
  assert.equal(autumn.convener_name, 'Carol Example');
  const partner = await t.api('viewer', 'GET', `/api/v1/partners/${P.alpha}`);
  assert.deepEqual(partner.body.liaisons.map((l) => l.user_name).sort(), ['Bob Example', 'Dave Example']);
  assert.equal(sql(`SELECT COUNT(*) FROM users WHERE id = ${U.alice};`), '1', 'never deleted');
  // Handing over someone who has already gone is harmless: nothing to move.
  const again = await t.api('director', 'GET', `/api/v1/users/${U.alice}/handover?to_user_id=${U.carol}`);
  assert.equal(again.body.total, 0);
});

test('handover from the command line: the backup successor defaults to --to; nobody is their own backup', async () => {
  const out = t.cli(['user', 'handover', 'dave@county.example', '--to', 'carol@county.example']);
  assert.match(out, /handover #\d+: 2 items moved, 2 partners noted; dave@county.example is deactivated/);
  const current = (pid) => sql(`SELECT role || '=' || user_id FROM liaisons WHERE partner_id = ${pid} AND ended_at IS NULL ORDER BY role;`).split('\n').filter(Boolean);
  assert.deepEqual(current(P.alpha), [`backup=${U.carol}`, `primary=${U.bob}`]);
  assert.deepEqual(current(P.gamma), [`primary=${U.carol}`], 'Carol is primary, so the backup is left vacant and flagged');
  const risks = await t.api('viewer', 'GET', '/api/v1/continuity/risks');
  assert.ok(risks.body.items.find((i) => i.name === 'Gamma Faith Center').reasons.some((x) => x.code === 'no_backup_liaison'));
  assert.equal(sql(`SELECT by_actor FROM handovers ORDER BY id DESC LIMIT 1;`), 'cli');
  assert.throws(() => t.cli(['user', 'handover', 'bob@county.example', '--to', 'nobody@county.example']), /no user/);
});

test('outreach letters: templates with placeholders, text and printable HTML with hostile values escaped, send logs an interaction', async () => {
  const badTpl = await t.api('coordinator', 'POST', '/api/v1/letter-templates', { name: 'x', subject: 'Hi {{partner.nmae}}', body: 'b' });
  assert.equal(badTpl.status, 422);
  assert.equal(badTpl.body.error.details[0].code, 'validation.placeholder');
  const tpl = await t.api('coordinator', 'POST', '/api/v1/letter-templates', {
    name: 'Prospect intro',
    subject: 'Working together: {{office.name}} and {{partner.name}}',
    body: 'Dear {{contact.name}},\n\nWe share a goal: {{shared_goals}}.\nWe offer {{offerings}}.\n\n{{sender.name}}, {{date}}',
  });
  assert.equal(tpl.status, 201, tpl.text);
  assert.equal((await t.api('coordinator', 'POST', '/api/v1/letter-templates', { name: 'Prospect intro', subject: 's', body: 'b' })).status, 409);

  const hostile = partner('<script>alert("x")</script> & "Friends"', 'institutional', 'advocacy_group', 'prospect', { shared_goals: '["<b>turnout</b>","accessible voting"]' });
  const evil = contact('Eve <img src=x onerror=alert(1)>');
  affiliate(evil, hostile);
  const txt = await t.api('viewer', 'GET', `/api/v1/partners/${hostile}/letter?template_id=${tpl.body.id}`);
  assert.equal(txt.status, 200, txt.text);
  assert.equal(txt.body.subject, 'Working together: Test County and <script>alert("x")</script> & "Friends"');
  assert.match(txt.body.text, /^Dear Eve <img src=x onerror=alert\(1\)>,/);
  assert.match(txt.body.text, /We share a goal: <b>turnout<\/b> and accessible voting\./);
  assert.match(txt.body.text, /We offer guided tours of the election office and informational presentations/);
  const html = await t.api('viewer', 'GET', `/api/v1/partners/${hostile}/letter.html?template_id=${tpl.body.id}`);
  assert.equal(html.status, 200);
  assert.match(html.headers.get('content-type'), /^text\/html/);
  assert.ok(!html.text.includes('<script>'), 'no live script');
  assert.ok(!html.text.includes('<img'), 'no live image');
  assert.ok(!html.text.includes('<b>turnout'), 'no markup from the data');
  assert.ok(html.text.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Friends&quot;'));
  assert.ok(html.text.includes('Dear Eve &lt;img src=x onerror=alert(1)&gt;,'));
  assert.match(html.headers.get('content-security-policy'), /default-src 'none'/);

  assert.equal((await t.api('viewer', 'GET', `/api/v1/partners/${hostile}/letter?template_id=${tpl.body.id}&contact_id=${C.beta}`)).status, 422);
  assert.equal((await t.api('viewer', 'GET', `/api/v1/partners/${hostile}/letter`)).status, 422);
  assert.equal((await t.api('viewer', 'GET', `/api/v1/partners/${hostile}/letter?template_id=abc`)).status, 422);
  assert.equal((await t.api({ office: 1, role: 'viewer' }, 'GET', `/api/v1/partners/${hostile}/letter?template_id=${tpl.body.id}`)).status, 404);

  const sent = await t.api('staff', 'POST', `/api/v1/partners/${hostile}/letter/send`, { template_id: tpl.body.id, contact_id: evil });
  assert.equal(sent.status, 201, sent.text);
  assert.equal(sent.body.type, 'outreach_letter');
  const row = sql(`SELECT type, direction, occurred_on FROM interactions WHERE id = ${sent.body.id};`);
  assert.equal(row, `outreach_letter|office_gave|${day(0)}`);
  assert.equal(sql(`SELECT contact_id FROM interaction_contacts WHERE interaction_id = ${sent.body.id};`), String(evil));
  assert.equal(sql(`SELECT last_interaction_on FROM partners WHERE id = ${hostile};`), day(0));
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE entity = 'interaction' AND entity_id = ${sent.body.id};`), '1');
  assert.equal((await t.api('viewer', 'POST', `/api/v1/partners/${hostile}/letter/send`, { template_id: tpl.body.id })).status, 403);
  assert.equal((await t.api('staff', 'POST', `/api/v1/partners/${hostile}/letter/send`, { template_id: 999999 })).status, 422);
  assert.equal((await t.api({ office: 1, role: 'staff' }, 'POST', `/api/v1/partners/${hostile}/letter/send`, { template_id: tpl.body.id })).status, 404);

  const upd = await t.api('coordinator', 'PATCH', `/api/v1/letter-templates/${tpl.body.id}`, { subject: 'Hello {{partner.name}}', version: 1 });
  assert.equal(upd.status, 200);
  assert.equal((await t.api('coordinator', 'PATCH', `/api/v1/letter-templates/${tpl.body.id}`, { subject: 'x', version: 1 })).status, 409);
  assert.equal((await t.api({ office: 1, role: 'coordinator' }, 'DELETE', `/api/v1/letter-templates/${tpl.body.id}`)).status, 404);
  const spare = await t.api('coordinator', 'POST', '/api/v1/letter-templates', { name: 'Spare', subject: 's', body: 'b' });
  assert.equal((await t.api('viewer', 'GET', '/api/v1/letter-templates')).body.items.length, 2);
  assert.equal((await t.api('coordinator', 'DELETE', `/api/v1/letter-templates/${spare.body.id}`)).status, 204);
  assert.equal((await t.api('viewer', 'GET', `/api/v1/letter-templates/${spare.body.id}`)).status, 404);
});

test('calendar feed: a revocable token URL serving valid iCalendar with CRLF and folded lines', async () => {
  // Bob holds the Alpha follow-up since the handover; give him a long one too.
  interaction(P.alpha, day(-1), { summary: 'Ask about the ' + 'very '.repeat(30) + 'long résumé of events; with, commas', follow_up_on: day(7), follow_up_owner: U.bob });
  assert.deepEqual((await as('bob', 'GET', '/api/v1/me/calendar-feed')).body, { active: false, feed: null });
  const made = await as('bob', 'POST', '/api/v1/me/calendar-feed');
  assert.equal(made.status, 201, made.text);
  assert.match(made.body.webcal_url, new RegExp(`^webcal://127\\.0\\.0\\.1:\\d+/calendar/rcal_${office}_[0-9a-f]{64}\\.ics$`));
  assert.equal(sql(`SELECT COUNT(*) FROM calendar_feeds WHERE token_hash = '${made.body.token}';`), '0', 'only the hash is stored');
  const path = new URL(made.body.url).pathname;
  const r = await t.request('GET', path);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/calendar/);
  const ics = r.text;
  assert.ok(ics.startsWith('BEGIN:VCALENDAR\r\n'));
  assert.ok(ics.endsWith('END:VCALENDAR\r\n'));
  assert.ok(!/[^\r]\n/.test(ics), 'every line ends in CRLF');
  for (const line of ics.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, `line too long: ${line}`);
  const unfolded = ics.replace(/\r\n[ \t]/g, '');
  assert.equal((unfolded.match(/BEGIN:VEVENT/g) || []).length, 2);
  assert.ok(unfolded.includes(`DTSTART;VALUE=DATE:${day(7).replaceAll('-', '')}`));
  assert.ok(unfolded.includes('SUMMARY:Follow up: Alpha Library'));
  assert.ok(unfolded.includes('long résumé of events\\; with\\, commas'), 'text escaped and UTF-8 kept whole across folds');
  assert.match(unfolded, /VERSION:2\.0/);
  // Only Bob's follow-ups; a second feed revokes the first; revoking ends it.
  const second = await as('bob', 'POST', '/api/v1/me/calendar-feed');
  assert.equal((await t.request('GET', path)).status, 404);
  const info = await as('bob', 'GET', '/api/v1/me/calendar-feed');
  assert.equal(info.body.active, true);
  assert.equal(info.body.feed.prefix, second.body.prefix);
  assert.equal(info.body.token, undefined);
  assert.equal((await as('bob', 'DELETE', '/api/v1/me/calendar-feed')).status, 204);
  assert.equal((await t.request('GET', new URL(second.body.url).pathname)).status, 404);
  assert.equal((await as('bob', 'DELETE', '/api/v1/me/calendar-feed')).status, 404);
  for (const p of ['/calendar/rcal_nope.ics', '/calendar/nothing', `/calendar/rcal_${office}_${'a'.repeat(64)}.ics`, `/calendar/rcal_${t.officeIds[1]}_${made.body.token.split('_')[2]}.ics`, `/calendar/rcal_x_${'a'.repeat(64)}.ics`, '/calendar/rcal_%00.ics'])
    assert.equal((await t.request('GET', p)).status, 404, p);
  // A departed user's feed stops working.
  const carolFeed = await as('carol', 'POST', '/api/v1/me/calendar-feed');
  assert.equal((await t.request('GET', new URL(carolFeed.body.url).pathname)).status, 200);
  t.cli(['user', 'handover', 'carol@county.example', '--to', 'bob@county.example']);
  assert.equal((await t.request('GET', new URL(carolFeed.body.url).pathname)).status, 404);
});

test('vCard 4.0: escaping per RFC 6350, folding, one contact or all of a partner', async () => {
  const id = contact('Doe, Jane; Jr\\', { email: 'jane@example.org', phone: '+1 555 0100', preferred_language: 'es', updated_at: '2026-01-02T03:04:05Z' });
  affiliate(id, P.beta, { title: 'Editor; Metro, Nights\nand weekends' });
  const r = await t.api('viewer', 'GET', `/api/v1/contacts/${id}/vcard`);
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^text\/vcard/);
  const v = r.text;
  assert.ok(v.startsWith('BEGIN:VCARD\r\nVERSION:4.0\r\n'));
  assert.ok(v.endsWith('END:VCARD\r\n'));
  assert.ok(!/[^\r]\n/.test(v));
  const un = v.replace(/\r\n[ \t]/g, '');
  assert.ok(un.includes('FN:Doe\\, Jane\\; Jr\\\\\r\n'), un);
  assert.ok(un.includes('ORG:Beta Media\r\n'));
  assert.ok(un.includes('TITLE:Editor\\; Metro\\, Nights\\nand weekends\r\n'));
  assert.ok(un.includes('EMAIL:jane@example.org\r\n'));
  assert.ok(un.includes('LANG:es\r\n'));
  assert.ok(un.includes('REV:20260102T030405Z\r\n'));
  const long = contact('Ü'.repeat(60));
  affiliate(long, P.beta);
  const all = await t.api('viewer', 'GET', `/api/v1/partners/${P.beta}/contacts.vcf`);
  assert.equal(all.status, 200);
  assert.equal((all.text.match(/BEGIN:VCARD/g) || []).length, 3);
  for (const line of all.text.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line);
  assert.ok(all.text.replace(/\r\n[ \t]/g, '').includes(`FN:${'Ü'.repeat(60)}\r\n`));
  assert.equal((await t.api({ office: 1, role: 'viewer' }, 'GET', `/api/v1/contacts/${id}/vcard`)).status, 404);
  assert.equal((await t.api({ office: 1, role: 'viewer' }, 'GET', `/api/v1/partners/${P.beta}/contacts.vcf`)).status, 404);
  assert.equal((await t.api('viewer', 'GET', '/api/v1/contacts/abc/vcard')).status, 404);
});

test('handovers are listed newest first, a page at a time, for directors only', async () => {
  const first = await t.api('director', 'GET', '/api/v1/handovers?limit=2');
  assert.equal(first.status, 200);
  assert.deepEqual(first.body.items.map((h) => h.from_user_name), ['Carol Example', 'Dave Example']);
  assert.ok(first.body.next_cursor);
  const next = await t.api('director', 'GET', `/api/v1/handovers?limit=2&cursor=${first.body.next_cursor}`);
  assert.deepEqual(next.body.items.map((h) => h.from_user_name), ['Alice Example']);
  assert.equal(next.body.next_cursor, null);
  assert.equal((await t.api('director', 'GET', '/api/v1/handovers?cursor=bogus')).status, 422);
  assert.equal((await t.api('coordinator', 'GET', '/api/v1/handovers')).status, 403);
  assert.equal((await t.api({ office: 1, role: 'director' }, 'GET', '/api/v1/handovers')).body.items.length, 0);
});

test('advisory members follow contact merges; deleting a partner takes its members with it', async () => {
  const dup = contact('Gil Gamma (duplicate)');
  affiliate(dup, P.gamma);
  const m = await t.api('coordinator', 'POST', '/api/v1/advisory/members', { contact_id: dup, partner_id: P.gamma });
  assert.equal(m.status, 201, m.text);
  const merged = await t.api('coordinator', 'POST', `/api/v1/contacts/${C.gamma1}/merge`, { from_id: dup });
  assert.equal(merged.status, 200, merged.text);
  const members = await t.api('viewer', 'GET', '/api/v1/advisory/members');
  const after = members.body.items.find((x) => x.id === m.body.id);
  assert.equal(after.contact_id, C.gamma1);
  assert.equal(after.contact_name, 'Gil Gamma');
  const gone = partner('Short-lived Partner', 'institutional', 'media', 'prospect');
  const g = await t.api('coordinator', 'POST', '/api/v1/advisory/members', { contact_id: C.gamma1, partner_id: gone });
  assert.equal(g.status, 201);
  assert.equal((await t.api('director', 'DELETE', `/api/v1/partners/${gone}`)).status, 204);
  assert.ok(!(await t.api('viewer', 'GET', '/api/v1/advisory/members')).body.items.some((x) => x.id === g.body.id));
});

test('handover moves assigned feedback and misconception drafts too; elections join the calendar', async () => {
  addUser('gina', 'coordinator');
  const open = insert('feedback', { office_id: office, reference: 'FB-2026-900001', ref_year: 2026, ref_seq: 900001, received_at: NOW, channel: 'phone', source: 'voter', body: 'Where do I vote?', status: 'in_progress', assignee_id: U.gina, created_at: NOW, updated_at: NOW });
  const closed = insert('feedback', { office_id: office, reference: 'FB-2026-900002', ref_year: 2026, ref_seq: 900002, received_at: NOW, channel: 'email', source: 'voter', body: 'Thanks', status: 'closed', assignee_id: U.gina, closed_at: NOW, created_at: NOW, updated_at: NOW });
  const claim = insert('claims', { office_id: office, statement: 'Ballots are counted in secret', status: 'drafting', first_seen_at: NOW, created_at: NOW, updated_at: NOW });
  const v1 = insert('response_versions', { office_id: office, claim_id: claim, number: 1, drafted_by: U.gina, drafted_at: NOW });
  const done = insert('claims', { office_id: office, statement: 'Old rumor', status: 'published', first_seen_at: NOW, created_at: NOW, updated_at: NOW });
  const approved = insert('response_versions', { office_id: office, claim_id: done, number: 1, drafted_by: U.gina, drafted_at: NOW, approved_by: t.users[0].director.id, approved_at: NOW });

  const preview = await t.api('director', 'GET', `/api/v1/users/${U.gina}/handover?to_user_id=${U.bob}`);
  assert.equal(preview.body.counts.assigned_feedback, 1);
  assert.equal(preview.body.counts.misconception_drafts, 1);
  assert.equal(preview.body.holdings.assigned_feedback[0].title, 'FB-2026-900001');
  assert.equal(preview.body.holdings.misconception_drafts[0].title, 'Ballots are counted in secret');
  const r = await t.api('director', 'POST', `/api/v1/users/${U.gina}/handover`, { to_user_id: U.bob, confirm: true });
  assert.equal(r.status, 200, r.text);
  assert.equal(Number(sql(`SELECT assignee_id FROM feedback WHERE id = ${open};`)), U.bob);
  assert.equal(Number(sql(`SELECT assignee_id FROM feedback WHERE id = ${closed};`)), U.gina, 'closed work stays with who did it');
  assert.match(sql(`SELECT kind || ': ' || note FROM feedback_events WHERE feedback_id = ${open} ORDER BY id DESC LIMIT 1;`), /^assigned: Handed over from Gina Example/);
  assert.equal(Number(sql(`SELECT drafted_by FROM response_versions WHERE id = ${v1};`)), U.bob);
  assert.equal(Number(sql(`SELECT drafted_by FROM response_versions WHERE id = ${approved};`)), U.gina, 'approved versions are history');
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'handover' AND entity IN ('feedback', 'response_version');`), '2');
  assert.equal((await t.api('director', 'GET', `/api/v1/users/${U.gina}/handover`)).body.total, 0);

  // The office's elections appear in every feed.
  insert('elections', { office_id: office, name: 'General Election', election_date: day(30), type: 'general', created_at: NOW, updated_at: NOW });
  insert('elections', { office_id: t.officeIds[1], name: 'Other County Election', election_date: day(31), type: 'general', created_at: NOW, updated_at: NOW });
  const feed = await as('bob', 'POST', '/api/v1/me/calendar-feed');
  const ics = (await t.request('GET', new URL(feed.body.url).pathname)).text.replace(/\r\n[ \t]/g, '');
  assert.ok(ics.includes('SUMMARY:Election: General Election'));
  assert.ok(ics.includes(`DTSTART;VALUE=DATE:${day(30).replaceAll('-', '')}`));
  assert.ok(!ics.includes('Other County'));
});
