import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AlarmView } from '../../contract/messages.ts';
import { RATING_LEVELS } from '../../contract/ratings.ts';
import {
  applyAlarm,
  backoffDelay,
  chartData,
  filterAudit,
  formatElapsed,
  formatPercent,
  formatPresses,
  formatSeconds,
  formatTaipei,
  healthLines,
  needsBell,
  pagesFor,
  safeNext,
  sortActive,
  statsQuery,
  taipeiDate,
} from '../../central/web/static/format.js';

function alarm(over: Partial<AlarmView>): AlarmView {
  return {
    id: 'a1',
    office: 'xitun',
    counter: 'c01',
    clerk: 'lin',
    severity: 'major',
    state: 'raised',
    raisedAt: '2026-11-24T01:00:00.000Z',
    updatedAt: '2026-11-24T01:00:00.000Z',
    pressCount: 1,
    lastLevel: 'dissatisfied',
    lastEventId: 'xitun.c01.b.1',
    lastPressAt: '2026-11-24T01:00:00.000Z',
    escalations: 0,
    ...over,
  };
}

test('times show in Taipei (UTC+8), across the date line', () => {
  assert.is(formatTaipei('2026-11-24T16:30:05.000Z'), '2026-11-25 00:30:05');
  assert.is(formatTaipei('2026-11-24T01:02:03Z'), '2026-11-24 09:02:03');
  assert.is(formatTaipei(undefined), '—');
  assert.is(formatTaipei('not a time'), '—');
  assert.is(taipeiDate(Date.parse('2026-11-24T17:00:00Z')), '2026-11-25');
  assert.is(taipeiDate(Date.parse('2026-11-24T17:00:00Z'), -1), '2026-11-24');
});

test('elapsed time reads naturally at every scale', () => {
  assert.is(formatElapsed(45_900), '45 秒');
  assert.is(formatElapsed(185_000), '3 分 05 秒');
  assert.is(formatElapsed(2 * 3600_000 + 7 * 60_000), '2 小時 07 分');
  assert.is(formatElapsed(-5000), '0 秒');
  assert.is(formatSeconds(null), '—');
  assert.is(formatSeconds(66), '1 分 06 秒');
});

test('shares are percentages with one decimal; no ratings is a dash, not 0%', () => {
  assert.is(formatPercent(0.875), '87.5%');
  assert.is(formatPercent(1), '100.0%');
  assert.is(formatPercent(null), '—');
  assert.is(formatPercent(Number.NaN), '—');
});

