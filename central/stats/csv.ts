import { RATING_LABELS_ZH, RATING_LEVELS } from '../../contract/ratings.ts';
import type { GroupBy, StatsRow } from './queries.ts';

/** Excel only reads a CSV as UTF-8 when it starts with a byte order mark. */
export const BOM = '\uFEFF';

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF, or edge spaces;
 * quotes doubled. Text that a spreadsheet would run as a formula (= + - @ at the start) gets a
 * leading apostrophe, so an office or clerk name cannot smuggle a formula into Excel.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let s = value;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const percent = (x: number | null) => (x === null ? '' : `${(Math.round(x * 1000) / 10).toFixed(1)}%`);

/** The statistics as a CSV file with zh-TW headers, CRLF line ends and a BOM. */
export function statsCsv(rows: StatsRow[], groupBy: GroupBy): string {
  const header = [
    '期間',
    '戶政事務所',
    ...(groupBy === 'counter' ? ['櫃檯'] : []),
    ...(groupBy === 'clerk' ? ['櫃檯人員'] : []),
    '案件數',
    '已評分',
    '未評分',
    '未評分比例',
    ...RATING_LEVELS.map((l) => RATING_LABELS_ZH[l]),
    '滿意比例',
    '不滿意比例',
    '無效按壓',
    '警示數',
    '確認時間中位數（秒）',
  ];
  const lines = [header.map(csvField).join(',')];
  for (const r of rows) {
    const fields: (string | number | null)[] = [
      r.period,
      r.office,
      ...(groupBy === 'counter' ? [r.counter ?? ''] : []),
      ...(groupBy === 'clerk' ? [r.clerk ?? '（未登入）'] : []),
      r.cases,
      r.rated,
      r.unrated,
      percent(r.unratedShare),
      ...RATING_LEVELS.map((l) => r.ratings[l]),
      percent(r.satisfiedShare),
      percent(r.dissatisfiedShare),
      r.ignoredPresses,
      r.alarms,
      r.medianAckS,
    ];
    lines.push(fields.map(csvField).join(','));
  }
  return BOM + lines.join('\r\n') + '\r\n';
}
