import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codes, generatedCase } from './generated.ts';

// A borderless 陽刻 seal: its characters draw its outline, so nothing on it keeps its weight when
// the characters are re-cut. Its strokes' offset from the registered print is all there is, and
// heavy ink moves it as far as a heavier cut does: beyond what normal stampings show, the clerk
// asks for another stamp with normal ink, unless the ink says why: a print visibly inkier than
// the registration (engine-weight-ink.test.ts) or as dark as only heavy ink leaves one.

// Seed fresh2, person 3: characters with no enclosed paper, cut 0.086 mm heavier per side. Its
// heavy genuine print is no inkier than the registration by much (0.04) but dark (0.81): heavy ink.
test('borderless 陽刻: a seal cut heavier is not a match; a print as dark as heavy ink leaves is; normal ink matches', async () => {
  const { person, judge } = await generatedCase('fresh2', 3, 2);
  assert.is(person.genuine.spec.polarity, 'yang');
  assert.is(person.genuine.spec.border, 'none');
  const genuine = await judge('genuine-normal');
  assert.is(genuine.decision, 'match', codes(genuine).join(','));
  assert.ok(Math.abs(genuine.metrics.weightCharacters!) < 0.42, `offset ${genuine.metrics.weightCharacters}`);
  const forged = await judge('forgery-stroke-weight');
  assert.is(forged.decision, 'unclear', codes(forged).join(','));
  assert.ok(codes(forged).includes('SEAL_INK_WEIGHT'), codes(forged).join(','));
  assert.ok(forged.metrics.weightCharacters! > 0.42, `offset ${forged.metrics.weightCharacters}`);
  assert.ok(forged.metrics.contrast! < 0.8, `contrast ${forged.metrics.contrast}`);
  const heavy = await judge('genuine-heavy');
  assert.is(heavy.decision, 'match', codes(heavy).join(','));
  assert.ok(heavy.metrics.weightCharacters! > 0.42, `offset ${heavy.metrics.weightCharacters}`);
  assert.ok(heavy.metrics.contrast! >= 0.8, `contrast ${heavy.metrics.contrast}`);
});

// Seed fresh4, person 12: cut 0.081 mm lighter per side. A pale genuine print is as thin, but its
// ink says why; the same thinness in normal ink does not.
test('borderless 陽刻: a seal cut lighter is not a match, while a pale genuine print is', async () => {
  const { person, judge } = await generatedCase('fresh4', 12, 2);
  assert.is(person.genuine.spec.border, 'none');
  const forged = await judge('forgery-stroke-weight');
  assert.is(forged.decision, 'unclear', codes(forged).join(','));
  assert.ok(codes(forged).includes('SEAL_INK_WEIGHT'), codes(forged).join(','));
  assert.ok(forged.metrics.weightCharacters! < -0.42, `offset ${forged.metrics.weightCharacters}`);
  const pale = await judge('genuine-pale');
  assert.is(pale.decision, 'match', codes(pale).join(','));
});

test.run();
