/**
 * Finding impressions on a page: a light-invariant redness map minus the paper's own
 * (paper.ts), a noise-derived threshold, and blobs of nearby red strokes merged into one
 * impression each. Black print (no chroma) and blue handwriting (negative redness) drop out.
 */
import { CountergateError } from '../../lib/errors.ts';
import { decodeImage, type Rgb } from './decode.ts';
import { boxBlur, type Gray } from './raster.ts';
import { openedBackground, paperBackground } from './paper.ts';
import { components, convexHull, dilateMask } from './masks.ts';
import { fillUnderPrint } from './under-print.ts';
import type { ExtractOptions, Impression, SealCarving, SealShape } from './types.ts';

/** Red minus the stronger of green/blue, relative to the pixel's brightness (shadows cancel out). */
function redness(r: number, g: number, b: number): number {
  const m = g > b ? g : b;
  // Dark pixels carry JPEG colour fringes around black print; ink is never that dark in red.
  const weight = r >= 140 ? 1 : r <= 60 ? 0 : (r - 60) / 80;
  return r <= m ? 0 : (((r - m) * 255) / (r > 128 ? r : 128)) * weight;
}

/** Redness averaged over f×f blocks (the detection grid). */
export function blockRedness(rgb: Rgb, f: number): Gray {
  const { width: W, height: H, data } = rgb;
  const sw = Math.ceil(W / f);
  const sh = Math.ceil(H / f);
  const sum = new Float32Array(sw * sh);
  const cnt = new Float32Array(sw * sh);
  const col = new Int32Array(W);
  for (let x = 0; x < W; x++) col[x] = (x / f) | 0;
  for (let y = 0; y < H; y++) {
    const row = ((y / f) | 0) * sw;
    for (let x = 0, j = y * W * 3; x < W; x++, j += 3) {
      const r = data[j]!;
      const g = data[j + 1]!;
      const b = data[j + 2]!;
      const k = row + col[x]!;
      // Most of a page is not red at all: skip the arithmetic there.
      if (r > g && r > b && r > 60) sum[k]! += redness(r, g, b);
      cnt[k]! += 1;
    }
  }
  for (let i = 0; i < sum.length; i++) sum[i] = sum[i]! / cnt[i]!;
  return { width: sw, height: sh, data: sum };
}

/** Median to 0.25 resolution via a histogram (values are redness units, -64..192). */
function median(values: number[]): number {
  if (values.length === 0) return 0;
  const bins = new Uint32Array(1024);
  for (const v of values) bins[Math.max(0, Math.min(1023, Math.round((v + 64) * 4)))]! += 1;
  let acc = 0;
  const half = values.length / 2;
  for (let b = 0; b < 1024; b++) {
    acc += bins[b]!;
    if (acc >= half) return b / 4 - 64;
  }
  return 0;
}

/** p-quantile of redness values (0..255) to 0.25 resolution, via a histogram. */
function percentile(values: Float32Array, count: number, p: number): number {
  if (count === 0) return 0;
  const bins = new Uint32Array(1024);
  for (let i = 0; i < count; i++) bins[Math.max(0, Math.min(1023, (values[i]! * 4) | 0))]! += 1;
  const want = Math.min(count - 1, Math.floor(p * count));
  let acc = 0;
  for (let b = 0; b < 1024; b++) {
    acc += bins[b]!;
    if (acc > want) return b / 4;
  }
  return 255;
}

interface Candidate {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  label: number;
  inkCount: number;
  rank: number;
}

function classify(mask: Uint8Array, w: number, h: number, inkCount: number): { shape: SealShape; carving: SealCarving; diameter: number; fill: number } {
  const pts: number[] = [];
  for (let y = 0; y < h; y++) {
    let first = -1;
    let last = -1;
    for (let x = 0; x < w; x++) {
      if (mask[y * w + x]) {
        if (first < 0) first = x;
        last = x;
      }
    }
    if (first >= 0) pts.push(first, y, last, y);
  }
  const hull = convexHull(pts);
  let hullArea = 0;
  let diameter = 0;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i]!;
    const b = hull[(i + 1) % hull.length]!;
    hullArea += a[0] * b[1] - b[0] * a[1];
    for (let j = i + 1; j < hull.length; j++) {
      const c = hull[j]!;
      diameter = Math.max(diameter, Math.hypot(a[0] - c[0], a[1] - c[1]));
    }
  }
  hullArea = Math.abs(hullArea) / 2;
  // Minimum-area enclosing rectangle by rotating calipers over hull edges.
  let best = { area: Infinity, long: 1, short: 1 };
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i]!;
    const b = hull[(i + 1) % hull.length]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (len === 0) continue;
    const ux = (b[0] - a[0]) / len;
    const uy = (b[1] - a[1]) / len;
    let minU = Infinity;
    let maxU = -Infinity;
    let minV = Infinity;
    let maxV = -Infinity;
    for (const p of hull) {
      const u = p[0] * ux + p[1] * uy;
      const v = -p[0] * uy + p[1] * ux;
      minU = Math.min(minU, u);
      maxU = Math.max(maxU, u);
      minV = Math.min(minV, v);
      maxV = Math.max(maxV, v);
    }
    const du = maxU - minU + 1;
    const dv = maxV - minV + 1;
    if (du * dv < best.area) best = { area: du * dv, long: Math.max(du, dv), short: Math.min(du, dv) };
  }
  const rectFill = hullArea / best.area;
  const elongated = best.long / best.short > 1.15;
  const shape: SealShape = rectFill > 0.9 ? (elongated ? 'rect' : 'square') : elongated ? 'oval' : 'round';
  const fill = hullArea > 0 ? inkCount / hullArea : 0;
  const carving: SealCarving = fill > 0.66 ? 'intaglio' : 'relief';
  return { shape, carving, diameter: Math.max(diameter, 1), fill };
}

