/**
 * A seal pressed unevenly lifts off the paper along one side: the reference ink that did not
 * print lies beyond a line, and what lies before it printed in full. A forgery cut differently
 * (a thinner border, strokes elsewhere) misses reference ink all over instead. This finds the
 * straight cut that best explains what is missing and reports how completely the rest printed.
 */
import { refGeometry } from './metrics.ts';
import { perReference } from './per-reference.ts';

export interface PrintedSide {
  /** share of the reference ink on the printed side of the cut (1: no cut) */
  share: number;
  /** share of that ink the presented impression covers */
  coverage: number;
  /** pixels this far (canonical px) or farther before the cut, or null without a cut */
  before: (margin: number) => Uint8Array | null;
}

const DIRECTIONS = 32;
/** the side beyond the cut counts as not printed while at most this share of its ink shows */
const UNPRINTED = 0.2;
/** a cut must leave out at least this share of the reference ink (a speck missing at the rim is no lift) */
const MIN_CUT = 0.05;

interface Projections {
  /** the reference's ink pixels */
  pixels: Int32Array;
  cx: number;
  cy: number;
  span: number;
  /** per direction, its unit vector and each ink pixel's bin along it */
  units: Array<[number, number]>;
  bins: Uint16Array[];
}

/** Where each reference ink pixel lies along each direction: the same for every presented print. */
const projections = perReference((refInk: Float32Array, n: number): Projections => {
  const { rm } = refGeometry(refInk, n);
  const list: number[] = [];
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n * n; i++) {
    if (!rm[i]) continue;
    list.push(i);
    sx += i % n;
    sy += Math.floor(i / n);
  }
  const pixels = Int32Array.from(list);
  const cx = sx / Math.max(1, pixels.length);
  const cy = sy / Math.max(1, pixels.length);
  const span = Math.ceil(Math.SQRT2 * n) + 2;
  const units = Array.from({ length: DIRECTIONS }, (_, d): [number, number] => [Math.cos((2 * Math.PI * d) / DIRECTIONS), Math.sin((2 * Math.PI * d) / DIRECTIONS)]);
  const xs = new Float64Array(pixels.length);
  const ys = new Float64Array(pixels.length);
  for (let k = 0; k < pixels.length; k++) {
    xs[k] = (pixels[k]! % n) - cx;
    ys[k] = Math.floor(pixels[k]! / n) - cy;
  }
  // Plain loops: `Uint16Array.from` with a mapping callback took 20-50 ms per reference here, these 3-4 ms.
  const bins = units.map(([ux, uy]) => {
    const bin = new Uint16Array(pixels.length);
    for (let k = 0; k < pixels.length; k++) bin[k] = Math.round(xs[k]! * ux + ys[k]! * uy) + span;
    return bin;
  });
  return { pixels, cx, cy, span, units, bins };
});

/** `missing(i)`: reference pixel i has no presented ink near it. */
export function printedSide(refInk: Float32Array, n: number, missing: (i: number) => boolean): PrintedSide {
  const { pixels, cx, cy, span, units, bins } = projections(refInk, n);
  const total = pixels.length;
  const uncut = (): null => null;
  if (total === 0) return { share: 1, coverage: 0, before: uncut };
  const seen = new Uint8Array(total);
  for (let k = 0; k < total; k++) seen[k] = missing(pixels[k]!) ? 0 : 1;
  let covered = 0;
  for (let k = 0; k < total; k++) covered += seen[k]!;
  const all = new Float64Array(2 * span);
  const shown = new Float64Array(2 * span);
  let best: PrintedSide = { share: 1, coverage: covered / total, before: uncut };
  for (let d = 0; d < DIRECTIONS; d++) {
    const bin = bins[d]!;
    all.fill(0);
    shown.fill(0);
    for (let k = 0; k < total; k++) {
      all[bin[k]!]! += 1;
      shown[bin[k]!]! += seen[k]!;
    }
    // Widen the unprinted side from the far end as far as it stays unprinted.
    let beyondAll = 0;
    let beyondShown = 0;
    let cutAll = 0;
    let cutShown = 0;
    let cut = 2 * span;
    for (let u = 2 * span - 1; u >= 0; u--) {
      beyondAll += all[u]!;
      beyondShown += shown[u]!;
      if (beyondAll > 0 && beyondShown <= UNPRINTED * beyondAll) {
        cutAll = beyondAll;
        cutShown = beyondShown;
        cut = u;
      }
    }
    const keptAll = total - cutAll;
    if (keptAll <= 0 || cutAll < MIN_CUT * total) continue;
    const coverage = (covered - cutShown) / keptAll;
    if (coverage > best.coverage) {
      const limit = cut - span;
      const [ux, uy] = units[d]!;
      best = {
        share: keptAll / total,
        coverage,
        before: (margin) => {
          const mask = new Uint8Array(n * n);
          for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if ((x - cx) * ux + (y - cy) * uy < limit - margin) mask[y * n + x] = 1;
          return mask;
        },
      };
    }
  }
  return best;
}
