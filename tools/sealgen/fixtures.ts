/**
 * The small committed fixture set (test/fixtures/seal/): two people with every pair kind,
 * three more seal shapes with a few pairs each, and labels.tsv.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXPECTED, makePerson, PAIR_KINDS, renderReference, renderQuery, writeLabels, type PairKind, type PairRecord } from './dataset.ts';
import type { Polarity, SealLayout } from './master.ts';

export const FIXTURE_SEED = 'countergate-seal-fixtures-v1';

interface FixturePerson {
  dir: string;
  index: number;
  layout: SealLayout;
  polarity?: Polarity;
  refs: number;
  kinds: readonly PairKind[];
}

export const FIXTURE_PEOPLE: readonly FixturePerson[] = [
  { dir: 'wang-square4', index: 0, layout: 'square4', polarity: 'yang', refs: 3, kinds: PAIR_KINDS },
  { dir: 'chen-round', index: 1, layout: 'round', polarity: 'yang', refs: 3, kinds: PAIR_KINDS.filter((k) => k !== 'blank') },
  { dir: 'lin-square3-yin', index: 2, layout: 'square3', polarity: 'yin', refs: 1, kinds: ['genuine-rotated', 'forgery-sister-font', 'other-person'] },
  { dir: 'chang-oval', index: 3, layout: 'oval', refs: 1, kinds: ['genuine-pale', 'forgery-glyph-shift'] },
  { dir: 'li-rect1', index: 4, layout: 'rect1', refs: 1, kinds: ['genuine-partial', 'forgery-border'] },
];

export async function generateFixtures(outDir: string, seed = FIXTURE_SEED, log: (s: string) => void = () => {}): Promise<PairRecord[]> {
  const records: PairRecord[] = [];
  for (const fp of FIXTURE_PEOPLE) {
    const person = await makePerson(seed, fp.index, fp.layout, fp.polarity);
    mkdirSync(join(outDir, fp.dir), { recursive: true });
    for (let k = 1; k <= fp.refs; k++) {
      writeFileSync(join(outDir, fp.dir, `ref-${k}.jpg`), await renderReference(person, k));
    }
    for (const [i, kind] of fp.kinds.entries()) {
      const file = `${fp.dir}/${kind}.jpg`;
      writeFileSync(join(outDir, file), await renderQuery(person, kind));
      records.push({ reference: `${fp.dir}/ref-${(i % fp.refs) + 1}.jpg`, query: file, kind, expected: EXPECTED[kind] });
      log(file);
    }
  }
  writeLabels(join(outDir, 'labels.tsv'), records);
  return records;
}
