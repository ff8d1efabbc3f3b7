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

/** One process's paired rounds at one size: ns per call of each variant, and the CPU share each batch lost. */
export interface PairedRounds {
  before: readonly number[];
  after: readonly number[];
  /** Per round, the larger share of wall time either batch did not get the CPU (0 = ran undisturbed). */
  lost: readonly number[];
}

export interface PairedSpeedup {
  /** Median of the per-round ratios before/after over the rounds used. */
  speedup: number;
  /** 95% two-stage bootstrap CI: processes resampled, then rounds within each. */
  ci: [number, number];
  rounds: number;
  /** Rounds set aside because a batch was preempted (the machine was busy). */
  preemptedRounds: number;
  /** Why the figure should not be trusted as it stands; empty when the run was clean. */
  noise: string[];
}

/** A batch that ran less than 90% of its wall time on a CPU was preempted by another process. */
export const PREEMPTED_SHARE = 0.1;
/** The least relative half-width of a speedup's CI: what separate processes may differ by. */
export const PROCESS_SPREAD = 0.05;
/** Set preempted rounds aside when at least this many clean ones (or half of all) remain. */
const MIN_CLEAN_ROUNDS = 8;
/** More than this share of preempted rounds: the machine was busy, the run is noisy. */
export const BUSY_SHARE = 0.5;
/** Separate processes whose median ratios differ by more than this factor disagree. */
export const RUNS_DISAGREE = 1.15;
/** Rounds whose ratios spread wider than this between their quartiles (q3/q1) disagree. */
export const ROUND_SPREAD_LIMIT = 1.3;
/** A CI wider than this factor (high/low) says the machine was too noisy for a figure. */
export const CI_WIDTH_LIMIT = 1.5;

/**
 * The speedup of paired interleaved rounds. Each round timed a short batch of both variants back to
 * back, so its ratio cancels slow drifts and bursts that hit both; the speedup is the median of those
 * ratios. Rounds where either batch lost more than 10% of its wall time to other processes are set
 * aside when enough clean ones remain (else all are used). `noise` lists why the figure is not to be
 * trusted as it stands: a busy machine that widened the CI, rounds or runs that disagree, a wide CI.
 * The CI resamples processes first, then rounds within each: separate processes differ by more than
 * rounds within one (JIT decisions, memory placement), and a CI over rounds alone would not contain
 * the next run's figure; it is at least ±5% wide (PROCESS_SPREAD), as two processes cannot show
 * that spread themselves.
 */
export function pairedSpeedup(processes: readonly PairedRounds[], { resamples = 2000, seed = 1 }: { resamples?: number; seed?: number } = {}): PairedSpeedup {
  const noise: string[] = [];
  const all = processes.map((p) => {
    const n = Math.min(p.before.length, p.after.length);
    const ratios: number[] = [];
    const clean: number[] = [];
    for (let i = 0; i < n; i++) {
      const r = p.before[i] / p.after[i];
      if (!Number.isFinite(r) || r <= 0) continue;
      ratios.push(r);
      if (!((p.lost[i] ?? 0) > PREEMPTED_SHARE)) clean.push(r);
    }
    return { ratios, clean };
  }).filter((p) => p.ratios.length > 0);
  const rounds = all.reduce((s, p) => s + p.ratios.length, 0);
  if (rounds === 0) return { speedup: NaN, ci: [NaN, NaN], rounds: 0, preemptedRounds: 0, noise: ["no paired rounds"] };
  const cleanRounds = all.reduce((s, p) => s + p.clean.length, 0);
  const preemptedRounds = rounds - cleanRounds;
  // Undisturbed rounds are measurements as good as on a quiet machine: use them when there are enough.
  const useClean = cleanRounds >= Math.min(MIN_CLEAN_ROUNDS, Math.ceil(rounds / 2)) && cleanRounds >= 3;
  const groups = all.map((p) => (useClean ? p.clean : p.ratios)).filter((g) => g.length > 0);
  const pooled = groups.flat();
  const speedup = median(pooled);
  const boot = twoStageBootstrap(groups, resamples, seed);
  // Two processes cannot estimate the spread between processes; separate runs of one benchmark
  // differed by up to ~10% here (a 9-element sum 1.91e-3 vs 1.73e-3; x * a + b at 1e3 1.41 vs 1.50),
  // so the CI is never narrower than ±5% around the figure.
  const ci: [number, number] = [Math.min(boot[0], speedup / (1 + PROCESS_SPREAD)), Math.max(boot[1], speedup * (1 + PROCESS_SPREAD))];
  // Samples are CPU time, which preemption mostly spares, but a batch that shared its core had its
  // caches flushed by the other process: a run preempted in most rounds is not a quiet measurement,
  // whatever its CI says, and says so.
  const preemptedShare = preemptedRounds / rounds;
  if (preemptedShare > BUSY_SHARE) {
    noise.push(`the machine was busy: ${Math.round(100 * preemptedShare)}% of rounds lost CPU time to other processes`);
  }

  const spread = quartileRatio(pooled);
  if (pooled.length >= 6 && spread > ROUND_SPREAD_LIMIT) noise.push(`rounds disagree (their middle half spans ${spread.toFixed(2)}×)`);
  if (groups.length >= 2) {
    // the CI already spans the runs; runs this far apart mean the figure itself is unstable
    const medians = groups.map((g) => median(g));
    if (Math.max(...medians) / Math.min(...medians) > RUNS_DISAGREE) {
      noise.push(`separate runs disagree (${medians.map((m) => m.toFixed(2) + "×").join(" vs ")})`);
    }
  }
  if (ci[1] / ci[0] > CI_WIDTH_LIMIT) noise.push(`the confidence interval is wide (${ci[0].toFixed(2)}–${ci[1].toFixed(2)}×)`);
  if (rounds < 4) noise.push(`only ${rounds} rounds fit in the time budget`);
  return { speedup, ci, rounds, preemptedRounds, noise };
}

/** q3 / q1 of positive values (1 for fewer than 2). */
function quartileRatio(xs: readonly number[]): number {
  if (xs.length < 2) return 1;
  const s = sorted(xs);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
  return at(0.75) / at(0.25);
}

function twoStageBootstrap(groups: readonly (readonly number[])[], resamples: number, seed: number): [number, number] {
  const total = groups.reduce((s, g) => s + g.length, 0);
  if (total === 0) return [NaN, NaN];
  if (total === 1) return [groups[0][0], groups[0][0]];
  const random = mulberry32(seed);
  const medians = new Float64Array(resamples);
  const buffer = new Float64Array(groups.length * Math.max(...groups.map((g) => g.length)));
  for (let r = 0; r < resamples; r++) {
    let n = 0;
    for (let k = 0; k < groups.length; k++) {
      const g = groups[Math.floor(random() * groups.length)];
      for (let i = 0; i < g.length; i++) buffer[n++] = g[Math.floor(random() * g.length)];
    }
    medians[r] = medianInPlace(buffer.subarray(0, n));
  }
  medians.sort();
  const at = (q: number) => medians[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))];
  return [at(0.025), at(0.975)];
}
