import { test } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { silentLogger } from '../../lib/logger.ts';
import { startGatewayHttp } from '../../gateway/http/server.ts';
import { FakeCounter, sampleAlarm } from './http-fake-controller.ts';

/** Collects parsed messages; next() waits for the following one. */
function inbox(ws: WebSocket) {
  const queue: unknown[] = [];
  const waiters: ((m: unknown) => void)[] = [];
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data));
    const w = waiters.shift();
    if (w) w(msg);
    else queue.push(msg);
  });
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test messages are read field by field
    next: () => new Promise<any>((resolve) => (queue.length ? resolve(queue.shift()) : waiters.push(resolve))),
  };
}

/** Waits for a condition that becomes true through I/O; gives up after 5 s (the assertion then fails). */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 250 && !cond(); i++) await new Promise((r) => setTimeout(r, 20));
}

const opened = (ws: WebSocket) =>
  new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });

test('/ws sends the status on connect and on every change', async () => {
  const fake = new FakeCounter();
  const server = await startGatewayHttp({ controller: fake, host: '127.0.0.1', port: 0, logger: silentLogger });
  const wsUrl = server.url.replace('http:', 'ws:') + '/ws';
  const ws = new WebSocket(wsUrl, { origin: server.url });
  const box = inbox(ws);
  await opened(ws);
  const first = await box.next();
  assert.is(first.type, 'status');
  assert.is(first.status.state, 'signed-out');
  assert.ok(Math.abs(Date.parse(first.now) - Date.now()) < 60_000, 'now is the gateway clock');

  await fake.signIn('clerk01', 'pw-clerk01');
  const second = await box.next();
  assert.is(second.status.state, 'idle');
  assert.equal(second.status.clerk, { username: 'clerk01', displayName: '王小明' });

  await fake.completeCase('receipt', 'A-1');
  const third = await box.next();
  assert.is(third.status.state, 'window-open');
  assert.is(third.status.window.caseId, 'A-1');

  fake.update({ alarms: [sampleAlarm()] });
  const fourth = await box.next();
  assert.is(fourth.status.alarms[0].lastLevel, 'very-dissatisfied', 'an alarm station’s alarms pass through');

  ws.close();
  await new Promise((r) => ws.once('close', r));
  fake.close();
  await server.close();
});

test('a closed screen stops listening; closing the server ends open screens', async () => {
  const fake = new FakeCounter();
  const server = await startGatewayHttp({ controller: fake, host: '127.0.0.1', port: 0, logger: silentLogger });
  const wsUrl = server.url.replace('http:', 'ws:') + '/ws';
  const a = new WebSocket(wsUrl);
  const b = new WebSocket(wsUrl);
  const boxA = inbox(a);
  const boxB = inbox(b);
  await Promise.all([opened(a), opened(b), boxA.next(), boxB.next()]);
  assert.is(fake.listenerCount(), 2);
  a.close();
  await new Promise((r) => a.once('close', r));
  // The server notices the close asynchronously; wait for it (bounded), then b still gets pushes.
  await until(() => fake.listenerCount() === 1);
  assert.is(fake.listenerCount(), 1);
  fake.update({ outboxPending: 5 });
  assert.is((await boxB.next()).status.outboxPending, 5);
  const closed = new Promise((r) => b.once('close', r));
  await server.close();
  await closed;
  assert.is(fake.listenerCount(), 0);
});

test('/ws refuses another site (cross-site WebSocket) and foreign Host names', async () => {
  const fake = new FakeCounter();
  const server = await startGatewayHttp({ controller: fake, host: '127.0.0.1', port: 0, logger: silentLogger });
  const wsUrl = server.url.replace('http:', 'ws:') + '/ws';
  for (const headers of [{ origin: 'http://evil.example' }, { host: 'evil.example' }]) {
    const ws = new WebSocket(wsUrl, { headers });
    const status = await new Promise<number>((resolve) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => resolve(101));
    });
    assert.is(status, 403, JSON.stringify(headers));
    ws.on('error', () => {});
    ws.terminate();
  }
  assert.is(fake.listenerCount(), 0);
  await server.close();
});

test.run();
