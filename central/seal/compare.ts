/** compareSeals: register the presented impression on the reference, measure, decide. */
import { toCanonical } from './canonical.ts';
import { decide } from './decide.ts';
import { LIMITS } from './limits.ts';
import { shapeMeasures } from './profile.ts';
import { strokeWeightDrift } from './strokes.ts';
import { localFlow } from './flow.ts';
import { characterLayout, type CharacterLayout } from './layout.ts';
import { removeKeystone } from './keystone.ts';
import { weightFit } from './weight.ts';
import { faceOf } from './face.ts';
import { paperLines } from './groove.ts';
import { INK_ON, inkMetrics, type InkMetrics } from './metrics.ts';
import { separateOverlap } from './overlap.ts';
import { perReference } from './per-reference.ts';
import { ringCoverage, ringDip } from './rings.ts';
import { printedSide } from './partial.ts';
import { components, dilateMask, fillHoles } from './masks.ts';
import { decodeImage } from './decode.ts';
import { extractFromRgb, notFound } from './extract.ts';
import { isImpression, toReference } from './reference.ts';
import { applyPose, coarseSearch, fitWithin, register, type Registration } from './register.ts';
import type { Impression, SealComparison, SealReference } from './types.ts';

/** What renderViews needs to redraw a comparison without registering again. */
export interface Aligned {
  size: number;
  ref: Float32Array;
  query: Float32Array;
  diff: Uint8Array;
}

const aligned = new WeakMap<SealComparison, Aligned>();

/** presented paper areas smaller than this (canonical px) are breaks in the ink film */
const PAPER_SPECK = 25;
/** canonical px before the cut of a print that lifted off along one side, where its edges still print in full */
const LIFT_MARGIN = 8;

export function alignedOf(c: SealComparison): Aligned | undefined {
  return aligned.get(c);
}

/** The reference's engraved white strokes as "ink" (and the margin outside the seal). */
const referencePaper = perReference((refInk: Float32Array, n: number): { refPaper: Float32Array; margin: Uint8Array } => {
  const rm = new Uint8Array(n * n);
  for (let i = 0; i < n * n; i++) rm[i] = refInk[i]! > INK_ON ? 1 : 0;
  const filled = fillHoles(dilateMask(rm, n, n, 1), n, n);
  const outside = new Uint8Array(n * n);
  for (let i = 0; i < n * n; i++) outside[i] = filled[i] ? 0 : 1;
  const margin = dilateMask(outside, n, n, 4);
  const refPaper = new Float32Array(n * n);
  for (let i = 0; i < n * n; i++) if (!margin[i]) refPaper[i] = 1 - refInk[i]!;
  // Ink that failed to print in the reference leaves small blobs of paper; engraved strokes are
  // long connected runs. Only the latter can testify against the presented impression.
  const pm = new Uint8Array(n * n);
  for (let i = 0; i < n * n; i++) pm[i] = refPaper[i]! > 1 - INK_ON ? 1 : 0;
  const { labels, comps } = components(pm, n, n);
  const keep = new Set(comps.filter((c) => c.area >= 80 && Math.max(c.x1 - c.x0, c.y1 - c.y0) >= 14).map((c) => c.label));
  for (let i = 0; i < n * n; i++) if (pm[i] && !keep.has(labels[i]!)) refPaper[i] = 0;
  return { refPaper, margin };
});

/**
 * 陰刻: the characters are paper inside a red field, so a forgery shows as the reference's white
 * strokes inked over in the presented impression — the paper-side view of "added ink".
 */
function withPaper(m: InkMetrics, refInk: Float32Array, query: Float32Array, n: number): InkMetrics {
  const { refPaper, margin } = referencePaper(refInk, n);
  const queryPaper = new Float32Array(n * n);
  for (let i = 0; i < n * n; i++) if (!margin[i]) queryPaper[i] = 1 - query[i]!;
  // Where the ink film broke (paper grain under a heavy or pressed print) the red field shows
  // specks of paper; a white stroke cut elsewhere is a long run. Specks do not testify.
  const p = inkMetrics(queryPaper, refPaper, n, false, PAPER_SPECK);
  return {
    ...m,
    extra: Math.max(m.extra, p.extra),
    extraFar: Math.max(m.extraFar, p.extraFar),
    displaced: Math.max(m.displaced, p.displaced),
    evidence: Math.max(m.evidence, p.evidence),
    maxCellExtra: Math.max(m.maxCellExtra, p.maxCellExtra),
    meanCellExtra: Math.max(m.meanCellExtra, p.meanCellExtra),
  };
}

/** share of a pixel black print left open (interpolated) from which it is left out */
const OPEN_SHARE = 0.25;

/**
 * Where black print on the page leaves open whether ink lies under it (under-print.ts), the
 * presented print neither adds nor lacks anything: it reads as the reference does there.
 */
