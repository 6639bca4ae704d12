import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildReference, compareSeals } from '../../central/seal/index.ts';
import { makePerson, renderQuery, renderReference } from '../../tools/sealgen/dataset.ts';
import { codes, generatedCase } from './generated.ts';

// Stroke weight read with what the ink says about it (weight.ts, decide.ts).

// Seed fresh5, person 14: a borderless 陽刻 seal. Its heavy genuine print is visibly inkier than
// the registration and its strokes sit 0.47 px out: heavy ink. The same name cut 0.08 mm
// heavier is doubted stamped with normal ink (no inkier, strokes out as far) and stamped heavily
// (strokes out further than heavy ink takes them).
test('borderless 陽刻: an inkier print with thicker strokes is heavy ink; a heavier cut is doubted however it is stamped', async () => {
  const { person, judge } = await generatedCase('fresh5', 14, 2);
  assert.is(person.genuine.spec.border, 'none');
  assert.is(person.genuine.spec.polarity, 'yang');
  const heavy = await judge('genuine-heavy');
  assert.is(heavy.decision, 'match', codes(heavy).join(','));
  assert.ok(heavy.metrics.weightCharacters! > 0.42, `offset ${heavy.metrics.weightCharacters}`);
  for (const preset of ['normal', 'heavy'] as const) {
    const forged = await judge('forgery-stroke-weight', { preset });
    assert.is(forged.decision, 'unclear', `${preset}: ${codes(forged).join(',')}`);
    assert.ok(codes(forged).includes('SEAL_INK_WEIGHT'), `${preset}: ${codes(forged).join(',')}`);
  }
});

// Seed fresh9, person 7 (thick border ring) and fresh4, person 2 (thin ring): seals cut heavier
// and lighter whose whole, dark prints read 0.33 px against the ring, which genuine prints as
// whole and dark do not reach; their own genuine prints match.
test('陽刻 with a border ring: a whole, dark print of a re-cut seal is doubted at a third of a pixel', async () => {
  for (const [seed, index] of [['fresh9', 7], ['fresh4', 2]] as const) {
    const { judge } = await generatedCase(seed, index, 2);
    const forged = await judge('forgery-stroke-weight');
    assert.is(forged.decision, 'unclear', `${seed} p${index}: ${codes(forged).join(',')}`);
    assert.ok(codes(forged).includes('SEAL_STROKE_WEIGHT'), `${seed} p${index}: ${codes(forged).join(',')}`);
    const genuine = await judge('genuine-normal');
    assert.is(genuine.decision, 'match', `${seed} p${index}: ${codes(genuine).join(',')}`);
  }
});

// Seed fresh2, person 9: a print that lifted off along one side, whose ink fades towards the cut.
// Its border ring, read mostly on the side that printed, was taken for lighter than its characters
// (0.37 px) until the fit took a gradient of ink across the face for what it is.
test('陽刻 partial print: a pressure gradient across the face is not a lighter frame', async () => {
  const { judge } = await generatedCase('fresh2', 9, 2);
  const partial = await judge('genuine-partial');
  assert.is(partial.decision, 'match', codes(partial).join(','));
});

// Seed fresh14, person 12: a 陰刻 seal cut with wider white strokes, against a reference built from
// both registration stampings, whose narrow white strokes leave few edges to read. A gradient
// fitted on those few took the strokes' 1 px for a slope across the face and matched the print.
test('陰刻 with few white-stroke edges: no pressure gradient is fitted, and the wider cut is still refused', async () => {
  const person = await makePerson('fresh14', 12);
  const ref = await buildReference([await renderReference(person, 1), await renderReference(person, 2)]);
  const forged = await compareSeals(ref, await renderQuery(person, 'forgery-stroke-weight'));
  assert.is(forged.decision, 'mismatch', codes(forged).join(','));
  assert.ok(codes(forged).includes('SEAL_STROKE_WEIGHT'), codes(forged).join(','));
});

test.run();
