/**
 * The console's live connection in a real Chromium, against the real pages (webRoutes) and a
 * scripted /ws/alarms: when the socket drops the page says so, reconnects by itself, and the
 * snapshot of the new connection replaces what it showed before. (Central itself cannot be
 * made to drop a socket on demand, hence the scripted server; the full path is in
 * central-console.test.ts.)
 */
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { webRoutes } from '../../central/web/routes.ts';
import type { AlarmView } from '../../contract/messages.ts';
import type { LiveMessage } from '../../contract/live.ts';
import { launchBrowser, watchPage } from './browser.ts';

type Socket = { send(data: string): void; close(code?: number): void; on(ev: 'close', fn: () => void): void };

function alarm(id: string, counter: string): AlarmView {
  const at = new Date(Date.now() - 30_000).toISOString();
  return {
    id, office: 'xitun', counter, clerk: 'lin', severity: 'critical', state: 'raised', raisedAt: at, updatedAt: at,
    pressCount: 1, lastLevel: 'very-dissatisfied', lastEventId: `xitun.${counter}.b.1`, lastPressAt: at, escalations: 0,
  };
}

let app: FastifyInstance;
let url = '';
let browser: Browser;
let snapshot: AlarmView[] = [];
const sockets = new Set<Socket>();
let connections = 0;

test.before(async () => {
  app = Fastify();
  await app.register(fastifyWebsocket);
  await app.register(webRoutes());
  const user = { username: 'wang', displayName: '王主管', role: 'supervisor', office: 'xitun' };
  app.get('/api/me', async () => ({ user }));
  app.get('/api/offices', async () => ({ offices: [{ id: 'xitun', name: '西屯', counters: [] }] }));
  app.get('/api/alarms', async () => ({ alarms: snapshot }));
  app.get('/ws/alarms', { websocket: true }, (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.send(JSON.stringify({ type: 'snapshot', office: 'xitun', active: snapshot } satisfies LiveMessage));
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  browser = await launchBrowser();
});

test.after(async () => {
  await browser?.close();
  await app?.close();
});

test('a dropped connection is shown, re-established, and its snapshot replaces the list', async () => {
  snapshot = [alarm('a1', 'c01')];
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const problems = watchPage(page, url);
    await page.goto(`${url}/console`);
    await page.waitForSelector('#conn.conn-up');
    assert.is(await page.locator('#conn').innerText(), '● 即時連線中');
    assert.equal(await page.locator('#active .alarm').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id)), ['a1']);

    // While the page is cut off, a1 was resolved elsewhere and a2 was raised.
    snapshot = [alarm('a2', 'c02')];
    for (const s of sockets) s.close(1012);
    await page.waitForSelector('#conn.conn-down');
    assert.match(await page.locator('#conn').innerText(), '連線中斷，重新連線中');

    await page.waitForSelector('#conn.conn-up');
    assert.is(connections, 2);
    assert.equal(await page.locator('#active .alarm').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id)), ['a2']);
    assert.match(await page.locator('#banner').innerText(), 'c02');
    assert.equal(problems.errors, []);
  } finally {
    await context.close();
  }
});

test.run();
