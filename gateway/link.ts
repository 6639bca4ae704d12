import mqtt, { type MqttClient } from 'mqtt';
import {
  cfgAppliedValidator,
  commandResultValidator,
  commandValidator,
  counterConfigValidator,
  healthValidator,
  type CfgApplied,
  type CommandResult,
  type CounterConfig,
  type GatewayRole,
  type GatewayState,
  type Health,
} from '../contract/messages.ts';
import { topics } from '../contract/topics.ts';
import { Listeners } from '../devices/base.ts';
import { CountergateError, isCountergateError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import type { OutboxTransport } from './outbox.ts';

export type CommandHandler = (args: Record<string, unknown>) => unknown | Promise<unknown>;

export interface LinkOptions {
  office: string;
  counter: string;
  role: GatewayRole;
  mqttUrl: string;
  username: string;
  password: string;
  version: string;
  /** ISO time the process started (goes into `state`). */
  startedAt: string;
  logger: Logger;
  health: () => Health;
  /** Applies a validated cfg; throwing reports ok:false with the error's message. */
  applyCfg: (cfg: CounterConfig) => void;
  /** `ping` and `health` are built in; these add to (or replace) them. */
  commands?: Record<string, CommandHandler>;
  /** Extra subscriptions (the alarm station's office alarm topic). */
  subscriptions?: Array<{ topic: string; onMessage: (payload: Buffer) => void }>;
  reconnect?: { minMs: number; maxMs: number };
  healthIntervalMs?: number;
  connectTimeoutMs?: number;
  now?: () => number;
}

/**
 * The gateway's MQTT session with central (docs/ARCHITECTURE.md, "MQTT contract"): retained
 * `state` with a last will, retained `health`, `cfg` in / `cfg/applied` out, `cmd/+` in /
 * `res/+` out, and the QoS 1 publishing the outbox sender uses. Reconnects forever with
 * backoff. Nothing arriving from the network may crash the gateway: a bad payload is logged
 * with the reason and dropped.
 */
export class Link implements OutboxTransport {
  private client?: MqttClient;
  private readonly connection: Listeners<boolean>;
  private readonly log: Logger;
  private readonly now: () => number;
  private healthTimer?: ReturnType<typeof setInterval>;
  private backoffMs: number;
  private closed = false;
  private isUp = false;

  constructor(private readonly opts: LinkOptions) {
    this.log = opts.logger.child({ part: 'link' });
    this.connection = new Listeners<boolean>(this.log);
    this.now = opts.now ?? Date.now;
    this.backoffMs = opts.reconnect?.minMs ?? 1000;
  }

  get connected(): boolean {
    return this.isUp;
  }

  /** The underlying mqtt.js client (tests use it to cut the socket). */
  get mqttClient(): MqttClient | undefined {
    return this.client;
  }

  onConnectionChange(listener: (connected: boolean) => void): () => void {
    return this.connection.add(listener);
  }

  start(): void {
    const { office, counter } = this.opts;
    const minMs = this.opts.reconnect?.minMs ?? 1000;
    const maxMs = this.opts.reconnect?.maxMs ?? 30_000;
    const client = mqtt.connect(this.opts.mqttUrl, {
      clientId: `cg-gw-${office}-${counter}`,
      username: this.opts.username,
      password: this.opts.password,
      protocolVersion: 4,
      clean: true,
      // 30 s: a dead link (no RST) is noticed within ~45 s and the broker sends the will as soon.
      keepalive: 30,
      resubscribe: false,
      reconnectPeriod: minMs,
      // Refused credentials may be fixed centrally (re-provisioning): keep trying, with backoff.
      reconnectOnConnackError: true,
      connectTimeout: this.opts.connectTimeoutMs ?? 10_000,
      will: {
        topic: topics.state(office, counter),
        payload: Buffer.from(JSON.stringify(this.statePayload(false))),
        qos: 1,
        retain: true,
      },
    });
    this.client = client;
    client.on('connect', () => {
      this.backoffMs = minMs;
      client.options.reconnectPeriod = minMs;
      this.onConnect(client);
    });
    client.on('close', () => {
      // mqtt.js reads reconnectPeriod when it schedules the next attempt: doubling it here
      // spaces out attempts against a broker that stays away, and the jitter keeps a city's
      // gateways from reconnecting in lock-step after central restarts.
      this.backoffMs = Math.min(maxMs, this.backoffMs * 2);
      if (!this.closed) client.options.reconnectPeriod = Math.round(this.backoffMs * (0.5 + Math.random() * 0.5));
      if (this.isUp) {
        this.isUp = false;
        this.log.warn('disconnected from central; events wait in the outbox');
        this.connection.emit(false);
      }
    });
    client.on('error', (err) => this.log.warn({ err: err.message }, 'mqtt error'));
    client.on('message', (topic, payload) => {
      try {
        this.onMessage(topic, payload);
      } catch (err) {
        this.log.error({ err, topic }, 'message handler failed; message dropped');
      }
    });
    this.healthTimer = setInterval(() => this.publishHealth(), this.opts.healthIntervalMs ?? 60_000);
    this.healthTimer.unref();
  }

  /** Publishes `state {online:false}` itself (a clean DISCONNECT suppresses the will), then ends. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.healthTimer) clearInterval(this.healthTimer);
    const client = this.client;
    if (!client) return;
    if (client.connected) {
      try {
        await this.publishRaw(topics.state(this.opts.office, this.opts.counter), this.statePayload(false), true, 2000);
      } catch {
        // going down anyway; the will is not sent after a clean disconnect, so this is best effort
      }
    }
    await client.endAsync(!client.connected);
    if (this.isUp) {
      this.isUp = false;
      this.connection.emit(false);
    }
  }

  publish(topic: string, payload: string): Promise<void> {
    const client = this.client;
    if (!client || !this.isUp) return Promise.reject(new CountergateError('CG_LINK_DOWN', 'not connected to central'));
    return new Promise((resolve, reject) => {
      client.publish(topic, payload, { qos: 1 }, (err) => (err ? reject(err) : resolve()));
    });
  }

  /** Retained health; skipped while offline (it is sent again on every connect). */
  publishHealth(): void {
    if (!this.isUp) return;
    let health: Health;
    try {
      health = this.opts.health();
    } catch (err) {
      this.log.error({ err }, 'cannot build health report');
      return;
    }
    const check = healthValidator.decode(health);
    if (!check.ok) {
      this.log.error({ reason: check.reason }, 'health report breaks the contract; not sent');
      return;
    }
    this.publishRaw(topics.health(this.opts.office, this.opts.counter), health, true).catch((err: unknown) =>
      this.log.debug({ err }, 'health not sent'),
    );
  }

  private statePayload(online: boolean): GatewayState {
    return { online, version: this.opts.version, startedAt: this.opts.startedAt, role: this.opts.role };
  }

  private publishRaw(topic: string, payload: unknown, retain: boolean, timeoutMs?: number): Promise<void> {
    const client = this.client;
    if (!client) return Promise.reject(new CountergateError('CG_LINK_DOWN', 'not connected to central'));
    return new Promise((resolve, reject) => {
      const timer = timeoutMs ? setTimeout(() => reject(new Error('publish timed out')), timeoutMs) : undefined;
      client.publish(topic, JSON.stringify(payload), { qos: 1, retain }, (err) => {
        if (timer) clearTimeout(timer);
        if (err) reject(err);
        else resolve();
      });
    });
  }

  private onConnect(client: MqttClient): void {
    const { office, counter } = this.opts;
    this.log.info({ url: this.opts.mqttUrl }, 'connected to central');
    const subs = [topics.cfg(office, counter), topics.cmd(office, counter, '+'), ...(this.opts.subscriptions ?? []).map((s) => s.topic)];
    client.subscribe(subs, { qos: 1 }, (err, granted) => {
      if (err) {
        this.log.warn({ err: err.message }, 'subscribe failed');
        return;
      }
      for (const g of granted ?? []) {
        if (g.qos === 128) this.log.error({ topic: g.topic }, 'broker refused subscription; check the gateway ACL');
      }
    });
    this.publishRaw(topics.state(office, counter), this.statePayload(true), true).catch((err: unknown) =>
      this.log.debug({ err }, 'state not sent'),
    );
    this.isUp = true;
    this.publishHealth();
    this.connection.emit(true);
  }

  private onMessage(topic: string, payload: Buffer): void {
    const { office, counter } = this.opts;
    if (topic === topics.cfg(office, counter)) return this.onCfg(payload);
    const cmdPrefix = topics.cmd(office, counter, '');
    if (topic.startsWith(cmdPrefix)) {
      this.onCommand(topic.slice(cmdPrefix.length), payload).catch((err: unknown) =>
        this.log.error({ err, topic }, 'command handling failed; dropped'),
      );
      return;
    }
    const sub = this.opts.subscriptions?.find((s) => s.topic === topic);
    if (sub) return sub.onMessage(payload);
    this.log.warn({ topic }, 'message on an unexpected topic; dropped');
  }

  private onCfg(payload: Buffer): void {
    if (payload.length === 0) return; // retained cfg cleared by central: keep what we have
    const decoded = counterConfigValidator.decodeBuffer(payload);
    const appliedAt = new Date(this.now()).toISOString();
    if (!decoded.ok) {
      this.log.warn({ reason: decoded.reason }, 'invalid cfg; dropped');
      const version = versionOf(payload);
      if (version !== undefined) this.answerCfg({ version, appliedAt, ok: false, error: clip(decoded.reason) });
      return;
    }
    try {
      this.opts.applyCfg(decoded.value);
      this.log.info({ cfg: decoded.value }, 'cfg applied');
      this.answerCfg({ version: decoded.value.version, appliedAt, ok: true });
    } catch (err) {
      this.log.warn({ err }, 'cfg not applied');
      this.answerCfg({ version: decoded.value.version, appliedAt, ok: false, error: clip((err as Error).message) });
    }
  }

  private answerCfg(ack: CfgApplied): void {
    if (!cfgAppliedValidator.is(ack)) return;
    this.publishRaw(topics.cfgApplied(this.opts.office, this.opts.counter), ack, false).catch((err: unknown) =>
      this.log.debug({ err }, 'cfg/applied not sent'),
    );
  }

  private async onCommand(name: string, payload: Buffer): Promise<void> {
    const decoded = commandValidator.decodeBuffer(payload);
    if (!decoded.ok) {
      this.log.warn({ name, reason: decoded.reason }, 'invalid command; dropped');
      return;
    }
    const { tx, args } = decoded.value;
    const handlers: Record<string, CommandHandler> = {
      ping: () => ({ pong: true, ts: new Date(this.now()).toISOString() }),
      health: () => this.opts.health(),
      ...this.opts.commands,
    };
    const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
    let res: CommandResult;
    if (!handler) {
      res = { tx, ok: false, error: { code: 'CG_CMD_UNKNOWN', message: `unknown command '${name}'` } };
    } else {
      try {
        const result = await handler(args);
        res = result === undefined ? { tx, ok: true } : { tx, ok: true, result };
      } catch (err) {
        const code = isCountergateError(err) ? err.code : 'CG_CMD_FAILED';
        res = { tx, ok: false, error: { code, message: clip((err as Error).message) } };
      }
    }
    if (!commandResultValidator.is(res)) {
      res = { tx, ok: false, error: { code: 'CG_CMD_FAILED', message: 'result could not be encoded' } };
    }
    await this.publishRaw(topics.res(this.opts.office, this.opts.counter, name), res, false).catch((err: unknown) =>
      this.log.debug({ err }, 'command result not sent'),
    );
  }
}

function versionOf(payload: Buffer): number | undefined {
  try {
    const v = (JSON.parse(payload.toString('utf8')) as { version?: unknown }).version;
    return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : undefined;
  } catch {
    return undefined;
  }
}

function clip(s: string): string {
  return s.length > 500 ? `${s.slice(0, 497)}...` : s;
}
