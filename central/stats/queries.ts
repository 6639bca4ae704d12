import type { Statement } from 'better-sqlite3';
import { RATING_LEVELS, type RatingLevel } from '../../contract/ratings.ts';
import type { Database } from '../db/sqlite.ts';
import { iso, isoWeek, taipeiDay } from './time.ts';

export const GROUP_BYS = ['office', 'counter', 'clerk'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];
export const PERIODS = ['day', 'week', 'month'] as const;
export type Period = (typeof PERIODS)[number];

/** One row of the statistics (docs/INTERFACES.md). Shares are null when there is nothing to divide by. */
export interface StatsRow {
  /** Taiwan day YYYY-MM-DD, ISO week YYYY-Www or month YYYY-MM. */
  period: string;
  office: string;
  counter?: string;
  /** Absent on a clerk row for presses made while nobody was signed in. */
  clerk?: string;
  /** Completed cases (receipt or one-time notice), each opening one rating window. */
  cases: number;
  rated: number;
  /** Cases of this period that never got a rating. */
  unrated: number;
  unratedShare: number | null;
  ratings: Record<RatingLevel, number>;
  /** (very-satisfied + satisfied) / rated */
  satisfiedShare: number | null;
  /** (dissatisfied + very-dissatisfied) / rated */
  dissatisfiedShare: number | null;
  /** Presses outside a window or after the case's one counted press. */
  ignoredPresses: number;
  alarms: number;
  /** Median seconds from raising to acknowledging, over this row's acknowledged alarms. */
  medianAckS: number | null;
}

export interface StatsQuery {
  groupBy: GroupBy;
  period: Period;
  /** Inclusive start, exclusive end (epoch ms). */
  from: number;
  to: number;
  /** One office, or every office when absent. */
  office?: string;
  /** Only this clerk's events and alarms (a clerk reading their own statistics). */
  clerk?: string;
}

const LEVEL_COLUMNS = RATING_LEVELS.map((l, i) => `SUM(CASE WHEN e.kind = 'rating' AND e.level = '${l}' THEN 1 ELSE 0 END) AS l${i}`);

/**
 * The UTC hour of a stored time, 'YYYY-MM-DDTHH'. Stored times are toISOString() text, so a
 * substring is exact and far cheaper than SQLite's date(); other offsets go through strftime.
 */
const hourOf = (col: string) =>
  `CASE WHEN substr(${col}, -1) = 'Z' THEN substr(${col}, 1, 13) ELSE strftime('%Y-%m-%dT%H', ${col}) END`;

interface EventAgg {
  hour: string;
  office: string;
  counter: string | null;
  clerk: string | null;
  cases: number;
  unrated: number;
  ignored: number;
  [level: `l${number}`]: number;
}

interface AlarmAgg {
  hour: string;
  office: string;
  counter: string | null;
  clerk: string | null;
  raised_at: string;
  acknowledged_at: string | null;
}

function groupColumns(groupBy: GroupBy, alias: string): { counter: string; clerk: string } {
  return {
    counter: groupBy === 'counter' ? `${alias}.counter` : 'NULL',
    clerk: groupBy === 'clerk' ? `${alias}.clerk` : 'NULL',
  };
}

