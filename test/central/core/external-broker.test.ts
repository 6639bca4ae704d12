import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { startCentral } from '../../../central/app.ts';
import { silentLogger } from '../../../lib/logger.ts';
import { FAST_SCRYPT, testConfig } from './helpers.ts';

/**
 * External broker mode against the Mosquitto of the development machines (127.0.0.1:1883).
 * Registered only when one answers, so that the default run passes without it.
 */
const MOSQUITTO = 'mqtt://127.0.0.1:1883';

async function reachable(): Promise<boolean> {
  try {
    const c = await mqtt.connectAsync(MOSQUITTO, { reconnectPeriod: 0, connectTimeout: 1500 });
    await c.endAsync();
    return true;
  } catch {
    return false;
  }
}

if (await reachable()) {
  test('with mqtt.embedded false central ingests from an external broker, exactly once', async () => {
    const run = randomBytes(4).toString('hex');
    const office = `t${run}`;
    const clientId = `cg-central-test-${run}`;
    const config = testConfig({
      mqtt: { embedded: false, url: MOSQUITTO },
      offices: [{ id: office, name: '測試所', counters: [{ id: 'c01', name: '1 號' }, { id: 'c02', name: '2 號' }] }],
    });
    const central = await startCentral(config, { logger: silentLogger, adminPassword: 'admin-password-1', scrypt: FAST_SCRYPT, mqttClientId: clientId });
    const pub = await mqtt.connectAsync(MOSQUITTO, { reconnectPeriod: 0 });
    try {
      assert.is(central.mqttUrl, MOSQUITTO);
      assert.is(central.broker, null);
      central.gateways.provision(office, 'c01', 'counter');
      const ev = {
        id: `${office}.c01.b.1`,
        seq: 1,
        ts: new Date().toISOString(),
        clerk: 'clerk1',
        caseId: 'k1',
        outcome: 'notice',
        windowS: 30,
      };
      for (let i = 0; i < 3; i++) await pub.publishAsync(`cg/v1/${office}/c01/evt/case`, JSON.stringify(ev), { qos: 1 });
      // c02 has no provisioned gateway: whoever publishes there on a shared broker is not counted.
      const stranger = { ...ev, id: `${office}.c02.b.1` };
      await pub.publishAsync(`cg/v1/${office}/c02/evt/case`, JSON.stringify(stranger), { qos: 1 });
      const fence = { ...ev, id: `${office}.c01.b.2`, seq: 2 };
      await pub.publishAsync(`cg/v1/${office}/c01/evt/case`, JSON.stringify(fence), { qos: 1 });
      const count = (id: string) => (central.db.prepare('SELECT COUNT(*) AS n FROM events WHERE id = ?').get(id) as { n: number }).n;
      for (let i = 0; i < 500 && count(fence.id) === 0; i++) await new Promise((r) => setTimeout(r, 10));
      assert.is(count(fence.id), 1);
      assert.is(count(ev.id), 1);
      assert.is(count(stranger.id), 0);
    } finally {
      await central.close();
      // Leave the shared broker as found: no retained test messages, no persistent session.
      for (const topic of [`cg/v1/${office}/c01/cfg`, `cg/v1/${office}/alarm`]) {
        await pub.publishAsync(topic, '', { qos: 1, retain: true });
      }
      await pub.endAsync();
      const wipe = await mqtt.connectAsync(MOSQUITTO, { clientId, clean: true, reconnectPeriod: 0 });
      await wipe.endAsync();
    }
  });
}

test.run();
