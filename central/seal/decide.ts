/**
 * From measures to a decision a clerk can act on. Evidence of ADDED ink decides mismatch even
 * on a poor impression (unclear never hides a forgery), unless another impression stamped over
 * this one can account for it: then the clerk asks for a clean impression, which a forgery must
 * also pass, or heavy ink a 陰刻 seal's outline shows the spread of fills its white strokes
 * with every stroke in place. Too little ink, too little of the reference covered or a weak fit
 * make the answer unclear (ask for another stamp).
 */
import type { InkMetrics } from './metrics.ts';
import type { LocalFlow } from './flow.ts';
import type { CharacterLayout } from './layout.ts';
import type { WeightFit } from './weight.ts';
import type { PaperLines } from './groove.ts';
import type { StrokeDrift } from './strokes.ts';
import type { PrintedSide } from './partial.ts';
import type { SealDecision, SealReason } from './types.ts';
import { LIMITS } from './limits.ts';

export interface Shape {
  rimRef: number;
  rimQuery: number;
  rimCentreRef: number;
  rimCentreQuery: number;
  innerRatio: number;
  extraContrast: number;
}

/**
 * Border evidence from the rim profile, independent of ink load. `ringWhole`: the reference's
 * border ring printed all the way round (rings.ts); the rim band's ink centre also holds the
 * characters nearest the outline, and where their ink fades (a side lifting off) or spreads (heavy
 * ink) the centre moves with a ring as registered.
 */
export function borderDiffers(s: Shape, ringWhole = false): boolean {
  const [lo, hi] = LIMITS.rimInnerRange;
  if (!(s.innerRatio >= lo && s.innerRatio <= hi)) return false;
  const rel = Math.log(Math.max(1e-3, s.rimQuery) / Math.max(1e-3, s.rimRef) / s.innerRatio);
  const shift = s.rimCentreQuery - s.rimCentreRef;
  return rel > LIMITS.rimThicker || rel < LIMITS.rimThinner || (!ringWhole && Math.abs(shift) > LIMITS.rimShift);
}

export interface Verdict {
  decision: SealDecision;
  score: number;
  reasons: SealReason[];
}