function periodOf(day: string, period: Period): string {
  if (period === 'day') return day;
  if (period === 'month') return day.slice(0, 7);
  return isoWeek(day);
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const m = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return Math.round(m * 10) / 10;
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/**
 * Statistics per office, counter or clerk and Taiwan day, ISO week or month. Events are
 * counted by their gateway time, alarms by when they were raised. SQL groups by UTC hour (few
 * rows leave the database); hours become Taiwan days (UTC+8, so an hour never straddles two),
 * and days fold into ISO weeks and months here.
 */
export class StatsQueries {
  private readonly cache = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  rows(q: StatsQuery): StatsRow[] {
    // One office at a time, so every query is a range scan of the covering (office, ts, …)
    // index; "every office" means every office central knows (offices are never deleted).
    const offices =
      q.office !== undefined
        ? [q.office]
        : (this.stmt('offices', () => 'SELECT id FROM offices ORDER BY id').all() as { id: string }[]).map((o) => o.id);
    const clerkFilter = q.clerk !== undefined ? ' AND e.clerk = ?' : '';
    const events = this.stmt(`ev:${q.groupBy}:${clerkFilter}`, () => {
      const g = groupColumns(q.groupBy, 'e');
      // '+' keeps SQLite (no ANALYZE statistics) from preferring the (kind, ts) index.
      return `SELECT ${hourOf('e.ts')} AS hour, e.office AS office, ${g.counter} AS counter,
          ${g.clerk} AS clerk,
          SUM(CASE WHEN e.kind = 'case' THEN 1 ELSE 0 END) AS cases,
          SUM(CASE WHEN e.kind = 'case' THEN NOT EXISTS (
            SELECT 1 FROM events r WHERE r.kind = 'rating' AND r.office = e.office AND r.counter = e.counter
              AND r.case_id = e.case_id) ELSE 0 END) AS unrated,
          SUM(CASE WHEN e.kind = 'press-ignored' THEN 1 ELSE 0 END) AS ignored,
          ${LEVEL_COLUMNS.join(',\n          ')}
        FROM events e
        WHERE e.office = ? AND e.ts >= ? AND e.ts < ? AND +e.kind IN ('case', 'rating', 'press-ignored')${clerkFilter}
        GROUP BY hour, counter, clerk`;
    });
    const alarms = this.stmt(`al:${q.groupBy}:${clerkFilter}`, () => {
      const g = groupColumns(q.groupBy, 'e');
      return `SELECT ${hourOf('e.raised_at')} AS hour, e.office AS office, ${g.counter} AS counter,
          ${g.clerk} AS clerk, e.raised_at AS raised_at, e.acknowledged_at AS acknowledged_at
        FROM alarms e WHERE e.office = ? AND e.raised_at >= ? AND e.raised_at < ?${clerkFilter}`;
    });
    const eventRows: EventAgg[] = [];
    const alarmRows: AlarmAgg[] = [];
    for (const office of offices) {
      const args: string[] = [office, iso(q.from), iso(q.to), ...(q.clerk !== undefined ? [q.clerk] : [])];
      for (const r of events.all(...args) as EventAgg[]) eventRows.push(r);
      for (const r of alarms.all(...args) as AlarmAgg[]) alarmRows.push(r);
    }

    const acc = new Map<string, { row: StatsRow; ack: number[] }>();
    const days = new Map<string, string>();
    const bucket = (hour: string, office: string, counter: string | null, clerk: string | null) => {
      let period = days.get(hour);
      if (period === undefined) {
        period = periodOf(taipeiDay(Date.parse(`${hour}:00:00.000Z`)), q.period);
        days.set(hour, period);
      }
      const key = `${period}\u0000${office}\u0000${counter ?? ''}\u0000${clerk ?? '\u0001'}`;
      let b = acc.get(key);
      if (!b) {
        const row: StatsRow = {
          period,
          office,
          ...(q.groupBy === 'counter' && counter !== null ? { counter } : {}),
          ...(q.groupBy === 'clerk' && clerk !== null ? { clerk } : {}),
          cases: 0,
          rated: 0,
          unrated: 0,
          unratedShare: null,
          ratings: Object.fromEntries(RATING_LEVELS.map((l) => [l, 0])) as Record<RatingLevel, number>,
          satisfiedShare: null,
          dissatisfiedShare: null,
          ignoredPresses: 0,
          alarms: 0,
          medianAckS: null,
        };
        b = { row, ack: [] };
        acc.set(key, b);
      }
      return b;
    };
    for (const e of eventRows) {
      const { row } = bucket(e.hour, e.office, e.counter, e.clerk);
      row.cases += e.cases;
      row.unrated += e.unrated;
      row.ignoredPresses += e.ignored;
      RATING_LEVELS.forEach((l, i) => {
        row.ratings[l] += e[`l${i}`] ?? 0;
      });
    }
    for (const a of alarmRows) {
      const b = bucket(a.hour, a.office, a.counter, a.clerk);
      b.row.alarms += 1;
      if (a.acknowledged_at !== null) b.ack.push((Date.parse(a.acknowledged_at) - Date.parse(a.raised_at)) / 1000);
    }
    const out: StatsRow[] = [];
    for (const { row, ack } of acc.values()) {
      const r = row.ratings;
      row.rated = RATING_LEVELS.reduce((n, l) => n + r[l], 0);
      row.unratedShare = share(row.unrated, row.cases);
      row.satisfiedShare = share(r['very-satisfied'] + r.satisfied, row.rated);
      row.dissatisfiedShare = share(r.dissatisfied + r['very-dissatisfied'], row.rated);
      row.medianAckS = median(ack);
      out.push(row);
    }
    const k = (r: StatsRow) => [r.period, r.office, r.counter ?? '', r.clerk ?? ''];
    return out.sort((a, b) => {
      const ka = k(a);
      const kb = k(b);
      for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
      return 0;
    });
  }

  private stmt(key: string, sql: () => string): Statement {
    let s = this.cache.get(key);
    if (!s) {
      s = this.db.prepare(sql());
      this.cache.set(key, s);
    }
    return s;
  }
}
