import { EventEmitter } from 'node:events';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LiveHub, type LiveSocket } from '../../../central/live/hub.ts';
import { createAlarmFanout } from '../../../central/live/fanout.ts';
import type { AlarmView } from '../../../contract/messages.ts';
import type { LiveMessage } from '../../../contract/live.ts';
import { silentLogger } from '../../../lib/logger.ts';

class FakeSocket extends EventEmitter implements LiveSocket {
  readyState = 1;
  bufferedAmount = 0;
  sent: LiveMessage[] = [];
  closedWith: number | undefined;
  failSend = false;
  send(data: string): void {
    if (this.failSend) throw new Error('broken pipe');
    this.sent.push(JSON.parse(data) as LiveMessage);
  }
  close(code?: number): void {
    this.closedWith = code;
    this.readyState = 3;
    this.emit('close');
  }
}

function alarm(office: string, id = `${office}-a`): AlarmView {
  return {
    id,
    office,
    counter: 'c1',
    clerk: null,
    severity: 'major',
    state: 'raised',
    raisedAt: '2026-03-02T01:00:00.000Z',
    updatedAt: '2026-03-02T01:00:00.000Z',
    pressCount: 1,
    lastLevel: 'dissatisfied',
    lastEventId: 'o1.c1.boot.1',
    lastPressAt: '2026-03-02T01:00:00.000Z',
    escalations: 0,
  };
}

test('snapshot on attach, then only the own office’s alarms; it-admin sees all', () => {
  const open = { o1: [alarm('o1')], o2: [alarm('o2')] } as Record<string, AlarmView[]>;
  const hub = new LiveHub({
    logger: silentLogger,
    pingIntervalMs: 0,
    activeFor: (o) => (o === null ? Object.values(open).flat() : (open[o] ?? [])),
  });
  const s1 = new FakeSocket();
  const s2 = new FakeSocket();
  const admin = new FakeSocket();
  hub.attach(s1, 'o1');
  hub.attach(s2, 'o2');
  hub.attach(admin, null);
  assert.equal(s1.sent[0], { type: 'snapshot', office: 'o1', active: [alarm('o1')] });
  assert.is(admin.sent[0]?.type, 'snapshot');
  assert.is(admin.sent[0]?.type === 'snapshot' && admin.sent[0].active.length, 2);
  hub.publish(alarm('o1', 'x'));
  assert.is(s1.sent.length, 2);
  assert.equal(s1.sent[1], { type: 'alarm', alarm: alarm('o1', 'x') });
  assert.is(s2.sent.length, 1, 'another office hears nothing');
  assert.is(admin.sent.length, 2);
  hub.close();
});

test('a failing or slow socket is dropped without affecting the others', () => {
  const hub = new LiveHub({ logger: silentLogger, pingIntervalMs: 0, maxBufferedBytes: 1000 });
  const bad = new FakeSocket();
  const slow = new FakeSocket();
  const good = new FakeSocket();
  hub.attach(bad, 'o1');
  hub.attach(slow, 'o1');
  hub.attach(good, 'o1');
  bad.failSend = true;
  slow.bufferedAmount = 5000;
  hub.publish(alarm('o1'));
  assert.is(good.sent.length, 2);
  assert.is(hub.size, 1);
  assert.is(slow.closedWith, 1013);
  hub.publish(alarm('o1', 'y'));
  assert.is(good.sent.length, 3);
  hub.close();
});

test('a socket that closes or errors leaves the hub; pings reach everyone; close() closes all', () => {
  const hub = new LiveHub({ logger: silentLogger, pingIntervalMs: 0 });
  const a = new FakeSocket();
  const b = new FakeSocket();
  hub.attach(a, 'o1');
  hub.attach(b, null);
  a.close(1000);
  assert.is(hub.size, 1);
  hub.ping();
  assert.is(b.sent.at(-1)?.type, 'ping');
  const c = new FakeSocket();
  hub.attach(c, 'o2');
  c.emit('error', new Error('reset'));
  assert.is(hub.size, 1);
  hub.close();
  assert.is(b.closedWith, 1001);
  assert.is(hub.size, 0);
});

test('fan-out: consoles and the retained office broadcast, each leg on its own', async () => {
  const hub = new LiveHub({ logger: silentLogger, pingIntervalMs: 0 });
  const s = new FakeSocket();
  hub.attach(s, 'o1');
  const retained: [string, string][] = [];
  const publish = createAlarmFanout({
    hub,
    logger: silentLogger,
    activeFor: (o) => [alarm(o)],
    publishRetained: (topic, payload) => retained.push([topic, payload]),
    now: () => Date.parse('2026-03-02T01:00:00.000Z'),
  });
  publish(alarm('o1'));
  publish(alarm('o1', 'second'));
  publish(alarm('o2'));
  assert.is(s.sent.length, 3, 'each transition reaches the console at once');
  await new Promise((r) => setImmediate(r));
  // Transitions of one turn refresh each office's broadcast once.
  assert.equal(
    retained.map(([t]) => t),
    ['cg/v1/o1/alarm', 'cg/v1/o2/alarm'],
  );
  assert.is(retained[0]?.[0], 'cg/v1/o1/alarm');
  assert.equal(JSON.parse(retained[0]?.[1] ?? 'null'), {
    ts: '2026-03-02T01:00:00.000Z',
    office: 'o1',
    active: [alarm('o1')],
  });
  const failing = createAlarmFanout({
    hub,
    logger: silentLogger,
    activeFor: () => {
      throw new Error('db closed');
    },
    publishRetained: () => undefined,
  });
  failing(alarm('o1', 'z'));
  await new Promise((r) => setImmediate(r));
  assert.is(s.sent.length, 4, 'the console still got the alarm');
  hub.close();
});

test.run();
