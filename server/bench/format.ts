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

/** A measured speedup in words: "1.6× faster", "2.0× slower", "≈ same speed" when the 95% CI contains 1. */
export function formatSpeed(r: { speedup: number; speedupCI: readonly number[] }): string {
  const [low, high] = r.speedupCI;
  const ciKnown = Number.isFinite(low) && Number.isFinite(high);
  if (!Number.isFinite(r.speedup)) return "speed unknown";
  if ((ciKnown && low <= 1 && high >= 1) || (!ciKnown && Math.abs(r.speedup - 1) < 0.02)) return "≈ same speed";
  return r.speedup >= 1 ? `${formatRatio(r.speedup)} faster` : `${formatRatio(1 / r.speedup)} slower`;
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
