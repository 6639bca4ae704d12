import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { silentLogger } from '../../lib/logger.ts';
import { buildGatewayHttp } from '../../gateway/http/server.ts';
import { realCounter } from './http-real-counter.ts';

/** The HTTP routes over the real controller: what the screens post ends up in the outbox. */
test('sign in, complete, rate over HTTP: the outbox holds session, case and a screen rating', async () => {
  const rc = await realCounter();
  const app = await buildGatewayHttp({ controller: rc.counter, logger: silentLogger });
  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });
  try {
    const bad = await post('/api/sign-in', { username: 'clerk01', password: 'nope' });
    assert.is(bad.statusCode, 401);
    assert.is(bad.json().code, 'CG_AUTH_BAD_CREDENTIALS');

    const noClerk = await post('/api/cases/complete', { outcome: 'receipt' });
    assert.is(noClerk.statusCode, 409);
    assert.is(noClerk.json().code, 'CG_CASE_NO_CLERK');

    assert.is((await post('/api/sign-in', { username: 'clerk01', password: 'pw-clerk01' })).statusCode, 200);
    const done = await post('/api/cases/complete', { outcome: 'receipt', caseId: '113-000123' });
    assert.is(done.statusCode, 200);
    const status = (await app.inject({ method: 'GET', url: '/api/status' })).json();
    assert.is(status.state, 'window-open');
    assert.is(status.window.caseId, '113-000123');
    assert.is(status.online, false);

    assert.equal((await post('/api/rate', { level: 'dissatisfied' })).json(), { counted: true });
    assert.equal((await post('/api/rate', { level: 'very-satisfied' })).json(), { counted: false, reason: 'already-rated' });
    const sim = await post('/api/sim/press', { level: 'very-satisfied' });
    assert.is(sim.statusCode, 200);

    const events = rc.events();
    assert.equal(
      events.map((e) => e.kind),
      ['session', 'case', 'rating', 'press-ignored', 'press-ignored'],
    );
    assert.is(events[2]?.body.level, 'dissatisfied');
    assert.is(events[2]?.body.source, 'screen');
    assert.is(events[4]?.body.source, 'button', 'the demo panel presses the simulated physical button');

    // The controller's own check of the case number reaches the clerk as a 400 with its message.
    const badCase = await post('/api/cases/complete', { outcome: 'receipt', caseId: '案件一' });
    assert.is(badCase.statusCode, 400);
    assert.is(badCase.json().code, 'CG_CASE_INVALID');
  } finally {
    await app.close();
    await rc.close();
  }
});

test.run();
