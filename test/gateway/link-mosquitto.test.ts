/**
 * The delivery scenario against the real Mosquitto on 127.0.0.1:1883 (development machines and
 * CI run one; anonymous access there). The outage is a TCP proxy between the gateway and
 * Mosquitto that is torn down and brought back on the same port; the observer ("central")
 * stays connected to Mosquitto directly. Each run uses a random office id.
 */
import { randomBytes } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { test } from 'uvu';
import mqtt from 'mqtt';
import { topics } from '../../contract/topics.ts';
import { runDeliveryScenario } from './delivery.ts';
import { freePort } from './helpers.ts';

const MOSQUITTO = { host: '127.0.0.1', port: 1883 };

function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

class Proxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  constructor(readonly port: number) {}

  async up(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(MOSQUITTO);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

test('real Mosquitto: events in order, an outage loses none, duplicates only as identical copies', async () => {
  if (!(await listening(MOSQUITTO.host, MOSQUITTO.port))) {
    console.log('\n  NOTE: nothing listens on 127.0.0.1:1883, the Mosquitto delivery test did not run.\n');
    return;
  }
  const office = `t${randomBytes(5).toString('hex')}`;
  const counter = 'c1';
  const received: Array<{ id: string; seq: number; kind: string; raw: string }> = [];
  const observer = await mqtt.connectAsync(`mqtt://${MOSQUITTO.host}:${MOSQUITTO.port}`, {
    clientId: `cg-test-observer-${office}`,
    clean: true,
  });
  observer.on('message', (topic, payload) => {
    if (!topic.includes('/evt/')) return;
    const raw = payload.toString('utf8');
    const body = JSON.parse(raw) as { id: string; seq: number };
    received.push({ id: body.id, seq: body.seq, kind: topic.slice(topic.lastIndexOf('/') + 1), raw });
  });
  await observer.subscribeAsync(`cg/v1/${office}/+/evt/+`, { qos: 1 });
  const proxy = new Proxy(await freePort());
  await proxy.up();
  try {
    await runDeliveryScenario({
      office,
      counter,
      mqttUrl: `mqtt://127.0.0.1:${proxy.port}`,
      username: `gw-${office}`,
      password: 'unused-by-anonymous-mosquitto',
      events: () => received,
      outage: () => proxy.down(),
      recover: () => proxy.up(),
    });
  } finally {
    await proxy.down();
    // Leave no retained messages of this throw-away office in Mosquitto's persistent store.
    for (const t of [topics.state(office, counter), topics.health(office, counter)]) {
      await observer.publishAsync(t, '', { qos: 1, retain: true });
    }
    await observer.endAsync();
  }
});

test.run();
