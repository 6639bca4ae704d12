/**
 * npm run bench:outbox -- [--events N] [--dir DIR]
 *
 * What one counter box pays to make an event durable: Outbox.append (validation, one SQLite
 * transaction with synchronous=FULL, i.e. an fsync) on the disk under DIR (default: the
 * system's temp folder). bench:alarm keeps thousands of simulated outboxes on tmpfs, so this
 * is the per-box cost to add to its figures. Prints median and percentiles; the last line is JSON.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openGatewayDb } from '../gateway/db.ts';
import { Outbox } from '../gateway/outbox.ts';

const { values } = parseArgs({ options: { events: { type: 'string', default: '500' }, dir: { type: 'string' } } });
const n = Number(values.events);
if (!Number.isInteger(n) || n < 1) {
  console.error(`--events must be a positive integer, got '${values.events}'`);
  process.exit(2);
}
const dir = mkdtempSync(join(values.dir ?? tmpdir(), 'cg-bench-outbox-'));
try {
  const db = openGatewayDb(join(dir, 'gateway.db'));
  const outbox = new Outbox({ db, office: 'o1', counter: 'c01' });
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    outbox.append('rating', { clerk: 'clerk01', caseId: `case-${i}`, level: 'satisfied', source: 'button', afterMs: 1200 });
    ms.push(performance.now() - t);
  }
  db.close();
  ms.sort((a, b) => a - b);
  const q = (p: number) => Math.round((ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? 0) * 1000) / 1000;
  const result = { events: n, dir, p50Ms: q(0.5), p90Ms: q(0.9), p99Ms: q(0.99), maxMs: q(1) };
  console.log(`outbox append on ${dir}: p50 ${result.p50Ms} ms, p90 ${result.p90Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms`);
  console.log(JSON.stringify(result));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
