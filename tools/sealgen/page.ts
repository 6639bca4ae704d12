/**
 * Pages as a counter's capture devices see them: a 300-dpi scan of a seal card or form, or
 * a capture-stand camera frame. Layers (printed form, blue handwriting, seal ink) are
 * absorbances multiplied onto tinted paper, then the device adds its optics and JPEG.
 */
import sharp from 'sharp';
import type { Master } from './carve.ts';
import { FORM_FONTS, HAND_FONTS, renderText } from './fonts.ts';
import { impress, type ImpressionParams } from './impress.ts';
import { blur, clamp01, fractalNoise, grow, maxInto, plane, stampInto, type Plane } from './raster.ts';
import type { Rng } from './rng.ts';

export type Capture = 'scan' | 'camera';
export type FormKind = 'card' | 'application' | 'none';

export interface PageStamp {
  master: Master;
  params: ImpressionParams;
  /** centre of the impression on the page, px */
  cx: number;
  cy: number;
}

export interface PageOptions {
  capture: Capture;
  widthPx: number;
  heightPx: number;
  pxPerMm: number;
  form: FormKind;
  /** blue ballpoint writing near the seal */
  blue: boolean;
  /** name written by hand on the form */
  name: string;
  format: 'jpeg' | 'png';
  quality: number;
}

export const SCAN_PX_PER_MM = 300 / 25.4;

const FORM_LABELS = [
  '姓名', '出生日期', '國民身分證統一編號', '住址', '印鑑', '申請人', '受委任人', '申請事由',
  '印鑑證明', '用途', '份數', '簽名', '(請蓋印鑑章)', '戶政事務所', '中華民國', '年', '月', '日',
  '承辦人', '核章', '電話', '備註', '代理人', '與申請人關係',
];

