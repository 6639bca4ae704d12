import { createServer, type Server, type Socket } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { CountergateError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/logger.ts';
import type { GatewayRegistry } from '../gateways/registry.ts';
import { mayPublish, maySubscribe, willAllowed, type Principal } from './acl.ts';
import { createPersistence } from './persistence.ts';

export interface BrokerOptions {
  host: string;
  /** 0 picks a free port; the actual one is `Broker.port`. */
  port: number;
  logger: Logger;
  registry: GatewayRegistry;
  /** Central's own client: random per start, never stored. */
  internal: { username: string; password: string };
  /**
   * Stores an event a gateway publishes. aedes sends a QoS 1 PUBACK before it publishes, so
   * authorizePublish is the last moment before the acknowledgement: an event the gateway sees
   * acknowledged (and marks sent) is already on disk. If storing throws, the publish is refused,
   * the connection drops without a PUBACK, and the gateway sends the event again later.
   * `durable` is called back once the commit is on disk; the PUBACK waits for it.
   */
  storeGatewayEvent?: (topic: string, payload: Buffer, durable: (err: Error | null) => void) => void;
}

export interface Broker {
  readonly port: number;
  readonly url: string;
  readonly aedes: Aedes;
  /** Until called, every client but central's own is told "server unavailable" (code 3), so
   * that no event arrives before central has subscribed. */
  setReady(): void;
  /** Closes every connection authenticated as this gateway username. */
  disconnect(username: string): void;
  close(): Promise<void>;
}

const refuse = (message: string, returnCode: 3 | 4 | 5): AuthenticateError =>
  Object.assign(new Error(message), { returnCode }) as AuthenticateError;

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The embedded aedes broker with the access rules of docs/INTERFACES.md. */
export async function startBroker(opts: BrokerOptions): Promise<Broker> {
  const { logger, registry } = opts;
  const log = logger.child({ component: 'broker' });
  const principals = new WeakMap<Client, Principal>();
  const wills = new WeakMap<Client, { topic: string } | null>();
  let ready = false;

  const aedes = await Aedes.createBroker({
    persistence: createPersistence(),
    // The CONNECT packet (with its will) is only visible here; authenticate decides.
    preConnect(client, packet, done) {
      wills.set(client, packet.will ? { topic: packet.will.topic } : null);
      done(null, true);
    },
    authenticate(client, username, password, done) {
      const secret = password ? Buffer.from(password).toString('utf8') : '';
      if (username === undefined || secret === '') {
        log.warn({ clientId: client.id }, 'MQTT connection without credentials refused');
        return done(refuse('credentials required', 4), false);
      }
      let principal: Principal;
      if (username === opts.internal.username) {
        if (!sameSecret(secret, opts.internal.password)) return done(refuse('bad user name or password', 4), false);
        principal = { kind: 'central' };
      } else {
        const known = registry.lookup(username);
        const identity = registry.verify(username, secret);
        if (!identity) {
          const revoked = known?.revoked === true;
          log.warn({ clientId: client.id, username, reason: revoked ? 'revoked' : 'bad-credentials' }, 'MQTT connection refused');
          return done(revoked ? refuse('gateway revoked', 5) : refuse('bad user name or password', 4), false);
        }
        principal = { kind: 'gateway', ...identity };
        if (!ready) return done(refuse('central is starting', 3), false);
        if (!willAllowed(principal, wills.get(client))) {
          log.warn({ clientId: client.id, username, will: wills.get(client)?.topic }, 'MQTT last will outside own state topic refused');
          return done(refuse('last will must be the gateway state topic', 5), false);
        }
        // A client id already held by someone else would let this client take over their session.
        const holder = (aedes as unknown as { clients: Record<string, Client> }).clients[client.id];
        const holderPrincipal = holder ? principals.get(holder) : undefined;
        if (holderPrincipal && !(holderPrincipal.kind === 'gateway' && holderPrincipal.username === username)) {
          log.warn({ clientId: client.id, username }, 'MQTT client id held by another principal refused');
          return done(refuse('client id in use', 5), false);
        }
      }
      principals.set(client, principal);
      done(null, true);
    },
    authorizePublish(client, packet, done) {
      // A null client is a will restored from persistence: checked when it was set.
      if (!client) return done(null);
      const p = principals.get(client);
      if (p && mayPublish(p, packet.topic)) {
        if (p.kind === 'gateway' && opts.storeGatewayEvent && packet.topic.includes('/evt/')) {
          const refuse = (err: Error) => {
            log.error({ err, topic: packet.topic }, 'could not store a gateway event; the gateway will send it again');
            done(err);
          };
          try {
            opts.storeGatewayEvent(packet.topic, packet.payload as Buffer, (err) => (err ? refuse(err) : done(null)));
          } catch (err) {
            refuse(err as Error);
          }
          return;
        }
        return done(null);
      }
      log.warn({ clientId: client.id, topic: packet.topic }, 'MQTT publish refused');
      done(new Error(`publish to ${packet.topic} not allowed`));
    },
    authorizeSubscribe(client, sub, done) {
      const p = principals.get(client);
      if (p && maySubscribe(p, sub.topic)) return done(null, sub);
      log.warn({ clientId: client.id, topic: sub.topic }, 'MQTT subscribe refused');
      done(null, null);
    },
  });

  aedes.on('clientError', (client, err) => log.debug({ clientId: client.id, err: err.message }, 'MQTT client error'));

  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    aedes.handle(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((err: Error) => {
    aedes.close();
    throw new CountergateError('CG_MQTT_LISTEN', `MQTT broker cannot listen on ${opts.host}:${opts.port}: ${err.message}`, {
      cause: err,
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const hostForUrl = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
  log.info({ host: opts.host, port }, 'MQTT broker listening');

  return {
    port,
    url: `mqtt://${hostForUrl.includes(':') ? `[${hostForUrl}]` : hostForUrl}:${port}`,
    aedes,
    setReady() {
      ready = true;
    },
    disconnect(username) {
      const clients = (aedes as unknown as { clients: Record<string, Client> }).clients;
      for (const c of Object.values(clients)) {
        const p = principals.get(c);
        if (p?.kind === 'gateway' && p.username === username) c.close();
      }
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
    },
  };
}
