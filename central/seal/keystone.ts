/**
 * A camera not square to the page (or a scanner whose two directions scale differently)
 * stretches the whole impression one way, which the registration's turn and scale cannot
 * follow: strokes far from the centre were left 1.5-2.5 px off, as a sister typeface leaves
 * them. The local fit's stretch and shear (flow.ts) are taken out of the posed impression when
 * they stand above what a flat scan reads; its scale, turn and shift stay the registration's.
 */
import { localFlow, type LocalFlow } from './flow.ts';
import { sample } from './raster.ts';

/**
 * stretch and shear (px per px) below which a fit is noise, and beyond which no camera tilt goes:
 * genuine scans read under 0.006 in nine of ten (13 generated seeds), camera frames 0.004-0.03
 */
const KEYSTONE_MIN = 0.008;
const KEYSTONE_MAX = 0.06;

export interface Stretch {
  /** x stretched by (1 + a), y by (1 - a) */
  a: number;
  /** shear: x moved by s y, y by s x */
  s: number;
  /** hypot(a, s), px per px */
  size: number;
}

/** the trace-free symmetric part of the local fit's gradient: what a keystone adds to a similarity */
function keystoneOf(f: LocalFlow): Stretch {
  if (f.windows === 0) return { a: 0, s: 0, size: 0 };
  const a = (f.ux[1] - f.vy[2]) / 2;
  const s = (f.ux[2] + f.vy[1]) / 2;
  return { a, s, size: Math.hypot(a, s) };
}

/** the presented ink sampled where the stretch says each reference pixel went (about the centre) */
function unstretch(ink: Float32Array, n: number, { a, s }: Stretch): Float32Array {
  const out = new Float32Array(n * n);
  const img = { width: n, height: n, data: ink };
  const c = n / 2;
  for (let y = 0; y < n; y++) {
    const dy = y - c;
    for (let x = 0; x < n; x++) {
      const dx = x - c;
      out[y * n + x] = sample(img, x + a * dx + s * dy, y + s * dx - a * dy);
    }
  }
  return out;
}

/** the posed impression with a keystone taken out, and the stretch that was read (taken out or not) */
export function removeKeystone(refInk: Float32Array, posed: Float32Array, n: number): { ink: Float32Array; stretch: Stretch } {
  const stretch = keystoneOf(localFlow(refInk, posed, n));
  const taken = stretch.size >= KEYSTONE_MIN && stretch.size <= KEYSTONE_MAX;
  return { ink: taken ? unstretch(posed, n, stretch) : posed, stretch };
}