const textCache = new Map<string, Promise<Plane>>();
function text(fontId: string, s: string, px: number): Promise<Plane> {
  const key = `${fontId}|${s}|${px}`;
  let p = textCache.get(key);
  if (!p) {
    p = renderText(fontId, s, px);
    textCache.set(key, p);
  }
  return p;
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function overlaps(a: Box, b: Box, pad = 0): boolean {
  return a.x0 < b.x1 + pad && b.x0 < a.x1 + pad && a.y0 < b.y1 + pad && b.y0 < a.y1 + pad;
}

function line(p: Plane, x0: number, y0: number, x1: number, y1: number, width: number, value: number): void {
  const len = Math.hypot(x1 - x0, y1 - y0);
  const nx = (x1 - x0) / (len || 1);
  const ny = (y1 - y0) / (len || 1);
  const bx0 = Math.max(0, Math.floor(Math.min(x0, x1) - width - 1));
  const bx1 = Math.min(p.w - 1, Math.ceil(Math.max(x0, x1) + width + 1));
  const by0 = Math.max(0, Math.floor(Math.min(y0, y1) - width - 1));
  const by1 = Math.min(p.h - 1, Math.ceil(Math.max(y0, y1) + width + 1));
  for (let y = by0; y <= by1; y++) {
    for (let x = bx0; x <= bx1; x++) {
      const t = Math.max(0, Math.min(len, (x - x0) * nx + (y - y0) * ny));
      const dist = Math.hypot(x - (x0 + nx * t), y - (y0 + ny * t));
      const c = clamp01(width / 2 + 0.5 - dist) * value;
      const i = y * p.w + x;
      if (c > p.d[i]!) p.d[i] = c;
    }
  }
}

/** Printed table lines and labels; keeps a clear box around the seals on seal cards. */
async function drawForm(black: Plane, opts: PageOptions, sealBoxes: Box[], rng: Rng): Promise<Box[]> {
  const ppm = opts.pxPerMm;
  const used: Box[] = [];
  if (opts.form === 'none') return used;
  const lw = rng.float(0.15, 0.3) * ppm;
  const ink = rng.float(0.75, 1);
  const rowH = rng.float(8, 12) * ppm;
  const rows: number[] = [];
  for (let y = rng.float(0.2, 1) * rowH; y < opts.heightPx; y += rowH * rng.float(0.9, 1.15)) rows.push(y);
  const colW = rng.float(25, 40) * ppm;
  const cols: number[] = [];
  for (let x = rng.float(0.1, 0.8) * colW; x < opts.widthPx; x += colW * rng.float(0.7, 1.3)) cols.push(x);
  // On a seal card the seal sits in its own framed box; on an application form the stamp
  // often crosses the table lines.
  const keepClear: Box[] =
    opts.form === 'card'
      ? sealBoxes.map((b) => ({ x0: b.x0 - 4 * ppm, y0: b.y0 - 4 * ppm, x1: b.x1 + 4 * ppm, y1: b.y1 + 4 * ppm }))
      : [];
  for (const y of rows) {
    let x = 0;
    for (const k of keepClear) {
      if (y > k.y0 && y < k.y1) {
        if (k.x0 > x) line(black, x, y, k.x0, y, lw, ink);
        x = Math.max(x, k.x1);
      }
    }
    line(black, x, y, opts.widthPx, y, lw, ink);
  }
  for (const x of cols) {
    let y = 0;
    for (const k of keepClear) {
      if (x > k.x0 && x < k.x1) {
        if (k.y0 > y) line(black, x, y, x, k.y0, lw, ink);
        y = Math.max(y, k.y1);
      }
    }
    line(black, x, y, x, opts.heightPx, lw, ink);
  }
  for (const k of keepClear) {
    line(black, k.x0, k.y0, k.x1, k.y0, lw * 1.3, ink);
    line(black, k.x0, k.y1, k.x1, k.y1, lw * 1.3, ink);
    line(black, k.x0, k.y0, k.x0, k.y1, lw * 1.3, ink);
    line(black, k.x1, k.y0, k.x1, k.y1, lw * 1.3, ink);
    used.push(k);
  }
  const px = Math.round(rng.float(2.6, 3.6) * ppm);
  const formFont = rng.pick(FORM_FONTS);
  for (let r = 0; r < rows.length; r++) {
    const y0 = r === 0 ? 0 : rows[r - 1]!;
    const y1 = rows[r]!;
    if (y1 - y0 < px * 1.3) continue;
    for (let c = 0; c < cols.length; c++) {
      if (!rng.chance(0.45)) continue;
      const label = rng.pick(FORM_LABELS);
      const t = await text(formFont, label, px);
      const x = (cols[c] ?? 0) + 1.2 * ppm;
      const y = Math.round((y0 + y1) / 2 - t.h / 2);
      const box = { x0: x, y0: y, x1: x + t.w, y1: y + t.h };
      const underSeal = sealBoxes.some((s) => overlaps(s, box));
      if (underSeal && (opts.form === 'card' || !rng.chance(0.6))) continue;
      if (keepClear.some((k) => overlaps(k, box))) continue;
      maxInto(black, t, Math.round(x), y, ink);
      used.push(box);
    }
  }
  return used;
}

/** Handwritten text: glyph by glyph with wobbling size, baseline, angle and spacing. */
async function handwrite(blue: Plane, s: string, box: Box, hPx: number, rng: Rng): Promise<void> {
  const font = rng.pick(HAND_FONTS);
  const weight = rng.float(0.2, 0.8);
  const tilt = rng.float(-0.06, 0.06);
  let x = box.x0;
  const cy = (box.y0 + box.y1) / 2;
  for (const ch of s) {
    const size = Math.round(hPx * (ch >= '0' && ch <= '9' ? 0.75 : ch === '.' ? 0.5 : 1) * rng.float(0.88, 1.1));
    const g = grow(await text(font, ch, size), weight);
    const adv = g.w * rng.float(1, 1.12) + hPx * 0.04;
    stampInto(blue, g, x + adv / 2, cy + rng.float(-0.08, 0.08) * hPx, tilt + rng.float(-0.1, 0.1), 1);
    x += adv;
  }
}

async function drawBlue(blue: Plane, opts: PageOptions, avoid: Box[], rng: Rng): Promise<void> {
  const ppm = opts.pxPerMm;
  // The resident's name (printed by hand or signed) and a date, each at most once.
  const kinds = rng.pick([['name'], ['date'], ['sign'], ['name', 'date'], ['sign', 'date']] as const);
  for (const kind of kinds) {
    for (let attempt = 0; attempt < 12; attempt++) {
      const hMm = rng.float(4.5, 7);
      const wMm = kind === 'date' ? hMm * 4 : hMm * 3.2;
      const x = rng.float(0, Math.max(1, opts.widthPx - wMm * ppm));
      const y = rng.float(0, Math.max(1, opts.heightPx - hMm * ppm));
      const box = { x0: x, y0: y, x1: x + wMm * ppm, y1: y + hMm * ppm };
      if (avoid.some((a) => overlaps(a, box, ppm))) continue;
      if (kind === 'sign') {
        // Residents sign their name in Chinese, larger and looser than printed text.
        await handwrite(blue, opts.name, box, hMm * ppm * rng.float(0.95, 1.2), rng);
      } else {
        const s = kind === 'name' ? opts.name : `${rng.int(110, 115)}.${rng.int(1, 12)}.${rng.int(1, 28)}`;
        await handwrite(blue, s, box, hMm * ppm * 0.85, rng);
      }
      avoid.push(box);
      break;
    }
  }
  for (let i = 0; i < blue.d.length; i++) if (blue.d[i]! > 1) blue.d[i] = 1;
}

/** Projective warp of an RGB float image: small keystone as from a camera not quite square to the page. */
function keystone(src: Float32Array[], w: number, h: number, rng: Rng): Float32Array[] {
  const j = (): number => rng.float(-0.018, 0.018);
  // Destination corners in source coordinates; bilinear interpolation of corners approximates
  // the homography closely enough for a few percent of tilt.
  const c = [
    [j() * w, j() * h],
    [w + j() * w, j() * h],
    [j() * w, h + j() * h],
    [w + j() * w, h + j() * h],
  ] as const;
  const out = src.map(() => new Float32Array(w * h));
  for (let y = 0; y < h; y++) {
    const v = y / (h - 1);
    for (let x = 0; x < w; x++) {
      const u = x / (w - 1);
      const sx = (1 - v) * ((1 - u) * c[0][0] + u * c[1][0]) + v * ((1 - u) * c[2][0] + u * c[3][0]);
      const sy = (1 - v) * ((1 - u) * c[0][1] + u * c[1][1]) + v * ((1 - u) * c[2][1] + u * c[3][1]);
      const x0 = Math.max(0, Math.min(w - 2, Math.floor(sx)));
      const y0 = Math.max(0, Math.min(h - 2, Math.floor(sy)));
      const fx = clamp01(sx - x0);
      const fy = clamp01(sy - y0);
      const i = y0 * w + x0;
      for (let ch = 0; ch < src.length; ch++) {
        const s = src[ch]!;
        out[ch]![y * w + x] = (s[i]! * (1 - fx) + s[i + 1]! * fx) * (1 - fy) + (s[i + w]! * (1 - fx) + s[i + w + 1]! * fx) * fy;
      }
    }
  }
  return out;
}

export function sealBox(s: PageStamp, ppm: number): Box {
  const half = (Math.hypot(s.master.mask.w, s.master.mask.h) / 2) * (ppm / s.master.pxPerMm) * s.params.scale * 0.8;
  return { x0: s.cx - half, y0: s.cy - half, x1: s.cx + half, y1: s.cy + half };
}

export async function renderPage(opts: PageOptions, stamps: PageStamp[], rng: Rng): Promise<Buffer> {
  const { widthPx: w, heightPx: h, pxPerMm: ppm } = opts;
  const black = plane(w, h);
  const blue = plane(w, h);
  const red = plane(w, h);
  const sealBoxes = stamps.map((s) => sealBox(s, ppm));
  const used = await drawForm(black, opts, sealBoxes, rng.fork('form'));
  if (opts.blue) await drawBlue(blue, opts, [...sealBoxes, ...used], rng.fork('blue'));
  stamps.forEach((s, k) => {
    const ink = impress(s.master, s.params, rng.fork(`impress${k}`));
    stampInto(red, ink, s.cx, s.cy, (s.params.rotationDeg * Math.PI) / 180, (ppm / s.master.pxPerMm) * s.params.scale);
  });

  // Paper and inks as absorbances (natural log) per channel.
  const cam = opts.capture === 'camera';
  const base = cam ? rng.float(228, 250) : rng.float(247, 253);
  const paper = [base, base - rng.float(0, cam ? 6 : 3), base - rng.float(cam ? 4 : 1, cam ? 22 : 8)];
  const redA = [rng.float(0.12, 0.28), rng.float(1.8, 2.3), rng.float(1.5, 1.95)];
  const blueA = [rng.float(1.7, 2.2), rng.float(1.3, 1.7), rng.float(0.45, 0.75)];
  const blackA = [2.4, 2.4, 2.3];
  const tex = fractalNoise(w, h, [2, 7, 40], rng.fork('paper'));
  let rgb: Float32Array[] = [0, 1, 2].map(() => new Float32Array(w * h));
  for (let i = 0; i < w * h; i++) {
    const t = 1 + (tex.d[i]! - 0.5) * (cam ? 0.05 : 0.03);
    const r = Math.min(red.d[i]!, 1.4);
    for (let c = 0; c < 3; c++) {
      rgb[c]![i] = paper[c]! * t * Math.exp(-(blackA[c]! * black.d[i]! + blueA[c]! * blue.d[i]! + redA[c]! * r));
    }
  }

  let sigma: number;
  let noise: number;
  if (cam) {
    rgb = keystone(rgb, w, h, rng.fork('keystone'));
    // Uneven light: lamp off to one side plus lens fall-off, a colour cast from the room.
    const lx = rng.float(-0.6, 0.6);
    const ly = rng.float(-0.6, 0.6);
    const grad = rng.float(0.08, 0.25);
    const vig = rng.float(0.1, 0.3);
    const cast = [rng.float(0.95, 1.05), 1, rng.float(0.88, 1.04)];
    const gain = rng.float(0.92, 1.08);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const u = (x / w - 0.5) * 2;
        const v = (y / h - 0.5) * 2;
        const light = gain * (1 + grad * (u * lx + v * ly) - vig * (u * u + v * v) * 0.5);
        const i = y * w + x;
        for (let c = 0; c < 3; c++) rgb[c]![i]! *= light * cast[c]!;
      }
    }
    sigma = rng.float(0.7, 1.4);
    noise = rng.float(2.5, 4.5);
  } else {
    sigma = rng.float(0.35, 0.55);
    noise = rng.float(1, 2);
  }
  rgb = rgb.map((ch) => blur({ w, h, d: ch }, sigma).d);
  // Sensor noise from a table of normals walked by a cheap xorshift: per-pixel Box-Muller
  // costs more than all the rest of a scan.
  const nrng = rng.fork('sensor');
  const table = new Float32Array(8192);
  for (let k = 0; k < table.length; k++) table[k] = nrng.normal() * noise;
  let xs = (nrng.int(1, 0x7fffffff) | 1) >>> 0;
  const out = Buffer.alloc(w * h * 3);
  for (let i = 0; i < w * h; i++) {
    for (let c = 0; c < 3; c++) {
      xs ^= xs << 13;
      xs ^= xs >>> 17;
      xs ^= xs << 5;
      const v = rgb[c]![i]! + table[(xs >>> 0) & 8191]!;
      out[i * 3 + c] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
    }
  }
  const img = sharp(out, { raw: { width: w, height: h, channels: 3 } });
  return opts.format === 'png' ? img.png({ compressionLevel: 9 }).toBuffer() : img.jpeg({ quality: opts.quality }).toBuffer();
}
