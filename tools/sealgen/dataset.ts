/**
 * Labelled seal pairs: per person a genuine physical seal with registration scans, then
 * queries of every kind (genuine impressions under many conditions, each forgery kind,
 * another carving of the same name, another person's seal, a page without a seal).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { carve, type Master } from './carve.ts';
import { forge, type ForgeryKind } from './forge.ts';
import { impressionParams, type ImpressionPreset } from './impress.ts';
import { designSeal, SEAL_NAMES, type Polarity, type SealLayout, type SealSpec } from './master.ts';
import { renderPage, SCAN_PX_PER_MM, type Capture, type FormKind, type PageStamp } from './page.ts';
import { Rng } from './rng.ts';

export const SEALGEN_VERSION = 6;

export type PairKind =
  | 'genuine-normal'
  | 'genuine-rotated'
  | 'genuine-pale'
  | 'genuine-heavy'
  | 'genuine-uneven'
  | 'genuine-partial'
  | 'genuine-camera'
  | 'genuine-two'
  | 'genuine-with-other'
  | 'forgery-sister-font'
  | 'forgery-glyph-shift'
  | 'forgery-stroke-weight'
  | 'forgery-border'
  | 'same-name-recarved'
  | 'other-person'
  | 'blank';

/**
 * What the engine should answer. Several decisions separated by '|' mean any of them is
 * acceptable (first one preferred): a very pale genuine print may honestly be 'unclear'.
 */
export const EXPECTED: Record<PairKind, string> = {
  'genuine-normal': 'match',
  'genuine-rotated': 'match',
  'genuine-pale': 'match|unclear',
  'genuine-heavy': 'match',
  'genuine-uneven': 'match|unclear',
  'genuine-partial': 'match|unclear',
  'genuine-camera': 'match',
  'genuine-two': 'match',
  'genuine-with-other': 'match|unclear',
  'forgery-sister-font': 'mismatch',
  'forgery-glyph-shift': 'mismatch|unclear',
  'forgery-stroke-weight': 'mismatch|unclear',
  'forgery-border': 'mismatch',
  'same-name-recarved': 'mismatch',
  'other-person': 'mismatch',
  blank: 'unclear|mismatch',
};

export const PAIR_KINDS = Object.keys(EXPECTED) as PairKind[];

export function isGenuine(kind: PairKind): boolean {
  return kind.startsWith('genuine-');
}

export interface PairRecord {
  reference: string;
  query: string;
  kind: PairKind;
  expected: string;
}

export interface Person {
  index: number;
  name: string;
  genuine: Master;
  seed: Rng;
}

const FORGERY_OF: Partial<Record<PairKind, ForgeryKind>> = {
  'forgery-sister-font': 'sister-font',
  'forgery-glyph-shift': 'glyph-shift',
  'forgery-stroke-weight': 'stroke-weight',
  'forgery-border': 'border',
  'same-name-recarved': 'recarved',
  'other-person': 'other-person',
};

const PRESET_OF: Partial<Record<PairKind, ImpressionPreset>> = {
  'genuine-pale': 'pale',
  'genuine-heavy': 'heavy',
  'genuine-uneven': 'uneven',
  'genuine-partial': 'partial',
};

export async function makePerson(seed: string, index: number, layout?: SealLayout, polarity?: Polarity): Promise<Person> {
  const rng = new Rng(`${seed}/person${index}`);
  const name = SEAL_NAMES[index % SEAL_NAMES.length]!;
  const spec = designSeal(`p${index}-genuine`, name, rng.fork('design'), { ...(layout ? { layout } : {}), ...(polarity ? { polarity } : {}) });
  return { index, name, genuine: await carve(spec), seed: rng };
}

interface QueryPlan {
  capture: Capture;
  form: FormKind;
  stamps: { master: Master; preset: ImpressionPreset; rotation: 'small' | 'any' }[];
  blue: boolean;
}

function sealExtentPx(m: Master, ppm: number): number {
  return Math.hypot(m.spec.widthMm, m.spec.heightMm) * ppm;
}