/** Redness above the paper, smoothed, and the level above which it is ink: well above the page's noise. */
function inkAbovePaper(small: Gray, bg: Float32Array): { d: Float32Array; threshold: number } {
  const n = small.width * small.height;
  const raw = new Float32Array(n);
  for (let i = 0; i < n; i++) raw[i] = small.data[i]! - bg[i]!;
  // Ink strokes are dense runs of red; colour fringes around black print are scattered pixels.
  const d = boxBlur({ width: small.width, height: small.height, data: raw }, 1, 1).data;
  const stride = Math.max(1, Math.floor(n / 8000));
  const sampleVals: number[] = [];
  for (let i = 0; i < n; i += stride) sampleVals.push(d[i]!);
  const med = median(sampleVals);
  const sigma = 1.4826 * median(sampleVals.map((v) => Math.abs(v - med)));
  return { d, threshold: Math.max(12, med + 5 * sigma) };
}

/** Extract every impression on a decoded page, largest/most seal-like first. */
export function extractFromRgb(rgb: Rgb, opts: ExtractOptions = {}): Impression[] {
  const maxImpressions = opts.maxImpressions ?? 8;
  const minSideFraction = opts.minSideFraction ?? 0.03;
  const { width: W, height: H } = rgb;
  // Detection at <= ~500 px on the longest side.
  const f = Math.max(1, Math.ceil(Math.max(W, H) / 500));
  const small = blockRedness(rgb, f);
  const sw = small.width;
  const sh = small.height;
  const cell = Math.max(2, Math.round(16 / f));
  const first = inkAbovePaper(small, openedBackground(small, cell));
  // Paper is then measured where the first pass found no ink, even faint ink (paper.ts).
  const seen = new Uint8Array(sw * sh);
  for (let i = 0; i < sw * sh; i++) seen[i] = first.d[i]! > 0.5 * first.threshold ? 1 : 0;
  const bg = paperBackground(small, cell, seen);
  const { d, threshold } = inkAbovePaper(small, bg);

  const mask = new Uint8Array(sw * sh);
  for (let i = 0; i < sw * sh; i++) mask[i] = d[i]! > threshold ? 1 : 0;
  // Specks (colour fringes, paper fibres) must not bridge an impression to its surroundings.
  const specks = components(mask, sw, sh);
  const minArea = Math.max(6, (0.008 * Math.max(sw, sh)) ** 2);
  const tiny = new Set(specks.comps.filter((c) => c.area < minArea).map((c) => c.label));
  for (let i = 0; i < sw * sh; i++) if (mask[i] && tiny.has(specks.labels[i]!)) mask[i] = 0;
  const mergeR = Math.max(2, Math.round(Math.max(sw, sh) * 0.012));
  const merged = dilateMask(mask, sw, sh, mergeR);
  const { labels, comps } = components(merged, sw, sh);

  const minSide = Math.max(8, minSideFraction * Math.max(sw, sh));
  const candidates: Candidate[] = [];
  for (const c of comps) {
    // Tight box of the ink itself, not of the dilated blob.
    let x0 = sw;
    let y0 = sh;
    let x1 = -1;
    let y1 = -1;
    let inkCount = 0;
    for (let y = c.y0; y <= c.y1; y++) {
      for (let x = c.x0; x <= c.x1; x++) {
        const i = y * sw + x;
        if (labels[i] === c.label && mask[i]) {
          inkCount++;
          if (x < x0) x0 = x;
          if (x > x1) x1 = x;
          if (y < y0) y0 = y;
          if (y > y1) y1 = y;
        }
      }
    }
    if (x1 < 0) continue;
    const bw = x1 - x0 + 1;
    const bh = y1 - y0 + 1;
    if (Math.min(bw, bh) < minSide) continue;
    // Seals are compact; a red underline or a long handwritten line is not.
    if (Math.max(bw, bh) / Math.min(bw, bh) > 3.2) continue;
    const density = inkCount / (bw * bh);
    if (density < 0.04) continue;
    candidates.push({ x0, y0, x1, y1, label: c.label, inkCount, rank: inkCount * Math.min(1, density * 5) });
  }
  candidates.sort((a, b) => b.rank - a.rank);

  const out: Impression[] = [];
  for (const c of candidates.slice(0, maxImpressions)) {
    const imp = cropImpression(rgb, bg, labels, sw, f, c, threshold);
    if (imp) out.push(imp);
  }
  return out;
}

