// 05-misconceptions: staff log a claim seen in the community; a
// coordinator triages it; a high-severity claim past its response target
// shows on the dashboard.  Skipped on a server without the misconceptions
// API, where the UI leaves the screen out (checked here too).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, signInUI, expectAccessible, shot, go, noProblems, firstScreen } from './lib.mjs';

let b;
let page;
let absent = false;
before(async () => {
  b = await startBrowser();
  absent = (await b.t.api('staff', 'GET', '/api/v1/misconceptions')).status === 404;
  if (!absent) {
    // Seen two days ago, high severity (24 h target): past its target.
    const old = new Date(Date.now() - 48 * 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');
    const r = await b.t.api('staff', 'POST', '/api/v1/misconceptions', { statement: 'Ballots marked in pencil are thrown out', topic: 'counting', severity: 'high', first_seen_at: old });
    assert.equal(r.status, 201, r.text);
  }
  page = await b.page();
  await signInUI(page, 'coordinator0@example.org');
});
after(async () => { if (b) await b.close(); });

test('without the misconceptions API the screen is left out', async (t) => {
  if (!absent) return t.skip('this server has the misconceptions API');
  await firstScreen(page);
  assert.doesNotMatch(await page.getByRole('navigation', { name: 'Main' }).textContent(), /Misconceptions/);
  assert.equal(await page.locator('#dash-claims').count(), 0);
  await go(page, '#/misconceptions', 'Page not found');
});

test('the dashboard lists the claim past its target; log and triage another', async (t) => {
  if (absent) return t.skip('no misconceptions API on this server');
  await firstScreen(page);
  await page.locator('#dash-claims').locator('..').getByRole('link', { name: 'Ballots marked in pencil are thrown out' }).waitFor();
  await go(page, '#/misconceptions', 'Misconceptions');
  await page.getByRole('link', { name: 'Log a claim' }).click();
  await page.getByRole('heading', { level: 1, name: 'Log a claim' }).waitFor();
  await page.getByRole('button', { name: 'Log the claim' }).click();
  await page.locator('#mn-statement-err').waitFor();
  await page.getByLabel('The claim').fill('You can vote by text message');
  await page.getByLabel('Topic').selectOption('mail_voting');
  await page.getByLabel('Severity').selectOption('high');
  await expectAccessible(page, 'log a claim');
  await page.getByRole('button', { name: 'Log the claim' }).click();
  await page.getByRole('heading', { level: 1, name: 'You can vote by text message' }).waitFor();
  await page.getByLabel('Next step').selectOption('triaged');
  await page.getByRole('button', { name: 'Record the step' }).click();
  await page.locator('.timeline', { hasText: 'Triaged' }).waitFor();
  await expectAccessible(page, 'claim');
  await shot(page, 'misconception');
  await go(page, '#/misconceptions', 'Misconceptions');
  await page.locator('.board section', { hasText: 'Triaged' }).getByRole('link', { name: 'You can vote by text message' }).waitFor();
  await expectAccessible(page, 'misconceptions');
  await shot(page, 'misconceptions');
  noProblems(page);
});
