/**
 * Image decoding through sharp: any format sharp reads, alpha flattened on white paper,
 * large scans reduced so that the longest side stays workable (JPEG shrink-on-load keeps it fast).
 */
import sharp from 'sharp';
import { CountergateError } from '../../lib/errors.ts';

export interface Rgb {
  width: number;
  height: number;
  /** interleaved RGB, 3 bytes per pixel */
  data: Uint8Array;
  /** decoded pixels per source pixel (<= 1 when the source was reduced) */
  factor: number;
}

/** Longest side kept after decoding; a 300-dpi A5 seal card stays near full resolution. */
export const MAX_SIDE = 2600;

export async function decodeImage(image: Buffer | string): Promise<Rgb> {
  try {
    const pipeline = sharp(image, { failOn: 'error', limitInputPixels: 80_000_000 });
    const meta = await pipeline.metadata();
    const srcW = meta.autoOrient?.width ?? meta.width;
    const srcH = meta.autoOrient?.height ?? meta.height;
    if (!srcW || !srcH) throw new Error('image has no size');
    let p = pipeline.rotate().flatten({ background: '#ffffff' }).toColourspace('srgb');
    const longest = Math.max(srcW, srcH);
    if (longest > MAX_SIDE) p = p.resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', fastShrinkOnLoad: true });
    const { data, info } = await p.removeAlpha().raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`unexpected channel count ${info.channels}`);
    return {
      width: info.width,
      height: info.height,
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      factor: info.width / srcW,
    };
  } catch (err) {
    const what = typeof image === 'string' ? `'${image}'` : `buffer of ${image.length} bytes`;
    throw new CountergateError('CG_SEAL_DECODE_FAILED', `cannot decode image ${what}: ${(err as Error).message}`, {
      statusCode: 400,
      userMessage: '無法讀取影像檔，請重新掃描或拍攝印鑑',
      cause: err,
    });
  }
}
