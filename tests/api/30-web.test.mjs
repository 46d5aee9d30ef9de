// 30-web: the staff UI's static files: served from the binary with an ETag
// and 304 when unchanged; index.html's CSP allows exactly its own import
// map by hash and nothing else inline; only embedded names are served (no
// path tricks, no npm files the UI does not use); --web-dir serves from disk.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './lib.mjs';

let t;
before(async () => { t = await startServer(); });
after(async () => { await t.stop(); });

const importMapHash = (html) => {
  const m = /<script type="importmap">([\s\S]*?)<\/script>/.exec(html);
  return m && createHash('sha256').update(m[1]).digest('base64');
};

test('index.html: its CSP names the SHA-256 of its import map, and allows nothing else inline', async () => {
  const r = await fetch(`${t.url}/`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  const html = await r.text();
  const csp = r.headers.get('content-security-policy');
  assert.ok(csp.includes(`script-src 'self' 'sha256-${importMapHash(html)}'`), csp);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /style-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  // Other responses keep the strict policy with no script hash.
  const js = await fetch(`${t.url}/static/app.js`);
  assert.doesNotMatch(js.headers.get('content-security-policy'), /sha256/);
});

test('static files: ETag, no-cache, 304 on If-None-Match, the right types', async () => {
  for (const [path, type] of [['/static/app.js', /^text\/javascript/], ['/static/app.css', /^text\/css/],
    ['/static/vendor/preact/dist/preact.module.js', /^text\/javascript/], ['/static/favicon.svg', /^image\/svg\+xml/]]) {
    const r = await fetch(`${t.url}${path}`);
    assert.equal(r.status, 200, path);
    assert.match(r.headers.get('content-type'), type, path);
    assert.equal(r.headers.get('cache-control'), 'no-cache', path);
    const etag = r.headers.get('etag');
    assert.match(etag, /^"[0-9a-f]{32}"$/, path);
    const again = await fetch(`${t.url}${path}`);
    assert.equal(again.headers.get('etag'), etag, 'the ETag is stable');
    const r304 = await fetch(`${t.url}${path}`, { headers: { 'If-None-Match': etag } });
    assert.equal(r304.status, 304, path);
    assert.equal((await r304.text()).length, 0);
    const stale = await fetch(`${t.url}${path}`, { headers: { 'If-None-Match': '"0000"' } });
    assert.equal(stale.status, 200);
  }
});

test('only embedded names are served', async () => {
  for (const path of ['/static/../src/main.c', '/static/%2e%2e/src/main.c', '/static/nope.js',
    '/static/vendor/playwright-core/package.json', '/static/vendor/axe-core/axe.min.js', '/static/vendor/../../Makefile',
    '/static/vendor/preact/package.json']) {
    const r = await fetch(`${t.url}${path}`);
    assert.equal(r.status, 404, path);
  }
});

test('--web-dir serves the UI from disk, with the CSP hash of that file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-web-'));
  mkdirSync(join(dir, 'screens'));
  const html = '<!doctype html><title>x</title><script type="importmap">{"imports":{"a":"/static/a.js"}}</script>';
  writeFileSync(join(dir, 'index.html'), html);
  writeFileSync(join(dir, 'app.js'), 'export const changed = 1;\n');
  const s = await startServer({ env: { RAPPORT_WEB_DIR: dir } });   // the same as --web-dir
  try {
    const r = await fetch(`${s.url}/`);
    assert.equal(await r.text(), html);
    assert.ok(r.headers.get('content-security-policy').includes(`'sha256-${importMapHash(html)}'`));
    assert.equal(await (await fetch(`${s.url}/static/app.js`)).text(), 'export const changed = 1;\n');
    assert.equal((await fetch(`${s.url}/static/../index.html`)).status, 404);
    // Vendor files still come from the embedded copy.
    assert.equal((await fetch(`${s.url}/static/vendor/htm/dist/htm.module.js`)).status, 200);
  } finally {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
