/**
 * `countergate seal compare` and `countergate seal compare-batch` (DESIGN-NOTES §4).
 *
 * compare --reference IMG --query IMG [--json] [--overlay OUT.png]
 *   Prints the decision (English + zh-TW), score and reasons, or one JSON object with --json.
 *   --overlay OUT.png writes the three-colour overlay to OUT.png and the other views next to
 *   it: OUT-outline.png, OUT-full.png, OUT-fold-h.png, OUT-fold-v.png, OUT-diff.png.
 *   Exit 0 on any decision, 1 on error.
 *
 * compare-batch FILE [--jobs N]
 *   FILE holds one `reference<TAB>query` pair per line (paths as given, relative to the current
 *   directory; blank lines skipped). Prints exactly one JSON line per pair, in input order:
 *   {"reference","query","decision","score","ms"}; a pair that fails still prints a line with
 *   decision "unclear", score 0 and "error": {"code","message"}. Every pair decodes its
 *   presented image, so "ms" is that pair's whole engine time, as a clerk would wait for it; a
 *   reference file is built once per worker and reused while its path, size and modification
 *   time stay the same (the central service keeps registered references built), the first pair
 *   that uses it paying for the build in its own "ms". --jobs N
 *   (default 1) runs N worker threads: more pairs per second, but on a small machine each pair
 *   then shares the cores and its "ms" grows. Workers warm up (about a second) before the first pair.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CountergateError, isCountergateError } from '../lib/errors.ts';
import { parseCommandArgs } from './args.ts';

const USAGE = `usage:
  countergate seal compare --reference IMG --query IMG [--json] [--overlay OUT.png]
  countergate seal compare-batch FILE [--jobs N]`;

// Workers do not inherit the tsx loader; the boot script registers it, then loads the worker.
const WORKER_BOOT = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then((m) => { m.register(); return import(${JSON.stringify(new URL('../central/seal/worker.ts', import.meta.url).href)}); })`;

const DECISION_ZH: Record<string, string> = { match: '相符', mismatch: '不符', unclear: '無法判定' };

export async function runSeal(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'compare') return compare(rest);
  if (sub === 'compare-batch') return compareBatch(rest);
  throw new CountergateError('CG_CLI_USAGE', `unknown seal command '${sub ?? ''}'\n${USAGE}`, { statusCode: 400 });
}

function viewPath(out: string, suffix: string): string {
  return out.toLowerCase().endsWith('.png') ? `${out.slice(0, -4)}-${suffix}.png` : `${out}-${suffix}.png`;
}

async function compare(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      reference: { type: 'string' },
      query: { type: 'string' },
      json: { type: 'boolean', default: false },
      overlay: { type: 'string' },
    },
    USAGE,
  );
  if (!values.reference || !values.query) {
    throw new CountergateError('CG_CLI_USAGE', `seal compare needs --reference and --query\n${USAGE}`, { statusCode: 400 });
  }
  const { compareSeals, renderViews } = await import('../central/seal/index.ts');
  const c = await compareSeals(values.reference, values.query);
  if (values.overlay) {
    const v = await renderViews(values.reference, values.query, c);
    const out = values.overlay;
    await Promise.all([
      writeFile(out, v.threeColour),
      writeFile(viewPath(out, 'outline'), v.outline),
      writeFile(viewPath(out, 'full'), v.full),
      writeFile(viewPath(out, 'fold-h'), v.foldHorizontal),
      writeFile(viewPath(out, 'fold-v'), v.foldVertical),
      writeFile(viewPath(out, 'diff'), v.difference),
    ]);
  }
  if (values.json) {
    console.log(JSON.stringify({ reference: values.reference, query: values.query, ...c }));
    return 0;
  }
  console.log(`decision: ${c.decision} (${DECISION_ZH[c.decision]})`);
  console.log(`score:    ${c.score.toFixed(3)}`);
  console.log(`rotation: ${c.transform.angleDeg.toFixed(1)}°  scale ${c.transform.scale.toFixed(3)}`);
  for (const r of c.reasons) console.log(`- ${r.message} / ${r.messageZh}`);
  console.log(`time:     ${c.ms.toFixed(1)} ms`);
  if (values.overlay) console.log(`overlays: ${values.overlay} (+ -outline, -full, -fold-h, -fold-v, -diff)`);
  return 0;
}

export interface BatchLine {
  reference: string;
  query: string;
  decision: 'match' | 'mismatch' | 'unclear';
  score: number;
  ms: number;
  error?: { code: string; message: string };
}

export function errorLine(reference: string, query: string, err: unknown, ms = 0): BatchLine {
  const code = isCountergateError(err) ? err.code : 'CG_SEAL_FAILED';
  const message = err instanceof Error ? err.message : String(err);
  return { reference, query, decision: 'unclear', score: 0, ms, error: { code, message } };
}

/** One job per non-blank line; a line without exactly one TAB becomes an error line. */
export function parseBatch(text: string): Array<{ reference: string; query: string; malformed?: string }> {
  const jobs: Array<{ reference: string; query: string; malformed?: string }> = [];
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === '') continue;
    const parts = raw.split('\t');
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      jobs.push({ reference: parts[0] ?? raw, query: parts[1] ?? '', malformed: raw });
    } else {
      jobs.push({ reference: parts[0], query: parts[1] });
    }
  }
  return jobs;
}

