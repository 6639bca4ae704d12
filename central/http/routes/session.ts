import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { requireUser, SESSION_COOKIE } from '../auth.ts';
import type { CoreDeps } from '../deps.ts';

const LoginBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);

const cookieOptions = (request: FastifyRequest) => ({
  httpOnly: true,
  sameSite: 'strict' as const,
  secure: request.protocol === 'https',
  path: '/',
});

/** POST /api/login, POST /api/logout, GET /api/me. */
export function sessionRoutes(deps: CoreDeps): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: Static<typeof LoginBody> }>('/api/login', { schema: { body: LoginBody } }, async (request, reply) => {
      const { token, user, expiresAt } = await deps.accounts.login(request.body.username, request.body.password, {
        ip: request.ip,
      });
      reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(request), expires: new Date(expiresAt) });
      return { user };
    });

    app.post('/api/logout', { preValidation: requireUser() }, async (request: FastifyRequest, reply: FastifyReply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) deps.accounts.logout(token, request.user.username);
      reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
      return { ok: true };
    });

    app.get('/api/me', { preValidation: requireUser() }, async (request) => ({ user: request.user }));
  };
}
