/**
 * Stroke weight against the seal's frame, for both carvings, by one least-squares fit of edge
 * offsets: how far the presented impression's edges lie outside (+) or inside (-) the
 * reference's, in canonical pixels. Per pixel, added minus lost ink (clipped at the
 * stroke-centre level, so density does not count, only geometry) is the offset times the
 * reference's edge strength; summing soft ink makes the measure sub-pixel.
 *
 * Ink spread moves every red edge outwards by the same amount; a seal re-cut with heavier or
 * lighter characters moves only the characters' edges. The frame is what a re-cut of the
 * characters leaves alone: the border ring of a 陽刻 seal, the outline and the groove of a 陰刻
 * one (a 陰刻 seal has no ring: its red field meets the outside paper, the groove if there is
 * one, and the white characters). A borderless 陽刻 seal has no frame: the characters draw its
 * outline, and all its edges give one offset from the registered print. A scale, rotation or
 * shift left over from registration moves edges too, by an amount that depends on where the
 * edge is and which way it faces, so the fit carries those terms: the offset of an edge at p
 * with outward normal u is
 *   frame or characters + t·u + (A p)·u + g·p,  A an affine residual (scale, rotation, shears),
 * g the slope of a pressure gradient across the face: less ink towards one side (a tilted
 * stamp, one lifting off) draws every edge there inwards whichever way it faces, and the frame,
 * read round the edge of the face, would take it for a weight of its own.
 * Characters' edges face every way on both sides of a stroke, which pins the scale, so the
 * outline of a borderless 陰刻 seal can serve as the frame even though it faces only outwards.
 */
import { INK_ON, refGeometry } from './metrics.ts';
import { components, dilateMask } from './masks.ts';
import type { Face } from './face.ts';
import { GROOVE_BAND } from './groove.ts';
import { inkLevel, MAX_RING_DEPTH, sectorOf } from './spread.ts';
import { perReference } from './per-reference.ts';

const NEAR = 5;
/**
 * half the narrowest gap counted: a 陰刻 seal's white strokes are narrow, and spread (under
 * 0.1 mm, ~1 canonical px) does not close a gap of two pixels
 */
const GAP = 1;
/** paper inside a 陽刻 seal spanning this much of it both ways is the space between characters */
const SPAN = 0.8;
/** directions round the centre, the share of them a groove must run through, and how much of its band it leaves white there */
const SECTORS = 16;
const GROOVE_AROUND = 0.5;
const GROOVE_FILL = 0.35;
/** canonical px of the outline's soft edge, where paper shows all round whatever the carving */
const OUTLINE_EDGE = 3;
/**
 * character edge (summed strength) below which the pressure gradient is not fitted: a 陰刻
 * print whose white strokes mostly filled in left 36, and the gradient took a stroke weight
 * 1 px off for a slope
 */
const GRADIENT_MIN_EDGE = 200;

export interface WeightFit {
  /** mean outward offset of the frame's and of the characters' edges, canonical px */
  frame: number;
  characters: number;
  /** edge length (canonical px) that took part, per structure; 0 = no frame to judge against */
  frameEdge: number;
  charEdge: number;
  /** residual scale of the fit, per cent */
  scale: number;
  /** the frame is a border ring (else the outline, and a 陰刻 groove if cut) */
  ring: boolean;
  /**
   * a borderless 陽刻 seal, whose outline the characters draw: there is no frame, and
   * `characters` is every edge's offset, which ink spread moves as much as a re-cut does
   */
  frameless: boolean;
}

const NONE: WeightFit = { frame: 0, characters: 0, frameEdge: 0, charEdge: 0, scale: 0, ring: false, frameless: false };

