import { test } from 'uvu';
import * as assert from 'uvu/assert';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import { startCentral, type Central } from '../../../central/app.ts';
import type { AlarmBroadcast, CounterConfig } from '../../../contract/messages.ts';
import { FAST_SCRYPT, testConfig } from './helpers.ts';

const logs: { level: number; msg: string; reason?: string; topic?: string }[] = [];
const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
let central: Central;
const clients: MqttClient[] = [];

/** Waits for a condition that an asynchronous path (MQTT → ingest) makes true. */
async function until<T>(what: string, probe: () => T | undefined | null | false): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const v = probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never happened: ${what}`);
}

async function gatewayClient(creds: { username: string; password: string }, office: string, counter: string) {
  const c = await mqtt.connectAsync(central.mqttUrl, {
    ...creds,
    reconnectPeriod: 0,
    protocolVersion: 4,
    will: { topic: `cg/v1/${office}/${counter}/state`, payload: Buffer.from('{}'), qos: 1, retain: true },
  });
  clients.push(c);
  return c;
}

const rating = (seq: number, level = 'very-dissatisfied') => ({
  id: `o1.c01.boot1.${seq}`,
  seq,
  ts: new Date().toISOString(),
  clerk: 'clerk1',
  caseId: `case-${seq}`,
  level,
  source: 'button',
  afterMs: 1200,
});
const caseEvent = (seq: number) => ({
  id: `o1.c01.boot1.${seq}`,
  seq,
  ts: new Date().toISOString(),
  clerk: 'clerk1',
  caseId: `case-${seq}`,
  outcome: 'receipt',
  windowS: 30,
});
const eventCount = (id: string) => (central.db.prepare('SELECT COUNT(*) AS n FROM events WHERE id = ?').get(id) as { n: number }).n;

test.before(async () => {
  central = await startCentral(testConfig(), { logger, adminPassword: 'admin-password-1', scrypt: FAST_SCRYPT });
});

test.after(async () => {
  for (const c of clients) await c.endAsync(true);
  await central.close();
});

test('starts on ephemeral ports, bootstraps the admin, and answers HTTP', async () => {
  assert.match(central.httpUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.match(central.mqttUrl, /^mqtt:\/\/127\.0\.0\.1:\d+$/);
  assert.is.not(central.mqttUrl, 'mqtt://127.0.0.1:1883');
  const res = await fetch(`${central.httpUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'admin-password-1' }),
  });
  assert.is(res.status, 200);
  assert.match(res.headers.get('set-cookie') ?? '', /cg_session=.*HttpOnly.*SameSite=Strict/);
});

test('a provisioned gateway gets its retained cfg and its state reaches gateway_status', async () => {
  const creds = central.gateways.provision('o1', 'c01', 'counter');
  const gw = await gatewayClient(creds, 'o1', 'c01');
  const cfg = new Promise<CounterConfig>((resolve) => gw.once('message', (_t, p) => resolve(JSON.parse(p.toString()))));
  await gw.subscribeAsync('cg/v1/o1/c01/cfg', { qos: 1 });
  assert.equal(await cfg, { version: 1, ratingWindowS: 30, voicePrompt: true });
  await gw.publishAsync(
    'cg/v1/o1/c01/state',
    JSON.stringify({ online: true, version: '0.1.0', startedAt: new Date().toISOString(), role: 'counter' }),
    { qos: 1, retain: true },
  );
  await gw.publishAsync('cg/v1/o1/c01/cfg/applied', JSON.stringify({ version: 1, appliedAt: new Date().toISOString(), ok: true }), { qos: 1 });
  const st = await until('status online', () => {
    const s = central.gateways.list().find((g) => g.counter === 'c01')?.status;
    return s?.online && s.cfgVersionApplied === 1 ? s : null;
  });
  assert.is(st.version, '0.1.0');
});

test('the same event published three times is stored once and raises one alarm', async () => {
  const gw = clients[0] as MqttClient;
  const ev = JSON.stringify(rating(1));
  for (let i = 0; i < 3; i++) await gw.publishAsync('cg/v1/o1/c01/evt/rating', ev, { qos: 1 });
  // A later event on the same connection is a fence: once it is stored, the three were handled.
  await gw.publishAsync('cg/v1/o1/c01/evt/case', JSON.stringify(caseEvent(2)), { qos: 1 });
  await until('fence stored', () => eventCount('o1.c01.boot1.2') === 1);
  assert.is(eventCount('o1.c01.boot1.1'), 1);
  const row = central.db.prepare('SELECT office, counter, kind, clerk, level, case_id FROM events WHERE id = ?').get('o1.c01.boot1.1');
  assert.equal(row, { office: 'o1', counter: 'c01', kind: 'rating', clerk: 'clerk1', level: 'very-dissatisfied', case_id: 'case-1' });
  const active = central.alarms.active('o1');
  assert.is(active.length, 1);
  assert.is(active[0]?.pressCount, 1);
  assert.is(active[0]?.lastEventId, 'o1.c01.boot1.1');
});

