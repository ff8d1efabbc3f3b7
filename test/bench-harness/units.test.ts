// The bench's pure parts, in process: input plans, the harness runtime's synthesis and comparison
// (evaluated in a vm context, the same text the child runs), statistics and formatting.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import vm from "node:vm";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import os from "node:os";
import { formatBenchResult, type BenchResult } from "../../server/bench/index";
import { formatDuration, formatDurationPair } from "../../server/bench/format";
import { HARNESS_RUNTIME } from "../../server/bench/harness-runtime";
import { compileVariant } from "../../server/bench/harness";
import { floatRange, normalizeType, planInputs, readsElements, type InputPlan } from "../../server/bench/inputs";
import { defaultRuntimePath } from "../../server/bench/runtime-path";
import fc from "fast-check";
import { median, medianCI, medianInPlace, speedupCI } from "../../server/bench/stats";
import { LOOP_PLUS_10 } from "./helpers";

interface HarnessLib {
  __synthesize(plan: InputPlan[], seed: number): unknown[];
  __compare(a: unknown, b: unknown, tol: number, path: string): { path: string; detail: string } | null;
}
function loadHarnessLib(): HarnessLib {
  const context = vm.createContext({ process });
  vm.runInContext(`${HARNESS_RUNTIME}\nthis.__synthesize = __synthesize; this.__compare = __compare;`, context);
  // Typed-array constructors of the vm context are the ones __synthesize uses.
  return context as unknown as HarnessLib;
}

describe("input plans", () => {
  test("types: typed arrays (also generic and readonly spellings), number, number[], number[][]", () => {
    const table: Array<[string, string]> = [
      ["Float64Array<ArrayBufferLike>", "Float64Array"],
      ["  Float32Array ", "Float32Array"],
      ["readonly number[]", "number[]"],
      ["Array<number>", "number[]"],
      ["ReadonlyArray<number>", "number[]"],
      ["number[][]", "number[][]"],
      ["Array<number[]>", "number[][]"],
      ["Map<string, number>", "Map<string, number>"],
    ];
    for (const [input, expected] of table) assert.equal(normalizeType(input), expected, input);
  });

  test("float range follows the domain of the original's functions", () => {
    assert.deepEqual(floatRange(LOOP_PLUS_10), [-50, 50]);
    assert.deepEqual(floatRange("y[i] = Math.sqrt(x[i])"), [0.5, 100]);
    assert.deepEqual(floatRange("y[i] = x[i] ** 0.5"), [0.5, 100]);
    assert.deepEqual(floatRange("y[i] = Math.log(x[i])"), [0.5, 100]);
    assert.deepEqual(floatRange("y[i] = Math.asin(x[i])"), [-0.99, 0.99]);
    assert.deepEqual(floatRange("y[i] = Math.acos(Math.sqrt(x[i]))"), [0.01, 0.99]);
  });

  test("outputs start zeroed unless the original also reads them", () => {
    assert.equal(readsElements("y", "y[i] = x[i] + 1"), false);
    assert.equal(readsElements("y", "y[i * w + j] = x[i]"), false);
    assert.equal(readsElements("y", "y[i] += x[i]"), true);
    assert.equal(readsElements("x", "x[i] = x[i] * 0.5"), true);
    assert.equal(readsElements("y", "y[i] == 0 ? 1 : 2"), true);
    assert.equal(readsElements("y", "yy[i] = 1; a.y[i] = 2"), false, "other names and properties are not y");
  });

  test("plan: lengths, roles, integer ranges, loop-bound scalars, accumulators", () => {
    const plan = planInputs({
      before: "for (let i = 0; i < n; i++) { acc += a[i]; o[i] = b[i] * k; }",
      after: "",
      variables: [
        { name: "a", type: "Float64Array", role: "input", length: "n" },
        { name: "b", type: "Uint8Array", role: "input", length: 16 },
        { name: "o", type: "Int32Array", role: "output" },
        { name: "k", type: "number", role: "scalar" },
        { name: "n", type: "number", role: "scalar" },
        { name: "acc", type: "number", role: "output" },
      ],
    }, { size: 100 });
    assert.deepEqual(plan, [
      { name: "a", kind: "typed", ctor: "Float64Array", length: 100, fill: "uniform", integer: false, lo: -50, hi: 50 },
      { name: "b", kind: "typed", ctor: "Uint8Array", length: 16, fill: "uniform", integer: true, lo: 0, hi: 255 },
      { name: "o", kind: "typed", ctor: "Int32Array", length: 100, fill: "zero", integer: true, lo: -1_000_000, hi: 1_000_000 },
      { name: "k", kind: "scalar", integer: false, lo: 1.5, hi: 9.5 },
      { name: "n", kind: "scalar", integer: true, lo: 100, hi: 100 },
      { name: "acc", kind: "scalar", integer: true, lo: 0, hi: 0 },
    ]);
  });

  test("a threshold compared with elements is a random scalar; only a loop header's bound is the size", () => {
    // threshold = size would sit above every element: the loop's branch would never be taken
    const plan = (before: string) =>
      planInputs({ before, after: "", variables: [{ name: "x", type: "Float64Array", role: "input", length: "n" }, { name: "t", type: "number", role: "scalar" }] }, { size: 100 })[1];
    const random = { name: "t", kind: "scalar", integer: false, lo: 1.5, hi: 9.5 };
    const size = { name: "t", kind: "scalar", integer: true, lo: 100, hi: 100 };
    assert.deepEqual(plan("for (let i = 0; i < x.length; i++) f[i] = x[i] > t ? 1 : 0;"), random);
    assert.deepEqual(plan("for (let i = 0; i < x.length; i++) if (t <= x[i]) c++;"), random);
    assert.deepEqual(plan("for (let i = 0; i < t; i++) y[i] = x[i];"), size);
    assert.deepEqual(plan("for (let i = 0; t > i; i++) y[i] = x[i];"), size);
    assert.deepEqual(plan("for (let i = 0; i <= t - 1; i++) y[i] = x[i];"), size);
    assert.deepEqual(plan("let i = 0;\nwhile (i < t) { y[i] = x[i]; i++; }"), size);
  });

  test("a max/min accumulator compared with elements is an accumulator, not a loop bound", () => {
    // m = size would sit above every element: the loop would never update m, timing and equivalence degenerate.
    const plan = planInputs({
      before: "for (let i = 0; i < x.length; i++) { if (x[i] > m) m = x[i]; if (lo > x[i]) lo = x[i]; }",
      after: "",
      variables: [
        { name: "x", type: "Int32Array", role: "input", length: "n" },
        { name: "m", type: "number", role: "output" },
        { name: "lo", type: "number", role: "output" },
      ],
    }, { size: 100 });
    assert.deepEqual(plan.slice(1), [
      { name: "m", kind: "scalar", integer: true, lo: 0, hi: 0 },
      { name: "lo", kind: "scalar", integer: true, lo: 0, hi: 0 },
    ]);
  });
});