/** frame and character structures of the reference, as pixel masks (ink or paper) */
function structures(rm: Uint8Array, depth: Float32Array, n: number, intaglio: boolean, face: Face): { frame: Uint8Array; chars: Uint8Array; ring: boolean; frameless: boolean } {
  const frame = new Uint8Array(n * n);
  const chars = new Uint8Array(n * n);
  if (!intaglio && !face.solid) {
    for (let i = 0; i < n * n; i++) if (depth[i]! > -1 && !rm[i]) chars[i] = 1;
    return { frame, chars, ring: false, frameless: true };
  }
  // A 陽刻 face whose ring was not found (or a 陰刻 one taken for 陽刻: the carving call can err)
  // is judged by its outline.
  const ring = intaglio ? null : face.ring;
  if (ring && ring.end <= MAX_RING_DEPTH) {
    for (let i = 0; i < n * n; i++) if (rm[i]) (depth[i]! <= ring.end ? frame : chars)[i] = 1;
    return { frame, chars, ring: true, frameless: false };
  }
  if (intaglio) {
    const groove = grooveDepth(rm, depth, n);
    for (let i = 0; i < n * n; i++) {
      if (depth[i]! <= 0) {
        if (depth[i]! > -1) frame[i] = 1;
      } else if (!rm[i]) (depth[i]! <= Math.max(OUTLINE_EDGE, groove) ? frame : chars)[i] = 1;
    }
    return { frame, chars, ring: false, frameless: false };
  }
  // 陽刻 without a ring: the paper between the characters, reaching across the seal, goes with
  // the outline; only paper the characters enclose is theirs.
  const paper = new Uint8Array(n * n);
  let x0 = n;
  let x1 = 0;
  let y0 = n;
  let y1 = 0;
  for (let i = 0; i < n * n; i++) {
    if (depth[i]! <= 0) continue;
    const x = i % n;
    const y = (i - x) / n;
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
    if (!rm[i]) paper[i] = 1;
  }
  const { labels, comps } = components(paper, n, n);
  const across = new Set(comps.filter((c) => c.x1 - c.x0 >= SPAN * (x1 - x0) && c.y1 - c.y0 >= SPAN * (y1 - y0)).map((c) => c.label));
  for (let i = 0; i < n * n; i++) {
    if (depth[i]! <= 0) {
      if (depth[i]! > -1) frame[i] = 1;
    } else if (paper[i]) (across.has(labels[i]!) ? frame : chars)[i] = 1;
  }
  return { frame, chars, ring: false, frameless: false };
}

/**
 * How deep inside the outline a 陰刻 seal's groove runs (its far edge), or 0 without one: the
 * depths at which paper fills much of a thin band in at least half the directions round the
 * centre (a print may fill in the rest). Told by depth,
 * not by which white shapes connect: characters that touch the groove join it where the print
 * left the joint white, and a print that filled part of the groove breaks it, so connectivity
 * differs between stampings of one seal while the groove's depth does not.
 */
function grooveDepth(rm: Uint8Array, depth: Float32Array, n: number): number {
  const all = new Uint32Array((GROOVE_BAND + 2) * SECTORS);
  const open = new Uint32Array((GROOVE_BAND + 2) * SECTORS);
  for (let i = 0; i < n * n; i++) {
    const d = depth[i]!;
    if (d <= 0 || d > GROOVE_BAND + 1) continue;
    const k = Math.floor(d) * SECTORS + sectorOf(i, n, SECTORS);
    all[k]! += 1;
    if (!rm[i]) open[k]! += 1;
  }
  // from below the outline's soft edge, which is paper in part all round
  let last = 0;
  for (let d = OUTLINE_EDGE + 1; d <= GROOVE_BAND; d++) {
    let around = 0;
    for (let s = 0; s < SECTORS; s++) {
      let a = 0;
      let o = 0;
      for (let k = d - 1; k <= d + 1; k++) {
        a += all[k * SECTORS + s]!;
        o += open[k * SECTORS + s]!;
      }
      if (a > 0 && o >= GROOVE_FILL * a) around++;
    }
    if (around >= GROOVE_AROUND * SECTORS) last = d;
    else if (last > 0) break;
  }
  // the last band's far side (d + 1) and a pixel of the groove's soft edge beyond it
  return last > 0 ? last + 2 : 0;
}

/** Solves the small normal equations in place (Gaussian elimination with partial pivoting). */
function solve(a: Float64Array, b: Float64Array, k: number): Float64Array | null {
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r * k + c]!) > Math.abs(a[p * k + c]!)) p = r;
    if (Math.abs(a[p * k + c]!) < 1e-9) return null;
    for (let j = 0; j < k; j++) [a[c * k + j], a[p * k + j]] = [a[p * k + j]!, a[c * k + j]!];
    [b[c], b[p]] = [b[p]!, b[c]!];
    for (let r = c + 1; r < k; r++) {
      const f = a[r * k + c]! / a[c * k + c]!;
      for (let j = c; j < k; j++) a[r * k + j]! -= f * a[c * k + j]!;
      b[r]! -= f * b[c]!;
    }
  }
  const x = new Float64Array(k);
  for (let r = k - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let j = r + 1; j < k; j++) s -= a[r * k + j]! * x[j]!;
    x[r] = s / a[r * k + r]!;
  }
  return x;
}

interface RefWeight {
  ring: boolean;
  frameless: boolean;
  /** where the reference has paper or a gap of at least 2*GAP px, grown: where edges are read */
  zone: Uint8Array;
  nearFrame: Uint8Array;
  nearChar: Uint8Array;
}

/** per reference, one entry per carving it was judged as (the caller's call, normally one) */
const byCarving = perReference((): { relief?: RefWeight; intaglio?: RefWeight } => ({}));

