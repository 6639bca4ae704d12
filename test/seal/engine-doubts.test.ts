import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codes, generatedCase } from './generated.ts';

// Seed fresh11, person 10: a genuine print (two impressions on the page) whose worst character
// cell carries 0.07 more ink than the typical one (ink and paper, not a glyph). Seed fresh4,
// person 8: a glyph-shift forgery, doubted. The doubt starts at 0.075. (The case here was seed
// fresh1 person 3 at 0.066 until stop 17, when that proved to be a table line beside a
// character read as ink: it reads 0.002 now.)
test('a genuine print with a slightly inkier character matches; a shifted glyph is still doubted', async () => {
  const genuine = await (await generatedCase('fresh11', 10, 2)).judge('genuine-two');
  assert.is(genuine.decision, 'match', codes(genuine).join(','));
  assert.ok(genuine.metrics.extraContrast! > 0.065, `cell contrast ${genuine.metrics.extraContrast}`);
  const forged = await (await generatedCase('fresh4', 8, 1)).judge('forgery-glyph-shift');
  assert.is.not(forged.decision, 'match', codes(forged).join(','));
});

// Seed fresh3, person 13: beside a sister-typeface forgery the page shows a faint red haze
// (contrast 0.07) about half the impression's size. Compared as an impression of its own, its
// "too faint" outranked the forgery's refusal.
test('a faint red haze beside a clear impression does not turn a refusal into "ask again"', async () => {
  const forged = await (await generatedCase('fresh3', 13, 2)).judge('forgery-sister-font');
  assert.is(forged.decision, 'mismatch', codes(forged).join(','));
  assert.not.ok(codes(forged).includes('SEAL_FAINT'), codes(forged).join(','));
});

test.run();
