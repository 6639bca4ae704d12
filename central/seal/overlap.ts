/**
 * Another seal stamped close by or over the presented one (an agent's, a co-signer's) lands in
 * the same crop. Its ink lies partly beyond the reach of the registered outline, where this
 * seal's ink cannot be; near that ink, inside the outline, the two cannot be told apart. There
 * the comparison looks at neither: the presented ink is dropped and the reference's ink counts
 * as not seen (an occluded part, like a part that did not print).
 */
import { INK_ON, OUTLINE_REACH, outlineReach, refGeometry } from './metrics.ts';
import { dilateMask } from './masks.ts';
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

export interface Separated {
  refInk: Float32Array;
  ink: Float32Array;
  /** share of the presented ink beyond the outline's reach */
  beyond: number;
  /** share of the reference ink hidden under the other impression */
  occluded: number;
  /** where this seal's own ink can be seen (within the outline's reach, clear of the other impression); absent when nothing was hidden */
  visible?: Uint8Array;
}

export function separateOverlap(refInk: Float32Array, posed: Float32Array, n: number): Separated {
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
    return { refInk, ink, beyond: share, occluded: 0 };
  }
  if (surrounds(far, n)) return { refInk, ink: posed, beyond: share, occluded: 0 };
  const hidden = dilateMask(far, n, n, OCCLUDE);
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
  return { refInk: visibleRef, ink, beyond: share, occluded: refCount ? refHidden / refCount : 0, visible };
}

function surrounds(far: Uint8Array, n: number): boolean {
  const perSector = new Int32Array(SECTORS);
  for (let i = 0; i < n * n; i++) if (far[i]) perSector[sectorOf(i, n, SECTORS)]!++;
  let directions = 0;
  for (const count of perSector) if (count >= SECTOR_INK) directions++;
  return directions >= SURROUNDING;
}
