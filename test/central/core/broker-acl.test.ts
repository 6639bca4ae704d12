import { test } from 'uvu';
import * as assert from 'uvu/assert';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { startBroker, type Broker } from '../../../central/broker/broker.ts';
import { mayPublish, maySubscribe, willAllowed, type Principal } from '../../../central/broker/acl.ts';
import { silentLogger } from '../../../lib/logger.ts';
import { makeCore, type Core } from './helpers.ts';

const INTERNAL = { username: 'cg-central', password: 'internal-secret-for-tests-0123456789' };
let core: Core;
let broker: Broker;
let creds: Record<'a' | 'b' | 'station' | 'revoked', { username: string; password: string }>;
const open: MqttClient[] = [];

/** Connects and resolves when CONNACK accepts; rejects with the CONNACK return code otherwise. */
function connect(user: { username: string; password: string } | null, opts: IClientOptions = {}): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const c = mqtt.connect(broker.url, {
      reconnectPeriod: 0,
      connectTimeout: 5000,
      protocolVersion: 4,
      ...(user ? { username: user.username, password: user.password } : {}),
      ...opts,
    });
    open.push(c);
    c.once('connect', () => resolve(c));
    c.once('error', (err) => reject(err));
    c.once('close', () => reject(new Error('closed before CONNACK')));
  });
}

async function refusedCode(user: { username: string; password: string } | null, opts: IClientOptions = {}): Promise<number> {
  try {
    await connect(user, opts);
  } catch (err) {
    return (err as { code: number }).code;
  }
  throw new Error('connection was accepted');
}

test.before(async () => {
  core = await makeCore();
  creds = {
    a: core.registry.provision('o1', 'c01', 'counter'),
    b: core.registry.provision('o1', 'c02', 'counter'),
    station: core.registry.provision('o1', 'alarm', 'alarm-station'),
    revoked: core.registry.provision('o2', 'c01', 'counter'),
  };
  core.registry.revoke('o2', 'c01');
  broker = await startBroker({ host: '127.0.0.1', port: 0, logger: silentLogger, registry: core.registry, internal: INTERNAL });
});

test.after(async () => {
  for (const c of open) c.end(true);
  await broker.close();
  core.db.close();
});

test('listens on an ephemeral port and reports it', () => {
  assert.ok(broker.port > 0 && broker.port !== 1883);
  assert.is(broker.url, `mqtt://127.0.0.1:${broker.port}`);
});

test('gateways are told "server unavailable" until central is ready; central itself gets in', async () => {
  assert.is(await refusedCode(creds.a), 3);
  const central = await connect(INTERNAL, { clientId: 'cg-central' });
  assert.ok(central.connected);
  broker.setReady();
  assert.ok((await connect(creds.a)).connected);
});

test('bad, missing, unknown and revoked credentials are refused at CONNACK', async () => {
  assert.is(await refusedCode({ username: creds.a.username, password: 'wrong' }), 4);
  assert.is(await refusedCode({ username: 'gw-o9-c99', password: creds.a.password }), 4);
  assert.is(await refusedCode(null), 4);
  assert.is(await refusedCode({ username: INTERNAL.username, password: 'guess' }), 4);
  assert.is(await refusedCode(creds.revoked), 5);
});

test('a last will outside the gateway own state topic is refused; its own state is accepted', async () => {
  const will = (topic: string) => ({ will: { topic, payload: Buffer.from('{"online":false}'), qos: 1 as const, retain: true } });
  assert.is(await refusedCode(creds.a, will('cg/v1/o1/c02/state')), 5);
  assert.is(await refusedCode(creds.a, will('cg/v1/o1/c01/evt/rating')), 5);
  assert.is(await refusedCode(creds.a, will('cg/v1/o1/alarm')), 5);
  assert.ok((await connect(creds.a, will('cg/v1/o1/c01/state'))).connected);
});

test('a gateway cannot take over a client id held by someone else', async () => {
  assert.is(await refusedCode(creds.a, { clientId: 'cg-central' }), 5);
  await connect(creds.b, { clientId: 'gw-b-session' });
  assert.is(await refusedCode(creds.a, { clientId: 'gw-b-session' }), 5);
});

