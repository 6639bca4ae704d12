/**
 * Where each part of the characters sits against the rest: the shift of large blocks of the
 * registered impression against the reference, with an affine fit (a shift, a slight stretch)
 * taken out. One rigid seal stamped twice leaves every block where the reference's is, to a
 * few tenths of a pixel once the block is large enough to average out broken ink. The same
 * name laid out again on another seal (another shop's margins, gaps and hand placement), or a
 * character moved or taken from a sister typeface, leaves whole characters shifted together:
 * coherent over a block, where the small windows of flow.ts see mostly noise.
 */
import { referenceLevel, normalisedQuery } from './flow.ts';
import { perReference } from './per-reference.ts';
import { planeFit } from './plane-fit.ts';

/** block radius and grid step, canonical px: a block spans about a third of a character */
const RADIUS = 16;
const STEP = 12;
const ITERATIONS = 5;
/**
 * every other pixel each way: the images are blurred, and on 13 generated seeds the reading
 * moved by at most 0.1 px (genuine prints' max 0.70 → 0.60, re-layouts' 10th percentile
 * 0.67 → 0.65) for half the time
 */
const SAMPLE = 2;
/** a shift beyond this (canonical px) is not a block of this seal */
const MAX_SHIFT = 6;

export interface CharacterLayout {
  /** blocks measured (enough structure both ways, printed in the presented impression) */
  blocks: number;
  /**
   * residual shift after the affine fit, canonical px: 80th percentile over the blocks.
   * A character laid out elsewhere moves a quarter or more of the blocks; a pale or unevenly
   * pressed side can throw the odd block out by a pixel or more, which the 90th percentile felt.
   */
  p80: number;
}

const NONE: CharacterLayout = { blocks: 0, p80: 0 };

/** where a block of the presented print lies against the reference's, canonical px */
interface BlockShift {
  cx: number;
  cy: number;
  u: number;
  v: number;
}

/** a block of the reference with structure both ways: its centre and its ink */
interface ReferenceBlock {
  cx: number;
  cy: number;
  ink: number;
}

interface ReferenceBlocks {
  R: Float32Array;
  gx: Float32Array;
  gy: Float32Array;
  blocks: ReferenceBlock[];
}

/** central differences / 2 */
function gradients(a: Float32Array, n: number): { gx: Float32Array; gy: Float32Array } {
  const gx = new Float32Array(n * n);
  const gy = new Float32Array(n * n);
  for (let y = 1; y < n - 1; y++) {
    for (let x = 1, i = y * n + 1; x < n - 1; x++, i++) {
      gx[i] = (a[i + 1]! - a[i - 1]!) / 2;
      gy[i] = (a[i + n]! - a[i - n]!) / 2;
    }
  }
  return { gx, gy };
}

const referenceBlocks = perReference((refInk: Float32Array, n: number): ReferenceBlocks => {
  const R = referenceLevel(refInk, n).blurred;
  const { gx, gy } = gradients(R, n);
  const area = (2 * RADIUS + 1) ** 2;
  const blocks: ReferenceBlock[] = [];
  const edge = RADIUS + MAX_SHIFT + 2;
  for (let cy = edge; cy < n - edge; cy += STEP) {
    for (let cx = edge; cx < n - edge; cx += STEP) {
      let a = 0, b = 0, d = 0, ink = 0;
      for (let y = cy - RADIUS; y <= cy + RADIUS; y++) {
        for (let x = cx - RADIUS, i = y * n + x; x <= cx + RADIUS; x++, i++) {
          a += gx[i]! * gx[i]!;
          b += gx[i]! * gy[i]!;
          d += gy[i]! * gy[i]!;
          ink += R[i]!;
        }
      }
      if (ink < 0.12 * area || ink > 0.8 * area) continue;
      // Edges in one direction only cannot tell a shift along them (the aperture problem).
      const tr = a + d;
      if (tr / 2 - Math.sqrt(((a - d) / 2) ** 2 + b * b) < 0.25 * tr) continue;
      blocks.push({ cx, cy, ink });
    }
  }
  return { R, gx, gy, blocks };
});

/** inverse of the symmetric matrix [a b c; b d e; c e f], or null if singular */
function invert3(a: number, b: number, c: number, d: number, e: number, f: number): Float64Array | null {
  const A = d * f - e * e;
  const B = c * e - b * f;
  const C = b * e - c * d;
  const det = a * A + b * B + c * C;
  if (Math.abs(det) < 1e-9) return null;
  return Float64Array.of(A / det, B / det, C / det, B / det, (a * f - c * c) / det, (b * c - a * e) / det, C / det, (b * c - a * e) / det, (a * d - b * b) / det);
}

export function characterLayout(refInk: Float32Array, ink: Float32Array, n: number): CharacterLayout {
  const ref = referenceBlocks(refInk, n);
  const Q = normalisedQuery(refInk, ink, n);
  if (Q === null || ref.blocks.length === 0) return NONE;
  const { gx: qx, gy: qy } = gradients(Q, n);
  const shifts: BlockShift[] = [];
  for (const blk of ref.blocks) {
    const shift = blockShift(blk, ref, Q, qx, qy, n);
    if (shift) shifts.push(shift);
  }
  return summarise(shifts);
}

