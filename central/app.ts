import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fastifyWebsocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { MqttClient } from 'mqtt';
import type { CentralConfig } from '../config/schema.ts';
import type { RatingEvent } from '../contract/messages.ts';
import { topics } from '../contract/topics.ts';
import { CountergateError } from '../lib/errors.ts';
import { createLogger, type Logger } from '../lib/logger.ts';
import { Accounts } from './accounts/accounts.ts';
import { AuditLog } from './accounts/audit.ts';
import { bootstrapAdmin } from './accounts/bootstrap.ts';
import { randomToken, type ScryptParams } from '../lib/passwords.ts';
import { alarmRoutes } from './alarms/routes.ts';
import { AlarmService, resolvePolicy, type ResolvedAlarmPolicy } from './alarms/service.ts';
import { startBroker, type Broker } from './broker/broker.ts';
import { startCheckpointer } from './db/checkpointer.ts';
import { WalSync } from './db/wal-sync.ts';
import { listOffices, syncOffices } from './db/offices.ts';
import { openDatabase, type Database } from './db/sqlite.ts';
import { Gateways } from './gateways/gateways.ts';
import { GatewayRegistry } from './gateways/registry.ts';
import { buildHttpServer } from './http/server.ts';
import { connectCentralClient } from './ingest/client.ts';
import { Ingest } from './ingest/ingest.ts';
import { alarmBroadcast, createAlarmFanout } from './live/fanout.ts';
import { LiveHub } from './live/hub.ts';
import { statsRoutes } from './stats/routes.ts';
import { webRoutes } from './web/routes.ts';

export interface StartCentralOptions {
  logger?: Logger;
  /** First start only: the bootstrap admin's password (else the env var the config names). */
  adminPassword?: string;
  env?: NodeJS.ProcessEnv;
  /** scrypt cost for new password hashes (default SCRYPT_DEFAULTS; tests lower it). */
  scrypt?: ScryptParams;
  /** Client id of central's own MQTT client (default `cg-central`; persistent session). */
  mqttClientId?: string;
}

export interface Central {
  /** Where browsers and gateways reach the HTTP API, e.g. http://127.0.0.1:8080 */
  readonly httpUrl: string;
  /** What gateways connect to, e.g. mqtt://127.0.0.1:1884 */
  readonly mqttUrl: string;
  readonly db: Database;
  readonly accounts: Accounts;
  readonly audit: AuditLog;
  readonly gateways: Gateways;
  readonly alarms: AlarmService;
  readonly hub: LiveHub;
  readonly http: FastifyInstance;
  /** The embedded broker, null with an external one. */
  readonly broker: Broker | null;
  /** Central's own MQTT client. */
  readonly mqtt: MqttClient;
  readonly ingest: Ingest;
  /** Set when the bootstrap admin was created with a generated password (shown once). */
  readonly generatedAdminPassword?: string;
  close(): Promise<void>;
}

const INTERNAL_MQTT_USER = 'cg-central';

/**
 * Starts central: database, accounts, embedded broker (or a client of an external one),
 * ingestion, alarms with their live fan-out, statistics and the HTTP server with every
 * room's routes. Whatever was started is closed again if a later step fails.
 */
