import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildReference } from '../../central/seal/index.ts';
import { makePerson, renderReference } from '../../tools/sealgen/dataset.ts';
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

test.run();
