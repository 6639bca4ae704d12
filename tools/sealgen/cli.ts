/**
 * Seal data generator CLI.
 *   node --import tsx tools/sealgen/cli.ts fixtures [--out test/fixtures/seal] [--seed S]
 *   node --import tsx tools/sealgen/cli.ts dataset --out DIR [--pairs 400] [--seed S] [--from P --to Q] [--quiet]
 *   node --import tsx tools/sealgen/cli.ts sheet --out FILE.png [--seed S]   (contact sheet of masters)
 */
import { parseArgs } from 'node:util';
import { generateDataset } from './dataset.ts';
import { FIXTURE_SEED, generateFixtures } from './fixtures.ts';
import { checkFonts } from './fonts.ts';
import { writeMasterSheet } from './sheet.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string' },
    seed: { type: 'string' },
    pairs: { type: 'string', default: '400' },
    from: { type: 'string' },
    to: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});

const cmd = positionals[0];
try {
  checkFonts();
  if (cmd === 'fixtures') {
    const out = values.out ?? 'test/fixtures/seal';
    const recs = await generateFixtures(out, values.seed ?? FIXTURE_SEED, (f) => console.log(f));
    console.log(`${recs.length} pairs written to ${out}/labels.tsv`);
  } else if (cmd === 'dataset') {
    if (!values.out) throw new Error('dataset needs --out DIR');
    const recs = await generateDataset({
      outDir: values.out,
      seed: values.seed ?? 'bench',
      pairs: Number(values.pairs),
      ...(values.from !== undefined ? { from: Number(values.from) } : {}),
      ...(values.to !== undefined ? { to: Number(values.to) } : {}),
      ...(values.quiet ? {} : { onProgress: (d: number, t: number) => process.stdout.write(`\r${d}/${t} images`) }),
    });
    if (!values.quiet) console.log(`\n${recs.length} pairs rendered in ${values.out}`);
  } else if (cmd === 'sheet') {
    if (!values.out) throw new Error('sheet needs --out FILE.png');
    await writeMasterSheet(values.out, values.seed ?? 'sheet');
    console.log(`wrote ${values.out}`);
  } else {
    console.error('usage: cli.ts fixtures|dataset|sheet [--out PATH] [--seed S] [--pairs N]');
    process.exitCode = 2;
  }
} catch (err) {
  const e = err as { code?: string; message: string };
  console.error(`${e.code ?? 'error'}: ${e.message}`);
  process.exitCode = 1;
}
