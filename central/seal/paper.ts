/**
 * Paper redness: what the page shows where no ink is, to be taken off every pixel's redness
 * before ink is measured. Paper is never strongly red, but tinted forms, a colour cast and
 * uneven light make it vary slowly across the page.
 *
 * The estimate is made in two passes. A morphological opening on a coarse grid removes
 * anything small and red, which finds the impressions; the paper is then averaged where no ink
 * is and carried across the impressions from their surroundings. The opening alone is not
 * enough: its window is a share of the page, so a 陰刻 seal's red field larger than the window
 * survives it in part and reads as reddish paper. How much depended on the page's size and the
 * seal's, and the white strokes' ink level with it (the same stamping measured 0.4 px heavier
 * on a page 600 px wide than on one 560 px wide).
 */
import { boxBlur, rankFilter, resizeArea, sample, type Gray } from './raster.ts';
import { dilateMask } from './masks.ts';

/** paper redness never exceeds this (redness units): a crop filled by a seal is not paper */
const MAX_PAPER = 30;
/** share of a grid cell that must be paper for the cell to be measured */
const MIN_PAPER = 0.25;

/** First pass: morphological opening on a coarse grid of `cell` px. */
export function openedBackground(small: Gray, cell: number): Float32Array {
  const gw = Math.max(1, Math.ceil(small.width / cell));
  const gh = Math.max(1, Math.ceil(small.height / cell));
  // Blue ink is strongly negative redness; it must not drag the paper estimate down.
  const grid = resizeArea(small, gw, gh);
  for (let i = 0; i < grid.data.length; i++) if (grid.data[i]! < 0) grid.data[i] = 0;
  const r = Math.max(3, Math.round(Math.max(gw, gh) * 0.15));
  return toPixels(rankFilter(rankFilter(grid, r, 'min'), r, 'max'), small, cell);
}

/**
 * Second pass: the mean redness of each cell's paper (pixels outside `ink`, grown by a cell),
 * and for cells under ink the mean of their measured neighbours, ring by ring inwards.
 */
export function paperBackground(small: Gray, cell: number, ink: Uint8Array): Float32Array {
  const { width: w, height: h } = small;
  const gw = Math.max(1, Math.ceil(w / cell));
  const gh = Math.max(1, Math.ceil(h / cell));
  const covered = dilateMask(ink, w, h, cell);
  const sum = new Float32Array(gw * gh);
  const count = new Float32Array(gw * gh);
  const area = new Float32Array(gw * gh);
  for (let y = 0; y < h; y++) {
    const row = Math.floor(y / cell) * gw;
    for (let x = 0; x < w; x++) {
      const k = row + Math.floor(x / cell);
      area[k]! += 1;
      const i = y * w + x;
      if (covered[i]) continue;
      const v = small.data[i]!;
      sum[k]! += v > 0 ? v : 0;
      count[k]! += 1;
    }
  }
  const grid = new Float32Array(gw * gh);
  let known = new Uint8Array(gw * gh);
  let unknown = 0;
  for (let k = 0; k < gw * gh; k++) {
    if (count[k]! >= MIN_PAPER * area[k]!) {
      grid[k] = sum[k]! / count[k]!;
      known[k] = 1;
    } else unknown++;
  }
  // A page all ink (a crop of the seal alone) has no paper to measure: none is taken off.
  if (unknown === gw * gh) return new Float32Array(w * h);
  while (unknown > 0) {
    const next = Uint8Array.from(known);
    for (let gy = 0; gy < gh; gy++) {
      for (let gx = 0; gx < gw; gx++) {
        const k = gy * gw + gx;
        if (known[k]) continue;
        let s = 0;
        let c = 0;
        for (let yy = Math.max(0, gy - 1); yy <= Math.min(gh - 1, gy + 1); yy++) {
          for (let xx = Math.max(0, gx - 1); xx <= Math.min(gw - 1, gx + 1); xx++) {
            if (known[yy * gw + xx]) {
              s += grid[yy * gw + xx]!;
              c++;
            }
          }
        }
        if (c === 0) continue;
        grid[k] = s / c;
        next[k] = 1;
        unknown--;
      }
    }
    known = next;
  }
  return toPixels({ width: gw, height: gh, data: grid }, small, cell);
}

/** Grid to pixels: smoothed, sampled bilinearly at each pixel's centre, within 0..MAX_PAPER. */
function toPixels(grid: Gray, small: Gray, cell: number): Float32Array {
  const smooth = boxBlur(grid, 2, 2);
  const out = new Float32Array(small.width * small.height);
  for (let y = 0; y < small.height; y++) {
    const gy = Math.min(grid.height - 1, Math.max(0, (y + 0.5) / cell - 0.5));
    for (let x = 0; x < small.width; x++) {
      const gx = Math.min(grid.width - 1, Math.max(0, (x + 0.5) / cell - 0.5));
      out[y * small.width + x] = Math.max(0, Math.min(MAX_PAPER, sample(smooth, gx, gy)));
    }
  }
  return out;
}
