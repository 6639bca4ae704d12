/**
 * `countergate demo`: what `npm start` runs. Central (HTTP, embedded broker, SQLite under
 * ./data/demo), N simulated counters and an alarm station at the supervisor's desk, each a
 * real gateway with simulated devices, talking MQTT to central exactly as a counter box would.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startCentral, type Central } from '../central/app.ts';
import { parseConfig } from '../config/load.ts';
import { CentralConfigSchema, GatewayConfigSchema } from '../config/schema.ts';
import { startGateway, type Gateway } from '../gateway/app.ts';
import { CountergateError } from '../lib/errors.ts';
import { createLogger } from '../lib/logger.ts';
import { intOption, parseCommandArgs } from './args.ts';
import { demoPeople, ensureDemoAccounts, planDemoAccounts, type DemoAccount } from './demo-accounts.ts';

const USAGE = 'usage: countergate demo [--counters N] [--port PORT] [--mqtt-port PORT] [--data DIR] [--host HOST]';

export const DEMO_OFFICE = { id: 'xitun', name: '臺中市西屯區戶政事務所' };
const STATION_ID = 'desk';

export interface DemoOptions {
  counters: number;
  port: number;
  mqttPort: number;
  gatewayBasePort: number;
  dataDir: string;
  host: string;
  logLevel?: string;
}

export interface Demo {
  central: Central;
  counters: { id: string; gateway: Gateway; clerk: DemoAccount }[];
  station: Gateway;
  accounts: DemoAccount[];
  close(): Promise<void>;
}

export async function runDemo(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      counters: { type: 'string' },
      port: { type: 'string' },
      'mqtt-port': { type: 'string' },
      data: { type: 'string' },
      host: { type: 'string' },
    },
    USAGE,
  );
  const port = intOption(values.port, 'port', 8080, 0, 65535);
  const demo = await startDemo({
    counters: intOption(values.counters, 'counters', 3, 1, 50),
    port,
    mqttPort: intOption(values['mqtt-port'], 'mqtt-port', 1884, 0, 65535),
    // Counters follow central's port: 8080 → 8091, 8092, …
    gatewayBasePort: port === 0 ? 0 : port + 11,
    dataDir: resolve(values.data ?? './data/demo'),
    host: values.host ?? '127.0.0.1',
  });
  printWelcome(demo);
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      console.log('\nstopping the demo …');
      demo.close().then(done, done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}

export async function startDemo(o: DemoOptions): Promise<Demo> {
  const logger = createLogger({ name: 'demo', level: o.logLevel ?? process.env.LOG_LEVEL ?? 'warn' });
  mkdirSync(o.dataDir, { recursive: true });
  const counterIds = Array.from({ length: o.counters }, (_, i) => `c${String(i + 1).padStart(2, '0')}`);
  const config = parseConfig(
    CentralConfigSchema,
    {
      dataDir: join(o.dataDir, 'central'),
      http: { host: o.host, port: o.port },
      mqtt: { embedded: true, host: '127.0.0.1', port: o.mqttPort },
      // The demo escalates quickly so a visitor sees it happen.
      alarms: { escalateAfterS: 60 },
      offices: [
        {
          ...DEMO_OFFICE,
          counters: counterIds.map((id, i) => ({ id, name: `${i + 1} 號櫃檯` })),
        },
      ],
    },
    'the demo',
  );
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch(() => undefined);
  };
  try {
    const accountsFile = join(o.dataDir, 'accounts.json');
    const planned = planDemoAccounts(accountsFile, demoPeople(DEMO_OFFICE.id, counterIds));
    const central = await startCentral(config, {
      logger: logger.child({ runtime: 'central' }),
      adminPassword: planned.find((a) => a.username === 'admin')?.password,
    }).catch((err: unknown) => {
      throw explainStartFailure(err, `central (HTTP ${o.port}, MQTT ${o.mqttPort})`);
    });
    closers.push(() => central.close());
    const accounts = await ensureDemoAccounts(central.accounts, accountsFile, planned);

    const gatewayConfig = (counter: string, role: 'counter' | 'alarm-station', port: number) => {
      const creds = central.gateways.provision(DEMO_OFFICE.id, counter, role, 'demo');
      return parseConfig(
        GatewayConfigSchema,
        {
          office: DEMO_OFFICE.id,
          counter,
          role,
          dataDir: join(o.dataDir, `gateway-${counter}`),
          central: { mqttUrl: central.mqttUrl, httpUrl: central.httpUrl, ...creds },
          http: { host: o.host, port },
          // Simulated devices: the /sim page presses the buttons; lamp and bell are logged.
          devices: {},
        },
        `the demo gateway ${counter}`,
      );
    };
    const counters: Demo['counters'] = [];
    for (const [i, id] of counterIds.entries()) {
      const port = o.gatewayBasePort === 0 ? 0 : o.gatewayBasePort + i;
      const gateway = await startGateway(gatewayConfig(id, 'counter', port), {
        logger: logger.child({ runtime: 'gateway' }),
      }).catch((err: unknown) => {
        throw explainStartFailure(err, `the clerk screen of counter ${id} (port ${port})`);
      });
      closers.push(() => gateway.close());
      const clerk = accounts.find((a) => a.username === `clerk${String(i + 1).padStart(2, '0')}`);
      if (!clerk) throw new Error(`no demo clerk for ${id}`);
      counters.push({ id, gateway, clerk });
    }
    // 8100 by default; after the last counter when there are more than nine.
    const stationPort = o.gatewayBasePort === 0 ? 0 : o.gatewayBasePort + Math.max(9, o.counters);
    const station = await startGateway(gatewayConfig(STATION_ID, 'alarm-station', stationPort), {
      logger: logger.child({ runtime: 'alarm-station' }),
    }).catch((err: unknown) => {
      throw explainStartFailure(err, `the alarm station's page (port ${stationPort})`);
    });
    closers.push(() => station.close());
    return { central, counters, station, accounts, close };
  } catch (err) {
    await close();
    throw err;
  }
}

function explainStartFailure(err: unknown, what: string): unknown {
  const cause = (err as { cause?: unknown }).cause;
  const code = (err as NodeJS.ErrnoException).code ?? (cause as NodeJS.ErrnoException | undefined)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'EADDRINUSE' || /EADDRINUSE/.test(message)) {
    return new CountergateError(
      'CG_DEMO_PORT_IN_USE',
      `a port the demo needs for ${what} is taken: stop the other program, or move the demo with --port / --mqtt-port (counters use the ports from --port + 11 on)`,
      { cause: err },
    );
  }
  return err;
}

function printWelcome(d: Demo): void {
  const pad = (s: string, n: number) => s + ' '.repeat(Math.max(1, n - s.length));
  const lines = [
    '',
    'countergate demo is running (Ctrl+C stops it)',
    '',
    `${pad('central', 12)}${d.central.httpUrl}/            sign in (accounts below)`,
    `${pad('console', 12)}${d.central.httpUrl}/console     live alarms (supervisor)`,
    `${pad('statistics', 12)}${d.central.httpUrl}/stats`,
    `${pad('IT', 12)}${d.central.httpUrl}/it          gateways and accounts (it-admin)`,
    ...d.counters.flatMap((c) => [
      `${pad(`counter ${c.id}`, 12)}${c.gateway.httpUrl}/             clerk screen (${c.clerk.username})`,
      `${pad('', 12)}${c.gateway.httpUrl}/rate         resident rating screen`,
      `${pad('', 12)}${c.gateway.httpUrl}/sim          simulated physical buttons`,
    ]),
    `${pad('station', 12)}${d.station.httpUrl}/             alarm station (lamp and bell)`,
    `${pad('mqtt', 12)}${d.central.mqttUrl}              embedded broker`,
    '',
    'accounts (made at the first start, kept in the data folder):',
    ...d.accounts.map((a) => `  ${pad(a.role, 11)} ${pad(a.username, 12)} ${a.password}   ${a.displayName}`),
    '',
    'Try it: sign in as a clerk on a clerk screen, press 完成案件, then press 非常不滿意 on /rate or',
    '/sim; the console (signed in as supervisor) rings and shows the alarm.',
    '',
  ];
  console.log(lines.join('\n'));
}
