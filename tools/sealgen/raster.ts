/**
 * Float planes and the few raster operations the generator needs (blur, grow/shrink,
 * noise fields, affine and projective resampling). Kept separate from the engine's own
 * raster code on purpose: the generator must not share code paths with what it tests.
 */
import type { Rng } from './rng.ts';

export interface Plane {
  w: number;
  h: number;
  d: Float32Array;
}

export function plane(w: number, h: number, fill = 0): Plane {
  const d = new Float32Array(w * h);
  if (fill !== 0) d.fill(fill);
  return { w, h, d };
}

export function clonePlane(p: Plane): Plane {
  return { w: p.w, h: p.h, d: new Float32Array(p.d) };
}

function boxPass(src: Float32Array, dst: Float32Array, w: number, h: number, r: number, horizontal: boolean): void {
  const n = horizontal ? w : h;
  const lines = horizontal ? h : w;
  const step = horizontal ? 1 : w;
  const norm = 1 / (2 * r + 1);
  for (let l = 0; l < lines; l++) {
    const base = horizontal ? l * w : l;
    let acc = 0;
    for (let i = -r; i <= r; i++) acc += src[base + Math.min(n - 1, Math.max(0, i)) * step]!;
    for (let i = 0; i < n; i++) {
      dst[base + i * step] = acc * norm;
      const add = Math.min(n - 1, i + r + 1);
      const sub = Math.max(0, i - r);
      acc += src[base + add * step]! - src[base + sub * step]!;
    }
  }
}

/** Gaussian-like blur: three box passes per axis (edges clamp). */
export function blur(p: Plane, sigma: number): Plane {
  if (sigma < 0.3) return clonePlane(p);
  // Box radius whose three-fold convolution has roughly this sigma.
  const r = Math.max(1, Math.round(Math.sqrt((12 * sigma * sigma) / 3 + 1) / 2 - 0.5));
  let a = new Float32Array(p.d);
  let b = new Float32Array(p.d.length);
  for (let k = 0; k < 3; k++) {
    boxPass(a, b, p.w, p.h, r, true);
    [a, b] = [b, a];
    boxPass(a, b, p.w, p.h, r, false);
    [a, b] = [b, a];
  }
  return { w: p.w, h: p.h, d: a };
}

/** Small fast blur for sub-pixel softening (3x3 binomial mixed in by `amount`). */
export function soften(p: Plane, amount: number): Plane {
  const { w, h, d } = p;
  const out = new Float32Array(d.length);
  for (let y = 0; y < h; y++) {
    const y0 = Math.max(0, y - 1) * w;
    const y1 = y * w;
    const y2 = Math.min(h - 1, y + 1) * w;
    for (let x = 0; x < w; x++) {
      const x0 = Math.max(0, x - 1);
      const x2 = Math.min(w - 1, x + 1);
      const s =
        (d[y0 + x0]! + 2 * d[y0 + x]! + d[y0 + x2]! + 2 * (d[y1 + x0]! + 2 * d[y1 + x]! + d[y1 + x2]!) + d[y2 + x0]! + 2 * d[y2 + x]! + d[y2 + x2]!) / 16;
      out[y1 + x] = d[y1 + x]! * (1 - amount) + s * amount;
    }
  }
  return { w, h, d: out };
}

/** 1-D squared distance transform (Felzenszwalb & Huttenlocher) of f into d. */
function edt1d(f: Float64Array, n: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    let s = (f[q]! + q * q - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
    while (s <= z[k]!) {
      k--;
      s = (f[q]! + q * q - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    d[q] = (q - v[k]!) ** 2 + f[v[k]!]!;
  }
}

/** Euclidean distance (px) from every pixel to the nearest pixel where `target` is true. */
export function distanceTo(p: Plane, target: (v: number) => boolean): Float32Array {
  const { w, h } = p;
  const INF = 1e12;
  const n = Math.max(w, h);
  const f = new Float64Array(n);
  const d = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  const tmp = new Float64Array(w * h);
  for (let i = 0; i < w * h; i++) tmp[i] = target(p.d[i]!) ? 0 : INF;
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; y++) f[y] = tmp[y * w + x]!;
    edt1d(f, h, d, v, z);
    for (let y = 0; y < h; y++) tmp[y * w + x] = d[y]!;
  }
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) f[x] = tmp[y * w + x]!;
    edt1d(f, w, d, v, z);
    for (let x = 0; x < w; x++) out[y * w + x] = Math.sqrt(d[x]!);
  }
  return out;
}

/**
 * Moves the edges of a (soft) binary mask outwards by `deltaPx` (inwards when negative), by
 * distance transform, so that a straight edge moves by exactly `deltaPx` and thin strokes and
 * counters keep their shape. (Generator v3 blurred and re-thresholded for moves under 1.5 px,
 * which on a hard edge moved it up to half as far again: a 1.4 px move became 2.2 px, so a
 * seal re-cut 1.1 px heavier than a genuine 1.4 px weight came out only 0.4 px heavier.)
 */
