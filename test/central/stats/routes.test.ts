import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { StatsRow } from '../../../central/stats/queries.ts';
import { as, buildTestApp, type TestApp } from '../alarms/app.ts';
import { EventWriter } from './helpers.ts';

const NOW = Date.parse('2026-03-10T04:00:00.000Z');
let t: TestApp;

test.before.each(async () => {
  t = await buildTestApp(() => NOW);
  const w = new EventWriter(t.db);
  w.caseWith('o1', 'c1', 'amy', '2026-03-09T02:00:00.000Z', 'satisfied');
  w.caseWith('o1', 'c2', 'ben', '2026-03-09T03:00:00.000Z', 'dissatisfied');
  w.caseWith('o2', 'c1', 'cat', '2026-03-09T03:00:00.000Z', 'very-satisfied');
});
test.after.each(async () => {
  await t.close();
});

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await t.app.inject({ method: 'GET', url, headers });
  return { status: res.statusCode, res };
}
const rows = async (url: string, headers: Record<string, string>) => {
  const r = await get(url, headers);
  assert.is(r.status, 200, url);
  return (r.res.json() as { rows: StatsRow[] }).rows;
};

test('GET /api/stats: supervisor own office only', async () => {
  assert.is((await get('/api/stats?office=o1')).status, 401);
  const own = await rows('/api/stats?groupBy=counter', as('sup1'));
  assert.equal(own.map((r) => [r.office, r.counter]), [
    ['o1', 'c1'],
    ['o1', 'c2'],
  ]);
  assert.is((await get('/api/stats?office=o2', as('sup1'))).status, 403);
  assert.is((await rows('/api/stats?groupBy=clerk&office=o1', as('sup1'))).length, 2, 'a supervisor sees the clerks');
});

test('GET /api/stats: it-admin and auditor are city-wide; auditors never per clerk', async () => {
  assert.equal((await rows('/api/stats', as('admin'))).map((r) => r.office), ['o1', 'o2']);
  assert.is((await rows('/api/stats?groupBy=clerk', as('admin'))).length, 3);
  assert.equal((await rows('/api/stats?groupBy=counter&office=o2', as('aud'))).map((r) => r.office), ['o2']);
  const r = await get('/api/stats?groupBy=clerk', as('aud'));
  assert.is(r.status, 403);
  assert.is((r.res.json() as { code: string }).code, 'CG_AUTH_FORBIDDEN');
  assert.is((await get('/api/stats.csv?groupBy=clerk', as('aud'))).status, 403);
});

test('GET /api/stats: a clerk sees only their own row', async () => {
  assert.is((await get('/api/stats?groupBy=office', as('amy'))).status, 403);
  assert.is((await get('/api/stats?groupBy=counter', as('amy'))).status, 403);
  assert.is((await get('/api/stats?groupBy=clerk&office=o2', as('amy'))).status, 403);
  const own = await rows('/api/stats?groupBy=clerk&period=month', as('amy'));
  assert.equal(own.map((r) => [r.clerk, r.cases]), [['amy', 1]]);
  assert.equal((await rows('/api/stats', as('amy'))).map((r) => r.clerk), ['amy'], 'groupBy defaults to clerk');
});

test('GET /api/stats: parameters are checked', async () => {
  assert.is((await get('/api/stats?groupBy=street', as('sup1'))).status, 400);
  assert.is((await get('/api/stats?period=year', as('sup1'))).status, 400);
  assert.is((await get('/api/stats?from=2026-03-10&to=2026-03-01', as('sup1'))).status, 400);
  assert.is((await get('/api/stats?x=1', as('sup1'))).status, 400);
  const day = await rows('/api/stats?from=2026-03-09&to=2026-03-09', as('sup1'));
  assert.equal(day.map((r) => [r.period, r.cases]), [['2026-03-09', 2]]);
  assert.equal(await rows('/api/stats?from=2026-03-01&to=2026-03-08', as('sup1')), []);
});

test('GET /api/stats.csv: text/csv with BOM, same access rules', async () => {
  const r = await get('/api/stats.csv?groupBy=counter', as('sup1'));
  assert.is(r.status, 200);
  assert.match(String(r.res.headers['content-type']), /^text\/csv; charset=utf-8/);
  assert.match(String(r.res.headers['content-disposition']), /attachment; filename="countergate-o1-counter-day-/);
  assert.ok(r.res.rawPayload.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'UTF-8 BOM');
  const lines = r.res.body.replace(/^\uFEFF/, '').split('\r\n');
  assert.ok(lines[0]!.startsWith('期間,戶政事務所,櫃檯,'));
  assert.ok(lines[1]!.startsWith('2026-03-09,o1,c1,1,1,0,0.0%,'));
  assert.is((await get('/api/stats.csv?office=o2', as('sup1'))).status, 403);
  assert.is((await get('/api/stats.csv?groupBy=office', as('amy'))).status, 403);
  assert.is((await get('/api/stats.csv')).status, 401);
});

test('GET /api/signs: supervisor own office, it-admin; nobody else', async () => {
  assert.is((await get('/api/signs')).status, 401);
  const own = await get('/api/signs', as('sup1'));
  assert.is(own.status, 200);
  assert.equal(own.res.json(), { signs: [] });
  assert.is((await get('/api/signs?office=o2', as('sup1'))).status, 403);
  assert.is((await get('/api/signs?office=o2', as('admin'))).status, 200);
  assert.is((await get('/api/signs', as('admin'))).status, 200);
  assert.is((await get('/api/signs?office=o1', as('aud'))).status, 403);
  assert.is((await get('/api/signs?office=o1', as('amy'))).status, 403);
});

test.run();
