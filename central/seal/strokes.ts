/**
 * Stroke weight as a number: ink area over ink edge length inside the reference's stroke
 * neighbourhood. For a strip of half-width w this ratio is w; it needs no skeleton and is
 * sub-pixel on soft ink. Ink load moves it too (on the generator's data heavy genuine prints
 * read 17-52 % thicker than the registration stampings, pale ones 15-33 % thinner), so it is
 * only trusted on the thinner side of a print that is not pale (decide.ts). The registration
 * stampings give the seal's own value; one stamping alone is too noisy to judge by.
 */
import { refGeometry } from './metrics.ts';
import { inkLevel } from './spread.ts';
import type { SealReference } from './types.ts';

/** canonical pixels around the reference strokes that count: spread plus the blurred edge of a camera frame */
const NEAR = 5;

export function strokeHalfWidth(refInk: Float32Array, ink: Float32Array, n: number): number {
  const { dtR } = refGeometry(refInk, n);
  // Normalise by the stroke-centre ink level so that only geometry remains.
  const top = inkLevel(ink, (i) => dtR[i]! <= NEAR, 0.85);
  if (top === 0) return 0;
  const at = (i: number): number => Math.min(1, Math.max(0, ink[i]! / top));
  let area = 0;
  let edge = 0;
  for (let y = 1; y < n - 1; y++) {
    for (let x = 1; x < n - 1; x++) {
      const i = y * n + x;
      if (dtR[i]! > NEAR) continue;
      const v = at(i);
      area += v;
      const gx = (at(i + 1) - at(i - 1)) / 2;
      const gy = (at(i + n) - at(i - n)) / 2;
      edge += Math.hypot(gx, gy);
    }
  }
  return edge > 0 ? area / edge : 0;
}

export interface StrokeDrift {
  /** presented stroke half-width relative to the registration stampings' mean, minus 1 */
  rel: number;
  /** the stampings' own spread (max - min) relative to their mean; 0 with one stamping */
  spread: number;
  /** number of stampings measured */
  count: number;
}

export function strokeWeightDrift(ref: SealReference, warpedQuery: Float32Array): StrokeDrift {
  const ws = (ref.strokeHalfWidths ?? []).filter((w) => w > 0);
  // One stamping says nothing about how far ink spread moves this seal's strokes: skip the work.
  if (ws.length < 2) return { rel: 0, spread: 0, count: ws.length };
  const mean = ws.reduce((a, b) => a + b, 0) / ws.length;
  const w = strokeHalfWidth(ref.ink, warpedQuery, ref.size);
  return { rel: w > 0 ? w / mean - 1 : 0, spread: (Math.max(...ws) - Math.min(...ws)) / mean, count: ws.length };
}
