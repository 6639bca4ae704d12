/**
 * The border ring(s) of a 陽刻 seal, band by band inside the outline: how much of each band the
 * presented impression covers, going all the way round. A genuine print loses ink in places
 * (a pale or partial print: some sectors, or a little everywhere, characters alike); a seal cut
 * with a thinner border or without the inner ring of a double border misses that band in every
 * direction while the characters print. A solid ring re-cut as a double border prints a paler
 * line along the middle of the band, all the way round, even where spread half fills the gap.
 */
import { refGeometry } from './metrics.ts';
import { faceOf } from './face.ts';
import { perReference } from './per-reference.ts';
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

/** directions round the centre a ring's ink profile is read in */
const PROFILE_SECTORS = 8;
/** canonical px past the ring's end the profile reaches (a double border's inner ring cut deeper) */
const PROFILE_REACH = 3;
/**
 * deepest dip below its sides (ink share) inside the ring that a solid ring's own profile shows:
 * registrations of thin and thick rings read at most 0.002, of double rings 0.14 and over, or 0
 * where only the outer ring was taken for the ring (21 generated seeds, 425 registrations)
 */
const SOLID_RING_DIP = 0.07;

/** per depth, how far the profile dips below the lower of its highest values on either side */
function dips(profile: Float64Array): Float64Array {
  const k = profile.length;
  const before = new Float64Array(k);
  const after = new Float64Array(k);
  for (let d = 1; d < k; d++) before[d] = Math.max(before[d - 1]!, profile[d - 1]!);
  for (let d = k - 2; d >= 0; d--) after[d] = Math.max(after[d + 1]!, profile[d + 1]!);
  const out = new Float64Array(k);
  for (let d = 0; d < k; d++) out[d] = Math.max(0, Math.min(before[d]!, after[d]!) - profile[d]!);
  return out;
}

/** mean ink (0..1) per sector and whole depth, sector-major */
function profiles(ink: Float32Array, depth: Float32Array, n: number, depths: number): Float64Array[] {
  const all = new Float64Array(depths * PROFILE_SECTORS);
  const sum = new Float64Array(depths * PROFILE_SECTORS);
  for (let i = 0; i < n * n; i++) {
    const d = depth[i]!;
    if (d <= 0 || d >= depths) continue;
    const k = sectorOf(i, n, PROFILE_SECTORS) * depths + Math.floor(d);
    all[k]! += 1;
    sum[k]! += Math.min(1, ink[i]!);
  }
  return Array.from({ length: PROFILE_SECTORS }, (_, s) => {
    const p = new Float64Array(depths);
    for (let d = 0; d < depths; d++) {
      const a = all[s * depths + d]!;
      p[d] = a > 0 ? sum[s * depths + d]! / a : 0;
    }
    return p;
  });
}

const median = (xs: number[]): number => xs.sort((p, q) => p - q)[xs.length >> 1]!;

/** the reference's solid ring: how deep its profile is read, its own dips per sector; null without one */
const solidRing = perReference((refInk: Float32Array, n: number): { depths: number; end: number; ownDips: Float64Array[] } | null => {
  const { depth } = refGeometry(refInk, n);
  const { ring } = faceOf(refInk, n);
  if (!ring || ring.end > MAX_RING_DEPTH) return null;
  const depths = ring.end + PROFILE_REACH + 1;
  const ownDips = profiles(refInk, depth, n, depths).map(dips);
  const ownDip = median(ownDips.map((d) => Math.max(...d.subarray(0, ring.end))));
  return ownDip < SOLID_RING_DIP ? { depths, end: ring.end, ownDips } : null;
});

/**
 * How far the presented impression's ink dips inside a solid border ring below what the
 * reference's does at the same depth, the median over directions round the centre (a genuine
 * print shades off inwards; a pale, partial or overlapped one loses ink in some directions, not
 * along one line all round); null when the reference has no solid ring. Read on soft ink: a gap
 * of 0.4 mm that spread and blur half filled stays above the ink threshold, yet paler.
 */
export function ringDip(refInk: Float32Array, ink: Float32Array, n: number): number | null {
  const solid = solidRing(refInk, n);
  if (!solid) return null;
  const { depth } = refGeometry(refInk, n);
  const presented = profiles(ink, depth, n, solid.depths);
  return median(
    presented.map((p, s) => {
      const own = solid.ownDips[s]!;
      const seen = dips(p);
      let most = 0;
      for (let d = 0; d < solid.end; d++) most = Math.max(most, seen[d]! - own[d]!);
      return most;
    }),
  );
}
