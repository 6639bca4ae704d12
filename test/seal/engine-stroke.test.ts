import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildReference, compareSeals } from '../../central/seal/index.ts';
import { stamped } from './engine-fixtures.ts';

// Registration: three stampings of a seal engraved with heavy strokes.
const HEAVY = 0.05;
const stampings = (): Promise<Buffer[]> => Promise.all([0, 90, 250].map((a, i) => stamped({ strokeExtra: HEAVY }, { angle: a, texture: 40 + i, opacity: 0.7 })));
const codes = (c: { reasons: Array<{ code: string }> }): string[] => c.reasons.map((r) => r.code);

test('a seal re-cut with thinner strokes is refused against a reference of several stampings', async () => {
  const ref = await buildReference(await stampings());
  assert.is(ref.count, 3);
  assert.is(ref.strokeHalfWidths?.length, 3);
  const genuine = await compareSeals(ref, await stamped({ strokeExtra: HEAVY }, { angle: 300, texture: 44 }));
  assert.is(genuine.decision, 'match');
  assert.not.ok(codes(genuine).includes('SEAL_STROKE_WEIGHT'));

  const slightly = await compareSeals(ref, await stamped({ strokeExtra: HEAVY / 2 }, { angle: 300, texture: 44 }));
  assert.is.not(slightly.decision, 'match');
  assert.ok(codes(slightly).includes('SEAL_STROKE_WEIGHT'), `reasons: ${codes(slightly).join(',')}`);

  const thin = await compareSeals(ref, await stamped({ strokeExtra: 0 }, { angle: 300, texture: 44 }));
  assert.is(thin.decision, 'mismatch');
  assert.ok(codes(thin).includes('SEAL_STROKE_WEIGHT'));
});

test('against one stamping, characters cut heavier than the border are refused, while ink spread that thickens both alike is not', async () => {
  const [one] = await stampings();
  const ref = await buildReference([one!]);
  // Spread of w per side: glyph outlines and the border ring each grow by w on every edge.
  const w = 0.006;
  const spread = await compareSeals(ref, await stamped({ strokeExtra: HEAVY + 2 * w, border: 0.05 + 2 * w }, { angle: 300, texture: 44 }));
  assert.is.not(spread.decision, 'mismatch');
  assert.not.ok(codes(spread).includes('SEAL_STROKE_WEIGHT'), `reasons: ${codes(spread).join(',')}`);

  const heavier = await compareSeals(ref, await stamped({ strokeExtra: HEAVY + 2 * w }, { angle: 300, texture: 44 }));
  assert.is.not(heavier.decision, 'match');
  assert.ok(codes(heavier).includes('SEAL_STROKE_WEIGHT'), `reasons: ${codes(heavier).join(',')}`);
  assert.ok(heavier.metrics.offsetCharacters! - heavier.metrics.offsetRing! > 0.45);
  assert.ok(Math.abs(spread.metrics.offsetCharacters! - spread.metrics.offsetRing!) < 0.36);

  const lighter = await compareSeals(ref, await stamped({ strokeExtra: HEAVY - 2 * w }, { angle: 300, texture: 44 }));
  assert.is.not(lighter.decision, 'match');
  assert.ok(codes(lighter).includes('SEAL_STROKE_WEIGHT'), `reasons: ${codes(lighter).join(',')}`);
});

test.run();
