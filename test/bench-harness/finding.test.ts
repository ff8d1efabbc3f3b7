// Benchmarking a finding in its file: the sizes the code shows, module mode (helpers, imports),
// findings without a fix, nothing to measure, Unicode names, and the memory cap. Real child
// processes, small budgets; no timing is asserted.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { DEFAULT_OPTIONS, Engine, type Finding } from "../../server/engine/index";
import { benchmarkFinding, prepareFindingBenchmark } from "../../server/bench/finding";
import { formatBenchResult, runBenchmark } from "../../server/bench/index";
import { SWEEP_SIZES } from "../../server/bench/sizes";
import { runtimePath, spec, x } from "./helpers";

const fixtures = path.join(__dirname, "fixtures");
const engine = new Engine({ rootDir: fixtures });

function findingsOf(name: string): { file: string; text: string; at: (line: number) => Finding } {
  const file = path.join(fixtures, name);
  const text = readFileSync(file, "utf8");
  const { findings } = engine.analyze(file, text, DEFAULT_OPTIONS);
  return {
    file, text,
    at: (line) => {
      const f = findings.find((g) => g.range.start.line + 1 === line);
      assert.ok(f, `a finding at ${name}:${line} (findings at ${findings.map((g) => g.range.start.line + 1).join(", ")})`);
      return f;
    },
  };
}

describe("sizes from the code", () => {
  const sizes = findingsOf("sizes.ts");
  const prepare = (line: number, extra = {}) => prepareFindingBenchmark(sizes.at(line), { file: sizes.file, text: sizes.text, ...extra }).options;

  // an 8×8 kernel: reported (a 3×3 one is 9 elements, too few for the rules to report at all: sizes.ts's TINY_LENGTH)
  test("a module-level array literal: the .reduce sum runs at 64 elements", () => {
    const o = prepare(4);
    assert.deepEqual([o.sizeSource, o.sizes], ["code", [64]]);
    assert.match(o.sizeEvidence ?? "", /`KERNEL` has 64 elements \(array literal, line 1\)/);
  });

  test("a local array literal", () => {
    assert.deepEqual(prepare(13).sizes, [64]);
  });

  test("the rank-4 dot: its function is called with Float64Array(4)s", () => {
    const o = prepare(40);
    assert.deepEqual([o.sizeSource, o.sizes], ["code", [4]]);
    assert.match(o.sizeEvidence ?? "", /call of dot4 at line 47/);
  });

  test("a number[] parameter nobody in the file sizes: a sweep", () => {
    const o = prepare(51);
    assert.deepEqual([o.sizeSource, o.sizes], ["sweep", SWEEP_SIZES]);
  });

  test("the 64-element .reduce sum measured at 64 elements says so, and says it is slower", async () => {
    const r = await benchmarkFinding(sizes.at(4), { file: sizes.file, text: sizes.text, timeBudgetMs: 800, runtimePath });
    assert.equal(r.error, undefined, r.error);
    assert.deepEqual([r.sizeSource, r.inputs.size, r.verdict], ["code", 64, "slower"]);
    assert.match(formatBenchResult(r), /^at 64 elements \(from the code\): before .* · [\d,.]+× slower/);
  });

  test("--size wins over the code", () => {
    const o = prepare(4, { size: 1000 });
    assert.deepEqual([o.sizeSource, o.sizes], ["option", [1000]]);
  });
});

describe("benchmarking a finding in its module", () => {
  const mod = findingsOf("module.ts");
  const run = (line: number) => benchmarkFinding(mod.at(line), { file: mod.file, text: mod.text, size: 2000, timeBudgetMs: 600, runtimePath, processes: 1 });

  test("a loop that calls a same-file helper and reads a module constant", async () => {
    const r = await run(11);
    assert.equal(r.error, undefined, r.error);
    assert.equal(r.mode, "module");
    assert.equal(r.equivalent, true);
    assert.ok(r.before.medianNs > 0 && r.after.medianNs > 0);
  });

  test("a loop that calls an imported function", async () => {
    const r = await run(17);
    assert.equal(r.error, undefined, r.error);
    assert.equal(r.mode, "module");
    assert.equal(r.equivalent, true);
  });

  test("a variable named é", async () => {
    const r = await run(23);
    assert.equal(r.error, undefined, r.error);
    assert.equal(r.mode, "extract", "nothing from the module is needed");
    assert.deepEqual(r.inputs.variables.map((v) => v.name), ["é", "y"]);
  });

  test("without module mode the helper is missing (what module mode fixes)", async () => {
    const f = mod.at(11);
    const r = await runBenchmark(f.bench!, { ruleId: f.ruleId, file: mod.file, line: 11, size: 100, timeBudgetMs: 300, runtimePath, processes: 1 });
    assert.equal(r.error, "the original code threw ReferenceError: len is not defined");
  });
});

describe("findings without a fix, and nothing to measure", () => {
  test("a finding without a fix: the original is timed, the result says no fix", async () => {
    const sizes = findingsOf("sizes.ts");
    const f = sizes.at(26); // Int32Array dot of 64 elements: manual-reduction without a fix
    assert.equal(f.bench, undefined);
    const r = await benchmarkFinding(f, { file: sizes.file, text: sizes.text, timeBudgetMs: 400, runtimePath, processes: 1 });
    assert.equal(r.error, undefined, r.error);
    assert.equal(r.hasFix, false);
    assert.ok(r.before.medianNs > 0);
    assert.ok(Number.isNaN(r.speedup));
    assert.deepEqual([r.sizeSource, r.inputs.size], ["code", 64]);
    assert.match(r.notes?.join(" ") ?? "", /no fix to compare/);
  });

  test("a declaration has nothing to measure", async () => {
    const file = path.join(fixtures, "declaration.ts");
    const text = "export function count(x: Float64Array, n: number): number {\n  const flags = new Int32Array(n);\n  for (let i = 0; i < n; i++) flags[i] = x[i] > 0 ? 1 : 0;\n  let c = 0;\n  for (let i = 0; i < n; i++) c += flags[i];\n  return c;\n}\n";
    const f: Finding = { ruleId: "oversized-dtype", messageId: "narrower", message: "`flags` is an Int32Array: a Uint8Array holds the same values.", severity: "warning", range: { start: { line: 1, character: 2 }, end: { line: 1, character: 37 } }, start: text.indexOf("const flags"), end: text.indexOf("(n);") + 4 };
    const r = await benchmarkFinding(f, { file, text, runtimePath });
    assert.equal(r.nothingToMeasure, true);
    assert.match(r.error ?? "", /^nothing to measure: the oversized-dtype finding is a declaration/);
  });
});

describe("limits", () => {
  test("typed arrays count against the memory limit", async () => {
    // 8 MB per iteration, kept: the V8 heap stays small, the resident memory grows past the cap
    const hog = "const keep = []; for (let k = 0; k < 200; k++) { const a = new Float64Array(1e6); a.fill(k); keep.push(a); } y[0] = keep.length;";
    const r = await runBenchmark(spec(hog, hog, [x, { ...x, name: "y", role: "output" }]), { ruleId: "elementwise-loop", file: "a.ts", line: 1, size: 10, timeBudgetMs: 5000, memoryLimitMb: 300, runtimePath, processes: 1 });
    assert.equal(r.error, "memory limit exceeded (300 MB)");
  });
});
