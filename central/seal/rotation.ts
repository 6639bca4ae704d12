/**
 * Rotation candidates without trying every angle: the magnitude of a 2-D Fourier transform
 * ignores where the impression sits (a partial print or a loose crop moves it) and turns with
 * the impression, so in polar coordinates a rotation is a circular shift along the angle axis
 * (Fourier–Mellin). The spectrum is point-symmetric, so each peak names two angles 180° apart.
 */
import { fft2 } from './fft.ts';

/** angle bins over 180° */
const BINS = 120;
const STEP = 180 / BINS;

export interface Spectrum {
  n: number;
  /** per-ring zero-mean log magnitude, rings × BINS */
  polar: Float32Array;
  rings: number;
}

const scratch = new Map<number, { re: Float64Array; im: Float64Array }>();

function buffers(n: number): { re: Float64Array; im: Float64Array } {
  let b = scratch.get(n);
  if (!b) {
    b = { re: new Float64Array(n * n), im: new Float64Array(n * n) };
    scratch.set(n, b);
  }
  return b;
}

/** Polar log-magnitude spectrum of an n×n (power of two) high-passed image. */
export function polarSpectrum(img: Float32Array, n: number): Spectrum {
  const { re, im } = buffers(n);
  for (let i = 0; i < n * n; i++) {
    re[i] = img[i]!;
    im[i] = 0;
  }
  fft2(re, im, n);
  const mag = new Float32Array(n * n);
  for (let i = 0; i < n * n; i++) mag[i] = Math.log1p(Math.hypot(re[i]!, im[i]!));
  // Lowest frequencies describe only the outline (the same for any seal of a shape); the
  // highest are JPEG and grain noise.
  const r0 = 3;
  const r1 = Math.floor(n * 0.42);
  const rings = r1 - r0 + 1;
  const polar = new Float32Array(rings * BINS);
  for (let k = 0; k < rings; k++) {
    const r = r0 + k;
    let mean = 0;
    for (let b = 0; b < BINS; b++) {
      const a = (b * STEP * Math.PI) / 180;
      // Frequency (u, v) with wrap-around indexing, bilinear between bins.
      const u = r * Math.cos(a);
      const v = r * Math.sin(a);
      const x0 = Math.floor(u);
      const y0 = Math.floor(v);
      const fx = u - x0;
      const fy = v - y0;
      const xa = (x0 + n) % n;
      const xb = (x0 + 1 + n) % n;
      const ya = ((y0 + n) % n) * n;
      const yb = ((y0 + 1 + n) % n) * n;
      const val = (mag[ya + xa]! * (1 - fx) + mag[ya + xb]! * fx) * (1 - fy) + (mag[yb + xa]! * (1 - fx) + mag[yb + xb]! * fx) * fy;
      polar[k * BINS + b] = val;
      mean += val;
    }
    mean /= BINS;
    let e = 0;
    for (let b = 0; b < BINS; b++) {
      const v = polar[k * BINS + b]! - mean;
      polar[k * BINS + b] = v;
      e += v * v;
    }
    // Every ring votes with the same weight: fine detail matters as much as the outline.
    const s = 1 / (Math.sqrt(e) || 1);
    for (let b = 0; b < BINS; b++) polar[k * BINS + b]! *= s;
  }
  return { n, polar, rings };
}

/**
 * Angles (degrees, 0..360) by which the query should be turned to lie on the reference, best
 * first: `peaks` correlation maxima, each with its 180° twin.
 */
export function rotationCandidates(ref: Spectrum, query: Spectrum, peaks: number): number[] {
  const corr = new Float64Array(BINS);
  // Each query ring twice in a row, so that a circular shift is a plain offset.
  const twice = new Float32Array(2 * BINS);
  for (let k = 0; k < ref.rings; k++) {
    const ro = k * BINS;
    twice.set(query.polar.subarray(ro, ro + BINS), 0);
    twice.set(query.polar.subarray(ro, ro + BINS), BINS);
    for (let s = 0; s < BINS; s++) {
      let acc = 0;
      const off = BINS - s;
      for (let b = 0; b < BINS; b++) acc += ref.polar[ro + b]! * twice[off + b]!;
      corr[s]! += acc;
    }
  }
  const maxima: Array<{ s: number; v: number }> = [];
  for (let s = 0; s < BINS; s++) {
    const v = corr[s]!;
    if (v >= corr[(s + 1) % BINS]! && v >= corr[(s - 1 + BINS) % BINS]!) maxima.push({ s, v });
  }
  maxima.sort((a, b) => b.v - a.v);
  const out: number[] = [];
  const minSep = 9 / STEP;
  const picked: number[] = [];
  for (const m of maxima) {
    if (picked.some((p) => Math.min(Math.abs(p - m.s), BINS - Math.abs(p - m.s)) < minSep)) continue;
    picked.push(m.s);
    // Sub-bin peak position from a parabola through the neighbours.
    const l = corr[(m.s - 1 + BINS) % BINS]!;
    const r = corr[(m.s + 1) % BINS]!;
    const den = l - 2 * m.v + r;
    const off = den < 0 ? (0.5 * (l - r)) / den : 0;
    const a = (m.s + off) * STEP;
    out.push(a, a + 180);
    if (picked.length >= peaks) break;
  }
  return out;
}
