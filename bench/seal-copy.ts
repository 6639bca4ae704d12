/**
 * The same seal design carved again as another physical seal: `npm run bench:seal-copy [-- --seeds bench,fresh5 --persons 15]`.
 * Per generated person: a reference from one registration scan, then the person's own seal and
 * a re-carving of the same design (tools/sealgen `recut`), each stamped normally on the page
 * the benchmark's genuine-normal pair uses. Prints both decisions per person, the tallies, and
 * one JSON line. A shop that cuts the same computer layout twice makes such a pair; only its
 * carving (edge wobble, nicks, burrs) tells the two seals apart.
 */
import { parseArgs } from 'node:util';
import { buildReference, compareSeals } from '../central/seal/index.ts';
import { carve } from '../tools/sealgen/carve.ts';
import { makePerson, renderQuery, renderReference } from '../tools/sealgen/dataset.ts';
import { checkFonts } from '../tools/sealgen/fonts.ts';
import { recut } from '../tools/sealgen/forge.ts';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: 'bench,fresh5' }, persons: { type: 'string', default: '15' } } });
const persons = Number(values.persons);
if (!Number.isInteger(persons) || persons < 1) {
  console.error(`--persons must be a positive integer, got '${values.persons}'`);
  process.exit(2);
}
checkFonts();
const tally = { copy: {} as Record<string, number>, genuine: {} as Record<string, number> };
const rows: Array<{ seed: string; person: number; copy: string; copyScore: number; genuine: string; genuineScore: number }> = [];
for (const seed of values.seeds!.split(',')) {
  for (let i = 0; i < persons; i++) {
    const person = await makePerson(seed, i);
    const ref = await buildReference([await renderReference(person, 1)]);
    const copy = { ...person, genuine: await carve(recut(person.genuine.spec, `p${i}-recut`, person.seed.fork('recut'))) };
    const c = await compareSeals(ref, await renderQuery(copy, 'genuine-normal'));
    const g = await compareSeals(ref, await renderQuery(person, 'genuine-normal'));
    tally.copy[c.decision] = (tally.copy[c.decision] ?? 0) + 1;
    tally.genuine[g.decision] = (tally.genuine[g.decision] ?? 0) + 1;
    rows.push({ seed, person: i, copy: c.decision, copyScore: c.score, genuine: g.decision, genuineScore: g.score });
    const codes = c.reasons.map((r) => r.code).join(',');
    console.log(`${seed.padEnd(8)} p${String(i).padEnd(3)} copy ${c.decision.padEnd(8)} ${c.score.toFixed(3)} ${codes.padEnd(30)} own seal ${g.decision.padEnd(8)} ${g.score.toFixed(3)}`);
  }
}
const line = (t: Record<string, number>): string => ['match', 'mismatch', 'unclear'].map((d) => `${d} ${t[d] ?? 0}`).join(', ');
console.log(`\nsame design re-carved (${rows.length}): ${line(tally.copy)}`);
console.log(`the person's own seal (${rows.length}): ${line(tally.genuine)}`);
console.log(JSON.stringify({ bench: 'seal-copy', seeds: values.seeds, pairs: rows.length, copy: tally.copy, genuine: tally.genuine, rows }));