describe("harness runtime (the child's code, evaluated here)", () => {
  const lib = loadHarnessLib();
  const plan = planInputs({
    before: "for (let i = 0; i < n; i++) y[i] = x[i] + u[i] + g[0][i] + k + p[i]",
    after: "",
    variables: [
      { name: "x", type: "Float64Array", role: "input" },
      { name: "u", type: "Int8Array", role: "input" },
      { name: "p", type: "number[]", role: "input" },
      { name: "g", type: "number[][]", role: "input" },
      { name: "y", type: "Float32Array", role: "output" },
      { name: "k", type: "number", role: "scalar" },
      { name: "n", type: "number", role: "scalar" },
    ],
  }, { size: 1000 });

  test("same seed → same inputs; another seed → different inputs", () => {
    assert.deepEqual(lib.__synthesize(plan, 42), lib.__synthesize(plan, 42));
    assert.notDeepEqual(lib.__synthesize(plan, 42), lib.__synthesize(plan, 43));
  });

  test("values respect the plan", () => {
    const [xs, us, ps, grid, ys, k, n] = lib.__synthesize(plan, 1) as [Float64Array, Int8Array, number[], number[][], Float32Array, number, number];
    assert.equal(xs.constructor.name, "Float64Array");
    assert.equal(xs.length, 1000);
    assert.ok(xs.every((v) => v >= -50 && v < 50));
    assert.ok(new Set(xs).size > 990, "spread out, not constant");
    assert.ok(us.every((v) => Number.isInteger(v) && v >= -128 && v <= 127));
    assert.ok(us.some((v) => v < 0) && us.some((v) => v > 0));
    assert.ok(Array.isArray(ps) && ps.length === 1000);
    assert.equal(grid.length, 32);
    assert.ok(grid.every((row) => Array.isArray(row) && row.length === 32));
    assert.equal(ys.constructor.name, "Float32Array");
    assert.ok(ys.every((v) => v === 0));
    assert.ok(k >= 1.5 && k < 9.5 && k !== 0);
    assert.equal(n, 1000);
  });

  test("adding a variable does not change the others' values", () => {
    const [first] = lib.__synthesize(plan.slice(0, 1), 5);
    const [again] = lib.__synthesize(plan, 5);
    assert.deepEqual(first, again);
  });

  test("comparison: NaN equals NaN, -0 differs from 0 unless tolerant, first index reported", () => {
    const f = (...v: number[]) => Float64Array.from(v);
    // copy the vm realm's result object into this realm so deepEqual compares structure only
    const compare = (a: unknown, b: unknown, tol: number, p: string) => {
      const d = lib.__compare(a, b, tol, p);
      return d && { path: d.path, detail: d.detail };
    };
    assert.equal(compare(f(NaN, 1), f(NaN, 1), 0, "y"), null);
    assert.deepEqual(compare(f(0, 1), f(-0, 1), 0, "y"), { path: "y[0]", detail: "before 0, after -0 (1 of 2 elements differ)" });
    assert.equal(compare(f(0, 1), f(-0, 1), 1e-9, "y"), null);
    assert.deepEqual(compare(f(1, 2, 3), f(1, 2.5, 3.5), 0, "y"), { path: "y[1]", detail: "before 2, after 2.5 (2 of 3 elements differ)" });
    assert.equal(compare(f(1e6), f(1e6 + 1e-4), 1e-9, "y"), null);
    assert.notEqual(compare(f(1e6), f(1e6 + 1e-2), 1e-9, "y"), null);
    assert.notEqual(compare(f(Infinity), f(1e308), 1e-9, "y"), null);
    assert.deepEqual(compare(f(1, 2), f(1), 0, "y"), { path: "y", detail: "length 2 before, 1 after" });
    assert.deepEqual(compare(undefined, { shape: [1], data: f(1) }, 0, "return value"), { path: "return value", detail: "before undefined, after ndarray(shape 1)" });
    assert.equal(compare({ shape: [2], data: f(1, 2) }, { shape: [2], data: f(1, 2) }, 0, "r"), null);
    assert.deepEqual(compare([[1, 2], [3, 4]], [[1, 2], [3, 5]], 0, "g"), { path: "g[1][1]", detail: "before 4, after 5 (1 of 2 elements differ)" });
  });
});

