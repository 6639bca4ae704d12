import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadGatewayConfig } from '../../config/load.ts';
import { topics } from '../../contract/topics.ts';
import { TestBroker, tempDir, waitFor } from './helpers.ts';

const root = new URL('../../', import.meta.url).pathname;

test('example configs are valid; the gateway password comes from ${CG_GATEWAY_PASSWORD}', () => {
  const before = process.env.CG_GATEWAY_PASSWORD;
  process.env.CG_GATEWAY_PASSWORD = 'from-env';
  try {
    const counter = loadGatewayConfig(join(root, 'config/gateway.example.json'));
    assert.is(counter.central.password, 'from-env');
    assert.is(counter.role, 'counter');
    assert.is(counter.rating.windowS, 30);
    const station = loadGatewayConfig(join(root, 'config/alarm-station.example.json'));
    assert.is(station.role, 'alarm-station');
    assert.is(station.central.password, 'from-env');
  } finally {
    if (before === undefined) delete process.env.CG_GATEWAY_PASSWORD;
    else process.env.CG_GATEWAY_PASSWORD = before;
  }
});

test('countergate gateway --config FILE runs until SIGTERM, then exits 0 and reports offline', async () => {
  const broker = await TestBroker.start();
  const dir = tempDir('cli');
  const example = JSON.parse(readFileSync(join(root, 'config/gateway.example.json'), 'utf8')) as Record<string, unknown>;
  const config = {
    ...example,
    office: 'o9',
    counter: 'c1',
    dataDir: join(dir, 'data'),
    central: { ...(example.central as object), mqttUrl: broker.url, httpUrl: 'http://127.0.0.1:9', username: 'gw' },
    http: { host: '127.0.0.1', port: 0 },
    log: { level: 'warn' },
  };
  const file = join(dir, 'gateway.json');
  writeFileSync(file, JSON.stringify(config));
  const child = spawn(process.execPath, [join(root, 'bin/countergate.js'), 'gateway', '--config', file], {
    env: { ...process.env, CG_GATEWAY_PASSWORD: 'secret' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const stateTopic = topics.state('o9', 'c1');
  const states = () => broker.sink.filter((p) => p.topic === stateTopic).map((p) => JSON.parse(p.payload) as { online: boolean });
  try {
    await waitFor(() => /kiosk at http:\/\/127\.0\.0\.1:\d+/.test(out), `startup line (output so far: ${out})`, 60_000);
    await waitFor(() => states().some((s) => s.online), 'online state');
    child.kill('SIGTERM');
    assert.is(await exited, 0, out);
    assert.is(states().at(-1)?.online, false);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await broker.stop();
  }
});

test('countergate gateway with a missing config file fails with a code and a hint', async () => {
  const child = spawn(process.execPath, [join(root, 'bin/countergate.js'), 'gateway', '--config', '/nonexistent/gw.json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  assert.is(code, 1);
  assert.match(err, /CG_CONFIG_UNREADABLE/);
  assert.match(err, /gateway\.example\.json/);
});

test.run();
