// bench/ui.mjs: the staff UI's two figures, on a server with a county's
// worth of data: how long the first screen takes after sign-in (target
// under 300 ms on the local server) and how many bytes the whole UI
// transfers (target under 250 KB uncompressed).  Prints both; asserts
// nothing, since timings depend on the machine.
//
//   node bench/ui.mjs            (RAPPORT_BIN picks the binary; build/rapport by default)
//   BENCH_UI_PARTNERS=400 BENCH_UI_RUNS=10 node bench/ui.mjs
//
// The data: BENCH_UI_PARTNERS partners (a third active), three
// interactions each spread over the last twelve months, one follow-up in
// ten due this week, created through the API like any client would.
import { startBrowser, signInUI } from '../tests/browser/lib.mjs';

const PARTNERS = Number(process.env.BENCH_UI_PARTNERS || 200);
const RUNS = Number(process.env.BENCH_UI_RUNS || 5);
const SUBTYPES = ['library', 'media', 'faith_group', 'community_organization', 'school_district', 'university'];
const TYPES = ['meeting', 'call', 'email', 'event', 'tour', 'presentation'];

const day = (offset) => new Date(Date.now() + offset * 864e5).toISOString().slice(0, 10);
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };

const b = await startBrowser();
try {
  const { t } = b;
  process.stderr.write(`bench/ui: creating ${PARTNERS} partners with ${PARTNERS * 3} interactions…\n`);
  for (let i = 0; i < PARTNERS; i++) {
    const p = await t.api('coordinator', 'POST', '/api/v1/partners', {
      name: `Partner ${String(i).padStart(4, '0')}`, kind: 'institutional', subtype: SUBTYPES[i % SUBTYPES.length],
      status: i % 3 === 0 ? 'vetting' : 'prospect', languages: i % 4 === 0 ? ['es'] : [] });
    if (p.status !== 201) throw new Error(`partner: ${p.status} ${p.text}`);
    for (let k = 0; k < 3; k++) {
      const follow = k === 0 && i % 10 === 0 ? { follow_up_on: day(i % 7) } : {};
      const r = await t.api('staff', 'POST', `/api/v1/partners/${p.body.id}/interactions`, {
        occurred_on: day(-((i * 7 + k * 53) % 360)), type: TYPES[(i + k) % TYPES.length], summary: `Touchpoint ${k} with partner ${i}`, ...follow });
      if (r.status !== 201) throw new Error(`interaction: ${r.status} ${r.text}`);
    }
  }
  const afterSignIn = [];
  const fullLoad = [];
  let bytes = 0;
  let files = 0;
  for (let run = 0; run < RUNS; run++) {
    const page = await b.page();
    const sizes = new Map();
    let counting = true;   // the first load only; the reload is answered 304
    page.on('response', async (r) => {
      const u = new URL(r.url());
      if (counting && (u.pathname === '/' || u.pathname.startsWith('/static/'))) sizes.set(u.pathname, (await r.body().catch(() => Buffer.alloc(0))).length);
    });
    await signInUI(page, 'coordinator0@example.org');
    await page.waitForFunction(() => performance.getEntriesByName('rapport-first-screen', 'measure').length > 0);
    afterSignIn.push(await page.evaluate(() => performance.getEntriesByName('rapport-first-screen', 'measure')[0].duration));
    counting = false;
    await page.reload();
    await page.waitForFunction(() => performance.getEntriesByName('rapport-first-screen', 'measure').length > 0);
    fullLoad.push(await page.evaluate(() => performance.getEntriesByName('rapport-first-screen', 'measure')[0].duration));
    bytes = [...sizes.values()].reduce((a, n) => a + n, 0);
    files = sizes.size;
    await page.context().close();
  }
  console.log(`UI first screen after sign-in: median ${median(afterSignIn).toFixed(0)} ms, worst ${Math.max(...afterSignIn).toFixed(0)} ms over ${RUNS} runs (target < 300 ms)`);
  console.log(`UI first screen on a full page load: median ${median(fullLoad).toFixed(0)} ms, worst ${Math.max(...fullLoad).toFixed(0)} ms`);
  console.log(`UI transfer: ${bytes} bytes uncompressed in ${files} files (${(bytes / 1024).toFixed(1)} KiB; target < 250 KB)`);
} finally {
  await b.close();
}
