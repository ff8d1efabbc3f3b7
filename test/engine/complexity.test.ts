// Issue 11: analysis time grows linearly with the file. A generated file of 1,000 and of 4,000
// small functions (each with a typed-array allocation, a push loop and a reduction loop) is
// analysed; CPU time(4k) / time(1k) must stay ≤ 6 (linear is 4; quadratic would be 16). A ratio,
// never a wall time: each size takes the minimum of 3 runs to beat noise from a loaded machine.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Engine, type RuleId } from "../../server/engine/index";

/**
 * `count` functions like the ones real numeric files are made of, sharing a module-level
 * constant (the old per-variable walks re-read the whole file for it in every function).
 */
export function generatedFile(count: number): string {
  const parts: string[] = ["const WIDTH = 8;\n"];
  for (let k = 0; k < count; k++) {
    parts.push(
      `export function f${k}(x: Float64Array, n: number): number {\n` +
        `  const flags = new Float64Array(x.length);\n` +
        `  for (let i = 0; i < x.length; i++) flags[i] = x[i] > ${k % 7} ? i % WIDTH : 0;\n` +
        `  const list: number[] = [];\n` +
        `  for (let i = 0; i < n * WIDTH; i++) list.push(i * 0.5);\n` +
        `  const ys = new Float64Array(list);\n` +
        `  let s = 0;\n` +
        `  for (let i = 0; i < ys.length; i++) s += ys[i] * flags[i % flags.length];\n` +
        `  return s;\n` +
        `}\n`,
    );
  }
  return parts.join("\n");
}

const RUNS = 3;
const MAX_RATIO = 6;

/** Minimum CPU seconds of `RUNS` analyses of a fresh copy of the file (a new path each time: no cache to hit). */
function cpuSeconds(engine: Engine, text: string, rules: RuleId[], label: string): number {
  let best = Infinity;
  for (let run = 0; run < RUNS; run++) {
    const path = `/virtual/complexity-${label}-${run}.ts`;
    const before = process.cpuUsage();
    const result = engine.analyze(path, text, { runtimeImport: "arraylint/runtime", rules });
    const used = process.cpuUsage(before);
    engine.forget(path);
    assert.ok(result.findings.length > 0, "the generated file must give the rules work to do");
    best = Math.min(best, (used.user + used.system) / 1e6);
  }
  return best;
}

function assertLinear(rules: RuleId[]): void {
  const engine = new Engine();
  // warm-up: load the lib files and JIT the rules once
  engine.analyze("/virtual/complexity-warmup.ts", generatedFile(20), { runtimeImport: "arraylint/runtime", rules });
  const small = cpuSeconds(engine, generatedFile(1000), rules, "1k");
  const large = cpuSeconds(engine, generatedFile(4000), rules, "4k");
  const ratio = large / small;
  console.log(`# ${rules.join(", ")}: 1k functions ${small.toFixed(2)} s CPU, 4k ${large.toFixed(2)} s CPU, ratio ${ratio.toFixed(2)} (linear: 4)`);
  assert.ok(ratio <= MAX_RATIO, `time(4k) / time(1k) = ${ratio.toFixed(2)} > ${MAX_RATIO}: analysis grows faster than the file`);
}

test("oversized-dtype and push-then-convert analyse a file in linear time", () => {
  assertLinear(["oversized-dtype", "push-then-convert"]);
});
