/**
 * A physical seal as data: the carved master (font, layout, glyph boxes, stroke weight,
 * border, carving imperfections). Every impression of one master shares all of this; a
 * forgery or a second carving is a new master derived by changing some of it.
 */
import type { Rng } from './rng.ts';
import { fontsOfStyle, type FontStyle } from './fonts.ts';

export type SealLayout = 'square4' | 'square3' | 'round' | 'oval' | 'rect1';
export type Polarity = 'yang' | 'yin';
export type BorderStyle = 'none' | 'thin' | 'thick' | 'double';

export interface GlyphBox {
  ch: string;
  /** box in mm, origin at the top-left of the seal's bounding box */
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface SealSpec {
  /** stable id of this physical seal */
  id: string;
  /** the characters as carved, in reading order */
  text: string;
  layout: SealLayout;
  shape: 'rect' | 'ellipse';
  polarity: Polarity;
  widthMm: number;
  heightMm: number;
  cornerMm: number;
  border: BorderStyle;
  borderMm: number;
  /** gap between the two rings of a double border */
  innerGapMm: number;
  fontId: string;
  /** extra stroke weight added to every glyph (mm, may be negative) */
  weightMm: number;
  glyphs: GlyphBox[];
  /** seed of the carving imperfections (edge wobble, nicks, burrs) */
  carveSeed: string;
  /** 0..1, how rough the carving is */
  roughness: number;
}

export const SEAL_NAMES = [
  '王大明', '陳美玲', '林志豪', '張淑芬', '李建宏', '黃雅婷', '吳俊傑', '劉怡君',
  '蔡宗翰', '楊惠如', '許家豪', '鄭佳蓉', '謝明哲', '郭麗華', '洪國榮', '曾文彬',
] as const;

export interface DesignOptions {
  layout?: SealLayout;
  polarity?: Polarity;
  border?: BorderStyle;
  fontId?: string;
  fontStyle?: FontStyle;
}

function borderWidth(style: BorderStyle, rng: Rng): number {
  switch (style) {
    case 'none':
      return 0;
    case 'thin':
      return rng.float(0.35, 0.55);
    case 'thick':
      return rng.float(0.9, 1.4);
    case 'double':
      return rng.float(0.7, 1.0);
  }
}

/** Width of the band a border occupies (both rings and the gap of a double border). */
export function borderBand(spec: Pick<SealSpec, 'border' | 'borderMm' | 'innerGapMm'>): number {
  if (spec.border === 'none') return 0;
  if (spec.border === 'double') return spec.borderMm + spec.innerGapMm + 0.35;
  return spec.borderMm;
}

/** Glyph text for a layout: four-character layouts append 印 to a three-character name. */
export function carvedText(name: string, layout: SealLayout, rng: Rng): string {
  const chars = [...name];
  if (layout === 'square4' && chars.length === 3) return `${name}印`;
  if (layout === 'round' && chars.length === 3 && rng.chance(0.5)) return `${name}印`;
  return name;
}

export function designSeal(id: string, name: string, rng: Rng, opts: DesignOptions = {}): SealSpec {
  const layout = opts.layout ?? rng.pick(['square4', 'square4', 'square3', 'round', 'oval', 'rect1'] as const);
  const polarity = opts.polarity ?? (rng.chance(0.2) ? 'yin' : 'yang');
  // Borderless seals are square yang seals; round and oval faces always carry a ring.
  const borderless = layout === 'square4' || layout === 'square3' ? ['none' as const] : [];
  const border =
    opts.border ?? (polarity === 'yin' ? rng.pick(['none', 'thin'] as const) : rng.pick(['thin', 'thin', 'thick', 'double', ...borderless] as const));
  const fontId = opts.fontId ?? rng.pick(fontsOfStyle(opts.fontStyle ?? (rng.chance(0.75) ? 'kai' : 'ming'))).id;
  let widthMm: number;
  let heightMm: number;
  let shape: 'rect' | 'ellipse' = 'rect';
  switch (layout) {
    case 'square4':
    case 'square3':
      widthMm = heightMm = rng.float(15, 24);
      break;
    case 'round':
      widthMm = heightMm = rng.float(15, 21);
      shape = 'ellipse';
      break;
    case 'oval':
      widthMm = rng.float(11, 14);
      heightMm = widthMm * rng.float(1.45, 1.7);
      shape = 'ellipse';
      break;
    case 'rect1':
      widthMm = rng.float(9, 12);
      heightMm = widthMm * rng.float(2.1, 2.5);
      break;
  }
  const spec: SealSpec = {
    id,
    text: carvedText(name, layout, rng),
    layout,
    shape,
    polarity,
    widthMm,
    heightMm,
    cornerMm: shape === 'rect' ? rng.float(0.3, 1.6) : 0,
    border,
    borderMm: borderWidth(border, rng),
    innerGapMm: border === 'double' ? rng.float(0.35, 0.6) : 0,
    fontId,
    // Relief strokes are cut bold; intaglio (white) strokes are kept lean so the red between them survives.
    weightMm: polarity === 'yin' ? rng.float(-0.02, 0.08) : rng.float(0.08, 0.22),
    glyphs: [],
    carveSeed: `${id}/carve/${rng.int(0, 1e9)}`,
    roughness: rng.float(0.3, 0.8),
  };
  spec.glyphs = layoutGlyphs(spec, rng);
  return spec;
}

/** Glyph boxes for the spec's layout, with this carving's own margins and gaps. */
export function layoutGlyphs(spec: SealSpec, rng: Rng): GlyphBox[] {
  const chars = [...spec.text];
  const band = borderBand(spec) + (spec.polarity === 'yin' && spec.border === 'none' ? rng.float(0.6, 1.0) : 0);
  const margin = band + rng.float(0.5, 1.0);
  const gap = rng.float(0.25, 0.7);
  const W = spec.widthMm;
  const H = spec.heightMm;
  const boxes: GlyphBox[] = [];
  const twoByTwo = (x0: number, y0: number, x1: number, y1: number): void => {
    const splitX = (x0 + x1) / 2 + rng.float(-0.15, 0.15);
    const splitY = (y0 + y1) / 2 + rng.float(-0.2, 0.2);
    const right = { x: splitX + gap / 2, w: x1 - splitX - gap / 2 };
    const left = { x: x0, w: splitX - gap / 2 - x0 };
    const top = { y: y0, h: splitY - gap / 2 - y0 };
    const bottom = { y: splitY + gap / 2, h: y1 - splitY - gap / 2 };
    if (chars.length === 4) {
      boxes.push({ ch: chars[0]!, ...right, ...top }, { ch: chars[1]!, ...right, ...bottom }, { ch: chars[2]!, ...left, ...top }, { ch: chars[3]!, ...left, ...bottom });
    } else {
      // Three characters: the surname takes the whole right column (double height).
      boxes.push({ ch: chars[0]!, ...right, y: y0, h: y1 - y0 }, { ch: chars[1]!, ...left, ...top }, { ch: chars[2]!, ...left, ...bottom });
    }
  };
  switch (spec.layout) {
    case 'square4':
    case 'square3':
      twoByTwo(margin, margin, W - margin, H - margin);
      break;
    case 'round': {
      // Characters sit in the square inscribed in the ring.
      const r = W / 2 - margin;
      const half = r * rng.float(0.74, 0.8);
      twoByTwo(W / 2 - half, H / 2 - half, W / 2 + half, H / 2 + half);
      break;
    }
    case 'oval':
    case 'rect1': {
      const n = chars.length;
      const y0 = margin + (spec.layout === 'oval' ? H * 0.05 : 0);
      const y1 = H - y0;
      const cellH = (y1 - y0 - gap * (n - 1)) / n;
      chars.forEach((ch, i) => {
        const y = y0 + i * (cellH + gap);
        let halfW = W / 2 - margin;
        if (spec.layout === 'oval') {
          // Width of the ellipse at the cell's edge nearest the tip.
          const a = W / 2 - margin;
          const b = H / 2 - margin;
          // Width 70% of the way towards the cell's edge nearest the tip: glyph corners are
          // mostly empty, so they may graze the ring.
          const far = Math.max(Math.abs(y - H / 2), Math.abs(y + cellH - H / 2));
          const near = Math.min(Math.abs(y - H / 2), Math.abs(y + cellH - H / 2));
          const spansCentre = y < H / 2 && y + cellH > H / 2;
          const dy = spansCentre ? 0.7 * far : near + 0.7 * (far - near);
          halfW = a * Math.sqrt(Math.max(0.1, 1 - (dy / b) ** 2)) * 0.96;
        }
        boxes.push({ ch, x: W / 2 - halfW, y, w: 2 * halfW, h: cellH });
      });
      break;
    }
  }
  // Small hand placement differences of this carving.
  return boxes.map((b) => {
    const jw = b.w * rng.float(-0.02, 0.02);
    const jh = b.h * rng.float(-0.02, 0.02);
    return { ...b, x: b.x + rng.float(-0.1, 0.1) - jw / 2, y: b.y + rng.float(-0.1, 0.1) - jh / 2, w: b.w + jw, h: b.h + jh };
  });
}
