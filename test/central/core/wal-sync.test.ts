import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WalSync, type FsyncFn } from '../../../central/db/wal-sync.ts';

function walFile(): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'cg-walsync-'));
  const path = join(dir, 'central.sqlite-wal');
  closeSync(openSync(path, 'w'));
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

test('acknowledgements wait for an fsync that started after their commit; one fsync serves a group', () => {
  const file = walFile();
  const pending: ((err: NodeJS.ErrnoException | null) => void)[] = [];
  const fakeFsync: FsyncFn = (_fd, cb) => pending.push(cb);
  const sync = new WalSync(file.path, fakeFsync);
  const acked: string[] = [];
  sync.afterCommit(() => acked.push('a'));
  sync.afterCommit(() => acked.push('b')); // committed while the first fsync runs: needs the next one
  sync.afterCommit(() => acked.push('c'));
  assert.is(pending.length, 1, 'one fsync at a time');
  assert.equal(acked, [], 'nothing acknowledged before the disk says so');
  pending.shift()?.(null);
  assert.equal(acked, ['a']);
  assert.is(pending.length, 1, 'b and c share the next fsync');
  pending.shift()?.(null);
  assert.equal(acked, ['a', 'b', 'c']);
  sync.close();
  file.remove();
});

test('an fsync error reaches every waiter of that group (the gateway will send again)', () => {
  const file = walFile();
  const pending: ((err: NodeJS.ErrnoException | null) => void)[] = [];
  const sync = new WalSync(file.path, (_fd, cb) => pending.push(cb));
  const results: (Error | null)[] = [];
  sync.afterCommit((err) => results.push(err));
  pending.shift()?.(Object.assign(new Error('EIO'), { code: 'EIO' }));
  assert.is(results[0]?.message, 'EIO');
  sync.close();
  sync.afterCommit((err) => results.push(err));
  assert.is(results[1]?.message, 'database closed');
  file.remove();
});

test('with the real fsync the callback comes back', async () => {
  const file = walFile();
  const sync = new WalSync(file.path);
  const err = await new Promise<Error | null>((resolve) => sync.afterCommit(resolve));
  assert.is(err, null);
  sync.close();
  file.remove();
});

test.run();
