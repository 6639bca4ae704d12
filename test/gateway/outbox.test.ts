import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openGatewayDb } from '../../gateway/db.ts';
import { Outbox, OutboxSender, type OutboxTransport } from '../../gateway/outbox.ts';
import { isCountergateError } from '../../lib/errors.ts';

const tmp = mkdtempSync(join(tmpdir(), 'cg-outbox-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

/** A transport whose PUBACKs the test releases by hand. */
class ManualTransport implements OutboxTransport {
  connected = true;
  sent: Array<{ topic: string; payload: string; ack: () => void; fail: (e: Error) => void }> = [];
  private listeners = new Set<(c: boolean) => void>();
  publish(topic: string, payload: string): Promise<void> {
    return new Promise((ack, fail) => this.sent.push({ topic, payload, ack: () => ack(), fail }));
  }
  onConnectionChange(l: (c: boolean) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  set(up: boolean): void {
    this.connected = up;
    for (const l of this.listeners) l(up);
  }
}

/** PUBACK promise callbacks, then the batched mark-sent on the next turn. */
const flush = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
};
const rating = (caseId: string) => ({
  clerk: 'ann',
  caseId,
  level: 'satisfied' as const,
  source: 'button' as const,
  afterMs: 10,
});

test('append assigns seq, id and ts; pending rows survive closing and reopening the db', () => {
  const path = join(tmp, 'durable.db');
  let db = openGatewayDb(path);
  let outbox = new Outbox({ db, office: 'o1', counter: 'c1', bootId: 'boot1' });
  const a = outbox.append('session', { clerk: 'ann', action: 'sign-in' }, Date.parse('2026-01-02T03:04:05.000Z'));
  const b = outbox.append('rating', rating('k1'));
  assert.equal(a, { clerk: 'ann', action: 'sign-in', id: 'o1.c1.boot1.1', seq: 1, ts: '2026-01-02T03:04:05.000Z' });
  assert.is(b.seq, 2);
  assert.is(b.id, 'o1.c1.boot1.2');
  assert.is(outbox.pending(), 2);
  db.close();

  db = openGatewayDb(path);
  outbox = new Outbox({ db, office: 'o1', counter: 'c1', bootId: 'boot2' });
  assert.is(outbox.pending(), 2);
  const rows = outbox.unsent(0, 10);
  assert.equal(
    rows.map((r) => [r.seq, r.id, r.kind]),
    [
      [1, 'o1.c1.boot1.1', 'session'],
      [2, 'o1.c1.boot1.2', 'rating'],
    ],
  );
  assert.equal(JSON.parse(rows[1]?.payload ?? '{}'), b);
  const c = outbox.append('case', { clerk: 'ann', caseId: 'k2', outcome: 'receipt', windowS: 30 });
  assert.is(c.seq, 3, 'seq keeps increasing across restarts');
  assert.is(c.id, 'o1.c1.boot2.3');
  db.close();
});

test('ids stay unique even when the db file is replaced (seq restarts, bootId differs)', () => {
  const ids = new Set<string>();
  for (let run = 0; run < 3; run++) {
    const db = openGatewayDb(join(tmp, `replaced-${run}.db`));
    const outbox = new Outbox({ db, office: 'o1', counter: 'c1' });
    for (let i = 0; i < 5; i++) ids.add(outbox.append('session', { clerk: 'ann', action: 'sign-in' }).id);
    db.close();
  }
  assert.is(ids.size, 15);
});

test('an event that breaks the contract is refused and stores nothing', () => {
  const db = openGatewayDb(':memory:');
  const outbox = new Outbox({ db, office: 'o1', counter: 'c1' });
  try {
    outbox.append('rating', { ...rating('k'), level: 'great' as never });
    assert.unreachable();
  } catch (err) {
    assert.ok(isCountergateError(err) && err.code === 'CG_OUTBOX_INVALID_EVENT', String(err));
  }
  assert.is(outbox.pending(), 0);
  assert.is(outbox.append('session', { clerk: 'ann', action: 'sign-out' }).seq, 1, 'the queue is not poisoned');
  db.close();
});

test('sender: seq order, at most inFlight unacknowledged, marks sent on PUBACK only', async () => {
  const db = openGatewayDb(':memory:');
  const outbox = new Outbox({ db, office: 'o1', counter: 'c1', bootId: 'b' });
  for (let i = 1; i <= 7; i++) outbox.append('rating', rating(`k${i}`));
  const t = new ManualTransport();
  const sender = new OutboxSender({ outbox, transport: t, office: 'o1', counter: 'c1', inFlight: 3 });
  sender.start();
  assert.equal(
    t.sent.map((s) => JSON.parse(s.payload).seq),
    [1, 2, 3],
  );
  assert.is(t.sent[0]?.topic, 'cg/v1/o1/c1/evt/rating');
  assert.is(outbox.pending(), 7, 'nothing is sent before its PUBACK');
  t.sent[0]?.ack();
  await flush();
  assert.is(outbox.pending(), 6);
  assert.equal(
    t.sent.map((s) => JSON.parse(s.payload).seq),
    [1, 2, 3, 4],
  );
  sender.stop();
  db.close();
});

test('sender: after a disconnect it resends from the first unsent row, after a restart too', async () => {
  const path = join(tmp, 'resume.db');
  let db = openGatewayDb(path);
  let outbox = new Outbox({ db, office: 'o1', counter: 'c1', bootId: 'b1' });
  for (let i = 1; i <= 4; i++) outbox.append('rating', rating(`k${i}`));
  let t = new ManualTransport();
  let sender = new OutboxSender({ outbox, transport: t, office: 'o1', counter: 'c1' });
  sender.start();
  t.sent[0]?.ack();
  await flush();
  t.set(false);
  t.sent[1]?.fail(new Error('connection lost'));
  await flush();
  outbox.append('rating', rating('k5'));
  sender.kick();
  t.sent = [];
  t.set(true);
  assert.equal(
    t.sent.map((s) => JSON.parse(s.payload).seq),
    [2, 3, 4, 5],
  );
  t.sent[0]?.ack();
  await flush();
  sender.stop();
  db.close();

  db = openGatewayDb(path);
  outbox = new Outbox({ db, office: 'o1', counter: 'c1', bootId: 'b2' });
  t = new ManualTransport();
  sender = new OutboxSender({ outbox, transport: t, office: 'o1', counter: 'c1' });
  sender.start();
  assert.equal(
    t.sent.map((s) => JSON.parse(s.payload).id),
    ['o1.c1.b1.3', 'o1.c1.b1.4', 'o1.c1.b1.5'],
  );
  for (const s of t.sent) s.ack();
  await flush();
  assert.is(outbox.pending(), 0);
  sender.stop();
  db.close();
});

test('prune drops only acknowledged rows older than the cut-off', () => {
  const clock = { t: Date.parse('2026-01-01T00:00:00.000Z') };
  const db = openGatewayDb(':memory:');
  const outbox = new Outbox({ db, office: 'o1', counter: 'c1', now: () => clock.t });
  const a = outbox.append('session', { clerk: 'ann', action: 'sign-in' });
  outbox.append('session', { clerk: 'ann', action: 'sign-out' });
  outbox.markSent(a.seq);
  clock.t += 31 * 24 * 3600 * 1000;
  const b = outbox.append('session', { clerk: 'bob', action: 'sign-in' });
  outbox.markSent(b.seq);
  assert.is(outbox.prune(clock.t - 30 * 24 * 3600 * 1000), 1);
  assert.equal(
    (db.prepare('SELECT seq FROM outbox ORDER BY seq').all() as Array<{ seq: number }>).map((r) => r.seq),
    [2, 3],
    'the old unsent row and the recent sent row stay',
  );
  assert.is(outbox.pending(), 1);
  db.close();
});

test.run();
