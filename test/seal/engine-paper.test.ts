import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildReference, compareSeals, extractImpressions } from '../../central/seal/index.ts';
import { makePerson, renderReference } from '../../tools/sealgen/dataset.ts';
import { impressionParams } from '../../tools/sealgen/impress.ts';
import { renderPage, SCAN_PX_PER_MM } from '../../tools/sealgen/page.ts';
import { Rng } from '../../tools/sealgen/rng.ts';
import { openedBackground, paperBackground } from '../../central/seal/paper.ts';

// Seed fresh1, person 13: a round 陰刻 seal 19 mm across. Its red field is larger than the window
// that first finds paper, so that window left part of it behind as "reddish paper", by how much
// depending on the page's size: one stamping on a page 600 px wide read its white strokes 0.4 px
// narrower than on one 560 px wide, enough to doubt the seal's stroke weight.
test('paper is measured around a 陰刻 seal, not inside it: the page size does not change what the seal shows', async () => {
  const person = await makePerson('fresh1', 13);
  const ref = await buildReference([await renderReference(person, 1)]);
  for (let k = 0; k < 3; k++) {
    const drifts: number[] = [];
    for (const [w, h] of [
      [560, 480],
      [600, 500],
    ] as const) {
      const rng = new Rng(`paper-test/${k}`);
      const params = impressionParams('normal', rng.fork('imp'));
      const page = await renderPage(
        { capture: 'scan', widthPx: w, heightPx: h, pxPerMm: SCAN_PX_PER_MM, form: 'none', blue: false, name: person.name, format: 'jpeg', quality: 90 },
        [{ master: person.genuine, params, cx: w / 2, cy: h / 2 }],
        rng.fork('page'),
      );
      const c = await compareSeals(ref, page);
      assert.is(c.decision, 'match', `${w}x${h} #${k}: ${c.reasons.map((r) => r.code).join(',')}`);
      drifts.push(c.metrics.weightCharacters! - c.metrics.weightFrame!);
    }
    assert.ok(Math.abs(drifts[0]! - drifts[1]!) < 0.15, `stamping ${k}: ${drifts.map((d) => d.toFixed(2)).join(' vs ')}`);
  }
});

// Tinted paper (redness 8 rising to 14 across the page) under a red field 200 px across, on a
// page 300 px wide: the opening leaves part of the field as "paper"; the second pass does not.
test('paper redness under a large red field is the paper around it', () => {
  const w = 300;
  const h = 250;
  const data = new Float32Array(w * h);
  const ink = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const paper = 8 + (6 * x) / w;
      const inField = Math.hypot(x - 150, y - 125) < 100;
      data[y * w + x] = inField ? 120 : paper;
      ink[y * w + x] = inField ? 1 : 0;
    }
  }
  const small = { width: w, height: h, data };
  const centre = 125 * w + 150;
  const opened = openedBackground(small, 8);
  assert.ok(opened[centre]! > 20, `the opening keeps the field's middle: ${opened[centre]}`);
  const bg = paperBackground(small, 8, ink);
  assert.ok(Math.abs(bg[centre]! - 11) < 1.5, `paper under the field: ${bg[centre]}`);
  assert.ok(Math.abs(bg[10 * w + 10]! - 8.2) < 1, `paper in a corner: ${bg[10 * w + 10]}`);
  // nothing but ink: no paper to measure, none taken off
  assert.ok(paperBackground(small, 8, new Uint8Array(w * h).fill(1)).every((v) => v === 0));
});

test('a camera frame of a form with print and blue handwriting but no seal has no impression', async () => {
  const rng = new Rng('paper-test/blank');
  const page = await renderPage({ capture: 'camera', widthPx: 1200, heightPx: 900, pxPerMm: 12, form: 'application', blue: true, name: '王小明', format: 'jpeg', quality: 85 }, [], rng);
  assert.equal(await extractImpressions(page), []);
});

test.run();
