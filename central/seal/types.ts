/** Public types of the seal impression engine (see docs in index.ts). */

export type SealDecision = 'match' | 'mismatch' | 'unclear';
export type SealShape = 'round' | 'oval' | 'square' | 'rect';
export type SealCarving = 'relief' | 'intaglio';

export interface Impression {
  /** where the impression sits in the source image, in source pixels */
  bbox: { x: number; y: number; width: number; height: number };
  width: number;
  height: number;
  /** width*height ink density 0..1, cropped to the impression */
  ink: Float32Array;
  shape: SealShape;
  /** relief = 陽刻 (red characters on white), intaglio = 陰刻 (white characters on red) */
  carving: SealCarving;
  quality: { inkCoverage: number; contrast: number };
  /**
   * Black print over the impression where it leaves open whether ink lies under it (a printed
   * line beside a stroke, or over one narrower than the line): 1 there, else 0, and the most
   * ink it could hide there (the strongest ink round it). Absent when no print crosses it.
   */
  underPrint?: { mask: Float32Array; ink: Float32Array };
}

export interface ExtractOptions {
  /** keep at most this many impressions (largest/most seal-like first); default 8 */
  maxImpressions?: number;
  /** smallest impression side accepted, as a fraction of the image's longest side; default 0.03 */
  minSideFraction?: number;
}

/**
 * A registered seal in canonical form: ink combined from one or more impressions, aligned to
 * each other and scaled so that the impression's diameter is CANON_DIAMETER pixels.
 */
export interface SealReference {
  kind: 'seal-reference';
  version: 1;
  size: number;
  /** size*size combined ink density 0..1 (union of aligned impressions) */
  ink: Float32Array;
  /** size*size fraction of the source impressions with ink at each pixel */
  consensus: Float32Array;
  /** number of impressions combined */
  count: number;
  shape: SealShape;
  carving: SealCarving;
  quality: { inkCoverage: number; contrast: number };
  /** source pixels per canonical pixel of the anchor impression */
  sourceScale: number;
  /**
   * stroke half-width (canonical px, see strokes.ts) of each source impression, measured on
   * the combined strokes; how far ink spread alone moves stroke weight on this seal
   */
  strokeHalfWidths?: number[];
}

export interface SealReason {
  code: string;
  message: string;
  messageZh: string;
}

export interface SealComparison {
  decision: SealDecision;
  /** 0..1, higher = more likely the same seal */
  score: number;
  reasons: SealReason[];
  /** how the presented impression was turned and moved onto the reference (canonical pixels) */
  transform: { angleDeg: number; dx: number; dy: number; scale: number };
  metrics: Record<string, number>;
  /** engine time including decoding, ms */
  ms: number;
}

export interface SealViews {
  threeColour: Buffer;
  outline: Buffer;
  full: Buffer;
  foldHorizontal: Buffer;
  foldVertical: Buffer;
  difference: Buffer;
}
