/**
 * Thin white lines in the red field of a 陰刻 seal: its groove (a white line cut just inside
 * the outline) and the narrow parts of its white characters. After blur and resampling such a
 * line rarely falls below the ink threshold, so it is found by how far the ink dips below its
 * surroundings (a closing minus the ink, a "black top-hat"), not by an absolute level.
 *
 * A groove cut where the registered seal has none shows as a long thin line through what was
 * solid red. A groove filled in shows as the reference's line printed solid, while a heavy
 * print fills the thin parts of the characters alike: only the band's fill beyond the
 * characters' testifies.
 */
import { refGeometry } from './metrics.ts';
import { rankFilter } from './raster.ts';
import { components, dilateMask } from './masks.ts';
import { perReference } from './per-reference.ts';
import { sectorOf } from './spread.ts';

/** closing radius: lines up to ~6 canonical px wide (a groove of 0.35-0.55 mm, blurred by the print and the scan) */
const R = 3;
/** dip below the surroundings that makes a line (ink units) */
const LINE = 0.2;
/** the surroundings must be red for a dip to be a white line in a red field */
const FIELD = 0.5;
/** canonical px within which the reference has paper or a line: the presented line is not new */
const CLEAR = 3;
/** depth inside the outline (canonical px) where a groove lies */
export const GROOVE_BAND = 18;
/** canonical px a reference line must run to count */
const MIN_RUN = 5;

export interface PaperLines {
  /** canonical px of thin white line where the reference is solid red */
  added: number;
  /** canonical px of thin white line in the reference's band inside the outline */
  bandLine: number;
  /** share of directions from the centre in which that band has line: a groove goes all round */
  bandAround: number;
  /** share of the reference's thin lines printed solid: in the band, and among the characters */
  bandFilled: number;
  charsFilled: number;
}

function closing(ink: Float32Array, n: number): Float32Array {
  return rankFilter(rankFilter({ width: n, height: n, data: ink }, R, 'max'), R, 'min').data;
}

interface RefLines {
  /** reference paper or line, grown by CLEAR: a presented line there is not an added one */
  near: Uint8Array;
  /** the reference's lines: long runs only (ink that failed to print leaves short cracks and specks) */
  line: Uint8Array;
}

const refLines = perReference((refInk: Float32Array, n: number): RefLines => {
  const { rm, depth } = refGeometry(refInk, n);
  const closeR = closing(refInk, n);
  const refOpen = new Uint8Array(n * n);
  for (let i = 0; i < n * n; i++) refOpen[i] = !rm[i] || closeR[i]! - refInk[i]! > LINE / 2 ? 1 : 0;
  const lineMask = new Uint8Array(n * n);
  for (let i = 0; i < n * n; i++) lineMask[i] = depth[i]! >= CLEAR && closeR[i]! >= FIELD && closeR[i]! - refInk[i]! >= LINE + 0.05 ? 1 : 0;
  const { labels, comps } = components(lineMask, n, n);
  const long = new Set(comps.filter((k) => Math.max(k.x1 - k.x0, k.y1 - k.y0) >= MIN_RUN).map((k) => k.label));
  const line = new Uint8Array(n * n);
  for (let i = 0; i < n * n; i++) if (lineMask[i] && long.has(labels[i]!)) line[i] = 1;
  return { near: dilateMask(refOpen, n, n, CLEAR), line };
});

export function paperLines(refInk: Float32Array, ink: Float32Array, n: number): PaperLines {
  const { depth } = refGeometry(refInk, n);
  const { near, line } = refLines(refInk, n);
  const closeQ = closing(ink, n);
  let added = 0;
  let bandLine = 0;
  let bandFill = 0;
  let charLine = 0;
  let charFill = 0;
  const SECTORS = 36;
  const around = new Uint8Array(SECTORS);
  for (let i = 0; i < n * n; i++) {
    if (depth[i]! < CLEAR) continue;
    const dipQ = closeQ[i]! - ink[i]!;
    if (!near[i] && dipQ > LINE && closeQ[i]! > FIELD) added++;
    if (!line[i]) continue;
    const filled = dipQ < 0.08 && ink[i]! > FIELD;
    if (depth[i]! <= GROOVE_BAND) {
      around[sectorOf(i, n, SECTORS)] = 1;
      bandLine++;
      if (filled) bandFill++;
    } else {
      charLine++;
      if (filled) charFill++;
    }
  }
  return {
    added,
    bandLine,
    bandAround: around.reduce((sum, v) => sum + v, 0) / SECTORS,
    bandFilled: bandLine > 0 ? bandFill / bandLine : 0,
    charsFilled: charLine > 0 ? charFill / charLine : 0,
  };
}
