/**
 * Small synthetic pages for the engine tests: a seal drawn as SVG text in a CJK Kai font,
 * stamped onto a page with printed text, form lines and blue handwriting, then JPEG-encoded.
 * Forgery variants change the font, move a glyph, thicken strokes or change the border.
 */
import sharp from 'sharp';

export interface SealSpec {
  chars?: string;
  font?: string;
  shape?: 'square' | 'round';
  carving?: 'relief' | 'intaglio';
  /** move glyph i by (dx, dy) in fractions of the seal size */
  moveGlyph?: { index: number; dx: number; dy: number };
  /** extra stroke on the glyphs in fractions of the seal size (heavier engraving) */
  strokeExtra?: number;
  /** border stroke width in fractions of the seal size */
  border?: number;
}

export interface StampSpec {
  x: number;
  y: number;
  /** seal side in page pixels */
  size: number;
  angle: number;
  seal: SealSpec;
  /** ink opacity 0..1 */
  opacity?: number;
  colour?: string;
  /** seed for the ink-loss texture; 0 = solid ink */
  texture?: number;
  /** keep only the part left of this fraction of the seal (partial print) */
  keepFraction?: number;
}

export interface PageSpec {
  width?: number;
  height?: number;
  paper?: string;
  stamps: StampSpec[];
  clutter?: boolean;
  /** darken one side of the page (uneven light) */
  shade?: boolean;
}

const S = 200;

function sealBody(spec: SealSpec, fill: string): string {
  const chars = [...(spec.chars ?? '王大明印')];
  const font = spec.font ?? 'AR PL UKai TW';
  const border = (spec.border ?? 0.05) * S;
  const intaglio = spec.carving === 'intaglio';
  const glyphFill = intaglio ? '#ffffff' : fill;
  const parts: string[] = [];
  if (spec.shape === 'round') {
    parts.push(
      intaglio
        ? `<circle cx="${S / 2}" cy="${S / 2}" r="${S / 2 - 1}" fill="${fill}"/>`
        : `<circle cx="${S / 2}" cy="${S / 2}" r="${S / 2 - border / 2 - 1}" fill="none" stroke="${fill}" stroke-width="${border}"/>`,
    );
  } else {
    parts.push(
      intaglio
        ? `<rect x="1" y="1" width="${S - 2}" height="${S - 2}" fill="${fill}"/>`
        : `<rect x="${border / 2 + 1}" y="${border / 2 + 1}" width="${S - border - 2}" height="${S - border - 2}" fill="none" stroke="${fill}" stroke-width="${border}"/>`,
    );
  }
  const round = spec.shape === 'round';
  const fs = round ? S * 0.33 : S * 0.4;
  const cell = round ? S * 0.34 : S * 0.43;
  // Traditional order: right column top-down, then left column.
  const pos = [
    [S / 2 + cell / 2, S / 2 - cell / 2],
    [S / 2 + cell / 2, S / 2 + cell / 2],
    [S / 2 - cell / 2, S / 2 - cell / 2],
    [S / 2 - cell / 2, S / 2 + cell / 2],
  ];
  const stroke = spec.strokeExtra ? ` stroke="${glyphFill}" stroke-width="${spec.strokeExtra * S}"` : '';
  chars.slice(0, 4).forEach((ch, i) => {
    let [cx, cy] = pos[i]!;
    if (spec.moveGlyph?.index === i) {
      cx! += spec.moveGlyph.dx * S;
      cy! += spec.moveGlyph.dy * S;
    }
    parts.push(
      `<text x="${cx}" y="${cy! + fs * 0.36}" font-family="${font}" font-size="${fs}" text-anchor="middle" fill="${glyphFill}"${stroke}>${ch}</text>`,
    );
  });
  return parts.join('');
}

export function pageSvg(page: PageSpec): string {
  const W = page.width ?? 1200;
  const H = page.height ?? 900;
  const defs: string[] = [];
  const body: string[] = [];
  body.push(`<rect width="${W}" height="${H}" fill="${page.paper ?? '#f7f3e8'}"/>`);
  if (page.clutter !== false) {
    for (let i = 0; i < 9; i++) {
      body.push(`<line x1="40" y1="${80 + i * 90}" x2="${W - 40}" y2="${80 + i * 90}" stroke="#222" stroke-width="2"/>`);
      body.push(
        `<text x="60" y="${70 + i * 90}" font-family="Noto Sans CJK TC" font-size="28" fill="#111">申請人姓名 住址 台北市中正區 印鑑 證明 第${i}號</text>`,
      );
    }
    body.push(`<line x1="${W / 2}" y1="40" x2="${W / 2}" y2="${H - 40}" stroke="#333" stroke-width="2"/>`);
    body.push(
      `<path d="M 100 ${H - 120} C 200 ${H - 200}, 300 ${H - 40}, 420 ${H - 130} S 600 ${H - 60}, 700 ${H - 150}" stroke="#1a3fb0" stroke-width="4" fill="none"/>`,
    );
  }
  page.stamps.forEach((st, k) => {
    const colour = st.colour ?? '#d2262b';
    const opacity = st.opacity ?? 0.9;
    const scale = st.size / S;
    let maskAttr = '';
    if (st.texture) {
      defs.push(
        `<filter id="tx${k}" x="0" y="0" width="1" height="1"><feTurbulence type="fractalNoise" baseFrequency="0.09" numOctaves="2" seed="${st.texture}"/>` +
          `<feColorMatrix type="matrix" values="0 0 0 0 1  0 0 0 0 1  0 0 0 0 1  0 0 0 -2.2 2.25"/></filter>` +
          `<mask id="m${k}"><rect x="0" y="0" width="${S}" height="${S}" fill="#fff" filter="url(#tx${k})"/></mask>`,
      );
      maskAttr = ` mask="url(#m${k})"`;
    }
    let clip = '';
    if (st.keepFraction !== undefined) {
      defs.push(`<clipPath id="c${k}"><rect x="0" y="0" width="${S * st.keepFraction}" height="${S}"/></clipPath>`);
      clip = ` clip-path="url(#c${k})"`;
    }
    body.push(
      `<g transform="translate(${st.x} ${st.y}) rotate(${st.angle}) scale(${scale}) translate(${-S / 2} ${-S / 2})" opacity="${opacity}">` +
        `<g${clip}><g${maskAttr}>${sealBody(st.seal, colour)}</g></g></g>`,
    );
  });
  if (page.shade) {
    defs.push(
      `<linearGradient id="shade" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#000" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity="0.35"/></linearGradient>`,
    );
    body.push(`<rect width="${W}" height="${H}" fill="url(#shade)"/>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><defs>${defs.join('')}</defs>${body.join('')}</svg>`;
}

export async function renderPage(page: PageSpec, opts: { blur?: number; quality?: number } = {}): Promise<Buffer> {
  let p = sharp(Buffer.from(pageSvg(page))).flatten({ background: '#ffffff' });
  if (opts.blur) p = p.blur(opts.blur);
  return p.jpeg({ quality: opts.quality ?? 88 }).toBuffer();
}

/** One seal in the middle of a cluttered camera-like frame. */
export function stamped(seal: SealSpec, extra: Partial<StampSpec> = {}, page: Partial<PageSpec> = {}): Promise<Buffer> {
  return renderPage({ ...page, stamps: [{ x: 600, y: 450, size: 260, angle: 0, seal, texture: 0, ...extra }] }, { blur: 0.6 });
}
