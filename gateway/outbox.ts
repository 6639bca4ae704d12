import { randomBytes } from 'node:crypto';
import { eventValidators, type EventByKind } from '../contract/messages.ts';
import { EVENT_KINDS, topics, type EventKind } from '../contract/topics.ts';
import { Listeners } from '../devices/base.ts';
import { CountergateError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import type { GatewayDb } from './db.ts';
import type { EventBody } from './rating/machine.ts';

export interface OutboxRow {
  seq: number;
  id: string;
  kind: EventKind;
  payload: string;
}

export interface OutboxOptions {
  db: GatewayDb;
  office: string;
  counter: string;
  logger?: Logger;
  now?: () => number;
  /** Random per process start unless given (tests). */
  bootId?: string;
}

/**
 * The durable queue of events (docs/ARCHITECTURE.md, "Outbox before send"). An event is
 * validated against the contract, then written in one transaction before append() returns;
 * `seq` comes from SQLite's AUTOINCREMENT, so it keeps increasing across restarts, and the id
 * `${office}.${counter}.${bootId}.${seq}` stays unique even if the file were replaced.
 */
export class Outbox {
  readonly bootId: string;
  private readonly now: () => number;
  private readonly changes: Listeners<number>;
  private readonly insert;
  private readonly setId;
  private readonly selectUnsent;
  private readonly markSentStmt;
  private readonly countPending;

  constructor(private readonly opts: OutboxOptions) {
    this.bootId = opts.bootId ?? randomBytes(4).toString('hex');
    this.now = opts.now ?? Date.now;
    this.changes = new Listeners<number>(opts.logger);
    const db = opts.db;
    this.insert = db.prepare("INSERT INTO outbox (kind, payload, created_at) VALUES (?, '', ?)");
    this.setId = db.prepare('UPDATE outbox SET id = ?, payload = ? WHERE seq = ?');
    this.selectUnsent = db.prepare(
      'SELECT seq, id, kind, payload FROM outbox WHERE sent_at IS NULL AND seq > ? ORDER BY seq LIMIT ?',
    );
    this.markSentStmt = db.prepare('UPDATE outbox SET sent_at = ? WHERE seq = ? AND sent_at IS NULL');
    this.countPending = db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL');
  }

  /**
   * Validates and stores one event; durable when this returns. A body that breaks the contract
   * is a bug: it throws CG_OUTBOX_INVALID_EVENT and nothing is stored, so one bad event can
   * never block the queue behind it.
   */
  append<K extends EventKind>(kind: K, body: EventBody<K>, at?: number): EventByKind[K] {
    if (!(EVENT_KINDS as readonly string[]).includes(kind)) {
      throw new CountergateError('CG_OUTBOX_INVALID_EVENT', `unknown event kind '${String(kind)}'`);
    }
    const ts = new Date(at ?? this.now()).toISOString();
    const probe = { ...body, id: this.idFor(1), seq: 1, ts };
    const check = eventValidators[kind].decode(probe);
    if (!check.ok) {
      throw new CountergateError('CG_OUTBOX_INVALID_EVENT', `invalid ${kind} event: ${check.reason}`);
    }
    const event = this.opts.db.transaction(() => {
      const seq = Number(this.insert.run(kind, new Date(this.now()).toISOString()).lastInsertRowid);
      const full = { ...body, id: this.idFor(seq), seq, ts } as EventByKind[K];
      this.setId.run(full.id, JSON.stringify(full), seq);
      return full;
    })();
    this.changes.emit(this.pending());
    return event;
  }

  /** Unsent rows after `afterSeq`, oldest first. */
  unsent(afterSeq: number, limit: number): OutboxRow[] {
    return this.selectUnsent.all(afterSeq, limit) as OutboxRow[];
  }

  markSent(seq: number): void {
    this.markSentMany([seq]);
  }

  /** One transaction (one fsync) for a batch of PUBACKs. */
  markSentMany(seqs: readonly number[]): void {
    if (seqs.length === 0) return;
    const at = new Date(this.now()).toISOString();
    let changed = 0;
    this.opts.db.transaction(() => {
      for (const seq of seqs) changed += this.markSentStmt.run(at, seq).changes;
    })();
    if (changed > 0) this.changes.emit(this.pending());
  }

  /** Deletes rows acknowledged before `before` (ms); unsent rows are never deleted. Returns how many. */
  prune(before: number): number {
    const r = this.opts.db
      .prepare('DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ?')
      .run(new Date(before).toISOString());
    return r.changes;
  }

  pending(): number {
    return (this.countPending.get() as { n: number }).n;
  }

  /** Called with the pending count after every append and every row marked sent. */
  onChange(listener: (pending: number) => void): () => void {
    return this.changes.add(listener);
  }

  private idFor(seq: number): string {
    return `${this.opts.office}.${this.opts.counter}.${this.bootId}.${seq}`;
  }
}

/** What the sender needs from the MQTT link. */
export interface OutboxTransport {
  readonly connected: boolean;
  /** QoS 1 publish; resolves on PUBACK, rejects if the message could not be handed over. */
  publish(topic: string, payload: string): Promise<void>;
  onConnectionChange(listener: (connected: boolean) => void): () => void;
}

export interface OutboxSenderOptions {
  outbox: Outbox;
  transport: OutboxTransport;
  office: string;
  counter: string;
  /** At most this many events awaiting PUBACK at once. */
  inFlight?: number;
  logger?: Logger;
}

/**
 * Publishes pending rows in seq order while the link is up, marks each sent on its PUBACK.
 * On every (re)connect it starts again from the first unsent row: an event whose PUBACK was
 * lost goes out again with the same id, which central stores once.
 */
export class OutboxSender {
  private readonly window: number;
  private readonly inflight = new Set<number>();
  /** Highest seq handed to the transport in the current connection. */
  private cursor = 0;
  private running = false;
  private pumping = false;
  /** PUBACKs not yet written: flushed together on the next turn of the event loop. */
  private acked: number[] = [];
  private flushScheduled = false;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(private readonly opts: OutboxSenderOptions) {
    this.window = opts.inFlight ?? 50;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe.push(
      this.opts.transport.onConnectionChange((up) => {
        this.inflight.clear();
        this.cursor = 0;
        if (up) this.kick();
      }),
    );
    this.kick();
  }

  stop(): void {
    this.flushAcks();
    this.running = false;
    for (const u of this.unsubscribe.splice(0)) u();
    this.inflight.clear();
    this.cursor = 0;
  }

  /** Sends whatever is pending, up to the in-flight window. Safe to call any time. */
  kick(): void {
    if (!this.running || this.pumping) return;
    this.pumping = true;
    try {
      while (this.running && this.opts.transport.connected && this.inflight.size < this.window) {
        const rows = this.opts.outbox.unsent(this.cursor, this.window - this.inflight.size);
        if (rows.length === 0) break;
        for (const row of rows) {
          this.cursor = row.seq;
          this.send(row);
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private flushAcks(): void {
    const seqs = this.acked;
    this.acked = [];
    if (!this.running || seqs.length === 0) return;
    try {
      this.opts.outbox.markSentMany(seqs);
    } catch (err) {
      // Rows stay unsent and go out again (same ids) after the next reconnect.
      this.opts.logger?.error({ err }, 'cannot mark events sent');
    }
  }

  private send(row: OutboxRow): void {
    this.inflight.add(row.seq);
    const topic = topics.event(this.opts.office, this.opts.counter, row.kind);
    this.opts.transport.publish(topic, row.payload).then(
      () => {
        this.inflight.delete(row.seq);
        if (!this.running) return; // the outbox may be closed; the row stays pending, resent next start
        this.acked.push(row.seq);
        if (!this.flushScheduled) {
          this.flushScheduled = true;
          setImmediate(() => {
            this.flushScheduled = false;
            this.flushAcks();
            this.kick();
          });
        }
      },
      (err: unknown) => {
        // Left unsent: the next (re)connect starts again from the first unsent row.
        this.inflight.delete(row.seq);
        this.opts.logger?.debug({ err, seq: row.seq }, 'event not acknowledged; will resend after reconnect');
      },
    );
  }
}
