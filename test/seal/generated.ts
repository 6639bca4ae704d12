/**
 * Cases from the generator's labelled seeds, named in the engine tests by seed and person: the
 * person, a reference built from one registration scan, and a query of any kind judged against it.
 */
import { buildReference, compareSeals, type SealComparison, type SealReference } from '../../central/seal/index.ts';
import { makePerson, renderQuery, renderReference, type PairKind, type Person } from '../../tools/sealgen/dataset.ts';
import type { ImpressionPreset } from '../../tools/sealgen/impress.ts';

export interface GeneratedCase {
  person: Person;
  ref: SealReference;
  /** `variant` and `preset` render another stamping than the benchmark's (a forgery pressed partially, say) */
  judge: (kind: PairKind, opts?: { variant?: number; preset?: ImpressionPreset }) => Promise<SealComparison>;
}

/** `refNo`: which registration scan is the reference (the benchmark's labels alternate 1 and 2). */
export async function generatedCase(seed: string, index: number, refNo = 1): Promise<GeneratedCase> {
  const person = await makePerson(seed, index);
  const ref = await buildReference([await renderReference(person, refNo)]);
  return { person, ref, judge: async (kind, opts = {}) => compareSeals(ref, await renderQuery(person, kind, opts.variant ?? 0, 'jpeg', opts.preset)) };
}

export const codes = (c: { reasons: Array<{ code: string }> }): string[] => c.reasons.map((r) => r.code);
