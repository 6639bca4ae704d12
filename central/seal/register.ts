/**
 * Registration of a presented impression onto the reference, both in canonical form.
 * Coarse: for every 3° of rotation, FFT cross-correlation of high-passed ink on a 64×64 grid
 * (two angles per complex FFT) gives the best shift; the best few angles go on to a fine
 * pattern search over angle, scale and shift that samples the reference only at the query's
 * stroke pixels.
 */
import { fft2 } from './fft.ts';
import { polarSpectrum, rotationCandidates, type Spectrum } from './rotation.ts';
import { boxBlur, resizeArea, sample, warpImage, type Gray, type Warp } from './raster.ts';
import { perReference } from './per-reference.ts';

export interface Pose {
  /** rotation applied to the query, radians */
  angle: number;
  scale: number;
  /** shift of the query centre in reference canonical pixels */
  dx: number;
  dy: number;
}

export interface Registration {
  pose: Pose;
  /** normalised correlation of high-passed ink at the pose, about -1..1 */
  fit: number;
  /** the query's stroke points (high-passed, every pixel) the pose was refined on */
  points: Points;
}

const COARSE = 64;
const ANGLE_STEP = 3;
/** spectrum peaks tried (each with its 180° twin) before 2-D correlation */
const CANDIDATE_PEAKS = 3;

function highPass(img: Gray, r: number): Gray {
  const low = boxBlur(img, r, 2);
  const out = new Float32Array(img.data.length);
  for (let i = 0; i < out.length; i++) out[i] = img.data[i]! - low.data[i]!;
  return { width: img.width, height: img.height, data: out };
}

function energy(a: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s) || 1;
}

export interface Coarse {
  angleDeg: number;
  dx: number;
  dy: number;
  peak: number;
}

/** Everything about a reference that registration needs, computed once per reference. */
interface RefPrep {
  r: Gray;
  rRe: Float64Array;
  rIm: Float64Array;
  rE: number;
  spectrum: Spectrum;
  wide: Gray;
  narrow: Gray;
  wideNorm: number;
  narrowNorm: number;
}

const prepare = perReference((refInk: Float32Array, size: number): RefPrep => {
  const n = COARSE;
  const ref: Gray = { width: size, height: size, data: refInk };
  const r = highPass(resizeArea(ref, n, n), 2);
  const rRe = new Float64Array(n * n);
  const rIm = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) rRe[i] = r.data[i]!;
  fft2(rRe, rIm, n);
  const refHp = highPass(ref, 4);
  // Two smoothing levels: a wide basin first, then stroke-accurate.
  const wide = boxBlur(refHp, 2, 2);
  const narrow = boxBlur(refHp, 1, 1);
  const p: RefPrep = {
    r,
    rRe,
    rIm,
    rE: energy(r.data),
    spectrum: polarSpectrum(r.data, n),
    wide,
    narrow,
    wideNorm: energy(wide.data),
    narrowNorm: energy(narrow.data),
  };
  return p;
});

export interface CoarseResult {
  candidates: Coarse[];
  /** best normalised coarse correlation */
  peak: number;
}

/**
 * Coarse pose candidates: a few rotation angles from the spectra (or every 3° when
 * `exhaustive`), each with the best shift from FFT cross-correlation on a 64×64 grid.
 */
