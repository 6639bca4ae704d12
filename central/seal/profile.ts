/**
 * Two shape measures that ink-difference counting misses because the change lies within the
 * spread tolerance everywhere:
 * - stroke width: 2·(ink area)/(ink edge length) — a carving with thicker or thinner strokes
 *   changes it everywhere at once; blur does not (total variation of an edge is its height);
 * - rim profile: ink as a function of depth from the reference's outline, only where the
 *   presented impression printed at all — a thicker, thinner, double or missing border moves
 *   or removes the first peak while the characters inside stay the same.
 */
import { dilateMask, distanceTransform, fillHoles } from './raster.ts';
import { INK_ON } from './metrics.ts';

/** rim band depth as a share of the reference's extent */
const RIM_DEPTH = 0.1;

export interface ShapeMeasures {
  /** mean stroke width, canonical pixels */
  widthRef: number;
  widthQuery: number;
  /** median half stroke width on the ink's ridges, canonical pixels */
  ridgeRef: number;
  ridgeQuery: number;
  /** ink per depth step inside the rim band (a solid border's thickness), canonical pixels */
  rimRef: number;
  rimQuery: number;
  /** depth (canonical px) of the rim band's centre of ink */
  rimCentreRef: number;
  rimCentreQuery: number;
  /** L1 distance between the two rim profiles, relative to the reference's */
  rimProfileDiff: number;
  /** presented / reference ink inside the rim band, where the presented impression printed */
  innerRatio: number;
}

/** Width over pixels selected by `where` (all when undefined). */
function strokeWidth(ink: Float32Array, n: number, where: Uint8Array): number {
  let area = 0;
  let edge = 0;
  for (let y = 1; y < n - 1; y++) {
    for (let x = 1; x < n - 1; x++) {
      const i = y * n + x;
      if (!where[i]) continue;
      const v = ink[i]!;
      area += v;
      const gx = (ink[i + 1]! - ink[i - 1]!) * 0.5;
      const gy = (ink[i + n]! - ink[i - n]!) * 0.5;
      edge += Math.sqrt(gx * gx + gy * gy);
    }
  }
  return edge > 0 ? (2 * area) / edge : 0;
}

/** Median distance-transform value on the ink's ridges (half the stroke width) within `where`. */
function ridgeHalfWidth(mask: Uint8Array, n: number, where: Uint8Array): number {
  const bg = new Uint8Array(n * n);
  for (let i = 0; i < n * n; i++) bg[i] = mask[i] ? 0 : 1;
  const dt = distanceTransform(bg, n, n);
  const hist = new Uint32Array(64);
  let count = 0;
  for (let y = 1; y < n - 1; y++) {
    for (let x = 1; x < n - 1; x++) {
      const i = y * n + x;
      const v = dt[i]!;
      if (!mask[i] || !where[i] || v < 1) continue;
      if (v < dt[i - 1]! || v < dt[i + 1]! || v < dt[i - n]! || v < dt[i + n]!) continue;
      hist[Math.min(63, Math.round(v * 4))]! += 1;
      count++;
    }
  }
  let acc = 0;
  for (let b = 0; b < 64; b++) {
    acc += hist[b]!;
    if (acc >= count / 2) return b / 4;
  }
  return 0;
}

export function shapeMeasures(refInk: Float32Array, queryInk: Float32Array, n: number): ShapeMeasures {
  const rm = new Uint8Array(n * n);
  const qm = new Uint8Array(n * n);
  let x0 = n;
  let x1 = -1;
  for (let i = 0; i < n * n; i++) {
    rm[i] = refInk[i]! > INK_ON ? 1 : 0;
    qm[i] = queryInk[i]! > INK_ON ? 1 : 0;
    if (rm[i]) {
      const x = i % n;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
    }
  }
  // Compare only where both printed: a partial or pale area is not a thinner stroke.
  const printedQ = dilateMask(qm, n, n, 5);
  const printedR = dilateMask(rm, n, n, 5);
  const both = new Uint8Array(n * n);
  for (let i = 0; i < n * n; i++) both[i] = printedQ[i]! & printedR[i]!;
  const widthRef = strokeWidth(refInk, n, both);
  const widthQuery = strokeWidth(queryInk, n, both);
  const ridgeRef = ridgeHalfWidth(rm, n, both);
  const ridgeQuery = ridgeHalfWidth(qm, n, both);

  const filled = fillHoles(dilateMask(rm, n, n, 2), n, n);
  const outside = new Uint8Array(n * n);
  for (let i = 0; i < n * n; i++) outside[i] = filled[i] ? 0 : 1;
  const depth = distanceTransform(outside, n, n);
  const D = Math.max(6, Math.round(RIM_DEPTH * Math.max(1, x1 - x0 + 1)));
  const pr = new Float64Array(D);
  const pq = new Float64Array(D);
  const cnt = new Float64Array(D);
  let innerRef = 0;
  let innerQuery = 0;
  for (let i = 0; i < n * n; i++) {
    const d = depth[i]!;
    if (d <= 0 || !printedQ[i]) continue;
    if (d > D) {
      innerRef += refInk[i]!;
      innerQuery += queryInk[i]!;
      continue;
    }
    const k = Math.min(D - 1, Math.floor(d - 0.5 < 0 ? 0 : d - 0.5));
    pr[k]! += refInk[i]!;
    pq[k]! += queryInk[i]!;
    cnt[k]! += 1;
  }
  let rimRef = 0;
  let rimQuery = 0;
  let cr = 0;
  let cq = 0;
  let diff = 0;
  for (let k = 0; k < D; k++) {
    if (cnt[k]! === 0) continue;
    const a = pr[k]! / cnt[k]!;
    const b = pq[k]! / cnt[k]!;
    rimRef += a;
    rimQuery += b;
    cr += a * (k + 0.5);
    cq += b * (k + 0.5);
    diff += Math.abs(a - b);
  }
  return {
    widthRef,
    widthQuery,
    ridgeRef,
    ridgeQuery,
    rimRef,
    rimQuery,
    rimCentreRef: rimRef > 0 ? cr / rimRef : 0,
    rimCentreQuery: rimQuery > 0 ? cq / rimQuery : 0,
    rimProfileDiff: rimRef > 0 ? diff / rimRef : 0,
    innerRatio: innerRef > 0 ? innerQuery / innerRef : 1,
  };
}
