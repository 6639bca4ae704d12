import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decide } from '../../central/seal/decide.ts';
import type { WeightFit } from '../../central/seal/weight.ts';
import { cleanPrint } from './decide-metrics.ts';

// The rule for heavy ink in a 陰刻 seal's white strokes (decide.ts fillExplains), on the
// measures alone: a clean, dark, whole 陰刻 print whose outline shows the spread (0.5 px out),
// every stroke in place, and ink in its white strokes twice the mismatch limit.
const weight = (characters: number): WeightFit => ({ frame: 0.5, characters, frameEdge: 600, charEdge: 900, scale: 0, ring: false, frameless: false });

function judge(characters: number, displaced = 0.05) {
  return decide(cleanPrint({ extra: 0.05, displaced, evidence: displaced, maxCellExtra: 0.1, intaglio: true, weight: weight(characters) }));
}

test('陰刻: ink the outline spread accounts for, white strokes narrowed by up to a pixel, is a match', () => {
  for (const drift of [0, 0.4, 0.9]) {
    const v = judge(0.5 + drift);
    assert.is(v.decision, 'match', `drift ${drift}: ${v.reasons.map((r) => r.code).join(',')}`);
  }
  // beyond what spread explains: not a match
  assert.is.not(judge(0.5 + 1.3).decision, 'match');
  // more added ink than the fill limits: not a match
  assert.is.not(judge(0.5, 0.1).decision, 'match');
});

test('陰刻: white strokes wider than the outline spread leaves them are no ink, however heavy the print', () => {
  // 0.5 px wider against an outline 0.5 px out: doubted for the weight, not excused as fill
  const v = judge(0.5 - 0.5, 0.01);
  assert.is(v.decision, 'unclear', v.reasons.map((r) => r.code).join(','));
  assert.ok(v.reasons.some((r) => r.code === 'SEAL_STROKE_WEIGHT'), v.reasons.map((r) => r.code).join(','));
  // and with the fill's added ink on top, refused or doubted, never matched
  assert.is.not(judge(0.5 - 0.5).decision, 'match');
});

test.run();
