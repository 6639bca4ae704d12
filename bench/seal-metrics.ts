/**
 * Figures for the seal benchmark: decision rates per kind, score-based equal error rate and
 * false rejects at 1 % false accepts, timing percentiles.
 */

export interface PairResult {
  kind: string;
  expected: string;
  /** match | mismatch | unclear | error */
  decision: string;
  score: number;
  ms: number;
  error?: string;
}

export interface KindFigures {
  n: number;
  match: number;
  mismatch: number;
  unclear: number;
  error: number;
  /** share whose decision is one of the expected ones */
  ok: number;
}

export function isGenuineKind(kind: string): boolean {
  return kind.startsWith('genuine-');
}

/** Impostors for the score curves: every other seal; a page without a seal is not a seal. */
export function isImpostorKind(kind: string): boolean {
  return !isGenuineKind(kind) && kind !== 'blank';
}

export function perKind(results: PairResult[]): Record<string, KindFigures> {
  const out: Record<string, KindFigures> = {};
  for (const r of results) {
    const f = (out[r.kind] ??= { n: 0, match: 0, mismatch: 0, unclear: 0, error: 0, ok: 0 });
    f.n++;
    if (r.decision === 'match' || r.decision === 'mismatch' || r.decision === 'unclear') f[r.decision]++;
    else f.error++;
    if (r.expected.split('|').includes(r.decision)) f.ok++;
  }
  for (const f of Object.values(out)) {
    for (const k of ['match', 'mismatch', 'unclear', 'error', 'ok'] as const) f[k] = f[k] / f.n;
  }
  return out;
}

export interface ScoreFigures {
  genuine: number;
  impostor: number;
  /** equal error rate and the score threshold where it occurs */
  eer: number;
  eerThreshold: number;
  /** share of genuine pairs rejected at the lowest threshold keeping false accepts <= 1 % */
  frrAtFar1: number;
  thresholdAtFar1: number;
}

/** Accept when score >= threshold. Errors count as score 0 (a rejection). */
export function scoreFigures(results: PairResult[]): ScoreFigures {
  const gen = results.filter((r) => isGenuineKind(r.kind)).map((r) => (Number.isFinite(r.score) ? r.score : 0));
  const imp = results.filter((r) => isImpostorKind(r.kind)).map((r) => (Number.isFinite(r.score) ? r.score : 0));
  const thresholds = [...new Set([...gen, ...imp, 0, 1.000001])].sort((a, b) => a - b);
  const far = (t: number): number => (imp.length ? imp.filter((s) => s >= t).length / imp.length : 0);
  const frr = (t: number): number => (gen.length ? gen.filter((s) => s < t).length / gen.length : 0);
  let best = { gap: Infinity, eer: 1, t: 0 };
  let at1 = { frr: 1, t: 1.000001 };
  for (const t of thresholds) {
    const a = far(t);
    const r = frr(t);
    const gap = Math.abs(a - r);
    if (gap < best.gap) best = { gap, eer: (a + r) / 2, t };
    if (a <= 0.01 && t < at1.t) at1 = { frr: r, t };
  }
  return { genuine: gen.length, impostor: imp.length, eer: best.eer, eerThreshold: best.t, frrAtFar1: at1.frr, thresholdAtFar1: at1.t };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const idx = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[idx]!;
}

/** Decision-level error rates over all pairs. */
export function decisionFigures(results: PairResult[]): { falseAccept: number; falseReject: number; genuineUnclear: number; blankAccepted: number; errors: number } {
  const gen = results.filter((r) => isGenuineKind(r.kind));
  const imp = results.filter((r) => isImpostorKind(r.kind));
  const blank = results.filter((r) => r.kind === 'blank');
  const share = (xs: PairResult[], pred: (r: PairResult) => boolean): number => (xs.length ? xs.filter(pred).length / xs.length : 0);
  return {
    falseAccept: share(imp, (r) => r.decision === 'match'),
    falseReject: share(gen, (r) => r.decision === 'mismatch'),
    genuineUnclear: share(gen, (r) => r.decision === 'unclear'),
    blankAccepted: share(blank, (r) => r.decision === 'match'),
    errors: share(results, (r) => r.decision === 'error'),
  };
}
