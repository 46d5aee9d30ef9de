// 06-feedback-reports: a phone clerk records two calls with the keyboard
// alone; the feedback summary page shows the API's numbers; a director
// previews and downloads the public-records export (CSV with a BOM, XLSX)
// with personal details scrubbed; elections, solicitations and topics are
// created through their screens; the dashboard's charts come from the
// office-wide statistics.  axe-core on every new screen at desktop width
// and at 320 px.  Skipped on a server without the feedback API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startBrowser, signInUI, expectAccessible, shot, go, noProblems, firstScreen } from './lib.mjs';

let b;
let absent = false;
let partnerId;
const ZONE = 'America/Chicago';

function officeToday() {
  const p = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date());
  const g = (k) => p.find((x) => x.type === k).value;
  return `${g('year')}-${g('month')}-${g('day')}`;
}
const TO = officeToday();
const FROM = (() => { const [y, m] = TO.split('-').map(Number); return new Date(Date.UTC(y, m - 12, 1)).toISOString().slice(0, 10); })();
const fits = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

before(async () => {
  b = await startBrowser();
  absent = (await b.t.api('staff', 'GET', '/api/v1/feedback')).status === 404;
  if (absent) return;
  const o = await b.t.api('admin', 'GET', '/api/v1/office');
  assert.equal((await b.t.api('admin', 'PATCH', '/api/v1/office', { timezone: ZONE, version: o.body.version })).status, 200);
  const p = await b.t.api('coordinator', 'POST', '/api/v1/partners', { name: 'Eastside Senior Center', kind: 'institutional', subtype: 'community_organization' });
  assert.equal(p.status, 201);
  partnerId = p.body.id;
  // A record with personal details in its text, stepped to closed; another
  // office's feedback must not show anywhere.
  const f = await b.t.api('staff', 'POST', '/api/v1/feedback', { channel: 'email', body: 'Please call me at 555-867-5309 or write to jane.voter@example.com about the ballot.' });
  assert.equal(f.status, 201, f.text);
  let r = await b.t.api('staff', 'POST', `/api/v1/feedback/${f.body.id}/status`, { status: 'action_taken', action_taken: 'Mailed a new ballot.', version: f.body.version });
  assert.equal(r.status, 200, r.text);
  r = await b.t.api('staff', 'POST', `/api/v1/feedback/${f.body.id}/status`, { status: 'closed', version: r.body.version });
  assert.equal(r.status, 200, r.text);
  assert.equal((await b.t.api({ office: 1, role: 'staff' }, 'POST', '/api/v1/feedback', { channel: 'phone', body: 'Other office call' })).status, 201);
  await b.t.api('staff', 'POST', `/api/v1/partners/${partnerId}/interactions`, { occurred_on: TO, type: 'presentation', direction: 'office_gave', summary: 'Talk on voting by mail' });
  await b.t.api('staff', 'POST', `/api/v1/partners/${partnerId}/interactions`, { occurred_on: FROM, type: 'meeting', direction: 'both', summary: 'Planning meeting' });
});
after(async () => { if (b) await b.close(); });

