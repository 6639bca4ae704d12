/**
 * Warms a fresh process or worker up before its first real pair: V8 compiles the engine's hot
 * loops only after they have run a while, and a clerk's first comparison should not pay for it.
 * The page is drawn here (a bordered seal of bars and rings, no font needed), never read from disk.
 */
import sharp from 'sharp';
import { compareSeals } from './compare.ts';

function page(angle: number): Promise<Buffer> {
  const bars = [
    [60, 50, 14, 100],
    [95, 50, 50, 12],
    [95, 90, 40, 12],
    [120, 60, 12, 90],
    [60, 165, 90, 12],
  ]
    .map(([x, y, w, h]) => `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="#c8242c"/>`)
    .join('');
  const seal = `<g transform="translate(300 250) rotate(${angle}) translate(-100 -100)">
    <rect x="8" y="8" width="184" height="184" fill="none" stroke="#c8242c" stroke-width="10"/>${bars}
    <circle cx="150" cy="140" r="22" fill="none" stroke="#c8242c" stroke-width="11"/></g>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="700"><rect width="900" height="700" fill="#f7f3ea"/>
    <rect x="40" y="40" width="300" height="6" fill="#222"/>${seal}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

export async function warmUp(rounds = 3): Promise<void> {
  const [a, b] = await Promise.all([page(0), page(37)]);
  for (let i = 0; i < rounds; i++) await compareSeals(a, b);
}
