/** Measures of a clean, dark, whole print that every rule of decide() passes, to vary one at a time. */
import type { decide } from '../../central/seal/decide.ts';

export type DecideInput = Parameters<typeof decide>[0];

export function cleanPrint(over: Partial<DecideInput> = {}): DecideInput {
  return {
    extraContrast: 0,
    refInk: 5000,
    queryInk: 5200,
    inkRatio: 1.04,
    coverage: 1,
    extra: 0.002,
    extraFar: 0,
    displaced: 0.002,
    evidence: 0.002,
    maxCellExtra: 0.02,
    meanCellExtra: 0.02,
    rimExtra: 0,
    innerExtra: 0,
    rimCoverage: 1,
    innerCoverage: 1,
    meanDist: 0,
    diff: new Uint8Array(0),
    fit: 0.9,
    contrast: 0.8,
    intaglio: false,
    shape: { rimRef: 4, rimQuery: 4, rimCentreRef: 3, rimCentreQuery: 3, innerRatio: 1, extraContrast: 0 },
    flow: { p90: 0.8 },
    layout: () => ({ blocks: 60, p80: 0.2 }),
    occluded: 0,
    ...over,
  };
}