export function coarseSearch(refInk: Float32Array, queryInk: Float32Array, size: number, exhaustive = false): CoarseResult {
  const n = COARSE;
  const f = n / size;
  const P = prepare(refInk, size);
  const { rRe, rIm, rE } = P;
  const q = highPass(resizeArea({ width: size, height: size, data: queryInk }, n, n), 2);
  const qE = energy(q.data);
  const best: Coarse[] = [];
  const re = new Float64Array(n * n);
  const im = new Float64Array(n * n);
  const c = n / 2;
  let angleList: number[] = [];
  if (exhaustive) for (let a = 0; a < 360; a += ANGLE_STEP) angleList.push(a);
  else angleList = rotationCandidates(P.spectrum, polarSpectrum(q.data, n), CANDIDATE_PEAKS);
  for (let j = 0; j < angleList.length; j += 2) {
    const angles = [angleList[j]!, angleList[j + 1] ?? angleList[j]!];
    const w1 = warpImage(q, { angleRad: (angles[0]! * Math.PI) / 180, scale: 1, scx: c, scy: c, dcx: c, dcy: c }, n, n).data;
    const w2 = warpImage(q, { angleRad: (angles[1]! * Math.PI) / 180, scale: 1, scx: c, scy: c, dcx: c, dcy: c }, n, n).data;
    for (let i = 0; i < n * n; i++) {
      re[i] = w1[i]!;
      im[i] = w2[i]!;
    }
    fft2(re, im, n);
    // conj(R) * Q packs corr(d) = sum R(x) Q(x+d) for both angles (real and imaginary parts).
    for (let i = 0; i < n * n; i++) {
      const ar = rRe[i]!;
      const ai = -rIm[i]!;
      const br = re[i]!;
      const bi = im[i]!;
      re[i] = ar * br - ai * bi;
      im[i] = ar * bi + ai * br;
    }
    fft2(re, im, n, true);
    for (let k = 0; k < 2; k++) {
      const part = k === 0 ? re : im;
      let peak = -Infinity;
      let at = 0;
      for (let i = 0; i < n * n; i++) {
        if (part[i]! > peak) {
          peak = part[i]!;
          at = i;
        }
      }
      let sx = at % n;
      let sy = (at - sx) / n;
      if (sx >= n / 2) sx -= n;
      if (sy >= n / 2) sy -= n;
      // Q(x + d) ~ R(x): the query moves by -d.
      best.push({ angleDeg: angles[k]!, dx: -sx / f, dy: -sy / f, peak: peak / (n * n) / (rE * qE) });
    }
  }
  best.sort((x, y) => y.peak - x.peak);
  const picked: Coarse[] = [];
  for (const b of best) {
    if (picked.every((p) => Math.abs(((b.angleDeg - p.angleDeg + 540) % 360) - 180) > 12)) picked.push(b);
    if (picked.length >= 3) break;
  }
  return { candidates: picked, peak: picked[0]?.peak ?? 0 };
}

export interface Points {
  x: Float32Array;
  y: Float32Array;
  w: Float32Array;
  norm: number;
}

function strokePoints(img: Gray, step: number): Points {
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  let norm = 0;
  for (let y = 0; y < img.height; y += step) {
    for (let x = (y / step) % 2 === 0 ? 0 : step >> 1; x < img.width; x += step) {
      const v = img.data[y * img.width + x]!;
      if (Math.abs(v) > 0.08) {
        xs.push(x);
        ys.push(y);
        ws.push(v);
        norm += v * v;
      }
    }
  }
  return { x: Float32Array.from(xs), y: Float32Array.from(ys), w: Float32Array.from(ws), norm: Math.sqrt(norm) || 1 };
}

function objective(target: Gray, targetNorm: number, pts: Points, pose: Pose, c: number): number {
  const cs = Math.cos(pose.angle) * pose.scale;
  const sn = Math.sin(pose.angle) * pose.scale;
  let s = 0;
  const n = pts.x.length;
  for (let i = 0; i < n; i++) {
    const px = pts.x[i]! - c;
    const py = pts.y[i]! - c;
    s += pts.w[i]! * sample(target, cs * px - sn * py + c + pose.dx, sn * px + cs * py + c + pose.dy);
  }
  return s / (targetNorm * pts.norm);
}

