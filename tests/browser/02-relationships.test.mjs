// 02-relationships: a coordinator keeps a relationship through the UI:
// adds contacts (one a past position), hands the primary and backup
// liaison roles, logs an interaction with what each side gave and a
// follow-up, marks it done, finds things by search, checks a CSV with a
// dry run then imports it, and adds a demographic group.  axe-core runs on
// each screen, and each is photographed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBrowser, signInUI, expectAccessible, shot, go, noProblems } from './lib.mjs';

let b;
let page;
let partnerId;
const tmp = mkdtempSync(join(tmpdir(), 'rapport-ui-'));
before(async () => {
  b = await startBrowser();
  const r = await b.t.api('coordinator', 'POST', '/api/v1/partners', { name: 'Harbor Senior Center', kind: 'institutional', subtype: 'community_organization', languages: ['es'] });
  assert.equal(r.status, 201);
  partnerId = r.body.id;
  page = await b.page();
  await signInUI(page, 'coordinator0@example.org');
});
after(async () => { if (b) await b.close(); rmSync(tmp, { recursive: true, force: true }); });

test('add a contact at the partner from its page, and a past one', async () => {
  await go(page, `#/partners/${partnerId}`, 'Harbor Senior Center');
  await page.getByRole('link', { name: 'Add a contact here' }).click();
  await page.getByRole('heading', { level: 1, name: 'New contact' }).waitFor();
  await page.getByRole('textbox', { name: 'Full name' }).fill('Rosa Diaz');
  await page.getByRole('textbox', { name: 'Email' }).fill('rosa@harbor.example');
  await page.getByLabel('Title').fill('Program director');
  await expectAccessible(page, 'new contact');
  await shot(page, 'contact-new');
  await page.getByRole('button', { name: 'Create contact' }).click();
  await page.getByRole('heading', { level: 1, name: 'Harbor Senior Center' }).waitFor();
  await page.locator('#sec-contacts').locator('..').getByRole('link', { name: 'Rosa Diaz' }).waitFor();

  // A second person who has since left: create, then end the position.
  const c = await b.t.api('coordinator', 'POST', '/api/v1/contacts', { full_name: 'Sam Okafor', partner_id: partnerId, title: 'Volunteer lead', started_on: '2024-01-10' });
  assert.equal(c.status, 201);
  await go(page, `#/contacts/${c.body.id}`, 'Sam Okafor');
  await page.getByRole('button', { name: 'End position at Harbor Senior Center' }).click();
  await page.locator('.badge', { hasText: 'Past' }).waitFor();
  await expectAccessible(page, 'contact page');
  await shot(page, 'contact');
  // A duplicate email is named next to the field, with the choice to keep it.
  await go(page, '#/contacts/new', 'New contact');
  await page.getByRole('textbox', { name: 'Full name' }).fill('Rosa D.');
  await page.getByRole('textbox', { name: 'Email' }).fill('rosa@harbor.example');
  await page.getByRole('button', { name: 'Create contact' }).click();
  await page.locator('#cn-email-err').waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'Full name' }).inputValue(), 'Rosa D.');
  await page.getByLabel('Keep this email even though another contact has it').waitFor();
  await go(page, '#/contacts', 'Contacts');
  await page.locator('table.list').getByRole('link', { name: 'Rosa Diaz' }).waitFor();
  await expectAccessible(page, 'contacts');
  await shot(page, 'contacts');
});

test('hand the liaison roles; the partner page shows current and past contacts', async () => {
  await go(page, `#/partners/${partnerId}`, 'Harbor Senior Center');
  await page.getByRole('button', { name: 'Change the Primary liaison' }).click();
  await page.getByLabel('Primary liaison').selectOption({ label: 'coordinator 0' });
  await page.getByRole('button', { name: 'Assign' }).click();
  await page.locator('#sec-liaisons').locator('..').getByText('coordinator 0').waitFor();
  await page.getByRole('button', { name: 'Change the Backup liaison' }).click();
  await page.getByLabel('Backup liaison').selectOption({ label: 'staff 0' });
  await page.getByRole('button', { name: 'Assign' }).click();
  await page.locator('#sec-liaisons').locator('..').getByText('staff 0').waitFor();
  const contacts = await page.locator('#sec-contacts').locator('..').textContent();
  assert.match(contacts, /Current.*Rosa Diaz.*Past.*Sam Okafor/s);
});

