/**
 * Test fixtures for the gateway core: a plain aedes broker with a tiny authenticate (not
 * central), a contract stand-in for central's clerk sign-in endpoint, and config builders.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aedes } from 'aedes';
import Fastify, { type FastifyInstance } from 'fastify';
import { parseConfig } from '../../config/load.ts';
import { GatewayConfigSchema, type GatewayConfig } from '../../config/schema.ts';

export interface Published {
  topic: string;
  payload: string;
  retain: boolean;
  clientId: string | null;
}

/** An aedes broker on 127.0.0.1; `stop()` and `TestBroker.start(samePort, sink)` simulate an outage. */
export class TestBroker {
  private readonly sockets = new Set<Socket>();
  /** Topics clients subscribed to, in order. */
  readonly subscriptions: string[] = [];

  private constructor(
    readonly aedes: Aedes,
    private readonly server: Server,
    readonly port: number,
    /** Every publish the broker accepted from a client (or its will), across restarts when shared. */
    readonly sink: Published[],
    private readonly stats: { refused: number },
  ) {}

  /** Connections refused for bad credentials. */
  get refused(): number {
    return this.stats.refused;
  }

  static async start(opts: { port?: number; users?: Record<string, string>; sink?: Published[] } = {}): Promise<TestBroker> {
    const users = opts.users ?? { gw: 'secret', observer: 'observer' };
    const sink = opts.sink ?? [];
    const stats = { refused: 0 };
    const aedes = await Aedes.createBroker({
      authenticate: (_client, username, password, done) => {
        const ok = username !== undefined && users[username] !== undefined && password?.toString() === users[username];
        if (ok) return done(null, true);
        stats.refused++;
        done(Object.assign(new Error('bad credentials'), { returnCode: 4 as const }), false);
      },
    });
    aedes.on('publish', (packet, client) => {
      if (!packet.topic.startsWith('cg/')) return;
      sink.push({
        topic: packet.topic,
        payload: Buffer.from(packet.payload as Buffer).toString('utf8'),
        retain: packet.retain,
        clientId: client?.id ?? null,
      });
    });
    const server = createServer(aedes.handle);
    const tb = new TestBroker(aedes, server, 0, sink, stats);
    aedes.on('subscribe', (subs) => {
      for (const s of subs) tb.subscriptions.push(s.topic);
    });
    server.on('connection', (s) => {
      tb.sockets.add(s);
      s.on('close', () => tb.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    (tb as { port: number }).port = typeof address === 'object' && address ? address.port : 0;
    return tb;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  /** Publishes as the broker itself (central's side of the contract). */
  publish(topic: string, payload: unknown, retain = false): Promise<void> {
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    return new Promise((resolve, reject) =>
      this.aedes.publish(
        { cmd: 'publish', topic, payload: Buffer.from(body), qos: 1, retain, dup: false },
        (err) => (err ? reject(err) : resolve()),
      ),
    );
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await new Promise<void>((resolve) => this.aedes.close(() => resolve()));
  }
}

export interface StandInClerk {
  password: string;
  displayName: string;
  /** false: not a clerk of this office (central answers 403). */
  ofThisOffice?: boolean;
}

/**
 * Contract stand-in for central's `POST /api/counter/clerk-sign-in` (docs/INTERFACES.md):
 * HTTP Basic with the gateway's MQTT credentials, body {username,password} → 200 {clerk},
 * 401 CG_AUTH_BAD_CREDENTIALS, 403 when the clerk is not of this office. Not central itself;
 * the real end-to-end is the lead's integration test.
 */
export async function startCentralStandIn(opts: {
  gateway: { username: string; password: string };
  clerks: Record<string, StandInClerk>;
  port?: number;
}): Promise<{ url: string; port: number; calls: number; close(): Promise<void>; app: FastifyInstance }> {
  const app = Fastify();
  const state = { calls: 0 };
  const expected = `Basic ${Buffer.from(`${opts.gateway.username}:${opts.gateway.password}`).toString('base64')}`;
  app.post('/api/counter/clerk-sign-in', async (request, reply) => {
    state.calls++;
    if (request.headers.authorization !== expected) {
      return reply.code(401).send({ code: 'CG_AUTH_REQUIRED', message: 'gateway credentials required', userMessage: '' });
    }
    const body = request.body as { username?: string; password?: string };
    const clerk = body.username ? opts.clerks[body.username] : undefined;
    if (!clerk || clerk.password !== body.password) {
      return reply
        .code(401)
        .send({ code: 'CG_AUTH_BAD_CREDENTIALS', message: 'wrong username or password', userMessage: '帳號或密碼錯誤' });
    }
    if (clerk.ofThisOffice === false) {
      return reply.code(403).send({ code: 'CG_AUTH_FORBIDDEN', message: 'not a clerk of this office', userMessage: '' });
    }
    return { clerk: { username: body.username, displayName: clerk.displayName } };
  });
  await app.listen({ host: '127.0.0.1', port: opts.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get calls() {
      return state.calls;
    },
    close: () => app.close(),
    app,
  };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `cg-${prefix}-`));
}

export function gatewayConfig(o: {
  office: string;
  counter: string;
  mqttUrl: string;
  httpUrl: string;
  dataDir: string;
  role?: 'counter' | 'alarm-station';
  username?: string;
  password?: string;
}): GatewayConfig {
  return parseConfig(
    GatewayConfigSchema,
    {
      office: o.office,
      counter: o.counter,
      role: o.role ?? 'counter',
      dataDir: o.dataDir,
      central: { mqttUrl: o.mqttUrl, httpUrl: o.httpUrl, username: o.username ?? 'gw', password: o.password ?? 'secret' },
      http: { host: '127.0.0.1', port: 0 },
      log: { level: 'silent' },
    },
    'test',
  );
}

/** Polls until `cond` holds; the deadline only stops a broken test from hanging. */
export async function waitFor(cond: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The events (evt/*) in a sink, parsed, in arrival order. */
export function eventsIn(sink: Published[], prefix: string): Array<{ id: string; seq: number; kind: string; raw: string }> {
  return sink
    .filter((p) => p.topic.startsWith(`${prefix}evt/`))
    .map((p) => {
      const body = JSON.parse(p.payload) as { id: string; seq: number };
      return { id: body.id, seq: body.seq, kind: p.topic.slice(p.topic.lastIndexOf('/') + 1), raw: p.payload };
    });
}

/** A free port, released before returning (for a broker that must come back on the same port). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const address = s.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
