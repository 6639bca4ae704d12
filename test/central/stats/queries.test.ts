import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openDatabase } from '../../../central/db/sqlite.ts';
import { StatsQueries } from '../../../central/stats/queries.ts';
import { isoWeek, parseBound, taipeiDay } from '../../../central/stats/time.ts';
import { BOM, csvField, statsCsv } from '../../../central/stats/csv.ts';
import { EventWriter } from './helpers.ts';

const from = parseBound('from', '2026-02-20');
const to = parseBound('to', '2026-03-10');

function seeded() {
  const db = openDatabase(':memory:');
  const w = new EventWriter(db);
  // 2026-03-01 23:59:59 in Taipei is 15:59:59 UTC; one second later it is 2 March in Taipei.
  w.caseWith('o1', 'c1', 'amy', '2026-03-01T15:59:50.000Z', 'very-satisfied', 15); // rated after midnight
  w.caseWith('o1', 'c1', 'amy', '2026-03-01T16:00:01.000Z', 'dissatisfied', 5);
  w.caseWith('o1', 'c2', 'ben', '2026-03-01T16:10:00.000Z', null);
  w.caseWith('o1', 'c2', 'ben', '2026-03-01T03:00:00.000Z', 'satisfied');
  w.ignored('o1', 'c2', null, '2026-03-01T17:00:00.000Z');
  w.ignored('o1', 'c1', 'amy', '2026-03-01T17:00:00.000Z');
  // another office, and an event before the range
  w.caseWith('o2', 'c1', 'cat', '2026-03-02T02:00:00.000Z', 'very-dissatisfied');
  w.caseWith('o1', 'c1', 'amy', '2026-02-01T02:00:00.000Z', 'very-dissatisfied');
  const alarm = db.prepare(
    `INSERT INTO alarms (id, office, counter, clerk, severity, state, raised_at, updated_at, last_level, last_event_id,
       last_press_at, acknowledged_by, acknowledged_at)
     VALUES (?, 'o1', ?, ?, 'major', ?, ?, ?, 'dissatisfied', 'e', ?, ?, ?)`,
  );
  const a = (id: string, counter: string, clerk: string, raised: string, ackS: number | null) => {
    const ack = ackS === null ? null : new Date(Date.parse(raised) + ackS * 1000).toISOString();
    alarm.run(id, counter, clerk, ack ? 'acknowledged' : 'raised', raised, raised, raised, ack ? 'sup' : null, ack);
  };
  a('a1', 'c1', 'amy', '2026-03-01T16:00:07.000Z', 30);
  a('a2', 'c1', 'amy', '2026-03-02T01:00:00.000Z', 90);
  a('a3', 'c2', 'ben', '2026-03-02T02:00:00.000Z', null);
  a('a4', 'c2', 'ben', '2026-03-02T03:00:00.000Z', 40);
  return { db, stats: new StatsQueries(db) };
}

test('days are Taiwan days: events either side of Taipei midnight fall on different days', () => {
  const { stats } = seeded();
  const rows = stats.rows({ groupBy: 'office', period: 'day', from, to, office: 'o1' });
  assert.equal(
    rows.map((r) => [r.period, r.cases, r.rated]),
    [
      ['2026-03-01', 2, 1],
      ['2026-03-02', 2, 2],
    ],
  );
  const d2 = rows[1]!;
  assert.is(d2.unrated, 1);
  assert.is(d2.unratedShare, 0.5);
  assert.is(d2.ratings.dissatisfied, 1);
  assert.is(d2.dissatisfiedShare, 0.5);
  assert.is(d2.satisfiedShare, 0.5);
  assert.is(d2.ignoredPresses, 2);
  assert.is(d2.alarms, 4);
  assert.is(d2.medianAckS, 40, 'median of 30, 90, 40 seconds; the unacknowledged one does not count');
  const d1 = rows[0]!;
  assert.is(d1.satisfiedShare, 1);
  assert.is(d1.unrated, 0);
  assert.is(d1.alarms, 0);
  assert.is(d1.medianAckS, null);
});

test('a case rated after midnight is not unrated', () => {
  const { stats } = seeded();
  const day1 = stats.rows({ groupBy: 'counter', period: 'day', from, to, office: 'o1' }).find(
    (r) => r.period === '2026-03-01' && r.counter === 'c1',
  );
  assert.is(day1?.cases, 1);
  assert.is(day1?.unrated, 0);
});