/**
 * Gauss-Newton on (u, v, s): Q(x + u, y + v) = R(x, y) + s |G|, G the mean of both images'
 * gradients, which is also the Jacobian (efficient second-order minimisation: the reference's alone
 * left broken, unevenly inked blocks off by up to 1.5 px). Null where it did not print or ran off.
 */
function blockShift(blk: ReferenceBlock, ref: ReferenceBlocks, Q: Float32Array, qx: Float32Array, qy: Float32Array, n: number): BlockShift | null {
  const { cx, cy } = blk;
  const { R, gx, gy } = ref;
  let inkQ = 0;
  for (let y = cy - RADIUS; y <= cy + RADIUS; y++) for (let x = cx - RADIUS, i = y * n + x; x <= cx + RADIUS; x++, i++) inkQ += Q[i]!;
  if (inkQ < 0.6 * blk.ink || inkQ > 1.6 * blk.ink) return null;
  let u = 0;
  let v = 0;
  let s = 0;
  for (let it = 0; it < ITERATIONS; it++) {
    // one shift for the whole block: the bilinear weights are the same at every pixel
    const ox = Math.floor(u);
    const oy = Math.floor(v);
    const fx = u - ox;
    const fy = v - oy;
    const w00 = (1 - fx) * (1 - fy);
    const w10 = fx * (1 - fy);
    const w01 = (1 - fx) * fy;
    const w11 = fx * fy;
    const off = oy * n + ox;
    let a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, r1 = 0, r2 = 0, r3 = 0;
    for (let y = cy - RADIUS; y <= cy + RADIUS; y += SAMPLE) {
      for (let x = cx - RADIUS, i = y * n + x; x <= cx + RADIUS; x += SAMPLE, i += SAMPLE) {
        const j = i + off;
        const q = w00 * Q[j]! + w10 * Q[j + 1]! + w01 * Q[j + n]! + w11 * Q[j + n + 1]!;
        const jx = (gx[i]! + w00 * qx[j]! + w10 * qx[j + 1]! + w01 * qx[j + n]! + w11 * qx[j + n + 1]!) / 2;
        const jy = (gy[i]! + w00 * qy[j]! + w10 * qy[j + 1]! + w01 * qy[j + n]! + w11 * qy[j + n + 1]!) / 2;
        const ga = Math.sqrt(jx * jx + jy * jy);
        const jg = -ga;
        const err = q - R[i]! - s * ga;
        a += jx * jx; b += jx * jy; c += jx * jg; d += jy * jy; e += jy * jg; f += jg * jg;
        r1 += jx * err;
        r2 += jy * err;
        r3 += jg * err;
      }
    }
    const inv = invert3(a, b, c, d, e, f);
    if (!inv) return null;
    const du = inv[0]! * r1 + inv[1]! * r2 + inv[2]! * r3;
    const dv = inv[3]! * r1 + inv[4]! * r2 + inv[5]! * r3;
    const ds = inv[6]! * r1 + inv[7]! * r2 + inv[8]! * r3;
    u -= du;
    v -= dv;
    s -= ds;
    if (Math.abs(u) > MAX_SHIFT || Math.abs(v) > MAX_SHIFT) return null;
    if (Math.abs(du) + Math.abs(dv) < 0.01) break;
  }
  return { cx, cy, u, v };
}

/** residuals after a least-squares affine fit of the shifts, refitted once without the worst fifth */
function summarise(shifts: BlockShift[]): CharacterLayout {
  if (shifts.length < 6) return { ...NONE, blocks: shifts.length };
  let keep = shifts;
  let fu = affine(keep, (b) => b.u);
  let fv = affine(keep, (b) => b.v);
  const residual = (b: BlockShift): number => Math.hypot(b.u - at(fu, b), b.v - at(fv, b));
  const first = shifts.map(residual);
  const cut = [...first].sort((p, q) => p - q)[Math.floor(0.8 * (first.length - 1))]!;
  keep = shifts.filter((_, k) => first[k]! <= cut);
  fu = affine(keep, (b) => b.u);
  fv = affine(keep, (b) => b.v);
  const all = shifts.map(residual).sort((p, q) => p - q);
  return { blocks: all.length, p80: all[Math.floor(0.8 * (all.length - 1))]! };
}

function at(p: [number, number, number], b: BlockShift): number {
  return p[0] + p[1] * b.cx + p[2] * b.cy;
}

/** least squares a + b x + c y over the blocks' centres; the mean where they lie on one line */
function affine(blocks: BlockShift[], value: (b: BlockShift) => number): [number, number, number] {
  return planeFit(blocks, (b) => b.cx, (b) => b.cy, value) ?? [blocks.reduce((sum, b) => sum + value(b), 0) / Math.max(1, blocks.length), 0, 0];
}