test('a phone clerk records two calls with the keyboard alone', async (t) => {
  if (absent) return t.skip('no feedback API on this server');
  const page = await b.page();
  await signInUI(page, 'staff0@example.org');
  await go(page, '#/feedback/new', 'Record feedback');
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'fn-body');
  assert.equal(await page.locator('#fn-channel').inputValue(), 'phone');
  await page.keyboard.type('Caller asked when early voting starts at the library.');
  await page.keyboard.press('Enter');
  await page.locator('#fn-saved', { hasText: /Recorded FB-\d{4}-\d+/ }).waitFor();
  const ref1 = (await page.locator('#fn-saved').textContent()).match(/FB-\d{4}-\d+/)[0];
  await page.locator('.live', { hasText: `Recorded ${ref1}. Ready for the next call.` }).waitFor();
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'fn-body');
  assert.equal(await page.locator('#fn-body').inputValue(), '');
  // The second call came by email: Tab to the channel, choose with the arrow key.
  await page.keyboard.type('Voter wrote that the sample ballot');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('has a typo in precinct 12.');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'fn-channel');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.locator('#fn-channel').inputValue(), 'email');
  await page.keyboard.press('Enter');
  await page.waitForFunction((r) => /Recorded FB-/.test(document.querySelector('.live').textContent) && !document.querySelector('.live').textContent.includes(r), ref1);
  await page.waitForFunction(() => document.getElementById('fn-body') && document.getElementById('fn-body').value === '' && document.activeElement.id === 'fn-body');
  assert.equal(await page.locator('#fn-channel').inputValue(), 'email', 'the channel is kept for the next call');
  const list = await b.t.api('staff', 'GET', '/api/v1/feedback?limit=2');
  const [second, first] = list.body.items;
  assert.equal(first.channel, 'phone');
  assert.match(first.excerpt || first.body, /early voting starts/);
  assert.equal(second.channel, 'email');
  const full = await b.t.api('staff', 'GET', `/api/v1/feedback/${second.id}`);
  assert.equal(full.body.body, 'Voter wrote that the sample ballot\nhas a typo in precinct 12.');
  assert.match(await page.locator('#fn-saved').textContent(), new RegExp(second.reference));
  // Nothing typed is lost on an error: an empty text is refused next to the field.
  await page.keyboard.press('Enter');
  await page.locator('#fn-body-err').waitFor();
  await expectAccessible(page, 'quick intake');
  await shot(page, 'feedback-quick-intake');
  noProblems(page);
});

