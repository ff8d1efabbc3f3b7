// Shared setup of the bench-harness tests: small sizes and budgets (real child processes on a
// shared 2-core machine), and the runtime to load in the child.
import { existsSync } from "node:fs";
import path from "node:path";
import type { BenchSpec, BenchVariable } from "../../server/engine/types";
import type { BenchOptions } from "../../server/bench/index";

const repoRoot = path.resolve(__dirname, "../..");
const builtRuntime = path.join(repoRoot, "dist", "runtime", "index.cjs");
const fixtureRuntime = path.join(__dirname, "fixtures", "runtime.cjs");

/**
 * The built runtime when `npm run build:runtime` has produced one (npm test builds first),
 * else the stand-in fixture with the few functions these tests call.
 */
export const runtimePath = existsSync(builtRuntime) ? builtRuntime : fixtureRuntime;

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
