// 04-feedback-continuity: front-desk staff record a phone call in seconds;
// it waits on the dashboard until someone steps it through to the action
// taken (which must be described); the continuity screen ranks the active
// partners at risk and lists the coverage gaps.  axe-core on each screen.
// On a server built without the feedback or continuity API the UI leaves
// those screens out; then this file checks just that, and skips the rest.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, signInUI, expectAccessible, shot, go, noProblems, firstScreen } from './lib.mjs';

let b;
let page;
let absent = false;
before(async () => {
  b = await startBrowser();
  absent = (await b.t.api('staff', 'GET', '/api/v1/feedback')).status === 404 ||
    (await b.t.api('staff', 'GET', '/api/v1/continuity/risks')).status === 404;
  // An active partner with nobody assigned: a continuity risk.
  const p = await b.t.api('coordinator', 'POST', '/api/v1/partners', { name: 'Westside Library', kind: 'institutional', subtype: 'library', status: 'vetting' });
  for (const a of ['legal', 'operational']) await b.t.api('coordinator', 'PUT', `/api/v1/partners/${p.body.id}/vetting/${a}`, { outcome: 'passed' });
  const act = await b.t.api('coordinator', 'PATCH', `/api/v1/partners/${p.body.id}`, { status: 'active', version: (await b.t.api('coordinator', 'GET', `/api/v1/partners/${p.body.id}`)).body.version });
  assert.equal(act.status, 200);
  page = await b.page();
  await signInUI(page, 'staff0@example.org');
});

test('without the feedback or continuity API their screens are left out', async (t) => {
  if (!absent) return t.skip('this server has both APIs');
  await firstScreen(page);
  const nav = await page.getByRole('navigation', { name: 'Main' }).textContent();
  const feedback = (await b.t.api('staff', 'GET', '/api/v1/feedback')).status !== 404;
  const continuity = (await b.t.api('staff', 'GET', '/api/v1/continuity/risks')).status !== 404;
  assert.equal(/Feedback/.test(nav), feedback);
  assert.equal(/Continuity/.test(nav), continuity);
  assert.equal(await page.locator('#dash-feedback').count(), feedback ? 1 : 0);
  assert.equal(await page.locator('#dash-risks').count(), continuity ? 1 : 0);
  if (!feedback) await go(page, '#/feedback', 'Page not found');
  noProblems(page);
});
after(async () => { if (b) await b.close(); });

test('record a phone call; it waits on the dashboard', async (t) => {
  if (absent) return t.skip('no feedback or continuity API on this server');
  await go(page, '#/feedback', 'Feedback');
  await page.getByRole('link', { name: 'Record feedback' }).click();
  await page.getByRole('heading', { level: 1, name: 'Record feedback' }).waitFor();
  await page.getByRole('button', { name: 'Record feedback' }).click();
  await page.locator('#fn-body-err').waitFor();
  await page.getByLabel('What the person said').fill('Caller asked whether the drop box on Elm St is still open after 7 pm.');
  await page.getByRole('textbox', { name: 'Email' }).fill('not-an-email');
  await expectAccessible(page, 'feedback intake');
  await shot(page, 'feedback-new');
  await page.getByRole('textbox', { name: 'Email' }).fill('');
  await page.getByRole('button', { name: 'Record feedback' }).click();
  // The form empties for the next call and links to the record just made.
  await page.locator('#fn-saved').getByRole('link', { name: /^Open FB-\d{4}-\d+/ }).click();
  await page.getByRole('heading', { level: 1, name: /^Feedback FB-\d{4}-\d+/ }).waitFor();
  await go(page, '#/', 'Today');
  await firstScreen(page);
  await page.locator('#dash-feedback').locator('..').getByText(/drop box on Elm St/).waitFor();
  await page.locator('#dash-risks').locator('..').getByRole('link', { name: 'Westside Library' }).waitFor();
  assert.match(await page.locator('#dash-risks').locator('..').textContent(), /No primary liaison/);
  await expectAccessible(page, 'dashboard with feedback and risks');
  await shot(page, 'dashboard-attention');
});

test('step the feedback to action taken; the action must be described', async (t) => {
  if (absent) return t.skip('no feedback or continuity API on this server');
  await page.locator('#dash-feedback').locator('..').getByRole('link', { name: /^FB-/ }).click();
  await page.getByRole('heading', { level: 1, name: /^Feedback FB-/ }).waitFor();
  await page.getByLabel('Next step').selectOption('action_taken');
  await page.getByRole('button', { name: 'Record the step' }).click();
  await page.locator('#fs-action_taken-err').waitFor();
  await page.getByLabel('Action taken').fill('Called back: the box is open until 8 pm on election day.');
  await page.getByRole('button', { name: 'Record the step' }).click();
  await page.locator('.page-head .badge', { hasText: 'Action taken' }).waitFor();
  assert.match(await page.locator('main').textContent(), /Called back: the box is open/);
  await expectAccessible(page, 'feedback record');
  await shot(page, 'feedback');
  await go(page, '#/feedback', 'Feedback');
  await page.locator('table.list').getByRole('link', { name: /^FB-/ }).waitFor();
  await expectAccessible(page, 'feedback list');
  await shot(page, 'feedback-list');
});

test('continuity: risks ranked with their reasons, and the coverage gaps', async (t) => {
  if (absent) return t.skip('no feedback or continuity API on this server');
  await go(page, '#/continuity', 'Continuity');
  await page.locator('#co-risks').locator('..').getByRole('link', { name: 'Westside Library' }).waitFor();
  await page.locator('#co-gaps').locator('..').getByText('Seniors (65+)').waitFor();
  await expectAccessible(page, 'continuity');
  await shot(page, 'continuity');
  noProblems(page);
});
