import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { IndexedRetainedPersistence } from '../../../central/broker/persistence.ts';

async function topicsFor(p: IndexedRetainedPersistence, patterns: string[]): Promise<string[]> {
  const out: string[] = [];
  for await (const packet of p.createRetainedStreamCombi(patterns)) out.push((packet as { topic: string }).topic);
  return out.sort();
}

const retain = (p: IndexedRetainedPersistence, topic: string, payload = 'x') =>
  p.storeRetained({ topic, payload: Buffer.from(payload) });

test('retained messages are found for exact, per-counter wildcard and city-wide filters alike', async () => {
  const p = new IndexedRetainedPersistence();
  for (const c of ['c01', 'c02']) {
    await retain(p, `cg/v1/o1/${c}/state`);
    await retain(p, `cg/v1/o1/${c}/cfg`);
    await retain(p, `cg/v1/o1/${c}/cmd/ping`);
  }
  await retain(p, 'cg/v1/o1/alarm');
  assert.equal(await topicsFor(p, ['cg/v1/o1/c01/cfg']), ['cg/v1/o1/c01/cfg']);
  assert.equal(await topicsFor(p, ['cg/v1/o1/c01/cfg', 'cg/v1/o1/c01/cmd/+']), ['cg/v1/o1/c01/cfg', 'cg/v1/o1/c01/cmd/ping']);
  assert.equal(await topicsFor(p, ['cg/v1/o1/c02/#']), ['cg/v1/o1/c02/cfg', 'cg/v1/o1/c02/cmd/ping', 'cg/v1/o1/c02/state']);
  assert.equal(await topicsFor(p, ['cg/v1/+/+/state']), ['cg/v1/o1/c01/state', 'cg/v1/o1/c02/state']);
  assert.equal(await topicsFor(p, ['cg/v1/o1/alarm']), ['cg/v1/o1/alarm']);
  assert.equal(await topicsFor(p, ['cg/v1/o1/c01/cmd']), [], 'a filter without wildcard matches only its own topic');
});

test('an empty retained payload removes the message from every kind of look-up', async () => {
  const p = new IndexedRetainedPersistence();
  await retain(p, 'cg/v1/o1/c01/cmd/ping');
  await retain(p, 'cg/v1/o1/c01/cmd/ping', '');
  assert.equal(await topicsFor(p, ['cg/v1/o1/c01/cmd/+', 'cg/v1/o1/c01/cmd/ping', 'cg/v1/#']), []);
});

test.run();
