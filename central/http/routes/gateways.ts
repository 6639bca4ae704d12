import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { GatewayRoleSchema } from '../../../contract/messages.ts';
import { ID_PATTERN } from '../../../contract/topics.ts';
import { CountergateError } from '../../../lib/errors.ts';
import { mosquittoAcl } from '../../broker/mosquitto-acl.ts';
import { requireUser } from '../auth.ts';
import type { CoreDeps } from '../deps.ts';

const Id = Type.String({ pattern: ID_PATTERN });
const ProvisionBody = Type.Object(
  { office: Id, counter: Id, role: Type.Optional(GatewayRoleSchema) },
  { additionalProperties: false },
);
const CounterParams = Type.Object({ office: Id, counter: Id }, { additionalProperties: false });
const CmdParams = Type.Object(
  { office: Id, counter: Id, name: Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$' }) },
  { additionalProperties: false },
);
const CmdBody = Type.Object(
  {
    args: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 60000 })),
  },
  { additionalProperties: false },
);

/** Gateways, it-admin only: list with status, provision (secret shown once), revoke, commands. */
export function gatewayRoutes(deps: CoreDeps): FastifyPluginAsync {
  return async (app) => {
    const itAdmin = requireUser('it-admin');

    app.get('/api/gateways', { preValidation: itAdmin }, async () => ({ gateways: deps.gateways.list() }));

    // For a city running Mosquitto: the access rules of the embedded broker as its acl_file.
    app.get('/api/gateways/mosquitto-acl', { preValidation: itAdmin }, async (request, reply) => {
      const centralUsername = deps.centralMqttUsername;
      if (!centralUsername) {
        throw new CountergateError('CG_MQTT_USERNAME_MISSING', "central's config has no mqtt.username: set mqtt.username and mqtt.password to the user central has on Mosquitto", {
          statusCode: 409,
          userMessage: '中央系統設定檔未設定 MQTT 使用者名稱（mqtt.username），無法產生 Mosquitto 存取規則。',
        });
      }
      const gateways = deps.registry.list().filter((g) => !g.revoked);
      const text = mosquittoAcl({ gateways, centralUsername });
      deps.audit.record(request.user.username, 'gateway.acl-export', 'mosquitto-acl', { gateways: gateways.length });
      return reply.type('text/plain; charset=utf-8').send(text);
    });

    app.post<{ Body: Static<typeof ProvisionBody> }>(
      '/api/gateways',
      { preValidation: itAdmin, schema: { body: ProvisionBody } },
      async (request, reply) => {
        const { office, counter, role } = request.body;
        const creds = deps.gateways.provision(office, counter, role ?? 'counter', request.user.username);
        return reply.status(201).header('cache-control', 'no-store').send(creds);
      },
    );

    app.post<{ Params: Static<typeof CounterParams> }>(
      '/api/gateways/:office/:counter/revoke',
      { preValidation: itAdmin, schema: { params: CounterParams } },
      async (request) => {
        const { office, counter } = request.params;
        return { gateway: deps.gateways.revoke(office, counter, request.user.username) };
      },
    );

    app.post<{ Params: Static<typeof CmdParams>; Body: Static<typeof CmdBody> }>(
      '/api/gateways/:office/:counter/cmd/:name',
      {
        // The body is optional: a bare POST runs the command without arguments.
        preValidation: [itAdmin, async (request) => void (request.body ??= {})],
        schema: { params: CmdParams, body: CmdBody },
      },
      async (request) => {
        const { office, counter, name } = request.params;
        const args = request.body.args ?? {};
        deps.audit.record(request.user.username, 'gateway.command', `${office}/${counter}`, { name, args });
        const result = await deps.gateways.command(office, counter, name, args, request.body.timeoutMs ?? 5000);
        return { result };
      },
    );
  };
}
