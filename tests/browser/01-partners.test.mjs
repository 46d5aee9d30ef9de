// 01-partners: a coordinator signs in, creates a partner (errors land next
// to their fields, typed values kept), records both vetting decisions,
// makes it active, edits it (a stale edit gets the 409 notice with a
// reload), and signs out; every screen passes axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, signInUI, expectAccessible, shot, go, noProblems, firstScreen } from './lib.mjs';

let b;
let page;
before(async () => {
  b = await startBrowser();
  page = await b.page();
});
after(async () => { if (b) await b.close(); });

test('the sign-in page is accessible, and a wrong password shows next to the field', async () => {
  await page.goto('/');
  await page.getByRole('heading', { name: 'Sign in to rapport' }).waitFor();
  await expectAccessible(page, 'sign-in');
  await shot(page, 'signin');
  await page.getByLabel('Email').fill('coordinator0@example.org');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const err = page.locator('#signin-password-err');
  await err.waitFor();
  assert.match(await err.textContent(), /email or the password is wrong/);
  assert.equal(await page.getByLabel('Email').inputValue(), 'coordinator0@example.org');
  assert.equal(await page.locator('#signin-password').getAttribute('aria-invalid'), 'true');
  await expectAccessible(page, 'sign-in with error');
});

test('first screen after sign-in: office name, role, navigation; render time measured', async () => {
  await page.getByLabel('Password').fill('correct horse battery staple');
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
  await firstScreen(page);
  const ms = Date.now() - t0;
  console.log(`sign-in click to dashboard data: ${ms} ms (includes the server's deliberate argon2id password check)`);
  const banner = page.getByRole('banner');
  assert.match(await banner.textContent(), /Test County/);
  assert.match(await banner.textContent(), /Coordinator/);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Partners' }).waitFor();
  await expectAccessible(page, 'dashboard');
  await shot(page, 'dashboard');
});

