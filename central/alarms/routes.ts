import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/websocket';
import { ID_PATTERN } from '../../contract/topics.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Database } from '../db/sqlite.ts';
import { assertOfficeAccess, forbidden, requireUser } from '../http/auth.ts';
import type { LiveHub } from '../live/hub.ts';
import { DAY_OR_TIME_PATTERN, iso, parseBound } from '../stats/time.ts';
import { NOTE_MAX_LENGTH, type AlarmService } from './service.ts';

export interface AlarmRoutesOptions {
  alarms: AlarmService;
  hub: LiveHub;
  db: Database;
  logger: Logger;
}

interface ListQs {
  office?: string;
  state?: 'active' | 'all';
  from?: string;
  to?: string;
  limit?: number;
}

const OfficeQs = { type: 'string', pattern: ID_PATTERN } as const;
const IdParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

/**
 * The office a request is about: a supervisor's own office unless they name another (403);
 * an it-admin's named office, or null for the whole city.
 */
function officeOf(request: FastifyRequest<{ Querystring: { office?: string } }>): string | null {
  const u = request.user;
  const named = request.query.office;
  if (u.role === 'it-admin') return named ?? null;
  const office = named ?? u.office;
  if (!office) throw forbidden(`${u.username} has no office`);
  assertOfficeAccess(u, office);
  return office;
}

/**
 * GET /api/alarms, POST /api/alarms/:id/ack, POST /api/alarms/:id/resolve, GET /ws/alarms.
 * Only a supervisor of the alarm's office acknowledges or resolves it (an it-admin watches but
 * does not handle residents). @fastify/websocket must be registered before this plugin.
 */
export function alarmRoutes(opts: AlarmRoutesOptions): FastifyPluginAsync {
  const { alarms, hub } = opts;
  return async (app) => {
    const watchers = requireUser('supervisor', 'it-admin');

    app.get<{ Querystring: ListQs }>(
      '/api/alarms',
      {
        preHandler: watchers,
        schema: {
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              office: OfficeQs,
              state: { type: 'string', enum: ['active', 'all'] },
              from: { type: 'string', pattern: DAY_OR_TIME_PATTERN },
              to: { type: 'string', pattern: DAY_OR_TIME_PATTERN },
              limit: { type: 'integer', minimum: 1, maximum: 5000 },
            },
          },
        },
      },
      async (request) => {
        const office = officeOf(request);
        const q = request.query;
        if ((q.state ?? 'active') === 'active') {
          const from = q.from !== undefined ? iso(parseBound('from', q.from)) : undefined;
          const to = q.to !== undefined ? iso(parseBound('to', q.to)) : undefined;
          const list = alarms
            .active(office)
            .filter((a) => (from === undefined || a.raisedAt >= from) && (to === undefined || a.raisedAt < to));
          return { alarms: list };
        }
        return {
          alarms: alarms.history({
            office,
            ...(q.from !== undefined ? { from: iso(parseBound('from', q.from)) } : {}),
            ...(q.to !== undefined ? { to: iso(parseBound('to', q.to)) } : {}),
            ...(q.limit !== undefined ? { limit: q.limit } : {}),
          }),
        };
      },
    );

    const handlers = requireUser('supervisor');
    const ownAlarm = async (request: FastifyRequest<{ Params: { id: string } }>, _reply: FastifyReply) => {
      assertOfficeAccess(request.user, alarms.get(request.params.id).office);
    };

    app.post<{ Params: { id: string } }>(
      '/api/alarms/:id/ack',
      { preHandler: [handlers, ownAlarm], schema: { params: IdParams } },
      async (request) => ({ alarm: alarms.acknowledge(request.params.id, request.user.username) }),
    );

    app.post<{ Params: { id: string }; Body: { note: string } }>(
      '/api/alarms/:id/resolve',
      {
        preHandler: [handlers, ownAlarm],
        schema: {
          params: IdParams,
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['note'],
            properties: { note: { type: 'string', minLength: 1, maxLength: NOTE_MAX_LENGTH } },
          },
        },
      },
      async (request) => ({ alarm: alarms.resolve(request.params.id, request.user.username, request.body.note) }),
    );

    // The checks run as preHandlers, before the upgrade: a refused console gets a plain 401/403.
    app.get<{ Querystring: { office?: string } }>(
      '/ws/alarms',
      {
        websocket: true,
        preHandler: [
          watchers,
          async (request: FastifyRequest<{ Querystring: { office?: string } }>) => {
            officeOf(request);
          },
        ],
        schema: {
          querystring: { type: 'object', additionalProperties: false, properties: { office: OfficeQs } },
        },
      },
      (socket, request) => {
        const office = officeOf(request);
        hub.attach(socket, office, (o) => alarms.active(o));
      },
    );
  };
}
