/**
 * The real gateway controller (gateway/counter.ts) with its real rating machine, outbox
 * (SQLite in memory), clerk sign-in and simulated devices — only central is replaced, by a
 * fetch that answers /api/counter/clerk-sign-in the way central does. No MQTT link: offline.
 */
import { createDevices, type GatewayDevices } from '../../devices/factory.ts';
import { silentLogger } from '../../lib/logger.ts';
import { ClerkAuth } from '../../gateway/clerk-auth.ts';
import { Counter } from '../../gateway/counter.ts';
import { openGatewayDb, type GatewayDb } from '../../gateway/db.ts';
import { Outbox } from '../../gateway/outbox.ts';
import { RatingMachine } from '../../gateway/rating/machine.ts';

export interface RealCounter {
  counter: Counter;
  outbox: Outbox;
  devices: GatewayDevices;
  /** Events in the outbox, oldest first, parsed. */
  events(): { kind: string; body: Record<string, unknown> }[];
  close(): Promise<void>;
}

const CLERKS: Record<string, { password: string; displayName: string }> = {
  clerk01: { password: 'pw-clerk01', displayName: '王小明' },
};

const fakeCentral: typeof fetch = async (_url, init) => {
  const { username, password } = JSON.parse(String(init?.body)) as { username: string; password: string };
  const clerk = CLERKS[username];
  if (!clerk || clerk.password !== password) {
    return new Response(JSON.stringify({ code: 'CG_AUTH_BAD_CREDENTIALS' }), { status: 401 });
  }
  return new Response(JSON.stringify({ clerk: { username, displayName: clerk.displayName } }), { status: 200 });
};

export async function realCounter(windowS = 30): Promise<RealCounter> {
  const db: GatewayDb = openGatewayDb(':memory:');
  const logger = silentLogger;
  const devices = createDevices({}, 'counter', logger);
  for (const d of devices.all()) await d.start();
  const outbox = new Outbox({ db, office: 'taichung-xitun', counter: 'c01', logger, bootId: 'test' });
  const clerkAuth = new ClerkAuth({
    db,
    centralHttpUrl: 'http://central.invalid',
    gatewayUsername: 'gw-c01',
    gatewayPassword: 'secret',
    fetch: fakeCentral,
    scryptN: 1024,
    logger,
  });
  const counter = new Counter({
    office: 'taichung-xitun',
    counter: 'c01',
    machine: new RatingMachine({ windowS, voicePrompt: true }),
    outbox,
    clerkAuth,
    devices,
    logger,
  });
  counter.start();
  return {
    counter,
    outbox,
    devices,
    events: () =>
      outbox.unsent(0, 1000).map((row) => ({ kind: row.kind, body: JSON.parse(row.payload) as Record<string, unknown> })),
    async close() {
      counter.stop();
      for (const d of devices.all()) await d.stop();
      db.close();
    },
  };
}
