/**
 * The scale-out path: central and a counter talking through an external MQTT 3.1.1 broker
 * (the Mosquitto on 127.0.0.1:1883 of the development machines and CI) instead of the
 * embedded aedes. Office ids are random so parallel runs on one broker never meet.
 */
import { randomBytes } from 'node:crypto';
import { connect as tcpConnect } from 'node:net';
import mqtt from 'mqtt';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Central } from '../../central/app.ts';
import type { Gateway } from '../../gateway/app.ts';
import {
  addPeople,
  centralConfig,
  Console,
  countEvents,
  PASSWORD,
  signInCookie,
  startTestCentral,
  startTestGateway,
  tempDir,
  until,
} from './harness.ts';

const MOSQUITTO = 'mqtt://127.0.0.1:1883';

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = tcpConnect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

test('through Mosquitto: press → alarm on the console, stored once', async () => {
  if (!(await listening(1883))) {
    // The default run must pass on a machine without Mosquitto; CI and the dev machines have one.
    console.log('  (no MQTT broker on 127.0.0.1:1883: the Mosquitto system test did not run)');
    return;
  }
  const office = `m${randomBytes(4).toString('hex')}`;
  const dir = tempDir('cg-mosq-');
  let central: Central | undefined;
  let gateway: Gateway | undefined;
  let console_: Console | undefined;
  try {
    const config = centralConfig(`${dir.path}/central`, office, ['c01']);
    config.mqtt = { ...config.mqtt, embedded: false, url: MOSQUITTO };
    central = await startTestCentral(config, `cg-central-${office}`);
    assert.is(central.broker, null);
    assert.is(central.mqttUrl, MOSQUITTO);
    await addPeople(central, office);
    gateway = await startTestGateway(central, central.gateways.provision(office, 'c01', 'counter'), {
      office,
      counter: 'c01',
      dataDir: `${dir.path}/c01`,
    });
    console_ = await Console.open(central.httpUrl, office, await signInCookie(central.httpUrl, 'boss'));
    await until('online', () => gateway?.controller.status().online === true);
    await gateway.controller.signIn('clerk01', PASSWORD);
    await gateway.controller.completeCase('receipt');
    gateway.controller.simulatePress('dissatisfied');
    const alarm = await console_.next((a) => a.counter === 'c01');
    assert.is(alarm.severity, 'major');
    assert.is(alarm.clerk, 'clerk01');
    const c = central;
    await until('rating stored', () => countEvents(c, 'rating') === 1);
    // The gateway's retained state reached central through the broker.
    await until('gateway online in central', () =>
      c.gateways.list().some((g) => g.counter === 'c01' && g.status?.online === true),
    );
  } finally {
    console_?.close();
    await gateway?.close();
    await central?.close();
    // Leave no retained messages of this run on the shared broker.
    const client = await mqtt.connectAsync(MOSQUITTO);
    for (const t of [`cg/v1/${office}/c01/state`, `cg/v1/${office}/c01/health`, `cg/v1/${office}/c01/cfg`, `cg/v1/${office}/alarm`]) {
      await client.publishAsync(t, '', { retain: true, qos: 1 });
    }
    await client.endAsync();
    // …and no persistent session of this run's central.
    await (await mqtt.connectAsync(MOSQUITTO, { clientId: `cg-central-${office}`, clean: true })).endAsync();
    dir.remove();
  }
});

test.run();
