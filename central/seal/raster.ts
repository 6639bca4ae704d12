/**
 * Small raster primitives on grey Float32Array images (row-major, width*height):
 * sampling, resampling, affine warps, blurs, min/max filters. Binary masks are in masks.ts.
 */

export interface Gray {
  width: number;
  height: number;
  data: Float32Array;
}

/** Bilinear sample with zero outside. */
export function sample(img: Gray, x: number, y: number): number {
  const w = img.width;
  const h = img.height;
  const data = img.data;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  if (x0 >= 0 && y0 >= 0 && x0 < w - 1 && y0 < h - 1) {
    const i = y0 * w + x0;
    const a = data[i]! + (data[i + 1]! - data[i]!) * fx;
    const b = data[i + w]! + (data[i + w + 1]! - data[i + w]!) * fx;
    return a + (b - a) * fy;
  }
  if (x0 < -1 || y0 < -1 || x0 >= w || y0 >= h) return 0;
  const v00 = x0 >= 0 && y0 >= 0 ? data[y0 * w + x0]! : 0;
  const v10 = x0 + 1 < w && y0 >= 0 ? data[y0 * w + x0 + 1]! : 0;
  const v01 = x0 >= 0 && y0 + 1 < h ? data[(y0 + 1) * w + x0]! : 0;
  const v11 = x0 + 1 < w && y0 + 1 < h ? data[(y0 + 1) * w + x0 + 1]! : 0;
  return (v00 * (1 - fx) + v10 * fx) * (1 - fy) + (v01 * (1 - fx) + v11 * fx) * fy;
}

/**
 * Affine map from destination to source: src = A * (dst - dc) + sc, with A = rotation(-angle)/scale.
 * Rotating the source by `angleRad` and scaling by `scale` about its centre sc lands it on dc.
 */
export interface Warp {
  angleRad: number;
  scale: number;
  /** where the source centre lands in the destination */
  dcx: number;
  dcy: number;
  /** source centre */
  scx: number;
  scy: number;
}

export function warpImage(src: Gray, warp: Warp, width: number, height: number): Gray {
  const out = new Float32Array(width * height);
  const c = Math.cos(warp.angleRad) / warp.scale;
  const s = Math.sin(warp.angleRad) / warp.scale;
  for (let y = 0; y < height; y++) {
    const ry = y - warp.dcy;
    for (let x = 0; x < width; x++) {
      const rx = x - warp.dcx;
      // inverse rotation
      const sx = c * rx + s * ry + warp.scx;
      const sy = -s * rx + c * ry + warp.scy;
      out[y * width + x] = sample(src, sx, sy);
    }
  }
  return { width, height, data: out };
}

/** Area-average downscale by a real factor (>= 1) into a given size. */
export function resizeArea(src: Gray, width: number, height: number): Gray {
  const out = new Float32Array(width * height);
  const fx = src.width / width;
  const fy = src.height / height;
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor(y * fy);
    const y1 = Math.max(y0 + 1, Math.min(src.height, Math.floor((y + 1) * fy)));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor(x * fx);
      const x1 = Math.max(x0 + 1, Math.min(src.width, Math.floor((x + 1) * fx)));
      let sum = 0;
      for (let yy = y0; yy < y1; yy++) {
        const row = yy * src.width;
        for (let xx = x0; xx < x1; xx++) sum += src.data[row + xx]!;
      }
      out[y * width + x] = sum / ((y1 - y0) * (x1 - x0));
    }
  }
  return { width, height, data: out };
}

/** Separable box blur (radius r), repeated `passes` times ~ Gaussian. */
export function boxBlur(img: Gray, r: number, passes = 2): Gray {
  const { width: w, height: h } = img;
  const cur = Float32Array.from(img.data);
  const tmp = new Float32Array(w * h);
  const colSum = new Float64Array(w);
  const norm = 1 / (2 * r + 1);
  for (let p = 0; p < passes; p++) {
    for (let y = 0; y < h; y++) {
      const row = y * w;
      let acc = 0;
      for (let x = -r; x <= r; x++) acc += cur[row + Math.min(w - 1, Math.max(0, x))]!;
      for (let x = 0; x < w; x++) {
        tmp[row + x] = acc * norm;
        acc += cur[row + Math.min(w - 1, x + r + 1)]! - cur[row + Math.max(0, x - r)]!;
      }
    }
    // Vertical pass row by row (a running sum per column) so memory is read in order.
    colSum.fill(0);
    for (let y = -r; y <= r; y++) {
      const row = Math.min(h - 1, Math.max(0, y)) * w;
      for (let x = 0; x < w; x++) colSum[x]! += tmp[row + x]!;
    }
    for (let y = 0; y < h; y++) {
      const row = y * w;
      const add = Math.min(h - 1, y + r + 1) * w;
      const sub = Math.max(0, y - r) * w;
      for (let x = 0; x < w; x++) {
        cur[row + x] = colSum[x]! * norm;
        colSum[x]! += tmp[add + x]! - tmp[sub + x]!;
      }
    }
  }
  return { width: w, height: h, data: cur };
}

/** Separable min or max filter with a square window of radius r (naive; r is small here). */
export function rankFilter(img: Gray, r: number, mode: 'min' | 'max'): Gray {
  const { width: w, height: h, data } = img;
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  const sign = mode === 'max' ? 1 : -1;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      let v = sign * data[row + x]!;
      const a = Math.max(0, x - r);
      const b = Math.min(w - 1, x + r);
      for (let k = a; k <= b; k++) {
        const u = sign * data[row + k]!;
        if (u > v) v = u;
      }
      tmp[row + x] = v;
    }
  }
  for (let y = 0; y < h; y++) {
    const a = Math.max(0, y - r);
    const b = Math.min(h - 1, y + r);
    for (let x = 0; x < w; x++) {
      let v = tmp[y * w + x]!;
      for (let k = a; k <= b; k++) {
        const u = tmp[k * w + x]!;
        if (u > v) v = u;
      }
      out[y * w + x] = sign * v;
    }
  }
  return { width: w, height: h, data: out };
}
