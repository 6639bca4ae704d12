import type { Database } from '../../../central/db/sqlite.ts';
import type { RatingLevel } from '../../../contract/ratings.ts';

/** mulberry32: a small seeded PRNG, so "random" test data is the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T extends string>(rand: () => number, weights: Record<T, number>): T {
  const entries = Object.entries(weights) as [T, number][];
  const sum = entries.reduce((s, [, w]) => s + w, 0);
  let x = rand() * sum;
  for (const [k, w] of entries) {
    x -= w;
    if (x < 0) return k;
  }
  return entries[entries.length - 1]![0];
}

/** Writes events the way ingestion stores them (for offices central knows, as ingestion does). */
export class EventWriter {
  private seq = 0;
  private readonly insert;
  private readonly office;
  private readonly known = new Set<string>();

  constructor(db: Database) {
    this.office = db.prepare(`INSERT OR IGNORE INTO offices (id, name) VALUES (?, ?)`);
    this.insert = db.prepare(
      `INSERT INTO events (id, office, counter, kind, seq, ts, clerk, case_id, level, outcome, reason, payload, received_at)
       VALUES (@id, @office, @counter, @kind, @seq, @ts, @clerk, @caseId, @level, @outcome, @reason, '{}', @ts)`,
    );
  }

  private put(e: {
    office: string;
    counter: string;
    kind: string;
    ts: string;
    clerk: string | null;
    caseId?: string;
    level?: RatingLevel;
    outcome?: string;
    reason?: string;
  }) {
    if (!this.known.has(e.office)) {
      this.office.run(e.office, `${e.office} 戶政事務所`);
      this.known.add(e.office);
    }
    const seq = ++this.seq;
    this.insert.run({
      id: `${e.office}.${e.counter}.t.${seq}`,
      seq,
      caseId: null,
      level: null,
      outcome: null,
      reason: null,
      ...e,
    });
  }

  /** A completed case, and its rating `afterS` later unless level is null. */
  caseWith(office: string, counter: string, clerk: string, ts: string, level: RatingLevel | null, afterS = 5): void {
    const caseId = `k${this.seq + 1}`;
    this.put({ office, counter, kind: 'case', ts, clerk, caseId, outcome: 'receipt' });
    if (level !== null) {
      const rts = new Date(Date.parse(ts) + afterS * 1000).toISOString();
      this.put({ office, counter, kind: 'rating', ts: rts, clerk, caseId, level });
    }
  }

  ignored(office: string, counter: string, clerk: string | null, ts: string, level: RatingLevel = 'satisfied'): void {
    this.put({ office, counter, kind: 'press-ignored', ts, clerk, level, reason: 'no-window' });
  }
}
