/**
 * Worker thread for `countergate seal compare-batch`: compares one pair per message. The
 * presented image is decoded every time, so each pair's "ms" is what a clerk waits for; a
 * reference file is built once per worker and kept while its path, size and modification time
 * stay the same, as the central service keeps a registered seal's reference built. The pair
 * that first uses a reference pays for building it in its own "ms".
 */
import { stat } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import { isCountergateError } from '../../lib/errors.ts';
import { compareSeals } from './compare.ts';
import { buildReference } from './reference.ts';
import type { SealReference } from './types.ts';
import { warmUp } from './warmup.ts';

interface Job {
  i: number;
  reference: string;
  query: string;
}

// One pair per worker at a time, one worker per core: libvips' own thread pool would only make
// the workers' decodes wait for each other.
sharp.concurrency(1);

// Pairs wait for the warm-up instead of paying for V8's compilation in their own "ms".
const ready = warmUp(8).catch(() => undefined);

/** most recently used references (a batch usually holds a few registered seals, many queries) */
const KEEP = 32;
const references = new Map<string, SealReference>();

async function referenceFor(path: string): Promise<SealReference> {
  const s = await stat(path).catch(() => null);
  if (!s) return buildReference([path]); // let the engine report the missing file
  const key = `${path}\0${s.size}\0${s.mtimeMs}`;
  const hit = references.get(key);
  if (hit) {
    references.delete(key);
    references.set(key, hit);
    return hit;
  }
  const ref = await buildReference([path]);
  references.set(key, ref);
  if (references.size > KEEP) references.delete(references.keys().next().value!);
  return ref;
}

parentPort?.on('message', (job: Job) => {
  void ready.then(() => run(job));
});

function run(job: Job): void {
  const t0 = performance.now();
  const ms = (): number => Math.round((performance.now() - t0) * 10) / 10;
  referenceFor(job.reference)
    .then((ref) => compareSeals(ref, job.query))
    .then(
      (c) => {
        parentPort?.postMessage({ i: job.i, line: { reference: job.reference, query: job.query, decision: c.decision, score: c.score, ms: ms() } });
      },
      (err: unknown) => {
        const code = isCountergateError(err) ? err.code : 'CG_SEAL_FAILED';
        const message = err instanceof Error ? err.message : String(err);
        parentPort?.postMessage({ i: job.i, line: { reference: job.reference, query: job.query, decision: 'unclear', score: 0, ms: ms(), error: { code, message } } });
      },
    );
}
