import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { EVENT_KINDS, topics } from '../../../contract/topics.ts';
import { mayPublish, maySubscribe, type Principal } from '../../../central/broker/acl.ts';
import { mosquittoAcl } from '../../../central/broker/mosquitto-acl.ts';
import type { GatewayIdentity } from '../../../central/gateways/registry.ts';
import { makeCore } from './helpers.ts';
import { startMosquitto, type PrivateMosquitto } from './mosquitto.ts';

/**
 * The generated acl_file in a private Mosquitto 2 (its own port, never 1883), with the
 * credentials of a real provisioning: what a city running Mosquitto would get.
 */

const CENTRAL = { username: 'cg-central', password: randomBytes(16).toString('hex') };

interface Setup {
  m: PrivateMosquitto;
  a: GatewayIdentity & { password: string };
  b: GatewayIdentity & { password: string };
  revoked: GatewayIdentity & { password: string };
  acl: string;
  clients: MqttClient[];
  connect(who: { username: string; password: string }, extra?: mqtt.IClientOptions): Promise<MqttClient>;
}

/**
 * A counter gateway A (o1/c01), an alarm station B (o1/a01) and a revoked gateway (o2/c01), in
 * one Mosquitto for the file (it takes a moment to start), stopped by test.after.
 */
async function startSetup(): Promise<Omit<Setup, 'clients' | 'connect'>> {
  const core = await makeCore();
  try {
    const provision = (office: string, counter: string, role: 'counter' | 'alarm-station') => {
      const creds = core.registry.provision(office, counter, role);
      return { username: creds.username, password: creds.password, office, counter, role };
    };
    const a = provision('o1', 'c01', 'counter');
    const b = provision('o1', 'a01', 'alarm-station');
    const revoked = provision('o2', 'c01', 'counter');
    core.registry.revoke('o2', 'c01');
    const acl = mosquittoAcl({ gateways: core.registry.list().filter((g) => !g.revoked), centralUsername: CENTRAL.username });
    // IT keeps the revoked gateway's line in the password file here: the ACL alone must shut it out.
    const m = await startMosquitto({ acl, users: [CENTRAL, a, b, revoked] });
    return { m, a, b, revoked, acl };
  } finally {
    core.db.close();
  }
}

let shared: ReturnType<typeof startSetup> | null = null;

test.after(async () => {
  const s = shared;
  shared = null;
  await s?.then((x) => x.m.stop(), () => undefined);
});

/** Runs fn with the shared broker and closes the clients it opened. */
async function withMosquitto(fn: (s: Setup) => Promise<void>): Promise<void> {
  shared ??= startSetup();
  const base = await shared;
  const clients: MqttClient[] = [];
  const connect = async (who: { username: string; password: string }, extra: mqtt.IClientOptions = {}) => {
    const c = await mqtt.connectAsync(base.m.url, { username: who.username, password: who.password, reconnectPeriod: 0, connectTimeout: 3000, ...extra });
    clients.push(c);
    return c;
  };
  try {
    await fn({ ...base, clients, connect });
  } finally {
    await Promise.all(clients.map((c) => c.endAsync(true)));
  }
}