export function grow(p: Plane, deltaPx: number): Plane {
  if (Math.abs(deltaPx) < 0.05) return clonePlane(p);
  const out = plane(p.w, p.h);
  if (deltaPx > 0) {
    const dist = distanceTo(p, (v) => v >= 0.5);
    for (let i = 0; i < out.d.length; i++) out.d[i] = Math.max(p.d[i]!, clamp01(deltaPx - dist[i]! + 1));
  } else {
    const dist = distanceTo(p, (v) => v < 0.5);
    for (let i = 0; i < out.d.length; i++) out.d[i] = Math.min(p.d[i]!, clamp01(dist[i]! + deltaPx));
  }
  // One soft pass restores the anti-aliased edge the distance transform quantised.
  return soften(out, 0.6);
}

/** Smooth value noise in [0,1] with feature size `cell` pixels. */
export function valueNoise(w: number, h: number, cell: number, rng: Rng): Plane {
  const gw = Math.ceil(w / cell) + 2;
  const gh = Math.ceil(h / cell) + 2;
  const g = new Float32Array(gw * gh);
  for (let i = 0; i < g.length; i++) g[i] = rng.next();
  const out = plane(w, h);
  for (let y = 0; y < h; y++) {
    const fy = y / cell;
    const iy = Math.floor(fy);
    let ty = fy - iy;
    ty = ty * ty * (3 - 2 * ty);
    for (let x = 0; x < w; x++) {
      const fx = x / cell;
      const ix = Math.floor(fx);
      let tx = fx - ix;
      tx = tx * tx * (3 - 2 * tx);
      const a = g[iy * gw + ix]!;
      const b = g[iy * gw + ix + 1]!;
      const c = g[(iy + 1) * gw + ix]!;
      const e = g[(iy + 1) * gw + ix + 1]!;
      out.d[y * w + x] = (a + (b - a) * tx) * (1 - ty) + (c + (e - c) * tx) * ty;
    }
  }
  return out;
}

/** Sum of value-noise octaves, normalised back to roughly [0,1]. */
export function fractalNoise(w: number, h: number, cells: number[], rng: Rng): Plane {
  const out = plane(w, h);
  let total = 0;
  cells.forEach((cell, k) => {
    const weight = 1 / (k + 1);
    total += weight;
    const n = valueNoise(w, h, cell, rng);
    for (let i = 0; i < out.d.length; i++) out.d[i]! += n.d[i]! * weight;
  });
  for (let i = 0; i < out.d.length; i++) out.d[i]! /= total;
  return out;
}

/** Per-pixel uniform noise in [0,1]. */
export function whiteNoise(w: number, h: number, rng: Rng): Plane {
  const out = plane(w, h);
  for (let i = 0; i < out.d.length; i++) out.d[i] = rng.next();
  return out;
}

export function bilinear(p: Plane, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  if (x0 < -1 || y0 < -1 || x0 >= p.w || y0 >= p.h) return 0;
  const fx = x - x0;
  const fy = y - y0;
  const g = (xx: number, yy: number): number => (xx < 0 || yy < 0 || xx >= p.w || yy >= p.h ? 0 : p.d[yy * p.w + xx]!);
  return (g(x0, y0) * (1 - fx) + g(x0 + 1, y0) * fx) * (1 - fy) + (g(x0, y0 + 1) * (1 - fx) + g(x0 + 1, y0 + 1) * fx) * fy;
}

/**
 * Draws `src` into `dst` (adding, clamped by the caller) rotated by `angleRad` about its
 * centre, scaled by `scale` (dst px per src px), its centre landing on (cx, cy).
 * Pre-blurs when shrinking so thin strokes do not alias away.
 */
export function stampInto(dst: Plane, src: Plane, cx: number, cy: number, angleRad: number, scale: number): void {
  const s = scale < 0.8 ? blur(src, 0.45 / scale) : src;
  const cos = Math.cos(angleRad);
  const sin = Math.sin(angleRad);
  const half = (Math.hypot(src.w, src.h) * scale) / 2 + 2;
  const x0 = Math.max(0, Math.floor(cx - half));
  const x1 = Math.min(dst.w - 1, Math.ceil(cx + half));
  const y0 = Math.max(0, Math.floor(cy - half));
  const y1 = Math.min(dst.h - 1, Math.ceil(cy + half));
  const scx = (src.w - 1) / 2;
  const scy = (src.h - 1) / 2;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = (x - cx) / scale;
      const dy = (y - cy) / scale;
      const sx = cos * dx + sin * dy + scx;
      const sy = -sin * dx + cos * dy + scy;
      const v = bilinear(s, sx, sy);
      if (v > 0) dst.d[y * dst.w + x]! += v;
    }
  }
}

/** Copies `src` into `dst` at integer offset, combining with max (ink layers). */
export function maxInto(dst: Plane, src: Plane, ox: number, oy: number, gain = 1): void {
  for (let y = 0; y < src.h; y++) {
    const ty = y + oy;
    if (ty < 0 || ty >= dst.h) continue;
    for (let x = 0; x < src.w; x++) {
      const tx = x + ox;
      if (tx < 0 || tx >= dst.w) continue;
      const v = src.d[y * src.w + x]! * gain;
      const i = ty * dst.w + tx;
      if (v > dst.d[i]!) dst.d[i] = v;
    }
  }
}

export function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
