// 03-roles-and-screens: a viewer sees no edit controls and cannot edit; an
// administrator's screens (users, office settings, audit log) work and pass
// axe-core; the main screens work at 320 px wide without sideways
// scrolling; the first screen's render time and the UI's total transfer
// size are measured and printed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowser, signInUI, expectAccessible, shot, go, noProblems, firstScreen } from './lib.mjs';

let b;
let partnerId;
before(async () => {
  b = await startBrowser();
  const p = await b.t.api('coordinator', 'POST', '/api/v1/partners', { name: 'Lakeside Tribal Council', kind: 'intra_governmental', subtype: 'tribal_government', website: 'https://lakeside.example', shared_goals: ['Polling place on tribal land'] });
  assert.equal(p.status, 201);
  partnerId = p.body.id;
  const c = await b.t.api('coordinator', 'POST', '/api/v1/contacts', { full_name: 'Dana Whitehorse', email: 'dana@lakeside.example', partner_id: partnerId, title: 'Clerk' });
  assert.equal(c.status, 201);
  const i = await b.t.api('staff', 'POST', `/api/v1/partners/${partnerId}/interactions`, { occurred_on: '2026-10-02', type: 'tour', summary: 'Tour of the counting center', office_gave: 'A tour', partner_gave: 'Feedback on signage' });
  assert.equal(i.status, 201);
});
after(async () => { if (b) await b.close(); });

