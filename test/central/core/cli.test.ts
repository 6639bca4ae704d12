import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/countergate.js', import.meta.url));

test('countergate central --config FILE prints its URLs, serves, and stops cleanly on SIGTERM', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cg-central-cli-'));
  try {
    const config = join(dir, 'central.json');
    writeFileSync(
      config,
      JSON.stringify({
        dataDir: join(dir, 'data'),
        http: { port: 0 },
        mqtt: { port: 0 },
        offices: [{ id: 'o1', name: '一所', counters: [{ id: 'c01', name: '1 號' }] }],
        log: { level: 'warn' },
      }),
    );
    const child = spawn(process.execPath, [BIN, 'central', '--config', config], {
      env: { ...process.env, CG_ADMIN_PASSWORD: 'cli-admin-password' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const httpUrl = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        const m = /central\s+(http:\/\/\S+?)\/?\n/.exec(out);
        if (m && /mqtt\s+mqtt:\/\//.test(out)) resolve(m[1] as string);
      });
      void exited.then((code) => reject(new Error(`exited ${code} before printing URLs: ${out} ${err}`)));
    });
    const res = await fetch(`${httpUrl}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'cli-admin-password' }),
    });
    assert.is(res.status, 200, 'bootstrap admin from the env var');
    child.kill('SIGTERM');
    assert.is(await exited, 0, err);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('countergate central with a bad config fails with CG_CONFIG_INVALID naming the field', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cg-central-cli-'));
  try {
    const config = join(dir, 'central.json');
    writeFileSync(config, JSON.stringify({ http: { port: 'eighty' } }));
    const child = spawn(process.execPath, [BIN, 'central', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.is(code, 1);
    assert.match(err, 'CG_CONFIG_INVALID');
    assert.match(err, '/http/port');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
