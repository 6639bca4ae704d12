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

// Bold 陽刻 characters close inside a ring (seeds fresh3 person 12 and fresh15 person 5: thick
// rings; fresh10 person 5: a double one): past the ring's paper the share of ink climbs to a
// red field's, and the ring was taken for a 陰刻 margin. The paper round characters gives way to
// ink over 5-6 px; a groove's far edge (fresh16 person 0, fresh19 person 0: 陰刻 with a groove
// 6-7 px inside) within 2. Read as 陰刻, heavier-cut forgeries of the first two were matched.
test('bold 陽刻 characters inside a ring are not a 陰刻 field, and heavier cuts of them are refused', async () => {
  for (const [seed, index, refNo, want] of [
    ['fresh3', 12, 1, 'relief'],
    ['fresh15', 5, 1, 'relief'],
    ['fresh10', 5, 2, 'relief'],
    ['fresh16', 0, 2, 'intaglio'],
    ['fresh19', 0, 1, 'intaglio'],
  ] as const) {
    const person = await makePerson(seed, index);
    const ref = await buildReference([await renderReference(person, refNo)]);
    assert.is(ref.carving, want, `${seed}/${index} ${person.genuine.spec.polarity} border ${person.genuine.spec.border}`);
  }
  for (const [seed, index] of [['fresh3', 12], ['fresh15', 5]] as const) {
    const { judge } = await generatedCase(seed, index, 2);
    const forged = await judge('forgery-stroke-weight');
    assert.is(forged.decision, 'mismatch', `${seed}/${index}: ${forged.reasons.map((r) => r.code).join(',')}`);
    const genuine = await judge('genuine-normal');
    assert.is(genuine.decision, 'match', `${seed}/${index}: ${genuine.reasons.map((r) => r.code).join(',')}`);
  }
});

test.run();
