import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { CountergateError } from '../../../lib/errors.ts';
import { requireUser } from '../auth.ts';
import type { CoreDeps } from '../deps.ts';

const AuditQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ maxLength: 40 })),
    to: Type.Optional(Type.String({ maxLength: 40 })),
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);

function isoTime(value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) {
    throw new CountergateError('CG_BAD_REQUEST', `querystring/${field}: not a date or time: '${value}'`, {
      statusCode: 400,
      userMessage: `日期格式不正確（${field}）。`,
    });
  }
  return new Date(t).toISOString();
}

/** GET /api/audit: auditor and it-admin; newest first. */
export function auditRoutes(deps: CoreDeps): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: Static<typeof AuditQuery> }>(
      '/api/audit',
      { preValidation: requireUser('auditor', 'it-admin'), schema: { querystring: AuditQuery } },
      async (request) => {
        const q = request.query;
        const records = deps.audit.query({
          from: isoTime(q.from, 'from'),
          to: isoTime(q.to, 'to'),
          actor: q.actor,
          action: q.action,
          limit: q.limit,
        });
        return { records };
      },
    );
  };
}
