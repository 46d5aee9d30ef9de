// 06-continuity-screens: the continuity and coverage screens as staff use
// them.  A director hands over a departing coordinator who holds partners
// and follow-ups (afterwards nothing is left without an owner); a
// coordinator records an advisory meeting with its attendance and a
// recommendation, writes an outreach letter from a template and marks it
// sent; the coverage view names the gaps and the prospect that would fill
// one; my relationships, strength and the calendar feed.  axe-core on
// every new screen at desktop width and at 320 px; screenshots of each.
// Skipped on a server without the continuity API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, signInUI, expectAccessible, shot, go, noProblems, PASSWORD } from './lib.mjs';

let b;
let absent = false;
const P = {};
let dana;
let groups;

function day(n) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

async function ok(r, status = [200, 201]) {
  assert.ok([].concat(status).includes(r.status), `${r.status} ${r.text}`);
  return r.body;
}

async function partner(name, status, extra = {}) {
  const api = b.t.api;
  const p = await ok(await api('coordinator', 'POST', '/api/v1/partners', { name, kind: 'institutional', subtype: 'community_organization', status: status === 'prospect' ? 'prospect' : 'vetting', ...extra }));
  if (status === 'active') {
    for (const a of ['legal', 'operational']) await ok(await api('coordinator', 'PUT', `/api/v1/partners/${p.id}/vetting/${a}`, { outcome: 'passed' }));
    const cur = await ok(await api('coordinator', 'GET', `/api/v1/partners/${p.id}`));
    await ok(await api('coordinator', 'PATCH', `/api/v1/partners/${p.id}`, { status: 'active', version: cur.version }));
  }
  return p.id;
}

async function contact(name, partnerId) {
  const c = await ok(await b.t.api('staff', 'POST', '/api/v1/contacts', { full_name: name, email: `${name.split(' ')[0].toLowerCase()}@partner.example` }));
  await ok(await b.t.api('staff', 'POST', `/api/v1/contacts/${c.id}/affiliations`, { partner_id: partnerId }));
  return c.id;
}

before(async () => {
  b = await startBrowser();
  absent = (await b.t.api('staff', 'GET', '/api/v1/continuity/risks')).status === 404;
  if (absent) return;
  const api = b.t.api;
  const all = (await ok(await api('viewer', 'GET', '/api/v1/demographic-groups'))).items;
  groups = Object.fromEntries(all.map((g) => [g.name, g.id]));
  // Known shares: seniors 20 %, young voters 10 %, Vietnamese speakers 5 %.
  for (const [name, share] of [['Seniors (65+)', 0.2], ['Young voters (18-24)', 0.1], ['Vietnamese-speaking voters', 0.05]]) {
    const g = all.find((x) => x.name === name);
    await ok(await api('coordinator', 'PATCH', `/api/v1/demographic-groups/${g.id}`, { population_share: share, version: g.version }));
  }
  // Dana is leaving: primary liaison of two partners, backup of none, with
  // an open follow-up; the coordinator is Harbor's backup and steps up.
  dana = (await ok(await api('admin', 'POST', '/api/v1/users', { email: 'dana@example.org', name: 'Dana Departing', role: 'coordinator', password: PASSWORD }))).id;
  P.harbor = await partner('Harbor Senior Center', 'active', { demographic_group_ids: [groups['Seniors (65+)']] });
  P.north = await partner('Northside Youth Coalition', 'active', { demographic_group_ids: [groups['Young voters (18-24)']] });
  P.saigon = await partner('Saigon Community Association', 'prospect', { demographic_group_ids: [groups['Vietnamese-speaking voters']], languages: ['vi'], shared_goals: ['accurate information in Vietnamese'] });
  await ok(await api('coordinator', 'PUT', `/api/v1/partners/${P.harbor}/liaisons/primary`, { user_id: dana }));
  await ok(await api('coordinator', 'PUT', `/api/v1/partners/${P.harbor}/liaisons/backup`, { user_id: b.t.users[0].coordinator.id }));
  await ok(await api('coordinator', 'PUT', `/api/v1/partners/${P.north}/liaisons/primary`, { user_id: dana }));
  await ok(await api('staff', 'POST', `/api/v1/partners/${P.north}/interactions`, {
    occurred_on: day(-3), type: 'meeting', direction: 'both', summary: 'Planned a campus registration drive', follow_up_on: day(4), follow_up_owner: dana,
  }));
  P.harborContact = await contact('Hattie Harbor', P.harbor);
  P.saigonContact = await contact('Lan Nguyen', P.saigon);
  await ok(await api('coordinator', 'POST', '/api/v1/advisory/members', { contact_id: P.harborContact, partner_id: P.harbor, joined_on: day(-60) }));
});
after(async () => { if (b) await b.close(); });