/** Collects messages; `until` resolves once a message on the topic (and payload) has arrived. */
function inbox(c: MqttClient) {
  const got: { topic: string; payload: string }[] = [];
  const waiters: { topic: string; payload?: string; resolve: () => void }[] = [];
  c.on('message', (topic, payload) => {
    got.push({ topic, payload: payload.toString() });
    for (const w of [...waiters]) {
      if (w.topic === topic && (w.payload === undefined || w.payload === payload.toString())) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  const until = (topic: string, payload?: string) =>
    got.some((g) => g.topic === topic && (payload === undefined || g.payload === payload))
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          const w = { topic, payload, resolve: () => (clearTimeout(timer), resolve()) };
          const timer = setTimeout(() => reject(new Error(`no message on ${topic} (${payload ?? 'any'}); got ${JSON.stringify(got)}`)), 3000);
          waiters.push(w);
        });
  return { got, until, topics: () => got.map((g) => g.topic) };
}

test('the file names central and each unrevoked gateway with its own topics only', async () => {
  await withMosquitto(async ({ acl, a, b, revoked }) => {
    assert.match(acl, /^user cg-central\ntopic readwrite cg\/v1\/#$/m);
    assert.match(acl, new RegExp(`^user ${a.username}$`, 'm'));
    assert.match(acl, new RegExp(`^user ${b.username}$`, 'm'));
    assert.not.match(acl, new RegExp(revoked.username));
    const blocks = new Map<string, string[]>();
    let current: string[] = [];
    for (const line of acl.split('\n')) {
      if (line.startsWith('user ')) blocks.set(line.slice(5), (current = []));
      else if (line.startsWith('topic ')) current.push(line);
    }
    assert.equal([...blocks.keys()].sort(), [a.username, b.username, 'cg-central'].sort());
    assert.ok(blocks.get(b.username)?.includes(`topic read ${topics.alarm('o1')}`));
    assert.not.ok(blocks.get(a.username)?.some((l) => l.includes('alarm')));
    for (const g of [a, b]) {
      assert.ok(blocks.get(g.username)?.every((l) => l.split(' ')[2]?.startsWith(topics.counterPrefix(g.office, g.counter)) || l === `topic read ${topics.alarm(g.office)}`));
    }
    assert.not.ok(acl.split('\n').some((l) => l.startsWith('topic') && l.includes('#') && !l.endsWith('readwrite cg/v1/#')));
  });
  assert.throws(() => mosquittoAcl({ gateways: [], centralUsername: 'central\ntopic readwrite #' }), /white space/);
  assert.throws(() => mosquittoAcl({ gateways: [], centralUsername: '' }), /white space/);
});

test("a gateway's events reach central; under another gateway's prefix, or revoked, they do not", async () => {
  await withMosquitto(async ({ a, b, revoked, connect }) => {
    const central = await connect(CENTRAL);
    const box = inbox(central);
    await central.subscribeAsync('cg/v1/#', { qos: 1 });
    const gwA = await connect(a);
    const gwRevoked = await connect(revoked);
    await gwRevoked.publishAsync(topics.event('o2', 'c01', 'case'), 'revoked', { qos: 1 });
    await gwA.publishAsync(topics.event(b.office, b.counter, 'case'), 'spoof', { qos: 1 });
    await gwA.publishAsync(topics.state(b.office, b.counter), 'spoof', { qos: 1 });
    await gwA.publishAsync(topics.alarm('o1'), 'spoof', { qos: 1 });
    await gwA.publishAsync(topics.event(a.office, a.counter, 'case'), 'mine', { qos: 1 });
    await box.until(topics.event(a.office, a.counter, 'case'), 'mine');
    await gwRevoked.publishAsync(topics.event('o2', 'c01', 'rating'), 'revoked', { qos: 1 });
    await gwA.publishAsync(topics.event(a.office, a.counter, 'rating'), 'fence', { qos: 1 });
    await box.until(topics.event(a.office, a.counter, 'rating'), 'fence');
    assert.equal(box.got, [
      { topic: topics.event(a.office, a.counter, 'case'), payload: 'mine' },
      { topic: topics.event(a.office, a.counter, 'rating'), payload: 'fence' },
    ]);
  });
});

test("subscribing to another gateway's cfg or to cg/v1/# is granted by Mosquitto 2 but delivers nothing foreign", async () => {
  await withMosquitto(async ({ a, b, connect }) => {
    const central = await connect(CENTRAL);
    const gwA = await connect(a);
    const box = inbox(gwA);
    // Mosquitto 2.0 acknowledges every subscription (no 0x80) and checks read access per message.
    const granted = await gwA.subscribeAsync([topics.cfg(b.office, b.counter), 'cg/v1/#'], { qos: 1 });
    assert.equal(granted.map((g) => g.qos).sort(), [1, 1]);
    await central.publishAsync(topics.cfg(b.office, b.counter), 'for-b', { qos: 1 });
    await central.publishAsync(topics.cmd(b.office, b.counter, 'reboot'), 'for-b', { qos: 1 });
    await central.publishAsync(topics.event(b.office, b.counter, 'case'), 'b-event', { qos: 1 });
    await central.publishAsync(topics.cfg(a.office, a.counter), 'for-a', { qos: 1 });
    await box.until(topics.cfg(a.office, a.counter), 'for-a');
    assert.equal(box.got, [{ topic: topics.cfg(a.office, a.counter), payload: 'for-a' }]);
  });
});

test("the alarm station receives its office's alarm; a counter gateway does not", async () => {
  await withMosquitto(async ({ a, b, connect }) => {
    const central = await connect(CENTRAL);
    const gwA = await connect(a);
    const gwB = await connect(b);
    const boxA = inbox(gwA);
    const boxB = inbox(gwB);
    await gwA.subscribeAsync([topics.alarm('o1'), topics.cfg(a.office, a.counter)], { qos: 1 });
    await gwB.subscribeAsync([topics.alarm('o1'), topics.alarm('o2')], { qos: 1 });
    await central.publishAsync(topics.alarm('o2'), 'other-office', { qos: 1 });
    await central.publishAsync(topics.alarm('o1'), 'ring', { qos: 1 });
    await central.publishAsync(topics.cfg(a.office, a.counter), 'fence', { qos: 1 });
    await boxB.until(topics.alarm('o1'), 'ring');
    await boxA.until(topics.cfg(a.office, a.counter), 'fence');
    assert.equal(boxA.topics(), [topics.cfg(a.office, a.counter)]);
    assert.equal(boxB.topics(), [topics.alarm('o1')]);
  });
});

test("a last will on a topic the gateway may not publish is accepted at connect but never delivered", async () => {
  await withMosquitto(async ({ a, b, connect }) => {
    const central = await connect(CENTRAL);
    const box = inbox(central);
    await central.subscribeAsync('cg/v1/#', { qos: 1 });
    const will = (topic: string) => ({ will: { topic, payload: Buffer.from('will'), qos: 1 as const, retain: false } });
    // Mosquitto 2.0.11 does not refuse the CONNECT; it checks the will against the write rules when sending it.
    const spoof = await connect(a, { clientId: 'a-spoof', ...will(topics.state(b.office, b.counter)) });
    const spoofCfg = await connect(a, { clientId: 'a-spoof-cfg', ...will(topics.cfg(a.office, a.counter)) });
    // Looser than aedes (own state only): any topic the gateway may publish passes as a will.
    const ownHealth = await connect(a, { clientId: 'a-health', ...will(topics.health(a.office, a.counter)) });
    spoof.stream.destroy();
    spoofCfg.stream.destroy();
    ownHealth.stream.destroy();
    // The own state will, dropped later, is the fence: Mosquitto handles connections in order.
    const honest = await connect(a, { clientId: 'a-honest', ...will(topics.state(a.office, a.counter)) });
    honest.stream.destroy();
    await box.until(topics.state(a.office, a.counter), 'will');
    await box.until(topics.health(a.office, a.counter), 'will');
    assert.equal(box.topics().sort(), [topics.health(a.office, a.counter), topics.state(a.office, a.counter)]);
  });
});

test('a wrong password is refused with "not authorized"', async () => {
  await withMosquitto(async ({ a, connect }) => {
    for (const who of [{ username: a.username, password: 'wrong' }, { username: CENTRAL.username, password: a.password }]) {
      const err = await connect(who).then(
        () => null,
        (e: Error & { code?: number }) => e,
      );
      assert.ok(err, `${who.username} must be refused`);
      assert.is(err.code, 5);
    }
    assert.ok((await connect(a)).connected, 'the right password still works');
  });
});

/** MQTT filter matching, to say what aedes would deliver to an allowed subscription. */
function matches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) return false;
  }
  return f.length === t.length;
}

