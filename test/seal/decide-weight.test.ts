import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decide } from '../../central/seal/decide.ts';
import type { WeightFit } from '../../central/seal/weight.ts';
import { cleanPrint, type DecideInput } from './decide-metrics.ts';

const codesOf = (over: Partial<DecideInput>): string => {
  const v = decide(cleanPrint(over));
  return `${v.decision}:${v.reasons.map((r) => r.code).join(',')}`;
};

const borderless = (characters: number): WeightFit => ({ frame: 0, characters, frameEdge: 0, charEdge: 900, scale: 0, ring: false, frameless: true });
const ringed = (drift: number): WeightFit => ({ frame: 0.1, characters: 0.1 + drift, frameEdge: 700, charEdge: 1000, scale: 0, ring: true, frameless: false });

test('borderless 陽刻: strokes thicker than normal ink leaves them are a match only when the print is inkier than the registration', () => {
  // inkier by 0.1, strokes 0.6 px out: heavy ink
  assert.is(codesOf({ weight: borderless(0.6), contrast: 0.8, refContrast: 0.7 }), 'match:SEAL_CONSISTENT');
  // as inky as the registration: a heavier cut as likely as heavy ink
  assert.is(codesOf({ weight: borderless(0.6), contrast: 0.72, refContrast: 0.7 }), 'unclear:SEAL_DOUBTFUL,SEAL_INK_WEIGHT');
  // beyond what heavy ink spreads
  assert.is(codesOf({ weight: borderless(0.95), contrast: 0.85, refContrast: 0.7 }), 'unclear:SEAL_DOUBTFUL,SEAL_INK_WEIGHT');
  // thinner strokes in an inkier print: no ink explains that
  assert.is(codesOf({ weight: borderless(-0.6), contrast: 0.85, refContrast: 0.7 }), 'unclear:SEAL_DOUBTFUL,SEAL_INK_WEIGHT');
  // without the registration's contrast there is nothing to say the print is inkier
  assert.is(codesOf({ weight: borderless(0.6), contrast: 0.85 }), 'unclear:SEAL_DOUBTFUL,SEAL_INK_WEIGHT');
});

test('borderless 陽刻: a print as dark as only heavy ink leaves one explains thicker strokes, unless paler than the registration', () => {
  assert.is(codesOf({ weight: borderless(0.6), contrast: 0.82, refContrast: 0.78 }), 'match:SEAL_CONSISTENT');
  // as dark, but the registration was darker still: nothing says this print took more ink
  assert.is(codesOf({ weight: borderless(0.6), contrast: 0.82, refContrast: 0.84 }), 'unclear:SEAL_DOUBTFUL,SEAL_INK_WEIGHT');
  // a dark normal print, a little inkier than the registration
  assert.is(codesOf({ weight: borderless(0.6), contrast: 0.78, refContrast: 0.75 }), 'unclear:SEAL_DOUBTFUL,SEAL_INK_WEIGHT');
});

test('陽刻 with a border ring: a whole, dark print is held to the tighter weight limit, an uneven or partial one to the wider', () => {
  assert.is(codesOf({ weight: ringed(0.3) }), 'match:SEAL_CONSISTENT');
  assert.is(codesOf({ weight: ringed(0.34) }), 'unclear:SEAL_DOUBTFUL,SEAL_STROKE_WEIGHT');
  // the same drift on a print too pale or incomplete to read weight that tightly
  assert.is(codesOf({ weight: ringed(0.34), contrast: 0.52 }), 'match:SEAL_CONSISTENT');
  assert.is(codesOf({ weight: ringed(0.34), coverage: 0.93 }), 'match:SEAL_CONSISTENT');
  // beyond the wider limit, doubted either way
  assert.is(codesOf({ weight: ringed(0.4), contrast: 0.52 }), 'unclear:SEAL_DOUBTFUL,SEAL_STROKE_WEIGHT');
});

test.run();