/** Renders one page with the planned impressions at free positions. */
async function renderPlan(plan: QueryPlan, name: string, rng: Rng, format: 'jpeg' | 'png'): Promise<Buffer> {
  const cam = plan.capture === 'camera';
  const ppm = cam ? rng.float(10.5, 14.5) : SCAN_PX_PER_MM;
  const widthPx = cam ? 1200 : plan.stamps.length > 1 ? 900 : 600;
  const heightPx = cam ? 900 : 500;
  const stamps: PageStamp[] = [];
  const placed: { x: number; y: number; r: number }[] = [];
  for (const [k, s] of plan.stamps.entries()) {
    const r = sealExtentPx(s.master, ppm) / 2;
    let x = widthPx / 2;
    let y = heightPx / 2;
    for (let attempt = 0; attempt < 40; attempt++) {
      x = rng.float(r + 4, widthPx - r - 4);
      y = rng.float(r + 4, heightPx - r - 4);
      if (placed.every((p) => Math.hypot(p.x - x, p.y - y) > p.r + r + 10)) break;
    }
    placed.push({ x, y, r });
    stamps.push({ master: s.master, params: impressionParams(s.preset, rng.fork(`imp${k}`), { rotation: s.rotation }), cx: x, cy: y });
  }
  return renderPage(
    { capture: plan.capture, widthPx, heightPx, pxPerMm: ppm, form: plan.form, blue: plan.blue, name, format, quality: 85 },
    stamps,
    rng.fork('page'),
  );
}

/** A registration scan: seal card, scanner, a clean and full impression. */
export async function renderReference(person: Person, k: number, format: 'jpeg' | 'png' = 'jpeg'): Promise<Buffer> {
  const rng = person.seed.fork(`ref${k}`);
  const m = person.genuine;
  const ppm = SCAN_PX_PER_MM;
  const params = impressionParams('normal', rng.fork('imp'));
  params.density = rng.float(0.9, 1.1);
  params.missing = 0;
  params.tilt = Math.min(params.tilt, 0.15);
  return renderPage(
    { capture: 'scan', widthPx: 560, heightPx: 480, pxPerMm: ppm, form: 'card', blue: rng.chance(0.5), name: person.name, format, quality: 90 },
    [{ master: m, params, cx: 280 + rng.float(-20, 20), cy: 240 + rng.float(-15, 15) }],
    rng.fork('page'),
  );
}

/** The master a query of this kind is stamped with (a derived seal for forgeries). */
export async function queryMaster(person: Person, kind: PairKind, variant = 0): Promise<Master | null> {
  if (kind === 'blank') return null;
  const fk = FORGERY_OF[kind];
  if (!fk) return person.genuine;
  const rng = person.seed.fork(`forge/${kind}/${variant}`);
  const otherName = SEAL_NAMES[(person.index + 1 + rng.int(0, SEAL_NAMES.length - 2)) % SEAL_NAMES.length]!;
  const spec: SealSpec = forge(person.genuine.spec, fk, `p${person.index}-${kind}-${variant}`, rng, { otherName });
  return carve(spec);
}

/** `preset` stamps the query otherwise than its kind would (a forgery pressed partially, say). */
export async function renderQuery(person: Person, kind: PairKind, variant = 0, format: 'jpeg' | 'png' = 'jpeg', preset: ImpressionPreset = PRESET_OF[kind] ?? 'normal'): Promise<Buffer> {
  const rng = person.seed.fork(`query/${kind}/${variant}`);
  const master = await queryMaster(person, kind, variant);
  const cam = kind === 'genuine-camera' || kind === 'genuine-two' || ((!isGenuine(kind) || kind === 'genuine-with-other') && rng.chance(0.3));
  const plan: QueryPlan = {
    capture: cam ? 'camera' : 'scan',
    form: rng.chance(0.6) ? 'application' : 'card',
    stamps: [],
    blue: cam || rng.chance(0.5),
  };
  if (master) {
    const rotation = kind === 'genuine-rotated' || kind === 'genuine-two' || rng.chance(0.3) ? 'any' : 'small';
    plan.stamps.push({ master, preset, rotation });
    if (kind === 'genuine-two') plan.stamps.push({ master, preset: rng.pick(['normal', 'uneven'] as const), rotation: 'any' });
    if (kind === 'genuine-with-other') {
      // An agent's or co-signer's seal stamped on the same form.
      const other = await queryMaster(person, 'other-person', variant + 1);
      if (other) plan.stamps.push({ master: other, preset: 'normal', rotation: rng.chance(0.5) ? 'any' : 'small' });
    }
  }
  return renderPlan(plan, person.name, rng, format);
}

