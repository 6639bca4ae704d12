/**
 * Black print (form lines, printed labels) over a red impression: which dark pixels are ink,
 * which are paper, and which it leaves open (extract.ts calls it on each impression's crop).
 */
import type { Rgb } from './decode.ts';
import type { Impression } from './types.ts';

/**
 * source px a dark pixel looks each way for ink: half a printed line as scanned at 300 dpi or
 * photographed at the counter (blurred, 5-9 px dark), and a little more
 */
const LINE_REACH = 6;
/** pixels past the edge of black print still read in its blurred fringe */
const FRINGE = 2;
/** ink on one side of a dark pixel stronger than on both by this much leaves it open */
const OPEN_INK = 0.25;

/** the four directions a dark pixel looks both ways along for ink (one per axis and diagonal) */
const ACROSS: ReadonlyArray<readonly [number, number]> = [
  [1, 0],
  [0, 1],
  [1, 1],
  [1, -1],
];

/**
 * Black print over an impression hides whether ink lies under it. A dark pixel takes the ink
 * found on both sides of it along some direction (the weaker of the two, the strongest such
 * pair), so a printed line across a red stroke does not cut it and a line across a 陰刻 field
 * does not look like an engraved white stroke, while a line over paper beside a stroke, or
 * across a 陰刻 seal's white stroke, stays paper: ink on one side only is not under the line.
 * Where ink lies on one side only, the line may as well hide a stroke's edge, or a stroke
 * narrower than itself running along it: those pixels are returned as open (Impression
 * `underPrint`), with the strongest ink round them, for the comparison to leave out.
 */
export function fillUnderPrint(ink: Float32Array, rgb: Rgb, ox: number, oy: number, w: number, h: number): Impression['underPrint'] {
  const dark = new Uint8Array(w * h);
  let any = false;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const j = ((oy + y) * rgb.width + ox + x) * 3;
      const lum = 0.3 * rgb.data[j]! + 0.59 * rgb.data[j + 1]! + 0.11 * rgb.data[j + 2]!;
      if (lum < 105 && ink[y * w + x]! < 0.5) {
        dark[y * w + x] = 1;
        any = true;
      }
    }
  }
  if (!any) return undefined;
  // a larger crop is a finer capture, whose lines are wider in pixels
  const r = Math.max(LINE_REACH, Math.round(Math.max(w, h) / 40));
  const src = Float32Array.from(ink);
  const mask = new Float32Array(w * h);
  const most = new Float32Array(w * h);
  let open = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!dark[y * w + x]) continue;
      let both = 0;
      let either = 0;
      for (const [dx, dy] of ACROSS) {
        const ahead = visibleInk(src, dark, w, h, x, y, dx, dy, r);
        const behind = visibleInk(src, dark, w, h, x, y, -dx, -dy, r);
        both = Math.max(both, Math.min(ahead, behind));
        either = Math.max(either, ahead, behind);
      }
      ink[y * w + x] = both;
      if (either - both > OPEN_INK) {
        mask[y * w + x] = 1;
        most[y * w + x] = either;
        open++;
      }
    }
  }
  return open > 0 ? { mask, ink: most } : undefined;
}

/**
 * Ink beside black print from (x, y) along (dx, dy): the strongest of the first pixels not under
 * it (within r steps), its blurred fringe included; 0 if there are none.
 */
function visibleInk(src: Float32Array, dark: Uint8Array, w: number, h: number, x: number, y: number, dx: number, dy: number, r: number): number {
  let best = 0;
  let seen = -1;
  for (let k = 1; k <= r + FRINGE; k++) {
    const xx = x + k * dx;
    const yy = y + k * dy;
    if (xx < 0 || yy < 0 || xx >= w || yy >= h) break;
    const j = yy * w + xx;
    if (dark[j]) {
      if (seen >= 0) break;
      continue;
    }
    if (seen < 0) {
      if (k > r) break;
      seen = k;
    }
    best = Math.max(best, src[j]!);
    if (k >= seen + FRINGE) break;
  }
  return best;
}
