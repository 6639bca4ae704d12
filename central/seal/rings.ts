/**
 * The border ring(s) of a 陽刻 seal, band by band inside the outline: how much of each band the
 * presented impression covers, going all the way round. A genuine print loses ink in places
 * (a pale or partial print: some sectors, or a little everywhere, characters alike); a seal cut
 * with a thinner border or without the inner ring of a double border misses that band in every
 * direction while the characters print.
 */
import { refGeometry } from './metrics.ts';
import { faceOf } from './face.ts';
import { MAX_RING_DEPTH, sectorOf } from './spread.ts';

const SECTORS = 16;
/** band width, canonical px */
const BAND = 3;
/** a sector's band needs this much reference ink to count */
const MIN_SECTOR_INK = 8;

/**
 * Lowest over the ring's bands of the median sector's covered share; null when the reference has
 * no border ring. `covered(i)`: the presented impression has ink at (or right beside) pixel i.
 */
export function ringCoverage(refInk: Float32Array, n: number, covered: (i: number) => boolean): number | null {
  const { rm, depth } = refGeometry(refInk, n);
  const { ring } = faceOf(refInk, n);
  if (!ring || ring.end > MAX_RING_DEPTH) return null;
  const bands = Math.max(1, Math.floor((ring.end - 1) / BAND));
  const total = new Uint32Array(bands * SECTORS);
  const hit = new Uint32Array(bands * SECTORS);
  for (let i = 0; i < n * n; i++) {
    if (!rm[i]) continue;
    const d = depth[i]!;
    if (d < 1) continue;
    const b = Math.floor((d - 1) / BAND);
    if (b >= bands) continue;
    const s = sectorOf(i, n, SECTORS);
    total[b * SECTORS + s]! += 1;
    if (covered(i)) hit[b * SECTORS + s]! += 1;
  }
  let lowest: number | null = null;
  for (let b = 0; b < bands; b++) {
    const shares: number[] = [];
    for (let s = 0; s < SECTORS; s++) {
      const t = total[b * SECTORS + s]!;
      if (t >= MIN_SECTOR_INK) shares.push(hit[b * SECTORS + s]! / t);
    }
    // a band that does not go most of the way round is not a ring
    if (shares.length < 0.75 * SECTORS) continue;
    shares.sort((p, q) => p - q);
    const median = shares[shares.length >> 1]!;
    if (lowest === null || median < lowest) lowest = median;
  }
  return lowest;
}
