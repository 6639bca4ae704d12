import type { FastifyInstance } from 'fastify';
import { parseConfig } from '../../../config/load.ts';
import { CentralConfigSchema, type CentralConfig } from '../../../config/schema.ts';
import { silentLogger, type Logger } from '../../../lib/logger.ts';
import { Accounts } from '../../../central/accounts/accounts.ts';
import { AuditLog } from '../../../central/accounts/audit.ts';
import { syncOffices } from '../../../central/db/offices.ts';
import { openDatabase, type Database } from '../../../central/db/sqlite.ts';
import { Gateways } from '../../../central/gateways/gateways.ts';
import { GatewayRegistry } from '../../../central/gateways/registry.ts';
import { buildHttpServer } from '../../../central/http/server.ts';

export const PASSWORD = 'correct horse battery';
/** Cheap scrypt for tests; production uses SCRYPT_DEFAULTS. */
export const FAST_SCRYPT = { N: 1024, r: 8, p: 1 };

/** Two offices, o1 (counters c01, c02) and o2 (c01), ports 0, database in memory. */
export function testConfig(extra: Record<string, unknown> = {}): CentralConfig {
  return parseConfig(
    CentralConfigSchema,
    {
      http: { port: 0 },
      mqtt: { port: 0 },
      database: { sqlitePath: ':memory:' },
      offices: [
        { id: 'o1', name: '一所', counters: [{ id: 'c01', name: '1 號' }, { id: 'c02', name: '2 號' }] },
        { id: 'o2', name: '二所', counters: [{ id: 'c01', name: '1 號' }] },
      ],
      ...extra,
    },
    'test',
  );
}

export interface Published {
  topic: string;
  payload: unknown;
  opts: { qos: 0 | 1; retain: boolean };
}

export interface Core {
  db: Database;
  audit: AuditLog;
  accounts: Accounts;
  registry: GatewayRegistry;
  gateways: Gateways;
  published: Published[];
  disconnected: string[];
}

/** Central's core without network: what the HTTP routes need. */
export async function makeCore(opts: { logger?: Logger; onPublish?: (p: Published, core: Core) => void } = {}): Promise<Core> {
  const config = testConfig();
  const db = openDatabase(':memory:');
  syncOffices(db, config.offices);
  const audit = new AuditLog(db);
  const accounts = new Accounts(db, audit, { hashParams: FAST_SCRYPT });
  const registry = new GatewayRegistry(db, audit);
  const published: Published[] = [];
  const disconnected: string[] = [];
  const core = { db, audit, accounts, registry, published, disconnected } as Partial<Core> as Core;
  core.gateways = new Gateways({
    db,
    registry,
    logger: opts.logger ?? silentLogger,
    publish: async (topic, payload, o) => {
      const p = { topic, payload, opts: o };
      published.push(p);
      opts.onPublish?.(p, core);
    },
    disconnect: (u) => disconnected.push(u),
    settings: { ratingWindowS: config.ratingWindowS, voicePrompt: config.voicePrompt },
  });
  return core;
}

export const USERS = [
  { username: 'admin', displayName: '管理員', role: 'it-admin', office: null },
  { username: 'aud', displayName: '稽核', role: 'auditor', office: null },
  { username: 'sup1', displayName: '主管一', role: 'supervisor', office: 'o1' },
  { username: 'sup2', displayName: '主管二', role: 'supervisor', office: 'o2' },
  { username: 'clerk1', displayName: '王小明', role: 'clerk', office: 'o1' },
  { username: 'clerk2', displayName: '李小華', role: 'clerk', office: 'o2' },
] as const;

export async function seedUsers(core: Core): Promise<void> {
  for (const u of USERS) await core.accounts.createUser({ ...u, password: PASSWORD });
}

export async function makeHttp(core: Core): Promise<FastifyInstance> {
  const app = await buildHttpServer({ ...core, logger: silentLogger });
  await app.ready();
  return app;
}

/** Signs in through the route and returns the Cookie header value. */
export async function login(app: FastifyInstance, username: string, password = PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const c = res.cookies.find((x) => x.name === 'cg_session');
  if (!c) throw new Error('no session cookie');
  return `cg_session=${c.value}`;
}

export function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}
