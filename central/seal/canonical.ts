/**
 * Canonical form of an impression: its ink scaled so that the impression's diameter (the
 * farthest pair of ink points, which does not change with rotation and survives most partial
 * prints) is CANON_DIAMETER pixels, centred on a CANON_SIZE square canvas.
 */
import { resizeArea, warpImage, type Gray } from './raster.ts';
import { convexHull } from './masks.ts';
import type { Impression } from './types.ts';

export const CANON_DIAMETER = 192;
export const CANON_SIZE = 256;

export interface Canonical {
  size: number;
  ink: Float32Array;
  /** source pixels per canonical pixel */
  sourceScale: number;
  /** where black print left the impression's ink open (its `underPrint` mask), placed likewise; edges interpolated */
  open?: Float32Array;
}

/** Diameter and bounding-box centre of the ink (ink > 0.5, specks of < 3 pixels per row ignored). */
function inkGeometry(imp: Impression): { diameter: number; cx: number; cy: number } {
  const { width: w, height: h, ink } = imp;
  const pts: number[] = [];
  for (let y = 0; y < h; y++) {
    let first = -1;
    let last = -1;
    for (let x = 0; x < w; x++) {
      if (ink[y * w + x]! > 0.5) {
        if (first < 0) first = x;
        last = x;
      }
    }
    if (first >= 0) pts.push(first, y, last, y);
  }
  const hull = convexHull(pts);
  let diameter = 0;
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i]!;
    x0 = Math.min(x0, a[0]);
    x1 = Math.max(x1, a[0]);
    y0 = Math.min(y0, a[1]);
    y1 = Math.max(y1, a[1]);
    for (let j = i + 1; j < hull.length; j++) {
      const b = hull[j]!;
      diameter = Math.max(diameter, Math.hypot(a[0] - b[0], a[1] - b[1]));
    }
  }
  if (!Number.isFinite(x0)) return { diameter: Math.max(w, h), cx: w / 2, cy: h / 2 };
  return { diameter: Math.max(4, diameter + 1), cx: (x0 + x1 + 1) / 2, cy: (y0 + y1 + 1) / 2 };
}

/**
 * `sourceScale` forces the scale (source pixels per canonical pixel), for a partial print
 * whose diameter understates the seal's size. `filled`, for a registration stamping: where
 * black print left the ink open, the most ink it could hide is filled in (a presented print
 * then at most lacks ink there, which is not evidence); a presented print's open places are
 * returned instead, for the comparison to leave out (compare.ts).
 */
export function toCanonical(imp: Impression, sourceScale?: number, filled = false): Canonical {
  const { diameter, cx, cy } = inkGeometry(imp);
  const s = sourceScale ? 1 / sourceScale : CANON_DIAMETER / diameter;
  const place = (data: Float32Array): Float32Array => {
    const src: Gray = { width: imp.width, height: imp.height, data };
    if (s >= 1) return warpImage(src, { angleRad: 0, scale: s, scx: cx, scy: cy, dcx: CANON_SIZE / 2, dcy: CANON_SIZE / 2 }, CANON_SIZE, CANON_SIZE).data;
    // Area-average first so that thin strokes are not aliased away, then place on the canvas.
    const w = Math.max(1, Math.round(imp.width * s));
    const h = Math.max(1, Math.round(imp.height * s));
    const small = resizeArea(src, w, h);
    const sx = w / imp.width;
    const sy = h / imp.height;
    return warpImage(small, { angleRad: 0, scale: 1, scx: cx * sx, scy: cy * sy, dcx: CANON_SIZE / 2, dcy: CANON_SIZE / 2 }, CANON_SIZE, CANON_SIZE).data;
  };
  const ink = place(imp.ink);
  const under = imp.underPrint;
  if (!under) return { size: CANON_SIZE, ink, sourceScale: 1 / s };
  const open = place(under.mask);
  if (!filled) return { size: CANON_SIZE, ink, sourceScale: 1 / s, open };
  const most = place(under.ink);
  for (let i = 0; i < ink.length; i++) if (open[i]! > 0.5 && most[i]! > ink[i]!) ink[i] = most[i]!;
  return { size: CANON_SIZE, ink, sourceScale: 1 / s };
}