const R = {
  consistent: {
    code: 'SEAL_CONSISTENT',
    message: 'every stroke of the presented impression lies on the registered one',
    messageZh: '蓋印筆畫皆與登記印鑑相符',
  },
  extra: {
    code: 'SEAL_EXTRA_INK',
    message: 'the presented impression has strokes where the registered seal has none',
    messageZh: '蓋印有登記印鑑所沒有的筆畫',
  },
  local: {
    code: 'SEAL_LOCAL_DIFFERENCE',
    message: 'part of the impression (a character or the border) is drawn differently',
    messageZh: '印文局部（字形或邊框）與登記印鑑不同',
  },
  border: {
    code: 'SEAL_BORDER_DIFFERS',
    message: 'the border is cut differently from the registered seal',
    messageZh: '印框與登記印鑑不同',
  },
  partial: {
    code: 'SEAL_PARTIAL',
    message: 'too much of the registered impression is missing to decide; ask for another impression',
    messageZh: '蓋印不完整，無法判定，請重新蓋印',
  },
  faint: {
    code: 'SEAL_FAINT',
    message: 'the impression is too faint to decide; ask for another impression',
    messageZh: '蓋印過淡，無法判定，請重新蓋印',
  },
  fit: {
    code: 'SEAL_NO_ALIGNMENT',
    message: 'the impression could not be aligned with the registered seal',
    messageZh: '蓋印無法與登記印鑑對齊',
  },
  layout: {
    code: 'SEAL_LAYOUT_DIFFERS',
    message: 'once aligned, whole characters sit a little elsewhere against the others than on the registered seal, as on another seal with the same name laid out again',
    messageZh: '對齊後，部分字與其他字的相對位置和登記印鑑不同（可能為同名另刻的印章）',
  },
  moved: {
    code: 'SEAL_STROKES_MOVED',
    message: 'once aligned, strokes in part of the impression still lie a few pixels away from the registered ones (another typeface or a re-carved seal)',
    messageZh: '對齊後仍有局部筆畫位置與登記印鑑不同（字體不同或重新刻製）',
  },
  weight: {
    code: 'SEAL_STROKE_WEIGHT',
    message: 'the characters are cut heavier or lighter against the border than on the registered seal (ink spread would thicken both alike)',
    messageZh: '字畫相對印框的粗細與登記印鑑不同（印泥暈開會使兩者一同變粗）',
  },
  thin: {
    code: 'SEAL_STROKE_WEIGHT',
    message: 'the strokes are thinner than in any of the registration stampings although the ink is not pale',
    messageZh: '筆畫比登記時各次蓋印都細，且印泥並不淡',
  },
  inkWeight: {
    code: 'SEAL_INK_WEIGHT',
    message: 'this seal has no border, and its strokes are heavier or lighter than on the registered seal by more than ink usually makes them, as a seal cut heavier or lighter would be; ask for an impression with a normal amount of ink',
    messageZh: '此印章無印框，筆畫粗細與登記印鑑的差異超出一般印泥多寡所致，無法排除為另刻印章，請以適量印泥重新蓋印',
  },
  filled: {
    code: 'SEAL_INK_FILLED',
    message: 'heavy ink has filled in white strokes of this 陰刻 seal, which reads as added ink; ask for an impression with less ink',
    messageZh: '印泥過多，陰刻白字筆畫被填滿，請沾適量印泥重新蓋印',
  },
  overlapped: {
    code: 'SEAL_OVERLAPPED',
    message: 'another impression overlaps this one and the differences found may be its ink; ask for an impression clear of other seals',
    messageZh: '有其他印文重疊，差異可能來自該印文，請在空白處重新蓋印',
  },
  doubt: {
    code: 'SEAL_DOUBTFUL',
    message: 'small differences that are neither clearly genuine nor clearly different; compare the overlays by eye',
    messageZh: '有細微差異，請以疊圖目視比對',
  },
};

