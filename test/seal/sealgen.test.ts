import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { carve } from '../../tools/sealgen/carve.ts';
import { EXPECTED, makePerson, PAIR_KINDS, parseLabels, renderQuery, renderReference, type Person } from '../../tools/sealgen/dataset.ts';
import { FONTS, setFontCatalog } from '../../tools/sealgen/fonts.ts';
import { forge, FORGERY_KINDS } from '../../tools/sealgen/forge.ts';
import { designSeal } from '../../tools/sealgen/master.ts';
import { Rng } from '../../tools/sealgen/rng.ts';

const fixtures = new URL('../fixtures/seal/', import.meta.url).pathname;

/** Bounding box and count of clearly red pixels (seal ink) in an encoded image. */
async function redInk(img: Buffer): Promise<{ count: number; w: number; h: number; width: number; height: number }> {
  const { data, info } = await sharp(img).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let count = 0;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -1;
  let y1 = -1;
  for (let i = 0, p = 0; i < data.length; i += 3, p++) {
    const r = data[i]!;
    const g = data[i + 1]!;
    const b = data[i + 2]!;
    if (r - Math.max(g, b) > 40) {
      count++;
      const x = p % info.width;
      const y = Math.floor(p / info.width);
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  return { count, w: x1 - x0 + 1, h: y1 - y0 + 1, width: info.width, height: info.height };
}

let person: Person;
test.before(async () => {
  person = await makePerson('sealgen-test', 0, 'square4', 'yang');
});

test('same seed gives byte-identical images; another seed gives another image', async () => {
  const a = await renderReference(person, 1);
  const b = await renderReference(await makePerson('sealgen-test', 0, 'square4', 'yang'), 1);
  assert.ok(a.equals(b), 'reference scan differs between two runs with the same seed');
  const c = await renderReference(await makePerson('sealgen-other', 0, 'square4', 'yang'), 1);
  assert.not.ok(a.equals(c));
  const q1 = await renderQuery(person, 'forgery-glyph-shift');
  const q2 = await renderQuery(person, 'forgery-glyph-shift');
  assert.ok(q1.equals(q2), 'forgery query differs between two runs');
});

test('every pair kind renders a page; seal kinds carry a red impression of seal size, blank has none', async () => {
  for (const kind of PAIR_KINDS) {
    const img = await renderQuery(person, kind);
    const red = await redInk(img);
    const meta = await sharp(img).metadata();
    assert.is(meta.format, 'jpeg', kind);
    if (kind === 'blank') {
      assert.ok(red.count < 50, `blank page has ${red.count} red pixels`);
      continue;
    }
    // 15-24 mm at 10.5-14.5 px/mm, any rotation; pale prints lose some pixels to the threshold.
    assert.ok(red.count > 1500, `${kind}: only ${red.count} red pixels`);
    const side = Math.max(red.w, red.h);
    const maxSide = kind === 'genuine-two' || kind === 'genuine-with-other' ? red.width : 520;
    assert.ok(side >= 100 && side <= maxSide, `${kind}: red extent ${red.w}x${red.h}`);
  }
});

test('registration scans look like 300-dpi crops of a seal card', async () => {
  const img = await renderReference(person, 2);
  const red = await redInk(img);
  assert.is(red.width, 560);
  assert.is(red.height, 480);
  const mm = person.genuine.spec.widthMm;
  const expected = (mm * 300) / 25.4;
  // Small rotation only: the red box is close to the seal's size.
  assert.ok(Math.abs(Math.max(red.w, red.h) - expected) < expected * 0.2, `red ${red.w}x${red.h}, seal ${expected.toFixed(0)} px`);
});

test('each forgery kind carves a master that differs from the genuine one', async () => {
  const spec = designSeal('t-genuine', '王大明', new Rng('forge-test'), { layout: 'square4', polarity: 'yang', fontId: 'tw-kai', border: 'thin' });
  const genuine = await carve(spec);
  const again = await carve(spec);
  assert.equal(Array.from(genuine.mask.d.slice(0, 5000)), Array.from(again.mask.d.slice(0, 5000)), 'same spec must carve identically');
  for (const kind of FORGERY_KINDS) {
    const f = await carve(forge(spec, kind, `t-${kind}`, new Rng(`forge-${kind}`), { otherName: '陳美玲' }));
    const sameSize = f.mask.w === genuine.mask.w && f.mask.h === genuine.mask.h;
    if (!sameSize) {
      assert.ok(kind === 'recarved' || kind === 'other-person', `${kind} changed the seal size`);
      continue;
    }
    let diff = 0;
    let ink = 0;
    for (let i = 0; i < f.mask.d.length; i++) {
      diff += Math.abs(f.mask.d[i]! - genuine.mask.d[i]!) > 0.5 ? 1 : 0;
      ink += genuine.mask.d[i]! > 0.5 ? 1 : 0;
    }
    assert.ok(diff > ink * 0.05, `${kind}: only ${diff} of ${ink} ink pixels differ`);
  }
  const shifted = forge(spec, 'glyph-shift', 't-shift', new Rng('forge-glyph-shift'));
  assert.ok(shifted.glyphs.some((g, i) => Math.abs(g.x - spec.glyphs[i]!.x) + Math.abs(g.y - spec.glyphs[i]!.y) > 0.3));
  assert.is(shifted.fontId, spec.fontId);
  assert.is.not(forge(spec, 'sister-font', 't-sister', new Rng('s')).fontId, spec.fontId);
});

test('a sister-font forgery of an AR PL UKai seal is never cut in cwTeX Kai, which has the same outlines', () => {
  const spec = designSeal('t-ukai', '王大明', new Rng('ukai'), { layout: 'square4', fontId: 'ukai' });
  const picked = new Set<string>();
  for (let k = 0; k < 60; k++) picked.add(forge(spec, 'sister-font', `t-sister-${k}`, new Rng(`sister/${k}`)).fontId);
  assert.equal([...picked].sort(), ['lxgw-kai', 'tw-kai']);
});

test('a missing font file is reported with CG_SEALGEN_FONT_MISSING', async () => {
  const prev = setFontCatalog(FONTS.map((f) => (f.id === 'tw-kai' ? { ...f, file: '/nonexistent/TW-Kai-98_1.ttf' } : f)));
  try {
    const spec = designSeal('t-missing', '王大明', new Rng('missing'), { layout: 'square4', fontId: 'tw-kai' });
    await carve(spec).then(
      () => assert.unreachable('carve should fail without its font'),
      (err: { code?: string; message: string }) => {
        assert.is(err.code, 'CG_SEALGEN_FONT_MISSING');
        assert.match(err.message, '/nonexistent/TW-Kai-98_1.ttf');
      },
    );
  } finally {
    setFontCatalog(prev);
  }
});

test('committed fixtures: every labelled file exists and every kind has its expected decisions', () => {
  const records = parseLabels(readFileSync(join(fixtures, 'labels.tsv'), 'utf8'));
  assert.ok(records.length >= 30);
  for (const r of records) {
    assert.ok(existsSync(join(fixtures, r.reference)), r.reference);
    assert.ok(existsSync(join(fixtures, r.query)), r.query);
    assert.is(r.expected, EXPECTED[r.kind], `${r.query}: ${r.expected}`);
  }
  for (const kind of PAIR_KINDS) assert.ok(records.some((r) => r.kind === kind), `no fixture of kind ${kind}`);
});

test.run();
