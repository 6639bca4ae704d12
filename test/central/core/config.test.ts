import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import { loadCentralConfig, parseConfig } from '../../../config/load.ts';
import { CentralConfigSchema } from '../../../config/schema.ts';
import { resolvePolicy } from '../../../central/alarms/policy.ts';

const EXAMPLE = fileURLToPath(new URL('../../../config/central.example.json', import.meta.url));

test('config/central.example.json is valid: one office, two counters, embedded broker off 1883', () => {
  const cfg = loadCentralConfig(EXAMPLE);
  assert.is(cfg.offices.length, 1);
  assert.is(cfg.offices[0]?.counters.length, 2);
  assert.is(cfg.mqtt.embedded, true);
  assert.is.not(cfg.mqtt.port, 1883);
  assert.is(cfg.bootstrapAdmin.passwordEnv, 'CG_ADMIN_PASSWORD');
  assert.equal(resolvePolicy(cfg.alarms, cfg.offices[0]?.alarms).rules, { dissatisfied: 'major', 'very-dissatisfied': 'critical' });
});

test('a typo in the central config fails at start naming the field', () => {
  assert.throws(
    () => parseConfig(CentralConfigSchema, { http: { prot: 8080 } }, 'test.json'),
    (err: { code: string; message: string }) => err.code === 'CG_CONFIG_INVALID' && err.message.includes('/http'),
  );
  assert.throws(
    () => parseConfig(CentralConfigSchema, { offices: [{ id: 'Bad Id', name: 'x', counters: [] }] }, 'test.json'),
    (err: { code: string; message: string }) => err.code === 'CG_CONFIG_INVALID' && err.message.includes('/offices/0/id'),
  );
});

test.run();
