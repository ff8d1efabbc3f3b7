// Human-readable bench figures for code lenses, the CLI table and the demo.

/** 850 ns, 12.3 µs, 2.31 ms, 1.20 s: three significant digits in the largest unit that keeps the number ≥ 1. */
export function formatDuration(ns: number): string {
  if (!Number.isFinite(ns)) return "? ns";
  const units: Array<[number, string]> = [[1e9, "s"], [1e6, "ms"], [1e3, "µs"], [1, "ns"]];
  for (const [scale, unit] of units) {
    if (Math.abs(ns) >= scale || unit === "ns") {
      const v = ns / scale;
      const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
      return `${v.toFixed(unit === "ns" ? Math.min(digits, 1) : digits)} ${unit}`;
    }
  }
  return `${ns} ns`;
}

/** 5.5×, 12×, 1.03×: two significant digits below 10 (three below 1.1 so 1.04 does not read as 1.0). */
export function formatRatio(ratio: number): string {
  if (ratio >= 10) return `${Math.round(ratio)}×`;
  if (ratio < 1.1) return `${ratio.toFixed(2)}×`;
  return `${ratio.toFixed(1)}×`;
}

/** A CI containing 1 and within this factor of it is "the same speed"; a wider one is inconclusive. */
const SAME_SPEED_WIDTH = 1.1;

/** A speedup in words: "5.5×" faster, "1,791× slower" (slowdowns past 1000× get separators). */
function speedWords(speedup: number): string {
  const ratio = speedup >= 1 ? speedup : 1 / speedup;
  const text = ratio >= 1000 ? `${Math.round(ratio).toLocaleString("en-US")}×` : formatRatio(ratio);
  return `${text} ${speedup >= 1 ? "faster" : "slower"}`;
}

/**
 * A measured speedup in words: "1.6× faster", "2.0× slower"; a 95% CI containing 1 says
 * "≈ same speed" when it is narrow (0.91–1.1) and the run was clean, else "inconclusive (CI 0.80–1.30×)";
 * a figure from a noisy run says so: "1.8× faster? (noisy: machine busy)".
 */
export function formatSpeed(r: { speedup: number; speedupCI: readonly number[]; noisy?: boolean; noiseReasons?: readonly string[] }): string {
  const [low, high] = r.speedupCI;
  const ciKnown = Number.isFinite(low) && Number.isFinite(high);
  if (!Number.isFinite(r.speedup)) return "speed unknown";
  const noise = r.noisy ? ` (noisy: ${shortNoise(r.noiseReasons ?? [])})` : "";
  const containsOne = ciKnown ? low <= 1 && high >= 1 : Math.abs(r.speedup - 1) < 0.02;
  if (containsOne) {
    const narrow = !ciKnown || (low >= 1 / SAME_SPEED_WIDTH && high <= SAME_SPEED_WIDTH);
    return narrow && !r.noisy ? "≈ same speed" : `inconclusive (${formatCI([low, high])})${noise}`;
  }
  return r.noisy ? `${speedWords(r.speedup)}?${noise}` : speedWords(r.speedup);
}

/** "CI 0.84–0.94×", "CI 0.027–0.033×": two significant digits at least, so a narrow CI of a small ratio stays readable. */
export function formatCI([low, high]: readonly number[]): string {
  const digits = (v: number) => (v >= 1 ? v.toFixed(2) : v.toPrecision(2));
  return `CI ${digits(low)}–${digits(high)}×`;
}

/** The first noise reason in two or three words, for a one-line summary. */
export function shortNoise(reasons: readonly string[]): string {
  const first = reasons[0] ?? "";
  if (/busy/.test(first)) return "machine busy";
  if (/separate runs/.test(first)) return "runs disagree";
  if (/rounds disagree/.test(first)) return "rounds disagree";
  if (/interval is wide/.test(first)) return "wide CI";
  if (/rounds fit/.test(first)) return "too few rounds";
  return first || "unstable";
}

/** 16, 1,000, 2,000, 1e5, 1e6, 250,000: powers of ten from 1e4 as exponents, the rest with separators. */
export function formatSize(n: number): string {
  if (n >= 1e4) {
    const exponent = Math.log10(n);
    if (Number.isInteger(exponent)) return `1e${exponent}`;
  }
  return Math.round(n).toLocaleString("en-US");
}

/** An estimated crossover size in round figures: ~2,000, ~30,000, ~1e5. */
function roughSize(n: number): string {
  const magnitude = 10 ** Math.floor(Math.log10(n));
  return `~${formatSize(Math.round(n / magnitude) * magnitude)}`;
}

export interface SweepPoint {
  size: number;
  speedup: number;
  speedupCI: readonly number[];
  verdict?: string;
}

/**
 * What a size sweep says, in one phrase: "slower below ~2,000 elements, 1.6× faster at 1e6",
 * "slower at every size measured (16–1e6): 9.4× slower at 1e6", "faster at every size measured
 * (16–1e6): 1.3× at 16, 2.0× at 1e6". The crossover is interpolated on log scales between the two
 * sizes where the verdict changes.
 */