describe("compileVariant", () => {
  test("strips TypeScript and keeps the body's return", () => {
    const js = compileVariant("before", ["x"], "const s: number = x[0] as number; return s;", []);
    assert.match(js, /function before\(x\) \{/);
    assert.doesNotMatch(js, /: number|as number/);
    assert.equal(new Function(`${js}; return before;`)()([7]), 7);
  });

  test("scalar outputs come back after the return value", () => {
    const js = compileVariant("after", ["x", "s"], "for (const v of x) s += v;", ["s"]);
    assert.deepEqual(new Function(`${js}; return after;`)()([1, 2, 3], 0), [undefined, 6]);
  });
});

describe("statistics", () => {
  test("median and its order-statistic CI", () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.ok(Number.isNaN(median([])));
    assert.deepEqual(medianCI([5, 1, 3]), [1, 5]);
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.deepEqual(medianCI(hundred), [40, 61]);
  });

  test("the bootstrap's selection median equals the sorting median", () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 60 }), (xs) => {
      assert.equal(medianInPlace(Float64Array.from(xs)), median(xs));
    }));
  });

  test("speedup CI brackets the ratio of medians and is reproducible", () => {
    const before = Array.from({ length: 50 }, (_, i) => 200 + (i % 7));
    const after = Array.from({ length: 50 }, (_, i) => 100 + (i % 5));
    const [low, high] = speedupCI(before, after, { seed: 3 });
    const ratio = median(before) / median(after);
    assert.ok(low <= ratio && ratio <= high, `${low} ≤ ${ratio} ≤ ${high}`);
    assert.ok(low > 1.8 && high < 2.2);
    assert.deepEqual(speedupCI(before, after, { seed: 3 }), [low, high]);
  });
});

