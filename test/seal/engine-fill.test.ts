import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PairKind } from '../../tools/sealgen/dataset.ts';
import { codes, generatedCase } from './generated.ts';

// Genuine 陰刻 prints whose heavy ink filled white strokes: the fill reads as ink added where the
// registered seal is white, with every stroke in place. They were refused; now the clerk is
// asked for an impression with less ink. References alternate as in the benchmark's labels.
test('陰刻: white strokes filled by heavy ink ask for a lighter impression, not a refusal', async () => {
  const cases: Array<[string, number, PairKind, number]> = [
    ['fresh3', 9, 'genuine-heavy', 2],
    ['fresh6', 10, 'genuine-normal', 1],
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

// Seed report, person 8: a sister-typeface forgery of a 陰刻 seal with the same amount of added
// ink and strokes as much in place, but without the spread a fill-in shows: still refused.
test('陰刻: added ink without the spread of heavy ink is still a mismatch', async () => {
  const { person, judge } = await generatedCase('report', 8, 2);
  assert.is(person.genuine.spec.polarity, 'yin');
  const c = await judge('forgery-sister-font');
  assert.is(c.decision, 'mismatch', codes(c).join(','));
  assert.not.ok(codes(c).includes('SEAL_INK_FILLED'));
});

test.run();
