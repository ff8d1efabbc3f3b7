// Shared setup of the bench-harness tests: small sizes and budgets (real child processes on a
// shared 2-core machine), and the runtime to load in the child.
import { existsSync } from "node:fs";
import path from "node:path";
import type { BenchSpec, BenchVariable } from "../../server/engine/types";
import type { BenchOptions } from "../../server/bench/index";

const repoRoot = path.resolve(__dirname, "../..");

/** The built runtime the child process loads (`npm test` builds it first). */
export const runtimePath = path.join(repoRoot, "dist", "runtime", "index.cjs");
if (!existsSync(runtimePath)) {
  throw new Error(`bench-harness tests need ${runtimePath}: run \`npm run build:runtime\` first`);
}

export const SIZE = 1e4;
export const BUDGET_MS = 1500;

export function options(extra: Partial<BenchOptions> = {}): BenchOptions {
  return { ruleId: "elementwise-loop", file: "example.ts", line: 3, size: SIZE, timeBudgetMs: BUDGET_MS, runtimePath, ...extra };
}

export const x: BenchVariable = { name: "x", type: "Float64Array", role: "input", length: "n" };
export const y: BenchVariable = { name: "y", type: "Float64Array", role: "output", length: "n" };

export const LOOP_PLUS_10 = "for (let i = 0; i < x.length; i++) y[i] = x[i] + 10;";

export function spec(before: string, after: string, variables: BenchVariable[] = [x, y]): BenchSpec {
  return { before, after, variables };
}
