import { test } from 'uvu';
import * as assert from 'uvu/assert';
import sharp from 'sharp';
import { buildReference, compareSeals, extractImpressions, renderViews } from '../../central/seal/index.ts';
import { renderPage, stamped } from './engine-fixtures.ts';

const reference = stamped({}, { angle: 0, texture: 3 });

test('finds every impression on a page with print, form lines and blue handwriting', async () => {
  const page = await renderPage({
    stamps: [
      { x: 300, y: 300, size: 220, angle: 10, seal: {}, texture: 5, opacity: 0.45 },
      { x: 850, y: 600, size: 240, angle: 200, seal: { shape: 'round' }, texture: 7 },
    ],
    shade: true,
  });
  const found = await extractImpressions(page);
  assert.is(found.length, 2);
  const centres = found.map((f) => [f.bbox.x + f.bbox.width / 2, f.bbox.y + f.bbox.height / 2]).sort((a, b) => a[0]! - b[0]!);
  assert.ok(Math.abs(centres[0]![0]! - 300) < 25 && Math.abs(centres[0]![1]! - 300) < 25, `first at ${centres[0]}`);
  assert.ok(Math.abs(centres[1]![0]! - 850) < 25 && Math.abs(centres[1]![1]! - 600) < 25, `second at ${centres[1]}`);
  const round = found.find((f) => f.bbox.x > 600)!;
  assert.is(round.shape, 'round');
  for (const f of found) {
    assert.is(f.ink.length, f.width * f.height);
    assert.is(f.carving, 'relief');
  }
});

test('a page with black print and blue ink but no seal yields no impression', async () => {
  const page = await renderPage({ stamps: [], shade: true });
  assert.equal(await extractImpressions(page), []);
  const err = await compareSeals(await reference, page).catch((e: unknown) => e);
  assert.is((err as { code?: string }).code, 'CG_SEAL_NOT_FOUND');
  assert.is((err as { userMessage?: string }).userMessage, '未偵測到印鑑，請重新蓋印');
});

test('an undecodable image is CG_SEAL_DECODE_FAILED', async () => {
  const err = await compareSeals(Buffer.from('not an image'), await reference).catch((e: unknown) => e);
  assert.is((err as { code?: string }).code, 'CG_SEAL_DECODE_FAILED');
});

test('陰刻 (white characters on red) is recognised and matches its own re-stamping', async () => {
  const seal = { carving: 'intaglio' as const };
  const ref = await stamped(seal, { angle: 0, texture: 11 });
  const [imp] = await extractImpressions(ref);
  assert.is(imp?.carving, 'intaglio');
  const again = await stamped(seal, { angle: 128, texture: 12, x: 500, y: 380 });
  assert.is((await compareSeals(ref, again)).decision, 'match');
  const forged = await stamped({ ...seal, font: 'TW-Kai' }, { angle: 128, texture: 12 });
  assert.is.not((await compareSeals(ref, forged)).decision, 'match');
});

for (const angle of [37, 181, 293]) {
  test(`a genuine re-stamping turned by ${angle}° matches`, async () => {
    const q = await stamped({}, { angle, texture: 20 + angle, x: 520, y: 400, opacity: 0.8 });
    const c = await compareSeals(await reference, q);
    assert.is(c.decision, 'match', JSON.stringify(c.metrics));
    assert.ok(c.score >= 0.7);
    const back = (360 - angle) % 360;
    const err = Math.abs(((c.transform.angleDeg - back + 540) % 360) - 180);
    assert.ok(err < 3, `angle ${c.transform.angleDeg}, expected about ${back}`);
  });
}

test('a sister-typeface forgery is not a match', async () => {
  const q = await stamped({ font: 'TW-Kai' }, { angle: 64, texture: 31 });
  const c = await compareSeals(await reference, q);
  assert.is.not(c.decision, 'match');
  assert.ok(c.score < 0.7);
});

