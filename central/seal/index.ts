/**
 * Seal impression engine: find impressions on a page, build a reference from one or more
 * registration impressions, compare a presented impression (match / mismatch / unclear with
 * reasons) and draw the overlays clerks use. No I/O beyond image decoding.
 */
export type {
  SealDecision,
  SealShape,
  SealCarving,
  Impression,
  ExtractOptions,
  SealReference,
  SealReason,
  SealComparison,
  SealViews,
} from './types.ts';
export { extractImpressions } from './extract.ts';
export { buildReference } from './reference.ts';
export { compareSeals } from './compare.ts';
export { renderViews } from './views.ts';
