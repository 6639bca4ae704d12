import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { CountergateError } from '../../lib/errors.ts';
import { RoleSchema, ROLES, type Role, type SessionUser } from '../accounts/roles.ts';

export { RoleSchema, ROLES, type Role, type SessionUser };

export const SESSION_COOKIE = 'cg_session';

/** What the auth plugin puts on the fastify instance; requireUser reads it from request.server. */
export interface AuthContext {
  userForSession(token: string): SessionUser | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    cgAuth: AuthContext;
  }
  interface FastifyRequest {
    /** Set by requireUser(); read it only in routes that use requireUser. */
    user: SessionUser;
  }
}

/**
 * Decorates the root instance (no encapsulation) so that every plugin registered after it —
 * ours and the other rooms' — can use requireUser without further wiring.
 */
export function registerAuth(app: FastifyInstance, ctx: AuthContext): void {
  if (!app.hasDecorator('cgAuth')) app.decorate('cgAuth', ctx);
  if (!app.hasRequestDecorator('user')) app.decorateRequest('user', null as unknown as SessionUser);
}

/** The same as a plugin (`app.register(authPlugin, { ctx })`), not encapsulated. */
export const authPlugin: FastifyPluginAsync<{ ctx: AuthContext }> = Object.assign(
  async (app: FastifyInstance, opts: { ctx: AuthContext }) => registerAuth(app, opts.ctx),
  { [Symbol.for('skip-override')]: true },
);

export const authRequired = () =>
  new CountergateError('CG_AUTH_REQUIRED', 'sign in first', { statusCode: 401, userMessage: '請先登入。' });

export const forbidden = (detail: string) =>
  new CountergateError('CG_AUTH_FORBIDDEN', detail, { statusCode: 403, userMessage: '您沒有權限使用此功能。' });

/** The signed-in user of a request, or null; does not throw. */
export function sessionUser(request: FastifyRequest): SessionUser | null {
  const token = request.cookies?.[SESSION_COOKIE];
  const ctx = (request.server as Partial<FastifyInstance>).cgAuth;
  if (!token || !ctx) return null;
  return ctx.userForSession(token);
}

/**
 * A route hook (preHandler, or preValidation so that an anonymous request gets 401 before its
 * body is validated): 401 CG_AUTH_REQUIRED without a valid session, 403 CG_AUTH_FORBIDDEN when the
 * user's role is not among `roles` (no roles: any signed-in user). Sets request.user.
 */
export function requireUser(...roles: Role[]) {
  return async function requireUserHook(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const user = sessionUser(request);
    if (!user) throw authRequired();
    if (roles.length > 0 && !roles.includes(user.role)) {
      throw forbidden(`role ${user.role} may not ${request.method} ${request.routeOptions.url ?? request.url}`);
    }
    request.user = user;
  };
}

/**
 * Office scoping: clerks and supervisors only see their own office; it-admin and auditors
 * are city-wide. Throws 403 CG_AUTH_OFFICE.
 */
export function assertOfficeAccess(user: SessionUser, office: string): void {
  if (user.role === 'it-admin' || user.role === 'auditor') return;
  if (user.office !== office) {
    throw new CountergateError('CG_AUTH_OFFICE', `${user.username} belongs to office ${user.office ?? '-'}, not ${office}`, {
      statusCode: 403,
      userMessage: '您只能查看所屬戶所的資料。',
    });
  }
}
