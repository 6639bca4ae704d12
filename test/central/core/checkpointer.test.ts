import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startCheckpointer } from '../../../central/db/checkpointer.ts';
import { openDatabase } from '../../../central/db/sqlite.ts';
import { silentLogger } from '../../../lib/logger.ts';

test('a worker thread moves the WAL into the database file; the main connection does not', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cg-ckpt-'));
  const path = join(dir, 'central.sqlite');
  const db = openDatabase(path);
  try {
    const checkpointer = startCheckpointer(db, path, { logger: silentLogger, intervalMs: 50 });
    assert.is(db.pragma('wal_autocheckpoint', { simple: true }), 0);
    const before = statSync(path).size;
    db.exec('CREATE TABLE filler (x TEXT)');
    const insert = db.prepare('INSERT INTO filler VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run('x'.repeat(500));
    })();
    const deadline = Date.now() + 5000;
    while (statSync(path).size <= before + 500_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(statSync(path).size > before + 500_000, 'the rows reached the database file');
    await checkpointer.stop();
    assert.is(db.pragma('wal_autocheckpoint', { simple: true }), 1000, 'the main connection checkpoints again');
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
