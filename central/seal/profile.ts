/**
 * Rim profile, a border measure that ink-difference counting misses because a border drawn
 * a little thicker, thinner or doubled stays within the spread tolerance: ink as a function
 * of depth from the reference's outline, only where the presented impression printed at all.
 * Ink load (pale, heavy) changes the rim and the inside alike; a re-cut border changes only
 * the rim, so the rim is judged relative to the inside.
 */
import { dilateMask } from './masks.ts';
import { INK_ON, refGeometry } from './metrics.ts';

/** rim band depth as a share of the reference's extent */
const RIM_DEPTH = 0.1;

export interface ShapeMeasures {
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

export function shapeMeasures(refInk: Float32Array, queryInk: Float32Array, n: number): ShapeMeasures {
  const qm = new Uint8Array(n * n);
  let x0 = n;
  let x1 = -1;
  for (let i = 0; i < n * n; i++) {
    qm[i] = queryInk[i]! > INK_ON ? 1 : 0;
    if (refInk[i]! > INK_ON) {
      const x = i % n;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
    }
  }
  // Compare only where the presented impression printed: a partial print is not a thinner border.
  const printedQ = dilateMask(qm, n, n, 5);

  const { depth } = refGeometry(refInk, n);
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
    rimRef,
    rimQuery,
    rimCentreRef: rimRef > 0 ? cr / rimRef : 0,
    rimCentreQuery: rimQuery > 0 ? cq / rimQuery : 0,
    rimProfileDiff: rimRef > 0 ? diff / rimRef : 0,
    innerRatio: innerRef > 0 ? innerQuery / innerRef : 1,
  };
}
