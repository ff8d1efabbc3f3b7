// Hand-written reductions: NumPy has sum/mean/dot. In JS the win is multiple accumulators or
// WASM SIMD, and a vectorized float sum may differ from the sequential one in the last bits.

/** Mean of a sample. */
export function mean(x: Float64Array): number {
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    total += x[i];
  }
  return total / x.length;
}

/** Dot product of two equally long vectors. */
export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    s += a[i] * b[i];
  }
  return s;
}
