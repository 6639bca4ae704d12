/**
 * The views clerks compare by eye, drawn from the aligned canonical inks: three-colour overlay
 * (registered green, presented red, overlap blue), hollow outlines, full overlay as two
 * transparencies, folded-corner halves along each axis, and a map of disagreements.
 */
import sharp from 'sharp';
import { alignedOf, compareSeals, type Aligned } from './compare.ts';
import { INK_ON } from './metrics.ts';
import type { Impression, SealComparison, SealReference, SealViews } from './types.ts';

const ZOOM = 2;
const WHITE: [number, number, number] = [255, 255, 255];
const GREEN: [number, number, number] = [0, 160, 60];
const RED: [number, number, number] = [220, 30, 30];
const BLUE: [number, number, number] = [30, 60, 220];
const GREY: [number, number, number] = [150, 150, 150];

type Paint = (x: number, y: number) => [number, number, number];

async function png(n: number, paint: Paint): Promise<Buffer> {
  const w = n * ZOOM;
  const buf = Buffer.alloc(w * w * 3);
  for (let y = 0; y < w; y++) {
    for (let x = 0; x < w; x++) {
      const [r, g, b] = paint(Math.floor(x / ZOOM), Math.floor(y / ZOOM));
      const o = (y * w + x) * 3;
      buf[o] = r;
      buf[o + 1] = g;
      buf[o + 2] = b;
    }
  }
  return sharp(buf, { raw: { width: w, height: w, channels: 3 } }).png({ compressionLevel: 6 }).toBuffer();
}

function edges(mask: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(n * n);
  for (let y = 1; y < n - 1; y++) {
    for (let x = 1; x < n - 1; x++) {
      const i = y * n + x;
      if (mask[i] && (!mask[i - 1] || !mask[i + 1] || !mask[i - n] || !mask[i + n])) out[i] = 1;
    }
  }
  return out;
}

export async function viewsOf(a: Aligned): Promise<SealViews> {
  const n = a.size;
  const rm = new Uint8Array(n * n);
  const qm = new Uint8Array(n * n);
  for (let i = 0; i < n * n; i++) {
    rm[i] = a.ref[i]! > INK_ON ? 1 : 0;
    qm[i] = a.query[i]! > INK_ON ? 1 : 0;
  }
  const re = edges(rm, n);
  const qe = edges(qm, n);
  const mid = n / 2;
  const ink = (v: number): [number, number, number] => {
    const t = Math.max(0, Math.min(1, v));
    return [Math.round(255 - 35 * t), Math.round(255 - 225 * t), Math.round(255 - 225 * t)];
  };
  const [threeColour, outline, full, foldHorizontal, foldVertical, difference] = await Promise.all([
    png(n, (x, y) => {
      const i = y * n + x;
      return rm[i] && qm[i] ? BLUE : rm[i] ? GREEN : qm[i] ? RED : WHITE;
    }),
    png(n, (x, y) => {
      const i = y * n + x;
      return re[i] && qe[i] ? BLUE : re[i] ? GREEN : qe[i] ? RED : WHITE;
    }),
    // Two transparencies laid on each other: green film for the reference, red for the impression.
    png(n, (x, y) => {
      const i = y * n + x;
      const r = Math.max(0, Math.min(1, a.ref[i]!));
      const q = Math.max(0, Math.min(1, a.query[i]!));
      return [Math.round(255 * (1 - 0.9 * r)), Math.round(255 * (1 - 0.45 * r) * (1 - 0.9 * q)), Math.round(255 * (1 - 0.75 * r) * (1 - 0.9 * q))];
    }),
    // Fold along the horizontal axis: reference above, presented impression below.
    png(n, (x, y) => (y === Math.floor(mid) ? GREY : y < mid ? ink(a.ref[y * n + x]!) : ink(a.query[y * n + x]!))),
    // Fold along the vertical axis: reference left, presented impression right.
    png(n, (x, y) => (x === Math.floor(mid) ? GREY : x < mid ? ink(a.ref[y * n + x]!) : ink(a.query[y * n + x]!))),
    png(n, (x, y) => {
      const i = y * n + x;
      if (a.diff[i] === 1) return RED;
      if (a.diff[i] === 2) return [200, 200, 200];
      if (a.diff[i] === 3) return [245, 190, 190];
      return rm[i] && qm[i] ? [170, 210, 180] : WHITE;
    }),
  ]);
  return { threeColour, outline, full, foldHorizontal, foldVertical, difference };
}

export async function renderViews(
  reference: Buffer | string | Impression | SealReference,
  query: Buffer | string | Impression,
  comparison?: SealComparison,
): Promise<SealViews> {
  const a = (comparison && alignedOf(comparison)) ?? alignedOf(await compareSeals(reference, query));
  if (!a) throw new Error('comparison has no aligned inks');
  return viewsOf(a);
}