test('a forgery with one glyph moved by 4% is not a match', async () => {
  const q = await stamped({ moveGlyph: { index: 2, dx: 0.04, dy: 0 } }, { angle: 205, texture: 32 });
  const c = await compareSeals(await reference, q);
  assert.is.not(c.decision, 'match');
});

test('a seal re-cut with a thinner border is a mismatch that names the border', async () => {
  // Every character is the same; only the border is half as thick, within the stroke tolerance.
  const q = await stamped({ border: 0.025 }, { angle: 250, texture: 50 });
  const c = await compareSeals(await reference, q);
  assert.is(c.decision, 'mismatch', JSON.stringify(c.metrics));
  assert.ok(c.reasons.some((r) => r.code === 'SEAL_BORDER_DIFFERS'));
});

test("another person's seal is a mismatch with reasons", async () => {
  const q = await stamped({ chars: '陳美玲印' }, { angle: 15, texture: 33 });
  const c = await compareSeals(await reference, q);
  assert.is(c.decision, 'mismatch');
  assert.ok(c.reasons.length > 0 && c.reasons.every((r) => r.code && r.message && r.messageZh));
});

test('a half-printed impression is unclear, not a match', async () => {
  const q = await stamped({}, { angle: 20, texture: 34, keepFraction: 0.45 });
  const c = await compareSeals(await reference, q);
  assert.is(c.decision, 'unclear');
  assert.ok(c.reasons.some((r) => r.code === 'SEAL_PARTIAL'));
});

test('a barely visible impression is unclear, not a match', async () => {
  const q = await stamped({}, { angle: 20, texture: 35, opacity: 0.07 });
  const c = await compareSeals(await reference, q).catch((e: unknown) => e as { code: string });
  if ('decision' in c) assert.is(c.decision, 'unclear');
  else assert.is(c.code, 'CG_SEAL_NOT_FOUND');
});

test('a reference built from three impressions matches a fourth and rejects a forgery', async () => {
  const refs = await Promise.all([0, 90, 250].map((a, i) => stamped({}, { angle: a, texture: 40 + i, opacity: 0.7 })));
  const ref = await buildReference(refs);
  assert.is(ref.count, 3);
  assert.is(ref.ink.length, ref.size * ref.size);
  assert.ok(ref.consensus.some((v) => v === 1));
  const genuine = await compareSeals(ref, await stamped({}, { angle: 300, texture: 44 }));
  assert.is(genuine.decision, 'match');
  const forged = await compareSeals(ref, await stamped({ font: 'TW-Kai' }, { angle: 300, texture: 44 }));
  assert.is.not(forged.decision, 'match');
});

test('overlay views are PNGs of one size with green, red and blue in the three-colour view', async () => {
  const q = await stamped({ moveGlyph: { index: 1, dx: 0.05, dy: 0 } }, { angle: 45, texture: 50 });
  const ref = await reference;
  const c = await compareSeals(ref, q);
  const views = await renderViews(ref, q, c);
  const names = ['threeColour', 'outline', 'full', 'foldHorizontal', 'foldVertical', 'difference'] as const;
  let size = 0;
  for (const name of names) {
    const meta = await sharp(views[name]).metadata();
    assert.is(meta.format, 'png', name);
    size ||= meta.width!;
    assert.is(meta.width, size, name);
    assert.is(meta.height, size, name);
  }
  const { data } = await sharp(views.threeColour).raw().toBuffer({ resolveWithObject: true });
  const seen = { green: 0, red: 0, blue: 0 };
  for (let i = 0; i < data.length; i += 3) {
    const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
    if (g > 120 && r < 80 && b < 120) seen.green++;
    if (r > 180 && g < 80 && b < 80) seen.red++;
    if (b > 180 && r < 80 && g < 100) seen.blue++;
  }
  assert.ok(seen.green > 50 && seen.red > 50 && seen.blue > 500, JSON.stringify(seen));
  // Without a comparison the views are computed afresh and come out the same size.
  const again = await renderViews(ref, q);
  assert.is((await sharp(again.difference).metadata()).width, size);
});

test.run();