export function decide(
  m: InkMetrics & {
    fit: number;
    contrast: number;
    /** the registration's contrast (its anchor stamping's) */
    refContrast?: number;
    intaglio: boolean;
    shape: Shape;
    stroke?: StrokeDrift;
    weight?: WeightFit;
    flow?: Pick<LocalFlow, 'p90'>;
    /** measured only where judged (it costs a few ms) */
    layout?: () => Pick<CharacterLayout, 'blocks' | 'p80'>;
    lines?: PaperLines;
    rings?: number | null;
    /** how far the presented ink dips across a solid border ring (rings.ts) */
    ringDip?: number | null;
    /** share of the reference another impression hides, and of the presented ink beyond the outline (overlap.ts) */
    occluded?: number;
    beyond?: number;
    /** the part that printed when the seal lifted off along one side (partial.ts) */
    printed?: PrintedSide;
  },
): Verdict {
  // 陰刻 is judged on its engraved white strokes, which ink, paper and print obscure more
  // easily than red strokes on paper: the same evidence weighs half as much.
  // To call it clean takes less again: heavy ink fills the narrow white strokes in places (paper
  // "displaced" by ink), which a re-cut seal does along whole strokes and beyond these limits.
  const k = m.intaglio ? 2 : 1;
  const kClean = m.intaglio ? 3 : 1;
  const L = {
    ...LIMITS,
    extraMismatch: LIMITS.extraMismatch * k,
    extraMatch: LIMITS.extraMatch * kClean,
    cellMismatch: LIMITS.cellMismatch * k,
    cellMatch: LIMITS.cellMatch * kClean,
  };
  const enoughInk = m.inkRatio >= L.minInkRatio && m.queryInk >= 150;
  const faint = m.contrast < L.minContrast;
  const rawGlobalBad = m.displaced > L.extraMismatch || m.extraFar > L.farMismatch;
  const rawLocalBad = m.maxCellExtra > L.cellMismatch;
  const lines = m.lines;
  const grooveFill = lines && lines.bandLine >= L.grooveMinLine && lines.bandAround >= L.grooveMinAround ? lines.bandFilled - lines.charsFilled : 0;
  const grooveEvidence = lines ? Math.max(lines.added / L.linesAddedMismatch, grooveFill / L.grooveFilledMismatch) : 0;
  const grooveBad = grooveEvidence > 1;
  const grooveDoubt = lines !== undefined && (lines.added > L.linesAddedDoubt || grooveFill > L.grooveFilledDoubt);
  // 陽刻 only: a 陰刻 seal's red is the field between white strokes, whose weight the fit against
  // the outline judges (weight.ts); its red "strokes" thin with pale or uneven ink as much as with a re-cut.
  const strokeJudged = !m.intaglio && m.stroke !== undefined && m.stroke.count >= L.strokeMinStampings && m.contrast >= L.strokeMinContrast;
  const strokeRel = strokeJudged ? m.stroke!.rel : 0;
  const thinBad = strokeRel < L.strokeThinMismatch;
  const thinDoubt = strokeRel < L.strokeThinDoubt;
  const w = m.weight;
  // a print that lifted off along one side is judged on the side that printed, if that is enough (partial.ts)
  const bySide = m.printed !== undefined && m.printed.share >= L.printedMinShare;
  const sideCoverage = bySide ? Math.max(m.coverage, m.printed!.coverage) : m.coverage;
  const weightJudged = w !== undefined && w.frameEdge > 0 && m.contrast >= L.weightMinContrast && sideCoverage >= L.weightMinCoverage;
  // read before the cut only, where edges fade out towards it: a doubt, never a mismatch
  const weightOnSide = weightJudged && m.coverage < L.weightMinCoverage;
  // the same limits in units of each carving's own spread of genuine drifts
  const weightDrift = weightJudged ? (Math.abs(w.characters - w.frame) * LIMITS.weightMismatch) / (w.ring ? L.weightMismatch : L.weightMismatchOutline) : 0;
  // 陰刻 characters' red edges moved out against the outline is what heavy ink does to narrow
  // white strokes (they fill in more readily than the outline spreads, most where strokes are
  // dense): a doubt, never a mismatch. White strokes cut wider no ink can explain.
  const spreadLike = m.intaglio && w !== undefined && w.characters > w.frame;
  // a 陰刻 print whose outline itself shows heavy ink
  const spreadSeen = m.intaglio && weightJudged && w!.frame >= L.fillMinSpread;
  const weightBad = weightDrift > L.weightMismatch && !spreadLike && !weightOnSide;
  // a borderless seal's strokes thicker, by no more than heavy ink spreads them, in a print
  // visibly inkier than the registration or as dark as only heavy ink leaves one
  const inkier = m.refContrast !== undefined && (m.contrast - m.refContrast >= L.framelessInkier || (m.contrast >= L.framelessSaturated && m.contrast >= m.refContrast));
  const inkSpread = inkier && w !== undefined && w.characters > 0 && w.characters <= L.framelessInkSpread;
  const inkWeightDoubt = w !== undefined && w.frameless && m.contrast >= L.weightMinContrast && Math.abs(w.characters) > L.framelessWeightDoubt && !inkSpread;
  const flowShift = m.flow !== undefined && m.contrast >= L.flowMinContrast ? m.flow.p90 : 0;
  const ringDoubt = (m.rings != null && m.rings < L.ringMissedDoubt && m.innerCoverage >= L.ringMinInner && m.contrast >= L.ringMinContrast) || (m.ringDip != null && m.ringDip > L.ringDipDoubt);
  const movedBad = flowShift > L.flowMismatch;
  const movedDoubt = flowShift > (m.contrast < L.flowPaleContrast ? L.flowDoubtPale : L.flowDoubt);
  // where whole characters sit (layout.ts), judged on a print dark and whole enough, clear of other impressions
  const layout = m.layout !== undefined && m.contrast >= L.layoutMinContrast && m.coverage >= L.layoutMinCoverage && (m.occluded ?? 0) === 0 ? m.layout() : undefined;
  const layoutShift = layout !== undefined && layout.blocks >= L.layoutMinBlocks ? layout.p80 : 0;
  const layoutBad = layoutShift > L.layoutMismatch;
  const layoutDoubt = layoutShift > L.layoutDoubt;
  const ringSplit = m.ringDip != null && m.ringDip > L.ringDipMismatch;
  const ringWhole = m.rings != null && m.rings >= L.ringWhole;
  const rimBad = m.rimExtra - m.innerExtra > L.rimMismatch || borderDiffers(m.shape, ringWhole) || grooveBad || ringSplit;
  // what heavy ink in a 陰刻 seal's white strokes can account for: ink added there up to the
  // fill limits, with the border, and the strokes' weight against it, as registered
  const fillable =
    !rimBad &&
    !thinBad &&
    !weightBad &&
    m.displaced <= L.fillFactor * L.extraMismatch &&
    m.maxCellExtra <= L.fillFactor * L.cellMismatch &&
    m.extraFar <= L.farMismatch;
  const drift = w ? w.characters - w.frame : 0;
  // Heavy ink seen at a 陰刻 seal's outline, with every stroke and every character in place:
  // ink in the white strokes, and their red edges moved out against the outline, up to the
  // fill limits are that ink. A seal cut with narrower white strokes and printed with normal
  // ink leaves the outline where it was; one cut elsewhere moves strokes (flow, layout); white
  // strokes wider than the outline's spread leaves them are no ink's doing.
  const fillExplains = spreadSeen && fillable && drift > -L.fillMinDrift && drift <= L.fillMaxDrift && flowShift <= L.fillInPlace && !layoutDoubt && !grooveDoubt;
  // a whole, dark 陽刻 print clear of other seals reads its weight more tightly (limits.ts)
  const cleanRelief = !m.intaglio && m.contrast >= L.weightCleanContrast && m.coverage >= L.weightCleanCoverage && (m.occluded ?? 0) === 0;
  const weightDoubt = weightDrift > (cleanRelief ? L.weightDoubtClean : L.weightDoubt) && !fillExplains;
  // added ink no ink spread explains
  const globalBad = rawGlobalBad && !fillExplains;
  const localBad = rawLocalBad && !fillExplains;
  // Mismatch evidence: 0 = none, 1 = at the limit.
  const cellDoubt = m.shape.innerRatio < L.heavyInnerRatio ? L.cellContrastDoubt : L.cellContrastDoubtHeavy;
  const evidence = Math.max(m.displaced / L.extraMismatch, m.maxCellExtra / L.cellMismatch, m.extraFar / L.farMismatch, weightDrift / L.weightMismatch, flowShift / L.flowMismatch, layoutShift / L.layoutMismatch, grooveEvidence, (m.ringDip ?? 0) / L.ringDipMismatch);
  const coverage = bySide && m.printed!.coverage >= L.printedMinCoverage ? Math.max(m.coverage, L.coverageMatch) : m.coverage;
  const completeness = Math.min(1, coverage / L.coverageMatch);
  const score = Math.max(0, Math.min(1, (1 - 0.5 * evidence) * (0.4 + 0.6 * completeness)));
  const reasons: SealReason[] = [];
  const f = L.overlapFactor;
  // What another impression's ink cannot explain: strokes thinner or cut otherwise, ink beside
  // strokes that went missing.
  const overlapped = (m.occluded ?? 0) > 0 && !thinBad && !weightBad && m.displaced <= L.extraMismatch;
  const heavilyCovered = (m.occluded ?? 0) >= L.overlapHeavy && (m.beyond ?? 0) >= L.overlapBeyond && flowShift < L.flowMismatch;
  const withinReach = !rimBad && m.maxCellExtra < f * L.cellMismatch && m.extraFar < f * L.farMismatch && flowShift < f * L.flowMismatch;
  const foreignExplains = overlapped && (heavilyCovered || withinReach);
  // Another impression over this one and a fit below minFit: the registration itself is in
  // doubt, and with it every measure taken on it. Two genuine prints half covered by a
  // co-signer's seal were aligned wrongly (fit 0.22, 0.35) and refused for strokes "moved"
  // 4.6-6.4 px; like any print too poor to judge, they ask for a clean impression.
  const misalignedUnder = (m.occluded ?? 0) > 0 && (m.beyond ?? 0) >= L.overlapBeyond && m.fit < L.minFit;
  // any evidence that would refuse the impression
  const refusing = globalBad || localBad || rimBad || thinBad || weightBad || movedBad || layoutBad;
  if (!faint && enoughInk && foreignExplains && (globalBad || localBad || movedBad || rimBad)) {
    return { decision: 'unclear', score: Math.min(score, 0.6), reasons: [R.overlapped] };
  }
  if (!faint && enoughInk && misalignedUnder && refusing) {
    return { decision: 'unclear', score: Math.min(score, 0.6), reasons: [R.overlapped, R.fit] };
  }
  const filledIn = m.intaglio && weightJudged && fillable && (drift >= L.fillMinDrift || (spreadSeen && drift > -L.fillMinDrift)) && !movedDoubt && !layoutBad;
  if (!faint && enoughInk && filledIn && (globalBad || localBad)) {
    return { decision: 'unclear', score: Math.min(score, 0.6), reasons: [R.filled] };
  }
  // A barely visible impression breaks into fragments; nothing it shows can be trusted either way.
  if (!faint && enoughInk && refusing) {
    if (globalBad) reasons.push(R.extra);
    if (localBad) reasons.push(R.local);
    if (rimBad) reasons.push(R.border);
    if (thinBad) reasons.push(R.thin);
    if (weightBad) reasons.push(R.weight);
    if (movedBad) reasons.push(R.moved);
    if (layoutBad) reasons.push(R.layout);
    return { decision: 'mismatch', score: Math.min(score, 0.3), reasons };
  }
  const doubts: SealReason[] = [];
  if (thinDoubt) doubts.push(R.thin);
  // 陰刻 white strokes narrower where the outline shows the ink spread: the clerk is told why
  if (weightDoubt) doubts.push(spreadLike && spreadSeen ? R.filled : R.weight);
  if (inkWeightDoubt) doubts.push(R.inkWeight);
  if (movedDoubt) doubts.push(R.moved);
  if (layoutDoubt) doubts.push(R.layout);
  if (grooveDoubt || ringDoubt) doubts.push(R.border);
  const unseen = !enoughInk || faint;
  if (unseen) reasons.push(R.faint);
  if (coverage < L.coverageMatch) reasons.push(R.partial);
  if (m.fit < L.minFit) reasons.push(R.fit);
  // What a print too poor to judge still shows is worth telling the clerk, unless it is too faint to show anything.
  if (reasons.length > 0) return { decision: 'unclear', score: Math.min(score, 0.6), reasons: unseen ? reasons : [...reasons, ...doubts] };
  // heavy ink in a 陰刻 seal's white strokes, with every stroke in place: judged to the fill limits
  const clean =
    m.displaced <= (fillExplains ? L.fillFactor * L.extraMismatch : L.extraMatch) &&
    m.extraFar <= L.farMatch &&
    m.maxCellExtra <= (fillExplains ? L.fillFactor * L.cellMismatch : L.cellMatch) &&
    m.extraContrast <= cellDoubt;
  if (clean && doubts.length === 0) {
    return { decision: 'match', score: Math.max(score, 0.7), reasons: [R.consistent] };
  }
  // under another impression the clerk is told first that its ink may be what differs
  const under = (m.occluded ?? 0) > 0 ? [R.overlapped] : [];
  // ink the outline's spread accounts for, yet uneven from cell to cell: the clerk is told the ink is why
  const inked = fillExplains && !doubts.includes(R.filled) ? [R.filled] : [];
  return { decision: 'unclear', score: Math.min(score, 0.6), reasons: [...under, R.doubt, ...doubts, ...inked] };
}
