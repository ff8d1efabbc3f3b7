// Public API of the bench: turn a finding's BenchSpec into a before/after run in a separate Node process.
// STUB: the signatures are the contract; the bench owner replaces the bodies.
import type { BenchSpec, RuleId } from "../engine/types";

export interface BenchStats {
  medianNs: number;
  samples: number;
  ciLow: number;
  ciHigh: number;
}

/** The bench contract's result (DESIGN.md): what `arraylint bench --json` prints and the LSP command returns. */
export interface BenchResult {
  ruleId: RuleId;
  file: string;
  line: number; // 1-based
  before: BenchStats;
  after: BenchStats;
  /** before.medianNs / after.medianNs; < 1 means the fix is slower. */
  speedup: number;
  speedupCI: [number, number];
  /** Outputs and mutated inputs of both variants are equal. */
  equivalent: boolean;
  inputs: { size: number; seed: number; variables: Array<{ name: string; type: string }> };
  /** Present when the run failed (time limit, crash, compile error); the numbers are then 0/NaN. */
  error?: string;
}

export interface BenchOptions {
  ruleId: RuleId;
  file: string;
  line: number;
  size?: number; // default 1e6
  timeBudgetMs?: number; // default 4000
  seed?: number; // default 1
  /** Absolute path of the built runtime (dist/runtime/index.cjs); default: found next to the running bundle. */
  runtimePath?: string;
  signal?: AbortSignal;
}

export async function runBenchmark(_spec: BenchSpec, opts: BenchOptions): Promise<BenchResult> {
  const zero = { medianNs: NaN, samples: 0, ciLow: NaN, ciHigh: NaN };
  return {
    ruleId: opts.ruleId, file: opts.file, line: opts.line, before: zero, after: zero,
    speedup: NaN, speedupCI: [NaN, NaN], equivalent: false,
    inputs: { size: opts.size ?? 1e6, seed: opts.seed ?? 1, variables: [] }, error: "not implemented",
  };
}

/** One line for a code lens / table: "before 2.31 ms · after 0.42 ms · 5.5× faster · outputs match". */
export function formatBenchResult(r: BenchResult): string {
  return r.error ? `benchmark failed: ${r.error}` : `before ${r.before.medianNs} ns · after ${r.after.medianNs} ns`;
}
