/**
 * Builds a whole small city for system tests: a real central (broker, SQLite, HTTP) and real
 * gateways with simulated devices, all on ephemeral ports in a temporary folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startCentral, type Central } from '../../central/app.ts';
import { parseConfig } from '../../config/load.ts';
import { CentralConfigSchema, GatewayConfigSchema, type CentralConfig } from '../../config/schema.ts';
import type { LiveMessage } from '../../contract/live.ts';
import type { AlarmView } from '../../contract/messages.ts';
import { startGateway, type Gateway } from '../../gateway/app.ts';
import { silentLogger } from '../../lib/logger.ts';

export const PASSWORD = 'correct horse battery';

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function centralConfig(dataDir: string, office: string, counters: string[], extra: Partial<CentralConfig> = {}): CentralConfig {
  return parseConfig(
    CentralConfigSchema,
    {
      dataDir,
      http: { host: '127.0.0.1', port: 0 },
      mqtt: { embedded: true, host: '127.0.0.1', port: 0 },
      offices: [{ id: office, name: '測試戶政事務所', counters: counters.map((id) => ({ id, name: id })) }],
      ...extra,
    },
    'system test',
  );
}

export async function startTestCentral(config: CentralConfig, mqttClientId?: string): Promise<Central> {
  return startCentral(config, { logger: silentLogger, adminPassword: 'admin-password-1', mqttClientId });
}

export async function addPeople(central: Central, office: string): Promise<void> {
  const people = [
    { username: 'clerk01', displayName: '王小明', role: 'clerk' as const, office },
    { username: 'boss', displayName: '林主任', role: 'supervisor' as const, office },
  ];
  for (const p of people) {
    if (!central.accounts.getUser(p.username)) await central.accounts.createUser({ ...p, password: PASSWORD });
  }
}

export async function startTestGateway(
  central: Pick<Central, 'httpUrl' | 'mqttUrl'>,
  creds: { username: string; password: string },
  o: { office: string; counter: string; role?: 'counter' | 'alarm-station'; dataDir: string },
): Promise<Gateway> {
  const config = parseConfig(
    GatewayConfigSchema,
    {
      office: o.office,
      counter: o.counter,
      role: o.role ?? 'counter',
      dataDir: o.dataDir,
      central: { mqttUrl: central.mqttUrl, httpUrl: central.httpUrl, ...creds },
      http: { host: '127.0.0.1', port: 0 },
    },
    'system test gateway',
  );
  return startGateway(config, { logger: silentLogger, reconnect: { minMs: 50, maxMs: 300 }, clerkAuthTimeoutMs: 2000 });
}

export async function signInCookie(httpUrl: string, username: string): Promise<string> {
  const res = await fetch(`${httpUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** A supervisor console's live connection, recording every alarm message. */
export class Console {
  readonly alarms: AlarmView[] = [];
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as LiveMessage;
      if (m.type === 'alarm') this.alarms.push(m.alarm);
    });
  }

  static async open(httpUrl: string, office: string, cookie: string): Promise<Console> {
    const ws = new WebSocket(`${httpUrl.replace('http', 'ws')}/ws/alarms?office=${office}`, { headers: { cookie } });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new Console(ws);
  }

  async next(pred: (a: AlarmView) => boolean, timeoutMs = 5000): Promise<AlarmView> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.alarms.find(pred);
      if (hit) return hit;
      if (Date.now() > end) throw new Error(`no matching alarm on the console within ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  close(): void {
    this.ws.close();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

export function countEvents(central: Central, kind: string): number {
  return (central.db.prepare('SELECT COUNT(*) AS n FROM events WHERE kind = ?').get(kind) as { n: number }).n;
}
