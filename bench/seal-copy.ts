/**
 * Other physical seals of the same name, as a shop would cut them: `npm run bench:seal-copy [-- --seeds bench,fresh5 --persons 15]`.
 * Per generated person: a reference from one registration scan, then three seals stamped
 * normally on the page the benchmark's genuine-normal pair uses:
 * - the person's own seal;
 * - a re-carving of the same design (tools/sealgen `recut`): a shop cutting the same computer
 *   layout twice; only the carving (edge wobble, nicks, burrs) tells the two apart;
 * - the same name, font, face, border and weight laid out again (`relayout`): another shop
 *   setting the same font on the same blank with its own margins and gaps.
 * Prints the decisions per person, the tallies, and one JSON line.
 */
import { parseArgs } from 'node:util';
import { buildReference, compareSeals } from '../central/seal/index.ts';
import type { SealComparison } from '../central/seal/index.ts';
import { carve } from '../tools/sealgen/carve.ts';
import { makePerson, renderQuery, renderReference, type Person } from '../tools/sealgen/dataset.ts';
import { checkFonts } from '../tools/sealgen/fonts.ts';
import { recut, relayout } from '../tools/sealgen/forge.ts';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: 'bench,fresh5' }, persons: { type: 'string', default: '15' } } });
const persons = Number(values.persons);
if (!Number.isInteger(persons) || persons < 1) {
  console.error(`--persons must be a positive integer, got '${values.persons}'`);
  process.exit(2);
}
checkFonts();
const SEALS = ['own', 'recut', 'relayout'] as const;
type Seal = (typeof SEALS)[number];
const tally = Object.fromEntries(SEALS.map((s) => [s, {} as Record<string, number>])) as Record<Seal, Record<string, number>>;
const rows: Array<{ seed: string; person: number } & Record<Seal, { decision: string; score: number }>> = [];
const brief = (c: SealComparison): string => `${c.decision.padEnd(8)} ${c.score.toFixed(3)} ${c.reasons.map((r) => r.code.replace('SEAL_', '')).join(',')}`.padEnd(58);
for (const seed of values.seeds!.split(',')) {
  for (let i = 0; i < persons; i++) {
    const person = await makePerson(seed, i);
    const ref = await buildReference([await renderReference(person, 1)]);
    const other = async (spec: Person['genuine']['spec']): Promise<Person> => ({ ...person, genuine: await carve(spec) });
    const seals: Record<Seal, Person> = {
      own: person,
      recut: await other(recut(person.genuine.spec, `p${i}-recut`, person.seed.fork('recut'))),
      relayout: await other(relayout(person.genuine.spec, `p${i}-relayout`, person.seed.fork('relayout'))),
    };
    const row = { seed, person: i } as (typeof rows)[number];
    let line = `${seed.padEnd(8)} p${String(i).padEnd(3)}`;
    for (const s of SEALS) {
      const c = await compareSeals(ref, await renderQuery(seals[s], 'genuine-normal'));
      tally[s][c.decision] = (tally[s][c.decision] ?? 0) + 1;
      row[s] = { decision: c.decision, score: c.score };
      line += ` ${s} ${brief(c)}`;
    }
    rows.push(row);
    console.log(line.trimEnd());
  }
}
const counts = (t: Record<string, number>): string => ['match', 'mismatch', 'unclear'].map((d) => `${d} ${t[d] ?? 0}`).join(', ');
console.log(`\nthe person's own seal (${rows.length}): ${counts(tally.own)}`);
console.log(`same design re-carved (${rows.length}): ${counts(tally.recut)}`);
console.log(`same font and blank, laid out again (${rows.length}): ${counts(tally.relayout)}`);
console.log(JSON.stringify({ bench: 'seal-copy', seeds: values.seeds, pairs: rows.length, ...tally, rows }));