test('groupBy counter and clerk; every office without an office filter; clerk filter', () => {
  const { stats } = seeded();
  const byCounter = stats.rows({ groupBy: 'counter', period: 'month', from, to });
  assert.equal(
    byCounter.map((r) => [r.period, r.office, r.counter, r.cases]),
    [
      ['2026-03', 'o1', 'c1', 2],
      ['2026-03', 'o1', 'c2', 2],
      ['2026-03', 'o2', 'c1', 1],
    ],
  );
  const byClerk = stats.rows({ groupBy: 'clerk', period: 'month', from, to, office: 'o1' });
  assert.equal(
    byClerk.map((r) => [r.clerk, r.cases, r.ignoredPresses, r.alarms]),
    [
      [undefined, 0, 1, 0],
      ['amy', 2, 1, 2],
      ['ben', 2, 0, 2],
    ],
  );
  assert.ok(!('counter' in byClerk[1]!));
  const own = stats.rows({ groupBy: 'clerk', period: 'month', from, to, office: 'o1', clerk: 'amy' });
  assert.equal(own.map((r) => r.clerk), ['amy']);
});

test('week and month buckets follow ISO weeks and Taiwan months', () => {
  const { stats } = seeded();
  // Sunday 1 March (Taipei) is in 2026-W09, Monday 2 March starts 2026-W10.
  const weeks = stats.rows({ groupBy: 'office', period: 'week', from, to, office: 'o1' });
  assert.equal(weeks.map((r) => [r.period, r.cases]), [
    ['2026-W09', 2],
    ['2026-W10', 2],
  ]);
  const all = stats.rows({ groupBy: 'office', period: 'month', from: parseBound('from', '2026-01-01'), to, office: 'o1' });
  assert.equal(all.map((r) => [r.period, r.cases]), [
    ['2026-02', 1],
    ['2026-03', 4],
  ]);
});

test('ISO weeks use the ISO week-year at the turn of the year', () => {
  assert.is(isoWeek('2021-01-03'), '2020-W53');
  assert.is(isoWeek('2021-01-04'), '2021-W01');
  assert.is(isoWeek('2024-12-30'), '2025-W01');
  assert.is(isoWeek('2026-12-31'), '2026-W53');
});

test('range bounds are Taiwan days, `to` inclusive', () => {
  const { stats } = seeded();
  const only1 = stats.rows({
    groupBy: 'office',
    period: 'day',
    from: parseBound('from', '2026-03-01'),
    to: parseBound('to', '2026-03-01'),
    office: 'o1',
  });
  assert.equal(only1.map((r) => r.period), ['2026-03-01']);
  assert.is(taipeiDay(Date.parse('2026-03-01T16:00:00.000Z')), '2026-03-02');
});

test('CSV: BOM, zh-TW header, CRLF, quoting and no formulas', () => {
  const { stats } = seeded();
  const rows = stats.rows({ groupBy: 'counter', period: 'day', from, to, office: 'o1' });
  const csv = statsCsv(rows, 'counter');
  assert.ok(csv.startsWith(BOM));
  const lines = csv.slice(1).split('\r\n');
  assert.is(lines.at(-1), '', 'ends with a line break');
  assert.ok(lines[0]!.startsWith('期間,戶政事務所,櫃檯,案件數,已評分,未評分,未評分比例,非常滿意,滿意,不清楚,不滿意,非常不滿意'));
  assert.is(lines.length, rows.length + 2);
  assert.ok(lines.some((l) => l.startsWith('2026-03-02,o1,c2,1,0,1,100.0%,')));
  assert.is(csvField('a,b'), '"a,b"');
  assert.is(csvField('say "hi"'), '"say ""hi"""');
  assert.is(csvField('two\nlines'), '"two\nlines"');
  assert.is(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.is(csvField(0.5), '0.5');
  assert.is(csvField(null), '');
  const clerkCsv = statsCsv(stats.rows({ groupBy: 'clerk', period: 'day', from, to, office: 'o1' }), 'clerk');
  assert.ok(clerkCsv.includes('（未登入）'));
  assert.ok(clerkCsv.split('\r\n')[0]!.includes('櫃檯人員'));
});

test.run();
