import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { silentLogger } from '../../lib/logger.ts';
import { buildGatewayHttp } from '../../gateway/http/server.ts';
import { FakeCounter } from './http-fake-controller.ts';

async function setup(fake = new FakeCounter()): Promise<{ app: FastifyInstance; fake: FakeCounter }> {
  const app = await buildGatewayHttp({ controller: fake, logger: silentLogger });
  return { app, fake };
}

const post = (app: FastifyInstance, url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object });

test('GET /api/status returns the controller status', async () => {
  const { app } = await setup(new FakeCounter({ counter: 'c07', outboxPending: 3, online: false }));
  const res = await app.inject({ method: 'GET', url: '/api/status' });
  assert.is(res.statusCode, 200);
  const body = res.json();
  assert.is(body.counter, 'c07');
  assert.is(body.online, false);
  assert.is(body.outboxPending, 3);
  assert.is(body.state, 'signed-out');
  await app.close();
});

test('sign-in: good credentials return the clerk, bad ones 401 with a zh-TW message', async () => {
  const { app, fake } = await setup();
  const ok = await post(app, '/api/sign-in', { username: 'clerk01', password: 'pw-clerk01' });
  assert.is(ok.statusCode, 200);
  assert.equal(ok.json(), { clerk: { username: 'clerk01', displayName: '王小明' } });
  assert.is(fake.status().state, 'idle');

  const bad = await post(app, '/api/sign-in', { username: 'clerk01', password: 'wrong' });
  assert.is(bad.statusCode, 401);
  const err = bad.json();
  assert.is(err.code, 'CG_AUTH_BAD_CREDENTIALS');
  assert.is(err.userMessage, '帳號或密碼錯誤。');
  assert.type(err.message, 'string');
  await app.close();
});

test('bodies are validated: missing, extra and wrongly typed fields are 400 CG_HTTP_BAD_REQUEST', async () => {
  const { app, fake } = await setup();
  const cases: [string, unknown][] = [
    ['/api/sign-in', { username: 'clerk01' }],
    ['/api/sign-in', { username: 'clerk01', password: 'pw-clerk01', admin: true }],
    ['/api/sign-in', { username: 123, password: 'pw-clerk01' }],
    ['/api/sign-in', { username: 'a\u0000b', password: 'x' }],
    ['/api/cases/complete', { outcome: 'refund' }],
    ['/api/cases/complete', { outcome: 'receipt', caseId: '' }],
    ['/api/cases/complete', { outcome: 'receipt', caseId: 'x'.repeat(81) }],
    ['/api/rate', { level: 'happy' }],
    ['/api/rate', { level: 'satisfied', source: 'button' }],
    ['/api/rate', {}],
    ['/api/sim/press', { level: 5 }],
    ['/api/sign-out', { everything: true }],
  ];
  for (const [url, body] of cases) {
    const res = await post(app, url, body);
    assert.is(res.statusCode, 400, `${url} ${JSON.stringify(body)}`);
    const err = res.json();
    assert.is(err.code, 'CG_HTTP_BAD_REQUEST');
    assert.ok(err.userMessage.length > 0);
  }
  assert.equal(fake.calls, [], 'no invalid request reached the controller');
  await app.close();
});

test('a body that is not JSON is refused before the controller', async () => {
  const { app, fake } = await setup();
  const res = await app.inject({
    method: 'POST',
    url: '/api/rate',
    headers: { 'content-type': 'text/plain' },
    payload: 'level=very-dissatisfied',
  });
  assert.is(res.statusCode, 415);
  assert.is(res.json().code, 'CG_HTTP_UNSUPPORTED_MEDIA_TYPE');
  assert.equal(fake.calls, []);
  await app.close();
});

test('completing a case without a clerk maps CG_CASE_NO_CLERK to 409', async () => {
  const { app } = await setup();
  const res = await post(app, '/api/cases/complete', { outcome: 'receipt' });
  assert.is(res.statusCode, 409);
  assert.is(res.json().code, 'CG_CASE_NO_CLERK');
  assert.is(res.json().userMessage, '請先登入櫃檯人員帳號，才能結案。');
  await app.close();
});

