import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { topics } from '../../contract/topics.ts';
import { startGateway } from '../../gateway/app.ts';
import { silentLogger } from '../../lib/logger.ts';
import { TestBroker, eventsIn, gatewayConfig, startCentralStandIn, tempDir, waitFor } from './helpers.ts';

test('the kiosk API drives the real controller: sign in, complete, rate, status; events reach the broker', async () => {
  const broker = await TestBroker.start();
  const central = await startCentralStandIn({
    gateway: { username: 'gw', password: 'secret' },
    clerks: { ann: { password: 'pw-ann', displayName: '王安' } },
  });
  const gw = await startGateway(
    gatewayConfig({ office: 'o3', counter: 'c1', mqttUrl: broker.url, httpUrl: central.url, dataDir: tempDir('app') }),
    { logger: silentLogger, reconnect: { minMs: 50, maxMs: 200 } },
  );
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${gw.httpUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: gw.httpUrl },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  try {
    await waitFor(() => gw.controller.status().online, 'online');
    const early = await post('/api/cases/complete', { outcome: 'receipt' });
    assert.is(early.status, 409);
    assert.is(early.body.code, 'CG_CASE_NO_CLERK');
    const wrong = await post('/api/sign-in', { username: 'ann', password: 'nope' });
    assert.is(wrong.status, 401);
    assert.is(wrong.body.userMessage, '帳號或密碼錯誤');
    const signed = await post('/api/sign-in', { username: 'ann', password: 'pw-ann' });
    assert.is(signed.status, 200);
    const done = await post('/api/cases/complete', { outcome: 'notice', caseId: 'A-100' });
    assert.is(done.status, 200);
    assert.is(done.body.caseId, 'A-100');
    const rated = await post('/api/rate', { level: 'very-dissatisfied' });
    assert.equal(rated.body, { counted: true });
    const sim = await post('/api/sim/press', { level: 'satisfied' });
    assert.is(sim.status, 200);
    const status = (await (await fetch(`${gw.httpUrl}/api/status`)).json()) as Record<string, unknown>;
    assert.is(status.state, 'idle');
    assert.is((status.lastRating as { level: string }).level, 'very-dissatisfied');
    assert.is((status.clerk as { displayName: string }).displayName, '王安');
    const prefix = topics.counterPrefix('o3', 'c1');
    await waitFor(() => eventsIn(broker.sink, prefix).length >= 4, 'events at the broker');
    assert.equal(
      eventsIn(broker.sink, prefix).map((e) => e.kind),
      ['session', 'case', 'rating', 'press-ignored'],
    );
  } finally {
    await gw.close();
    await central.close();
    await broker.stop();
  }
});

test.run();
