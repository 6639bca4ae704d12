import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openDatabase, type Database } from '../../../central/db/sqlite.ts';
import { AlarmService, resolvePolicy, type ResolvedAlarmPolicy } from '../../../central/alarms/service.ts';
import { alarmViewValidatorOk, rating } from './helpers.ts';
import type { AlarmView } from '../../../contract/messages.ts';
import type { RatingLevel } from '../../../contract/ratings.ts';
import { isCountergateError } from '../../../lib/errors.ts';
import { silentLogger } from '../../../lib/logger.ts';

const DEFAULTS = {
  rules: { 'very-dissatisfied': 'critical', dissatisfied: 'major' },
  escalateAfterS: 120,
  burstWindowS: 300,
} as const;

function setup(policies: Record<string, ResolvedAlarmPolicy> = {}) {
  const db: Database = openDatabase(':memory:');
  let t = Date.parse('2026-03-02T01:00:00.000Z');
  const published: AlarmView[] = [];
  const svc = new AlarmService({
    db,
    logger: silentLogger,
    policyFor: (office) => policies[office] ?? resolvePolicy({ ...DEFAULTS, rules: { ...DEFAULTS.rules } }),
    publish: (a) => published.push(a),
    now: () => t,
  });
  let seq = 0;
  const press = (level: RatingLevel, counter = 'c1', office = 'o1') =>
    svc.onRating(office, counter, rating(level, ++seq, new Date(t).toISOString()));
  const advance = (s: number) => {
    t += s * 1000;
  };
  return { db, svc, published, press, advance };
}

function expectError(fn: () => unknown, code: string, status: number) {
  try {
    fn();
  } catch (err) {
    assert.ok(isCountergateError(err), 'a CountergateError');
    if (isCountergateError(err)) {
      assert.is(err.code, code);
      assert.is(err.statusCode, status);
      assert.ok(/[\u4e00-\u9fff]/.test(err.userMessage), 'zh-TW userMessage');
    }
    return;
  }
  assert.unreachable(`expected ${code}`);
}

test('resolvePolicy merges office rules level by level and drops none', () => {
  const p = resolvePolicy(
    { ...DEFAULTS, rules: { ...DEFAULTS.rules } },
    { rules: { dissatisfied: 'none', 'no-opinion': 'minor' }, escalateAfterS: 0 },
  );
  assert.equal(p.rules, { 'very-dissatisfied': 'critical', 'no-opinion': 'minor' });
  assert.is(p.escalateAfterS, 0);
  assert.is(p.burstWindowS, 300);
  assert.equal(resolvePolicy({ ...DEFAULTS, rules: { ...DEFAULTS.rules } }).rules, DEFAULTS.rules);
});

test('default rules: unhappy presses raise alarms, happy ones do not', () => {
  const { press, published } = setup();
  assert.is(press('very-satisfied'), null);
  assert.is(press('satisfied'), null);
  assert.is(press('no-opinion'), null);
  assert.is(published.length, 0);
  const a = press('very-dissatisfied');
  assert.ok(a);
  assert.is(a?.severity, 'critical');
  assert.is(a?.state, 'raised');
  assert.is(a?.pressCount, 1);
  assert.is(published.length, 1);
  assert.ok(alarmViewValidatorOk(a!), 'the view matches AlarmViewSchema');
});

test('per-office rules, including none', () => {
  const { press } = setup({
    quiet: { rules: {}, escalateAfterS: 120, burstWindowS: 300 },
    strict: { rules: { 'no-opinion': 'minor', dissatisfied: 'critical' }, escalateAfterS: 120, burstWindowS: 300 },
  });
  assert.is(press('very-dissatisfied', 'c1', 'quiet'), null, 'an office with every level none raises nothing');
  assert.is(press('no-opinion', 'c1', 'strict')?.severity, 'minor');
  assert.is(press('dissatisfied', 'c2', 'strict')?.severity, 'critical');
  assert.is(press('very-dissatisfied', 'c3', 'strict'), null, 'a level the office does not name raises nothing');
});

test('a burst at one counter joins one alarm and upgrades its severity', () => {
  const { svc, press, advance, published } = setup();
  const first = press('dissatisfied')!;
  assert.is(first.severity, 'major');
  advance(60);
  const second = press('very-dissatisfied')!;
  assert.is(second.id, first.id);
  assert.is(second.pressCount, 2);
  assert.is(second.severity, 'critical');
  assert.is(second.lastLevel, 'very-dissatisfied');
  advance(60);
  const third = press('dissatisfied')!;
  assert.is(third.severity, 'critical', 'severity never drops within an alarm');
  assert.is(third.pressCount, 3);
  assert.is(svc.active('o1').length, 1);
  assert.is(published.length, 3, 'each press is published');
  assert.equal(
    svc.transitions(first.id).map((t) => t.action),
    ['raised', 'pressed', 'pressed'],
  );
});

test('another counter gets its own alarm; a press after the burst window raises a new one', () => {
  const { svc, press, advance } = setup();
  const a = press('dissatisfied', 'c1')!;
  const b = press('dissatisfied', 'c2')!;
  assert.is.not(a.id, b.id);
  advance(301);
  const c = press('dissatisfied', 'c1')!;
  assert.is.not(c.id, a.id);
  assert.is(c.pressCount, 1);
  assert.is(svc.active('o1').length, 3);
});

