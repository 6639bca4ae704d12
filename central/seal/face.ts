/**
 * The seal's face as the reference shows it: whether a face (square, round, oval, rectangle)
 * is there at all, and its border ring. A seal with a border or a red field fills its convex
 * outline; borderless 陽刻 characters draw a ragged outline of their own, and the ink hugging it
 * would read as a border ring (or the deep margin of a 陰刻 field) if taken for one.
 */
import { convexHull, convexMask } from './masks.ts';
import { refGeometry } from './metrics.ts';
import { perReference } from './per-reference.ts';
import { borderRing } from './spread.ts';

/**
 * Share of its convex outline a face fills: 0.997 and over on the generator's seals with a
 * border or a red field, 0.65-0.82 for borderless 陽刻 characters.
 */
export const MIN_SOLIDITY = 0.95;

export interface Face {
  /** the outline is a face's, not the characters' own */
  solid: boolean;
  /** the border ring (both rings of a double border), null without one or without a face */
  ring: { end: number } | null;
}

/** share of the convex outline of the face (depth > 0) that the face fills */
export function solidity(depth: Float32Array, n: number): number {
  const rows: number[] = [];
  let area = 0;
  for (let y = 0; y < n; y++) {
    let first = -1;
    let last = -1;
    for (let x = 0; x < n; x++) {
      if (depth[y * n + x]! <= 0) continue;
      area++;
      if (first < 0) first = x;
      last = x;
    }
    if (first >= 0) rows.push(first, y, last, y);
  }
  const hull = convexMask(convexHull(rows), n, n);
  let hullArea = 0;
  for (let i = 0; i < n * n; i++) hullArea += hull[i]!;
  return hullArea > 0 ? area / hullArea : 1;
}

export const faceOf = perReference((refInk: Float32Array, n: number): Face => {
  const { rm, depth } = refGeometry(refInk, n);
  const solid = solidity(depth, n) >= MIN_SOLIDITY;
  return { solid, ring: solid ? borderRing(rm, depth) : null };
});
