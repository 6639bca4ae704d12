import type { MqttClient } from 'mqtt';
import {
  cfgAppliedValidator,
  commandResultValidator,
  eventValidators,
  healthValidator,
  stateValidator,
  type EventByKind,
} from '../../contract/messages.ts';
import { parseTopic, topics, type EventKind } from '../../contract/topics.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Database } from '../db/sqlite.ts';
import type { CommandBus } from '../gateways/commands.ts';
import type { GatewayRegistry } from '../gateways/registry.ts';

export type NewEventHandler = <K extends EventKind>(kind: K, office: string, counter: string, ev: EventByKind[K]) => void;

export interface IngestDeps {
  db: Database;
  logger: Logger;
  registry: GatewayRegistry;
  commands: CommandBus;
  /** Called once per event id, only when its row was new. */
  onNewEvent?: NewEventHandler;
  now?: () => Date;
}

export type IngestOutcome = 'stored' | 'duplicate' | 'dropped' | 'status' | 'result' | 'ignored';

/**
 * Everything central hears from gateways. Events are stored exactly once by id (QoS 1 means
 * at least once on the wire); office and counter come from the topic, which the broker's ACL
 * ties to the gateway's credentials, never from the payload. A bad payload is logged with its
 * reason and dropped; nothing here throws into the MQTT client.
 */
export class Ingest {
  private readonly log: Logger;
  private readonly insert;
  private client: MqttClient | null = null;
  private readonly onMessage = (topic: string, payload: Buffer) => {
    this.handle(topic, payload);
  };

  constructor(private readonly deps: IngestDeps) {
    this.log = deps.logger.child({ component: 'ingest' });
    this.insert = deps.db.prepare(
      `INSERT OR IGNORE INTO events (id, office, counter, kind, seq, ts, clerk, case_id, level, outcome, reason, payload, received_at)
       VALUES (@id, @office, @counter, @kind, @seq, @ts, @clerk, @caseId, @level, @outcome, @reason, @payload, @receivedAt)`,
    );
  }

  /** `events: false` when the embedded broker hands events over directly (`store`). */
  async attach(client: MqttClient, opts: { events?: boolean } = {}): Promise<void> {
    this.client = client;
    client.on('message', this.onMessage);
    const subs = Object.values(topics.central).filter((t) => opts.events !== false || t !== topics.central.events);
    const granted = await client.subscribeAsync(subs, { qos: 1 });
    const refused = granted.filter((g) => g.qos === 128).map((g) => g.topic);
    if (refused.length > 0) this.log.error({ refused }, 'broker refused central subscriptions');
  }

  detach(): void {
    this.client?.off('message', this.onMessage);
    this.client = null;
  }

  /**
   * Like `handle`, but a failure to store throws instead of being logged, so that the embedded
   * broker can refuse the publish and the gateway sends the event again.
   */
  store(topic: string, payload: Buffer): IngestOutcome {
    return this.route(topic, payload);
  }

  /** Handles one message; exported for tests and for other transports. */
  handle(topic: string, payload: Buffer): IngestOutcome {
    try {
      return this.route(topic, payload);
    } catch (err) {
      this.log.error({ err, topic }, 'message handling failed; dropped');
      return 'dropped';
    }
  }

  private drop(topic: string, reason: string): IngestOutcome {
    this.log.warn({ topic, reason }, 'invalid message dropped');
    return 'dropped';
  }

  private ignore(topic: string, reason: string): IngestOutcome {
    this.log.debug({ topic, reason }, 'message ignored');
    return 'ignored';
  }

  private route(topic: string, payload: Buffer): IngestOutcome {
    const t = parseTopic(topic);
    if (!t) return this.drop(topic, 'topic outside the contract');
    const { registry } = this.deps;
    if (t.kind !== 'alarm' && t.kind !== 'cfg' && t.kind !== 'cmd') {
      const role = registry.activeRole(t.office, t.counter);
      // Normal on a broker shared with other systems or cities: not ours, not counted.
      if (role === null) return this.ignore(topic, 'no provisioned gateway at this counter');
      if (t.kind === 'event' && role !== 'counter') return this.drop(topic, 'an alarm station sends no events');
    }
    switch (t.kind) {
      case 'event':
        return this.storeEvent(topic, t.event, t.office, t.counter, payload);
      case 'state': {
        const d = stateValidator.decodeBuffer(payload);
        if (!d.ok) return this.drop(topic, d.reason);
        registry.recordState(t.office, t.counter, d.value);
        return 'status';
      }
      case 'health': {
        const d = healthValidator.decodeBuffer(payload);
        if (!d.ok) return this.drop(topic, d.reason);
        registry.recordHealth(t.office, t.counter, d.value);
        return 'status';
      }
      case 'cfg-applied': {
        const d = cfgAppliedValidator.decodeBuffer(payload);
        if (!d.ok) return this.drop(topic, d.reason);
        if (!d.value.ok) this.log.warn({ topic, version: d.value.version, error: d.value.error }, 'gateway could not apply cfg');
        registry.recordCfgApplied(t.office, t.counter, d.value);
        return 'status';
      }
      case 'res': {
        const d = commandResultValidator.decodeBuffer(payload);
        if (!d.ok) return this.drop(topic, d.reason);
        if (!this.deps.commands.onResult(t.office, t.counter, t.name, d.value)) {
          this.log.debug({ topic, tx: d.value.tx }, 'result for no pending command');
        }
        return 'result';
      }
      default:
        // cfg, cmd and alarm are central's own publications.
        return 'ignored';
    }
  }

  private storeEvent(topic: string, kind: EventKind, office: string, counter: string, payload: Buffer): IngestOutcome {
    const d = eventValidators[kind].decodeBuffer(payload);
    if (!d.ok) return this.drop(topic, d.reason);
    const ev = d.value as EventByKind[typeof kind];
    const row = {
      id: ev.id,
      office,
      counter,
      kind,
      seq: ev.seq,
      ts: ev.ts,
      clerk: 'clerk' in ev ? ev.clerk : null,
      caseId: 'caseId' in ev ? ev.caseId : null,
      level: 'level' in ev ? ev.level : null,
      outcome: 'outcome' in ev ? ev.outcome : null,
      reason: 'reason' in ev ? ev.reason : null,
      payload: JSON.stringify(ev),
      receivedAt: (this.deps.now?.() ?? new Date()).toISOString(),
    };
    if (this.insert.run(row).changes === 0) return 'duplicate';
    try {
      this.deps.onNewEvent?.(kind, office, counter, ev);
    } catch (err) {
      // Stored is stored: a failing listener must not lose the event or stop ingestion.
      this.log.error({ err, id: ev.id, kind }, 'new-event listener failed');
    }
    return 'stored';
  }
}
