/**
 * Another seal stamped close by or over the presented one (an agent's, a co-signer's) lands in
 * the same crop. Its ink lies partly beyond the reach of the registered outline, where this
 * seal's ink cannot be; near that ink, inside the outline, the two cannot be told apart. There
 * the comparison looks at neither: the presented ink is dropped and the reference's ink counts
 * as not seen (an occluded part, like a part that did not print). Where the other seal's strokes
 * run on further in, ink no reference stroke explains, they are followed and hidden too, once
 * the caller knows the other impression lies well apart and this print fits (compare.ts).
 */
import { INK_ON, OUTLINE_REACH, outlineReach, refGeometry } from './metrics.ts';
import { dilateMask, distanceTransform } from './masks.ts';
import { sectorOf } from './spread.ts';

/** canonical px of ink beyond the outline's reach below which it is specks, not an impression */
const MIN_BEYOND = 60;
/** how far inside the reach the other impression's ink may run on, canonical px */
const OCCLUDE = OUTLINE_REACH + 10;
/**
 * Ink beyond the outline in this many of 16 directions round the centre is a border the
 * registered seal does not have (or a frame printed round it), not a seal stamped beside it:
 * it stays in evidence.
 */
const SECTORS = 16;
const SURROUNDING = 12;
/** canonical px of ink that put a direction among them */
const SECTOR_INK = 3;
/**
 * Following the other impression's strokes on into this one (followOn): how far from a
 * reference stroke (canonical px) ink counts as unexplained, and how much round what was
 * followed is hidden with it.
 */
const UNEXPLAINED = 2;
const FOLLOWED_MARGIN = 3;
/** how far (canonical px) the search steps across a stroke of this seal, and how many times */
const BRIDGE = 5;
const CROSSINGS = 2;

export interface Separated {
  refInk: Float32Array;
  ink: Float32Array;
  /** share of the presented ink beyond the outline's reach */
  beyond: number;
  /** share of the reference ink hidden under the other impression */
  occluded: number;
  /**
   * how far beyond the outline's reach the ink out there lies, canonical px (its 90th
   * percentile): a seal stamped beside this one lies tens of px out, a border cut wider a few
   */
  beyondDepth: number;
  /** where this seal's own ink can be seen (within the outline's reach, clear of the other impression); absent when nothing was hidden */
  visible?: Uint8Array;
}

/**
 * `followOn`: also hide the other impression's strokes where they run on into this one, as far as
 * the ink stays unexplained by the reference (for a print whose fit, read clear of the other
 * impression, is sound; see compare.ts).
 */
export function separateOverlap(refInk: Float32Array, posed: Float32Array, n: number, followOn = false): Separated {
  const reach = outlineReach(refInk, n);
  const { rm } = refGeometry(refInk, n);
  const far = new Uint8Array(n * n);
  let inked = 0;
  let beyond = 0;
  for (let i = 0; i < n * n; i++) {
    if (posed[i]! <= INK_ON) continue;
    inked++;
    if (!reach[i]) {
      far[i] = 1;
      beyond++;
    }
  }
  const ink = new Float32Array(n * n);
  const share = inked ? beyond / inked : 0;
  if (beyond < MIN_BEYOND) {
    for (let i = 0; i < n * n; i++) if (reach[i]) ink[i] = posed[i]!;
    return { refInk, ink, beyond: share, occluded: 0, beyondDepth: 0 };
  }
  const beyondDepth = depthBeyond(far, reach, n);
  if (surrounds(far, n)) return { refInk, ink: posed, beyond: share, occluded: 0, beyondDepth };
  let hidden = dilateMask(far, n, n, OCCLUDE);
  if (followOn) hidden = followStrokes(hidden, posed, refGeometry(refInk, n).dtR, n);
  const visibleRef = Float32Array.from(refInk);
  const visible = new Uint8Array(n * n);
  let refCount = 0;
  let refHidden = 0;
  for (let i = 0; i < n * n; i++) {
    if (rm[i]) refCount++;
    if (hidden[i]) {
      visibleRef[i] = 0;
      if (rm[i]) refHidden++;
    } else if (reach[i]) {
      ink[i] = posed[i]!;
      visible[i] = 1;
    }
  }
  return { refInk: visibleRef, ink, beyond: share, occluded: refCount ? refHidden / refCount : 0, beyondDepth, visible };
}

function depthBeyond(far: Uint8Array, reach: Uint8Array, n: number): number {
  const dist = distanceTransform(reach, n, n);
  const depths: number[] = [];
  for (let i = 0; i < n * n; i++) if (far[i]) depths.push(dist[i]!);
  depths.sort((a, b) => a - b);
  return depths[Math.floor(0.9 * (depths.length - 1))] ?? 0;
}

/**
 * The hidden zone grown along presented ink that no reference stroke explains, from where it is;
 * where such a stroke meets one of this seal's and runs on beyond it, the search steps across
 * (BRIDGE px) and follows it on, up to CROSSINGS times.
 */
function followStrokes(hidden: Uint8Array, posed: Float32Array, dtR: Float32Array, n: number): Uint8Array {
  const unexplained = (j: number): boolean => posed[j]! > INK_ON && dtR[j]! > UNEXPLAINED;
  const followed = flood(hidden, unexplained, n);
  for (let k = 0; k < CROSSINGS; k++) {
    const reachedSoFar = Uint8Array.from(followed);
    for (let i = 0; i < n * n; i++) if (hidden[i]) reachedSoFar[i] = 1;
    const seeds = dilateMask(reachedSoFar, n, n, BRIDGE);
    const further = flood(seeds, unexplained, n);
    let added = 0;
    for (let i = 0; i < n * n; i++) {
      if (further[i] && !followed[i]) {
        followed[i] = 1;
        added++;
      }
    }
    if (added === 0) break;
  }
  const grown = dilateMask(followed, n, n, FOLLOWED_MARGIN);
  for (let i = 0; i < n * n; i++) if (hidden[i]) grown[i] = 1;
  return grown;
}

/** Pixels where `open` holds, 8-connected to `seeds` through such pixels (the seeds themselves excluded). */
function flood(seeds: Uint8Array, open: (i: number) => boolean, n: number): Uint8Array {
  const reached = new Uint8Array(n * n);
  const seen = Uint8Array.from(seeds);
  const stack: number[] = [];
  for (let i = 0; i < n * n; i++) if (seeds[i]) stack.push(i);
  while (stack.length > 0) {
    const i = stack.pop()!;
    const x = i % n;
    const y = (i - x) / n;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx;
        const yy = y + dy;
        if (xx < 0 || yy < 0 || xx >= n || yy >= n) continue;
        const j = yy * n + xx;
        if (seen[j] || !open(j)) continue;
        seen[j] = 1;
        reached[j] = 1;
        stack.push(j);
      }
    }
  }
  return reached;
}

function surrounds(far: Uint8Array, n: number): boolean {
  const perSector = new Int32Array(SECTORS);
  for (let i = 0; i < n * n; i++) if (far[i]) perSector[sectorOf(i, n, SECTORS)]!++;
  let directions = 0;
  for (const count of perSector) if (count >= SECTOR_INK) directions++;
  return directions >= SURROUNDING;
}
