import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../lib/logger.ts';
import type { Database } from './sqlite.ts';

/**
 * Moves SQLite's WAL checkpoints off the event loop. In WAL mode with synchronous=NORMAL a
 * commit does not fsync; the checkpoint that copies the log into the database does, and
 * better-sqlite3 runs it on whatever thread committed. On this project's disks that stalled
 * central's event loop for tens of milliseconds now and then, right in the press → console
 * path (bench:alarm p99 ~96 ms on disk against ~50 ms on tmpfs). Here the main connection
 * stops checkpointing and a worker thread with its own connection checkpoints every second.
 * If the worker dies, the main connection checkpoints again, so the log never grows unbounded.
 */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); }
  catch (err) { parentPort.postMessage({ error: String(err && err.message || err) }); }
}, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m === 'stop') {
    clearInterval(timer);
    try { db.pragma('wal_checkpoint(PASSIVE)'); } finally { db.close(); }
    parentPort.close();
  }
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(db: Database, path: string, opts: { logger: Logger; intervalMs?: number }): Checkpointer {
  const log = opts.logger.child({ component: 'checkpointer' });
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, path, intervalMs: opts.intervalMs ?? 1000 } });
  worker.unref();
  db.pragma('wal_autocheckpoint = 0');
  let stopped = false;
  const fallBack = (why: string) => {
    if (stopped) return;
    log.error({ why }, 'WAL checkpoint worker failed; checkpointing on the main thread again');
    db.pragma('wal_autocheckpoint = 1000');
  };
  worker.on('message', (m: { error?: string }) => {
    if (m.error) log.warn({ err: m.error }, 'WAL checkpoint failed; retrying');
  });
  worker.on('error', (err) => fallBack(err.message));
  worker.on('exit', (code) => {
    if (code !== 0) fallBack(`worker exited with ${code}`);
  });
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      // Unreferenced while running (it must not keep a finished process alive), but waited for here.
      worker.ref();
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('stop');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise<void>((r) => (timer = setTimeout(r, 2000)))]);
      clearTimeout(timer);
      await worker.terminate();
      db.pragma('wal_autocheckpoint = 1000');
    },
  };
}
