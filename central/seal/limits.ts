/**
 * The limits the decision holds measures to (decide.ts), each with what it was read from:
 * canonical pixels, shares of ink, and the spread genuine prints and forgeries showed.
 */
export const LIMITS = {
  /** share of presented ink that is displaced (beside a missing reference stroke) or far */
  extraMismatch: 0.012,
  extraMatch: 0.005,
  /** worst cell's share of such ink */
  cellMismatch: 0.12,
  cellMatch: 0.05,
  farMismatch: 0.025,
  farMatch: 0.01,
  /** extra ink in the rim beyond that inside: a re-cut border */
  rimMismatch: 0.12,
  /** share of reference ink that must be covered to call a match */
  coverageMatch: 0.72,
  /**
   * or, for a print that lifted off along one side (partial.ts), the share of the reference ink
   * before the cut and how much of it printed: genuine partial prints that fell short of
   * coverageMatch (0.67-0.72) printed 0.99-1 of 0.59-0.66 of the reference; forgeries that
   * miss as much (a border or a seal cut otherwise) at most 0.84, on at most 0.16 of it
   */
  printedMinShare: 0.5,
  printedMinCoverage: 0.9,
  /** below this, too little ink to judge anything but gross differences */
  minInkRatio: 0.22,
  minContrast: 0.1,
  /** high-pass correlation after registration; genuine impressions stay well above */
  minFit: 0.62,
  /** rim band vs inside, only judged when the inside inked like the reference (ratio in range) */
  rimInnerRange: [0.85, 1.4] as const,
  /** log of (rim ink ratio / inner ink ratio): a thicker, thinner or missing border */
  rimThicker: 0.28,
  rimThinner: -0.45,
  /** shift (canonical px) of the rim band's ink centre: a moved, double or re-cut border */
  rimShift: 0.75,
  /**
   * worst cell's extra ink above the typical cell's: a glyph drawn differently. Glyph-shift
   * forgeries doubted by this alone read 0.087 and over on 11 generated seeds; genuine prints
   * reach 0.1 (camera frames, another seal nearby)
   */
  cellContrastDoubt: 0.075,
  /** the same once the whole impression carries more ink than the reference (spread) */
  cellContrastDoubtHeavy: 0.13,
  heavyInnerRatio: 1.1,
  /**
   * Stroke half-width relative to the registration stampings (strokes.ts), judged only with
   * two or more stampings and a print dark enough that thin strokes are not starved ink.
   * Only the thinner side: heavy genuine ink measures thicker than a re-cut heavier seal.
   */
  strokeMinStampings: 2,
  strokeMinContrast: 0.55,
  strokeThinDoubt: -0.175,
  strokeThinMismatch: -0.3,
  /**
   * Characters' edge offset minus the frame's (weight.ts), canonical px: ink spread moves both
   * alike, a re-cut stroke weight only the characters. Genuine prints stay within about +-0.35
   * of a border ring; within about +-0.6 of an outline (and a 陰刻 groove): narrow white
   * strokes, fewer edges. Judged on a print dark enough not to be starved and
   * complete enough that the frame is all there, or, where the seal lifted off along one side,
   * on the side that printed (partial.ts): there only as a doubt, since edges fade towards the
   * cut. Before, such prints were not judged: 19 of 30 re-cut seals stamped with a tilt matched.
   */
  weightDoubt: 0.36,
  /**
   * A whole, well-inked 陽刻 print clear of other impressions reads its weight more tightly
   * (uneven pressure and a lifted side are what widen the spread above): 99.5 % of such genuine
   * prints within 0.3 on 17 generated seeds, while re-cut seals 0.05 mm heavier or lighter read
   * from about 0.3. Doubted from here, it costs 2 of 2,295 genuine prints and catches 3 of the
   * 14 re-cut seals that matched.
   */
  weightDoubtClean: 0.32,
  weightCleanContrast: 0.55,
  weightCleanCoverage: 0.95,
  weightMismatch: 0.45,
  weightMismatchOutline: 0.6,
  weightMinContrast: 0.5,
  weightMinCoverage: 0.9,
  /**
   * A borderless 陽刻 seal has no frame to hold stroke weight against (weight.ts): its strokes'
   * offset from the registered print, canonical px, is ink and re-cut alike. Normal stampings
   * stay within about +-0.4 of the registration; heavy ink and a seal cut 0.05-0.09 mm heavier
   * or lighter both reach beyond (0.45-1.0), so there the answer is to stamp again with normal
   * ink, which a re-cut seal does not pass.
   */
  framelessWeightDoubt: 0.42,
  /**
   * Unless the print is visibly inkier than the registration (contrast higher by this much) and
   * its strokes thicker by no more than heavy ink spreads them: ink and spread go together,
   * while a seal cut heavier and stamped with normal ink reads no inkier, and stamped heavily
   * reads thicker still. On 17 generated seeds, 8 of the 15 heavy genuine prints of borderless
   * seals doubted for weight read so (up to 0.81), and 1 of 27 seals cut 0.05-0.09 mm heavier or
   * lighter. Rendered stamped heavily on 10 of the seeds, the 8 borderless seals cut heavier read
   * 0.72-1.43, none both inkier and under the cap.
   */
  framelessInkier: 0.08,
  framelessInkSpread: 0.85,
  /**
   * Or the print is as dark as only heavy ink leaves one, and no paler than the registration: on
   * 21 generated seeds, 3 of 744 normal 陽刻 stampings (genuine and forged) read 0.8 or more, 136
   * of 248 heavy ones. Eight heavy genuine prints of borderless seals doubted for weight read so,
   * no seal cut heavier.
   */
  framelessSaturated: 0.8,
  /**
   * Local displacement left after registration and an affine fit (flow.ts), 90th percentile over
   * the windows, canonical px. Genuine prints stay below ~1.5 once the camera's keystone is taken
   * out; a character from a sister typeface or a re-carved seal moves strokes by 1.5-6. A pale
   * print's thin, broken strokes read up to ~2.2 and are held to the old limit of 1.9.
   */
  flowDoubt: 1.5,
  flowDoubtPale: 1.9,
  flowPaleContrast: 0.45,
  flowMismatch: 2.5,
  flowMinContrast: 0.2,
  /**
   * 陰刻 only (groove.ts): canonical px of thin white line cut through what is solid red on the
   * registered seal (a groove added: 875-1500 on the tuning seed, genuine prints up to ~230), and
   * the reference groove's share printed solid beyond the characters' thin parts' (a groove
   * filled in: over 0.9; a heavy genuine print up to ~0.3), judged when the reference has one.
   * On 24 generated seeds genuine prints read up to 0.27 and seals cut without the groove from
   * 0.54, but for one pale print on `fresh22` at 0.448: it is doubted from 0.4.
   */
  linesAddedDoubt: 320,
  linesAddedMismatch: 480,
  grooveFilledDoubt: 0.4,
  grooveFilledMismatch: 0.6,
  grooveMinLine: 100,
  /**
   * a groove goes all round; thin parts of characters near the outline do not: references with
   * a groove had line in 0.89-1 of directions, without one at most 0.83 (11 generated seeds)
   */
  grooveMinAround: 0.86,
  /**
   * 陽刻 border ring band missed all the way round (rings.ts) while the characters print and
   * the ink is not pale: the inner ring of a double border or the inside of a thick one was not
   * cut. Genuine prints can lose a thin inner ring too (uneven ink), so it is a doubt, not a
   * mismatch. On 525 genuine prints of seals with a ring (six seeds), every one under 0.83 was
   * pale (contrast under 0.4); a thick border cut thin read 0.39 with 99 % of the characters.
   */
  ringMissedDoubt: 0.5,
  ringMinInner: 0.65,
  ringMinContrast: 0.5,
  /**
   * the ring band covered all round (every band's median direction): the rim's ink centre alone
   * does not refuse it (decide.ts borderDiffers)
   */
  ringWhole: 0.9,
  /**
   * a solid 陽刻 border ring printed with a paler line along it all round (rings.ts): the ring
   * was cut as two. On 21 generated seeds, about 1,500 genuine prints of solid rings, every kind
   * of print, dipped at most 0.01 below the registration; of 22 border forgeries of thick rings
   * that dipped at all, 16 read over 0.1 (up to 0.48), the three matched before, re-cut as
   * double with a gap that spread half filled, 0.29-0.32
   */
  ringDipMismatch: 0.1,
  ringDipDoubt: 0.05,
  /**
   * Another impression over this one (overlap.ts): its ink that runs on inside the outline reads
   * as extra ink (far from strokes or in one cell) and pulls the local fit of nearby strokes.
   * Such evidence up to this many times its mismatch limit, and nothing it cannot explain,
   * asks the clerk for a clean impression instead of refusing.
   */
  overlapFactor: 2,
  /**
   * Another impression over a large part of this one: hiding at least this share of the
   * reference, with at least overlapBeyond of the ink in the frame lying beyond this seal's
   * outline. Its ink inside the outline then outweighs any limit (extra ink, a border it runs
   * across), so only strokes moved or ink displaced beside missing strokes still refuse.
   * Genuine prints so covered hid 0.095-0.21 with 0.17-0.32 beyond; forgeries that hid as much
   * (a border or a seal cut larger, another person's) had at most 0.17 beyond and moved strokes.
   */
  overlapHeavy: 0.09,
  overlapBeyond: 0.15,
  /**
   * Ink beyond the outline's reach lying at least this far out (its 90th percentile, canonical
   * px) is another seal stamped beside this one: genuine prints with a co-signer's seal read
   * 27-72 on 11 generated seeds; a border cut wider at most 9.4, a re-carved name 12.5, other
   * persons' larger seals up to 26 (and fits under 0.4). With the fit clear of it at least
   * minFit, its strokes are followed on into this print and hidden with it (overlap.ts).
   */
  otherDepth: 20,
  /**
   * 陰刻 filled in (heavy ink in the narrow white strokes): ink where the reference is white,
   * with the strokes in place (local flow under flowDoubt) and the characters' red edges out
   * against the outline by at least fillMinDrift canonical px, as spread moves them. Such
   * evidence up to fillFactor times its mismatch limit asks for an impression with less ink.
   * Genuine prints that were refused this way read +0.21 to +1.16 px and up to 2.6 times the
   * limits; a sister-typeface forgery with the same evidence read -0.06 px.
   */
  fillMinDrift: 0.15,
  /** or the outline itself at least this far out (canonical px), with the characters keeping up: heavy ink seen */
  fillMinSpread: 0.3,
  /**
   * Ink in a 陰刻 seal's white strokes, up to fillFactor times the mismatch limits, where the
   * outline shows the spread (fillMinSpread), every stroke sits in place (local flow at most
   * fillInPlace, canonical px), no character sits apart (layoutDoubt) and the characters' red
   * edges are out against the outline by at most fillMaxDrift, is the ink: a match. On 15
   * generated seeds, genuine heavy prints so refused or doubted read flow 0.78-1.44 and drift
   * 0.06-0.95; every forgery with the outline as far out either moved strokes (flow over 2.2),
   * cut its border otherwise, or had white strokes wider (drift under -0.8), which no ink does.
   */
  fillInPlace: 1.5,
  fillFactor: 3,
  fillMaxDrift: 1,
  /**
   * Where whole characters sit against the rest (layout.ts): the 80th percentile of large
   * blocks' shift left after an affine fit, canonical px. On 13 generated seeds, 1,278 genuine
   * prints so judged read at most 0.70 (99 % under 0.44); the same name laid out again on
   * another seal (another shop's margins, gaps, hand placement) read 0.42-2.3, 90 % over 0.67,
   * and moved or sister-typeface characters more. The doubt at 0.55 (stop 17; 0.6 before): on
   * 17 seeds no genuine print the engine matched read 0.55-0.6, while 6 of 225 re-layouts and a
   * sister-typeface forgery that it matched did. Judged on prints dark enough
   * (layoutMinContrast), nearly whole (layoutMinCoverage) and clear of other impressions, over
   * enough blocks: pale, broken strokes and a lifted side leave blocks off by up to 4 px.
   */
  layoutDoubt: 0.55,
  layoutMismatch: 1.2,
  layoutMinBlocks: 40,
  layoutMinContrast: 0.45,
  layoutMinCoverage: 0.9,
};
