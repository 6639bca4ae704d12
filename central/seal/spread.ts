/**
 * Edge offsets: how far the presented impression's edges lie outside (+) or inside (-) the
 * reference's, in canonical pixels, from added minus lost ink over the reference's edge length.
 * Ink is clipped at the stroke-centre level first, so density does not count, only geometry;
 * the measure is sub-pixel because it sums soft ink.
 *
 * Ink spread dilates every edge of an impression alike, the border ring's and the characters';
 * a seal re-carved with heavier or lighter characters moves only the characters' edges. So the
 * characters' offset is judged against the border ring's. The ring is measured across both its
 * edges: a scale error moves them in opposite senses and cancels, where the outline alone would
 * absorb spread into the scale (canonical size comes from the impression's own diameter).
 */
import { INK_ON, refGeometry } from './metrics.ts';
import { dilateMask } from './raster.ts';

/** canonical pixels around the reference strokes that count: spread plus a camera's blurred edge */
const NEAR = 5;
/** half the narrowest gap that spread does not close from both sides (canonical px) */
const GAP = 3;

/** the ink level below which `share` of the inked pixels selected lie (a histogram, not a sort) */
export function inkLevel(ink: Float32Array, select: (i: number) => boolean, share: number): number {
  const bins = new Uint32Array(256);
  let count = 0;
  for (let i = 0; i < ink.length; i++) {
    const v = ink[i]!;
    if (v > 0.2 && select(i)) {
      bins[Math.min(255, Math.floor(v * 255))]! += 1;
      count++;
    }
  }
  if (count < 50) return 0;
  let b = 0;
  for (let seen = 0, want = share * count; b < 255 && seen + bins[b]! < want; b++) seen += bins[b]!;
  return Math.max(0.05, (b + 0.5) / 255);
}

/**
 * The reference's border ring (or both rings of a double border) from the share of ink at each
 * depth inside its outline: solid from the outline inwards, then a drop. Null when the outermost
 * band is not solid ink (a seal without a border).
 */
export function borderRing(rm: Uint8Array, depth: Float32Array): { end: number } | null {
  const D = 64;
  const ink = new Float64Array(D);
  const all = new Float64Array(D);
  for (let i = 0; i < rm.length; i++) {
    const d = depth[i]!;
    if (d <= 0 || d >= D) continue;
    const k = Math.floor(d);
    all[k]! += 1;
    if (rm[i]) ink[k]! += 1;
  }
  const frac = (k: number): number => (all[k]! > 0 ? ink[k]! / all[k]! : 0);
  let k = 0;
  while (k < 6 && frac(k) < 0.7) k++;
  if (k === 6) return null;
  while (k < D && frac(k) >= 0.4) k++;
  let end = k;
  for (let j = k; j < Math.min(D, k + 10); j++) {
    if (frac(j) >= 0.7) {
      while (j < D && frac(j) >= 0.4) j++;
      end = j;
      break;
    }
  }
  return end < D ? { end } : null;
}

export interface EdgeOffsets {
  /** depth (canonical px) where the border ring ends; 0 = no ring, `ring` is then meaningless */
  ringEnd: number;
  /** mean offset of the border ring's edges and of the characters' edges */
  ring: number;
  characters: number;
}

export function edgeOffsets(refInk: Float32Array, ink: Float32Array, n: number): EdgeOffsets {
  const { rm, dtR, depth } = refGeometry(refInk, n);
  const qm = new Uint8Array(n * n);
  for (let i = 0; i < n * n; i++) qm[i] = ink[i]! > INK_ON ? 1 : 0;
  // Only where the presented impression printed: a partial print is not a thinner stroke.
  const printed = dilateMask(qm, n, n, 5);
  const near = (i: number): boolean => dtR[i]! <= NEAR && printed[i] === 1;
  const topR = inkLevel(refInk, near, 0.6);
  const topQ = inkLevel(ink, near, 0.6);
  const ringInfo = borderRing(rm, depth);
  const none = { ringEnd: 0, ring: 0, characters: 0 };
  if (topR === 0 || topQ === 0) return none;
  // Spread fills a gap narrower than twice itself from both sides and then stops: only edges
  // that face open paper grow in proportion to the spread.
  const inkGrown = dilateMask(rm, n, n, GAP);
  const open = new Uint8Array(n * n);
  for (let i = 0; i < n * n; i++) open[i] = inkGrown[i] ? 0 : 1;
  const zone = dilateMask(dilateMask(open, n, n, GAP), n, n, 2);
  // Each edge belongs to the structure it bounds: near the ring and not near a character (a
  // character close inside a double border must not count as border), or the other way round.
  const ringInk = new Uint8Array(n * n);
  const charInk = new Uint8Array(n * n);
  for (let i = 0; i < n * n; i++) {
    if (!rm[i]) continue;
    if (ringInfo && depth[i]! <= ringInfo.end) ringInk[i] = 1;
    else charInk[i] = 1;
  }
  const nearRing = dilateMask(ringInk, n, n, NEAR);
  const nearChar = dilateMask(charInk, n, n, NEAR);
  const r = (j: number): number => Math.min(1, refInk[j]! / topR);
  let ringD = 0;
  let ringE = 0;
  let charD = 0;
  let charE = 0;
  for (let y = 1; y < n - 1; y++) {
    for (let x = 1; x < n - 1; x++) {
      const i = y * n + x;
      if (!zone[i] || !near(i)) continue;
      const d = Math.min(1, ink[i]! / topQ) - r(i);
      const e = Math.hypot((r(i + 1) - r(i - 1)) / 2, (r(i + n) - r(i - n)) / 2);
      if (nearRing[i] && nearChar[i]) continue;
      if (nearRing[i]) {
        ringD += d;
        ringE += e;
      } else {
        charD += d;
        charE += e;
      }
    }
  }
  return {
    ringEnd: ringInfo && ringE > 0 ? ringInfo.end : 0,
    ring: ringE > 0 ? ringD / ringE : 0,
    characters: charE > 0 ? charD / charE : 0,
  };
}
