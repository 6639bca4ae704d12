import { CountergateError } from '../../lib/errors.ts';

/**
 * Taiwan time. Asia/Taipei has been UTC+8 without daylight saving since 1979, so a fixed
 * offset is exact for every date the system will see, and SQLite can bucket with '+8 hours'.
 */
export const TAIPEI_OFFSET_MS = 8 * 3600 * 1000;
export const TAIPEI_SQL_MODIFIER = '+8 hours';

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
/** Query parameters accept a Taiwan calendar day or an ISO date-time. */
export const DAY_OR_TIME_PATTERN =
  '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$';

/** The Taiwan calendar day (YYYY-MM-DD) of an instant. */
export function taipeiDay(ms: number): string {
  return new Date(ms + TAIPEI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Taiwan calendar day starts (00:00 in Taipei = 16:00 UTC the day before). */
export function taipeiDayStart(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`) - TAIPEI_OFFSET_MS;
}

/** ISO 8601 week of a calendar day: `YYYY-Www` with the ISO week-year. */
export function isoWeek(day: string): string {
  const d = new Date(`${day}T00:00:00.000Z`);
  const dow = (d.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  d.setUTCDate(d.getUTCDate() - dow + 3); // the Thursday of this week decides the year
  const year = d.getUTCFullYear();
  const week = Math.ceil(((d.getTime() - Date.UTC(year, 0, 1)) / 86400000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function badTime(name: string, value: string): CountergateError {
  return new CountergateError('CG_BAD_TIME', `${name}=${value} is not a date (YYYY-MM-DD) or an ISO date-time`, {
    statusCode: 400,
    userMessage: '日期格式不正確，請用 YYYY-MM-DD。',
  });
}

/**
 * Parses a range bound. A bare day means that Taiwan day: `from` is its first instant, `to`
 * includes the whole day (the bound becomes the next day's start, exclusive).
 */
export function parseBound(name: 'from' | 'to', value: string): number {
  if (DAY_RE.test(value)) {
    const start = taipeiDayStart(value);
    if (Number.isNaN(start)) throw badTime(name, value);
    return name === 'to' ? start + 86400000 : start;
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || !new RegExp(DAY_OR_TIME_PATTERN).test(value)) throw badTime(name, value);
  return ms;
}

/** UTC ISO text, the form `events.ts` and `alarms.raised_at` are stored in and compared as. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
