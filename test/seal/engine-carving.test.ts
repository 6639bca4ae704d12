import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildReference } from '../../central/seal/index.ts';
import { makePerson, renderReference } from '../../tools/sealgen/dataset.ts';
import { generatedCase } from './generated.ts';
import type { Polarity, SealLayout } from '../../tools/sealgen/master.ts';

// Seals whose share of ink misleads: 陰刻 with a white groove and slender characters inks
// little of its face; 陽刻 with a thick or double border and bold characters inks a lot.
const cases: Array<{ seed: string; index: number; layout: SealLayout; polarity: Polarity; want: 'relief' | 'intaglio' }> = [
  { seed: 'bench', index: 7, layout: 'rect1', polarity: 'yin', want: 'intaglio' },
  { seed: 'bench', index: 13, layout: 'oval', polarity: 'yin', want: 'intaglio' },
  { seed: 'bench', index: 14, layout: 'square3', polarity: 'yin', want: 'intaglio' },
  { seed: 'tune2', index: 18, layout: 'rect1', polarity: 'yang', want: 'relief' },
  { seed: 'tune2', index: 7, layout: 'square3', polarity: 'yang', want: 'relief' },
  { seed: 'tune2', index: 25, layout: 'rect1', polarity: 'yang', want: 'relief' },
];

test('a reference is read as 陰刻 or 陽刻 from the band inside its outline, not from its share of ink', async () => {
  for (const c of cases) {
    const person = await makePerson(c.seed, c.index, c.layout, c.polarity);
    assert.is(person.genuine.spec.polarity, c.polarity);
    const ref = await buildReference([await renderReference(person, 1)]);
    assert.is(ref.carving, c.want, `${c.seed}/${c.index} ${c.layout} ${c.polarity} border ${person.genuine.spec.border}`);
  }
});

// Borderless 陽刻 seals whose bold characters hug their own outline: read as a deep red margin,
// they were taken for 陰刻, and genuine heavy prints were refused (fresh1 person 10, fresh5
// person 13) or a rotated one (fresh6 person 2). Heavy ink on a borderless seal now asks for
// another stamp (engine-frameless.test.ts); it is never a refusal.
test('borderless 陽刻 characters that draw their own outline are 陽刻, and their genuine prints are not refused', async () => {
  for (const [seed, index, kind] of [['fresh1', 10, 'genuine-heavy'], ['fresh5', 13, 'genuine-heavy'], ['fresh6', 2, 'genuine-rotated']] as const) {
    const { person, ref, judge } = await generatedCase(seed, index, 2);
    assert.is(person.genuine.spec.polarity, 'yang');
    assert.is(person.genuine.spec.border, 'none');
    assert.is(ref.carving, 'relief', `${seed}/${index}`);
    const c = await judge(kind);
    const why = `${seed}/${index} ${kind}: ${c.reasons.map((r) => r.code).join(',')}`;
    if (kind === 'genuine-heavy') {
      assert.is.not(c.decision, 'mismatch', why);
      assert.ok(c.decision === 'match' || c.reasons.some((r) => r.code === 'SEAL_INK_WEIGHT'), why);
    } else assert.is(c.decision, 'match', why);
  }
});

test.run();
