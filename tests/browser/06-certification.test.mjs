// 06-certification: a director chooses a 12-month period and makes the
// certification packet, edits a drafted answer and saves it (the print HTML
// then carries the edit), a stale save offers a reload, the screens pass
// axe-core and work at 320 px; staff and viewers neither see the entry nor
// open the screens, and the server refuses them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, signInUI, expectAccessible, shot, go, noProblems } from './lib.mjs';

let b;
before(async () => {
  b = await startBrowser();
  const p = await b.t.api('coordinator', 'POST', '/api/v1/partners', { name: 'Riverside Library', kind: 'intra_governmental', subtype: 'library' });
  assert.equal(p.status, 201);
  const i = await b.t.api('staff', 'POST', `/api/v1/partners/${p.body.id}/interactions`, { occurred_on: '2026-10-02', type: 'tour', direction: 'office_gave', summary: 'Tour of the counting center' });
  assert.equal(i.status, 201);
});
after(async () => { if (b) await b.close(); });

test('a director makes a packet, edits a drafted answer and saves it', async () => {
  const page = await b.page();
  await signInUI(page, 'director0@example.org');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Certification' }).click();
  await page.getByRole('heading', { level: 1, name: 'Certification packet' }).waitFor();
  await page.getByText('No packet has been made yet.').waitFor();
  // A period longer than 12 months is refused next to the field, and what was typed stays.
  await page.getByLabel('First day').fill('2020-01-01');
  await page.getByLabel('Last day').fill('2026-10-31');
  await page.getByRole('button', { name: 'Make the packet' }).click();
  await page.locator('#cp-to-err').waitFor();
  assert.equal(await page.getByLabel('First day').inputValue(), '2020-01-01');
  await expectAccessible(page, 'certification (error)');
  await page.getByLabel('First day').fill('2025-11-01');
  await page.getByRole('button', { name: 'Make the packet' }).click();
  await page.getByRole('heading', { level: 1, name: /^Packet for / }).waitFor();
  const id = Number(/#\/certification\/(\d+)/.exec(page.url())[1]);
  const answer = page.getByLabel(/How does your office ensure that community contacts/);
  assert.match(await answer.inputValue(), /active relationships/);
  await page.getByText('As drafted from the records.').first().waitFor();
  await expectAccessible(page, 'certification packet');
  await shot(page, 'certification-packet');

  await answer.fill('Every partner has two liaisons; see the handover record.');
  await page.getByRole('button', { name: 'Save the answers' }).click();
  await page.getByText(/^Edited by director 0/).waitFor();
  assert.equal(await answer.inputValue(), 'Every partner has two liaisons; see the handover record.');
  await page.getByText('Show the drafted text').click();
  await page.locator('details.data p', { hasText: /active relationships/ }).waitFor();
  const stored = (await b.t.api('director', 'GET', `/api/v1/certification/packets/${id}`)).body;
  assert.equal(stored.drafts.staffing_changes.text, 'Every partner has two liaisons; see the handover record.');
  assert.equal(stored.drafts.staffing_changes.edited_by, 'director 0');
  assert.match(stored.drafts.staffing_changes.drafted, /active relationships/);
  // The print version, opened from the page with the session, carries the edit.
  const printed = await page.evaluate(async (href) => (await fetch(href)).text(),
    await page.getByRole('link', { name: 'Open the print version' }).getAttribute('href'));
  assert.match(printed, /Every partner has two liaisons; see the handover record\./);
  assert.equal(await page.getByRole('link', { name: /Download the PDF/ }).getAttribute('href'), `/api/v1/certification/packets/${id}/pdf`);
  assert.equal(await page.getByRole('link', { name: /Download the ZIP/ }).getAttribute('href'), `/api/v1/certification/packets/${id}/zip`);

  // Someone else saves first: the save is refused, the typed text stays, and a reload is offered.
  const other = await b.t.api('admin', 'PATCH', `/api/v1/certification/packets/${id}/drafts`, { drafts: { staffing_changes: 'The admin\'s version.' }, version: stored.version });
  assert.equal(other.status, 200);
  await answer.fill('My newer text.');
  await page.getByRole('button', { name: 'Save the answers' }).click();
  await page.getByRole('button', { name: 'Reload the current version' }).waitFor();
  assert.equal(await answer.inputValue(), 'My newer text.');
  await expectAccessible(page, 'certification conflict');
  await page.getByRole('button', { name: 'Reload the current version' }).click();
  await page.waitForFunction(() => document.querySelector('textarea[name="drafts.staffing_changes"]')?.value === 'The admin\'s version.');

  await go(page, '#/certification', 'Certification packet');
  await page.locator('table.list').getByRole('link', { name: /to/ }).first().waitFor();
  await expectAccessible(page, 'certification list');
  await shot(page, 'certification');
  noProblems(page);
});

test('the certification screens work at 320 px', async () => {
  const page = await b.page({ width: 320, height: 800 });
  await signInUI(page, 'admin0@example.org');
  await go(page, '#/certification', 'Certification packet');
  await page.locator('table.list').waitFor();
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
  assert.equal(wide, false, 'no sideways scrolling at 320 px');
  await page.locator('table.list a').first().click();
  await page.getByRole('heading', { level: 1, name: /^Packet for / }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth), false);
  await expectAccessible(page, 'certification packet at 320 px');
  await shot(page, 'certification-320');
  noProblems(page);
});

test('staff and viewers cannot reach the certification screens', async () => {
  const packets = (await b.t.api('director', 'GET', '/api/v1/certification/packets')).body.items;
  for (const role of ['viewer', 'staff', 'coordinator']) {
    const page = await b.page();
    await signInUI(page, `${role}0@example.org`);
    const nav = await page.getByRole('navigation', { name: 'Main' }).textContent();
    assert.doesNotMatch(nav, /Certification/, role);
    await go(page, '#/certification', 'Not available to your role');
    await go(page, `#/certification/${packets[0].id}`, 'Not available to your role');
    const status = await page.evaluate(async () => (await fetch('/api/v1/certification/packets')).status);
    assert.equal(status, 403, role);
    noProblems(page);
  }
});
