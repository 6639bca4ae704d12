/**
 * Contact sheet of genuine masters and their forgeries, for looking at the carvings.
 */
import sharp from 'sharp';
import { carve, type Master } from './carve.ts';
import { forge, FORGERY_KINDS } from './forge.ts';
import { designSeal, SEAL_NAMES, type SealLayout } from './master.ts';
import { Rng } from './rng.ts';

const TILE = 300;

async function tile(m: Master): Promise<Buffer> {
  const { w, h, d } = m.mask;
  const px = Buffer.alloc(w * h * 3);
  for (let k = 0; k < d.length; k++) {
    const v = d[k]!;
    px[3 * k] = 255 - v * 40;
    px[3 * k + 1] = 255 - v * 225;
    px[3 * k + 2] = 255 - v * 215;
  }
  return sharp(px, { raw: { width: w, height: h, channels: 3 } }).resize(TILE - 10, TILE - 10, { fit: 'contain', background: '#fff' }).extend({ top: 5, bottom: 5, left: 5, right: 5, background: '#ddd' }).png().toBuffer();
}

/** One row per layout: genuine master, then each forgery kind of it. */
export async function writeMasterSheet(out: string, seed: string): Promise<void> {
  const layouts: SealLayout[] = ['square4', 'square3', 'round', 'oval', 'rect1'];
  const tiles: { input: Buffer; left: number; top: number }[] = [];
  for (const [r, layout] of layouts.entries()) {
    const rng = new Rng(`${seed}/${layout}`);
    const spec = designSeal(`s${r}`, SEAL_NAMES[r]!, rng.fork('d'), { layout });
    tiles.push({ input: await tile(await carve(spec)), left: 0, top: r * TILE });
    for (const [c, kind] of FORGERY_KINDS.entries()) {
      const f = forge(spec, kind, `s${r}-${kind}`, rng.fork(kind), { otherName: SEAL_NAMES[r + 5]! });
      tiles.push({ input: await tile(await carve(f)), left: (c + 1) * TILE, top: r * TILE });
    }
  }
  await sharp({ create: { width: TILE * (FORGERY_KINDS.length + 1), height: TILE * layouts.length, channels: 3, background: '#fff' } })
    .composite(tiles)
    .png()
    .toFile(out);
}