test('complete → rate: the window opens, the screen press counts once, then is already-rated', async () => {
  const { app, fake } = await setup();
  await post(app, '/api/sign-in', { username: 'clerk01', password: 'pw-clerk01' });
  const done = await post(app, '/api/cases/complete', { outcome: 'notice', caseId: '113-0042' });
  assert.is(done.statusCode, 200);
  assert.is(done.json().caseId, '113-0042');
  assert.ok(Date.parse(done.json().closesAt) > Date.now());
  assert.equal(fake.calls.at(-1), { method: 'completeCase', args: ['notice', '113-0042'] });

  const first = await post(app, '/api/rate', { level: 'satisfied' });
  assert.equal(first.json(), { counted: true });
  assert.equal(fake.calls.at(-1), { method: 'press', args: ['satisfied', 'screen'] });
  const second = await post(app, '/api/rate', { level: 'very-dissatisfied' });
  assert.equal(second.json(), { counted: false, reason: 'already-rated' });
  assert.is(fake.status().lastRating?.level, 'satisfied');
  await post(app, '/api/sign-out', {});
  assert.is(fake.status().state, 'signed-out');
  fake.close();
  await app.close();
});

test('an unexpected controller failure is a 500 CG_INTERNAL without internals', async () => {
  const fake = new FakeCounter();
  fake.signOut = async () => {
    throw new Error('SQLITE_BUSY: database is locked at /var/lib/secret.db');
  };
  const { app } = await setup(fake);
  const res = await post(app, '/api/sign-out', {});
  assert.is(res.statusCode, 500);
  assert.is(res.json().code, 'CG_INTERNAL');
  assert.not.match(res.body, 'secret.db');
  await app.close();
});

test('/sim and /api/sim/press are 404 unless the buttons are simulated', async () => {
  const real = await setup(new FakeCounter({ simulatedButtons: false }));
  const page = await real.app.inject({ method: 'GET', url: '/sim', headers: { accept: 'text/html' } });
  assert.is(page.statusCode, 404);
  assert.match(page.body, '找不到這個頁面');
  const press = await post(real.app, '/api/sim/press', { level: 'satisfied' });
  assert.is(press.statusCode, 404);
  assert.is(press.json().code, 'CG_SIM_UNAVAILABLE');
  assert.equal(real.fake.simulatedPresses, []);
  await real.app.close();

  const sim = await setup(new FakeCounter({ simulatedButtons: true }));
  const simPage = await sim.app.inject({ method: 'GET', url: '/sim' });
  assert.is(simPage.statusCode, 200);
  assert.match(simPage.body, '模擬實體評分按鈕盒');
  const ok = await post(sim.app, '/api/sim/press', { level: 'very-dissatisfied' });
  assert.is(ok.statusCode, 200);
  assert.equal(sim.fake.simulatedPresses, ['very-dissatisfied']);
  await sim.app.close();
});

test('pages and assets are served, with a CSP that allows nothing from outside', async () => {
  const { app } = await setup();
  for (const [url, text] of [
    ['/', '櫃檯人員登入'],
    ['/rate', '歡迎光臨'],
    ['/css/kiosk.css', 'Noto Sans CJK TC'],
    ['/js/rate.js', 'connectStatus'],
  ] as const) {
    const res = await app.inject({ method: 'GET', url });
    assert.is(res.statusCode, 200, url);
    assert.match(res.body, text);
    assert.match(String(res.headers['content-security-policy']), "default-src 'self'");
    assert.match(String(res.headers['content-security-policy']), "frame-ancestors 'none'");
  }
  const mod = await app.inject({ method: 'GET', url: '/contract/ratings.js' });
  assert.match(String(mod.headers['content-type']), 'javascript');
  assert.match(mod.body, '"very-dissatisfied":"非常不滿意"');
  // Pages exist only under their routes; the raw file names and the test tree are not served.
  assert.is((await app.inject({ method: 'GET', url: '/clerk.html' })).statusCode, 404);
  assert.is((await app.inject({ method: 'GET', url: '/../package.json' })).statusCode, 404);
  const missing = await app.inject({ method: 'GET', url: '/api/nothing' });
  assert.is(missing.statusCode, 404);
  assert.is(missing.json().code, 'CG_HTTP_NOT_FOUND');
  await app.close();
});

test('no page pulls anything from another host', async () => {
  const { app } = await setup();
  for (const url of ['/', '/rate', '/sim', '/css/kiosk.css', '/css/rate.css', '/css/clerk.css', '/css/sim.css']) {
    const res = await app.inject({ method: 'GET', url });
    assert.not.match(res.body, /(src|href)="(https?:)?\/\//, url);
    assert.not.match(res.body, /url\((https?:)?\/\//, url);
    assert.not.match(res.body, /@import/, url);
  }
  await app.close();
});

test.run();
