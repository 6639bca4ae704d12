/**
 * The alarm benchmark's central: a real central (embedded aedes, SQLite, fastify) in a process
 * of its own, so the counters' and the measuring consoles' work does not share its event loop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCentral } from '../../central/app.ts';
import { parseConfig } from '../../config/load.ts';
import { CentralConfigSchema } from '../../config/schema.ts';
import { createLogger } from '../../lib/logger.ts';
import type { CentralReady } from './protocol.ts';

const counters = Number(process.argv[2] ?? 100);
const perOffice = Number(process.argv[3] ?? 100);
const offices = Math.ceil(counters / perOffice);
const dir = mkdtempSync(join(tmpdir(), 'cg-bench-central-'));

const officeIds = Array.from({ length: offices }, (_, i) => `o${String(i + 1).padStart(3, '0')}`);
const counterIds = (o: number) =>
  Array.from({ length: Math.min(perOffice, counters - o * perOffice) }, (_, i) => `c${String(i + 1).padStart(4, '0')}`);

const config = parseConfig(
  CentralConfigSchema,
  {
    dataDir: dir,
    http: { host: '127.0.0.1', port: 0 },
    mqtt: { embedded: true, host: '127.0.0.1', port: 0 },
    alarms: { escalateAfterS: 0 },
    offices: officeIds.map((id, o) => ({
      id,
      name: `bench office ${id}`,
      counters: counterIds(o).map((c) => ({ id: c, name: c })),
    })),
    log: { level: 'warn' },
  },
  'the alarm benchmark',
);

const central = await startCentral(config, {
  logger: createLogger({ name: 'bench-central', level: 'warn' }),
  adminPassword: 'bench-admin-password',
});
const supervisors: CentralReady['supervisors'] = [];
for (const office of officeIds) {
  const username = `sup-${office}`;
  const password = `bench-${office}-password`;
  await central.accounts.createUser({ username, displayName: username, role: 'supervisor', office, password });
  supervisors.push({ office, username, password });
}
const gateways: CentralReady['gateways'] = [];
central.db.transaction(() => {
  officeIds.forEach((office, o) => {
    for (const counter of counterIds(o)) {
      gateways.push({ office, counter, ...central.gateways.provision(office, counter, 'counter', 'bench') });
    }
  });
})();

const ready: CentralReady = { type: 'central-ready', httpUrl: central.httpUrl, mqttUrl: central.mqttUrl, gateways, supervisors };
process.send?.(ready);
process.on('message', (m: { type: string }) => {
  if (m.type !== 'stop') return;
  void central.close().finally(() => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
});
