/**
 * One process hosting many simulated counters for the alarm benchmark. Each counter is built
 * from the gateway's real parts (rating machine, SQLite outbox, outbox sender, MQTT link with
 * its own credentials, simulated buttons): a press travels exactly the path a counter box's
 * press does. Only the kiosk HTTP server is left out (3,000 of them measure nothing), and the
 * clerk sign-in is taken as done, because 3,000 scrypt checks are set-up, not the alarm path.
 */
import { join } from 'node:path';
import type { EventKind } from '../../contract/topics.ts';
import type { EventByKind } from '../../contract/messages.ts';
import { createDevices } from '../../devices/factory.ts';
import type { ClerkAuth } from '../../gateway/clerk-auth.ts';
import { Counter } from '../../gateway/counter.ts';
import { openGatewayDb } from '../../gateway/db.ts';
import { Link } from '../../gateway/link.ts';
import { Outbox, OutboxSender } from '../../gateway/outbox.ts';
import type { EventBody } from '../../gateway/rating/machine.ts';
import { RatingMachine } from '../../gateway/rating/machine.ts';
import { createLogger } from '../../lib/logger.ts';
import { preciseNow, type CounterCreds, type CountersCommand, type CountersReport } from './protocol.ts';

const logger = createLogger({ name: 'bench-counters', level: 'warn' });
const send = (m: CountersReport) => process.send?.(m);

/** Remembers the id of the rating each press produced, so the console's arrival can be matched. */
class TracingOutbox extends Outbox {
  lastRatingId: string | null = null;
  override append<K extends EventKind>(kind: K, body: EventBody<K>, at?: number): EventByKind[K] {
    const ev = super.append(kind, body, at);
    if (kind === 'rating') this.lastRatingId = ev.id;
    return ev;
  }
}

interface BenchCounter {
  creds: CounterCreds;
  counter: Counter;
  outbox: TracingOutbox;
  link: Link;
  close(): Promise<void>;
}

const counters = new Map<string, BenchCounter>();

async function startCounter(creds: CounterCreds, mqttUrl: string, dataDir: string): Promise<BenchCounter> {
  const { office, counter: id } = creds;
  const log = logger.child({ office, counter: id });
  const db = openGatewayDb(join(dataDir, `${office}-${id}.db`));
  const devices = createDevices({}, 'counter', log);
  for (const d of devices.all()) await d.start();
  const outbox = new TracingOutbox({ db, office, counter: id, logger: log });
  const machine = new RatingMachine({ windowS: 30, voicePrompt: true });
  const link = new Link({
    office,
    counter: id,
    role: 'counter',
    mqttUrl,
    username: creds.username,
    password: creds.password,
    version: 'bench',
    startedAt: new Date().toISOString(),
    logger: log,
    health: () => ({
      ts: new Date().toISOString(),
      devices: {},
      diskFreeBytes: 0,
      uptimeS: process.uptime(),
      outboxPending: outbox.pending(),
    }),
    applyCfg: (cfg) => machine.configure({ windowS: cfg.ratingWindowS, voicePrompt: cfg.voicePrompt }),
    healthIntervalMs: 600_000,
  });
  const sender = new OutboxSender({ outbox, transport: link, office, counter: id, logger: log });
  const clerk = { username: `clerk-${id}`, displayName: `clerk ${id}` };
  const benchAuth = { verify: async () => ({ clerk, via: 'central' as const }) } as unknown as ClerkAuth;
  const counter = new Counter({
    office,
    counter: id,
    machine,
    outbox,
    clerkAuth: benchAuth,
    devices,
    link,
    afterAppend: () => sender.kick(),
    logger: log,
  });
  counter.start();
  sender.start();
  link.start();
  await counter.signIn(clerk.username, 'not-checked');
  return {
    creds,
    counter,
    outbox,
    link,
    async close() {
      counter.stop();
      sender.stop();
      await link.close();
      db.close();
    },
  };
}

async function waitOnline(list: BenchCounter[]): Promise<void> {
  for (;;) {
    const online = list.filter((c) => c.link.connected).length;
    send({ type: 'online', count: online });
    if (online === list.length) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function runPresses(presses: Extract<CountersCommand, { type: 'press' }>['presses']): Promise<void> {
  const start = preciseNow();
  let batch: { eventId: string; pressedAt: number }[] = [];
  const flush = () => {
    if (batch.length) send({ type: 'pressed', samples: batch });
    batch = [];
  };
  const flushTimer = setInterval(flush, 200);
  for (const p of [...presses].sort((a, b) => a.atMs - b.atMs)) {
    const wait = start + p.atMs - preciseNow();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const c = counters.get(p.counter);
    if (!c) continue;
    await c.counter.completeCase('receipt');
    const pressedAt = preciseNow();
    c.counter.simulatePress(p.level);
    if (c.outbox.lastRatingId) batch.push({ eventId: c.outbox.lastRatingId, pressedAt });
  }
  clearInterval(flushTimer);
  flush();
  send({ type: 'done' });
}

process.on('message', (m: CountersCommand) => {
  const run = async () => {
    if (m.type === 'start') {
      const started = await Promise.all(m.counters.map((c) => startCounter(c, m.mqttUrl, m.dataDir)));
      for (const c of started) counters.set(`${c.creds.office}/${c.creds.counter}`, c);
      await waitOnline(started);
    } else if (m.type === 'press') {
      await runPresses(m.presses);
    } else if (m.type === 'stop') {
      await Promise.all([...counters.values()].map((c) => c.close()));
      process.exit(0);
    }
  };
  run().catch((err: Error) => send({ type: 'error', message: err.stack ?? err.message }));
});
