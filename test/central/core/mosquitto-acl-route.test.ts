import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mosquittoAcl } from '../../../central/broker/mosquitto-acl.ts';
import { buildHttpServer } from '../../../central/http/server.ts';
import { silentLogger } from '../../../lib/logger.ts';
import { basic, login, makeCore, seedUsers } from './helpers.ts';

const URL = '/api/gateways/mosquitto-acl';

async function setup(centralMqttUsername?: string) {
  const core = await makeCore();
  await seedUsers(core);
  const app = await buildHttpServer({ ...core, logger: silentLogger, centralMqttUsername });
  await app.ready();
  return { core, app };
}

test('GET /api/gateways/mosquitto-acl: it-admin gets the acl_file of the unrevoked gateways, audited', async () => {
  const { core, app } = await setup('cg-central');
  try {
    const kept = core.gateways.provision('o1', 'c01', 'counter');
    core.gateways.provision('o1', 'a01', 'alarm-station');
    const gone = core.gateways.provision('o2', 'c01', 'counter');
    core.gateways.revoke('o2', 'c01');
    const res = await app.inject({ url: URL, headers: { cookie: await login(app, 'admin') } });
    assert.is(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain/);
    const unrevoked = core.registry.list().filter((g) => !g.revoked);
    assert.is(unrevoked.length, 2);
    assert.is(res.body, mosquittoAcl({ gateways: unrevoked, centralUsername: 'cg-central' }));
    assert.match(res.body, new RegExp(`^user ${kept.username}$`, 'm'));
    assert.not.match(res.body, new RegExp(gone.username));
    assert.not.ok(res.body.includes(kept.password), 'no secret in the file');
    const audit = core.audit.query({ action: 'gateway.acl-export' });
    assert.is(audit.length, 1);
    assert.is(audit[0]?.actor, 'admin');
  } finally {
    await app.close();
  }
});

test('GET /api/gateways/mosquitto-acl: 401 without a session, 403 for every other role and for gateways', async () => {
  const { core, app } = await setup('cg-central');
  try {
    const gw = core.gateways.provision('o1', 'c01', 'counter');
    assert.is((await app.inject({ url: URL })).statusCode, 401);
    assert.is((await app.inject({ url: URL, headers: { authorization: basic(gw.username, gw.password) } })).statusCode, 401);
    for (const who of ['aud', 'sup1', 'clerk1']) {
      const res = await app.inject({ url: URL, headers: { cookie: await login(app, who) } });
      assert.is(res.statusCode, 403, who);
    }
    assert.is(core.audit.query({ action: 'gateway.acl-export' }).length, 0);
  } finally {
    await app.close();
  }
});

test('GET /api/gateways/mosquitto-acl without mqtt.username in the config: 409 naming the setting', async () => {
  const { core, app } = await setup(undefined);
  try {
    const res = await app.inject({ url: URL, headers: { cookie: await login(app, 'admin') } });
    assert.is(res.statusCode, 409);
    const body = res.json() as { code: string; message: string };
    assert.is(body.code, 'CG_MQTT_USERNAME_MISSING');
    assert.match(body.message, /mqtt\.username/);
    assert.is(core.audit.query({ action: 'gateway.acl-export' }).length, 0);
  } finally {
    await app.close();
  }
});

test.run();
