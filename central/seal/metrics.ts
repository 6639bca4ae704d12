/**
 * Ink-difference measures between a registered presented impression and the reference.
 * A genuine re-stamping mostly LOSES ink (pale, partial, broken strokes) while a forgery also
 * ADDS ink where the reference has none; "extra" ink is presented ink farther than a small
 * tolerance from any reference ink, measured over the whole seal and per cell so that a single
 * moved glyph stands out. Reference coverage only tells whether there is enough to judge.
 */
import { components, convexHull, convexMask, dilateMask, distanceTransform, fillHoles } from './masks.ts';
import { perReference } from './per-reference.ts';

export const INK_ON = 0.4;
/** tolerance in canonical pixels (diameter 128): ink spread + registration error */
export const TOLERANCE = 1.5;
/** beyond this no ink spread reaches (bleed of 0.15 mm is ~1.6 canonical px) */
export const FAR = 4;
/** extra ink this close to reference ink that failed to appear is a displaced stroke */
export const DISPLACED = 5;
export const GRID = 4;

export interface InkMetrics {
  /** worst cell's share of extra ink (incl. spread) above the median cell's */
  extraContrast: number;
  refInk: number;
  queryInk: number;
  inkRatio: number;
  coverage: number;
  extra: number;
  extraFar: number;
  /** share of presented ink beside a reference stroke that is missing: a moved stroke */
  displaced: number;
  /** share of presented ink that is displaced or far: the evidence of added ink */
  evidence: number;
  maxCellExtra: number;
  meanCellExtra: number;
  /** extra (incl. spread) share of presented ink in the rim vs inside: a changed border */
  rimExtra: number;
  innerExtra: number;
  rimCoverage: number;
  innerCoverage: number;
  /** mean distance of presented ink to the reference ink, canonical pixels */
  meanDist: number;
  /** per-pixel flags for the difference view: 1 = extra presented ink, 2 = reference ink missing */
  diff: Uint8Array;
}

function cleanMask(ink: Float32Array, n: number, minArea: number): Uint8Array {
  const m = new Uint8Array(n * n);
  for (let i = 0; i < n * n; i++) m[i] = ink[i]! > INK_ON ? 1 : 0;
  const { labels, comps } = components(m, n, n);
  const small = new Set(comps.filter((c) => c.area < minArea).map((c) => c.label));
  if (small.size > 0) for (let i = 0; i < n * n; i++) if (m[i] && small.has(labels[i]!)) m[i] = 0;
  return m;
}

export interface RefGeometry {
  /** reference ink mask without specks */
  rm: Uint8Array;
  /** distance to the nearest reference ink */
  dtR: Float32Array;
  /** depth inside the reference's filled outline (0 outside) */
  depth: Float32Array;
}

/**
 * canonical px beyond the convex outline of the reference that a genuine print's ink still
 * reaches (spread, registration, a border printed heavier); ink farther out is something else
 * on the page: another seal stamped close by or overlapping, a smudge
 */
export const OUTLINE_REACH = 8;

/** The reference's convex outline grown by OUTLINE_REACH: where this seal's ink can lie. */
export const outlineReach = perReference((refInk: Float32Array, n: number): Uint8Array => {
  const { rm } = refGeometry(refInk, n);
  const pts: number[] = [];
  for (let y = 0; y < n; y++) {
    let first = -1;
    let last = -1;
    for (let x = 0; x < n; x++) {
      if (!rm[y * n + x]) continue;
      if (first < 0) first = x;
      last = x;
    }
    if (first >= 0) pts.push(first, y, last, y);
  }
  return dilateMask(convexMask(convexHull(pts), n, n), n, n, OUTLINE_REACH);
});

/** What only depends on the reference, computed once per reference ink map. */
export const refGeometry = perReference((refInk: Float32Array, n: number): RefGeometry => {
  const rm = cleanMask(refInk, n, 3);
  const filled = fillHoles(dilateMask(rm, n, n, 2), n, n);
  const outside = new Uint8Array(n * n);
  for (let i = 0; i < n * n; i++) outside[i] = filled[i] ? 0 : 1;
  const g = { rm, dtR: distanceTransform(rm, n, n), depth: distanceTransform(outside, n, n) };
  return g;
});

/**
 * `farIsEvidence` = false for 陰刻, where heavy ink legitimately fills the engraved white
 * strokes: there only displaced ink (added beside ink that went missing) testifies.
 */
