/**
 * Nothing is lost and nothing counted twice when central (and its broker) goes away while
 * residents keep pressing, and the counter box itself restarts before central is back.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Central } from '../../central/app.ts';
import type { Gateway } from '../../gateway/app.ts';
import {
  addPeople,
  centralConfig,
  countEvents,
  PASSWORD,
  startTestCentral,
  startTestGateway,
  tempDir,
  until,
} from './harness.ts';

const OFFICE = 'beitun';

test('events made during a central outage and a gateway restart arrive once, in order', async () => {
  const dir = tempDir('cg-outage-');
  let central: Central | undefined;
  let gateway: Gateway | undefined;
  try {
    central = await startTestCentral(centralConfig(`${dir.path}/central`, OFFICE, ['c01']));
    await addPeople(central, OFFICE);
    const creds = central.gateways.provision(OFFICE, 'c01', 'counter');
    const urls = { httpUrl: central.httpUrl, mqttUrl: central.mqttUrl };
    const gwOpts = { office: OFFICE, counter: 'c01', dataDir: `${dir.path}/c01` };
    gateway = await startTestGateway(urls, creds, gwOpts);
    await until('online', () => gateway?.controller.status().online === true);
    await gateway.controller.signIn('clerk01', PASSWORD);
    await gateway.controller.completeCase('receipt', 'case-1');
    gateway.controller.simulatePress('very-dissatisfied');
    await until('first rating stored', () => countEvents(central as Central, 'rating') === 1);

    // Central goes down; the counter keeps working.
    await central.close();
    central = undefined;
    await until('gateway sees the outage', () => gateway?.controller.status().online === false);
    await gateway.controller.completeCase('notice', 'case-2');
    gateway.controller.simulatePress('dissatisfied');
    await gateway.controller.completeCase('receipt', 'case-3');
    await gateway.controller.press('satisfied', 'screen');
    assert.ok(gateway.controller.status().outboxPending >= 4, 'events wait in the outbox');

    // The box restarts while central is still away: the outbox is on disk.
    await gateway.close();
    gateway = await startTestGateway(urls, creds, gwOpts);
    assert.ok(gateway.controller.status().outboxPending >= 4, 'still waiting after the restart');

    // Central comes back on the same addresses.
    const port = (u: string) => Number(new URL(u).port);
    const back = centralConfig(`${dir.path}/central`, OFFICE, ['c01'], {});
    back.http.port = port(urls.httpUrl);
    back.mqtt.port = port(urls.mqttUrl);
    central = await startTestCentral(back);
    await until('outbox drained', () => gateway?.controller.status().outboxPending === 0, 10_000);
    const c = central;
    await until('all ratings stored', () => countEvents(c, 'rating') === 3, 5000);
    assert.is(countEvents(c, 'case'), 3);

    const rows = c.db
      .prepare("SELECT case_id AS caseId, level, seq FROM events WHERE kind = 'rating' ORDER BY seq")
      .all() as { caseId: string; level: string; seq: number }[];
    assert.equal(
      rows.map((r) => [r.caseId, r.level]),
      [
        ['case-1', 'very-dissatisfied'],
        ['case-2', 'dissatisfied'],
        ['case-3', 'satisfied'],
      ],
    );
    // Both unhappy presses belong to one open alarm at that counter: a burst, not a flood.
    const alarms = c.alarms.active(OFFICE);
    assert.is(alarms.length, 1);
    assert.is(alarms[0]?.pressCount, 2);
  } finally {
    await gateway?.close();
    await central?.close();
    dir.remove();
  }
});

test.run();
