// codeSizesOf (the size a finding's code runs at, which the CLI and the server weigh every finding with)
// is linear in the file: call sites are indexed once per file, not walked per finding. A ratio with a
// generous bound, never a wall time: 4× the functions may cost at most 6× the time (quadratic gave ~16×).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Engine } from "../../server/engine/index";
import { codeSizesOf } from "../../server/bench/finding";

/** `n` functions whose loop bound is a parameter, each called with a constant (the size comes from the call site). */
function file(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      `export function scale${i}(x: Float64Array, y: Float64Array, n: number): void {`,
      `  for (let j = 0; j < n; j++) y[j] = x[j] * 3 + ${i};`,
      `}`,
      `export function run${i}(): void { scale${i}(new Float64Array(4096), new Float64Array(4096), 4096); }`,
    );
  }
  return out.join("\n") + "\n";
}

function timeSizes(n: number): { ms: number; findings: number; sized: number } {
  const text = file(n);
  const engine = new Engine();
  const { findings } = engine.analyze("/sizes.ts", text, { runtimeImport: "@arraylint/runtime", budgetMs: 600_000 });
  const runs: number[] = [];
  let sized = 0;
  for (let r = 0; r < 3; r++) {
    // fresh bench specs each round: sizes are remembered per spec object (a finding carried past an edit)
    const fresh = findings.map((f) => (f.bench ? { ...f, bench: { ...f.bench } } : f));
    const t0 = performance.now();
    const sizes = codeSizesOf("/sizes.ts", text, fresh);
    runs.push(performance.now() - t0);
    sized = [...sizes.values()].filter((s) => s.includes(4096)).length;
  }
  return { ms: runs.sort((a, b) => a - b)[1], findings: findings.filter((f) => f.bench).length, sized };
}

test("codeSizesOf grows linearly with the file (4× the functions ≤ 6× the time)", () => {
  const small = timeSizes(100);
  const large = timeSizes(400);
  assert.ok(small.findings >= 100 && large.findings >= 400, `findings with a benchmark: ${small.findings}, ${large.findings}`);
  assert.equal(large.sized, large.findings, "every finding's size comes from its call site");
  const ratio = large.ms / small.ms;
  assert.ok(ratio <= 6, `4× the functions took ${ratio.toFixed(1)}× the time (${small.ms.toFixed(0)} ms → ${large.ms.toFixed(0)} ms)`);
});
