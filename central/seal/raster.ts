/**
 * Small raster primitives on Float32Array/Uint8Array images (row-major, width*height):
 * resampling, affine warps, blurs, max filters, distance transforms, connected components.
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
    for (let x = 0; x < w; x++) {
      let acc = 0;
      for (let y = -r; y <= r; y++) acc += tmp[Math.min(h - 1, Math.max(0, y)) * w + x]!;
      for (let y = 0; y < h; y++) {
        cur[y * w + x] = acc * norm;
        acc += tmp[Math.min(h - 1, y + r + 1) * w + x]! - tmp[Math.max(0, y - r) * w + x]!;
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

/** Binary dilation of a mask by a square of radius r, via running counts (O(n) per pass). */
export function dilateMask(mask: Uint8Array, w: number, h: number, r: number): Uint8Array {
  const tmp = new Uint8Array(w * h);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let count = 0;
    for (let x = 0; x <= Math.min(w - 1, r - 1); x++) count += mask[row + x]!;
    for (let x = 0; x < w; x++) {
      if (x + r < w) count += mask[row + x + r]!;
      if (x - r - 1 >= 0) count -= mask[row + x - r - 1]!;
      tmp[row + x] = count > 0 ? 1 : 0;
    }
  }
  for (let x = 0; x < w; x++) {
    let count = 0;
    for (let y = 0; y <= Math.min(h - 1, r - 1); y++) count += tmp[y * w + x]!;
    for (let y = 0; y < h; y++) {
      if (y + r < h) count += tmp[(y + r) * w + x]!;
      if (y - r - 1 >= 0) count -= tmp[(y - r - 1) * w + x]!;
      out[y * w + x] = count > 0 ? 1 : 0;
    }
  }
  return out;
}

const INF = 1e20;

function edt1d(f: Float64Array, n: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -INF;
  z[1] = INF;
  for (let q = 1; q < n; q++) {
    let s = (f[q]! + q * q - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
    while (s <= z[k]!) {
      k--;
      s = (f[q]! + q * q - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = INF;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    const dq = q - v[k]!;
    d[q] = dq * dq + f[v[k]!]!;
  }
}

/** Euclidean distance (in pixels) from each pixel to the nearest set pixel of `mask`. */
export function distanceTransform(mask: Uint8Array, w: number, h: number): Float32Array {
  const n = Math.max(w, h);
  const f = new Float64Array(n);
  const d = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  const grid = new Float64Array(w * h);
  for (let i = 0; i < w * h; i++) grid[i] = mask[i] ? 0 : INF;
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; y++) f[y] = grid[y * w + x]!;
    edt1d(f, h, d, v, z);
    for (let y = 0; y < h; y++) grid[y * w + x] = d[y]!;
  }
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) f[x] = grid[y * w + x]!;
    edt1d(f, w, d, v, z);
    for (let x = 0; x < w; x++) out[y * w + x] = Math.sqrt(d[x]!);
  }
  return out;
}

export interface Component {
  label: number;
  area: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** 8-connected components of a binary mask; labels array holds 1-based labels. */
export function components(mask: Uint8Array, w: number, h: number): { labels: Int32Array; comps: Component[] } {
  const labels = new Int32Array(w * h);
  const comps: Component[] = [];
  const stack = new Int32Array(w * h);
  let next = 0;
  for (let i = 0; i < w * h; i++) {
    if (!mask[i] || labels[i]) continue;
    next++;
    const comp: Component = { label: next, area: 0, x0: w, y0: h, x1: -1, y1: -1 };
    let sp = 0;
    stack[sp++] = i;
    labels[i] = next;
    while (sp > 0) {
      const p = stack[--sp]!;
      const px = p % w;
      const py = (p - px) / w;
      comp.area++;
      if (px < comp.x0) comp.x0 = px;
      if (px > comp.x1) comp.x1 = px;
      if (py < comp.y0) comp.y0 = py;
      if (py > comp.y1) comp.y1 = py;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = py + dy;
        if (ny < 0 || ny >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = px + dx;
          if (nx < 0 || nx >= w) continue;
          const q = ny * w + nx;
          if (mask[q] && !labels[q]) {
            labels[q] = next;
            stack[sp++] = q;
          }
        }
      }
    }
    comps.push(comp);
  }
  return { labels, comps };
}

/** Fill holes: background pixels not reachable from the border become set. */
export function fillHoles(mask: Uint8Array, w: number, h: number): Uint8Array {
  const outside = new Uint8Array(w * h);
  const stack = new Int32Array(w * h);
  let sp = 0;
  const push = (p: number): void => {
    if (!mask[p] && !outside[p]) {
      outside[p] = 1;
      stack[sp++] = p;
    }
  };
  for (let x = 0; x < w; x++) {
    push(x);
    push((h - 1) * w + x);
  }
  for (let y = 0; y < h; y++) {
    push(y * w);
    push(y * w + w - 1);
  }
  while (sp > 0) {
    const p = stack[--sp]!;
    const px = p % w;
    const py = (p - px) / w;
    if (px > 0) push(p - 1);
    if (px < w - 1) push(p + 1);
    if (py > 0) push(p - w);
    if (py < h - 1) push(p + w);
  }
  const out = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) out[i] = outside[i] ? 0 : 1;
  return out;
}

/** Convex hull (monotone chain) of integer points given as flat [x0,y0,x1,y1,...]. */
export function convexHull(points: number[]): Array<[number, number]> {
  const pts: Array<[number, number]> = [];
  for (let i = 0; i + 1 < points.length; i += 2) pts.push([points[i]!, points[i + 1]!]);
  pts.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return pts;
  const cross = (o: [number, number], a: [number, number], b: [number, number]): number =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Array<[number, number]> = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Array<[number, number]> = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}
