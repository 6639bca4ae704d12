/**
 * The free CJK fonts Debian ships (fonts-cns11643-*, fonts-arphic-*, fonts-lxgw-wenkai,
 * fonts-cwtex-*, fonts-noto-cjk) and glyph rendering through sharp's Pango text input.
 * Glyphs come back trimmed to their ink box so layouts can stretch them into seal cells,
 * the way seal engravers fill the face.
 */
import { existsSync } from 'node:fs';
import sharp from 'sharp';
import { CountergateError } from '../../lib/errors.ts';
import type { Plane } from './raster.ts';

export type FontStyle = 'kai' | 'ming' | 'sans';

export interface FontDef {
  id: string;
  family: string;
  file: string;
  style: FontStyle;
  /** Pango weight keyword when the file holds several weights. */
  weight?: 'Bold';
  /**
   * The outline design when two files carry the same one under two names: cwTeX Kai's glyphs
   * are AR PL UKai's (their ink overlaps 90-97 % per character scaled to one box, against at
   * most 74 % between any two other fonts here), so a seal cut in one is not a sister typeface
   * of a seal cut in the other.
   */
  design?: string;
}

export const FONTS: readonly FontDef[] = [
  { id: 'tw-kai', family: 'TW-Kai', file: '/usr/share/fonts/truetype/cns11643/TW-Kai-98_1.ttf', style: 'kai' },
  { id: 'ukai', family: 'AR PL UKai TW', file: '/usr/share/fonts/truetype/arphic/ukai.ttc', style: 'kai', design: 'arphic-kai' },
  { id: 'lxgw-kai', family: 'LXGW WenKai', file: '/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf', style: 'kai' },
  { id: 'cwtex-kai', family: 'cwTeXKai', file: '/usr/share/fonts/truetype/cwtex/cwkai.ttf', style: 'kai', design: 'arphic-kai' },
  { id: 'tw-sung', family: 'TW-Sung', file: '/usr/share/fonts/truetype/cns11643/TW-Sung-98_1.ttf', style: 'ming' },
  { id: 'uming', family: 'AR PL UMing TW', file: '/usr/share/fonts/truetype/arphic/uming.ttc', style: 'ming' },
  { id: 'cwtex-ming', family: 'cwTeXMing', file: '/usr/share/fonts/truetype/cwtex/cwming.ttf', style: 'ming' },
  { id: 'noto-serif', family: 'Noto Serif CJK TC', file: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc', style: 'ming', weight: 'Bold' },
  { id: 'noto-sans', family: 'Noto Sans CJK TC', file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', style: 'sans' },
];

/** Fonts for printed form text (not for seals): Ming like 細明體 forms, or a sans. */
export const FORM_FONTS = ['tw-sung', 'noto-sans'] as const;
/** Fonts used for blue "handwriting" on forms. */
export const HAND_FONTS = ['lxgw-kai', 'cwtex-kai'] as const;

let catalog: readonly FontDef[] = FONTS;

/** Replaces the catalog (tests point it at missing files); returns the previous one. */
export function setFontCatalog(next: readonly FontDef[]): readonly FontDef[] {
  const prev = catalog;
  catalog = next;
  glyphCache.clear();
  return prev;
}

export function fontById(id: string): FontDef {
  const f = catalog.find((x) => x.id === id);
  if (!f) throw new CountergateError('CG_SEALGEN_FONT_UNKNOWN', `unknown seal font id '${id}' (known: ${catalog.map((x) => x.id).join(', ')})`, { statusCode: 400 });
  if (!existsSync(f.file)) {
    throw new CountergateError(
      'CG_SEALGEN_FONT_MISSING',
      `font '${f.family}' (${f.id}) not found at ${f.file}; install the Debian package (fonts-cns11643-kai/-sung, fonts-arphic-ukai/-uming, fonts-lxgw-wenkai, fonts-cwtex-kai/-ming, fonts-noto-cjk) or drop it from the catalog`,
      { statusCode: 500, userMessage: '印鑑測試資料產生器缺少字型，請通知資訊室安裝。' },
    );
  }
  return f;
}

export function fontsOfStyle(style: FontStyle): FontDef[] {
  return catalog.filter((f) => f.style === style);
}

/** Fonts of the same style in another outline design than `fontId`'s: its sister typefaces. */
export function sisterFonts(fontId: string): FontDef[] {
  const f = fontById(fontId);
  const design = (x: FontDef): string => x.design ?? x.id;
  return fontsOfStyle(f.style).filter((x) => design(x) !== design(f));
}

/** Checks that every font in the catalog is present; throws CG_SEALGEN_FONT_MISSING otherwise. */
export function checkFonts(): void {
  for (const f of catalog) fontById(f.id);
}

const glyphCache = new Map<string, Promise<Plane>>();

const RENDER_PX = 360;

/** The ink of one character (white-on-black coverage 0..1), trimmed to its bounding box. */
export function glyph(fontId: string, ch: string): Promise<Plane> {
  const key = `${fontId}\u0000${ch}`;
  let p = glyphCache.get(key);
  if (!p) {
    p = renderGlyph(fontById(fontId), ch);
    glyphCache.set(key, p);
    p.catch(() => glyphCache.delete(key));
  }
  return p;
}

export async function renderText(fontId: string, text: string, px: number): Promise<Plane> {
  const f = fontById(fontId);
  const esc = text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const { data, info } = await sharp({
    text: { text: esc, font: `${f.family}${f.weight ? ` ${f.weight}` : ''} ${px}px`, fontfile: f.file, dpi: 72 },
  })
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const out = new Float32Array(info.width * info.height);
  for (let i = 0; i < out.length; i++) out[i] = data[i]! / 255;
  return { w: info.width, h: info.height, d: out };
}

async function renderGlyph(f: FontDef, ch: string): Promise<Plane> {
  const full = await renderText(f.id, ch, RENDER_PX);
  let x0 = full.w;
  let y0 = full.h;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < full.h; y++) {
    for (let x = 0; x < full.w; x++) {
      if (full.d[y * full.w + x]! > 0.15) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (x1 < 0) {
    throw new CountergateError('CG_SEALGEN_GLYPH_MISSING', `font '${f.family}' rendered nothing for '${ch}'`, { statusCode: 500 });
  }
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const d = new Float32Array(w * h);
  for (let y = 0; y < h; y++) d.set(full.d.subarray((y + y0) * full.w + x0, (y + y0) * full.w + x0 + w), y * w);
  return { w, h, d };
}