test('acknowledge then resolve; state errors; note required', () => {
  const { svc, press, advance, published } = setup();
  const a = press('very-dissatisfied')!;
  advance(20);
  const acked = svc.acknowledge(a.id, 'sup1');
  assert.is(acked.state, 'acknowledged');
  assert.is(acked.acknowledgedBy, 'sup1');
  assert.is(acked.acknowledgedAt, '2026-03-02T01:00:20.000Z');
  expectError(() => svc.acknowledge(a.id, 'sup2'), 'CG_ALARM_STATE', 409);
  expectError(() => svc.resolve(a.id, 'sup1', '   '), 'CG_ALARM_NOTE_REQUIRED', 400);
  advance(100);
  const done = svc.resolve(a.id, 'sup1', ' 已向民眾說明 ');
  assert.is(done.state, 'resolved');
  assert.is(done.resolutionNote, '已向民眾說明');
  assert.is(done.resolvedBy, 'sup1');
  expectError(() => svc.resolve(a.id, 'sup1', 'again'), 'CG_ALARM_STATE', 409);
  expectError(() => svc.acknowledge(a.id, 'sup1'), 'CG_ALARM_STATE', 409);
  expectError(() => svc.acknowledge('nope', 'sup1'), 'CG_ALARM_NOT_FOUND', 404);
  expectError(() => svc.resolve('nope', 'sup1', 'x'), 'CG_ALARM_NOT_FOUND', 404);
  assert.is(svc.active('o1').length, 0);
  assert.equal(published.map((p) => p.state), ['raised', 'acknowledged', 'resolved']);
  const tr = svc.transitions(a.id);
  assert.equal(tr.map((t) => [t.action, t.actor]), [
    ['raised', 'system'],
    ['acknowledged', 'sup1'],
    ['resolved', 'sup1'],
  ]);
  assert.is(tr[2]?.at, '2026-03-02T01:02:00.000Z');
  // after resolution the counter starts afresh even within the burst window
  const b = press('dissatisfied')!;
  assert.is.not(b.id, a.id);
});

test('resolving a raised alarm counts as acknowledged by the same person', () => {
  const { svc, press } = setup();
  const a = press('dissatisfied')!;
  const done = svc.resolve(a.id, 'sup1', '現場處理完畢');
  assert.is(done.acknowledgedBy, 'sup1');
  assert.equal(svc.transitions(a.id).map((t) => t.action), ['raised', 'acknowledged', 'resolved']);
});

test('a press on an acknowledged alarm keeps it acknowledged and is published', () => {
  const { svc, press, advance, published } = setup();
  const a = press('dissatisfied')!;
  svc.acknowledge(a.id, 'sup1');
  advance(30);
  const b = press('very-dissatisfied')!;
  assert.is(b.id, a.id);
  assert.is(b.state, 'acknowledged');
  assert.is(b.severity, 'critical');
  assert.is(b.pressCount, 2);
  assert.is(published.at(-1)?.pressCount, 2);
});

test('escalation with an injected clock: every escalateAfterS while unacknowledged', () => {
  const { svc, press, advance, published } = setup();
  const a = press('very-dissatisfied')!;
  advance(119);
  svc.tick();
  assert.is(svc.get(a.id).escalations, 0);
  assert.is(published.length, 1);
  advance(1);
  svc.tick();
  assert.is(svc.get(a.id).escalations, 1);
  assert.is(published.length, 2);
  svc.tick();
  assert.is(published.length, 2, 'no second step before another escalateAfterS');
  advance(120);
  svc.tick();
  assert.is(svc.get(a.id).escalations, 2);
  assert.is(published.at(-1)?.escalations, 2);
  svc.acknowledge(a.id, 'sup1');
  advance(1000);
  svc.tick();
  assert.is(svc.get(a.id).escalations, 2, 'an acknowledged alarm no longer escalates');
  assert.equal(
    svc.transitions(a.id).map((t) => t.action),
    ['raised', 'escalated', 'escalated', 'acknowledged'],
  );
});

test('escalateAfterS 0 turns escalation off for that office', () => {
  const { svc, press, advance } = setup({ calm: { rules: { dissatisfied: 'major' }, escalateAfterS: 0, burstWindowS: 300 } });
  const a = press('dissatisfied', 'c1', 'calm')!;
  advance(3600);
  svc.tick();
  assert.is(svc.get(a.id).escalations, 0);
});

test('active and history filter by office and time', () => {
  const { svc, press, advance } = setup();
  const a = press('dissatisfied', 'c1', 'o1')!;
  advance(10);
  press('dissatisfied', 'c1', 'o2');
  advance(10);
  const c = press('very-dissatisfied', 'c2', 'o1')!;
  svc.resolve(a.id, 'sup1', 'ok');
  assert.equal(svc.active('o1').map((x) => x.id), [c.id]);
  assert.is(svc.active(null).length, 2);
  assert.equal(svc.history({ office: 'o1' }).map((x) => x.id), [c.id, a.id]);
  assert.equal(svc.history({ office: 'o1', from: '2026-03-02T01:00:05.000Z' }).map((x) => x.id), [c.id]);
  assert.equal(svc.history({ office: 'o1', to: '2026-03-02T01:00:05.000Z' }).map((x) => x.id), [a.id]);
  assert.is(svc.history({}).length, 3);
  assert.is(svc.history({ limit: 1 }).length, 1);
});

test('a throwing publish does not lose the alarm', () => {
  const db = openDatabase(':memory:');
  const svc = new AlarmService({
    db,
    logger: silentLogger,
    policyFor: () => resolvePolicy({ ...DEFAULTS, rules: { ...DEFAULTS.rules } }),
    publish: () => {
      throw new Error('socket gone');
    },
  });
  const a = svc.onRating('o1', 'c1', rating('very-dissatisfied', 1, new Date().toISOString()));
  assert.ok(a);
  assert.is(svc.active('o1').length, 1);
  db.close();
});

test.run();
