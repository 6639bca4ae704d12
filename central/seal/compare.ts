/** compareSeals: register the presented impression on the reference, measure, decide. */
import { toCanonical } from './canonical.ts';
import { decide } from './decide.ts';
import { inkMetrics } from './metrics.ts';
import { toImpression, toReference } from './reference.ts';
import { applyPose, register } from './register.ts';
import type { Impression, SealComparison, SealReference } from './types.ts';

/** What renderViews needs to redraw a comparison without registering again. */
export interface Aligned {
  size: number;
  ref: Float32Array;
  query: Float32Array;
  diff: Uint8Array;
}

const aligned = new WeakMap<SealComparison, Aligned>();

export function alignedOf(c: SealComparison): Aligned | undefined {
  return aligned.get(c);
}

export function compareCanonical(ref: SealReference, query: Impression, t0: number): SealComparison {
  const q = toCanonical(query);
  const n = ref.size;
  const reg = register(ref.ink, q.ink, n);
  const warped = applyPose(q.ink, n, reg.pose);
  const m = inkMetrics(ref.ink, warped, n);
  const verdict = decide({ ...m, fit: reg.fit, contrast: query.quality.contrast });
  let angleDeg = ((reg.pose.angle * 180) / Math.PI) % 360;
  if (angleDeg < 0) angleDeg += 360;
  const comparison: SealComparison = {
    decision: verdict.decision,
    score: Math.round(verdict.score * 1000) / 1000,
    reasons: verdict.reasons,
    transform: {
      angleDeg: Math.round(angleDeg * 10) / 10,
      dx: Math.round(reg.pose.dx * 10) / 10,
      dy: Math.round(reg.pose.dy * 10) / 10,
      scale: Math.round(reg.pose.scale * 1000) / 1000,
    },
    metrics: {
      fit: reg.fit,
      coverage: m.coverage,
      extra: m.extra,
      extraFar: m.extraFar,
      maxCellExtra: m.maxCellExtra,
      meanCellExtra: m.meanCellExtra,
      inkRatio: m.inkRatio,
      meanDist: m.meanDist,
      contrast: query.quality.contrast,
      referenceCount: ref.count,
    },
    ms: 0,
  };
  comparison.ms = Math.round((performance.now() - t0) * 10) / 10;
  aligned.set(comparison, { size: n, ref: ref.ink, query: warped, diff: m.diff });
  return comparison;
}

export async function compareSeals(
  reference: Buffer | string | Impression | SealReference,
  query: Buffer | string | Impression,
): Promise<SealComparison> {
  const t0 = performance.now();
  const [ref, imp] = await Promise.all([toReference(reference), toImpression(query)]);
  return compareCanonical(ref, imp, t0);
}