export async function startCentral(config: CentralConfig, opts: StartCentralOptions = {}): Promise<Central> {
  const logger = opts.logger ?? createLogger({ name: 'central', level: config.log.level });
  const closers: (() => Promise<void> | void)[] = [];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) {
      try {
        await close();
      } catch (err) {
        logger.warn({ err }, 'error while closing');
      }
    }
  };

  try {
    const sqlitePath = config.database.sqlitePath ?? join(config.dataDir, 'central.sqlite');
    if (sqlitePath !== ':memory:') mkdirSync(dirname(sqlitePath), { recursive: true });
    const db = openDatabase(sqlitePath);
    closers.push(() => {
      db.close();
    });
    // Group commit: an event's PUBACK waits for an fsync of the WAL (off the event loop).
    let walSync: WalSync | null = null;
    if (sqlitePath !== ':memory:') {
      const checkpointer = startCheckpointer(db, sqlitePath, { logger });
      closers.push(() => checkpointer.stop());
      const sync = new WalSync(`${sqlitePath}-wal`);
      walSync = sync;
      closers.push(() => sync.close());
    }
    syncOffices(db, config.offices);

    const audit = new AuditLog(db);
    const accounts = new Accounts(db, audit, { hashParams: opts.scrypt });
    const registry = new GatewayRegistry(db, audit);
    const boot = await bootstrapAdmin(accounts, config.bootstrapAdmin, {
      adminPassword: opts.adminPassword,
      env: opts.env,
      logger,
    });

    let broker: Broker | null = null;
    let ingestRef: Ingest | null = null;
    let mqttUrl: string;
    let clientCreds: { username?: string; password?: string };
    if (config.mqtt.embedded) {
      clientCreds = { username: INTERNAL_MQTT_USER, password: randomToken(32) };
      broker = await startBroker({
        host: config.mqtt.host,
        port: config.mqtt.port,
        logger,
        registry,
        internal: { username: INTERNAL_MQTT_USER, password: clientCreds.password as string },
        // Gateways are refused (CONNACK 3) until setReady(), by when ingestion exists.
        storeGatewayEvent: (topic, payload, durable) => {
          ingestRef?.store(topic, payload);
          if (walSync) walSync.afterCommit(durable);
          else durable(null);
        },
      });
      const b = broker;
      closers.push(() => b.close());
      mqttUrl = broker.url;
    } else {
      if (!config.mqtt.url) {
        throw new CountergateError('CG_CONFIG_INVALID', 'mqtt.url is required when mqtt.embedded is false', {
          statusCode: 400,
        });
      }
      mqttUrl = config.mqtt.url;
      clientCreds = { username: config.mqtt.username, password: config.mqtt.password };
    }

    const client = await connectCentralClient({ url: mqttUrl, ...clientCreds, clientId: opts.mqttClientId ?? INTERNAL_MQTT_USER, logger });
    closers.push(() => client.endAsync());
    const publish = async (topic: string, payload: unknown, o: { qos: 0 | 1; retain: boolean }) => {
      await client.publishAsync(topic, JSON.stringify(payload), o);
    };

    const gateways = new Gateways({
      db,
      registry,
      logger,
      publish,
      disconnect: (username) => broker?.disconnect(username),
      settings: { ratingWindowS: config.ratingWindowS, voicePrompt: config.voicePrompt },
    });
    closers.push(() => gateways.close());

    const policies = new Map<string, ResolvedAlarmPolicy>(
      config.offices.map((o) => [o.id, resolvePolicy(config.alarms, o.alarms)]),
    );
    const defaultPolicy = resolvePolicy(config.alarms, null);
    // eslint-disable-next-line prefer-const -- the fan-out needs the service it is passed to
    let alarms: AlarmService;
    const hub = new LiveHub({ logger, activeFor: (office) => alarms.active(office) });
    closers.push(() => hub.close());
    const publishRetained = (topic: string, payload: string) => {
      client.publish(topic, payload, { qos: 1, retain: true }, (err) => {
        if (err) logger.warn({ err: err.message, topic }, 'retained publish failed');
      });
    };
    alarms = new AlarmService({
      db,
      logger,
      policyFor: (office) => policies.get(office) ?? defaultPolicy,
      publish: createAlarmFanout({ hub, logger, activeFor: (office) => alarms.active(office), publishRetained }),
    });

    registry.markAllOffline();
    const ingest = new Ingest({
      db,
      logger,
      registry,
      commands: gateways.commands,
      onNewEvent: (kind, office, counter, ev) => {
        if (kind === 'rating') alarms.onRating(office, counter, ev as RatingEvent);
      },
    });
    ingestRef = ingest;
    // With the embedded broker, events are stored before their PUBACK (storeGatewayEvent);
    // central's client then needs only the status topics.
    await ingest.attach(client, { events: !broker });
    closers.push(() => ingest.detach());

    await gateways.publishAllConfigs();
    // Alarm stations that (re)connect must learn the current state, even "nothing open".
    for (const office of listOffices(db)) {
      publishRetained(topics.alarm(office.id), JSON.stringify(alarmBroadcast(office.id, alarms.active(office.id), Date.now())));
    }
    alarms.start();
    closers.push(() => alarms.stop());
    broker?.setReady();

    const http = await buildHttpServer({ db, accounts, audit, registry, gateways, logger, centralMqttUsername: config.mqtt.username });
    closers.push(() => http.close());
    await http.register(fastifyWebsocket);
    await http.register(alarmRoutes({ alarms, hub, db, logger }));
    await http.register(statsRoutes({ db, logger }));
    await http.register(webRoutes());
    await http.listen({ host: config.http.host, port: config.http.port });
    const address = http.server.address();
    const httpPort = typeof address === 'object' && address ? address.port : config.http.port;
    const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? '127.0.0.1' : config.http.host;
    const httpUrl = `http://${host.includes(':') ? `[${host}]` : host}:${httpPort}`;
    logger.info({ httpUrl, mqttUrl }, 'central started');

    let closing: Promise<void> | null = null;
    return {
      httpUrl,
      mqttUrl,
      db,
      accounts,
      audit,
      gateways,
      alarms,
      hub,
      http,
      broker,
      mqtt: client,
      ingest,
      generatedAdminPassword: boot.generatedPassword,
      close() {
        closing ??= closeAll().then(() => logger.info('central stopped'));
        return closing;
      },
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
