import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyWebsocket from '@fastify/websocket';
import type { Logger } from '../../lib/logger.ts';
import { accessPolicy, assertLocalHost, assertSameOrigin } from './access.ts';
import { registerApi } from './api.ts';
import type { CounterController } from './controller.ts';
import { errorHandler, notFoundError } from './errors.ts';
import { registerPages } from './pages.ts';
import { registerStatusSocket } from './ws.ts';
import { closeConnectionsAfter } from '../../lib/http-close.ts';

export interface GatewayHttpOptions {
  controller: CounterController;
  logger: Logger;
  /** The address the server binds to; a specific IP here is also accepted as a local Host. */
  host?: string;
  /** Further host names that address this box (e.g. its LAN name when a tablet is the screen). */
  allowedHosts?: readonly string[];
}

/** Pages and scripts come from this server only; nothing may frame the counter's screens. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
} as const;

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Builds the gateway's HTTP app without listening (tests use inject / injectWS). */
export async function buildGatewayHttp(opts: GatewayHttpOptions): Promise<FastifyInstance> {
  const logger = opts.logger.child({ component: 'gateway-http' });
  const policy = accessPolicy(opts.host ?? '127.0.0.1', opts.allowedHosts);
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // A kiosk polls assets all day; routes log what matters themselves.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 16 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
  });
  app.setErrorHandler(errorHandler(logger));
  // a kiosk screen that never answers the close must not hold a restart
  closeConnectionsAfter(app);
  // JSON only: a cross-site <form> can post text/plain without a preflight, never JSON.
  app.removeContentTypeParser('text/plain');

  // First: its own onRequest hook must mark upgrades before ours may refuse them, or a
  // refused upgrade leaves its socket open.
  await app.register(fastifyWebsocket, { options: { maxPayload: 4096 } });
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0];
    if (STATE_CHANGING.has(request.method) || path === '/ws') assertSameOrigin(request.headers, policy);
    else assertLocalHost(request.headers.host, policy);
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    return payload;
  });

  registerApi(app, opts.controller);
  registerStatusSocket(app, opts.controller, logger);
  await registerPages(app, opts.controller);

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || !request.headers.accept?.includes('text/html')) {
      const err = notFoundError(request.method, request.url);
      return reply.code(404).send(err.toJSON());
    }
    return reply.code(404).sendFile('not-found.html');
  });
  return app;
}

/**
 * Starts the counter's own web server: the clerk screen (/), the resident rating screen
 * (/rate), the simulated-buttons panel (/sim), their JSON API and the /ws status feed.
 * Bind it to 127.0.0.1 (the default): it is the screen of this box, not a network service.
 */
export async function startGatewayHttp(opts: {
  controller: CounterController;
  host: string;
  port: number;
  logger: Logger;
  allowedHosts?: readonly string[];
}): Promise<{ url: string; close(): Promise<void> }> {
  const app = await buildGatewayHttp(opts);
  await app.listen({ host: opts.host || '127.0.0.1', port: opts.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const urlHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${urlHost}:${port}`,
    close: () => app.close(),
  };
}
