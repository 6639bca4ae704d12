/**
 * Least squares z = a + b x + c y over a set of items (local shifts over a grid of windows or
 * blocks): what is left of a displacement field once a shift and a slight stretch are taken out.
 * Null when the items' places lie on one line and the plane is not determined.
 */
export function planeFit<T>(items: readonly T[], x: (t: T) => number, y: (t: T) => number, z: (t: T) => number): [number, number, number] | null {
  let m = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0, sf = 0, sxf = 0, syf = 0;
  for (const t of items) {
    const px = x(t);
    const py = y(t);
    const pz = z(t);
    m++; sx += px; sy += py; sxx += px * px; sxy += px * py; syy += py * py; sf += pz; sxf += px * pz; syf += py * pz;
  }
  const det = m * (sxx * syy - sxy * sxy) - sx * (sx * syy - sxy * sy) + sy * (sx * sxy - sxx * sy);
  if (Math.abs(det) < 1e-9) return null;
  const a = (sf * (sxx * syy - sxy * sxy) - sx * (sxf * syy - sxy * syf) + sy * (sxf * sxy - sxx * syf)) / det;
  const b = (m * (sxf * syy - syf * sxy) - sf * (sx * syy - sxy * sy) + sy * (sx * syf - sxf * sy)) / det;
  const c = (m * (sxx * syf - sxy * sxf) - sx * (sx * syf - sxf * sy) + sf * (sx * sxy - sxx * sy)) / det;
  return [a, b, c];
}
