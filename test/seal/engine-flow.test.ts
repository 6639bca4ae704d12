import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildReference, compareSeals } from '../../central/seal/index.ts';
import { stamped } from './engine-fixtures.ts';

const codes = (c: { reasons: Array<{ code: string }> }): string[] => c.reasons.map((r) => r.code);

test('strokes left a few pixels away after alignment are named, a genuine re-stamping has none', async () => {
  const ref = await buildReference([await stamped({}, { angle: 0, texture: 40, opacity: 0.8 })]);
  const genuine = await compareSeals(ref, await stamped({}, { angle: 77, texture: 44 }));
  assert.is(genuine.decision, 'match');
  assert.ok(genuine.metrics.flowP90! < 1.9, `genuine flow ${genuine.metrics.flowP90}`);

  // One character moved by 1.5 % of the seal (about 3 canonical px): too little for the ink
  // counts to call it, but the strokes there are displaced as a whole.
  const moved = await compareSeals(ref, await stamped({ moveGlyph: { index: 2, dx: 0.015, dy: 0.0075 } }, { angle: 77, texture: 44 }));
  assert.is.not(moved.decision, 'match');
  assert.ok(codes(moved).includes('SEAL_STROKES_MOVED'), `reasons: ${codes(moved).join(',')}`);

  const sister = await compareSeals(ref, await stamped({ font: 'TW-Kai' }, { angle: 77, texture: 44 }));
  assert.is(sister.decision, 'mismatch');
  assert.ok(codes(sister).includes('SEAL_STROKES_MOVED'), `reasons: ${codes(sister).join(',')}`);
});

test.run();