export function inkMetrics(refInk: Float32Array, queryInk: Float32Array, n: number, farIsEvidence = true, querySpeck = 5): InkMetrics {
  const { rm, dtR, depth: dtOut } = refGeometry(refInk, n);
  const qm = cleanMask(queryInk, n, querySpeck);
  // Within TOLERANCE (1.5 px) of presented ink is exactly within its 3x3 neighbourhood.
  const nearQ = dilateMask(qm, n, n, 1);
  const missing = new Uint8Array(n * n);
  for (let i = 0; i < n * n; i++) missing[i] = rm[i] && !nearQ[i] ? 1 : 0;
  const dtM = distanceTransform(missing, n, n, DISPLACED);
  let x0 = n;
  let y0 = n;
  let x1 = -1;
  let y1 = -1;
  let nR = 0;
  let nQ = 0;
  let covered = 0;
  let extra = 0;
  let far = 0;
  let displaced = 0;
  let evidence = 0;
  let distSum = 0;
  // 1 = evidence of added ink (displaced or far), 2 = reference ink missing, 3 = extra near a stroke (spread)
  const diff = new Uint8Array(n * n);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const i = y * n + x;
      if (rm[i]) {
        nR++;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
        if (nearQ[i]) covered++;
        else diff[i] = 2;
      }
      if (qm[i]) {
        nQ++;
        const d = dtR[i]!;
        distSum += Math.min(d, 10);
        if (d > TOLERANCE) {
          extra++;
          const isFar = farIsEvidence && d > FAR;
          const isDisplaced = dtM[i]! <= DISPLACED;
          if (isFar) far++;
          if (isDisplaced) displaced++;
          if (isFar || isDisplaced) evidence++;
          diff[i] = isFar || isDisplaced ? 1 : 3;
        }
      }
    }
  }
  // The rim (outer ~6% of the diameter) holds the border; a re-cut border changes only there,
  // while heavy or pale ink changes the whole impression alike.
  const rimWidth = 0.06 * Math.max(x1 - x0 + 1, y1 - y0 + 1);
  const rim = { q: 0, qe: 0, r: 0, rc: 0 };
  const inner = { q: 0, qe: 0, r: 0, rc: 0 };
  for (let i = 0; i < n * n; i++) {
    if (!rm[i] && !qm[i]) continue;
    const z = dtOut[i]! <= rimWidth ? rim : inner;
    if (qm[i]) {
      z.q++;
      if (dtR[i]! > TOLERANCE) z.qe++;
    }
    if (rm[i]) {
      z.r++;
      if (nearQ[i]) z.rc++;
    }
  }

  // Cells over the reference's extent; each cell's extra ink relative to the ink it should hold.
  const cellN = new Float64Array(GRID * GRID);
  const cellR = new Float64Array(GRID * GRID);
  const cellE = new Float64Array(GRID * GRID);
  const cellX = new Float64Array(GRID * GRID);
  const bw = Math.max(1, x1 - x0 + 1);
  const bh = Math.max(1, y1 - y0 + 1);
  const cellOf = (x: number, y: number): number => {
    const cx = Math.min(GRID - 1, Math.max(0, Math.floor(((x - x0) / bw) * GRID)));
    const cy = Math.min(GRID - 1, Math.max(0, Math.floor(((y - y0) / bh) * GRID)));
    return cy * GRID + cx;
  };
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const i = y * n + x;
      if (rm[i]) cellR[cellOf(x, y)]! += 1;
      if (qm[i]) {
        const k = cellOf(x, y);
        cellN[k]! += 1;
        if (diff[i] === 1) cellE[k]! += 1;
        if (diff[i] === 1 || diff[i] === 3) cellX[k]! += 1;
      }
    }
  }
  let maxCell = 0;
  let sumCell = 0;
  const expected = nR / (GRID * GRID);
  for (let k = 0; k < GRID * GRID; k++) {
    const e = cellE[k]!;
    const v = e < 6 ? 0 : e / Math.max(cellN[k]!, 0.5 * cellR[k]!, 0.25 * expected);
    maxCell = Math.max(maxCell, v);
    sumCell += v;
  }
  // Ink spread (heavy ink) puts extra ink beside every stroke alike; a differently drawn
  // glyph puts it in a few cells. Worst cell's extra share above the typical cell's.
  const shares: number[] = [];
  for (let k = 0; k < GRID * GRID; k++) if (cellN[k]! >= 40 && cellR[k]! >= 40) shares.push(cellX[k]! / cellN[k]!);
  shares.sort((a, b) => a - b);
  const extraContrast = shares.length >= 4 ? shares[shares.length - 1]! - shares[shares.length >> 1]! : 0;
  return {
    extraContrast,
    refInk: nR,
    queryInk: nQ,
    inkRatio: nR ? nQ / nR : 0,
    coverage: nR ? covered / nR : 0,
    extra: nQ ? extra / nQ : 0,
    extraFar: nQ ? far / nQ : 0,
    displaced: nQ ? displaced / nQ : 0,
    evidence: nQ ? evidence / nQ : 0,
    maxCellExtra: maxCell,
    meanCellExtra: sumCell / (GRID * GRID),
    meanDist: nQ ? distSum / nQ : 0,
    rimExtra: rim.q ? rim.qe / rim.q : 0,
    innerExtra: inner.q ? inner.qe / inner.q : 0,
    rimCoverage: rim.r ? rim.rc / rim.r : 1,
    innerCoverage: inner.r ? inner.rc / inner.r : 1,
    diff,
  };
}