function refine(target: Gray, targetNorm: number, pts: Points, start: Pose, c: number, steps: number[]): { pose: Pose; fit: number } {
  let pose = { ...start };
  let fit = objective(target, targetNorm, pts, pose, c);
  for (const step of steps) {
    let improved = true;
    let rounds = 0;
    while (improved && rounds < 8) {
      improved = false;
      rounds++;
      const moves: Array<Partial<Pose>> = [
        { dx: step },
        { dx: -step },
        { dy: step },
        { dy: -step },
        { angle: (step * 0.9 * Math.PI) / 180 },
        { angle: (-step * 0.9 * Math.PI) / 180 },
        { scale: step * 0.012 },
        { scale: -step * 0.012 },
      ];
      for (const m of moves) {
        const cand: Pose = {
          angle: pose.angle + (m.angle ?? 0),
          scale: Math.min(1.1, Math.max(0.9, pose.scale + (m.scale ?? 0))),
          dx: pose.dx + (m.dx ?? 0),
          dy: pose.dy + (m.dy ?? 0),
        };
        const v = objective(target, targetNorm, pts, cand, c);
        if (v > fit) {
          fit = v;
          pose = cand;
          improved = true;
        }
      }
    }
  }
  return { pose, fit };
}

export function register(refInk: Float32Array, queryInk: Float32Array, size: number, coarse?: CoarseResult): Registration {
  const P = prepare(refInk, size);
  const query: Gray = { width: size, height: size, data: queryInk };
  const cands = (coarse ?? coarseSearch(refInk, queryInk, size)).candidates;
  const c = size / 2;
  const qHp = highPass(query, 4);
  const sparse = strokePoints(qHp, 2);
  const dense = strokePoints(qHp, 1);
  let best: Registration | null = null;
  const top = cands[0]?.peak ?? 0;
  for (const k of cands) {
    // A candidate far below the best coarse peak never won the fine search in practice.
    if (k.peak < 0.75 * top) continue;
    const start: Pose = { angle: (k.angleDeg * Math.PI) / 180, scale: 1, dx: k.dx, dy: k.dy };
    const a = refine(P.wide, P.wideNorm, sparse, start, c, [2, 1]);
    if (!best || a.fit > best.fit) best = { pose: a.pose, fit: a.fit, points: dense };
  }
  if (best) {
    // Half a pixel from every other stroke pixel, then a quarter from all of them.
    const h = refine(P.narrow, P.narrowNorm, sparse, best.pose, c, [0.5]);
    const b = refine(P.narrow, P.narrowNorm, dense, h.pose, c, [0.25]);
    best = { pose: b.pose, fit: b.fit, points: dense };
  }
  return best ?? { pose: { angle: 0, scale: 1, dx: 0, dy: 0 }, fit: 0, points: dense };
}

/**
 * A registration's fit counted only where `visible` (reference canonical pixels) holds: the
 * query's stroke points that land there against the reference's high-passed ink there. Another
 * impression's ink beside or over this one neither matches nor counts against it.
 */
export function fitWithin(refInk: Float32Array, reg: Registration, size: number, visible: Uint8Array): number {
  const { narrow } = prepare(refInk, size);
  let tn = 0;
  for (let i = 0; i < size * size; i++) if (visible[i]) tn += narrow.data[i]! * narrow.data[i]!;
  const { pose, points: pts } = reg;
  const c = size / 2;
  const cs = Math.cos(pose.angle) * pose.scale;
  const sn = Math.sin(pose.angle) * pose.scale;
  let s = 0;
  let qn = 0;
  for (let i = 0; i < pts.x.length; i++) {
    const px = pts.x[i]! - c;
    const py = pts.y[i]! - c;
    const tx = cs * px - sn * py + c + pose.dx;
    const ty = sn * px + cs * py + c + pose.dy;
    const xi = Math.round(tx);
    const yi = Math.round(ty);
    if (xi < 0 || yi < 0 || xi >= size || yi >= size || !visible[yi * size + xi]) continue;
    const w = pts.w[i]!;
    s += w * sample(narrow, tx, ty);
    qn += w * w;
  }
  return tn > 0 && qn > 0 ? s / Math.sqrt(tn * qn) : 0;
}

/** The warp that draws the query in the reference's canonical frame at a pose. */
export function poseWarp(pose: Pose, size: number): Warp {
  const c = size / 2;
  return { angleRad: pose.angle, scale: pose.scale, scx: c, scy: c, dcx: c + pose.dx, dcy: c + pose.dy };
}

export function applyPose(queryInk: Float32Array, size: number, pose: Pose): Float32Array {
  return warpImage({ width: size, height: size, data: queryInk }, poseWarp(pose, size), size, size).data;
}