/** The topics of the table: every kind under both gateways' prefixes, plus the edges. */
function universe(gws: GatewayIdentity[]): string[] {
  const out = new Set<string>();
  for (const g of [...gws, { office: 'o2', counter: 'c01' }]) {
    const { office: o, counter: c } = g;
    out.add(topics.state(o, c)).add(topics.health(o, c)).add(topics.cfg(o, c)).add(topics.cfgApplied(o, c));
    for (const k of EVENT_KINDS) out.add(topics.event(o, c, k));
    out.add(`${topics.counterPrefix(o, c)}evt/bogus`);
    out.add(topics.cmd(o, c, 'reboot')).add(topics.res(o, c, 'reboot'));
    out.add(topics.cmd(o, c, 'Bad_Name')).add(topics.res(o, c, 'Bad_Name'));
    out.add(`${topics.counterPrefix(o, c)}cmd/reboot/extra`).add(topics.counterPrefix(o, c).slice(0, -1));
    out.add(topics.alarm(o));
  }
  out.add('cg/v1/o1').add('cg/v2/o1/c01/state').add('other/topic');
  return [...out].sort();
}

/**
 * Where Mosquitto is knowingly looser than aedes (see central/broker/mosquitto-acl.ts); every
 * other (principal, topic, publish|receive) must agree exactly.
 */
