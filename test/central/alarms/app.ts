import fastifyCookie from '@fastify/cookie';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import '../../../contract/validate.ts';
import type { SessionUser } from '../../../central/accounts/roles.ts';
import { alarmRoutes } from '../../../central/alarms/routes.ts';
import { AlarmService, resolvePolicy } from '../../../central/alarms/service.ts';
import { openDatabase, type Database } from '../../../central/db/sqlite.ts';
import { registerAuth, SESSION_COOKIE } from '../../../central/http/auth.ts';
import { errorHandler } from '../../../central/http/errors.ts';
import { LiveHub } from '../../../central/live/hub.ts';
import { statsRoutes } from '../../../central/stats/routes.ts';
import { silentLogger } from '../../../lib/logger.ts';

export const USERS: Record<string, SessionUser> = {
  sup1: { username: 'sup1', displayName: '王主任', role: 'supervisor', office: 'o1' },
  sup2: { username: 'sup2', displayName: '李主任', role: 'supervisor', office: 'o2' },
  admin: { username: 'admin', displayName: '資訊室', role: 'it-admin', office: null },
  aud: { username: 'aud', displayName: '稽核', role: 'auditor', office: null },
  amy: { username: 'amy', displayName: '陳小美', role: 'clerk', office: 'o1' },
};

/** The cookie header of a signed-in user (the token is the username in this test app). */
export const as = (user: keyof typeof USERS) => ({ cookie: `${SESSION_COOKIE}=tok-${user}` });

export interface TestApp {
  app: FastifyInstance;
  db: Database;
  alarms: AlarmService;
  hub: LiveHub;
  close(): Promise<void>;
}

/**
 * A small fastify app like central's: the core's auth and error format, websocket support,
 * and this room's plugins. Sessions are a fixed token → user map.
 */
export async function buildTestApp(now: () => number = Date.now): Promise<TestApp> {
  const db = openDatabase(':memory:');
  const hub = new LiveHub({ logger: silentLogger, pingIntervalMs: 0 });
  const alarms = new AlarmService({
    db,
    logger: silentLogger,
    policyFor: () =>
      resolvePolicy({ rules: { 'very-dissatisfied': 'critical', dissatisfied: 'major' }, escalateAfterS: 120, burstWindowS: 300 }),
    publish: (a) => hub.publish(a),
    now,
  });
  const app = Fastify({ ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } } });
  app.setErrorHandler(errorHandler(silentLogger));
  await app.register(fastifyCookie);
  registerAuth(app, { userForSession: (token) => USERS[token.replace(/^tok-/, '')] ?? null });
  await app.register(fastifyWebsocket);
  await app.register(alarmRoutes({ alarms, hub, db, logger: silentLogger }));
  await app.register(statsRoutes({ db, logger: silentLogger, now }));
  await app.ready();
  return {
    app,
    db,
    alarms,
    hub,
    close: async () => {
      hub.close();
      await app.close();
      db.close();
    },
  };
}