test('an event is on disk by the time its gateway receives the PUBACK', async () => {
  const gw = clients[0] as MqttClient;
  await gw.publishAsync('cg/v1/o1/c01/evt/case', JSON.stringify(caseEvent(50)), { qos: 1 });
  // No waiting: the gateway marks the event sent on this PUBACK, so it must already be stored.
  assert.is(eventCount('o1.c01.boot1.50'), 1);
});

test('an invalid payload is logged with its reason and dropped; ingestion goes on', async () => {
  const gw = clients[0] as MqttClient;
  const bad = { ...rating(3), level: 'furious' };
  await gw.publishAsync('cg/v1/o1/c01/evt/rating', JSON.stringify(bad), { qos: 1 });
  await gw.publishAsync('cg/v1/o1/c01/evt/rating', 'not json at all', { qos: 1 });
  await gw.publishAsync('cg/v1/o1/c01/evt/case', JSON.stringify(caseEvent(4)), { qos: 1 });
  await until('fence stored', () => eventCount('o1.c01.boot1.4') === 1);
  assert.is(eventCount('o1.c01.boot1.3'), 0);
  const dropped = logs.filter((l) => l.msg === 'invalid message dropped' && l.topic === 'cg/v1/o1/c01/evt/rating');
  assert.is(dropped.length, 2);
  assert.match(dropped[0]?.reason ?? '', '/level');
  assert.match(dropped[1]?.reason ?? '', 'not JSON');
  assert.is(central.alarms.active('o1').length, 1, 'no alarm from the bad payload');
});

test('commands travel as cmd/res with the transaction id', async () => {
  const gw = clients[0] as MqttClient;
  await gw.subscribeAsync('cg/v1/o1/c01/cmd/+', { qos: 1 });
  gw.on('message', (topic, payload) => {
    const m = /\/cmd\/([a-z-]+)$/.exec(topic);
    if (!m) return;
    const { tx, args } = JSON.parse(payload.toString()) as { tx: string; args: unknown };
    gw.publish(`cg/v1/o1/c01/res/${m[1]}`, JSON.stringify({ tx, ok: true, result: { echo: args } }), { qos: 1 });
  });
  const res = await central.gateways.command('o1', 'c01', 'ping', { n: 7 }, 5000);
  assert.equal(res.result, { echo: { n: 7 } });
  assert.is(res.ok, true);
  await central.gateways.command('o2', 'c01', 'ping').then(
    () => assert.unreachable('no gateway there'),
    (err: { code: string }) => assert.is(err.code, 'CG_GATEWAY_NOT_FOUND'),
  );
});

test('an alarm station reads the retained alarm broadcast of its office', async () => {
  const creds = central.gateways.provision('o1', 'alarm', 'alarm-station');
  const st = await gatewayClient(creds, 'o1', 'alarm');
  const msg = new Promise<AlarmBroadcast>((resolve) => st.once('message', (_t, p) => resolve(JSON.parse(p.toString()))));
  await st.subscribeAsync('cg/v1/o1/alarm', { qos: 1 });
  const b = await msg;
  assert.is(b.office, 'o1');
  assert.is(b.active.length, 1);
  assert.is(b.active[0]?.counter, 'c01');
});

test('composition: the alarm, stats and web routes answer behind the core sessions', async () => {
  await central.accounts.createUser({ username: 'sup1', displayName: '主管', role: 'supervisor', office: 'o1', password: 'supervisor-pw-1' });
  const login = await fetch(`${central.httpUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'sup1', password: 'supervisor-pw-1' }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const alarms = await fetch(`${central.httpUrl}/api/alarms?office=o1`, { headers: { cookie } });
  assert.is(alarms.status, 200);
  assert.is(((await alarms.json()) as { alarms: unknown[] }).alarms.length, 1);
  assert.is((await fetch(`${central.httpUrl}/api/alarms?office=o2`, { headers: { cookie } })).status, 403);
  assert.is((await fetch(`${central.httpUrl}/api/alarms?office=o1`)).status, 401);
  assert.is((await fetch(`${central.httpUrl}/api/stats?office=o1&groupBy=counter&period=day`, { headers: { cookie } })).status, 200);
  const page = await fetch(`${central.httpUrl}/console`);
  assert.is(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', 'text/html');
});

test('re-provisioning drops the live connection that used the old secret', async () => {
  const gw = clients[0] as MqttClient;
  const closed = new Promise<void>((resolve) => gw.once('close', () => resolve()));
  central.gateways.provision('o1', 'c01', 'counter');
  await closed;
  assert.not.ok(gw.connected);
});

test.run();
