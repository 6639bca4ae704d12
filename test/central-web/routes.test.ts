import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RATING_LABELS_ZH, RATING_LEVELS } from '../../contract/ratings.ts';
import { PAGES, SECURITY_HEADERS, webRoutes } from '../../central/web/routes.ts';

const STATIC_DIR = new URL('../../central/web/static/', import.meta.url).pathname;

async function app() {
  const a = Fastify();
  await a.register(webRoutes());
  // A stand-in for an API route of another plugin: the page headers must not leak onto it.
  a.get('/api/ping', async () => ({ ok: true }));
  await a.ready();
  return a;
}

test('every page is public zh-TW HTML with the security headers and no caching', async () => {
  const a = await app();
  try {
    for (const path of ['/', '/console', '/stats', '/it', '/audit']) {
      const res = await a.inject({ method: 'GET', url: path });
      assert.is(res.statusCode, 200, path);
      assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/);
      assert.match(res.body, /<html lang="zh-TW">/);
      assert.is(res.headers['cache-control'], 'no-store');
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.is(res.headers[name], value, `${path} ${name}`);
      assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
      assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/);
    }
    assert.equal(Object.keys(PAGES).sort(), ['/', '/audit', '/console', '/it', '/stats']);
    const api = await a.inject({ method: 'GET', url: '/api/ping' });
    assert.is(api.headers['content-security-policy'], undefined, 'headers stay inside the web plugin');
  } finally {
    await a.close();
  }
});

test('static assets and Chart.js are served from this origin with the headers', async () => {
  const a = await app();
  try {
    const css = await a.inject({ method: 'GET', url: '/static/app.css' });
    assert.is(css.statusCode, 200);
    assert.match(String(css.headers['content-type']), /text\/css/);
    assert.is(css.headers['x-content-type-options'], 'nosniff');
    const js = await a.inject({ method: 'GET', url: '/static/console.js' });
    assert.is(js.statusCode, 200);
    assert.match(String(js.headers['content-type']), /javascript/);
    const chart = await a.inject({ method: 'GET', url: '/vendor/chart.umd.js' });
    assert.is(chart.statusCode, 200);
    assert.match(chart.body.slice(0, 2000), /Chart\.js v4/);
    assert.ok(chart.headers['content-security-policy']);
  } finally {
    await a.close();
  }
});

test('the contract labels reach the browser from contract/ratings.ts, not from a copy', async () => {
  const a = await app();
  try {
    const res = await a.inject({ method: 'GET', url: '/vendor/contract.js' });
    assert.is(res.statusCode, 200);
    const mod = (await import(`data:text/javascript,${encodeURIComponent(res.body)}`)) as {
      RATING_LEVELS: string[];
      RATING_LABELS_ZH: Record<string, string>;
    };
    assert.equal([...mod.RATING_LEVELS], [...RATING_LEVELS]);
    assert.equal({ ...mod.RATING_LABELS_ZH }, RATING_LABELS_ZH);
  } finally {
    await a.close();
  }
});

test('nothing outside the pages: type declarations, traversal and unknown paths are 404', async () => {
  const a = await app();
  try {
    for (const url of ['/static/format.d.ts', '/static/../routes.ts', '/static/%2e%2e/routes.ts', '/static/', '/nope']) {
      const res = await a.inject({ method: 'GET', url });
      assert.ok(res.statusCode === 404 || res.statusCode === 403, `${url} → ${res.statusCode}`);
      assert.not.match(res.body, /webRoutes/);
    }
  } finally {
    await a.close();
  }
});

test('no page loads anything from another origin (no CDN, no external fonts)', () => {
  for (const file of readdirSync(STATIC_DIR)) {
    if (!/\.(html|css|js)$/.test(file)) continue;
    const text = readFileSync(join(STATIC_DIR, file), 'utf8');
    assert.not.match(text, /(src|href)\s*=\s*["']?(https?:)?\/\//i, file);
    assert.not.match(text, /url\(\s*["']?(https?:)?\/\//i, file);
    assert.not.match(text, /@import/i, file);
    if (file.endsWith('.html')) assert.not.match(text, /\sstyle=|<style|<script>(?!<\/script>)[^<]/i, `${file}: inline code is blocked by the CSP`);
  }
});

test.run();