function knownLooser(p: Principal & { username?: string }, topic: string, op: 'publish' | 'receive'): boolean {
  if (p.kind === 'central') return false;
  // Command names: Mosquitto has only `+`.
  const prefix = topics.counterPrefix(p.office, p.counter);
  return op === 'publish' && topic === `${prefix}res/Bad_Name`;
}

/** On aedes: may publish, or holds an allowed subscription (exact, or cmd/+) that matches the topic. */
function aedesAllows(p: Principal, topic: string, op: 'publish' | 'receive'): boolean {
  if (op === 'publish') return mayPublish(p, topic);
  const filters = p.kind === 'central' ? ['#'] : [topic, topics.cmd(p.office, p.counter, '+')];
  return filters.some((f) => maySubscribe(p, f) && matches(f, topic));
}

test('Mosquitto and acl.ts agree on every (principal, topic, publish|receive) of the table', async () => {
  await withMosquitto(async ({ a, b, connect }) => {
    const all = universe([a, b]);
    const principals: [string, Principal, { username: string; password: string }][] = [
      ['central', { kind: 'central' }, CENTRAL],
      ['A', { kind: 'gateway', username: a.username, office: a.office, counter: a.counter, role: a.role }, a],
      ['B', { kind: 'gateway', username: b.username, office: b.office, counter: b.counter, role: b.role }, b],
    ];
    // Central confined to cg/v1/# on Mosquitto where aedes lets it do anything: the table only
    // holds topics outside cg/v1 to check that gateways get none of them.
    const outsideRoot = (t: string) => !t.startsWith('cg/v1/');
    const observer = await connect(CENTRAL, { clientId: 'observer' });
    const seen = inbox(observer);
    await observer.subscribeAsync(['cg/v1/#', 'cg/v2/#', 'other/#'], { qos: 1 });
    const disagreements: string[] = [];
    for (const [name, p, creds] of principals) {
      const fence = p.kind === 'central' ? 'cg/v1/fence' : topics.health(p.office, p.counter);
      // publish: everything, then a fence the principal may publish; one publisher keeps order.
      const pub = await connect(creds, { clientId: `pub-${name}` });
      const start = seen.got.length;
      for (const t of all) await pub.publishAsync(t, `pub-${name}`, { qos: 1 });
      await pub.publishAsync(fence, `fence-${name}`, { qos: 1 });
      await seen.until(fence, `fence-${name}`);
      const published = new Set(seen.got.slice(start).filter((g) => g.payload === `pub-${name}`).map((g) => g.topic));
      // receive: subscribe to everything; the observer (central) publishes every topic, then a
      // fence on cfg, which every gateway reads.
      const sub = await connect(creds, { clientId: `sub-${name}` });
      const box = inbox(sub);
      await sub.subscribeAsync(['#'], { qos: 1 });
      const subFence = p.kind === 'central' ? 'cg/v1/fence' : topics.cfg(p.office, p.counter);
      for (const t of all) await observer.publishAsync(t, `to-${name}`, { qos: 1 });
      await observer.publishAsync(subFence, `fence-${name}`, { qos: 1 });
      await box.until(subFence, `fence-${name}`);
      const received = new Set(box.got.filter((g) => g.payload === `to-${name}`).map((g) => g.topic));
      for (const t of all) {
        for (const [op, mosq] of [['publish', published.has(t)], ['receive', received.has(t)]] as const) {
          const aedes = p.kind === 'central' && outsideRoot(t) ? false : aedesAllows(p, t, op);
          const expected = knownLooser(p, t, op) ? true : aedes;
          if (mosq !== expected) disagreements.push(`${name} ${op} ${t}: mosquitto ${mosq}, expected ${expected} (acl.ts ${aedes})`);
        }
      }
      // The exceptions stay exceptions: acl.ts must still refuse them.
      for (const t of all) if (knownLooser(p, t, 'publish')) assert.not.ok(mayPublish(p, t), t);
    }
    assert.equal(disagreements, []);
  });
});

