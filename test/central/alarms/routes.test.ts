import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type WebSocket from 'ws';
import type { AlarmView } from '../../../contract/messages.ts';
import { LiveMessageSchema, type LiveMessage } from '../../../contract/live.ts';
import { Validator } from '../../../contract/validate.ts';
import { as, buildTestApp, type TestApp } from './app.ts';
import { rating } from './helpers.ts';

let t: TestApp;
let a1: AlarmView;
let a2: AlarmView;

test.before.each(async () => {
  t = await buildTestApp();
  a1 = t.alarms.onRating('o1', 'c1', rating('very-dissatisfied', 1, new Date().toISOString()))!;
  a2 = t.alarms.onRating('o2', 'c1', rating('dissatisfied', 2, new Date().toISOString()))!;
});
test.after.each(async () => {
  await t.close();
});

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await t.app.inject({ method: 'GET', url, headers });
  return { status: res.statusCode, body: res.json() as { alarms?: AlarmView[]; code?: string; userMessage?: string } };
}

async function post(url: string, headers: Record<string, string>, payload?: unknown) {
  const res = await t.app.inject({ method: 'POST', url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  return { status: res.statusCode, body: res.json() as { alarm?: AlarmView; code?: string } };
}

test('GET /api/alarms: who may list which office', async () => {
  assert.is((await get('/api/alarms?office=o1')).status, 401);
  assert.is((await get('/api/alarms?office=o1', as('amy'))).status, 403, 'clerk');
  assert.is((await get('/api/alarms?office=o1', as('aud'))).status, 403, 'auditor');
  const own = await get('/api/alarms?office=o1', as('sup1'));
  assert.is(own.status, 200);
  assert.equal(own.body.alarms?.map((a) => a.id), [a1.id]);
  const other = await get('/api/alarms?office=o2', as('sup1'));
  assert.is(other.status, 403);
  assert.is(other.body.code, 'CG_AUTH_OFFICE');
  assert.equal((await get('/api/alarms', as('sup1'))).body.alarms?.map((a) => a.id), [a1.id], 'defaults to own office');
  assert.is((await get('/api/alarms', as('admin'))).body.alarms?.length, 2, 'it-admin sees the city');
  assert.equal((await get('/api/alarms?office=o2', as('admin'))).body.alarms?.map((a) => a.id), [a2.id]);
  assert.is((await get('/api/alarms?office=o1&bogus=1', as('sup1'))).status, 400, 'unknown parameters are refused');
  assert.is((await get('/api/alarms?office=o1&from=yesterday', as('sup1'))).status, 400);
});

test('ack and resolve: only a supervisor of the alarm’s office', async () => {
  assert.is((await post(`/api/alarms/${a1.id}/ack`, {})).status, 401);
  assert.is((await post(`/api/alarms/${a1.id}/ack`, as('sup2'))).status, 403, 'another office');
  assert.is((await post(`/api/alarms/${a1.id}/ack`, as('admin'))).status, 403, 'it-admin watches only');
  assert.is((await post(`/api/alarms/${a1.id}/ack`, as('amy'))).status, 403, 'clerk');
  assert.is((await post('/api/alarms/nope/ack', as('sup1'))).status, 404);
  const ok = await post(`/api/alarms/${a1.id}/ack`, as('sup1'));
  assert.is(ok.status, 200);
  assert.is(ok.body.alarm?.state, 'acknowledged');
  assert.is(ok.body.alarm?.acknowledgedBy, 'sup1');
  const again = await post(`/api/alarms/${a1.id}/ack`, as('sup1'));
  assert.is(again.status, 409);
  assert.is(again.body.code, 'CG_ALARM_STATE');

  assert.is((await post(`/api/alarms/${a1.id}/resolve`, as('sup1'), {})).status, 400, 'note required');
  assert.is((await post(`/api/alarms/${a1.id}/resolve`, as('sup1'), { note: '   ' })).status, 400, 'blank note');
  assert.is((await post(`/api/alarms/${a1.id}/resolve`, as('sup1'), { note: 'x', extra: 1 })).status, 400);
  assert.is((await post(`/api/alarms/${a1.id}/resolve`, as('sup2'), { note: '處理' })).status, 403);
  const done = await post(`/api/alarms/${a1.id}/resolve`, as('sup1'), { note: '已向民眾說明' });
  assert.is(done.status, 200);
  assert.is(done.body.alarm?.state, 'resolved');
  assert.equal((await get('/api/alarms?office=o1', as('sup1'))).body.alarms, []);
  const history = await get('/api/alarms?office=o1&state=all', as('sup1'));
  assert.equal(history.body.alarms?.map((a) => [a.id, a.resolutionNote]), [[a1.id, '已向民眾說明']]);
});

const liveMessage = new Validator(LiveMessageSchema);

function nextMessage(ws: WebSocket): Promise<LiveMessage> {
  return new Promise((resolve, reject) =>
    ws.once('message', (data: Buffer) => {
      const decoded = liveMessage.decodeBuffer(data);
      if (decoded.ok) resolve(decoded.value);
      else reject(new Error(`not a LiveMessage: ${decoded.reason}`));
    }),
  );
}

test('WebSocket /ws/alarms: snapshot then live alarms of the own office; refusals before upgrade', async () => {
  let first: Promise<LiveMessage> | undefined;
  const ws = (await t.app.injectWS('/ws/alarms?office=o1', { headers: as('sup1') }, {
    onInit: (socket: WebSocket) => {
      first = nextMessage(socket);
    },
  })) as WebSocket;
  const snap = await first!;
  assert.is(snap.type, 'snapshot');
  assert.equal(snap.type === 'snapshot' && snap.active.map((a) => a.id), [a1.id]);
  const live = nextMessage(ws);
  t.alarms.onRating('o2', 'c9', rating('dissatisfied', 3, new Date().toISOString()));
  t.alarms.acknowledge(a1.id, 'sup1');
  const msg = await live;
  assert.is(msg.type, 'alarm');
  assert.is(msg.type === 'alarm' && msg.alarm.id, a1.id, 'the o2 alarm did not reach the o1 console');
  ws.terminate();

  await t.app.injectWS('/ws/alarms?office=o2', { headers: as('sup1') }).then(
    () => assert.unreachable('another office must be refused'),
    (err: Error) => assert.match(err.message, /403/),
  );
  await t.app.injectWS('/ws/alarms?office=o1').then(
    () => assert.unreachable('no session must be refused'),
    (err: Error) => assert.match(err.message, /401/),
  );
  await t.app.injectWS('/ws/alarms', { headers: as('amy') }).then(
    () => assert.unreachable('clerks must be refused'),
    (err: Error) => assert.match(err.message, /403/),
  );
});

test('WebSocket /ws/alarms: an it-admin without office watches the whole city', async () => {
  let first: Promise<LiveMessage> | undefined;
  const ws = (await t.app.injectWS('/ws/alarms', { headers: as('admin') }, {
    onInit: (socket: WebSocket) => {
      first = nextMessage(socket);
    },
  })) as WebSocket;
  const snap = await first!;
  assert.equal(snap.type === 'snapshot' && snap.active.map((a) => a.office).sort(), ['o1', 'o2']);
  ws.terminate();
});

test.run();
