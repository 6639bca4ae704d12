import type { FastifyInstance } from 'fastify';
import { simUnavailable } from '../counter.ts';
import type { CounterController } from './controller.ts';
import {
  CompleteCaseBodySchema,
  EmptyBodySchema,
  LevelBodySchema,
  SignInBodySchema,
  type CompleteCaseBody,
  type LevelBody,
  type SignInBody,
} from './schemas.ts';

/** The JSON API behind the kiosk pages (docs/INTERFACES.md, gateway table). */
export function registerApi(app: FastifyInstance, controller: CounterController): void {
  app.get('/api/status', async () => controller.status());

  app.post<{ Body: SignInBody }>('/api/sign-in', { schema: { body: SignInBodySchema } }, async (request) => {
    const clerk = await controller.signIn(request.body.username, request.body.password);
    return { clerk };
  });

  app.post('/api/sign-out', { schema: { body: EmptyBodySchema } }, async () => {
    await controller.signOut();
    return { ok: true };
  });

  app.post<{ Body: CompleteCaseBody }>(
    '/api/cases/complete',
    { schema: { body: CompleteCaseBodySchema } },
    async (request) => controller.completeCase(request.body.outcome, request.body.caseId),
  );

  app.post<{ Body: LevelBody }>('/api/rate', { schema: { body: LevelBodySchema } }, async (request) =>
    controller.press(request.body.level, 'screen'),
  );

  app.post<{ Body: LevelBody }>('/api/sim/press', { schema: { body: LevelBodySchema } }, async (request) => {
    if (!controller.status().simulatedButtons) throw simUnavailable();
    controller.simulatePress(request.body.level);
    return { pressed: request.body.level };
  });
}