function leaveOpen(ink: Float32Array, open: Float32Array, refInk: Float32Array): void {
  for (let i = 0; i < ink.length; i++) if (open[i]! > OPEN_SHARE) ink[i] = refInk[i]!;
}

/** the presented ink with what black print left open as the page shows it (for the overlays) */
function asSeen(ink: Float32Array, open: { mask: Float32Array; seen: Float32Array }): Float32Array {
  const out = Float32Array.from(ink);
  for (let i = 0; i < out.length; i++) if (open.mask[i]! > OPEN_SHARE) out[i] = open.seen[i]!;
  return out;
}

export function compareCanonical(ref: SealReference, query: Impression, t0: number): SealComparison {
  const n = ref.size;
  let q = toCanonical(query);
  let coarse = coarseSearch(ref.ink, q.ink, n);
  // A partial print has a shorter diameter: also try the reference's own pixel scale (same
  // scanner or camera distance). The coarse correlation picks the scale; only when it cannot
  // tell them apart are both refined.
  let reg: Registration | null = null;
  if (Math.abs(q.sourceScale / ref.sourceScale - 1) > 0.04) {
    const q2 = toCanonical(query, ref.sourceScale);
    const coarse2 = coarseSearch(ref.ink, q2.ink, n);
    if (Math.abs(coarse2.peak - coarse.peak) < 0.1 * Math.max(coarse.peak, coarse2.peak)) {
      reg = register(ref.ink, q.ink, n, coarse);
      const reg2 = register(ref.ink, q2.ink, n, coarse2);
      if (reg2.fit > reg.fit) {
        q = q2;
        reg = reg2;
      }
    } else if (coarse2.peak > coarse.peak) {
      q = q2;
      coarse = coarse2;
    }
  }
  reg ??= register(ref.ink, q.ink, n, coarse);
  const placed = applyPose(q.ink, n, reg.pose);
  // the overlays show what the page shows there; the measures leave it out
  const open = q.open ? { mask: applyPose(q.open, n, reg.pose), seen: Float32Array.from(placed) } : null;
  if (open) leaveOpen(placed, open.mask, ref.ink);
  const { ink: posed, stretch } = removeKeystone(ref.ink, placed, n);
  const intaglio = ref.carving === 'intaglio';
  const inkOf = (r: Float32Array, w: Float32Array): InkMetrics => {
    const k = inkMetrics(r, w, n, !intaglio);
    return intaglio ? withPaper(k, r, w, n) : k;
  };
  // Ink of another impression beside or over this one neither testifies against it nor counts
  // as its ink (overlap.ts), once the seal itself is there. When it is not, the registration
  // itself is in doubt (a seal larger than the registered one, a page without it) and all the
  // ink stays in evidence.
  let sep = separateOverlap(ref.ink, posed, n);
  const clearFit = (): number => (sep.occluded > 0 && sep.visible ? fitWithin(ref.ink, reg, n, sep.visible) : reg.fit);
  let fitClear = clearFit();
  // A seal stamped beside this one (its ink lies well out beyond the outline) over a print that
  // fits where it can be seen: the other seal's strokes are followed on into this one.
  if (sep.occluded > 0 && fitClear >= LIMITS.minFit && sep.beyondDepth >= LIMITS.otherDepth) {
    sep = separateOverlap(ref.ink, posed, n, true);
    fitClear = clearFit();
  }
  let refInk = sep.refInk;
  let warped = sep.ink;
  let occluded = sep.occluded;
  let m = inkOf(refInk, warped);
  if (sep.beyond > 0 && m.coverage < LIMITS.coverageMatch) {
    refInk = ref.ink;
    warped = posed;
    occluded = 0;
    m = inkOf(refInk, warped);
  }
  // what was hidden was not seen: it counts as missing for completeness
  m = { ...m, coverage: m.coverage * (1 - occluded) };
  const fit = occluded > 0 ? fitClear : reg.fit;
  const shape = shapeMeasures(refInk, warped, n);
  const stroke = strokeWeightDrift(refInk === ref.ink ? ref : { ...ref, ink: refInk }, warped);
  const flow = localFlow(refInk, warped, n);
  let layout: CharacterLayout | undefined;
  const layoutOf = (): CharacterLayout => (layout ??= characterLayout(refInk, warped, n));
  const lines = intaglio ? paperLines(refInk, warped, n) : undefined;
  const rings = intaglio ? null : ringCoverage(refInk, n, (i) => m.diff[i] !== 2);
  const dip = intaglio ? null : ringDip(refInk, warped, n);
  const side = printedSide(refInk, n, (i) => m.diff[i] === 2);
  // where a print lifted off, edges fade out towards the cut: weight is read well before it
  const weight = weightFit(refInk, warped, n, intaglio, faceOf(ref.ink, n), side.before(LIFT_MARGIN));
  // what another impression hid was not seen either
  const printed = { ...side, coverage: side.coverage * (1 - occluded) };
  const verdict = decide({ ...m, fit, contrast: query.quality.contrast, refContrast: ref.quality.contrast, intaglio, shape: { ...shape, extraContrast: m.extraContrast }, stroke, weight, flow, layout: layoutOf, lines, rings, ringDip: dip, occluded, beyond: sep.beyond, printed });
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
      fit,
      registrationFit: reg.fit,
      coverage: m.coverage,
      extra: m.extra,
      extraContrast: m.extraContrast,
      extraFar: m.extraFar,
      displaced: m.displaced,
      evidence: m.evidence,
      maxCellExtra: m.maxCellExtra,
      meanCellExtra: m.meanCellExtra,
      inkRatio: m.inkRatio,
      meanDist: m.meanDist,
      rimExtra: m.rimExtra,
      innerExtra: m.innerExtra,
      rimCoverage: m.rimCoverage,
      innerCoverage: m.innerCoverage,
      contrast: query.quality.contrast,
      referenceContrast: ref.quality.contrast,
      beyondOutline: sep.beyond,
      beyondDepth: sep.beyondDepth,
      ...(rings !== null ? { ringCoverage: rings } : {}),
      ...(dip !== null ? { ringDip: dip } : {}),
      occluded,
      referenceCount: ref.count,
      intaglio: intaglio ? 1 : 0,
      ...shape,
      strokeRel: stroke.rel,
      strokeSpread: stroke.spread,
      flowWindows: flow.windows,
      flowP90: flow.p90,
      flowMax: flow.max,
      flowCoherent: flow.coherent,
      ...(layout ? { layoutBlocks: layout.blocks, layoutP80: layout.p80 } : {}),
      keystone: stretch.size,
      printedShare: printed.share,
      printedCoverage: printed.coverage,
      weightFrame: weight.frame,
      weightCharacters: weight.characters,
      weightFrameEdge: weight.frameEdge,
      weightCharEdge: weight.charEdge,
      weightScale: weight.scale,
      ...(lines ? { linesAdded: lines.added, grooveLine: lines.bandLine, grooveAround: lines.bandAround, grooveFilled: lines.bandFilled, charsFilled: lines.charsFilled } : {}),
    },
    ms: 0,
  };
  comparison.ms = Math.round((performance.now() - t0) * 10) / 10;
  aligned.set(comparison, { size: n, ref: ref.ink, query: open ? asSeen(warped, open) : warped, diff: m.diff });
  return comparison;
}

