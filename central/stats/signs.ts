import { RATING_LABELS_ZH, RATING_LEVELS, type RatingLevel } from '../../contract/ratings.ts';
import type { Database } from '../db/sqlite.ts';
import { iso } from './time.ts';

export type SignKind = 'low-negative-share' | 'silent-button';

/** A statistical hint that a counter's ratings may be tampered with or stuffed. */
export interface Sign {
  office: string;
  counter: string;
  kind: SignKind;
  level?: RatingLevel;
  /** zh-TW, for the supervisor: what was seen and what to check. */
  detail: string;
  evidence: Record<string, number | string>;
}

export interface SignOptions {
  /** One office, or every office. */
  office?: string;
  now?: number;
  /** low-negative-share looks at this many days of ratings. */
  windowDays?: number;
  /** Counters with fewer ratings than this are never flagged as low-negative-share. */
  minRatings?: number;
  /** silent-button looks at each counter's last N ratings. */
  lastN?: number;
  /** silent-button ignores ratings older than this (keeps the query bounded). */
  horizonDays?: number;
  /** A sign is raised when the observation is less likely than this under the office's rates. */
  alpha?: number;
}

export const SIGN_DEFAULTS = { windowDays: 90, minRatings: 100, lastN: 200, alpha: 0.001, horizonDays: 365 } as const;

const NEGATIVE: RatingLevel[] = ['dissatisfied', 'very-dissatisfied'];

function logSumExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** P(X ≤ k) for X ~ Binomial(n, p), summed in log space so large n does not underflow. */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k >= n || p <= 0) return 1;
  if (k < 0) return 0;
  if (p >= 1) return 0;
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  let term = n * lq; // log P(X = 0)
  let sum = term;
  for (let i = 0; i < k; i++) {
    term += Math.log((n - i) / (i + 1)) + lp - lq;
    sum = logSumExp(sum, term);
  }
  return Math.min(1, Math.exp(sum));
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const prob = (p: number) => (p < 1e-4 ? p.toExponential(1) : p.toPrecision(2));

interface CounterLevels {
  office: string;
  counter: string;
  level: RatingLevel;
  n: number;
}

/** counts[office][counter][level] */
type Counts = Map<string, Map<string, Record<RatingLevel, number>>>;

function collect(rows: CounterLevels[]): Counts {
  const out: Counts = new Map();
  for (const r of rows) {
    let office = out.get(r.office);
    if (!office) out.set(r.office, (office = new Map()));
    let c = office.get(r.counter);
    if (!c) office.set(r.counter, (c = Object.fromEntries(RATING_LEVELS.map((l) => [l, 0])) as Record<RatingLevel, number>));
    if (RATING_LEVELS.includes(r.level)) c[r.level] += r.n;
  }
  return out;
}

const total = (c: Record<RatingLevel, number>) => RATING_LEVELS.reduce((n, l) => n + c[l], 0);

/**
 * Flags counters whose ratings are implausible next to the rest of their office. Each counter
 * is compared with the office's other counters (leave-one-out), so a stuffed counter does not
 * drag the baseline it is judged against.
 *
 * - low-negative-share: k unhappy ratings out of n in the window while the other counters'
 *   share is p; flagged when P(X ≤ k | n, p) < alpha and n ≥ minRatings.
 * - silent-button: a level absent from the counter's last N ratings while the other counters
 *   press it at rate q; flagged when (1 − q)^N < alpha (covered or broken buttons, seed 003's
 *   Miaoli case).
 *
 * With many counters a few chance hits are expected at alpha = 0.001 per test; the detail says
 * "please check", not "stuffed".
 */
