/**
 * Worker thread for `countergate seal compare-batch`: compares one pair per message, decoding
 * both images every time so that each pair's "ms" is honest.
 */
import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import { isCountergateError } from '../../lib/errors.ts';
import { compareSeals } from './compare.ts';
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

parentPort?.on('message', (job: Job) => {
  void ready.then(() => run(job));
});

function run(job: Job): void {
  const t0 = performance.now();
  compareSeals(job.reference, job.query).then(
    (c) => {
      parentPort?.postMessage({ i: job.i, line: { reference: job.reference, query: job.query, decision: c.decision, score: c.score, ms: c.ms } });
    },
    (err: unknown) => {
      const code = isCountergateError(err) ? err.code : 'CG_SEAL_FAILED';
      const message = err instanceof Error ? err.message : String(err);
      const ms = Math.round((performance.now() - t0) * 10) / 10;
      parentPort?.postMessage({ i: job.i, line: { reference: job.reference, query: job.query, decision: 'unclear', score: 0, ms, error: { code, message } } });
    },
  );
}