test('log an interaction with what each side gave and a follow-up, then mark it done', async () => {
  await page.getByRole('button', { name: 'Log an interaction' }).click();
  await page.getByLabel('Type').selectOption('presentation');
  await page.getByLabel('What happened').fill('Presented how to vote by mail to 40 seniors');
  await page.getByLabel('What the office gave').fill('A vote-by-mail presentation');
  await page.getByLabel('What the partner gave').fill('The room and an audience of 40');
  await page.getByLabel('Rosa Diaz').check();
  await page.getByLabel('Follow up by').fill('2020-01-01');
  await page.getByRole('button', { name: 'Log an interaction' }).last().click();
  // A follow-up date long past is fine; a missing summary would not be.
  await page.locator('.timeline', { hasText: 'Presented how to vote by mail' }).waitFor();
  const item = page.locator('#sec-interactions').locator('..').locator('.timeline > li').first();
  assert.match(await item.textContent(), /The room and an audience of 40/);
  assert.match(await item.textContent(), /With Rosa Diaz/);
  assert.match(await item.textContent(), /Overdue since/);
  await expectAccessible(page, 'partner page with interactions');
  await shot(page, 'partner-story');
  // The dashboard lists it as due.
  await go(page, '#/', 'Today');
  await page.locator('.attention', { hasText: 'Presented how to vote by mail' }).waitFor();
  await page.locator('#ch-month-cap').waitFor();
  await expectAccessible(page, 'dashboard with data');
  await shot(page, 'dashboard-data');
  await page.getByRole('button', { name: /^Mark done: Presented how/ }).click();
  await page.getByText('No follow-ups are due in the next seven days.').waitFor();
  await go(page, '#/follow-ups?include_done=true', 'Follow-ups');
  await page.getByText(/Followed up/).waitFor();
  await expectAccessible(page, 'follow-ups');
  await shot(page, 'follow-ups');
});

test('an interaction without a summary is refused next to the field', async () => {
  await go(page, `#/partners/${partnerId}`, 'Harbor Senior Center');
  await page.getByRole('button', { name: 'Log an interaction' }).click();
  await page.getByLabel('What the office gave').fill('A flyer');
  await page.getByRole('button', { name: 'Log an interaction' }).last().click();
  await page.locator('#ix-summary-err').waitFor();
  assert.equal(await page.getByLabel('What the office gave').inputValue(), 'A flyer');
});

test('search finds the partner, the contact and the interaction', async () => {
  await go(page, '#/search', 'Search');
  await page.getByRole('searchbox', { name: 'Words to find' }).fill('harbor');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.locator('.results').getByRole('link', { name: 'Harbor Senior Center', exact: true }).waitFor();
  await page.locator('.results').getByRole('link', { name: /^Harbor Senior Center: .*presentation/ }).waitFor();
  await page.getByRole('searchbox', { name: 'Words to find' }).fill('seniors');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.locator('.results li', { hasText: 'Interaction' }).first().waitFor();
  await expectAccessible(page, 'search');
  await shot(page, 'search');
  await page.getByRole('searchbox', { name: 'Words to find' }).fill('rosa');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.locator('.results').getByRole('link', { name: 'Rosa Diaz' }).click();
  await page.getByRole('heading', { level: 1, name: 'Rosa Diaz' }).waitFor();
});

test('import: the dry run reports each row and writes nothing; then the good rows go in', async () => {
  const csv = join(tmp, 'partners.csv');
  writeFileSync(csv, 'Org Name,Type,Website,Languages\nEastside Mosque,Faith-based,,Arabic\nNorth Radio,Media,https://north.example,\nMoon Base,Spaceship,,\n');
  await go(page, '#/import', 'Import from a spreadsheet');
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.locator('#im-file-err').waitFor();
  await page.getByLabel('CSV file').setInputFiles(csv);
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByRole('heading', { name: 'What the import would do' }).waitFor();
  const report = await page.locator('#imp-report').locator('..').textContent();
  assert.match(report, /Moon Base/);
  assert.equal(await page.locator('.stat-tiles li').nth(4).locator('.n').textContent(), '1');
  await page.getByRole('link', { name: 'Download the failed rows (CSV)' }).waitFor();
  await expectAccessible(page, 'import report');
  await shot(page, 'import-dry-run');
  const none = await b.t.api('viewer', 'GET', '/api/v1/partners?limit=200');
  assert.ok(!none.body.items.some((p) => p.name === 'North Radio'), 'the dry run wrote nothing');
  await page.getByLabel('Import the good rows even if some fail').check();
  await page.getByRole('button', { name: 'Import now' }).click();
  await page.getByRole('heading', { name: 'What the import did' }).waitFor();
  const after = await b.t.api('viewer', 'GET', '/api/v1/partners?limit=200');
  assert.ok(after.body.items.some((p) => p.name === 'North Radio'));
  assert.ok(!after.body.items.some((p) => p.name === 'Moon Base'));
});

test('demographic groups: add one, a bad share is named next to its field', async () => {
  await go(page, '#/groups', 'Demographic groups');
  await page.getByRole('button', { name: 'Add a group' }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Rural voters');
  await page.getByLabel('Category').selectOption('geography');
  await page.getByLabel('Share of population (%)').fill('250');
  await page.getByRole('button', { name: 'Add a group' }).last().click();
  await page.locator('#gn-population_pct-err').waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'Name', exact: true }).inputValue(), 'Rural voters');
  await page.getByLabel('Share of population (%)').fill('18');
  await page.getByRole('button', { name: 'Add a group' }).last().click();
  await page.locator('table.list th', { hasText: 'Rural voters' }).waitFor();
  await expectAccessible(page, 'groups');
  await shot(page, 'groups');
  noProblems(page);
});