export function findSigns(db: Database, opts: SignOptions = {}): Sign[] {
  const windowDays = opts.windowDays ?? SIGN_DEFAULTS.windowDays;
  const minRatings = opts.minRatings ?? SIGN_DEFAULTS.minRatings;
  const lastN = opts.lastN ?? SIGN_DEFAULTS.lastN;
  const alpha = opts.alpha ?? SIGN_DEFAULTS.alpha;
  const horizonDays = opts.horizonDays ?? SIGN_DEFAULTS.horizonDays;
  const now = opts.now ?? Date.now();
  const since = iso(now - windowDays * 86400000);
  const until = iso(now);
  const horizon = iso(now - horizonDays * 86400000);

  // One office at a time on the (office, ts) and (office, counter, ts) indexes: without ANALYZE
  // statistics SQLite would choose (kind, ts) and read every office's ratings ('+' hides kind).
  const windowStmt = db.prepare(
    `SELECT office, counter, level, COUNT(*) AS n FROM events
     WHERE office = ? AND +kind = 'rating' AND ts >= ? AND ts <= ? GROUP BY counter, level`,
  );
  const lastStmt = db.prepare(
    `SELECT level, COUNT(*) AS n FROM (
       SELECT level FROM events WHERE office = ? AND counter = ? AND +kind = 'rating' AND ts >= ? AND ts <= ?
       ORDER BY ts DESC, seq DESC LIMIT ?)
     GROUP BY level`,
  );
  const offices =
    opts.office !== undefined
      ? [opts.office]
      : (db.prepare('SELECT id FROM offices ORDER BY id').all() as { id: string }[]).map((o) => o.id);
  const windowRows: CounterLevels[] = [];
  const lastRows: CounterLevels[] = [];
  for (const office of offices) {
    const rows = windowStmt.all(office, since, until) as CounterLevels[];
    windowRows.push(...rows);
    // The last N ratings of each counter heard from in the window, reaching back up to the horizon.
    for (const counter of new Set(rows.map((r) => r.counter))) {
      for (const r of lastStmt.all(office, counter, horizon, until, lastN) as { level: RatingLevel; n: number }[]) {
        lastRows.push({ office, counter, level: r.level, n: r.n });
      }
    }
  }
  const windowCounts = collect(windowRows);
  const lastCounts = collect(lastRows);

  const signs: Sign[] = [];
  for (const [office, counters] of windowCounts) {
    const officeNeg = [...counters.values()].reduce((s, c) => s + NEGATIVE.reduce((x, l) => x + c[l], 0), 0);
    const officeAll = [...counters.values()].reduce((s, c) => s + total(c), 0);
    for (const [counter, c] of counters) {
      const n = total(c);
      if (n < minRatings) continue;
      const k = NEGATIVE.reduce((x, l) => x + c[l], 0);
      const restN = officeAll - n;
      if (restN < minRatings) continue;
      const p = (officeNeg - k) / restN;
      if (p <= 0) continue;
      const pValue = binomialCdf(k, n, p);
      if (pValue >= alpha) continue;
      signs.push({
        office,
        counter,
        kind: 'low-negative-share',
        detail:
          `近 ${windowDays} 天此櫃檯 ${n} 次評分中只有 ${k} 次不滿意（${pct(k / n)}），` +
          `本所其他櫃檯為 ${pct(p)}；在正常情況下出現這麼少的機率約 ${prob(pValue)}。` +
          '請檢查此櫃檯的按鈕是否被遮蓋或損壞，並確認評分只在案件完成後開放。',
        evidence: { ratings: n, negative: k, share: k / n, officeShare: p, pValue, windowDays },
      });
    }
  }
  for (const [office, counters] of lastCounts) {
    const officeLevels = Object.fromEntries(RATING_LEVELS.map((l) => [l, 0])) as Record<RatingLevel, number>;
    for (const c of counters.values()) for (const l of RATING_LEVELS) officeLevels[l] += c[l];
    const officeAll = total(officeLevels);
    for (const [counter, c] of counters) {
      const n = total(c);
      if (n < lastN) continue; // too few ratings yet to call a button silent
      const restN = officeAll - n;
      if (restN < lastN) continue;
      for (const level of RATING_LEVELS) {
        if (c[level] > 0) continue;
        const q = officeLevels[level] / restN; // this counter contributes 0 to the level
        if (q <= 0) continue;
        const pValue = Math.exp(n * Math.log1p(-q));
        if (pValue >= alpha) continue;
        signs.push({
          office,
          counter,
          kind: 'silent-button',
          level,
          detail:
            `此櫃檯最近 ${n} 次評分中「${RATING_LABELS_ZH[level]}」一次都沒有被按下，` +
            `本所其他櫃檯按下此鍵的比例為 ${pct(q)}；正常情況下出現這種情形的機率約 ${prob(pValue)}。` +
            '請檢查此櫃檯的按鈕。',
          evidence: { ratings: n, pressed: 0, officeShare: q, pValue },
        });
      }
    }
  }
  return signs.sort((a, b) =>
    a.office !== b.office ? (a.office < b.office ? -1 : 1) : a.counter !== b.counter ? (a.counter < b.counter ? -1 : 1) : 0,
  );
}
