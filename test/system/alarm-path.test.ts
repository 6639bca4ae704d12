/**
 * The whole alarm path on real parts: a clerk signs in at a counter (checked by central), a
 * case is completed, the resident presses 非常不滿意 on the counter's (simulated) button, and the
 * supervisor's console and the alarm station at the desk react; acknowledging silences the
 * bell, resolving turns off the lamp.
 */
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

const OFFICE = 'xitun';

test('a press of 非常不滿意 rings the console and the desk; ack silences, resolve clears', async () => {
  const dir = tempDir('cg-system-');
  let central: Central | undefined;
  const gateways: Gateway[] = [];
  let console_: Console | undefined;
  try {
    central = await startTestCentral(centralConfig(`${dir.path}/central`, OFFICE, ['c01']));
    await addPeople(central, OFFICE);
    const counter = await startTestGateway(central, central.gateways.provision(OFFICE, 'c01', 'counter'), {
      office: OFFICE,
      counter: 'c01',
      dataDir: `${dir.path}/c01`,
    });
    gateways.push(counter);
    const station = await startTestGateway(central, central.gateways.provision(OFFICE, 'desk', 'alarm-station'), {
      office: OFFICE,
      counter: 'desk',
      role: 'alarm-station',
      dataDir: `${dir.path}/desk`,
    });
    gateways.push(station);
    const cookie = await signInCookie(central.httpUrl, 'boss');
    console_ = await Console.open(central.httpUrl, OFFICE, cookie);
    await until('both gateways online', () => counter.controller.status().online && station.controller.status().online);

    // A wrong password is refused by central; the right one signs the clerk in.
    const refused = await counter.controller.signIn('clerk01', 'wrong password').then(
      () => null,
      (err: { code?: string }) => err.code,
    );
    assert.is(refused, 'CG_AUTH_BAD_CREDENTIALS');
    await counter.controller.signIn('clerk01', PASSWORD);
    // No case, no rating.
    counter.controller.simulatePress('very-dissatisfied');
    await counter.controller.completeCase('receipt');
    counter.controller.simulatePress('very-dissatisfied');

    const raised = await console_.next((a) => a.counter === 'c01' && a.state === 'raised');
    assert.is(raised.clerk, 'clerk01');
    assert.is(raised.severity, 'critical');
    assert.is(raised.lastLevel, 'very-dissatisfied');
    const lamp = station.devices.lamp;
    const bell = station.devices.bell;
    await until('lamp and bell on', () => lamp?.get() === true && bell?.get() === true);

    const ack = await fetch(`${central.httpUrl}/api/alarms/${raised.id}/ack`, { method: 'POST', headers: { cookie } });
    assert.is(ack.status, 200);
    await console_.next((a) => a.id === raised.id && a.state === 'acknowledged' && a.acknowledgedBy === 'boss');
    await until('bell off, lamp still on', () => bell?.get() === false && lamp?.get() === true);

    const resolve = await fetch(`${central.httpUrl}/api/alarms/${raised.id}/resolve`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ note: '已向民眾說明並致歉' }),
    });
    assert.is(resolve.status, 200);
    await console_.next((a) => a.id === raised.id && a.state === 'resolved');
    await until('lamp off', () => lamp?.get() === false);

    // Stored once each: the press before the case was ignored, not rated.
    await until('events stored', () => countEvents(central as Central, 'rating') === 1);
    assert.is(countEvents(central, 'case'), 1);
    await until('ignored press stored', () => countEvents(central as Central, 'press-ignored') === 1);
  } finally {
    console_?.close();
    for (const g of gateways.reverse()) await g.close();
    await central?.close();
    dir.remove();
  }
});

test.run();
