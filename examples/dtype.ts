// Oversized dtypes: a Float64Array spends 8 bytes on a value that fits in 1.

/** Counts samples above a threshold using 0/1 flags (a boolean mask). */
export function countAbove(x: Float64Array, threshold: number): number {
  const flags = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    flags[i] = x[i] > threshold ? 1 : 0;
  }
  let count = 0;
  for (let i = 0; i < flags.length; i++) {
    if (flags[i] === 1) count++;
  }
  return count;
}
