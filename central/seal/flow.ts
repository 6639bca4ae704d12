/**
 * Local displacement left after registration (Lucas-Kanade on small windows, with a dilation
 * term). One rigid seal stamped twice moves as a whole: once registered, every part of it sits
 * where the reference's does, and ink spread only swells or thins strokes in place (the
 * dilation term takes that up). A stroke or character engraved a few pixels elsewhere (a sister
 * typeface, a moved glyph, a re-carved seal) leaves a window whose content is shifted.
 */
import { boxBlur } from './raster.ts';
import { refGeometry } from './metrics.ts';
import { inkLevel } from './spread.ts';
import { perReference } from './per-reference.ts';
import { planeFit } from './plane-fit.ts';

/** window radius and grid step, canonical px */
const RADIUS = 7;
const STEP = 4;

export interface LocalFlow {
  /** windows judged (enough structure in both directions, printed in the presented impression) */
  windows: number;
  /** residual displacement after removing an affine fit (a shift, a slight stretch), canonical px: 90th percentile and max */
  p90: number;
  max: number;
  /** the largest residual averaged with its neighbouring windows (a coherent shift, not noise) */
  coherent: number;
  /** that fit: displacement u = ux[0] + ux[1] x + ux[2] y (canonical px), and v likewise */
  ux: [number, number, number];
  vy: [number, number, number];
}

function boxSum(s: Float64Array, n: number, x0: number, y0: number, x1: number, y1: number): number {
  const m = n + 1;
  return s[y1 * m + x1]! - s[y0 * m + x1]! - s[y1 * m + x0]! + s[y0 * m + x0]!;
}

type F = Float64Array;
type Integrals = [F, F, F, F, F, F, F, F, F, F, F];

let scratch: F[] = [];

/**
 * The eleven (n+1)^2 integral images, reused between calls: every call writes the same cells
 * (the rest stay zero), and allocating 6 MB per comparison kept the garbage collector busy.
 */
function integrals(m: number): Integrals {
  if (scratch[0]?.length !== m * m) scratch = Array.from({ length: 11 }, () => new Float64Array(m * m));
  return scratch as Integrals;
}


/** ink scaled to its stroke-centre level and lightly blurred */
function normalised(a: Float32Array, top: number, n: number): Float32Array {
  const d = new Float32Array(n * n);
  for (let i = 0; i < n * n; i++) d[i] = Math.min(1, a[i]! / top);
  return boxBlur({ width: n, height: n, data: d }, 1, 2).data;
}

/** the reference's stroke-centre level and its normalised, blurred ink */
export const referenceLevel = perReference((refInk: Float32Array, n: number): { top: number; blurred: Float32Array } => {
  const { dtR } = refGeometry(refInk, n);
  const top = inkLevel(refInk, (i) => dtR[i]! <= 5, 0.6);
  return { top, blurred: top === 0 ? refInk : normalised(refInk, top, n) };
});

const queryCache = new WeakMap<Float32Array, { refInk: Float32Array; Q: Float32Array | null }>();

/**
 * The presented ink scaled to its stroke-centre level (read near the reference's strokes) and
 * lightly blurred, or null where it has none. The local flow and the characters' layout
 * (layout.ts) both read it: it is made once per comparison.
 */
export function normalisedQuery(refInk: Float32Array, ink: Float32Array, n: number): Float32Array | null {
  const hit = queryCache.get(ink);
  if (hit?.refInk === refInk) return hit.Q;
  const { dtR } = refGeometry(refInk, n);
  const top = inkLevel(ink, (i) => dtR[i]! <= 5, 0.6);
  const Q = top === 0 ? null : normalised(ink, top, n);
  queryCache.set(ink, { refInk, Q });
  return Q;
}