test('a viewer sees no edit controls, cannot open edit screens, and a forged write is refused', async () => {
  const page = await b.page();
  await signInUI(page, 'viewer0@example.org');
  const nav = await page.getByRole('navigation', { name: 'Main' }).textContent();
  assert.doesNotMatch(nav, /Import|Audit log|Users|Office settings/);
  await go(page, '#/partners', 'Partners');
  assert.equal(await page.getByRole('link', { name: 'New partner' }).count(), 0);
  await go(page, `#/partners/${partnerId}`, 'Lakeside Tribal Council');
  await page.locator('.timeline', { hasText: 'Tour of the counting center' }).waitFor();
  for (const name of ['Edit partner', 'Record decision: Legal review', 'Change status', 'Log an interaction', 'Change the Primary liaison']) {
    assert.equal(await page.getByRole('button', { name }).count() + await page.getByRole('link', { name }).count(), 0, name);
  }
  assert.equal(await page.getByLabel('New status').count(), 0);
  assert.equal(await page.getByRole('link', { name: 'Add a contact here' }).count(), 0);
  await expectAccessible(page, 'partner page (viewer)');
  await shot(page, 'partner-viewer');
  // Printed, the page is the record alone: no navigation, no controls.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.getByRole('banner').isVisible(), false);
  assert.equal(await page.locator('main button:visible').count(), 0);
  await shot(page, 'partner-print');
  await page.emulateMedia({ media: 'screen' });
  await go(page, `#/partners/${partnerId}/edit`, 'Not available to your role');
  await go(page, '#/import', 'Not available to your role');
  await go(page, '#/groups', 'Demographic groups');
  assert.equal(await page.getByRole('button', { name: 'Add a group' }).count(), 0);
  // Even with the session's CSRF token, the server refuses a viewer's write.
  const status = await page.evaluate(async (id) => {
    const me = await (await fetch('/api/v1/auth/me')).json();
    const r = await fetch(`/api/v1/partners/${id}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token }, body: JSON.stringify({ name: 'Hijacked', version: 1 }) });
    return r.status;
  }, partnerId);
  assert.equal(status, 403);
  const p = await b.t.api('viewer', 'GET', `/api/v1/partners/${partnerId}`);
  assert.equal(p.body.name, 'Lakeside Tribal Council');
  noProblems(page);
});

test('first screen after sign-in: render time and total UI transfer size', async () => {
  const page = await b.page();
  const sizes = new Map();
  page.on('response', async (r) => {
    const u = new URL(r.url());
    if (u.pathname === '/' || u.pathname.startsWith('/static/')) {
      try { sizes.set(u.pathname, (await r.body()).length); } catch { /* redirect or aborted */ }
    }
  });
  await signInUI(page, 'coordinator0@example.org');
  await page.waitForFunction(() => performance.getEntriesByName('rapport-first-screen', 'measure').length > 0);
  const ms = await page.evaluate(() => performance.getEntriesByName('rapport-first-screen', 'measure')[0].duration);
  // A reload with the session: from navigation start to the first screen.
  await page.reload();
  await page.waitForFunction(() => performance.getEntriesByName('rapport-first-screen', 'measure').length > 0);
  const cold = await page.evaluate(() => performance.getEntriesByName('rapport-first-screen', 'measure')[0].duration);
  const total = [...sizes.values()].reduce((a, n) => a + n, 0);
  console.log(`first screen after sign-in: ${ms.toFixed(1)} ms (sign-in reply to dashboard data on screen)`);
  console.log(`first screen on a full page load with a session: ${cold.toFixed(1)} ms (navigation start to dashboard data)`);
  console.log(`UI transfer on first load: ${total} bytes uncompressed in ${sizes.size} files (${(total / 1024).toFixed(1)} KiB)`);
  for (const [k, v] of [...sizes].sort((a, c) => c[1] - a[1]).slice(0, 6)) console.log(`  ${v} bytes  ${k}`);
  assert.ok(total < 250 * 1024, `the UI must stay under 250 KB, it is ${total} bytes`);
  // Static files: ETag, no-cache, 304 when unchanged; the page's CSP allows only its import map inline.
  const r1 = await fetch(`${b.t.url}/static/app.js`);
  assert.equal(r1.headers.get('cache-control'), 'no-cache');
  const etag = r1.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]{32}"$/);
  const r2 = await fetch(`${b.t.url}/static/app.js`, { headers: { 'If-None-Match': etag } });
  assert.equal(r2.status, 304);
  const index = await fetch(`${b.t.url}/`);
  assert.match(index.headers.get('content-security-policy'), /script-src 'self' 'sha256-[A-Za-z0-9+/]+=*'/);
  assert.doesNotMatch(index.headers.get('content-security-policy'), /unsafe-inline/);
  assert.equal((await fetch(`${b.t.url}/static/../src/main.c`)).status, 404);
  assert.equal((await fetch(`${b.t.url}/static/vendor/playwright-core/package.json`)).status, 404);
});

test('administrator screens: users, office settings, audit log', async () => {
  const page = await b.page();
  await signInUI(page, 'admin0@example.org');
  await go(page, '#/users', 'Users');
  await page.getByRole('button', { name: 'Add a user' }).click();
  await page.getByRole('textbox', { name: 'Email' }).fill('new.person@example.org');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('New Person');
  await page.getByLabel('Role').selectOption('staff');
  await page.getByRole('button', { name: 'Add a user' }).last().click();
  await page.locator('code.secret').waitFor();
  assert.match(await page.locator('code.secret').textContent(), /^\S{12,}$/);
  await page.locator('table.list th', { hasText: 'New Person' }).waitFor();
  await expectAccessible(page, 'users');
  await shot(page, 'users');

  await go(page, '#/office', 'Office settings');
  await page.getByLabel('Time zone').fill('Mars/Olympus');
  await page.getByLabel('Days before').fill('500');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('#of-timezone-err').waitFor();
  await page.locator('#of-settings\\.on_cycle_days_before-err').waitFor();
  assert.equal(await page.getByLabel('Days before').inputValue(), '500');
  await expectAccessible(page, 'office settings with errors');
  await shot(page, 'office-errors');
  await page.getByLabel('Time zone').fill('America/Chicago');
  await page.getByLabel('Days before').fill('45');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved the office settings.').waitFor();
  const o = await b.t.api('admin', 'GET', '/api/v1/office');
  assert.equal(o.body.timezone, 'America/Chicago');
  assert.equal(o.body.settings.on_cycle_days_before, 45);

  await go(page, '#/audit', 'Audit log');
  await page.locator('table.list td', { hasText: 'user #' }).first().waitFor();
  await page.getByLabel('Record type').fill('partner');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('table.list tbody tr')].every((tr) => /partner/.test(tr.textContent)));
  await expectAccessible(page, 'audit log');
  await shot(page, 'audit');

  await go(page, '#/tokens', 'API tokens');
  await page.getByRole('textbox', { name: 'Name' }).fill('nightly export');
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.locator('code.secret').textContent()).trim();
  assert.equal((await b.t.request('GET', '/api/v1/partners', { token })).status, 200);
  await expectAccessible(page, 'tokens');
  await shot(page, 'tokens');
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Revoke nightly export' }).click();
  await page.locator('table.list .badge', { hasText: 'revoked' }).waitFor();
  assert.equal((await b.t.request('GET', '/api/v1/partners', { token })).status, 401);
  noProblems(page);
});

test('any user changes their own password; a wrong current one is named next to its field', async () => {
  const page = await b.page();
  await signInUI(page, 'director0@example.org');
  await page.getByRole('link', { name: /your account/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
  await page.getByLabel('Current password').fill('not my password at all');
  await page.getByLabel('New password').fill('a brand new passphrase 42');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.locator('#ap-current_password-err').waitFor();
  assert.equal(await page.getByLabel('New password').inputValue(), 'a brand new passphrase 42');
  await expectAccessible(page, 'account');
  await page.getByLabel('Current password').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByText('Your password has been changed.').waitFor();
  assert.equal((await b.t.request('POST', '/api/v1/auth/login', { body: { email: 'director0@example.org', password: 'a brand new passphrase 42' } })).status, 200);
  noProblems(page);
});

test('at 320 px wide the main screens fit, the menu opens by keyboard, and axe passes', async () => {
  const page = await b.page({ width: 320, height: 640 });
  await signInUI(page, 'coordinator0@example.org');
  const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
  await firstScreen(page);
  assert.ok(await fits(), 'dashboard fits');
  await expectAccessible(page, 'dashboard 320');
  await shot(page, 'mobile-dashboard');
  const menu = page.getByRole('button', { name: 'Menu' });
  await menu.focus();
  await page.keyboard.press('Enter');
  assert.equal(await menu.getAttribute('aria-expanded'), 'true');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Partners' }).click();
  await page.getByRole('heading', { level: 1, name: 'Partners' }).waitFor();
  await page.locator('table.list tbody tr').first().waitFor();
  assert.ok(await fits(), 'partner list fits');
  await expectAccessible(page, 'partners 320');
  await shot(page, 'mobile-partners');
  await go(page, `#/partners/${partnerId}`, 'Lakeside Tribal Council');
  await page.locator('.timeline', { hasText: 'Tour of the counting center' }).waitFor();
  assert.ok(await fits(), 'partner page fits');
  await expectAccessible(page, 'partner 320');
  await shot(page, 'mobile-partner');
  await go(page, '#/partners/new', 'New partner');
  assert.ok(await fits(), 'partner form fits');
  await shot(page, 'mobile-partner-new');
  noProblems(page);
});

test('keyboard only: the skip link moves focus to the screen heading', async () => {
  const page = await b.page();
  await signInUI(page, 'staff0@example.org');
  await firstScreen(page);
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(() => document.activeElement.textContent);
  assert.equal(skip, 'Skip to main content');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.tagName + document.activeElement.textContent), 'H1Today');
  // Moving to another screen puts focus on its heading.
  await page.keyboard.press('Shift+Tab');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
  await page.waitForFunction(() => document.activeElement.tagName === 'H1');
  // Focus is visible: the focused control has an outline.
  await page.getByRole('link', { name: 'New contact' }).focus();
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.equal(outline, 'solid');
});
