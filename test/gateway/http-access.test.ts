import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { silentLogger } from '../../lib/logger.ts';
import { buildGatewayHttp } from '../../gateway/http/server.ts';
import { hostnameOf } from '../../gateway/http/access.ts';
import { FakeCounter } from './http-fake-controller.ts';

/**
 * Access rule: the server is the counter box's own screen. Every request must address it by
 * a local host name (DNS rebinding), and state-changing requests from a browser must come
 * from its own origin (CSRF from other sites open in the kiosk's browser).
 */
async function setup(opts: { host?: string; allowedHosts?: string[] } = {}) {
  const fake = new FakeCounter();
  const app = await buildGatewayHttp({ controller: fake, logger: silentLogger, ...opts });
  return { app, fake };
}

const rate = (app: FastifyInstance, headers: Record<string, string>) =>
  app.inject({ method: 'POST', url: '/api/sim/press', headers, payload: { level: 'very-dissatisfied' } });

test('a press posted by another site is refused and never reaches the controller', async () => {
  const { app, fake } = await setup();
  for (const origin of ['http://evil.example', 'http://localhost:9999', 'null', 'https://127.0.0.1:8090.evil.example']) {
    const res = await rate(app, { host: '127.0.0.1:8090', origin });
    assert.is(res.statusCode, 403, origin);
    assert.is(res.json().code, 'CG_HTTP_CROSS_ORIGIN', origin);
    assert.is(res.json().userMessage, '此操作只能在本櫃檯的畫面上進行。');
  }
  const fetchMeta = await rate(app, { host: '127.0.0.1:8090', 'sec-fetch-site': 'cross-site' });
  assert.is(fetchMeta.statusCode, 403);
  const sameSite = await rate(app, { host: '127.0.0.1:8090', 'sec-fetch-site': 'same-site' });
  assert.is(sameSite.statusCode, 403);
  assert.equal(fake.simulatedPresses, []);
  await app.close();
});

test('every state-changing route applies the origin rule', async () => {
  const { app, fake } = await setup();
  const headers = { host: 'localhost:8090', origin: 'http://evil.example' };
  for (const [url, payload] of [
    ['/api/sign-in', { username: 'clerk01', password: 'pw-clerk01' }],
    ['/api/sign-out', {}],
    ['/api/cases/complete', { outcome: 'receipt' }],
    ['/api/rate', { level: 'very-satisfied' }],
    ['/api/sim/press', { level: 'very-satisfied' }],
  ] as const) {
    const res = await app.inject({ method: 'POST', url, headers, payload });
    assert.is(res.statusCode, 403, url);
  }
  assert.equal(fake.calls, []);
  await app.close();
});

test('the counter’s own pages (same origin) and non-browser local clients are served', async () => {
  const { app, fake } = await setup();
  const own = await rate(app, { host: '127.0.0.1:8090', origin: 'http://127.0.0.1:8090', 'sec-fetch-site': 'same-origin' });
  assert.is(own.statusCode, 200);
  const ownLocalhost = await rate(app, { host: 'localhost:8091', origin: 'http://localhost:8091' });
  assert.is(ownLocalhost.statusCode, 200);
  const curl = await rate(app, { host: '127.0.0.1:8090' });
  assert.is(curl.statusCode, 200);
  const ipv6 = await rate(app, { host: '[::1]:8090', origin: 'http://[::1]:8090' });
  assert.is(ipv6.statusCode, 200);
  assert.is(fake.simulatedPresses.length, 4);
  await app.close();
});

test('a foreign Host (DNS rebinding) is refused, reads included', async () => {
  const { app, fake } = await setup();
  for (const host of ['evil.example', 'evil.example:8090', '192.168.1.20:8090', 'localhost.evil.example']) {
    const status = await app.inject({ method: 'GET', url: '/api/status', headers: { host } });
    assert.is(status.statusCode, 403, host);
    assert.is(status.json().code, 'CG_HTTP_NOT_LOCAL');
    assert.not.match(status.body, 'taichung');
    const press = await rate(app, { host, origin: `http://${host}` });
    assert.is(press.statusCode, 403, host);
  }
  assert.equal(fake.calls, []);
  await app.close();
});

test('a box bound to its LAN address, or given allowedHosts, accepts those names', async () => {
  const { app } = await setup({ host: '192.168.1.20', allowedHosts: ['counter-c01.office.lan'] });
  for (const host of ['192.168.1.20:8090', 'counter-c01.office.lan:8090', '127.0.0.1:8090']) {
    const res = await app.inject({ method: 'GET', url: '/api/status', headers: { host } });
    assert.is(res.statusCode, 200, host);
  }
  assert.is((await app.inject({ method: 'GET', url: '/api/status', headers: { host: '192.168.1.21' } })).statusCode, 403);
  await app.close();
});

test('hostnameOf parses Host headers and rejects junk', () => {
  assert.is(hostnameOf('LocalHost:8090'), 'localhost');
  assert.is(hostnameOf('[::1]:80'), '[::1]');
  assert.is(hostnameOf('127.0.0.1'), '127.0.0.1');
  assert.is(hostnameOf('evil.example@127.0.0.1'), null);
  assert.is(hostnameOf('127.0.0.1:80/x'), null);
  assert.is(hostnameOf(undefined), null);
});

test.run();
