import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { ID_PATTERN } from '../../../contract/topics.ts';
import { PASSWORD_MIN_LENGTH, RoleSchema, USERNAME_PATTERN } from '../../accounts/roles.ts';
import { requireUser } from '../auth.ts';
import type { CoreDeps } from '../deps.ts';

const NewUserBody = Type.Object(
  {
    username: Type.String({ pattern: USERNAME_PATTERN }),
    displayName: Type.String({ minLength: 1, maxLength: 80 }),
    role: RoleSchema,
    office: Type.Optional(Type.Union([Type.String({ pattern: ID_PATTERN }), Type.Null()])),
    password: Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: 256 }),
  },
  { additionalProperties: false },
);
const UserParams = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
const PasswordBody = Type.Object(
  { password: Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: 256 }) },
  { additionalProperties: false },
);

/** Accounts, it-admin only: list, create, disable, set password. */
export function userRoutes(deps: CoreDeps): FastifyPluginAsync {
  return async (app) => {
    const itAdmin = requireUser('it-admin');

    app.get('/api/users', { preValidation: itAdmin }, async () => ({ users: deps.accounts.listUsers() }));

    app.post<{ Body: Static<typeof NewUserBody> }>(
      '/api/users',
      { preValidation: itAdmin, schema: { body: NewUserBody } },
      async (request, reply) => {
        const user = await deps.accounts.createUser(request.body, request.user.username);
        return reply.status(201).send({ user });
      },
    );

    app.post<{ Params: Static<typeof UserParams> }>(
      '/api/users/:username/disable',
      { preValidation: itAdmin, schema: { params: UserParams } },
      async (request) => ({ user: deps.accounts.disableUser(request.params.username, request.user.username) }),
    );

    app.post<{ Params: Static<typeof UserParams>; Body: Static<typeof PasswordBody> }>(
      '/api/users/:username/password',
      { preValidation: itAdmin, schema: { params: UserParams, body: PasswordBody } },
      async (request) => {
        await deps.accounts.setPassword(request.params.username, request.body.password, request.user.username);
        return { ok: true };
      },
    );
  };
}
