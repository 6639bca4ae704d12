import { readFileSync, statfsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { GatewayConfig } from '../config/schema.ts';
import { counterConfigValidator, type CounterConfig, type DeviceStatus, type Health } from '../contract/messages.ts';
import { topics } from '../contract/topics.ts';
import { createDevices, type GatewayDevices } from '../devices/factory.ts';
import { createLogger, type Logger } from '../lib/logger.ts';
import { ClerkAuth } from './clerk-auth.ts';
import { Counter, type CounterController } from './counter.ts';
import { openGatewayDb, readSetting, writeSetting } from './db.ts';
import { startGatewayHttp } from './http/server.ts';
import { Link } from './link.ts';
import { Outbox, OutboxSender } from './outbox.ts';
import { RatingMachine } from './rating/machine.ts';
import { AlarmStation } from './station.ts';

export interface Gateway {
  /** Where the kiosk pages and the counter's JSON API listen. */
  httpUrl: string;
  controller: CounterController;
  devices: GatewayDevices;
  link: Link;
  /** Counter role only. */
  outbox?: Outbox;
  close(): Promise<void>;
}

export interface StartGatewayOptions {
  logger?: Logger;
  devices?: GatewayDevices;
  now?: () => number;
  /** MQTT reconnect backoff (tests shorten it). */
  reconnect?: { minMs: number; maxMs: number };
  healthIntervalMs?: number;
  clerkAuthTimeoutMs?: number;
}

const CFG_KEY = 'cfg';
const SENT_RETENTION_MS = 30 * 24 * 3600 * 1000;

export const VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();

/**
 * One counter box: devices, the rating machine and its controller (or the alarm station),
 * the durable outbox and its sender, the MQTT link to central, and the kiosk HTTP server.
 * The last cfg central pushed is kept in the gateway's SQLite, so a restart without network
 * still uses the window length central asked for.
 */
export async function startGateway(config: GatewayConfig, opts: StartGatewayOptions = {}): Promise<Gateway> {
  const logger = opts.logger ?? createLogger({ name: 'gateway', level: config.log.level });
  const log = logger.child({ office: config.office, counter: config.counter });
  const now = opts.now ?? Date.now;
  const role = config.role ?? 'counter';
  const startedAtMs = now();
  const startedAt = new Date(startedAtMs).toISOString();
  mkdirSync(config.dataDir, { recursive: true });

  const devices = opts.devices ?? createDevices(config.devices, role, log);
  const db = openGatewayDb(join(config.dataDir, 'gateway.db'));
  const cleanups: Array<() => Promise<void> | void> = [
    () => {
      db.close();
    },
  ];
  const closeAll = async () => {
    for (const c of cleanups.splice(0).reverse()) {
      try {
        await c();
      } catch (err) {
        log.warn({ err }, 'error while closing');
      }
    }
  };

  try {
    for (const d of devices.all()) await d.start();
    cleanups.push(async () => {
      for (const d of devices.all()) await d.stop();
    });

    const stored = counterConfigValidator.decode(readSetting(db, CFG_KEY));
    const settings = stored.ok
      ? { windowS: stored.value.ratingWindowS, voicePrompt: stored.value.voicePrompt }
      : { windowS: config.rating.windowS, voicePrompt: config.rating.voicePrompt };
    if (stored.ok) log.info({ cfg: stored.value }, 'using the cfg central sent last');

    const outbox = role === 'counter' ? new Outbox({ db, office: config.office, counter: config.counter, logger: log, now }) : undefined;
    const machine = new RatingMachine(settings, now);
    if (outbox) {
      // Acknowledged rows are kept a while for diagnosis, then dropped so the file stays small.
      const prune = () => {
        const n = outbox.prune(now() - SENT_RETENTION_MS);
        if (n > 0) log.info({ rows: n }, 'pruned acknowledged outbox rows');
      };
      prune();
      const pruneTimer = setInterval(prune, 24 * 3600 * 1000);
      pruneTimer.unref();
      cleanups.push(() => clearInterval(pruneTimer));
    }

    let station: AlarmStation | undefined;
    const health = (): Health => {
      const devs: Record<string, DeviceStatus> = {};
      for (const d of devices.all()) devs[d.name] = d.status();
      return {
        ts: new Date(now()).toISOString(),
        devices: devs,
        diskFreeBytes: diskFree(config.dataDir),
        uptimeS: Math.max(0, (now() - startedAtMs) / 1000),
        outboxPending: outbox?.pending() ?? 0,
      };
    };
    const applyCfg = (cfg: CounterConfig) => {
      machine.configure({ windowS: cfg.ratingWindowS, voicePrompt: cfg.voicePrompt });
      writeSetting(db, CFG_KEY, cfg, new Date(now()));
    };

    const link = new Link({
      office: config.office,
      counter: config.counter,
      role,
      mqttUrl: config.central.mqttUrl,
      username: config.central.username,
      password: config.central.password,
      version: VERSION,
      startedAt,
      logger: log,
      health,
      applyCfg,
      subscriptions:
        role === 'alarm-station'
          ? [{ topic: topics.alarm(config.office), onMessage: (p) => station?.onBroadcast(p) }]
          : [],
      reconnect: opts.reconnect,
      healthIntervalMs: opts.healthIntervalMs,
      now,
    });
    for (const d of devices.all()) {
      const off = d.onStatus(() => link.publishHealth());
      cleanups.push(off);
    }

    let controller: CounterController;
    if (role === 'counter' && outbox) {
      const sender = new OutboxSender({ outbox, transport: link, office: config.office, counter: config.counter, logger: log });
      const clerkAuth = new ClerkAuth({
        db,
        centralHttpUrl: config.central.httpUrl,
        gatewayUsername: config.central.username,
        gatewayPassword: config.central.password,
        timeoutMs: opts.clerkAuthTimeoutMs,
        logger: log,
        now,
      });
      const counter = new Counter({
        office: config.office,
        counter: config.counter,
        machine,
        outbox,
        clerkAuth,
        devices,
        link,
        afterAppend: () => sender.kick(),
        logger: log,
        now,
      });
      counter.start();
      sender.start();
      cleanups.push(() => counter.stop());
      cleanups.push(() => sender.stop());
      controller = counter;
    } else {
      station = new AlarmStation({ office: config.office, counter: config.counter, devices, link, logger: log });
      station.start();
      const s = station;
      cleanups.push(() => s.stop());
      controller = station;
    }

    link.start();
    cleanups.push(() => link.close());

    const http = await startGatewayHttp({
      controller,
      host: config.http.host,
      port: config.http.port,
      allowedHosts: config.http.allowedHosts,
      logger: log,
    });
    cleanups.push(() => http.close());
    log.info({ url: http.url, role, version: VERSION }, 'gateway started');

    return {
      httpUrl: http.url,
      controller,
      devices,
      link,
      outbox,
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

function diskFree(dir: string): number {
  try {
    const s = statfsSync(dir);
    return Math.max(0, Math.floor(Number(s.bavail) * Number(s.bsize)));
  } catch {
    return 0;
  }
}
