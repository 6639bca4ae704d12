import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decisionFigures, perKind, percentile, scoreFigures, type PairResult } from '../../bench/seal-metrics.ts';

const r = (kind: string, decision: string, score: number, expected = kind.startsWith('genuine') ? 'match' : 'mismatch'): PairResult => ({ kind, expected, decision, score, ms: 10 });

test('EER is zero when every genuine score is above every impostor score', () => {
  const s = scoreFigures([r('genuine-normal', 'match', 0.9), r('genuine-pale', 'match', 0.8), r('other-person', 'mismatch', 0.2), r('forgery-border', 'mismatch', 0.3)]);
  assert.is(s.eer, 0);
  assert.is(s.frrAtFar1, 0);
  assert.ok(s.thresholdAtFar1 > 0.3 && s.thresholdAtFar1 <= 0.8);
});

test('overlapping scores give a non-zero EER and false rejects at 1% false accepts', () => {
  const results = [
    ...[0.9, 0.8, 0.7, 0.4].map((x) => r('genuine-normal', 'match', x)),
    ...[0.1, 0.2, 0.3, 0.75].map((x) => r('forgery-sister-font', 'mismatch', x)),
  ];
  const s = scoreFigures(results);
  assert.is(s.eer, 0.25);
  // Keeping false accepts at 0 requires rejecting the 0.7 and 0.4 genuine pairs.
  assert.is(s.frrAtFar1, 0.5);
});

test('blank pages are neither genuine nor impostor in score figures; decisions count them apart', () => {
  const results = [r('genuine-normal', 'match', 0.9), r('blank', 'match', 0.95, 'unclear|mismatch'), r('other-person', 'match', 0.6)];
  const s = scoreFigures(results);
  assert.is(s.genuine, 1);
  assert.is(s.impostor, 1);
  const d = decisionFigures(results);
  assert.is(d.falseAccept, 1);
  assert.is(d.blankAccepted, 1);
});

test('per-kind rates and ok share follow the expected alternatives', () => {
  const k = perKind([r('genuine-pale', 'unclear', 0.5, 'match|unclear'), r('genuine-pale', 'mismatch', 0.1, 'match|unclear')]);
  assert.is(k['genuine-pale']!.ok, 0.5);
  assert.is(k['genuine-pale']!.unclear, 0.5);
  assert.is(percentile([5, 1, 3, 2, 4], 50), 3);
  assert.is(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95), 10);
});

test.run();
