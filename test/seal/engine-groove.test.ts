import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildReference, compareSeals } from '../../central/seal/index.ts';
import { makePerson, renderQuery, renderReference } from '../../tools/sealgen/dataset.ts';
import { generatedCase } from './generated.ts';

const codes = (c: { reasons: Array<{ code: string }> }): string[] => c.reasons.map((r) => r.code);

// 陰刻 seals of the tuning seed: p6 is registered without a groove (its forgery has one cut),
// p10 with one (its forgery has it filled in). After blur and resampling a groove of 0.35-0.55 mm
// rarely reads as paper, so it must be found by how far the ink dips, not by a threshold.
test('陰刻: a groove cut or filled in is refused, while heavy ink filling thin white lines is not', async () => {
  for (const { index, groove } of [
    { index: 6, groove: 'none' },
    { index: 10, groove: 'thin' },
  ]) {
    const person = await makePerson('tune2', index);
    assert.is(person.genuine.spec.polarity, 'yin');
    assert.is(person.genuine.spec.border, groove);
    const ref = await buildReference([await renderReference(person, 1)]);
    for (const kind of ['genuine-normal', 'genuine-heavy'] as const) {
      const c = await compareSeals(ref, await renderQuery(person, kind));
      if (kind === 'genuine-normal') assert.is(c.decision, 'match', `p${index}: ${codes(c).join(',')}`);
      assert.not.ok(codes(c).includes('SEAL_BORDER_DIFFERS'), `p${index} ${kind}: ${codes(c).join(',')}`);
    }
    const forged = await compareSeals(ref, await renderQuery(person, 'forgery-border'));
    assert.is(forged.decision, 'mismatch', `p${index}: ${codes(forged).join(',')}`);
    assert.ok(codes(forged).includes('SEAL_BORDER_DIFFERS'), `p${index}: ${codes(forged).join(',')}`);
  }
});

// Seed fresh22, person 1: a 陰刻 seal with a groove, forged without one and printed pale (contrast
// 0.65 against the registration's 0.78): the groove's band printed solid in 0.45 of it, where
// genuine prints of grooved seals, heavy ones and ones under another seal included, read at most 0.27.
test('陰刻: a groove left uncut is doubted in a pale print too', async () => {
  const { person, judge } = await generatedCase('fresh22', 1, 1);
  assert.is(person.genuine.spec.polarity, 'yin');
  assert.is(person.genuine.spec.border, 'thin');
  const forged = await judge('forgery-border');
  assert.is.not(forged.decision, 'match', codes(forged).join(','));
  assert.ok(codes(forged).includes('SEAL_BORDER_DIFFERS'), codes(forged).join(','));
  for (const kind of ['genuine-normal', 'genuine-heavy'] as const) {
    const c = await judge(kind);
    assert.is(c.decision, 'match', `${kind}: ${codes(c).join(',')}`);
  }
});

test.run();
