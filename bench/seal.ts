/**
 * Seal engine benchmark: `npm run bench:seal [-- --pairs 400 --seed bench --cli --multi-ref --fresh-reference --regen --jobs N --engine PATH]`.
 * Generates (or reuses from bench/out/) a labelled synthetic set, runs every pair through
 * the engine in-process (or through `countergate seal compare-batch` with --cli) and prints
 * per-kind decision rates, EER, false rejects at 1 % false accepts, ms per pair, then one
 * JSON line with every figure.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { parseLabels, personsFor, SEALGEN_VERSION, type PairRecord } from '../tools/sealgen/dataset.ts';
import { checkFonts } from '../tools/sealgen/fonts.ts';
import { decisionFigures, perKind, percentile, scoreFigures, type PairResult } from './seal-metrics.ts';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '400' },
    seed: { type: 'string', default: 'bench' },
    cli: { type: 'boolean', default: false },
    'multi-ref': { type: 'boolean', default: false },
    'fresh-reference': { type: 'boolean', default: false },
    regen: { type: 'boolean', default: false },
    jobs: { type: 'string' },
    engine: { type: 'string', default: join(root, 'central/seal/index.ts') },
    out: { type: 'string', default: join(root, 'bench/out') },
  },
});

const pairsWanted = Number(values.pairs);
if (!Number.isInteger(pairsWanted) || pairsWanted < 1) {
  console.error(`--pairs must be a positive integer, got '${values.pairs}'`);
  process.exit(2);
}

interface Engine {
  compareSeals: (reference: unknown, query: Buffer | string) => Promise<{ decision: string; score: number; ms: number }>;
  buildReference: (images: Array<Buffer | string>) => Promise<unknown>;
}

async function loadEngine(): Promise<Engine> {
  const path = resolve(values.engine!);
  try {
    const mod = (await import(path)) as Partial<Engine>;
    if (typeof mod.compareSeals !== 'function' || typeof mod.buildReference !== 'function') {
      throw new Error('central/seal/index.ts does not export compareSeals and buildReference');
    }
    return mod as Engine;
  } catch (err) {
    console.error(`bench:seal: the seal engine is not available (${path}): ${(err as Error).message}`);
    console.error('The engine (central/seal/) must export compareSeals(reference, query) and buildReference(images).');
    process.exit(3);
  }
}

function run(cmd: string, args: string[], opts: { stdout?: (s: string) => void } = {}): Promise<void> {
  return new Promise((res, rej) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (s: string) => opts.stdout?.(s));
    child.on('error', rej);
    child.on('exit', (code) => (code === 0 ? res() : rej(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))));
  });
}

/** Renders the dataset with one generator process per core, unless a complete copy is cached. */
async function ensureDataset(dir: string): Promise<PairRecord[]> {
  const labels = join(dir, 'labels.tsv');
  if (!values.regen && existsSync(labels)) return parseLabels(readFileSync(labels, 'utf8'));
  checkFonts();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const persons = personsFor(pairsWanted);
  const jobs = Math.max(1, Math.min(persons, Number(values.jobs ?? availableParallelism())));
  const t0 = Date.now();
  console.log(`generating ${persons} persons (${pairsWanted} pairs) in ${dir} with ${jobs} processes…`);
  const cli = join(root, 'tools/sealgen/cli.ts');
  const per = Math.ceil(persons / jobs);
  await Promise.all(
    Array.from({ length: jobs }, (_, j) =>
      run(process.execPath, ['--import', 'tsx', cli, 'dataset', '--out', dir, '--seed', values.seed!, '--pairs', String(pairsWanted), '--from', String(j * per), '--to', String(Math.min(persons, (j + 1) * per)), '--quiet']),
    ),
  );
  // Labels last: their presence marks a complete cache.
  const { datasetRecords, writeLabels } = await import('../tools/sealgen/dataset.ts');
  const records = datasetRecords(pairsWanted);
  writeLabels(labels, records);
  console.log(`generated in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return records;
}

function refsOf(dir: string, reference: string): string[] {
  if (!values['multi-ref']) return [join(dir, reference)];
  const folder = dirname(join(dir, reference));
  return readdirSync(folder)
    .filter((f) => /^ref-\d+\.jpg$/.test(f))
    .sort()
    .map((f) => join(folder, f));
}

async function runInProcess(engine: Engine, dir: string, records: PairRecord[]): Promise<PairResult[]> {
  const refs = new Map<string, Promise<unknown>>();
  const out: PairResult[] = [];
  let k = 0;
  for (const r of records) {
    const key = values['multi-ref'] ? dirname(r.reference) : r.reference;
    const t0 = performance.now();
    // --fresh-reference: every pair decodes and builds its reference too, and pays for it
    let ref = values['fresh-reference'] ? undefined : refs.get(key);
    if (!ref) {
      ref = engine.buildReference(refsOf(dir, r.reference));
      if (!values['fresh-reference']) refs.set(key, ref);
    }
    const tq = values['fresh-reference'] ? t0 : performance.now();
    try {
      const res = await engine.compareSeals(await ref, join(dir, r.query));
      const ms = values['fresh-reference'] ? performance.now() - t0 : (res.ms ?? performance.now() - tq);
      out.push({ kind: r.kind, expected: r.expected, decision: res.decision, score: res.score, ms });
    } catch (err) {
      const e = err as { code?: string; message: string };
      out.push({ kind: r.kind, expected: r.expected, decision: decisionOfError(e.code), score: 0, ms: performance.now() - tq, error: e.code ?? e.message });
    }
    if (++k % 25 === 0 && process.stdout.isTTY) process.stdout.write(`\r${k}/${records.length} pairs`);
  }
  if (process.stdout.isTTY) process.stdout.write('\n');
  return out;
}

async function runCli(dir: string, records: PairRecord[]): Promise<PairResult[]> {
  if (values['multi-ref']) console.warn('--multi-ref is ignored with --cli (compare-batch takes one reference image per line)');
  const batch = join(dir, 'batch.tsv');
  writeFileSync(batch, records.map((r) => `${join(dir, r.reference)}\t${join(dir, r.query)}`).join('\n') + '\n');
  let buf = '';
  const lines: Record<string, unknown>[] = [];
  await run(process.execPath, [join(root, 'bin/countergate.js'), 'seal', 'compare-batch', batch], {
    stdout: (s) => {
      buf += s;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (line.startsWith('{')) lines.push(JSON.parse(line) as Record<string, unknown>);
      }
    },
  }).catch((err: Error) => {
    console.error(`bench:seal --cli: ${err.message}`);
    if (lines.length === 0) process.exit(3);
  });
  const byPair = new Map(lines.map((l) => [`${String(l.reference)}\t${String(l.query)}`, l]));
  return records.map((r) => {
    const l = byPair.get(`${join(dir, r.reference)}\t${join(dir, r.query)}`);
    if (!l) return { kind: r.kind, expected: r.expected, decision: 'error', score: 0, ms: NaN, error: 'no output line' };
    // compare-batch prints failed pairs as "unclear" with error {code, message}.
    const err = l.error as { code?: unknown; message?: unknown } | string | undefined;
    const code = typeof err === 'string' ? err : typeof err?.code === 'string' ? err.code : undefined;
    const decision = err !== undefined ? decisionOfError(code) : typeof l.decision === 'string' ? l.decision : 'error';
    return { kind: r.kind, expected: r.expected, decision, score: Number(l.score ?? 0), ms: Number(l.ms ?? NaN), ...(err !== undefined ? { error: code ?? JSON.stringify(err) } : {}) };
  });
}

/** "No impression on the page" is the engine's honest way of saying unclear; other errors stay errors. */
function decisionOfError(code: string | undefined): string {
  return code === 'CG_SEAL_NOT_FOUND' ? 'unclear' : 'error';
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`.padStart(7);

const dir = join(values.out!, `seal-v${SEALGEN_VERSION}-${values.seed}-${pairsWanted}`);
// Fail before spending minutes on data when there is no engine to measure.
const engine = values.cli ? null : await loadEngine();
if (values.cli && !existsSync(join(root, 'bin/countergate.js'))) {
  console.error('bench:seal --cli: bin/countergate.js is missing');
  process.exit(3);
}
const records = await ensureDataset(dir);
const t0 = Date.now();
const results = engine ? await runInProcess(engine, dir, records) : await runCli(dir, records);
const wall = (Date.now() - t0) / 1000;

const kinds = perKind(results);
console.log(`\n${'kind'.padEnd(24)}${'n'.padStart(5)}  ${'match'.padStart(7)}${'mismatch'.padStart(9)}${'unclear'.padStart(8)}${'error'.padStart(7)}   ok  (expected)`);
for (const [kind, f] of Object.entries(kinds)) {
  const exp = records.find((r) => r.kind === kind)?.expected ?? '';
  console.log(`${kind.padEnd(24)}${String(f.n).padStart(5)}  ${pct(f.match)}${pct(f.mismatch).padStart(9)}${pct(f.unclear).padStart(8)}${pct(f.error)} ${pct(f.ok)}  (${exp})`);
}
const scores = scoreFigures(results);
const decisions = decisionFigures(results);
const times = results.map((r) => r.ms).filter((x) => Number.isFinite(x));
const msMedian = percentile(times, 50);
const msP95 = percentile(times, 95);
// The speed target is stated for camera frames (~1200x900), the largest pages in the set.
const frameSizes = await Promise.all(records.map((r) => sharp(join(dir, r.query)).metadata().then((m) => (m.width ?? 0) * (m.height ?? 0), () => 0)));
const largest = Math.max(...frameSizes);
const cameraTimes = results.filter((r, i) => frameSizes[i] === largest && Number.isFinite(r.ms)).map((r) => r.ms);
const cameraMedian = percentile(cameraTimes, 50);
const cameraP95 = percentile(cameraTimes, 95);
console.log(`\ngenuine ${scores.genuine} / impostor ${scores.impostor} pairs (scores; blank pages excluded)`);
console.log(`equal error rate          ${pct(scores.eer)}  at score ${scores.eerThreshold.toFixed(3)}`);
console.log(`false rejects @ 1% FA     ${pct(scores.frrAtFar1)}  at score ${scores.thresholdAtFar1.toFixed(3)}`);
console.log(`decisions: false accept ${pct(decisions.falseAccept)}, false reject ${pct(decisions.falseReject)}, genuine unclear ${pct(decisions.genuineUnclear)}, blank accepted ${pct(decisions.blankAccepted)}, errors ${pct(decisions.errors)}`);
console.log(`ms per pair: median ${msMedian.toFixed(0)}, p95 ${msP95.toFixed(0)} (wall ${wall.toFixed(1)} s for ${results.length} pairs, ${values.cli ? 'cli' : values['fresh-reference'] ? 'in-process, reference built per pair' : 'in-process'})`);
console.log(`ms per pair, largest frames only (${cameraTimes.length} pairs): median ${cameraMedian.toFixed(0)}, p95 ${cameraP95.toFixed(0)}`);
const errs = results.filter((r) => r.decision === 'error').slice(0, 5);
if (errs.length) console.log(`first errors: ${errs.map((e) => `${e.kind}: ${e.error}`).join('; ')}`);
console.log(
  JSON.stringify({
    bench: 'seal',
    generator: SEALGEN_VERSION,
    seed: values.seed,
    pairs: results.length,
    mode: values.cli ? 'cli' : values['fresh-reference'] ? 'in-process-fresh-reference' : 'in-process',
    multiRef: values['multi-ref'],
    eer: scores.eer,
    eerThreshold: scores.eerThreshold,
    frrAtFar1: scores.frrAtFar1,
    thresholdAtFar1: scores.thresholdAtFar1,
    ...decisions,
    msMedian,
    msP95,
    cameraPairs: cameraTimes.length,
    cameraMsMedian: cameraMedian,
    cameraMsP95: cameraP95,
    wallSeconds: wall,
    perKind: kinds,
  }),
);
