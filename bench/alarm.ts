/**
 * npm run bench:alarm -- --counters N [--presses P] [--rate R] [--procs K] [--json]
 *
 * Press → supervisor console latency. A real central runs in its own process; N simulated
 * counters (each its own MQTT client with its own credentials, built from the gateway's real
 * parts) run in K processes; one supervisor per office holds the live WebSocket a console
 * holds. P presses (非常不滿意 / 不滿意) are spread over the counters at R presses per second;
 * the time from each button event to the alarm carrying that event's id arriving on the
 * office's console is recorded. The last line printed is one JSON object:
 * {"counters":…,"presses":…,"p50Ms":…,"p99Ms":…,"lost":…}
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import type { LiveMessage } from '../contract/live.ts';
import { preciseNow, type CentralReady, type CountersCommand, type CountersReport } from './alarm/protocol.ts';

const { values } = parseArgs({
  options: {
    counters: { type: 'string', default: '300' },
    presses: { type: 'string' },
    rate: { type: 'string', default: '100' },
    procs: { type: 'string', default: '2' },
    'per-office': { type: 'string', default: '100' },
    'drain-ms': { type: 'string', default: '5000' },
    'outbox-dir': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const N = positive(values.counters, 'counters');
const P = values.presses === undefined ? N : positive(values.presses, 'presses');
const RATE = positive(values.rate, 'rate');
const PROCS = Math.min(positive(values.procs, 'procs'), N);
const PER_OFFICE = positive(values['per-office'], 'per-office');
const DRAIN_MS = positive(values['drain-ms'], 'drain-ms');

function positive(v: string | undefined, name: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a positive integer, got '${v}'`);
    process.exit(2);
  }
  return n;
}

const log = (msg: string) => {
  if (!values.json) console.log(msg);
  else console.error(msg);
};
const children: ChildProcess[] = [];
const spawnChild = (file: string, args: string[] = []) => {
  // BENCH_CPU_PROF=DIR writes a V8 CPU profile of every child process into DIR.
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  // The children's logs go to stderr: stdout carries only the figures (with --json, one line).
  const child = fork(new URL(file, import.meta.url).pathname, args, {
    execArgv: ['--import', 'tsx', ...prof],
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  children.push(child);
  return child;
};
const once = <T>(child: ChildProcess, pick: (m: unknown) => T | undefined): Promise<T> =>
  new Promise((resolve, reject) => {
    const onMessage = (m: unknown) => {
      const r = pick(m);
      if (r !== undefined) {
        child.off('message', onMessage);
        resolve(r);
      }
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`${child.spawnargs.join(' ')} exited with ${code}`)));
  });

async function main(): Promise<void> {
  const t0 = Date.now();
  log(`starting central for ${N} counters …`);
  const central = spawnChild('./alarm/central-proc.ts', [String(N), String(PER_OFFICE)]);
  const ready = await once(central, (m) => ((m as CentralReady).type === 'central-ready' ? (m as CentralReady) : undefined));
  log(`central ready at ${ready.httpUrl} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

  // Supervisors' live connections, one per office, exactly as the console opens them.
  const arrivals = new Map<string, number>();
  const sockets: WebSocket[] = [];
  for (const s of ready.supervisors) {
    const res = await fetch(`${ready.httpUrl}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: s.username, password: s.password }),
    });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    if (!res.ok || !cookie) throw new Error(`supervisor ${s.username} could not sign in: ${res.status}`);
    const ws = new WebSocket(`${ready.httpUrl.replace('http', 'ws')}/ws/alarms?office=${s.office}`, {
      headers: { cookie },
    });
    ws.on('message', (data) => {
      const at = preciseNow();
      const msg = JSON.parse(String(data)) as LiveMessage;
      if (msg.type === 'alarm' && !arrivals.has(msg.alarm.lastEventId)) arrivals.set(msg.alarm.lastEventId, at);
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    sockets.push(ws);
  }

  log(`connecting ${N} counters in ${PROCS} processes …`);
  // Every real counter box has a disk of its own; here thousands share one, and their fsyncs
  // would queue behind each other. On tmpfs the outbox keeps its code path but not that
  // artefact (a box's own fsync cost is measured apart, see docs/BENCHMARKS.md).
  const base = values['outbox-dir'] ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
  const dataDir = mkdtempSync(join(base, 'cg-bench-counters-'));
  const procs = Array.from({ length: PROCS }, () => spawnChild('./alarm/counters-proc.ts'));
  const shares = procs.map((_, i) => ready.gateways.filter((_g, j) => j % PROCS === i));
  const online = procs.map(() => 0);
  procs.forEach((p, i) =>
    p.on('message', (m: CountersReport) => {
      if (m.type === 'online') online[i] = m.count;
      if (m.type === 'error') console.error(`counters process ${i}: ${m.message}`);
    }),
  );
  const tConnect = Date.now();
  procs.forEach((p, i) =>
    p.send({ type: 'start', mqttUrl: ready.mqttUrl, httpUrl: ready.httpUrl, dataDir, counters: shares[i] ?? [] } satisfies CountersCommand),
  );
  while (online.reduce((a, b) => a + b, 0) < N) {
    await new Promise((r) => setTimeout(r, 500));
    if (Date.now() - tConnect > 600_000) throw new Error(`only ${online.reduce((a, b) => a + b, 0)} of ${N} counters came online`);
  }
  log(`${N} counters online (${((Date.now() - tConnect) / 1000).toFixed(1)} s)`);

  // Presses spread evenly over time and round-robin over the counters.
  const samples = new Map<string, number>();
  const plans = procs.map(() => [] as Extract<CountersCommand, { type: 'press' }>['presses']);
  for (let k = 0; k < P; k++) {
    const g = ready.gateways[k % N];
    if (!g) continue;
    const proc = (k % N) % PROCS;
    plans[proc]?.push({
      counter: `${g.office}/${g.counter}`,
      atMs: (k * 1000) / RATE,
      level: k % 3 === 0 ? 'dissatisfied' : 'very-dissatisfied',
    });
  }
  log(`pressing ${P} times at ${RATE}/s …`);
  await Promise.all(
    procs.map((p, i) => {
      const done = once(p, (m) => ((m as CountersReport).type === 'done' ? true : undefined));
      p.on('message', (m: CountersReport) => {
        if (m.type === 'pressed') for (const s of m.samples) samples.set(s.eventId, s.pressedAt);
      });
      p.send({ type: 'press', presses: plans[i] ?? [] } satisfies CountersCommand);
      return done;
    }),
  );
  // Waiting for stragglers: anything not on a console by now counts as lost.
  const drainUntil = Date.now() + DRAIN_MS;
  while (Date.now() < drainUntil && [...samples.keys()].some((id) => !arrivals.has(id))) {
    await new Promise((r) => setTimeout(r, 50));
  }

  const latencies: number[] = [];
  let lost = P - samples.size;
  for (const [id, pressedAt] of samples) {
    const at = arrivals.get(id);
    if (at === undefined) lost++;
    else latencies.push(at - pressedAt);
  }
  latencies.sort((a, b) => a - b);
  const q = (p: number) => (latencies.length ? round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0) : null);
  const result = {
    counters: N,
    presses: P,
    rate: RATE,
    delivered: latencies.length,
    p50Ms: q(0.5),
    p90Ms: q(0.9),
    p99Ms: q(0.99),
    maxMs: latencies.length ? round(latencies[latencies.length - 1] ?? 0) : null,
    lost,
  };
  log(
    `press → console: p50 ${result.p50Ms} ms, p90 ${result.p90Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms; ` +
      `${result.delivered} delivered, ${lost} lost`,
  );

  for (const ws of sockets) ws.close();
  await Promise.all(
    procs.map((p) => {
      p.send({ type: 'stop' } satisfies CountersCommand);
      return new Promise((r) => p.once('exit', r));
    }),
  );
  central.send({ type: 'stop' });
  await new Promise((r) => central.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
  console.log(JSON.stringify(result));
}

const round = (x: number) => Math.round(x * 10) / 10;

main().catch((err: Error) => {
  console.error(`bench:alarm failed: ${err.message}`);
  for (const c of children) c.kill();
  process.exit(1);
});
