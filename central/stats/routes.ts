import type { FastifyPluginAsync } from 'fastify';
import { ID_PATTERN } from '../../contract/topics.ts';
import { CountergateError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/logger.ts';
import type { SessionUser } from '../accounts/roles.ts';
import type { Database } from '../db/sqlite.ts';
import { assertOfficeAccess, forbidden, requireUser } from '../http/auth.ts';
import { statsCsv } from './csv.ts';
import { GROUP_BYS, PERIODS, StatsQueries, type GroupBy, type Period, type StatsQuery } from './queries.ts';
import { findSigns } from './signs.ts';
import { DAY_OR_TIME_PATTERN, parseBound, taipeiDay, taipeiDayStart } from './time.ts';

export interface StatsRoutesOptions {
  db: Database;
  logger: Logger;
  now?: () => number;
}

interface StatsQs {
  office?: string;
  groupBy?: GroupBy;
  period?: Period;
  from?: string;
  to?: string;
}

const StatsQsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    office: { type: 'string', pattern: ID_PATTERN },
    groupBy: { type: 'string', enum: [...GROUP_BYS] },
    period: { type: 'string', enum: [...PERIODS] },
    from: { type: 'string', pattern: DAY_OR_TIME_PATTERN },
    to: { type: 'string', pattern: DAY_OR_TIME_PATTERN },
  },
} as const;

const SignsQsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { office: { type: 'string', pattern: ID_PATTERN } },
} as const;

const DEFAULT_DAYS = 30;
const MAX_RANGE_MS = 3 * 366 * 86400000;

/**
 * Who may read which statistics (docs/INTERFACES.md):
 * - supervisor: own office (the default when no office is given), any grouping;
 * - it-admin: everything; auditor: everything except per-clerk rows (403);
 * - clerk: only groupBy=clerk of their own office, and the rows are filtered to their own
 *   events (asking for another clerk is not possible, so there is nothing to refuse).
 */
export function statsScope(user: SessionUser, qs: StatsQs, nowMs: number): StatsQuery {
  const groupBy = qs.groupBy ?? (user.role === 'clerk' ? 'clerk' : 'office');
  const period = qs.period ?? 'day';
  if (groupBy === 'clerk' && user.role === 'auditor') throw forbidden('auditors may not see statistics per clerk');
  if (user.role === 'clerk' && groupBy !== 'clerk') throw forbidden('clerks only see their own statistics (groupBy=clerk)');
  let office = qs.office;
  if (user.role === 'clerk' || user.role === 'supervisor') {
    office = office ?? user.office ?? undefined;
    if (office === undefined) throw forbidden(`${user.username} has no office`);
    assertOfficeAccess(user, office);
  }
  const to = qs.to !== undefined ? parseBound('to', qs.to) : nowMs;
  const from =
    qs.from !== undefined ? parseBound('from', qs.from) : taipeiDayStart(taipeiDay(to - 1)) - (DEFAULT_DAYS - 1) * 86400000;
  if (!(from < to) || to - from > MAX_RANGE_MS) {
    throw new CountergateError('CG_STATS_RANGE', 'from must be before to, and the range at most three years', {
      statusCode: 400,
      userMessage: '日期區間不正確：起日須早於迄日，且區間不可超過三年。',
    });
  }
  return {
    groupBy,
    period,
    from,
    to,
    ...(office !== undefined ? { office } : {}),
    ...(user.role === 'clerk' ? { clerk: user.username } : {}),
  };
}

/** GET /api/stats, GET /api/stats.csv, GET /api/signs. */
export function statsRoutes(opts: StatsRoutesOptions): FastifyPluginAsync {
  const now = opts.now ?? Date.now;
  const queries = new StatsQueries(opts.db);
  return async (app) => {
    const readers = requireUser('supervisor', 'it-admin', 'auditor', 'clerk');

    app.get<{ Querystring: StatsQs }>(
      '/api/stats',
      { preHandler: readers, schema: { querystring: StatsQsSchema } },
      async (request) => ({ rows: queries.rows(statsScope(request.user, request.query, now())) }),
    );

    app.get<{ Querystring: StatsQs }>(
      '/api/stats.csv',
      { preHandler: readers, schema: { querystring: StatsQsSchema } },
      async (request, reply) => {
        const q = statsScope(request.user, request.query, now());
        const body = statsCsv(queries.rows(q), q.groupBy);
        const name = `countergate-${q.office ?? 'all'}-${q.groupBy}-${q.period}-${taipeiDay(q.from)}_${taipeiDay(q.to - 1)}.csv`;
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}"`)
          .send(body);
      },
    );

    app.get<{ Querystring: { office?: string } }>(
      '/api/signs',
      { preHandler: requireUser('supervisor', 'it-admin'), schema: { querystring: SignsQsSchema } },
      async (request) => {
        const u = request.user;
        const office = request.query.office ?? (u.role === 'supervisor' ? (u.office ?? undefined) : undefined);
        if (office !== undefined) assertOfficeAccess(u, office);
        else if (u.role !== 'it-admin') throw forbidden(`${u.username} has no office`);
        return { signs: findSigns(opts.db, { ...(office !== undefined ? { office } : {}), now: now() }) };
      },
    );
  };
}