test('revoke, export again, SIGHUP: the new rules apply to a gateway that is still connected', async () => {
  const core = await makeCore();
  let m: PrivateMosquitto | null = null;
  const clients: MqttClient[] = [];
  try {
    const a = core.registry.provision('o1', 'c01', 'counter');
    const exportAcl = () => mosquittoAcl({ gateways: core.registry.list().filter((g) => !g.revoked), centralUsername: CENTRAL.username });
    const first = exportAcl();
    const c = core.registry.provision('o1', 'c02', 'counter');
    m = await startMosquitto({ acl: first, users: [CENTRAL, a, c] });
    const url = m.url;
    const connect = async (who: { username: string; password: string }) => {
      const client = await mqtt.connectAsync(url, { username: who.username, password: who.password, reconnectPeriod: 0 });
      clients.push(client);
      return client;
    };
    const central = await connect(CENTRAL);
    const box = inbox(central);
    await central.subscribeAsync('cg/v1/#', { qos: 1 });
    const gwA = await connect(a);
    const gwC = await connect(c);
    await gwA.publishAsync(topics.state('o1', 'c01'), 'before', { qos: 1 });
    await box.until(topics.state('o1', 'c01'), 'before');

    core.registry.revoke('o1', 'c01');
    m.reloadAcl(exportAcl());
    // C, absent from the first export, getting through shows that Mosquitto has reloaded.
    let reloaded = false;
    for (let i = 0; i < 150 && !reloaded; i++) {
      await gwC.publishAsync(topics.state('o1', 'c02'), 'ping', { qos: 1 });
      reloaded = box.got.some((g) => g.topic === topics.state('o1', 'c02'));
      if (!reloaded) await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(reloaded, 'the reloaded acl_file lets the new gateway publish');
    assert.ok(gwA.connected, 'Mosquitto keeps the revoked gateway connected (the password file still has it)');
    await gwA.publishAsync(topics.state('o1', 'c01'), 'after', { qos: 1 });
    await gwC.publishAsync(topics.health('o1', 'c02'), 'fence', { qos: 1 });
    await box.until(topics.health('o1', 'c02'), 'fence');
    assert.not.ok(box.got.some((g) => g.payload === 'after'), 'the revoked gateway is shut out');
  } finally {
    await Promise.all(clients.map((x) => x.endAsync(true)));
    await m?.stop();
    core.db.close();
  }
});

test.run();