describe("formatBenchResult", () => {
  const base: BenchResult = {
    ruleId: "elementwise-loop", file: "a.ts", line: 1,
    before: { medianNs: 2.31e6, samples: 30, ciLow: 2.2e6, ciHigh: 2.4e6 },
    after: { medianNs: 0.42e6, samples: 30, ciLow: 0.4e6, ciHigh: 0.44e6 },
    speedup: 2.31 / 0.42, speedupCI: [5.2, 5.8], equivalent: true,
    inputs: { size: 1e6, seed: 1, variables: [] },
  };

  test("faster", () => {
    assert.equal(formatBenchResult(base), "before 2.31 ms · after 0.42 ms · 5.5× faster · outputs match");
  });
  test("slower is said, not hidden", () => {
    const r = { ...base, after: { ...base.after, medianNs: 4.2e6 }, speedup: 0.55, speedupCI: [0.5, 0.6] as [number, number] };
    assert.equal(formatBenchResult(r), "before 2.31 ms · after 4.20 ms · 1.8× slower · outputs match");
  });
  test("a narrow CI containing 1 is the same speed; a wide one is inconclusive", () => {
    const r = { ...base, after: { ...base.after, medianNs: 2.2e6 }, speedup: 1.05, speedupCI: [0.97, 1.08] as [number, number] };
    assert.equal(formatBenchResult(r), "before 2.31 ms · after 2.20 ms · ≈ same speed · outputs match");
    const wide = { ...r, speedupCI: [0.8, 1.3] as [number, number] };
    assert.equal(formatBenchResult(wide), "before 2.31 ms · after 2.20 ms · inconclusive (CI 0.80–1.30×) · outputs match");
  });
  test("a noisy run says so, with the figure marked", () => {
    const noise = { noisy: true, reasons: ["the machine was busy: 95% of rounds lost CPU time to other processes"], rounds: 40, preemptedRounds: 38, processes: 2, loadAverage: [9, 5, 3], cpus: 2 };
    assert.equal(formatBenchResult({ ...base, noise }), "before 2.31 ms · after 0.42 ms · 5.5× faster? (noisy: machine busy) · outputs match");
    const unsure = { ...base, speedup: 1.2, speedupCI: [0.7, 1.9] as [number, number], noise };
    assert.match(formatBenchResult(unsure), /inconclusive \(CI 0\.70–1\.90×\) \(noisy: machine busy\)/);
  });
  test("the size: from the code, or a sweep with its crossover", () => {
    const sized = { ...base, sizeSource: "code" as const, inputs: { ...base.inputs, size: 9 }, speedup: 1 / 1791, speedupCI: [1 / 1900, 1 / 1700] as [number, number] };
    assert.equal(formatBenchResult(sized), "at 9 elements (from the code): before 2.31 ms · after 0.42 ms · 1,791× slower · outputs match");
    const point = (size: number, speedup: number, spread = 0.05) => ({ size, speedup, speedupCI: [speedup * (1 - spread), speedup * (1 + spread)], verdict: "" });
    const sweep = { ...base, sizeSource: "sweep" as const, sizes: [point(16, 0.05), point(1000, 0.7), point(1e5, 1.4), point(1e6, 1.6)] };
    assert.equal(formatBenchResult(sweep), "sizes 16–1e6 (size not in the code): slower below ~1e4 elements, 1.6× faster at 1e6 · before 2.31 ms · after 0.42 ms at 1e6 · outputs match");
    const allSlower = { ...sweep, sizes: [point(16, 0.01), point(1e6, 0.11)] };
    assert.match(formatBenchResult(allSlower), /slower at every size measured \(16–1e6\): 9\.1× slower at 1e6/);
  });
  test("a comparison within a tolerance says so", () => {
    assert.equal(formatBenchResult({ ...base, tolerance: 1e-9 }), "before 2.31 ms · after 0.42 ms · 5.5× faster · outputs match (rtol 1e-9)");
  });
  test("different outputs", () => {
    assert.equal(formatBenchResult({ ...base, equivalent: false }), "before 2.31 ms · after 0.42 ms · 5.5× faster · outputs DIFFER");
  });
  test("error", () => {
    assert.equal(formatBenchResult({ ...base, error: "time limit exceeded (4000 ms)" }), "benchmark failed: time limit exceeded (4000 ms)");
  });
  test("units", () => {
    assert.equal(formatDuration(850), "850 ns");
    assert.equal(formatDuration(12_345), "12.3 µs");
    assert.equal(formatDuration(1.2e9), "1.20 s");
    assert.deepEqual(formatDurationPair(21_235, 32_301), ["21.2 µs", "32.3 µs"]);
    assert.deepEqual(formatDurationPair(5e6, 1e3), ["5.00 ms", "1.00 µs"], "far apart: each its own unit");
  });
});

describe("runtime path", () => {
  test("beside the bundle first, else the arraylint package's dist/", () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "arraylint-path-"));
    try {
      writeFileSync(path.join(root, "package.json"), JSON.stringify({ name: "arraylint" }));
      mkdirSync(path.join(root, "server", "bench"), { recursive: true });
      assert.equal(defaultRuntimePath(path.join(root, "server", "bench")), path.join(root, "dist", "runtime", "index.cjs"));
      mkdirSync(path.join(root, "dist", "runtime"), { recursive: true });
      writeFileSync(path.join(root, "dist", "runtime", "index.cjs"), "");
      assert.equal(defaultRuntimePath(path.join(root, "dist")), path.join(root, "dist", "runtime", "index.cjs"));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
