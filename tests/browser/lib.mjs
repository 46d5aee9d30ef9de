// lib.mjs: drives Debian's chromium with playwright-core against a real
// rapport server (tests/api/lib.mjs's startServer).  Nothing is downloaded:
// the browser is /usr/bin/chromium (CHROMIUM overrides), launched headless
// with a fresh profile per launch.
//
//   const b = await startBrowser();            // {browser, t, page(opts), close()}
//   const page = await b.page();
//   await signInUI(page, b.t, 'coordinator0@example.org');
//   await expectAccessible(page, 'dashboard');
//   await shot(page, 'dashboard');
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from '../api/lib.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
export const SHOTS = join(ROOT, 'build/screenshots');
export const AXE = join(ROOT, 'node_modules/axe-core/axe.min.js');
export { PASSWORD };
let axeText = null;
const axeSource = () => (axeText ??= readFileSync(AXE, 'utf8'));

export async function startBrowser(serverOpts) {
  const t = await startServer(serverOpts);
  // playwright gives every launch a fresh temporary profile (user-data dir)
  // and removes it on close.
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (e) {
    await t.stop();
    throw e;
  }
  mkdirSync(SHOTS, { recursive: true });
  const contexts = [];
  return {
    t, browser,
    // A new page in its own context (its own cookies).  Page errors and
    // CSP violations are collected in page.problems for the test to check.
    async page({ width = 1280, height = 900 } = {}) {
      const ctx = await browser.newContext({ viewport: { width, height }, baseURL: t.url });
      contexts.push(ctx);
      const page = await ctx.newPage();
      page.problems = [];
      page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => { if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) page.problems.push(`console: ${m.text()}`); });
      page.setDefaultTimeout(10000);
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await t.stop();
    },
  };
}

// Signs in through the form; resolves when the shell's heading shows.
export async function signInUI(page, email, password = PASSWORD) {
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('main h1').first().waitFor();
}

// Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page; fails listing
// every violation with its nodes.
export async function expectAccessible(page, screen) {
  // Not addScriptTag: that injects an inline <script>, which the page's CSP
  // (rightly) refuses; evaluating over the DevTools protocol is not subject
  // to it, so the CSP stays on while axe runs.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource());
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n    ')}`);
  });
  assert.deepEqual(result, [], `axe violations on ${screen}:\n${result.join('\n')}`);
}

export async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

// Navigates by hash and waits for the screen's heading.
export async function go(page, hash, heading) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  if (!heading) return;
  try {
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  } catch (e) {
    const main = await page.locator('body').innerText().catch(() => '?');
    throw new Error(`${hash}: no heading "${heading}"; problems: ${JSON.stringify(page.problems)}\npage: ${main.slice(0, 800)}\n${e.message}`);
  }
}

export function noProblems(page) {
  assert.deepEqual(page.problems.filter((p) => !/Failed to load resource/.test(p)), []);
}

// Resolves once the dashboard's "needs attention" panels have their data
// on screen (the app records the rapport-first-screen measure then).
export async function firstScreen(page) {
  await page.waitForFunction(() => performance.getEntriesByName('rapport-first-screen', 'measure').length > 0);
}
