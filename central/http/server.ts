import fastifyCookie from '@fastify/cookie';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import '../../contract/validate.ts';
import type { Logger } from '../../lib/logger.ts';
import { registerAuth } from './auth.ts';
import type { CoreDeps } from './deps.ts';
import { errorHandler, notFoundHandler } from './errors.ts';
import { auditRoutes } from './routes/audit.ts';
import { counterRoutes } from './routes/counter.ts';
import { gatewayRoutes } from './routes/gateways.ts';
import { officeRoutes } from './routes/offices.ts';
import { sessionRoutes } from './routes/session.ts';
import { userRoutes } from './routes/users.ts';
import { closeConnectionsAfter } from '../../lib/http-close.ts';

/** Headers for every response; the web pages add their own CSP. */
const BASE_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/**
 * Central's fastify instance with the core in place: cookies, sessions (requireUser works in
 * every plugin registered afterwards), the error format, security headers and the core
 * routes. The caller registers the other rooms' plugins, then listens.
 */
export async function buildHttpServer(deps: CoreDeps & { logger: Logger }): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: deps.logger.child({ component: 'http' }) as FastifyBaseLogger,
    // Requests are not logged one by one (3,000 counters); errors are, by errorHandler.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 256 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  });
  app.setErrorHandler(errorHandler(deps.logger));
  // a supervisor's console that never answers the close must not hold a restart
  closeConnectionsAfter(app);
  app.setNotFoundHandler(notFoundHandler);
  await app.register(fastifyCookie);
  registerAuth(app, { userForSession: (token) => deps.accounts.userForSession(token) });

  app.addHook('onSend', async (request, reply, payload) => {
    for (const [name, value] of Object.entries(BASE_HEADERS)) {
      if (!reply.hasHeader(name)) reply.header(name, value);
    }
    if (request.url.startsWith('/api/')) {
      reply.header('cache-control', 'no-store');
      if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    }
    return payload;
  });

  await app.register(sessionRoutes(deps));
  await app.register(officeRoutes(deps));
  await app.register(userRoutes(deps));
  await app.register(gatewayRoutes(deps));
  await app.register(counterRoutes(deps));
  await app.register(auditRoutes(deps));
  return app;
}