export function localFlow(refInk: Float32Array, ink: Float32Array, n: number): LocalFlow {
  const ref = referenceLevel(refInk, n);
  const Q = normalisedQuery(refInk, ink, n);
  const none: LocalFlow = { windows: 0, p90: 0, max: 0, coherent: 0, ux: [0, 0, 0], vy: [0, 0, 0] };
  if (ref.top === 0 || Q === null) return none;
  const R = ref.blurred;
  // Integral images of the 9 products of the least-squares system and of both ink maps, built
  // in one unrolled pass: this is the hot loop of the measure.
  const m = n + 1;
  const [xx, xy, xg, yy, yg, gg, xt, yt, gt, mr, mq] = integrals(m);
  for (let y = 1; y < n - 1; y++) {
    let r0 = 0, r1 = 0, r2 = 0, r3 = 0, r4 = 0, r5 = 0, r6 = 0, r7 = 0, r8 = 0, r9 = 0, r10 = 0;
    const o = (y + 1) * m;
    const up = y * m;
    for (let x = 1; x < n - 1; x++) {
      const i = y * n + x;
      const ix = (R[i + 1]! + Q[i + 1]! - R[i - 1]! - Q[i - 1]!) / 4;
      const iy = (R[i + n]! + Q[i + n]! - R[i - n]! - Q[i - n]!) / 4;
      const g = Math.sqrt(ix * ix + iy * iy);
      const it = Q[i]! - R[i]!;
      r0 += ix * ix;
      xx[o + x + 1] = xx[up + x + 1]! + r0;
      r1 += ix * iy;
      xy[o + x + 1] = xy[up + x + 1]! + r1;
      r2 += ix * g;
      xg[o + x + 1] = xg[up + x + 1]! + r2;
      r3 += iy * iy;
      yy[o + x + 1] = yy[up + x + 1]! + r3;
      r4 += iy * g;
      yg[o + x + 1] = yg[up + x + 1]! + r4;
      r5 += g * g;
      gg[o + x + 1] = gg[up + x + 1]! + r5;
      r6 += ix * it;
      xt[o + x + 1] = xt[up + x + 1]! + r6;
      r7 += iy * it;
      yt[o + x + 1] = yt[up + x + 1]! + r7;
      r8 += g * it;
      gt[o + x + 1] = gt[up + x + 1]! + r8;
      r9 += R[i]!;
      mr[o + x + 1] = mr[up + x + 1]! + r9;
      r10 += Q[i]!;
      mq[o + x + 1] = mq[up + x + 1]! + r10;
    }
    // the last column carries the row's total on
    for (const a of [xx, xy, xg, yy, yg, gg, xt, yt, gt, mr, mq]) a[o + n] = a[o + n - 1]!;
  }
  // the last row repeats the one above (its pixels contribute nothing)
  for (const a of [xx, xy, xg, yy, yg, gg, xt, yt, gt, mr, mq]) a.copyWithin(n * m, (n - 1) * m, n * m);
  const S = [xx, xy, xg, yy, yg, gg, xt, yt, gt, mr, mq];
  const cells = Math.floor((n - 2 * RADIUS) / STEP);
  const u = new Float32Array(cells * cells).fill(NaN);
  const v = new Float32Array(cells * cells).fill(NaN);
  const area = (2 * RADIUS + 1) ** 2;
  for (let cy = 0; cy < cells; cy++) {
    for (let cx = 0; cx < cells; cx++) {
      const x0 = cx * STEP;
      const y0 = cy * STEP;
      const x1 = x0 + 2 * RADIUS + 1;
      const y1 = y0 + 2 * RADIUS + 1;
      const sum = (k: number): number => boxSum(S[k]!, n, x0, y0, x1, y1);
      const inkR = sum(9);
      const inkQ = sum(10);
      // Enough reference structure, and the presented impression printed here (not a gap).
      if (inkR < 0.12 * area || inkR > 0.8 * area || inkQ < 0.6 * inkR || inkQ > 1.6 * inkR) continue;
      const a = sum(0);
      const b = sum(1);
      const c = sum(2);
      const d = sum(3);
      const e = sum(4);
      const f = sum(5);
      // Edges in one direction only cannot tell a shift along them (the aperture problem).
      const tr = a + d;
      const lmin = tr / 2 - Math.sqrt(((a - d) / 2) ** 2 + b * b);
      if (lmin < 0.25 * tr) continue;
      const r1 = sum(6);
      const r2 = sum(7);
      const r3 = sum(8);
      // Solve [a b c; b d e; c e f] p = r (symmetric 3x3, Cramer's rule).
      const det = a * (d * f - e * e) - b * (b * f - e * c) + c * (b * e - d * c);
      if (Math.abs(det) < 1e-9) continue;
      const p1 = (r1 * (d * f - e * e) - b * (r2 * f - e * r3) + c * (r2 * e - d * r3)) / det;
      const p2 = (a * (r2 * f - e * r3) - r1 * (b * f - e * c) + c * (b * r3 - r2 * c)) / det;
      // It = -u Ix - v Iy + s G, so the fitted coefficients are -u, -v.
      u[cy * cells + cx] = -p1;
      v[cy * cells + cx] = -p2;
    }
  }
  const ks: number[] = [];
  for (let k = 0; k < u.length; k++) if (!Number.isNaN(u[k]!)) ks.push(k);
  if (ks.length < 8) return none;
  const fitU = affineFit(ks, u, cells);
  const fitV = affineFit(ks, v, cells);
  const res = new Float32Array(u.length).fill(NaN);
  const all: number[] = [];
  for (const k of ks) {
    res[k] = Math.hypot(u[k]! - fitAt(fitU, k, cells), v[k]! - fitAt(fitV, k, cells));
    all.push(res[k]!);
  }
  all.sort((p, q) => p - q);
  let coherent = 0;
  for (let cy = 0; cy < cells; cy++) {
    for (let cx = 0; cx < cells; cx++) {
      let s = 0;
      let m = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const x = cx + dx;
          const y = cy + dy;
          if (x < 0 || y < 0 || x >= cells || y >= cells) continue;
          const r = res[y * cells + x]!;
          if (Number.isNaN(r)) continue;
          s += r;
          m++;
        }
      }
      if (m >= 5) coherent = Math.max(coherent, s / m);
    }
  }
  // window (cx, cy) is centred on canonical pixel (cx * STEP + RADIUS, cy * STEP + RADIUS)
  const toPx = (p: [number, number, number]): [number, number, number] => [p[0] - (p[1] + p[2]) * (RADIUS / STEP + cells / 2), p[1] / STEP, p[2] / STEP];
  return { windows: all.length, p90: all[Math.floor(0.9 * (all.length - 1))]!, max: all[all.length - 1]!, coherent, ux: toPx(fitU), vy: toPx(fitV) };
}

/** window k's place on the grid, in windows from the grid's centre */
function centred(k: number, cells: number): [number, number] {
  return [(k % cells) - cells / 2, Math.floor(k / cells) - cells / 2];
}

/** a fit a + b x + c y at window k */
function fitAt(p: [number, number, number], k: number, cells: number): number {
  const [x, y] = centred(k, cells);
  return p[0] + p[1] * x + p[2] * y;
}

/** least squares a + b x + c y over the windows, refitted once without the worst fifth */
function affineFit(ks: number[], f: Float32Array, cells: number): [number, number, number] {
  let keep = ks;
  let p: [number, number, number] = [0, 0, 0];
  for (let pass = 0; pass < 2; pass++) {
    const fit = planeFit(keep, (k) => centred(k, cells)[0], (k) => centred(k, cells)[1], (k) => f[k]!);
    if (!fit) return p;
    p = fit;
    const r = keep.map((k) => Math.abs(f[k]! - fitAt(p, k, cells)));
    const cut = [...r].sort((x, y) => x - y)[Math.floor(0.8 * (r.length - 1))]!;
    keep = keep.filter((_, j) => r[j]! <= cut);
  }
  return p;
}
