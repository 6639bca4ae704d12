import { closeSync, fsync, openSync } from 'node:fs';

type Waiter = (err: Error | null) => void;
export type FsyncFn = (fd: number, callback: (err: NodeJS.ErrnoException | null) => void) => void;

/**
 * Group commit for central's SQLite. Commits run with synchronous=NORMAL (no fsync on the event
 * loop); whoever must not answer before a commit is on disk (the PUBACK of a gateway's event)
 * waits here. One fsync of the WAL file, on libuv's thread pool, covers every commit made
 * before it started; waiters that arrive during it wait for the next one. The database's own
 * writes happen through SQLite's descriptor: fsync through ours flushes the same file.
 */
export class WalSync {
  private readonly fd: number;
  private inFlight = false;
  private waiting: Waiter[] = [];
  private closed = false;

  constructor(
    walPath: string,
    private readonly fsyncFn: FsyncFn = fsync,
  ) {
    this.fd = openSync(walPath, 'r');
  }

  /** Calls back once everything committed so far is on disk (or with the fsync's error). */
  afterCommit(callback: Waiter): void {
    if (this.closed) return callback(new Error('database closed'));
    this.waiting.push(callback);
    if (!this.inFlight) this.flush();
  }

  private flush(): void {
    const batch = this.waiting;
    this.waiting = [];
    this.inFlight = true;
    this.fsyncFn(this.fd, (err) => {
      this.inFlight = false;
      for (const w of batch) w(err ?? null);
      if (this.closed) closeSync(this.fd);
      else if (this.waiting.length > 0) this.flush();
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waiting.splice(0)) w(new Error('database closed'));
    // A running fsync closes the descriptor when it returns.
    if (!this.inFlight) closeSync(this.fd);
  }
}
