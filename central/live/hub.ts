import type { AlarmView } from '../../contract/messages.ts';
import type { LiveMessage } from '../../contract/live.ts';
import type { Logger } from '../../lib/logger.ts';

/** What the hub needs of a WebSocket (the `ws` socket @fastify/websocket hands out fits). */
export interface LiveSocket {
  readonly readyState: number;
  readonly bufferedAmount?: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  on(event: 'close' | 'error', listener: (...args: unknown[]) => void): unknown;
}

export type ActiveFor = (office: string | null) => AlarmView[];

export interface LiveHubOptions {
  logger: Logger;
  /** Default source of the snapshot a socket receives on attach. */
  activeFor?: ActiveFor;
  /** 0 turns pings off. */
  pingIntervalMs?: number;
  /** A console that stops reading is dropped once this much is waiting to be sent. */
  maxBufferedBytes?: number;
}

const OPEN = 1;
/** The snapshot's `office` for a city-wide (it-admin) connection. */
export const ALL_OFFICES = '*';

interface Client {
  socket: LiveSocket;
  office: string | null;
}

/**
 * Fans alarm transitions out to the supervisor consoles' WebSockets: each socket gets a
 * snapshot of its office's open alarms when it attaches, then every transition of that office
 * (an it-admin socket, office null, gets all offices). A socket that errors, closes or cannot
 * keep up is dropped on its own; the others never notice.
 */
export class LiveHub {
  private readonly logger: Logger;
  private readonly activeFor: ActiveFor;
  private readonly maxBuffered: number;
  private readonly clients = new Set<Client>();
  private readonly pingTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(opts: LiveHubOptions) {
    this.logger = opts.logger;
    this.activeFor = opts.activeFor ?? (() => []);
    this.maxBuffered = opts.maxBufferedBytes ?? 1024 * 1024;
    const pingMs = opts.pingIntervalMs ?? 20_000;
    if (pingMs > 0) {
      this.pingTimer = setInterval(() => this.ping(), pingMs);
      this.pingTimer.unref();
    }
  }

  get size(): number {
    return this.clients.size;
  }

  attach(socket: LiveSocket, office: string | null, activeFor: ActiveFor = this.activeFor): void {
    if (this.closed) {
      safeClose(socket, 1001, 'server closing');
      return;
    }
    const client: Client = { socket, office };
    this.clients.add(client);
    socket.on('close', () => this.clients.delete(client));
    socket.on('error', (err) => {
      this.logger.warn({ err, office }, 'live socket error');
      this.drop(client);
    });
    let active: AlarmView[];
    try {
      active = activeFor(office);
    } catch (err) {
      this.logger.error({ err, office }, 'cannot read the active alarms for a snapshot');
      this.drop(client, 1011, 'snapshot failed');
      return;
    }
    this.send(client, JSON.stringify({ type: 'snapshot', office: office ?? ALL_OFFICES, active } satisfies LiveMessage));
  }

  publish(alarm: AlarmView): void {
    if (this.clients.size === 0) return;
    const data = JSON.stringify({ type: 'alarm', alarm } satisfies LiveMessage);
    for (const c of this.clients) {
      if (c.office === null || c.office === alarm.office) this.send(c, data);
    }
  }

  ping(): void {
    const data = JSON.stringify({ type: 'ping', ts: new Date().toISOString() } satisfies LiveMessage);
    for (const c of this.clients) this.send(c, data);
  }

  close(): void {
    this.closed = true;
    if (this.pingTimer) clearInterval(this.pingTimer);
    for (const c of [...this.clients]) this.drop(c, 1001, 'server closing');
  }

  private send(c: Client, data: string): void {
    if (c.socket.readyState !== OPEN) {
      // CONNECTING never happens for sockets handed over after the upgrade; CLOSING/CLOSED are gone.
      if (c.socket.readyState > OPEN) this.clients.delete(c);
      return;
    }
    if ((c.socket.bufferedAmount ?? 0) > this.maxBuffered) {
      this.logger.warn({ office: c.office }, 'dropping a live socket that does not keep up');
      this.drop(c, 1013, 'too slow');
      return;
    }
    try {
      c.socket.send(data);
    } catch (err) {
      this.logger.warn({ err, office: c.office }, 'sending to a live socket failed');
      this.drop(c);
    }
  }

  private drop(c: Client, code = 1011, reason = 'error'): void {
    this.clients.delete(c);
    safeClose(c.socket, code, reason);
  }
}

function safeClose(socket: LiveSocket, code: number, reason: string): void {
  try {
    socket.close(code, reason);
  } catch {
    // already closed or broken: nothing left to release
  }
}
