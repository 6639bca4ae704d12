import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { CountergateError } from '../../../lib/errors.ts';
import type { GatewayIdentity } from '../../gateways/registry.ts';
import type { CoreDeps } from '../deps.ts';

const SignInBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);

function basicCredentials(request: FastifyRequest): { username: string; password: string } | null {
  const header = request.headers.authorization;
  if (!header || !/^Basic /i.test(header)) return null;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * POST /api/counter/clerk-sign-in: a counter gateway (HTTP Basic with its MQTT credentials)
 * asks whether a clerk may sign in at it. Only active clerks of the gateway's own office.
 */
export function counterRoutes(deps: CoreDeps): FastifyPluginAsync {
  return async (app) => {
    const gatewayAuth = async (request: FastifyRequest) => {
      const creds = basicCredentials(request);
      const gw = creds ? deps.registry.verify(creds.username, creds.password) : null;
      if (!gw || gw.role !== 'counter') {
        throw new CountergateError('CG_GATEWAY_AUTH', 'counter gateway credentials required (HTTP Basic)', {
          statusCode: 401,
          userMessage: '櫃檯設備未通過驗證，請通知資訊室。',
        });
      }
      (request as FastifyRequest & { gateway: GatewayIdentity }).gateway = gw;
    };

    app.post<{ Body: Static<typeof SignInBody> }>(
      '/api/counter/clerk-sign-in',
      { preValidation: gatewayAuth, schema: { body: SignInBody } },
      async (request) => {
        const gw = (request as FastifyRequest & { gateway: GatewayIdentity }).gateway;
        const { username, password } = request.body;
        const where = { office: gw.office, counter: gw.counter, gateway: gw.username };
        const user = await deps.accounts.verifyAt(username, password, gw.username, where);
        if (!user) {
          deps.audit.record(username.slice(0, 64), 'counter.sign-in.failed', username.slice(0, 64), { ...where, reason: 'bad-credentials' });
          throw new CountergateError('CG_AUTH_BAD_CREDENTIALS', 'wrong username or password, or the account is disabled', {
            statusCode: 401,
            userMessage: '帳號或密碼錯誤，或帳號已停用。',
          });
        }
        if (user.role !== 'clerk' || user.office !== gw.office) {
          deps.audit.record(user.username, 'counter.sign-in.failed', user.username, { ...where, reason: 'not-a-clerk-here' });
          throw new CountergateError(
            'CG_CLERK_NOT_HERE',
            `${user.username} is not a clerk of office ${gw.office}`,
            { statusCode: 403, userMessage: '此帳號不是本戶所的櫃檯人員。' },
          );
        }
        deps.audit.record(user.username, 'counter.sign-in', user.username, where);
        return { clerk: { username: user.username, displayName: user.displayName } };
      },
    );
  };
}
