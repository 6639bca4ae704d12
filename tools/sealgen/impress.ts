/**
 * One impression of a master: how much ink, how hard and how evenly it was pressed, ink
 * spread or starvation, parts that did not print, speckle and paper grain. Produces an ink
 * density plane at the master's resolution (0 = paper, ~1 = a full, saturated impression).
 */
import type { Master } from './carve.ts';
import { blur, clamp01, fractalNoise, grow, plane, whiteNoise, type Plane } from './raster.ts';
import type { Rng } from './rng.ts';

export interface ImpressionParams {
  /** overall ink load: 1 normal, 1.25 heavy, 0.3 very pale */
  density: number;
  /** pressure tilt across the face (0 even .. 0.8 strong), direction in radians */
  tilt: number;
  tiltAngle: number;
  /** ink spread (mm, > 0 bleed) or starved strokes (< 0) */
  bleedMm: number;
  /** share of the face, from one side or corner, that did not print (0 none .. 0.45) */
  missing: number;
  missingAngle: number;
  /** stray ink dots around strokes (0..1) */
  speckle: number;
  /** rotation on the page (degrees, any) and scale jitter (1 ± 0.05) */
  rotationDeg: number;
  scale: number;
}

export const IMPRESSION_PRESETS = {
  normal: { density: [0.8, 1.05], tilt: [0, 0.25], bleed: [-0.02, 0.03], missing: 0, speckle: [0, 0.4] },
  // Spread of 0.03-0.07 mm per side overlaps the stroke-weight forgeries' 0.05-0.09 mm: a heavy
  // print cannot be told from a heavier cut by stroke width alone (only against the border).
  heavy: { density: [1.15, 1.35], tilt: [0, 0.2], bleed: [0.03, 0.07], missing: 0, speckle: [0.4, 1] },
  pale: { density: [0.28, 0.45], tilt: [0.1, 0.45], bleed: [-0.08, -0.03], missing: 0, speckle: [0, 0.2] },
  partial: { density: [0.7, 1], tilt: [0.3, 0.6], bleed: [-0.03, 0.04], missing: [0.18, 0.35], speckle: [0, 0.3] },
  uneven: { density: [0.55, 0.9], tilt: [0.5, 0.8], bleed: [-0.05, 0.03], missing: 0, speckle: [0, 0.3] },
} as const;

export type ImpressionPreset = keyof typeof IMPRESSION_PRESETS;

function range(r: number | readonly [number, number], rng: Rng): number {
  return typeof r === 'number' ? r : rng.float(r[0], r[1]);
}

export function impressionParams(preset: ImpressionPreset, rng: Rng, opts: { rotation?: 'small' | 'any' } = {}): ImpressionParams {
  const p = IMPRESSION_PRESETS[preset];
  return {
    density: range(p.density, rng),
    tilt: range(p.tilt, rng),
    tiltAngle: rng.float(0, 2 * Math.PI),
    bleedMm: range(p.bleed, rng),
    missing: range(p.missing, rng),
    missingAngle: rng.pick([0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5]) * (Math.PI / 2) + rng.float(-0.3, 0.3),
    speckle: range(p.speckle, rng),
    rotationDeg: opts.rotation === 'any' ? rng.float(0, 360) : rng.float(-4, 4),
    scale: 1 + rng.float(-0.05, 0.05),
  };
}

export function impress(master: Master, p: ImpressionParams, rng: Rng): Plane {
  const ppm = master.pxPerMm;
  const spread = grow(master.mask, p.bleedMm * ppm);
  const { w, h } = spread;
  // Each impression has its own ragged edge (paper fibres wick or refuse the paste).
  const soft = blur(spread, 0.9);
  const rag = fractalNoise(w, h, [1.5, 4], rng.fork('rag'));
  const ink = plane(w, h);
  for (let i = 0; i < ink.d.length; i++) ink.d[i] = clamp01(0.5 + (soft.d[i]! - 0.5) * 2 + (rag.d[i]! - 0.5) * 0.4);
  const mottle = fractalNoise(w, h, [5, 13], rng.fork('mottle'));
  const cx = w / 2;
  const cy = h / 2;
  const R = Math.hypot(w, h) / 2;
  const pressureNoise = fractalNoise(w, h, [Math.max(8, w / 3), Math.max(4, w / 8)], rng.fork('pressure'));
  const grain = fractalNoise(w, h, [1.6, 3.5], rng.fork('grain'));
  const fine = whiteNoise(w, h, rng.fork('fine'));
  const edgeNoise = fractalNoise(w, h, [4, 10], rng.fork('edge'));
  const tx = Math.cos(p.tiltAngle);
  const ty = Math.sin(p.tiltAngle);
  const mx = Math.cos(p.missingAngle);
  const my = Math.sin(p.missingAngle);
  // Where the unprinted part starts, measured along missingAngle from the centre (px).
  const half = Math.abs(mx) * (w / 2) + Math.abs(my) * (h / 2);
  const cut = half * (1 - 2 * p.missing);
  // Paler prints break up more: paper grain shows through the ink film.
  const holeLevel = 0.2 + 0.4 * clamp01(1 - p.density);
  const out = plane(w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const m = ink.d[i]!;
      const along = ((x - cx) * tx + (y - cy) * ty) / R;
      let pressure = 1 + p.tilt * along * 1.4 + (pressureNoise.d[i]! - 0.5) * 0.5;
      if (p.missing > 0) {
        const s = (x - cx) * mx + (y - cy) * my;
        // Ragged, soft boundary over ~1.5 mm: the face lifted off the paper there.
        pressure *= clamp01((cut - s) / (1.5 * ppm) + 0.5 + (edgeNoise.d[i]! - 0.5) * 1.2);
      }
      pressure = clamp01(pressure);
      let d = m * p.density * (0.55 + 0.45 * pressure) * (pressure > 0.02 ? 1 : 0) * (0.7 + 0.6 * mottle.d[i]!);
      // Ink film breaks where contact was weak or the paper fibre stood low.
      const g = grain.d[i]!;
      const hole = clamp01((holeLevel + (1 - pressure) * 0.45 - g) * 6);
      d *= 1 - hole * 0.9;
      d *= 0.85 + 0.3 * fine.d[i]! * (1 - p.density * 0.5);
      if (p.speckle > 0 && m < 0.1 && fine.d[i]! > 1 - 0.004 * p.speckle && pressure > 0.3) d += p.density * 0.6;
      out.d[i] = d;
    }
  }
  return out;
}
