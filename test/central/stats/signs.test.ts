import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openDatabase } from '../../../central/db/sqlite.ts';
import { binomialCdf, findSigns } from '../../../central/stats/signs.ts';
import type { RatingLevel } from '../../../contract/ratings.ts';
import { EventWriter, pick, prng } from './helpers.ts';

const NOW = Date.parse('2026-03-31T08:00:00.000Z');
const NORMAL: Record<RatingLevel, number> = {
  'very-satisfied': 40,
  satisfied: 35,
  'no-opinion': 10,
  dissatisfied: 10,
  'very-dissatisfied': 5,
};
// Residents who want to complain can only reach 不滿意 here: 非常不滿意 is covered up.
const COVERED: Record<RatingLevel, number> = { ...NORMAL, dissatisfied: 15, 'very-dissatisfied': 0 };
// Ratings stuffed with happy presses: unhappy ones are rare, yet every button still works.
const STUFFED: Record<RatingLevel, number> = {
  'very-satisfied': 62,
  satisfied: 30,
  'no-opinion': 6,
  dissatisfied: 1.5,
  'very-dissatisfied': 0.5,
};

/** Eight counters, ~420 ratings each over 60 days, at realistic office hours. */
function office(seed: number, special: Record<string, Record<RatingLevel, number>> = {}) {
  const db = openDatabase(':memory:');
  const w = new EventWriter(db);
  const rand = prng(seed);
  for (let c = 1; c <= 8; c++) {
    const counter = `c${c}`;
    const weights = special[counter] ?? NORMAL;
    for (let day = 60; day >= 1; day--) {
      const dayStart = NOW - day * 86400000;
      const n = 4 + Math.floor(rand() * 6);
      for (let i = 0; i < n; i++) {
        const ts = new Date(dayStart + Math.floor(rand() * 8 * 3600 * 1000)).toISOString();
        // about one case in eight is not rated
        const level = rand() < 0.12 ? null : pick(rand, weights);
        w.caseWith('o1', counter, `clerk${c}`, ts, level);
      }
    }
  }
  return db;
}

test('binomialCdf matches known values and survives large n', () => {
  assert.ok(Math.abs(binomialCdf(0, 10, 0.5) - 1 / 1024) < 1e-12);
  assert.ok(Math.abs(binomialCdf(5, 10, 0.5) - 0.623046875) < 1e-9);
  assert.is(binomialCdf(10, 10, 0.3), 1);
  const tiny = binomialCdf(5, 5000, 0.2);
  assert.ok(tiny >= 0 && tiny < 1e-300, 'no NaN for huge n');
  assert.ok(binomialCdf(900, 5000, 0.2) < 0.001 && binomialCdf(1000, 5000, 0.2) > 0.4);
});

test('a normal office shows no signs', () => {
  for (const seed of [1, 2, 3]) {
    const signs = findSigns(office(seed), { office: 'o1', now: NOW });
    assert.equal(signs, [], `seed ${seed}`);
  }
});

test('a stuffed counter shows a low negative share; a covered button shows as silent', () => {
  const db = office(7, { c3: STUFFED, c6: COVERED });
  const signs = findSigns(db, { office: 'o1', now: NOW });
  const low = signs.filter((s) => s.kind === 'low-negative-share');
  assert.equal(low.map((s) => s.counter), ['c3']);
  const ev = low[0]!.evidence;
  assert.ok((ev.pValue as number) < 0.001);
  assert.ok((ev.ratings as number) >= 100);
  assert.match(low[0]!.detail, /請檢查此櫃檯的按鈕/);
  assert.match(low[0]!.detail, new RegExp(`${ev.ratings} 次評分`));
  const silent = signs.filter((s) => s.kind === 'silent-button' && s.counter === 'c6');
  assert.equal(silent.map((s) => s.level), ['very-dissatisfied']);
  assert.match(silent[0]!.detail, /「非常不滿意」一次都沒有被按下/);
  assert.is(silent[0]!.evidence.ratings, 200);
  const others = signs.filter((s) => s.counter !== 'c3' && s.counter !== 'c6');
  assert.equal(others, [], 'the honest counters are not flagged');
});

test('too few ratings are never flagged', () => {
  const db = office(7, { c3: STUFFED, c6: COVERED });
  assert.equal(findSigns(db, { office: 'o1', now: NOW, minRatings: 10_000, lastN: 10_000 }), []);
  assert.equal(findSigns(db, { office: 'other', now: NOW }), []);
});

test.run();