export function describeSweep(points: readonly SweepPoint[]): string {
  const measured = points.filter((p) => Number.isFinite(p.speedup));
  if (measured.length === 0) return "no size could be measured";
  const faster = (p: SweepPoint) => p.speedupCI[0] > 1;
  const slower = (p: SweepPoint) => p.speedupCI[1] < 1;
  const first = measured[0];
  const last = measured[measured.length - 1];
  const range = `${formatSize(first.size)}–${formatSize(last.size)}`;
  if (measured.every(faster)) return `faster at every size measured (${range}): ${formatRatio(first.speedup)} at ${formatSize(first.size)}, ${formatRatio(last.speedup)} at ${formatSize(last.size)}`;
  if (measured.every(slower)) return `slower at every size measured (${range}): ${speedWords(last.speedup)} at ${formatSize(last.size)}`;
  // the largest size from which every larger one is faster (or slower)
  const tailVerdict = faster(last) ? faster : slower(last) ? slower : undefined;
  if (tailVerdict) {
    let k = measured.length - 1;
    while (k > 0 && tailVerdict(measured[k - 1])) k--;
    if (k > 0) {
      const below = measured[k - 1];
      const above = measured[k];
      const crossing = crossover(below, above);
      const lowSide = tailVerdict === faster ? "slower or the same" : "faster or the same";
      const lowWord = tailVerdict === faster ? (slower(below) ? "slower" : lowSide) : (faster(below) ? "faster" : lowSide);
      return `${lowWord} below ${roughSize(crossing)} elements, ${speedWords(last.speedup)} at ${formatSize(last.size)}`;
    }
  }
  return measured.map((p) => `${formatSpeed(p)} at ${formatSize(p.size)}`).join(", ");
}

/** Where log(speedup) crosses 0 between two sizes, on a log size scale (the geometric mean when it does not cross). */
function crossover(a: SweepPoint, b: SweepPoint): number {
  const la = Math.log(a.speedup), lb = Math.log(b.speedup);
  const xa = Math.log(a.size), xb = Math.log(b.size);
  if (la === lb || Math.sign(la) === Math.sign(lb)) return Math.exp((xa + xb) / 2);
  return Math.exp(xa + ((xb - xa) * -la) / (lb - la));
}

/** Whether before and after gave the same outputs: "match", "match (rtol 1e-9)" for a reordering fix, "DIFFER". */
export function formatEquivalence(r: { equivalent: boolean; tolerance?: number }): string {
  return r.equivalent ? (r.tolerance ? `match (rtol ${r.tolerance})` : "match") : "DIFFER";
}

/**
 * Two durations side by side in one unit when they are within 100× of each other
 * ("2.31 ms" and "0.42 ms" compare at a glance), else each in its own unit.
 */
export function formatDurationPair(a: number, b: number): [string, string] {
  const larger = Math.max(Math.abs(a), Math.abs(b));
  const smaller = Math.min(Math.abs(a), Math.abs(b));
  if (!Number.isFinite(larger) || larger < 1e3 || smaller * 100 < larger) return [formatDuration(a), formatDuration(b)];
  const [scale, unit] = larger >= 1e9 ? [1e9, "s"] : larger >= 1e6 ? [1e6, "ms"] : [1e3, "µs"];
  // three significant digits each, in the shared unit (0.42 ms, 0.042 ms, 2.86 ms, 34.2 ms)
  const one = (ns: number) => {
    const v = Math.abs(ns / scale);
    const digits = v >= 100 ? 0 : v >= 10 ? 1 : v >= 1 || v === 0 ? 2 : Math.min(4, 1 - Math.floor(Math.log10(v)));
    return `${(ns / scale).toFixed(digits)} ${unit}`;
  };
  return [one(a), one(b)];
}

/** The fields of a bench result the one-line summary reads (BenchResult satisfies it). */
export interface SummaryInput {
  error?: string;
  before: { medianNs: number };
  after: { medianNs: number };
  speedup: number;
  speedupCI: readonly number[];
  equivalent: boolean;
  tolerance?: number;
  inputs: { size: number };
  sizes?: ReadonlyArray<SweepPoint & { noisy?: boolean }>;
  sizeSource?: "code" | "option" | "sweep";
  noise?: { noisy: boolean; reasons: readonly string[] };
  hasFix?: boolean;
}

/** "at 9 elements (from the code)", "at 1e6 elements", "sizes 16–1e6 (the code does not show the size)". */
export function formatSizePhrase(r: SummaryInput): string {
  const n = formatSize(r.inputs.size);
  if (r.sizeSource === "sweep" && r.sizes && r.sizes.length > 1) {
    return `sizes ${formatSize(r.sizes[0].size)}–${formatSize(r.sizes[r.sizes.length - 1].size)} (size not in the code)`;
  }
  if (r.sizeSource === "code") return `at ${n} elements (from the code)`;
  return `at ${n} elements`;
}

/**
 * One line for a code lens / table: "at 9 elements (from the code): before 12 ns · after 21 µs ·
 * 1,750× slower · outputs match". A sweep leads with its crossover; a noisy run says so; a finding
 * without a fix gives the original's time.
 */
export function formatBenchResult(r: SummaryInput): string {
  if (r.error) return `benchmark failed: ${r.error}`;
  const where = formatSizePhrase(r);
  if (r.hasFix === false) {
    return `${where}: the original takes ${formatDuration(r.before.medianNs)} per call · no fix to compare`;
  }
  const speed = formatSpeed({ ...r, noisy: r.noise?.noisy, noiseReasons: r.noise?.reasons });
  const [before, after] = formatDurationPair(r.before.medianNs, r.after.medianNs);
  const outputs = `outputs ${formatEquivalence(r)}`;
  if (r.sizeSource === "sweep" && r.sizes && r.sizes.length > 1) {
    const noisy = r.noise?.noisy ? ` · noisy: ${shortNoise(r.noise.reasons)}` : "";
    return `${where}: ${describeSweep(r.sizes)}${noisy} · before ${before} · after ${after} at ${formatSize(r.inputs.size)} · ${outputs}`;
  }
  const prefix = r.sizeSource ? `${where}: ` : "";
  return `${prefix}before ${before} · after ${after} · ${speed} · ${outputs}`;
}