test('the summary page shows the API numbers, with charts and tables, and prints', async (t) => {
  if (absent) return t.skip('no feedback API on this server');
  const page = await b.page();
  await signInUI(page, 'viewer0@example.org');
  await go(page, '#/reports/feedback', 'Feedback summary');
  await page.locator('#sp-from').fill(FROM);
  await page.locator('#sp-to').fill(TO);
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForFunction((f) => location.hash.includes(`from=${f}`), FROM);
  await page.locator('#sum-received .n').waitFor();
  const api = (await b.t.api('viewer', 'GET', `/api/v1/reports/feedback-summary?from=${FROM}&to=${TO}`)).body;
  assert.ok(api.totals.received >= 1);
  assert.equal(await page.locator('#sum-received .n').textContent(), String(api.totals.received));
  assert.equal(await page.locator('#sum-acted .n').textContent(), String(api.totals.acted_on));
  assert.equal(await page.locator('#sum-closed .n').textContent(), String(api.totals.closed));
  // Every month row: received, acted on, closed as the API has them.
  const rows = await page.locator('#tb-month tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => Number(td.textContent))));
  assert.deepEqual(rows, api.by_month.map((m) => [m.received, m.acted_on, m.closed]));
  const channels = await page.locator('#tb-channel tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.querySelector('td').textContent)));
  assert.deepEqual(channels, api.by_channel.map((c) => c.received));
  const status = await page.locator('#tb-status tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.querySelector('td').textContent)));
  assert.deepEqual(status, api.by_status.map((c) => c.count));
  const cycles = await page.locator('#tb-cycle tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.querySelector('td').textContent)));
  assert.deepEqual(cycles, api.by_cycle.map((c) => c.received));
  assert.equal(await page.locator('#ch-fb-month-cap').count(), 1);
  await expectAccessible(page, 'feedback summary');
  await shot(page, 'feedback-summary');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.top').isVisible(), false);
  assert.equal(await page.locator('#tb-month').isVisible(), true);
  await shot(page, 'feedback-summary-print');
  await page.emulateMedia({ media: 'screen' });
  // A bad period is refused next to the field.
  await go(page, `#/reports/feedback?from=${TO}&to=${FROM}`);
  await page.locator('#sp-from-err').waitFor();
  noProblems(page);
});

test('a director previews and downloads the public-records export', async (t) => {
  if (absent) return t.skip('no feedback API on this server');
  const page = await b.page();
  await signInUI(page, 'director0@example.org');
  await go(page, '#/exports/feedback', 'Public-records export');
  await page.locator('#ex-from').fill(FROM);
  await page.locator('#ex-to').fill(TO);
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.locator('#ex-rows').waitFor();
  const prev = (await b.t.api('director', 'GET', `/api/v1/exports/feedback/preview?from=${FROM}&to=${TO}`)).body;
  assert.ok(prev.rows >= 1);
  assert.equal(await page.locator('#ex-rows').textContent(), prev.rows === 1 ? "One record would go out." : `${prev.rows} records would go out.`);
  const redacted = Object.values(prev.redactions).reduce((a, n) => a + n, 0);
  assert.ok(redacted >= 2);
  assert.match(await page.locator('#ex-redacted').textContent(), new RegExp(`^${redacted} personal details`));
  const sample = await page.locator('#ex-sample').textContent();
  assert.doesNotMatch(sample, /555-867-5309|jane\.voter@example\.com/);
  assert.match(sample, /\[redacted: email\]/);
  await expectAccessible(page, 'export preview');
  await shot(page, 'feedback-export');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('#ex-download').click()]);
  const bytes = readFileSync(await csv.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte-order mark');
  const text = bytes.toString('utf8');
  assert.doesNotMatch(text, /555-867-5309|jane\.voter@example\.com|Other office call/);
  assert.match(text, /early voting starts/);
  assert.match(csv.suggestedFilename(), /^feedback-.*\.csv$/);
  await page.getByLabel('Format').selectOption('xlsx');
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download XLSX' }).click()]);
  assert.equal(readFileSync(await xlsx.path()).subarray(0, 2).toString(), 'PK');
  const audit = await b.t.api('director', 'GET', '/api/v1/audit?entity=feedback');
  assert.ok(audit.body.items.filter((a) => a.action === 'export').length >= 2);
  // Staff cannot open the screen.
  const staff = await b.page();
  await signInUI(staff, 'staff0@example.org');
  await go(staff, '#/exports/feedback');
  await staff.getByRole('heading', { level: 1, name: 'Public-records export' }).waitFor({ state: 'detached', timeout: 2000 }).catch(() => {});
  assert.equal(await staff.getByRole('heading', { level: 1, name: 'Public-records export' }).count(), 0);
  noProblems(page);
});

test('elections, solicitations and topics are created through their screens', async (t) => {
  if (absent) return t.skip('no feedback API on this server');
  const page = await b.page();
  await signInUI(page, 'coordinator0@example.org');
  await go(page, '#/elections', 'Elections');
  await page.locator('#el-window', { hasText: '60 days before to 30 days after' }).waitFor();
  await page.getByRole('button', { name: 'Add an election' }).click();
  await page.getByRole('button', { name: 'Add an election' }).last().click();
  await page.locator('#en-name-err').waitFor();
  await page.getByLabel('Name').fill('Municipal general');
  await page.getByLabel('Election day').fill(TO);
  await page.getByLabel('Type').selectOption('municipal');
  await page.getByRole('button', { name: 'Add an election' }).last().click();
  await page.locator('table.list', { hasText: 'Municipal general' }).waitFor();
  const el = (await b.t.api('viewer', 'GET', '/api/v1/elections')).body.items;
  assert.equal(el.length, 1);
  assert.equal(el[0].type, 'municipal');
  assert.match(await page.locator('table.list').textContent(), /Municipal/);
  await expectAccessible(page, 'elections');
  await shot(page, 'elections');

  await go(page, '#/solicitations', 'Solicitations');
  await page.getByRole('link', { name: 'Log a solicitation' }).click();
  await page.getByRole('heading', { level: 1, name: 'Log a solicitation' }).waitFor();
  await page.getByLabel('Title').fill('Seniors town hall');
  await page.getByLabel('Kind').selectOption('town_hall');
  await page.getByLabel('Held on').fill(TO);
  await page.getByLabel('Audience').fill('Residents of Eastside');
  await page.getByLabel('Partners involved').selectOption(String(partnerId));
  await expectAccessible(page, 'solicitation form');
  await page.getByRole('button', { name: 'Log the solicitation' }).click();
  await page.getByRole('heading', { level: 1, name: 'Seniors town hall' }).waitFor();
  await page.locator('.page-head .badge', { hasText: 'On-cycle' }).waitFor();
  assert.match(await page.locator('main').textContent(), /Eastside Senior Center/);
  const sol = (await b.t.api('viewer', 'GET', '/api/v1/solicitations')).body.items;
  assert.equal(sol.length, 1);
  assert.equal(sol[0].kind, 'town_hall');
  assert.equal(sol[0].partner_count, 1);
  await expectAccessible(page, 'solicitation');
  await shot(page, 'solicitation');
  // A stale edit says so and offers to reload.
  await page.getByRole('button', { name: 'Edit' }).click();
  await b.t.api('coordinator', 'PATCH', `/api/v1/solicitations/${sol[0].id}`, { audience: 'Everyone', version: sol[0].version });
  await page.getByLabel('Title').fill('Seniors town hall (Eastside)');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('button', { name: 'Reload the current version' }).waitFor();
  assert.equal(await page.getByLabel('Title').inputValue(), 'Seniors town hall (Eastside)');
  await go(page, '#/solicitations', 'Solicitations');
  await page.locator('table.list', { hasText: 'Seniors town hall' }).waitFor();
  await expectAccessible(page, 'solicitations');
  await shot(page, 'solicitations');

  await go(page, '#/topics', 'Feedback topics');
  await page.getByRole('button', { name: 'Add a topic' }).click();
  await page.getByLabel('Name').fill('Ballot design');
  await page.getByRole('button', { name: 'Add a topic' }).last().click();
  await page.locator('table.list', { hasText: 'Ballot design' }).waitFor();
  await expectAccessible(page, 'topics');
  await shot(page, 'topics');
  noProblems(page);
});

test('the dashboard charts the office-wide statistics', async (t) => {
  if (absent) return t.skip('no feedback API on this server');
  const page = await b.page();
  await signInUI(page, 'viewer0@example.org');
  await firstScreen(page);
  await page.locator('#ch-gave-cap').waitFor();
  const st = (await b.t.api('viewer', 'GET', '/api/v1/stats/interactions')).body;
  assert.equal(st.total, 2);
  assert.match(await page.locator('#dash-charts').locator('..').textContent(), /2 interactions in the last twelve months/);
  const monthRows = await page.locator('#ch-month-cap').locator('..').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.querySelector('td').textContent)));
  assert.deepEqual(monthRows, st.by_month.map((m) => m.count));
  await expectAccessible(page, 'dashboard charts');
  noProblems(page);
});

