import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decide } from '../../central/seal/decide.ts';
import { cleanPrint, type DecideInput } from './decide-metrics.ts';

const codesOf = (over: Partial<DecideInput>): string => {
  const v = decide(cleanPrint(over));
  return `${v.decision}:${v.reasons.map((r) => r.code).join(',')}`;
};

test('陽刻 solid border ring: a paler line along it all round is a ring cut as two; a faint trace of one is doubted', () => {
  assert.is(codesOf({ ringDip: 0.01 }), 'match:SEAL_CONSISTENT');
  assert.is(codesOf({ ringDip: null }), 'match:SEAL_CONSISTENT');
  assert.is(codesOf({ ringDip: 0.07 }), 'unclear:SEAL_DOUBTFUL,SEAL_BORDER_DIFFERS');
  const split = decide(cleanPrint({ ringDip: 0.3 }));
  assert.is(split.decision, 'mismatch');
  assert.equal(split.reasons.map((r) => r.code), ['SEAL_BORDER_DIFFERS']);
  assert.ok(split.score <= 0.3, `score ${split.score}`);
});

test.run();