/** What only depends on the reference and its carving. */
function refWeight(refInk: Float32Array, n: number, intaglio: boolean, face: Face): RefWeight {
  const slot = byCarving(refInk, n);
  const key = intaglio ? 'intaglio' : 'relief';
  const hit = slot[key];
  if (hit) return hit;
  const { rm, depth } = refGeometry(refInk, n);
  const s = structures(rm, depth, n, intaglio, face);
  const inkGrown = dilateMask(rm, n, n, GAP);
  const open = new Uint8Array(n * n);
  for (let i = 0; i < n * n; i++) open[i] = inkGrown[i] ? 0 : 1;
  return (slot[key] = {
    ring: s.ring,
    frameless: s.frameless,
    zone: dilateMask(dilateMask(open, n, n, GAP), n, n, 2),
    nearFrame: dilateMask(s.frame, n, n, NEAR),
    nearChar: dilateMask(s.chars, n, n, NEAR),
  });
}

/**
 * `face` is the whole reference's (face.ts): where another impression hides part of it,
 * `refInk` is what is left, whose outline no longer tells a face from borderless characters.
 */
/** `within`: where edges are read (all of the seal if null) */
export function weightFit(refInk: Float32Array, ink: Float32Array, n: number, intaglio: boolean, face: Face, within: Uint8Array | null = null): WeightFit {
  const { dtR } = refGeometry(refInk, n);
  const { zone, nearFrame, nearChar, ring, frameless } = refWeight(refInk, n, intaglio, face);
  const qm = new Uint8Array(n * n);
  for (let i = 0; i < n * n; i++) qm[i] = ink[i]! > INK_ON ? 1 : 0;
  const printed = dilateMask(qm, n, n, 5);
  if (within) for (let i = 0; i < n * n; i++) printed[i]! &= within[i]!;
  const near = (i: number): boolean => dtR[i]! <= NEAR && printed[i] === 1;
  const topR = inkLevel(refInk, near, 0.6);
  const topQ = inkLevel(ink, near, 0.6);
  if (topR === 0 || topQ === 0) return NONE;
  const r = (j: number): number => Math.min(1, refInk[j]! / topR);
  // The characters' edges give their own offset and the residual pose: shift, the four terms of
  // an affine residual (scale, rotation, two shears; a camera looking slightly askew stretches
  // the impression more one way than the other) and the pressure gradient. The frame is then
  // what is left at its edges: fitted jointly, a re-cut border (one edge of the ring moved)
  // would be taken for a scale.
  const K = 9;
  const ata = new Float64Array(K * K);
  const atb = new Float64Array(K);
  const f = new Float64Array(K);
  const framePose = new Float64Array(K);
  let frameD = 0;
  let frameE2 = 0;
  const c = n / 2;
  let frameEdge = 0;
  let charEdge = 0;
  for (let y = 1; y < n - 1; y++) {
    for (let x = 1; x < n - 1; x++) {
      const i = y * n + x;
      if (!zone[i] || !near(i)) continue;
      const isFrame = nearFrame[i] === 1;
      if (isFrame === (nearChar[i] === 1)) continue;
      const gx = (r(i + 1) - r(i - 1)) / 2;
      const gy = (r(i + n) - r(i - n)) / 2;
      const e = Math.hypot(gx, gy);
      if (e < 1e-3) continue;
      const d = Math.min(1, ink[i]! / topQ) - r(i);
      // outward normal of the ink: down the gradient
      const ux = -gx / e;
      const uy = -gy / e;
      const px = (x - c) / 100;
      const py = (y - c) / 100;
      f[0] = e;
      f[1] = e * ux;
      f[2] = e * uy;
      f[3] = e * (px * ux + py * uy);
      f[4] = e * (px * uy - py * ux);
      f[5] = e * (px * ux - py * uy);
      f[6] = e * (py * ux + px * uy);
      f[7] = e * px;
      f[8] = e * py;
      if (isFrame) {
        frameD += e * d;
        frameE2 += e * e;
        for (let a = 1; a < K; a++) framePose[a]! += e * f[a]!;
        frameEdge += e;
        continue;
      }
      for (let a = 0; a < K; a++) {
        atb[a]! += f[a]! * d;
        for (let b = 0; b < K; b++) ata[a * K + b]! += f[a]! * f[b]!;
      }
      charEdge += e;
    }
  }
  if ((frameEdge < 20 && !frameless) || charEdge < 20) return NONE;
  // a gradient across the face takes edges all over it: with few, it would soak up the offset
  const k = charEdge >= GRADIENT_MIN_EDGE ? K : K - 2;
  const beta = solve(
    ata.filter((_, j) => j % K < k && j < k * K),
    atb.slice(0, k),
    k,
  );
  if (!beta) return NONE;
  if (frameless) return { frame: 0, characters: beta[0]!, frameEdge: 0, charEdge, scale: beta[3]!, ring: false, frameless };
  let posed = 0;
  for (let a = 1; a < k; a++) posed += framePose[a]! * beta[a]!;
  return { frame: (frameD - posed) / frameE2, characters: beta[0]!, frameEdge, charEdge, scale: beta[3]!, ring, frameless };
}
