// Statistics over the child's raw samples: medians, a distribution-free CI of each median,
// and a paired bootstrap CI of the speedup. Pure functions, computed in the parent so they are unit-testable.

/** mulberry32: a small, fast, well-mixed 32-bit PRNG; the same generator the harness uses for inputs. */
export function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sorted(xs: readonly number[]): Float64Array {
  return Float64Array.from(xs).sort();
}

function medianOfSorted(s: Float64Array): number {
  const n = s.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Hoare's selection: afterwards a[k] is the k-th smallest, everything left of it ≤ a[k]. O(n) expected. */
function selectInPlace(a: Float64Array, k: number): void {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i]; a[i] = a[j]; a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** The median without sorting (the bootstrap takes thousands of them; sorting made it ~100 ms on the server's thread). */
export function medianInPlace(a: Float64Array): number {
  const n = a.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  selectInPlace(a, mid);
  if (n % 2 === 1) return a[mid];
  let lowerMax = -Infinity;
  for (let i = 0; i < mid; i++) if (a[i] > lowerMax) lowerMax = a[i];
  return (lowerMax + a[mid]) / 2;
}

export function median(xs: readonly number[]): number {
  return medianOfSorted(sorted(xs));
}

/**
 * 95% confidence interval of the median from order statistics (no distribution assumed):
 * ranks n/2 ∓ 1.96·√n/2. With fewer than 6 samples that interval is wider than the data, so [min, max].
 */
export function medianCI(xs: readonly number[]): [number, number] {
  const s = sorted(xs);
  const n = s.length;
  if (n === 0) return [NaN, NaN];
  if (n < 6) return [s[0], s[n - 1]];
  const half = (1.96 * Math.sqrt(n)) / 2;
  const lowRank = Math.max(1, Math.floor(n / 2 - half)); // 1-based
  const highRank = Math.min(n, Math.ceil(n / 2 + 1 + half));
  return [s[lowRank - 1], s[highRank - 1]];
}

/**
 * 95% percentile-bootstrap CI of median(before) / median(after). Samples are paired by round
 * (before[i] and after[i] ran back to back), so rounds are resampled as pairs: drift of the
 * machine's speed during the run then moves both medians together instead of widening the ratio.
 */
export function speedupCI(
  before: readonly number[],
  after: readonly number[],
  { resamples = 1000, seed = 1 }: { resamples?: number; seed?: number } = {},
): [number, number] {
  const n = Math.min(before.length, after.length);
  if (n === 0) return [NaN, NaN];
  if (n === 1) {
    const r = before[0] / after[0];
    return [r, r];
  }
  const random = mulberry32(seed);
  const b = new Float64Array(n);
  const a = new Float64Array(n);
  const ratios = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) {
      const j = Math.floor(random() * n);
      b[i] = before[j];
      a[i] = after[j];
    }
    ratios[r] = medianInPlace(b) / medianInPlace(a);
  }
  ratios.sort();
  const at = (q: number) => ratios[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))];
  return [at(0.025), at(0.975)];
}