test('a director hands over a departing coordinator; nothing is left without an owner', async (t) => {
  if (absent) return t.skip('no continuity API on this server');
  const page = await b.page();
  await signInUI(page, 'director0@example.org');
  await go(page, '#/handovers', 'Handovers');
  await page.getByLabel('Who is leaving').selectOption({ label: 'Dana Departing (Coordinator)' });
  await page.getByRole('button', { name: 'Preview the handover' }).click();
  await page.getByRole('heading', { level: 1, name: 'Hand over Dana Departing’s relationships' }).waitFor();
  await page.getByRole('heading', { name: 'Dana Departing holds 3 items' }).waitFor();
  // Without a successor the preview names the problem next to the field.
  await page.locator('#ho-to_user_id-err').waitFor();
  const holds = page.locator('#ho-liaison_primary').locator('..');
  assert.match(await holds.textContent(), /Harbor Senior Center.*coordinator 0, the backup, becomes primary/s);
  await page.locator('#ho-to_user_id').selectOption({ label: 'staff 0 (Staff)' });
  await page.getByRole('button', { name: 'Preview with these successors' }).click();
  await page.locator('#ho-to_user_id-err').waitFor({ state: 'detached' });
  assert.match(await page.locator('#ho-follow_ups').locator('..').textContent(), /Northside Youth Coalition.*staff 0/s);
  assert.match(await page.locator('#ho-liaison_primary').locator('..').textContent(), /Northside Youth Coalition\s*staff 0/);
  await expectAccessible(page, 'handover preview');
  await shot(page, 'handover-preview');
  const apply = page.getByRole('button', { name: 'Hand over and close the account' });
  assert.equal(await apply.isDisabled(), true, 'confirming needs the box ticked');
  await page.getByLabel('I want to hand over everything Dana Departing holds and close the account').check();
  await apply.click();
  await page.getByRole('heading', { level: 1, name: 'Dana Departing handed over' }).waitFor();
  assert.match(await page.locator('main').textContent(), /3 items moved; 2 partners noted/);
  await expectAccessible(page, 'handover result');
  await shot(page, 'handover-done');

  // Nothing is left with Dana, and every partner has an active primary.
  const api = b.t.api;
  assert.equal((await ok(await api('director', 'GET', `/api/v1/users/${dana}/handover`))).total, 0);
  for (const pid of [P.harbor, P.north]) {
    const ls = (await ok(await api('viewer', 'GET', `/api/v1/partners/${pid}/liaisons`))).items;
    const primary = ls.find((l) => l.role === 'primary' && !l.ended_at);
    assert.ok(primary && primary.user_id !== dana, `partner ${pid} has a primary who is not Dana`);
  }
  const fus = (await ok(await api('viewer', 'GET', '/api/v1/follow-ups'))).items;
  assert.ok(fus.length > 0 && fus.every((f) => f.follow_up_owner !== dana));
  const users = (await ok(await api('viewer', 'GET', '/api/v1/users'))).items;
  assert.equal(users.find((u) => u.id === dana).active, false);

  await go(page, '#/handovers', 'Handovers');
  await page.locator('table.list').getByText('Dana Departing').waitFor();
  await expectAccessible(page, 'handover history');
  await shot(page, 'handovers');
  noProblems(page);
});