test('subscriptions: own cfg and cmd only; an alarm station also its office alarm', async () => {
  const a = await connect(creds.a);
  // mqtt.js turns a SUBACK failure (0x80) into an error that carries the SUBACK packet.
  const granted = (c: MqttClient, topic: string) =>
    c.subscribeAsync(topic, { qos: 1 }).then(
      (g) => g[0]?.qos,
      (err: { packet?: { granted?: number[] } }) => err.packet?.granted?.[0],
    );
  assert.is(await granted(a, 'cg/v1/o1/c01/cfg'), 1);
  assert.is(await granted(a, 'cg/v1/o1/c01/cmd/+'), 1);
  assert.is(await granted(a, 'cg/v1/o1/c01/cmd/ping'), 1);
  for (const t of ['cg/v1/o1/c02/cfg', 'cg/v1/o1/c02/cmd/+', 'cg/v1/#', '#', 'cg/v1/+/+/evt/+', 'cg/v1/o1/alarm', 'cg/v1/o1/c01/evt/rating', '$SYS/#']) {
    assert.is(await granted(a, t), 128, `counter gateway subscribing to ${t}`);
  }
  const s = await connect(creds.station);
  assert.is(await granted(s, 'cg/v1/o1/alarm'), 1);
  assert.is(await granted(s, 'cg/v1/o2/alarm'), 128);
  assert.is(await granted(s, 'cg/v1/+/alarm'), 128);
});

test('publishing outside its own prefix disconnects the gateway and reaches nobody', async () => {
  const central = await connect(INTERNAL, { clientId: 'cg-central-2' });
  const seen: string[] = [];
  central.on('message', (topic) => seen.push(topic));
  await central.subscribeAsync('cg/v1/#', { qos: 1 });
  const a = await connect(creds.a);
  await a.publishAsync('cg/v1/o1/c01/state', JSON.stringify({ online: true }), { qos: 1 });
  const closed = new Promise<void>((resolve) => a.once('close', () => resolve()));
  a.publish('cg/v1/o1/c02/evt/rating', '{"forged":true}', { qos: 0 });
  await closed;
  const b = await connect(creds.b);
  // Each forbidden kind on its own connection, then one allowed message as a fence.
  for (const topic of ['cg/v1/o1/c01/cfg', 'cg/v1/o1/alarm', 'cg/v1/o1/c01/cmd/ping', 'cg/v1/o1/c01/nonsense']) {
    const c = await connect(creds.a);
    const gone = new Promise<void>((resolve) => c.once('close', () => resolve()));
    c.publish(topic, '{}', { qos: 0 });
    await gone;
  }
  const fence = new Promise<void>((resolve) => central.on('message', (t) => t === 'cg/v1/o1/c02/health' && resolve()));
  await b.publishAsync('cg/v1/o1/c02/health', '{}', { qos: 1 });
  await fence;
  assert.equal(seen, ['cg/v1/o1/c01/state', 'cg/v1/o1/c02/health']);
});

test('disconnect(username) drops that gateway live connections (rotation, revocation)', async () => {
  const b = await connect(creds.b);
  const closed = new Promise<void>((resolve) => b.once('close', () => resolve()));
  broker.disconnect(creds.b.username);
  await closed;
  assert.not.ok(b.connected);
});

test('access rules as pure functions', () => {
  const gw: Principal = { kind: 'gateway', username: 'gw-o1-c01', office: 'o1', counter: 'c01', role: 'counter' };
  const st: Principal = { ...gw, counter: 'alarm', role: 'alarm-station' };
  for (const t of ['state', 'health', 'evt/case', 'evt/rating', 'evt/press-ignored', 'evt/session', 'cfg/applied', 'res/ping']) {
    assert.ok(mayPublish(gw, `cg/v1/o1/c01/${t}`), t);
    assert.not.ok(mayPublish(gw, `cg/v1/o1/c02/${t}`), `other counter ${t}`);
    assert.not.ok(mayPublish(gw, `cg/v1/o2/c01/${t}`), `other office ${t}`);
  }
  for (const t of ['cg/v1/o1/c01/cfg', 'cg/v1/o1/c01/cmd/ping', 'cg/v1/o1/alarm', 'cg/v1/o1/c01/evt/other', 'cg/v1/o1/c01/evt/+', 'x']) {
    assert.not.ok(mayPublish(gw, t), t);
  }
  assert.ok(mayPublish({ kind: 'central' }, 'cg/v1/o1/alarm'));
  assert.not.ok(maySubscribe(gw, 'cg/v1/o1/alarm'));
  assert.ok(maySubscribe(st, 'cg/v1/o1/alarm'));
  assert.ok(maySubscribe(st, 'cg/v1/o1/alarm/cfg'.replace('/cfg', '')));
  assert.not.ok(maySubscribe(gw, 'cg/v1/o1/c01/#'));
  assert.not.ok(maySubscribe(gw, 'cg/v1/o1/c01/+'));
  assert.ok(willAllowed(gw, null));
  assert.ok(willAllowed(gw, { topic: 'cg/v1/o1/c01/state' }));
  assert.not.ok(willAllowed(gw, { topic: 'cg/v1/o1/c01/health' }));
});

test.run();