export interface DatasetOptions {
  outDir: string;
  seed: string;
  /** number of labelled pairs wanted (rounded up to whole persons) */
  pairs: number;
  /** registration scans per person */
  refs?: number;
  /** render only persons [from, to) (to split the work over processes); labels.tsv is written only for a full run */
  from?: number;
  to?: number;
  onProgress?: (done: number, total: number) => void;
}

export function personsFor(pairs: number): number {
  return Math.max(1, Math.ceil(pairs / PAIR_KINDS.length));
}

function personDir(p: number): string {
  return `p${String(p).padStart(3, '0')}`;
}

/** The labels of a dataset, without rendering anything. */
export function datasetRecords(pairs: number, refs = 2): PairRecord[] {
  const records: PairRecord[] = [];
  for (let p = 0; p < personsFor(pairs); p++) {
    const dir = personDir(p);
    // Alternate which registration scan serves as the reference.
    PAIR_KINDS.forEach((kind, i) => records.push({ reference: `${dir}/ref-${(i % refs) + 1}.jpg`, query: `${dir}/${kind}.jpg`, kind, expected: EXPECTED[kind] }));
  }
  return records;
}

/**
 * Writes persons' reference scans and one query per kind per person, plus labels.tsv
 * (paths relative to outDir). Returns the pairs in label order.
 */
export async function generateDataset(opts: DatasetOptions): Promise<PairRecord[]> {
  const persons = personsFor(opts.pairs);
  const refs = opts.refs ?? 2;
  const from = opts.from ?? 0;
  const to = Math.min(persons, opts.to ?? persons);
  mkdirSync(opts.outDir, { recursive: true });
  const total = (to - from) * (refs + PAIR_KINDS.length);
  let done = 0;
  for (let p = from; p < to; p++) {
    const person = await makePerson(opts.seed, p);
    const dir = personDir(p);
    mkdirSync(join(opts.outDir, dir), { recursive: true });
    for (let k = 1; k <= refs; k++) {
      writeFileSync(join(opts.outDir, dir, `ref-${k}.jpg`), await renderReference(person, k));
      opts.onProgress?.(++done, total);
    }
    for (const kind of PAIR_KINDS) {
      writeFileSync(join(opts.outDir, dir, `${kind}.jpg`), await renderQuery(person, kind));
      opts.onProgress?.(++done, total);
    }
  }
  const records = datasetRecords(opts.pairs, refs);
  if (from === 0 && to === persons) writeLabels(join(opts.outDir, 'labels.tsv'), records);
  return records.filter((r) => {
    const p = Number(r.query.slice(1, 4));
    return p >= from && p < to;
  });
}

export function writeLabels(path: string, records: PairRecord[]): void {
  const lines = ['# reference\tquery\tkind\texpected', ...records.map((r) => `${r.reference}\t${r.query}\t${r.kind}\t${r.expected}`)];
  writeFileSync(path, `${lines.join('\n')}\n`);
}

export function parseLabels(text: string): PairRecord[] {
  return text
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const [reference, query, kind, expected] = l.split('\t');
      if (!reference || !query || !kind || !expected) throw new Error(`bad labels line: ${l}`);
      return { reference, query, kind: kind as PairKind, expected };
    });
}