function cropImpression(
  rgb: Rgb,
  bg: Float32Array,
  labels: Int32Array,
  sw: number,
  f: number,
  c: Candidate,
  threshold: number,
): Impression | null {
  const { width: W, height: H } = rgb;
  const pad = 2 * f + 2;
  const X0 = Math.max(0, c.x0 * f - pad);
  const Y0 = Math.max(0, c.y0 * f - pad);
  const X1 = Math.min(W - 1, (c.x1 + 1) * f + pad);
  const Y1 = Math.min(H - 1, (c.y1 + 1) * f + pad);
  const cw = X1 - X0 + 1;
  const ch = Y1 - Y0 + 1;
  const dmap = new Float32Array(cw * ch);
  const inside = new Uint8Array(cw * ch);
  const inkVals = new Float32Array(cw * ch);
  let nInk = 0;
  for (let y = 0; y < ch; y++) {
    const Y = Y0 + y;
    const sy = Math.min(Math.floor(Y / f), Math.ceil(H / f) - 1);
    for (let x = 0; x < cw; x++) {
      const X = X0 + x;
      const sx = Math.min(Math.floor(X / f), sw - 1);
      if (labels[sy * sw + sx] !== c.label) continue;
      const j = (Y * W + X) * 3;
      const v = redness(rgb.data[j]!, rgb.data[j + 1]!, rgb.data[j + 2]!) - bg[sy * sw + sx]!;
      dmap[y * cw + x] = v;
      inside[y * cw + x] = 1;
      if (v > threshold) inkVals[nInk++] = v;
    }
  }
  if (nInk < 20) return null;
  const level = Math.max(threshold * 1.5, percentile(inkVals, nInk, 0.9));
  const lo = threshold * 0.6;
  // Tight box of full-resolution ink.
  let x0 = cw;
  let y0 = ch;
  let x1 = -1;
  let y1 = -1;
  const bin = new Uint8Array(cw * ch);
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      const i = y * cw + x;
      if (inside[i] && dmap[i]! > threshold) {
        bin[i] = 1;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (x1 < 0) return null;
  x0 = Math.max(0, x0 - 1);
  y0 = Math.max(0, y0 - 1);
  x1 = Math.min(cw - 1, x1 + 1);
  y1 = Math.min(ch - 1, y1 + 1);
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const ink = new Float32Array(w * h);
  const tight = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y + y0) * cw + (x + x0);
      if (!inside[i]) continue;
      const v = (dmap[i]! - lo) / (level - lo);
      ink[y * w + x] = v <= 0 ? 0 : v >= 1 ? 1 : v;
      if (bin[i]) tight[y * w + x] = 1;
    }
  }
  const underPrint = fillUnderPrint(ink, rgb, X0 + x0, Y0 + y0, w, h);
  let solid = 0;
  for (let i = 0; i < w * h; i++) if (ink[i]! > 0.5) solid++;
  const { shape, carving } = classify(tight, w, h, solid);
  const factor = rgb.factor;
  return {
    bbox: {
      x: Math.round((X0 + x0) / factor),
      y: Math.round((Y0 + y0) / factor),
      width: Math.round(w / factor),
      height: Math.round(h / factor),
    },
    width: w,
    height: h,
    ink,
    shape,
    carving,
    quality: { inkCoverage: solid / (w * h), contrast: Math.min(1, level / 255) },
    ...(underPrint ? { underPrint } : {}),
  };
}

export async function extractImpressions(image: Buffer | string, opts?: ExtractOptions): Promise<Impression[]> {
  const rgb = await decodeImage(image);
  return extractFromRgb(rgb, opts);
}

export function notFound(what: string): CountergateError {
  return new CountergateError('CG_SEAL_NOT_FOUND', `no seal impression found in ${what}`, {
    statusCode: 422,
    userMessage: '未偵測到印鑑，請重新蓋印',
  });
}

/** Largest impression on an image, or CG_SEAL_NOT_FOUND. */
export async function mainImpression(image: Buffer | string): Promise<Impression> {
  const rgb = await decodeImage(image);
  const found = extractFromRgb(rgb, { maxImpressions: 1 });
  if (found.length === 0) throw notFound(typeof image === 'string' ? `'${image}'` : 'the image');
  return found[0]!;
}
