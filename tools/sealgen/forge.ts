/**
 * Forgeries and other seals, each derived from a genuine master as a new physical seal
 * (so each also gets its own carving imperfections, as a real copy would).
 */
import { fontsOfStyle, sisterFonts } from './fonts.ts';
import { designSeal, layoutGlyphs, type BorderStyle, type SealSpec } from './master.ts';
import type { Rng } from './rng.ts';

export type ForgeryKind = 'sister-font' | 'glyph-shift' | 'stroke-weight' | 'border' | 'recarved' | 'other-person';

export const FORGERY_KINDS: readonly ForgeryKind[] = ['sister-font', 'glyph-shift', 'stroke-weight', 'border', 'recarved', 'other-person'];

function fresh(spec: SealSpec, id: string, rng: Rng): SealSpec {
  return { ...spec, id, glyphs: spec.glyphs.map((g) => ({ ...g })), carveSeed: `${id}/carve/${rng.int(0, 1e9)}`, roughness: rng.float(0.3, 0.8) };
}

/**
 * The same design carved again as another physical seal: same font, layout, weight and border,
 * its own carving (edge wobble, nicks, burrs). Not a kind of the labelled set (generator v6):
 * `npm run bench:seal-copy` measures it on its own.
 */
export function recut(genuine: SealSpec, id: string, rng: Rng): SealSpec {
  return fresh(genuine, id, rng);
}

/**
 * The same name in the same font, face, border and stroke weight, laid out again: another shop
 * setting the same font on the same blank, with its own margins, gaps and hand placement
 * (master.ts layoutGlyphs). Not a kind of the labelled set either; `npm run bench:seal-copy`.
 */
export function relayout(genuine: SealSpec, id: string, rng: Rng): SealSpec {
  return { ...fresh(genuine, id, rng), glyphs: layoutGlyphs(genuine, rng.fork('layout')) };
}

export interface ForgeOptions {
  /** a different name for 'other-person' */
  otherName?: string;
}

export function forge(genuine: SealSpec, kind: ForgeryKind, id: string, rng: Rng, opts: ForgeOptions = {}): SealSpec {
  const f = fresh(genuine, id, rng);
  switch (kind) {
    case 'sister-font':
      f.fontId = rng.pick(sisterFonts(genuine.fontId)).id;
      return f;
    case 'glyph-shift': {
      // One or two characters moved and/or resized by a few percent of the face.
      const n = rng.chance(0.6) ? 1 : 2;
      const idx = [...f.glyphs.keys()];
      for (let k = 0; k < n; k++) {
        const i = idx.splice(rng.int(0, idx.length - 1), 1)[0]!;
        const g = f.glyphs[i]!;
        const size = Math.max(genuine.widthMm, genuine.heightMm);
        const move = size * rng.float(0.025, 0.05);
        const ang = rng.float(0, 2 * Math.PI);
        const rs = 1 + rng.sign() * rng.float(0.04, 0.08);
        const nw = g.w * (rng.chance(0.5) ? rs : 1);
        const nh = g.h * (rng.chance(0.7) ? rs : 1);
        f.glyphs[i] = { ...g, x: g.x + (g.w - nw) / 2 + Math.cos(ang) * move, y: g.y + (g.h - nh) / 2 + Math.sin(ang) * move, w: nw, h: nh };
      }
      return f;
    }
    case 'stroke-weight': {
      // Per side: strokes end up 0.10-0.18 mm wider or narrower, roughly 15-30 % of a stroke.
      // 陽刻 strokes already thin are only made heavier; 陰刻 white strokes go either way (a
      // negative weight narrows them), as a forger's engraver may cut them.
      const delta = rng.float(0.05, 0.09);
      const thinner = (genuine.polarity === 'yin' || genuine.weightMm > 0.1) && rng.chance(0.5);
      f.weightMm = thinner ? genuine.weightMm - delta : genuine.weightMm + delta;
      return f;
    }
    case 'border': {
      const options: BorderStyle[] = (['none', 'thin', 'thick', 'double'] as const).filter(
        (b) => b !== genuine.border && !(b === 'none' && (genuine.shape === 'ellipse' || genuine.polarity === 'yin')),
      );
      const b = genuine.polarity === 'yin' ? (genuine.border === 'none' ? 'thin' : 'none') : rng.pick(options);
      f.border = b;
      f.borderMm = b === 'thin' ? rng.float(0.35, 0.55) : b === 'thick' ? rng.float(0.9, 1.4) : b === 'double' ? rng.float(0.7, 1.0) : 0;
      f.innerGapMm = b === 'double' ? rng.float(0.35, 0.6) : 0;
      return f;
    }
    case 'recarved':
      // The same name carved as another seal: same shape, its own font and positions.
      return designSeal(id, [...genuine.text].filter((c, i, all) => !(c === '印' && i === all.length - 1 && all.length === 4)).join(''), rng, {
        layout: genuine.layout,
        polarity: genuine.polarity,
        fontId: rng.pick(fontsOfStyle(rng.chance(0.7) ? 'kai' : 'ming').filter((x) => x.id !== genuine.fontId)).id,
      });
    case 'other-person':
      return designSeal(id, opts.otherName ?? '李建宏', rng, { layout: genuine.layout, polarity: genuine.polarity });
  }
}
