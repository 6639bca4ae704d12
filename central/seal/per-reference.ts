/**
 * Work that depends only on a reference's canonical ink map is done once per map: a clerk's
 * registered seal meets many presented impressions. Keyed by the array itself (a WeakMap), so
 * it goes when the reference goes.
 */
export function perReference<T>(compute: (refInk: Float32Array, n: number) => T): (refInk: Float32Array, n: number) => T {
  const cache = new WeakMap<Float32Array, T>();
  return (refInk, n) => {
    let value = cache.get(refInk);
    if (value === undefined) {
      value = compute(refInk, n);
      cache.set(refInk, value);
    }
    return value;
  };
}