test('create a partner: API errors land next to the fields and nothing typed is lost', async () => {
  await go(page, '#/partners', 'Partners');
  await page.getByRole('link', { name: 'New partner' }).click();
  await page.getByRole('heading', { level: 1, name: 'New partner' }).waitFor();
  await expectAccessible(page, 'new partner');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Riverside Public Library');
  await page.getByLabel('Kind').selectOption('institutional');
  await page.getByLabel('Type').selectOption('library');
  await page.getByLabel('Website').fill('riverside.example');
  await page.getByLabel('Languages served').fill('es, vi');
  await page.getByLabel('Shared goals').fill('Reach new citizens\nHost voter registration');
  await page.getByRole('button', { name: 'Create partner' }).click();
  const err = page.locator('#pe-website-err');
  await err.waitFor();
  assert.match(await err.textContent(), /https:\/\//);
  assert.equal(await page.getByRole('textbox', { name: 'Name', exact: true }).inputValue(), 'Riverside Public Library');
  assert.equal(await page.getByLabel('Shared goals').inputValue(), 'Reach new citizens\nHost voter registration');
  const alert = page.getByRole('alert');
  assert.match(await alert.textContent(), /Website/);
  await expectAccessible(page, 'new partner with errors');
  await shot(page, 'partner-new-errors');
  await page.getByLabel('Website').fill('https://riverside.example');
  await page.getByRole('button', { name: 'Create partner' }).click();
  await page.getByRole('heading', { level: 1, name: 'Riverside Public Library' }).waitFor();
  assert.match(await page.locator('.facts').textContent(), /es, vi/);
});

test('vetting: both reviews pass, then the partner becomes active', async () => {
  // Straight to active is refused while vetting is pending.
  await page.getByLabel('New status').selectOption('vetting');
  await page.getByRole('button', { name: 'Change status' }).click();
  await page.locator('.page-head .badge', { hasText: 'Vetting' }).waitFor();
  await page.getByLabel('New status').selectOption('active');
  await page.getByRole('button', { name: 'Change status' }).click();
  await page.locator('#st-status-err').waitFor();
  assert.match(await page.locator('#st-status-err').textContent(), /legal review and the operational review/);
  for (const [aspect, label] of [['legal', 'Legal review'], ['operational', 'Operational review']]) {
    await page.getByRole('button', { name: `Record decision: ${label}` }).click();
    await page.locator(`#vet-${aspect}-outcome`).selectOption('passed');
    await page.locator(`#vet-${aspect}-notes`).fill(`${aspect} fit checked`);
    await page.locator(`#vet-${aspect}-outcome`).locator('xpath=ancestor::form').getByRole('button', { name: 'Save' }).click();
    await page.locator('.vetting', { hasText: `${aspect} fit checked` }).waitFor();
  }
  assert.equal(await page.locator('.vetting .badge', { hasText: 'Passed' }).count(), 2);
  await page.getByLabel('New status').selectOption('active');
  await page.getByLabel('Why (optional)').fill('Both reviews passed');
  await page.getByRole('button', { name: 'Change status' }).click();
  await page.locator('.page-head .badge', { hasText: 'Active' }).waitFor();
  await page.locator('.timeline', { hasText: 'Both reviews passed' }).waitFor();
  await expectAccessible(page, 'partner page');
  await shot(page, 'partner');
});

test('a stale edit gets the 409 notice, keeps the typed text, and offers to reload', async () => {
  const id = page.url().match(/#\/partners\/(\d+)/)[1];
  await page.getByRole('link', { name: 'Edit partner' }).click();
  await page.getByRole('heading', { level: 1, name: /^Edit / }).waitFor();
  // Someone else edits meanwhile.
  const cur = await b.t.api('coordinator', 'GET', `/api/v1/partners/${id}`);
  const other = await b.t.api('coordinator', 'PATCH', `/api/v1/partners/${id}`, { notes: 'Changed elsewhere', version: cur.body.version });
  assert.equal(other.status, 200);
  await page.getByLabel('Address').fill('12 Main St');
  await page.getByRole('button', { name: 'Save' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /Someone else changed this record/);
  assert.equal(await page.getByLabel('Address').inputValue(), '12 Main St');
  await expectAccessible(page, 'edit conflict');
  await shot(page, 'partner-edit-conflict');
  await page.getByRole('button', { name: 'Reload the current version' }).click();
  await page.getByLabel('Notes').and(page.locator('textarea')).waitFor();
  await page.waitForFunction(() => document.querySelector('#pe-notes').value === 'Changed elsewhere');
  await page.getByLabel('Address').fill('12 Main St');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { level: 1, name: 'Riverside Public Library' }).waitFor();
  assert.match(await page.locator('.facts').textContent(), /12 Main St/);
});

test('the partner list filters by status and pages by cursor', async () => {
  for (let i = 0; i < 27; i++) {
    const r = await b.t.api('coordinator', 'POST', '/api/v1/partners', { name: `Org ${String(i).padStart(2, '0')}`, kind: 'institutional', subtype: 'media' });
    assert.equal(r.status, 201);
  }
  await go(page, '#/partners', 'Partners');
  await page.locator('table.list tbody tr').first().waitFor();
  assert.equal(await page.locator('table.list tbody tr').count(), 25);
  await page.getByRole('button', { name: 'Next page' }).click();
  await page.waitForFunction(() => document.querySelectorAll('table.list tbody tr').length === 3);
  await page.getByRole('button', { name: 'Previous page' }).click();
  await page.waitForFunction(() => document.querySelectorAll('table.list tbody tr').length === 25);
  await page.getByLabel('Status').selectOption('active');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForFunction(() => document.querySelectorAll('table.list tbody tr').length === 1);
  assert.match(page.url(), /status=active/);
  await expectAccessible(page, 'partner list');
  await shot(page, 'partners');
});

test('sign out returns to the sign-in page and the session is gone', async () => {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to rapport' }).waitFor();
  const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
  assert.equal(me, 401);
  noProblems(page);
});
