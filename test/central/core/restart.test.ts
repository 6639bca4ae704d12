import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { startCentral } from '../../../central/app.ts';
import type { CounterConfig } from '../../../contract/messages.ts';
import { silentLogger } from '../../../lib/logger.ts';
import { FAST_SCRYPT, testConfig } from './helpers.ts';

async function retainedCfg(url: string, creds: { username: string; password: string }): Promise<CounterConfig> {
  const c = await mqtt.connectAsync(url, { ...creds, reconnectPeriod: 0 });
  try {
    const got = new Promise<CounterConfig>((resolve) => c.once('message', (_t, p) => resolve(JSON.parse(p.toString()))));
    await c.subscribeAsync('cg/v1/o1/c01/cfg', { qos: 1 });
    return await got;
  } finally {
    await c.endAsync();
  }
}

test('a restart keeps accounts and gateways, migrates once, and raises the cfg version only on change', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cg-central-restart-'));
  const opts = { logger: silentLogger, scrypt: FAST_SCRYPT };
  try {
    const base = { dataDir: dir, database: {} };
    const first = await startCentral(testConfig(base), { ...opts, adminPassword: 'first-password' });
    const creds = first.gateways.provision('o1', 'c01', 'counter');
    assert.equal(await retainedCfg(first.mqttUrl, creds), { version: 1, ratingWindowS: 30, voicePrompt: true });
    first.db.prepare(`INSERT INTO gateway_status (office, counter, online, updated_at) VALUES ('o1', 'c02', 1, 'x')`).run();
    await first.close();

    const second = await startCentral(testConfig(base), { ...opts, adminPassword: 'ignored-now' });
    assert.ok(await second.accounts.verify('admin', 'first-password'), 'the first admin is kept, not re-created');
    assert.is(await second.accounts.verify('admin', 'ignored-now'), null);
    const migrations = second.db.prepare('SELECT name FROM schema_migrations ORDER BY name').all() as { name: string }[];
    assert.is(new Set(migrations.map((m) => m.name)).size, migrations.length);
    assert.ok(migrations.some((m) => m.name === '001_core.sql'));
    assert.equal(await retainedCfg(second.mqttUrl, creds), { version: 1, ratingWindowS: 30, voicePrompt: true });
    const status = second.db.prepare(`SELECT online FROM gateway_status WHERE counter = 'c02'`).get() as { online: number };
    assert.is(status.online, 0, 'nobody is online before reconnecting');
    await second.close();

    const third = await startCentral(testConfig({ ...base, ratingWindowS: 45 }), opts);
    assert.equal(await retainedCfg(third.mqttUrl, creds), { version: 2, ratingWindowS: 45, voicePrompt: true });
    await third.close();

    const fourth = await startCentral(testConfig({ ...base, ratingWindowS: 45, voicePrompt: false }), opts);
    assert.equal(await retainedCfg(fourth.mqttUrl, creds), { version: 3, ratingWindowS: 45, voicePrompt: false });
    await fourth.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