export async function compareSeals(
  reference: Buffer | string | Impression | SealReference,
  query: Buffer | string | Impression,
): Promise<SealComparison> {
  const t0 = performance.now();
  const [ref, { main, small }] = await Promise.all([toReference(reference), queryImpressions(query)]);
  // A page may carry several impressions (the resident's and a witness's): judge the one that
  // is the registered seal if any is; the others are not evidence against it.
  let best: SealComparison | null = null;
  for (const imp of main) {
    const c = compareCanonical(ref, imp, t0);
    if (!best || rank(c) > rank(best)) best = c;
    // Impressions come largest first; once one is the registered seal the rest cannot change the answer.
    if (best.decision === 'match') break;
  }
  // A small seal beside a much larger one (a borderless name seal next to an agent's big square
  // one) is only heard if it is the registered seal: a fragment or speck of red must not turn a
  // refusal into "ask again".
  for (const imp of best!.decision === 'match' ? [] : small) {
    const c = compareCanonical(ref, imp, t0);
    if (c.decision === 'match') {
      best = c;
      break;
    }
  }
  best!.ms = Math.round((performance.now() - t0) * 10) / 10;
  return best!;
}

const ORDER = { match: 2, unclear: 1, mismatch: 0 } as const;

function rank(c: SealComparison): number {
  return ORDER[c.decision] * 10 + c.score;
}

/** area, relative to the largest impression on the page, of an impression judged in full */
const MAIN_SIZE = 0.35;
/** below this, a red mark is not a seal anyone stamped for this case */
const SMALL_SIZE = 0.1;

async function queryImpressions(query: Buffer | string | Impression): Promise<{ main: Impression[]; small: Impression[] }> {
  if (isImpression(query)) return { main: [query], small: [] };
  const rgb = await decodeImage(query);
  const found = extractFromRgb(rgb, { maxImpressions: 3 });
  if (found.length === 0) throw notFound(typeof query === 'string' ? `'${query}'` : 'the image');
  // A red haze too faint to judge beside a clear impression is nobody's seal: judged, it would
  // only turn a refusal into "ask again". Alone, it is the answer (too faint).
  const visible = found.filter((i) => i.quality.contrast >= LIMITS.minContrast);
  const candidates = visible.length > 0 ? visible : found;
  const share = (i: Impression): number => (i.width * i.height) / (candidates[0]!.width * candidates[0]!.height);
  return { main: candidates.filter((i) => share(i) >= MAIN_SIZE), small: candidates.filter((i) => share(i) < MAIN_SIZE && share(i) >= SMALL_SIZE) };
}
