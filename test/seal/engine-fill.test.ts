import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PairKind } from '../../tools/sealgen/dataset.ts';
import { codes, generatedCase } from './generated.ts';

// Genuine 陰刻 prints whose heavy ink filled white strokes: the fill reads as ink added where the
// registered seal is white. Where the outline does not show the spread (fresh11 person 5, out
// 0.2 px) or characters sit a little apart (fresh3 person 9, layout 0.68 px), the ink cannot
// be told from a re-cut: the clerk is asked for an impression with less ink, not refused.
// References alternate as in the benchmark's labels.
test('陰刻: white strokes filled by heavy ink ask for a lighter impression, not a refusal', async () => {
  const cases: Array<[string, number, PairKind, number]> = [
    ['fresh3', 9, 'genuine-heavy', 2],
    ['fresh11', 5, 'genuine-normal', 1],
  ];
  for (const [seed, index, kind, refNo] of cases) {
    const { person, judge } = await generatedCase(seed, index, refNo);
    assert.is(person.genuine.spec.polarity, 'yin');
    const c = await judge(kind);
    assert.is(c.decision, 'unclear', `${seed}/${index} ${kind}: ${codes(c).join(',')}`);
    assert.equal(codes(c), ['SEAL_INK_FILLED']);
    assert.ok(c.reasons[0]!.messageZh.includes('印泥過多'));
  }
});

// Seed bench, person 13: a heavy 陰刻 print whose white strokes read narrower against the
// outline, which itself shows the spread (0.47 px out), and whose ink is uneven from character
// to character. The doubt names the ink, not a re-cut, while a seal cut with narrower white
// strokes (seed fresh4, person 6, printed with normal ink) is still doubted for its stroke weight.
test('陰刻: white strokes narrowed where the outline shows heavy ink are put down to the ink', async () => {
  for (const [seed, index] of [['bench', 13]] as const) {
    const { judge } = await generatedCase(seed, index, 2);
    const c = await judge('genuine-heavy');
    assert.is(c.decision, 'unclear', `${seed}/${index}: ${codes(c).join(',')}`);
    assert.ok(codes(c).includes('SEAL_INK_FILLED'), `${seed}/${index}: ${codes(c).join(',')}`);
    assert.not.ok(codes(c).includes('SEAL_STROKE_WEIGHT'), `${seed}/${index}: ${codes(c).join(',')}`);
  }
  const { judge } = await generatedCase('fresh4', 6, 2);
  const forged = await judge('forgery-stroke-weight');
  assert.is.not(forged.decision, 'match', codes(forged).join(','));
  assert.ok(codes(forged).includes('SEAL_STROKE_WEIGHT'), codes(forged).join(','));
});

// Heavy 陰刻 prints (seed bench person 12, fresh5 person 8) whose spread shows at the outline,
// every stroke in place and ink in the white strokes below the mismatch limits: a match. A
// glyph-shift forgery (fresh5 person 2) with as much such ink, stamped without that spread, is not.
test('陰刻: a little ink in the white strokes of a heavy print with every stroke in place is a match', async () => {
  for (const [seed, index] of [['bench', 12], ['fresh5', 8]] as const) {
    const { judge } = await generatedCase(seed, index, 2);
    const c = await judge('genuine-heavy');
    assert.is(c.decision, 'match', `${seed}/${index}: ${codes(c).join(',')}`);
    assert.ok(c.metrics.displaced! > 0.005 * 3 || c.metrics.maxCellExtra! > 0.05 * 3, `${seed}/${index}: no ink to excuse`);
  }
  const { judge } = await generatedCase('fresh5', 2, 1);
  const forged = await judge('forgery-glyph-shift');
  assert.is.not(forged.decision, 'match', codes(forged).join(','));
});

// Seed report, person 8: a sister-typeface forgery of a 陰刻 seal with the same amount of added
// ink and strokes as much in place, but without the spread a fill-in shows: still refused.
// Heavy 陰刻 prints whose ink in the white strokes is over the mismatch limits (up to three
// times), with the outline 0.5-0.7 px out and every stroke and character in place: the spread
// accounts for it, a match (fresh2 person 1, fresh6 person 3, fresh10 person 6). A border cut otherwise
// on fresh6 person 3's seal, printed as heavily, and a seal cut with wider white strokes
// (fresh8 person 4) are still refused.
test('陰刻: ink in the white strokes that the spread at the outline accounts for is a match', async () => {
  const cases: Array<[string, number, PairKind, number]> = [
    ['fresh2', 1, 'genuine-heavy', 2],
    ['fresh6', 3, 'genuine-heavy', 2],
    ['fresh10', 6, 'genuine-heavy', 2],
  ];
  for (const [seed, index, kind, refNo] of cases) {
    const { judge } = await generatedCase(seed, index, refNo);
    const c = await judge(kind);
    assert.is(c.decision, 'match', `${seed}/${index} ${kind}: ${codes(c).join(',')}`);
    assert.ok(c.metrics.displaced! > 0.012 * 2 || c.metrics.maxCellExtra! > 0.12 * 2, `${seed}/${index}: within the mismatch limits, nothing to excuse`);
    assert.ok(c.metrics.weightFrame! >= 0.3, `${seed}/${index}: the outline shows no spread`);
  }
  const border = await (await generatedCase('fresh6', 3, 1)).judge('forgery-border');
  assert.is(border.decision, 'mismatch', codes(border).join(','));
  const wider = await (await generatedCase('fresh8', 4, 2)).judge('forgery-stroke-weight');
  assert.is(wider.decision, 'mismatch', codes(wider).join(','));
  assert.ok(codes(wider).includes('SEAL_STROKE_WEIGHT'), codes(wider).join(','));
});

test('陰刻: added ink without the spread of heavy ink is still a mismatch', async () => {
  const { person, judge } = await generatedCase('report', 8, 2);
  assert.is(person.genuine.spec.polarity, 'yin');
  const c = await judge('forgery-sister-font');
  assert.is(c.decision, 'mismatch', codes(c).join(','));
  assert.not.ok(codes(c).includes('SEAL_INK_FILLED'));
});

test.run();
