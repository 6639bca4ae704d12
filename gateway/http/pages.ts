import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { RATING_LABELS_ZH, RATING_LEVELS, SEVERITY_LABELS_ZH } from '../../contract/ratings.ts';
import type { CounterController } from './controller.ts';

export const KIOSK_DIR = fileURLToPath(new URL('../../kiosk/', import.meta.url));

/**
 * The browser pages cannot import TypeScript, so the levels and their zh-TW labels reach them
 * as a tiny ES module generated from contract/ratings.ts: one definition, no copy.
 */
export const RATINGS_MODULE =
  `export const RATING_LEVELS = ${JSON.stringify(RATING_LEVELS)};\n` +
  `export const RATING_LABELS_ZH = ${JSON.stringify(RATING_LABELS_ZH)};\n` +
  `export const SEVERITY_LABELS_ZH = ${JSON.stringify(SEVERITY_LABELS_ZH)};\n`;

export async function registerPages(app: FastifyInstance, controller: CounterController): Promise<void> {
  // Pages are sent by their routes below (never as /clerk.html); only css/ and js/ are browsable.
  await app.register(fastifyStatic, { root: KIOSK_DIR, serve: false });
  for (const dir of ['css', 'js']) {
    await app.register(fastifyStatic, {
      root: join(KIOSK_DIR, dir),
      prefix: `/${dir}/`,
      decorateReply: false,
      index: false,
      cacheControl: true,
      maxAge: 0,
    });
  }

  app.get('/', (_request, reply) => reply.sendFile('clerk.html'));
  app.get('/rate', (_request, reply) => reply.sendFile('rate.html'));
  app.get('/sim', (_request, reply) => {
    if (!controller.status().simulatedButtons) return reply.code(404).sendFile('not-found.html');
    return reply.sendFile('sim.html');
  });
  // Browsers ask for it on their own; the screens have no icon and want no 404 in their logs.
  app.get('/favicon.ico', (_request, reply) => reply.code(204).send());
  app.get('/contract/ratings.js', (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(RATINGS_MODULE),
  );
}