async function compareBatch(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { jobs: { type: 'string', default: '1' } }, USAGE);
  const file = positionals[0];
  const jobsWanted = Number(values.jobs);
  if (!Number.isInteger(jobsWanted) || jobsWanted < 1 || jobsWanted > 64) {
    throw new CountergateError('CG_CLI_USAGE', `--jobs must be a whole number from 1 to 64, got '${values.jobs}'\n${USAGE}`, { statusCode: 400 });
  }
  if (!file || positionals.length !== 1) throw new CountergateError('CG_CLI_USAGE', `seal compare-batch needs one FILE\n${USAGE}`, { statusCode: 400 });
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new CountergateError('CG_SEAL_BATCH_UNREADABLE', `cannot read batch file '${file}': ${(err as Error).message}`, { statusCode: 400 });
  }
  const jobs = parseBatch(text);
  const results: Array<BatchLine | undefined> = new Array(jobs.length);
  let nextOut = 0;
  const flush = (): void => {
    while (nextOut < jobs.length && results[nextOut]) {
      process.stdout.write(`${JSON.stringify(results[nextOut])}\n`);
      results[nextOut] = undefined;
      nextOut++;
    }
  };
  const pending: number[] = [];
  jobs.forEach((j, i) => {
    if (j.malformed !== undefined) {
      results[i] = {
        reference: j.reference,
        query: j.query,
        decision: 'unclear',
        score: 0,
        ms: 0,
        error: { code: 'CG_SEAL_BATCH_LINE', message: `line is not 'reference<TAB>query': ${JSON.stringify(j.malformed)}` },
      };
    } else {
      pending.push(i);
    }
  });
  flush();
  const workers = Math.max(1, Math.min(jobsWanted, availableParallelism(), pending.length));
  if (pending.length > 0) {
    await new Promise<void>((resolve, reject) => {
      let cursor = 0;
      let live = workers;
      for (let w = 0; w < workers; w++) {
        const worker = new Worker(WORKER_BOOT, { eval: true });
        const feed = (): void => {
          if (cursor < pending.length) {
            const i = pending[cursor++]!;
            worker.postMessage({ i, reference: jobs[i]!.reference, query: jobs[i]!.query });
          } else {
            void worker.terminate();
          }
        };
        worker.on('message', (m: { i: number; line: BatchLine }) => {
          results[m.i] = m.line;
          flush();
          feed();
        });
        worker.on('error', reject);
        worker.on('exit', () => {
          if (--live === 0) resolve();
        });
        feed();
      }
    });
  }
  // A worker that died mid-pair leaves a hole; never leave a pair without its line.
  for (let i = nextOut; i < jobs.length; i++) {
    results[i] ??= errorLine(jobs[i]!.reference, jobs[i]!.query, new Error('worker stopped before this pair'));
  }
  flush();
  return 0;
}
