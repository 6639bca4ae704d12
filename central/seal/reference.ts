/**
 * References: one impression or several impressions of the same seal stamped at registration,
 * aligned to the best of them and combined — ink is the union after alignment, and a consensus
 * map records how many impressions agree at each pixel.
 */
import { CountergateError } from '../../lib/errors.ts';
import { toCanonical, CANON_SIZE } from './canonical.ts';
import { mainImpression } from './extract.ts';
import { faceOf } from './face.ts';
import { INK_ON, refGeometry } from './metrics.ts';
import { applyPose, register } from './register.ts';
import { strokeHalfWidth } from './strokes.ts';
import type { Impression, SealCarving, SealReference } from './types.ts';

export function isSealReference(x: unknown): x is SealReference {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'seal-reference';
}

export function isImpression(x: unknown): x is Impression {
  return typeof x === 'object' && x !== null && !Buffer.isBuffer(x) && (x as { ink?: unknown }).ink instanceof Float32Array;
}

export async function toImpression(x: Buffer | string | Impression): Promise<Impression> {
  return isImpression(x) ? x : mainImpression(x);
}

export function referenceFromImpressions(imps: Impression[]): SealReference {
  if (imps.length === 0) {
    throw new CountergateError('CG_SEAL_NO_REFERENCE', 'a seal reference needs at least one impression', { statusCode: 400 });
  }
  // Anchor on the impression with the most ink at the best contrast.
  const order = imps
    .map((imp, i) => ({ i, q: imp.quality.inkCoverage * imp.width * imp.height * Math.sqrt(imp.quality.contrast) }))
    .sort((a, b) => b.q - a.q)
    .map((o) => imps[o.i]!);
  const anchor = order[0]!;
  const n = CANON_SIZE;
  const anchorCanon = toCanonical(anchor, undefined, true);
  const base = anchorCanon.ink;
  // one impression: the reference is the anchor itself (and what is cached per ink map is shared)
  const ink = order.length > 1 ? Float32Array.from(base) : base;
  const consensus = new Float32Array(n * n);
  const add = (a: Float32Array): void => {
    for (let i = 0; i < n * n; i++) {
      if (a[i]! > INK_ON) consensus[i]! += 1;
      if (a[i]! > ink[i]!) ink[i] = a[i]!;
    }
  };
  for (let i = 0; i < n * n; i++) if (base[i]! > INK_ON) consensus[i] = 1;
  const alignedInk: Float32Array[] = [base];
  for (const imp of order.slice(1)) {
    const c = toCanonical(imp, undefined, true).ink;
    const reg = register(base, c, n);
    const a = applyPose(c, n, reg.pose);
    alignedInk.push(a);
    add(a);
  }
  for (let i = 0; i < n * n; i++) consensus[i] = consensus[i]! / order.length;
  return {
    kind: 'seal-reference',
    version: 1,
    size: n,
    ink,
    consensus,
    count: order.length,
    shape: anchor.shape,
    carving: carvingOf(base, n),
    quality: anchor.quality,
    sourceScale: anchorCanon.sourceScale,
    // One stamping cannot say how far spread moves this seal's strokes (strokes.ts): not measured.
    strokeHalfWidths: order.length >= 2 ? alignedInk.map((a) => strokeHalfWidth(ink, a, n)) : [],
  };
}

export async function buildReference(images: Array<Buffer | string | Impression>): Promise<SealReference> {
  const imps: Impression[] = [];
  for (const img of images) imps.push(await toImpression(img));
  return referenceFromImpressions(imps);
}

export async function toReference(x: Buffer | string | Impression | SealReference): Promise<SealReference> {
  if (isSealReference(x)) return x;
  return referenceFromImpressions([await toImpression(x)]);
}

/**
 * 陰刻 or 陽刻 from the band inside the outline, which the share of ink over the whole face
 * cannot tell (bold 陽刻 characters inside a thick border ink as much of the face as slender
 * 陰刻 ones leave bare). A 陽刻 border is a ring a few pixels deep with paper inside it; a 陰刻
 * face is red from the edge to the characters, a margin far deeper than any border (with or
 * without a white groove in it).
 */
export function carvingOf(ink: Float32Array, n: number): SealCarving {
  const { rm, depth } = refGeometry(ink, n);
  // A face whose outline the characters alone draw is a borderless 陽刻 seal: the ink hugging
  // its ragged edge would otherwise read as a deep red margin.
  const { solid, ring } = faceOf(ink, n);
  if (!solid) return 'relief';
  if (ring) return ring.end >= DEEPEST_BORDER ? 'intaglio' : 'relief';
  let all = 0;
  let inked = 0;
  for (let i = 0; i < n * n; i++) {
    if (depth[i]! > 0 && depth[i]! <= 12) {
      all++;
      inked += rm[i]!;
    }
  }
  return all > 0 && inked / all >= 0.6 ? 'intaglio' : 'relief';
}

/** canonical px: the thickest 陽刻 border (a double one on a small seal) ends well before this */
const DEEPEST_BORDER = 24;