test('at 320 px the new screens fit and pass axe', async (t) => {
  if (absent) return t.skip('no feedback API on this server');
  const page = await b.page({ width: 320, height: 640 });
  await signInUI(page, 'director0@example.org');
  const screens = [
    ['#/feedback/new', 'Record feedback', '#fn-body'],
    [`#/reports/feedback?from=${FROM}&to=${TO}`, 'Feedback summary', '#tb-month'],
    ['#/exports/feedback', 'Public-records export', '#ex-from'],
    ['#/elections', 'Elections', '#el-window'],
    ['#/solicitations', 'Solicitations', 'main .page-head'],
    ['#/topics', 'Feedback topics', 'table.list'],
  ];
  for (const [hash, heading, ready] of screens) {
    await go(page, hash, heading);
    await page.locator(ready).first().waitFor();
    assert.ok(await fits(page), `${heading} fits at 320 px`);
    await expectAccessible(page, `${heading} 320`);
    await shot(page, `mobile-${heading.toLowerCase().replace(/[^a-z]+/g, '-')}`);
  }
  await go(page, `#/exports/feedback?from=${FROM}&to=${TO}`, 'Public-records export');
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.locator('#ex-rows').waitFor();
  assert.ok(await fits(page), 'export preview fits at 320 px');
  await expectAccessible(page, 'export preview 320');
  await shot(page, 'mobile-export-preview');
  noProblems(page);
});
