import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AlarmView } from '../../contract/messages.ts';
import { topics } from '../../contract/topics.ts';
import { startGateway } from '../../gateway/app.ts';
import { AlarmStation } from '../../gateway/station.ts';
import { createDevices } from '../../devices/factory.ts';
import type { SimulatedOutput } from '../../devices/outputs/simulated.ts';
import { isCountergateError } from '../../lib/errors.ts';
import { silentLogger } from '../../lib/logger.ts';
import { TestBroker, gatewayConfig, tempDir, waitFor } from './helpers.ts';

const OFFICE = 'o7';
let tsCounter = Date.parse('2026-03-01T08:00:00.000Z');
const nextTs = () => new Date((tsCounter += 1000)).toISOString();

function alarm(id: string, state: AlarmView['state']): AlarmView {
  const at = '2026-03-01T08:00:00.000Z';
  return {
    id,
    office: OFFICE,
    counter: 'c1',
    clerk: 'ann',
    severity: 'critical',
    state,
    raisedAt: at,
    updatedAt: at,
    pressCount: 1,
    lastLevel: 'very-dissatisfied',
    lastEventId: `${OFFICE}.c1.b.${id}`,
    lastPressAt: at,
    escalations: 0,
  };
}
const broadcast = (active: AlarmView[], office = OFFICE) => ({ ts: nextTs(), office, active });

function station() {
  const devices = createDevices({}, 'alarm-station', silentLogger);
  const s = new AlarmStation({ office: OFFICE, counter: 'desk', devices, logger: silentLogger });
  s.start();
  const lamp = devices.lamp as SimulatedOutput;
  const bell = devices.bell as SimulatedOutput;
  const send = async (payload: unknown) => {
    s.onBroadcast(Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)));
    await s.settled();
  };
  return { s, lamp, bell, send };
}

test('lamp while any alarm is open, bell while any is raised; both off when all are resolved', async () => {
  const { s, lamp, bell, send } = station();
  assert.equal([lamp.get(), bell.get()], [false, false]);
  await send(broadcast([alarm('a1', 'raised')]));
  assert.equal([lamp.get(), bell.get()], [true, true]);
  assert.equal(s.status().alarms?.map((a) => a.id), ['a1']);
  await send(broadcast([alarm('a1', 'acknowledged')]));
  assert.equal([lamp.get(), bell.get()], [true, false], 'acknowledged: the bell stops, the lamp stays');
  await send(broadcast([alarm('a1', 'acknowledged'), alarm('a2', 'raised')]));
  assert.equal([lamp.get(), bell.get()], [true, true], 'a second alarm rings again');
  await send(broadcast([alarm('a1', 'resolved'), alarm('a2', 'acknowledged')]));
  assert.equal([lamp.get(), bell.get()], [true, false]);
  assert.equal(s.status().alarms?.map((a) => a.id), ['a2'], 'resolved alarms leave the list');
  await send(broadcast([]));
  assert.equal([lamp.get(), bell.get()], [false, false]);
  assert.equal(
    bell.history.map((h) => h.on),
    [true, false, true, false],
  );
});

test('bad broadcasts are dropped: not JSON, wrong shape, other office, older than the last one', async () => {
  const { lamp, bell, send } = station();
  await send(broadcast([alarm('a1', 'raised')]));
  const stale = broadcast([]);
  stale.ts = '2026-01-01T00:00:00.000Z';
  await send('{oops');
  await send({ ts: nextTs(), office: OFFICE, active: [{ id: 'x' }] });
  await send(broadcast([], 'other-office'));
  await send(stale);
  await send('');
  assert.equal([lamp.get(), bell.get()], [true, true], 'the alarm is still shown');
});

test('counter actions on an alarm station answer CG_ROLE_UNSUPPORTED / CG_SIM_UNAVAILABLE', async () => {
  const { s } = station();
  for (const call of [() => s.signIn(), () => s.completeCase(), () => s.signOut(), () => s.press('satisfied')]) {
    try {
      await call();
      assert.unreachable();
    } catch (err) {
      assert.ok(isCountergateError(err) && err.code === 'CG_ROLE_UNSUPPORTED' && err.statusCode === 409);
    }
  }
  assert.throws(() => s.simulatePress('satisfied'), (e: unknown) => isCountergateError(e) && e.statusCode === 404);
  assert.is(s.status().role, 'alarm-station');
});

test('through MQTT: the station follows the retained broadcast and keeps the last state when the broker goes away', async () => {
  const broker = await TestBroker.start();
  const gw = await startGateway(
    gatewayConfig({
      office: OFFICE,
      counter: 'desk',
      role: 'alarm-station',
      mqttUrl: broker.url,
      httpUrl: 'http://127.0.0.1:9',
      dataDir: tempDir('station'),
    }),
    { logger: silentLogger, reconnect: { minMs: 50, maxMs: 200 } },
  );
  const lamp = gw.devices.lamp as SimulatedOutput;
  const bell = gw.devices.bell as SimulatedOutput;
  let stopped = false;
  try {
    // Retained before the station subscribes: it must see it on subscription.
    await broker.publish(topics.alarm(OFFICE), broadcast([alarm('a1', 'raised')]), true);
    await waitFor(() => lamp.get() && bell.get(), 'lamp and bell on');
    assert.equal(gw.controller.status().alarms?.map((a) => a.state), ['raised']);
    await broker.publish(topics.alarm(OFFICE), broadcast([alarm('a1', 'acknowledged')]), true);
    await waitFor(() => !bell.get(), 'bell off after acknowledgement');
    assert.ok(lamp.get());
    await broker.stop();
    stopped = true;
    await waitFor(() => !gw.controller.status().online, 'offline');
    assert.equal([lamp.get(), bell.get()], [true, false], 'last state kept while disconnected');
  } finally {
    await gw.close();
    if (!stopped) await broker.stop();
  }
});

test.run();