test('reconnect waits 1 s, doubles, and stops growing at 30 s', () => {
  const noJitter = () => 0;
  assert.equal([0, 1, 2, 3, 4, 5, 6, 10].map((a) => backoffDelay(a, noJitter)), [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  assert.is(backoffDelay(0, () => 1), 1200);
});

test('a live transition replaces the alarm; a resolved alarm leaves the active list', () => {
  const a1 = alarm({ id: 'a1' });
  const a2 = alarm({ id: 'a2', counter: 'c02' });
  let active = applyAlarm([], a1);
  active = applyAlarm(active, a2);
  assert.is(active.length, 2);
  active = applyAlarm(active, { ...a1, state: 'acknowledged', acknowledgedBy: 'wang' });
  assert.is(active.length, 2);
  assert.is(active.find((a) => a.id === 'a1')?.state, 'acknowledged');
  assert.ok(needsBell(active), 'a2 is still unacknowledged');
  active = applyAlarm(active, { ...a2, state: 'acknowledged' });
  assert.not.ok(needsBell(active), 'the bell stops once every alarm is acknowledged');
  active = applyAlarm(active, { ...a1, state: 'resolved' });
  assert.equal(active.map((a) => a.id), ['a2']);
});

test('unacknowledged alarms come first, then the most severe, then the oldest', () => {
  const list = [
    alarm({ id: 'acked-critical', state: 'acknowledged', severity: 'critical' }),
    alarm({ id: 'raised-major-new', severity: 'major', raisedAt: '2026-11-24T02:00:00Z' }),
    alarm({ id: 'raised-major-old', severity: 'major', raisedAt: '2026-11-24T01:00:00Z' }),
    alarm({ id: 'raised-critical', severity: 'critical', raisedAt: '2026-11-24T03:00:00Z' }),
  ];
  assert.equal(sortActive(list).map((a) => a.id), ['raised-critical', 'raised-major-old', 'raised-major-new', 'acked-critical']);
});

test('pages by role: auditors get no console, clerks only statistics', () => {
  assert.equal(pagesFor('supervisor'), ['/console', '/stats']);
  assert.equal(pagesFor('it-admin'), ['/console', '/stats', '/it', '/audit']);
  assert.equal(pagesFor('auditor'), ['/stats', '/audit']);
  assert.equal(pagesFor('clerk'), ['/stats']);
  assert.is(safeNext('/console'), '/console');
  assert.is(safeNext('https://evil.example/'), '/');
  assert.is(safeNext('//evil.example'), '/');
  assert.is(safeNext(null), '/');
});

test('the stats query keeps the filters and drops empty ones (same for CSV)', () => {
  assert.is(
    statsQuery({ office: 'xitun', groupBy: 'counter', period: 'week', from: '2026-11-01', to: '' }),
    'office=xitun&groupBy=counter&period=week&from=2026-11-01',
  );
  assert.is(statsQuery({ office: '', groupBy: 'office', period: 'day' }), 'groupBy=office&period=day');
});

test('chart data: stacked levels per row, lines per group with gaps where a group has no row', () => {
  const ratings = (n: number) => Object.fromEntries(RATING_LEVELS.map((l, i) => [l, n + i]));
  const rows = [
    { period: '2026-11-02', office: 'xitun', counter: 'c02', ratings: ratings(10), satisfiedShare: 0.5, unratedShare: 0.25, medianAckS: 40 },
    { period: '2026-11-01', office: 'xitun', counter: 'c01', ratings: ratings(1), satisfiedShare: 0.8766, unratedShare: 0.1, medianAckS: null },
    { period: '2026-11-02', office: 'xitun', counter: 'c01', ratings: ratings(5), satisfiedShare: 0.9, unratedShare: 0, medianAckS: 12 },
  ];
  const d = chartData(rows, 'counter', RATING_LEVELS, { xitun: '西屯' });
  assert.equal(d.barLabels, [['2026-11-01', 'c01'], ['2026-11-02', 'c01'], ['2026-11-02', 'c02']]);
  assert.equal(d.levels[0], { level: 'very-satisfied', data: [1, 5, 10] });
  assert.equal(d.levels[4], { level: 'very-dissatisfied', data: [5, 9, 14] });
  assert.equal(d.periods, ['2026-11-01', '2026-11-02']);
  assert.equal(d.series.map((s) => s.group), ['c01', 'c02']);
  assert.equal(d.series[0]?.satisfiedPct, [87.7, 90]);
  assert.equal(d.series[0]?.medianAckS, [null, 12]);
  assert.equal(d.series[1]?.unratedPct, [null, 25]);

  const oneGroup = chartData([rows[1]!], 'office', RATING_LEVELS, { xitun: '西屯' });
  assert.equal(oneGroup.barLabels, ['2026-11-01']);
  assert.equal(oneGroup.series.map((s) => s.group), ['西屯']);
});

test('device health lists each device, faults with their code and message', () => {
  const lines = healthLines({
    devices: { buttons: { status: 'fault', code: 'CG_GPIO_BUSY', message: 'GPIO 17 busy' }, voice: { status: 'ok' } },
  });
  assert.equal(lines, [
    { name: 'buttons', ok: false, text: 'buttons 故障 CG_GPIO_BUSY：GPIO 17 busy' },
    { name: 'voice', ok: true, text: 'voice 正常' },
  ]);
  assert.equal(healthLines(null), []);
});

test('audit filters: actor and action exact, subject by substring, Taipei days inclusive', () => {
  const records = [
    { at: '2026-11-23T15:59:59Z', actor: 'wang', action: 'login', subject: 'wang' }, // 23:59:59 Taipei, 11-23
    { at: '2026-11-23T16:00:00Z', actor: 'wang', action: 'alarm.ack', subject: 'alarm a7' }, // 00:00 Taipei, 11-24
    { at: '2026-11-24T15:59:59Z', actor: 'admin', action: 'gateway.provision', subject: 'xitun/c03' },
    { at: '2026-11-24T16:00:00Z', actor: 'admin', action: 'login', subject: 'admin' },
  ];
  const day = filterAudit(records, { from: '2026-11-24', to: '2026-11-24' });
  assert.equal(day.map((r) => r.action), ['alarm.ack', 'gateway.provision']);
  assert.equal(filterAudit(records, { actor: 'WANG' }).length, 2);
  assert.equal(filterAudit(records, { action: 'login' }).map((r) => r.actor), ['wang', 'admin']);
  assert.equal(filterAudit(records, { subject: 'c03' }).map((r) => r.actor), ['admin']);
  assert.is(filterAudit(records, {}).length, 4);
});

test('an alarm card says when a press reached central late (the counter was offline)', () => {
  const at = (iso: string) => `2026-11-24T${iso}.000Z`;
  assert.is(formatPresses({ pressCount: 2, lastPressAt: at('09:03:09'), raisedAt: at('09:01:00') }), '2 次（最後 17:03:09）');
  assert.is(formatPresses({ pressCount: 1, lastPressAt: at('09:00:00'), raisedAt: at('09:00:01') }), '1 次（最後 17:00:00）');
  assert.is(
    formatPresses({ pressCount: 1, lastPressAt: at('09:00:00'), raisedAt: at('09:12:30') }),
    '1 次（最後 17:00:00），延遲 12 分 30 秒 才送達（櫃檯曾離線）',
  );
});

test.run();
