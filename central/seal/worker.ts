/**
 * Worker thread for `countergate seal compare-batch`: compares one pair per message, decoding
 * both images every time so that each pair's "ms" is honest.
 */
import { parentPort } from 'node:worker_threads';
import { isCountergateError } from '../../lib/errors.ts';
import { compareSeals } from './compare.ts';

interface Job {
  i: number;
  reference: string;
  query: string;
}

parentPort?.on('message', (job: Job) => {
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
});