test('a coordinator records an advisory meeting with attendance and a recommendation', async (t) => {
  if (absent) return t.skip('no continuity API on this server');
  const page = await b.page();
  await signInUI(page, 'coordinator0@example.org');
  await go(page, '#/advisory', 'Advisory group');
  await page.locator('#adv-members').locator('..').getByText('Hattie Harbor').waitFor();
  await page.getByRole('button', { name: 'Record a meeting' }).click();
  await page.getByLabel('Title').fill('');
  await page.locator('form').getByRole('button', { name: 'Record a meeting' }).click();
  await page.locator('#mt-title-err').waitFor();
  await page.getByLabel('Date').fill(day(-1));
  await page.getByLabel('Title').fill('Autumn advisory meeting');
  await page.getByLabel('Agenda').fill('Poll worker recruitment; Vietnamese ballot guides');
  await page.locator('form').getByRole('button', { name: 'Record a meeting' }).click();
  await page.getByRole('heading', { level: 1, name: 'Autumn advisory meeting' }).waitFor();
  await page.getByLabel('Hattie Harbor (Harbor Senior Center)').check();
  await page.getByRole('button', { name: 'Save attendance' }).click();
  await page.locator('#mt-att').locator('..').getByRole('link', { name: 'Harbor Senior Center' }).waitFor();
  await page.getByRole('textbox', { name: 'Minutes' }).fill('Agreed to translate the ballot guide.');
  await page.getByRole('button', { name: 'Save the meeting' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved the meeting.' }).waitFor();
  await page.locator('#rn-title').fill('Print Vietnamese ballot guides');
  await page.getByRole('button', { name: 'Record a recommendation' }).click();
  await page.locator('#adv-recs').locator('..').getByText('Print Vietnamese ballot guides').waitFor();
  await page.getByRole('button', { name: 'Decide or change: Print Vietnamese ballot guides' }).click();
  const decide = page.locator('#adv-recs').locator('..').locator('form').last();
  await decide.getByRole('button', { name: 'Save' }).click();
  await decide.locator('.field-error').first().waitFor();   // adopting needs what was done
  await decide.getByLabel('What was done').fill('Printed 500 guides for the library branches.');
  await decide.getByRole('button', { name: 'Save' }).click();
  await page.locator('#adv-recs').locator('..').locator('.badge', { hasText: 'Adopted' }).waitFor();
  const m = (await ok(await b.t.api('viewer', 'GET', '/api/v1/advisory/meetings'))).items.find((x) => x.title === 'Autumn advisory meeting');
  const full = await ok(await b.t.api('viewer', 'GET', `/api/v1/advisory/meetings/${m.id}`));
  assert.deepEqual(full.attendance.map((a) => a.contact_name), ['Hattie Harbor']);
  assert.equal(full.minutes, 'Agreed to translate the ballot guide.');
  assert.equal(full.recommendations[0].status, 'adopted');
  await expectAccessible(page, 'advisory meeting');
  await shot(page, 'advisory-meeting');
  await go(page, '#/advisory', 'Advisory group');
  await page.locator('#adv-meetings').locator('..').getByRole('link', { name: 'Autumn advisory meeting' }).waitFor();
  await expectAccessible(page, 'advisory group');
  await shot(page, 'advisory');
  noProblems(page);
});

test('write an outreach letter to a prospect from a template, print it and mark it sent', async (t) => {
  if (absent) return t.skip('no continuity API on this server');
  const page = await b.page();
  await signInUI(page, 'coordinator0@example.org');
  await go(page, '#/letters', 'Outreach letters');
  await page.getByRole('button', { name: 'New template' }).click();
  await page.getByLabel('Template name').fill('Prospect introduction');
  await page.getByLabel('Subject').fill('{{office.name}} and {{partner.name}}');
  await page.getByLabel('Text').fill('Dear {{contact.name}},\n\nWe share a goal: {{shared_goals}}. We offer {{offerings}}.\n\n{{sender.nmae}}');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('#lt-body-err').waitFor();   // the misspelt placeholder is refused next to the text
  assert.equal(await page.getByLabel('Template name').inputValue(), 'Prospect introduction', 'nothing typed is lost');
  await page.getByLabel('Text').fill('Dear {{contact.name}},\n\nWe share a goal: {{shared_goals}}. We offer {{offerings}}.\n\n{{sender.name}}');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('#lt-h').locator('..').getByText('Prospect introduction').waitFor();
  await page.getByLabel('Partner').selectOption({ label: 'Saigon Community Association (prospect)' });
  await page.getByLabel('To', { exact: true }).selectOption({ label: 'Lan Nguyen' });
  await page.getByLabel('Template', { exact: true }).selectOption({ label: 'Prospect introduction' });
  await page.getByRole('button', { name: 'Show the letter' }).click();
  const letter = page.locator('pre.letter-text');
  await letter.waitFor();
  assert.match(await letter.textContent(), /^Dear Lan Nguyen,\n\nWe share a goal: accurate information in Vietnamese\./);
  const printable = await page.getByRole('link', { name: /Printable page/ }).getAttribute('href');
  const html = await page.evaluate(async (u) => (await fetch(u)).text(), printable);
  assert.match(html, /Dear Lan Nguyen/);
  await expectAccessible(page, 'letters');
  await shot(page, 'letters');
  await page.getByRole('button', { name: 'Mark as sent' }).click();
  await page.locator('.alert.ok').filter({ hasText: 'Logged as an outreach letter' }).waitFor();
  const ints = (await ok(await b.t.api('viewer', 'GET', `/api/v1/partners/${P.saigon}/interactions`))).items;
  assert.equal(ints.filter((i) => i.type === 'outreach_letter').length, 1);
  noProblems(page);
});

test('coverage names the gaps and the prospect that would fill one; strength shows its factors', async (t) => {
  if (absent) return t.skip('no continuity API on this server');
  const page = await b.page();
  await signInUI(page, 'viewer0@example.org');
  await go(page, '#/coverage', 'Coverage');
  // Only the young voters (10 %) are covered (Northside was met this week);
  // the seniors have a partner nobody has met in a year.
  const summary = page.locator('#cov-sum').locator('..');
  await summary.getByText(/Weighted by population: 28\.6% of the population/).waitFor();
  assert.match(await summary.textContent(), /shares known for 35% of the population; 10% of groups covered, unweighted/);
  const gaps = page.locator('#cov-gaps').locator('..');
  assert.match(await gaps.locator('li').first().textContent(), /^Seniors \(65\+\)/, 'the largest share comes first');
  const vi = gaps.locator('li', { hasText: 'Vietnamese-speaking voters' });
  await vi.waitFor();
  assert.match(await vi.textContent(), /No active partner reaches this group\.\s*Prospects that would fill it:\s*Saigon Community Association/);
  // Harbor reaches the seniors but nobody has been in touch this year.
  assert.match(await gaps.locator('li', { hasText: 'Seniors (65+)' }).textContent(), /No recent contact.*One active partner reaches this group, but nobody has been in touch/s);
  await page.locator('#cov-chart-cap').waitFor();
  assert.ok(await page.locator('#cov-chart-h').locator('..').locator('svg rect.bar').count() >= 2);
  await expectAccessible(page, 'coverage');
  await shot(page, 'coverage');

  await go(page, '#/strength', 'Relationship strength');
  await page.getByRole('button', { name: 'Show the factors for Harbor Senior Center' }).click();
  const table = page.getByRole('table', { name: 'Strength factors of Harbor Senior Center' });
  await table.waitFor();
  for (const f of ['Recency', 'Frequency', 'Reciprocity', 'Contacts', 'Liaisons', 'Advisory participation']) await table.getByRole('rowheader', { name: f }).waitFor();
  await expectAccessible(page, 'strength');
  await shot(page, 'strength');
  await go(page, `#/partners/${P.harbor}`, 'Harbor Senior Center');
  await page.getByRole('table', { name: 'Strength factors of Harbor Senior Center' }).waitFor();
  await expectAccessible(page, 'partner with strength');
  noProblems(page);
});

test('my relationships, the risk list and the calendar feed', async (t) => {
  if (absent) return t.skip('no continuity API on this server');
  const page = await b.page();
  await signInUI(page, 'coordinator0@example.org');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My relationships' }).click();
  await page.getByRole('heading', { level: 1, name: 'My relationships' }).waitFor();
  await page.locator('#mine-partners').locator('..').getByRole('link', { name: 'Harbor Senior Center' }).waitFor();
  await expectAccessible(page, 'my relationships');
  await shot(page, 'my-relationships');
  await go(page, '#/continuity', 'Continuity');
  const risks = page.locator('#co-risks').locator('..');
  await risks.getByRole('link', { name: 'Harbor Senior Center' }).waitFor();
  assert.match(await risks.textContent(), /No backup liaison/);
  await expectAccessible(page, 'continuity');
  await shot(page, 'continuity-risks');
  await go(page, '#/account', 'Your account');
  await page.getByRole('button', { name: 'Make a calendar feed' }).click();
  const url = await page.locator('#cal-url').textContent();
  assert.match(url, /^webcal:\/\/.+\/calendar\/rcal_\d+_[0-9a-f]{64}\.ics$/);
  const ics = await page.evaluate(async (u) => (await fetch(u.replace(/^webcal:/, location.protocol))).text(), url);
  assert.match(ics, /^BEGIN:VCALENDAR/);
  await page.getByText(/Your feed rcal_\d+_[0-9a-f]+… was made/).waitFor();
  await expectAccessible(page, 'account with calendar feed');
  await shot(page, 'account-calendar');
  await page.getByRole('button', { name: 'Revoke the feed' }).click();
  await page.getByText('You have no calendar feed.').waitFor();
  const gone = await page.evaluate(async (u) => (await fetch(u.replace(/^webcal:/, location.protocol))).status, url);
  assert.equal(gone, 404);
  noProblems(page);
});

test('every continuity screen passes axe at 320 px', async (t) => {
  if (absent) return t.skip('no continuity API on this server');
  const page = await b.page({ width: 320, height: 720 });
  await signInUI(page, 'director0@example.org');
  const meeting = (await ok(await b.t.api('viewer', 'GET', '/api/v1/advisory/meetings'))).items[0];
  const tpl = (await ok(await b.t.api('viewer', 'GET', '/api/v1/letter-templates'))).items[0];
  const screens = [
    ['#/continuity', 'Continuity', 'continuity'], ['#/me/relationships', 'My relationships', 'my-relationships'],
    ['#/coverage', 'Coverage', 'coverage'], ['#/strength', 'Relationship strength', 'strength'],
    ['#/handovers', 'Handovers', 'handovers'], [`#/users/${b.t.users[0].staff.id}/handover`, 'Hand over staff 0’s relationships', 'handover-preview'],
    ['#/advisory', 'Advisory group', 'advisory'], [`#/advisory/meetings/${meeting.id}`, meeting.title, 'advisory-meeting'],
    [`#/letters?partner=${P.saigon}&template=${tpl.id}`, 'Outreach letters', 'letters'], ['#/account', 'Your account', 'account-calendar'],
  ];
  for (const [hash, heading, name] of screens) {
    await go(page, hash, heading);
    await page.locator('main .loading').first().waitFor({ state: 'detached' }).catch(() => {});
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, `${name} at 320 px`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `${name} scrolls sideways at 320 px (${overflow}px)`);
    await shot(page, `${name}-320`);
  }
  noProblems(page);
});
