/**
 * Carving: turns a SealSpec into the master's ink mask (1 where the seal face carries ink)
 * at `pxPerMm`. Everything here is fixed for one physical seal: glyph shapes and places,
 * stroke weight, border, edge wobble, nicks and burrs of the carving.
 */
import { fontById, glyph } from './fonts.ts';
import { blur, bilinear, clamp01, fractalNoise, grow, plane, type Plane } from './raster.ts';
import { Rng } from './rng.ts';
import type { SealSpec } from './master.ts';
import { borderBand } from './master.ts';

export interface Master {
  spec: SealSpec;
  pxPerMm: number;
  /** ink mask, seal centred, a few px of empty margin around */
  mask: Plane;
}

export const MASTER_PX_PER_MM = 16;
const PAD = 6;

/** Signed distance (px) to the seal outline, negative inside. */
function outlineDistance(spec: SealSpec, ppm: number): (x: number, y: number) => number {
  const cx = (spec.widthMm * ppm) / 2 + PAD;
  const cy = (spec.heightMm * ppm) / 2 + PAD;
  const hw = (spec.widthMm * ppm) / 2;
  const hh = (spec.heightMm * ppm) / 2;
  if (spec.shape === 'ellipse') {
    return (x, y) => {
      const dx = x - cx;
      const dy = y - cy;
      const f = (dx * dx) / (hw * hw) + (dy * dy) / (hh * hh) - 1;
      const gx = (2 * dx) / (hw * hw);
      const gy = (2 * dy) / (hh * hh);
      const g = Math.hypot(gx, gy) || 1e-6;
      return f / g;
    };
  }
  const r = Math.min(spec.cornerMm * ppm, hw, hh);
  return (x, y) => {
    const qx = Math.abs(x - cx) - (hw - r);
    const qy = Math.abs(y - cy) - (hh - r);
    const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
    return outside + Math.min(Math.max(qx, qy), 0) - r;
  };
}

/** Anti-aliased coverage of the band a <= sd <= b (px). */
function band(sd: number, a: number, b: number): number {
  return clamp01(Math.min(sd - a + 0.5, b - sd + 0.5));
}

function resizeInto(dst: Plane, src: Plane, bx: number, by: number, bw: number, bh: number): void {
  const fx = src.w / bw;
  const fy = src.h / bh;
  const pre = Math.max(fx, fy) > 1.3 ? blur(src, 0.42 * Math.max(fx, fy)) : src;
  const x0 = Math.max(0, Math.floor(bx));
  const y0 = Math.max(0, Math.floor(by));
  const x1 = Math.min(dst.w - 1, Math.ceil(bx + bw));
  const y1 = Math.min(dst.h - 1, Math.ceil(by + bh));
  for (let y = y0; y <= y1; y++) {
    const sy = (y + 0.5 - by) * fy - 0.5;
    for (let x = x0; x <= x1; x++) {
      const sx = (x + 0.5 - bx) * fx - 0.5;
      const v = bilinear(pre, sx, sy);
      const i = y * dst.w + x;
      if (v > dst.d[i]!) dst.d[i] = v;
    }
  }
}

function disc(p: Plane, cx: number, cy: number, r: number, value: number): void {
  for (let y = Math.max(0, Math.floor(cy - r - 1)); y <= Math.min(p.h - 1, Math.ceil(cy + r + 1)); y++) {
    for (let x = Math.max(0, Math.floor(cx - r - 1)); x <= Math.min(p.w - 1, Math.ceil(cx + r + 1)); x++) {
      const c = clamp01(r + 0.5 - Math.hypot(x - cx, y - cy));
      if (c <= 0) continue;
      const i = y * p.w + x;
      p.d[i] = p.d[i]! * (1 - c) + value * c;
    }
  }
}

export async function carve(spec: SealSpec, pxPerMm = MASTER_PX_PER_MM): Promise<Master> {
  fontById(spec.fontId);
  const ppm = pxPerMm;
  const w = Math.ceil(spec.widthMm * ppm) + 2 * PAD;
  const h = Math.ceil(spec.heightMm * ppm) + 2 * PAD;
  let glyphs = plane(w, h);
  for (const g of spec.glyphs) {
    const src = await glyph(spec.fontId, g.ch);
    resizeInto(glyphs, src, g.x * ppm + PAD, g.y * ppm + PAD, g.w * ppm, g.h * ppm);
  }
  glyphs = grow(glyphs, spec.weightMm * ppm);

  const sdf = outlineDistance(spec, ppm);
  const bw = spec.borderMm * ppm;
  const gap = spec.innerGapMm * ppm;
  const inner = 0.35 * ppm;
  let mask = plane(w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sd = sdf(x + 0.5, y + 0.5);
      const inside = clamp01(0.5 - sd);
      const i = y * w + x;
      const g = glyphs.d[i]! * inside;
      let v: number;
      if (spec.polarity === 'yang') {
        let ring = 0;
        if (spec.border !== 'none') ring = band(sd, -bw, 0);
        if (spec.border === 'double') ring = Math.max(ring, band(sd, -(bw + gap + inner), -(bw + gap)));
        v = Math.max(g, ring);
      } else {
        // Intaglio: the face is inked, characters (and a thin groove, if any) are cut away.
        v = inside * (1 - glyphs.d[i]!);
        if (spec.border === 'thin') v *= 1 - band(sd, -(bw + 0.6 * ppm + 0.3 * ppm), -(0.6 * ppm + 0.3 * ppm)) * 0.95;
      }
      mask.d[i] = v;
    }
  }

  // Carving wobble: a noisy threshold on a slightly blurred edge.
  const rng = new Rng(spec.carveSeed);
  const wob = fractalNoise(w, h, [3, 9], rng.fork('wobble'));
  const soft = blur(mask, 1.2);
  const amp = 0.35 * spec.roughness;
  mask = plane(w, h);
  for (let i = 0; i < mask.d.length; i++) mask.d[i] = clamp01(0.5 + (soft.d[i]! - 0.5 - (wob.d[i]! - 0.5) * amp) * 2.4);

  // Nicks (chips out of strokes or border) and burrs (uncut bits that print).
  const edgePoints: number[] = [];
  for (let i = 0; i < mask.d.length; i += 3) if (mask.d[i]! > 0.3 && mask.d[i]! < 0.7) edgePoints.push(i);
  const bandPx = borderBand(spec) * ppm;
  const nicks = Math.round(2 + spec.roughness * 6);
  for (let k = 0; k < nicks && edgePoints.length > 0; k++) {
    const i = rng.pick(edgePoints);
    disc(mask, i % w, Math.floor(i / w), rng.float(0.08, 0.22) * ppm, 0);
  }
  const burrs = rng.int(1, 3);
  for (let k = 0; k < burrs && edgePoints.length > 0; k++) {
    const i = rng.pick(edgePoints);
    const sd = sdf(i % w, Math.floor(i / w));
    if (sd > -bandPx - 1 && spec.border !== 'none') continue;
    disc(mask, (i % w) + rng.float(-2, 2), Math.floor(i / w) + rng.float(-2, 2), rng.float(0.08, 0.18) * ppm, 1);
  }
  return { spec, pxPerMm: ppm, mask };
}
