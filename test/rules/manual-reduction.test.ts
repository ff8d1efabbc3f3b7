// manual-reduction: valid/invalid tables (one row per guard) and a differential test of the
// fixes against the runtime (skipped while the runtime lacks the reduction).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { applyEdits } from "../../server/engine/index";
import * as runtime from "../../runtime/index";
import { assertInvalid, assertValid, explanationsOf, findingsOf, loadModule, edgyFloat64, mulberry32, type InvalidCase, type ValidCase } from "../engine/rule-harness";

const RULE = "manual-reduction";
const IMPORT = `import * as nd from "arraylint/runtime";\n\n`;

function fn(params: string, body: string, ret: string): string {
  return `export function f(${params}): unknown {\n${body}\n  return ${ret};\n}\n`;
}

const SUM = fn("x: Float64Array", "  let s = 0;\n  for (let i = 0; i < x.length; i++) {\n    s += x[i];\n  }", "s");

const invalid: InvalidCase[] = [
  {
    name: "float sum is a refactor: sum may differ in the last bits",
    code: SUM,
    line: 3,
    fix: { safe: false, title: /^Replace loop with s \+= nd\.sum\(x\) \(sum may differ in the last bits\)$/ },
  },
  {
    name: "float sum with allowReassociation is safe",
    code: SUM,
    line: 3,
    options: { allowReassociation: true },
    fix: { safe: true, output: IMPORT + fn("x: Float64Array", "  let s = 0;\n  s += nd.sum(x);", "s") },
  },
  {
    name: "mean: sum then divide by the length",
    code: fn("x: Float64Array", "  let total = 0;\n  for (let i = 0; i < x.length; i++) total += x[i];", "total / x.length"),
    line: 3,
    message: /mean\(\)/,
    fix: { safe: false },
  },
  {
    name: "s = s + x[i] form",
    code: fn("x: Float64Array", "  let s = 0;\n  for (let i = 0; i < x.length; i++) s = s + x[i];", "s"),
    line: 3,
    fix: { safe: false, title: /s \+= nd\.sum\(x\)/ },
  },
  {
    name: "dot product s += a[i] * b[i] with b of a's length",
    code: fn("a: Float64Array", "  const b = Float64Array.from(a);\n  let s = 0;\n  for (let i = 0; i < a.length; i++) s += a[i] * b[i];", "s"),
    line: 4,
    options: { allowReassociation: true },
    fix: { safe: true, title: /^Replace loop with s \+= nd\.dot\(a, b\) as number$/ },
  },
  {
    name: "dot product over parameters: a shorter b makes the loop NaN, the length guard says the same (safe)",
    code: fn("a: Float64Array, b: Float64Array", "  let s = 0;\n  for (let i = 0; i < a.length; i++) s += a[i] * b[i];", "s"),
    line: 3,
    options: { allowReassociation: true },
    fix: {
      safe: true,
      output: IMPORT + fn("a: Float64Array, b: Float64Array", "  let s = 0;\n  s += b.length >= a.length ? (nd.dot(a, b.subarray(0, a.length)) as number) : NaN;", "s"),
    },
  },
  {
    name: "dot product up to a parameter bound: n may exceed both lengths or be fractional, an assumption",
    code: fn("a: Float64Array, b: Float64Array, n: number", "  let s = 0;\n  for (let i = 0; i < n; i++) s += a[i] * b[i];", "s"),
    line: 3,
    options: { allowReassociation: true },
    fix: { safe: false, title: /assumes a, b hold at least n elements/ },
  },
  {
    name: "product over a bound of another array's length: the same NaN guard",
    code: fn("a: Float64Array, b: Float64Array", "  let p = 1;\n  for (let i = 0; i < b.length; i++) p *= a[i];", "p"),
    line: 3,
    options: { allowReassociation: true },
    fix: { safe: true, title: /^Replace loop with p \*= a\.length >= b\.length \? nd\.prod\(a\.subarray\(0, b\.length\)\) : NaN$/ },
  },
  {
    name: "sum starting at -0: the empty case would turn it into +0, an assumption",
    code: fn("x: Float64Array", "  let s = -0;\n  for (let i = 0; i < x.length; i++) s += x[i];", "s"),
    line: 3,
    options: { allowReassociation: true },
    fix: { safe: false, title: /assumes `s` is not -0 before the loop/ },
  },
  {
    name: "sum whose start is reassigned before the loop: its sign is not proven",
    code: fn("x: Float64Array, k: number", "  let s = 0;\n  s = k;\n  for (let i = 0; i < x.length; i++) s += x[i];", "s"),
    line: 4,
    options: { allowReassociation: true },
    fix: { safe: false, title: /assumes `s` is not -0 before the loop/ },
  },
  {
    name: "sum whose start is negated by a compound assignment (s *= -1 stores -0): its sign is not proven",
    code: fn("x: Float64Array", "  let s = 0;\n  s *= -1;\n  for (let i = 0; i < x.length; i++) s += x[i];", "s"),
    line: 4,
    options: { allowReassociation: true },
    fix: { safe: false, title: /assumes `s` is not -0 before the loop/ },
  },
  {
    name: "sum whose start is written by destructuring before the loop: its sign is not proven",
    code: fn("x: Float64Array, k: number[]", "  let s = 0;\n  [s] = k;\n  for (let i = 0; i < x.length; i++) s += x[i];", "s"),
    line: 4,
    options: { allowReassociation: true },
    fix: { safe: false, title: /assumes `s` is not -0 before the loop/ },
  },
  {
    name: "sum of squared differences over number[]",
    code: fn("o: number[], p: number[]", "  let rss = 0;\n  for (let i = 0; i < o.length; i++) {\n    rss += (o[i] - p[i]) ** 2;\n  }", "rss"),
    line: 3,
    fix: { safe: false, title: /rss \+= p\.length >= o\.length \? nd\.sum\(nd\.power\(nd\.subtract\(o, p\.slice\(0, o\.length\)\), 2\)\) : NaN \(sum may differ in the last bits\)$/ },
  },
  {
    name: "squared differences through a temporary are inlined",
    code: fn("o: Float64Array", "  const p = new Float64Array(o.length);\n  let rss = 0;\n  for (let i = 0; i < o.length; i++) {\n    const d = o[i] - p[i];\n    rss += d * d;\n  }", "rss"),
    line: 4,
    fix: { safe: false, title: /nd\.sum\(nd\.multiply\(nd\.subtract\(o, p\), nd\.subtract\(o, p\)\)\)/ },
  },
  {
    name: "product",
    code: fn("x: Float64Array", "  let p = 1;\n  for (let i = 0; i < x.length; i++) p *= x[i];", "p"),
    line: 3,
    fix: { safe: false, title: /p \*= nd\.prod\(x\)/ },
  },
  {
    name: "max via comparison on Float64Array: nanmax skips NaN and keeps the first tied zero like the loop (safe)",
    code: fn("x: Float64Array", "  let best = -Infinity;\n  for (let i = 0; i < x.length; i++) {\n    if (x[i] > best) best = x[i];\n  }", "best"),
    line: 3,
    fix: {
      safe: true,
      output: IMPORT + fn("x: Float64Array", "  let best = -Infinity;\n  if (x.length > 0) {\n    const peak = nd.nanmax(x);\n    if (peak > best) best = peak;\n  }", "best"),
    },
  },
  {
    name: "min via comparison on Float64Array: nanmin, the mirror of the nanmax case (safe; the temporary avoids the taken name low)",
    code: fn("x: Float64Array", "  let low = Infinity;\n  for (let i = 0; i < x.length; i++) {\n    if (x[i] < low) low = x[i];\n  }", "low"),
    line: 3,
    fix: {
      safe: true,
      output: IMPORT + fn("x: Float64Array", "  let low = Infinity;\n  if (x.length > 0) {\n    const low2 = nd.nanmin(x);\n    if (low2 < low) low = low2;\n  }", "low"),
    },
  },
  {
    name: "max via comparison on Int32Array: exact, safe (empty array guarded)",
    code: fn("x: Int32Array", "  let best = -Infinity;\n  for (let i = 0; i < x.length; i++) if (best < x[i]) best = x[i];", "best"),
    line: 3,
    fix: {
      safe: true,
      output: IMPORT + fn("x: Int32Array", "  let best = -Infinity;\n  if (x.length > 0) {\n    const peak = nd.max(x);\n    if (peak > best) best = peak;\n  }", "best"),
    },
  },
  {
    name: "min via Math.min on Uint8Array: safe",
    code: fn("x: Uint8Array", "  let lo = Infinity;\n  for (let i = 0; i < x.length; i++) lo = Math.min(lo, x[i]);", "lo"),
    line: 3,
    fix: { safe: true, output: IMPORT + fn("x: Uint8Array", "  let lo = Infinity;\n  if (x.length > 0) lo = Math.min(lo, nd.min(x));", "lo") },
  },
  {
    name: "Math.max on Float64Array: NaN propagates in both, zero sign is the assumption",
    code: fn("x: Float64Array", "  let m = -Infinity;\n  for (let i = 0; i < x.length; i++) m = Math.max(m, x[i]);", "m"),
    line: 3,
    fix: { safe: false, title: /sign of a zero/ },
  },
  {
    name: "Int32Array sum: the runtime accumulates in its dtype, no fix",
    code: fn("x: Int32Array", "  let s = 0;\n  for (let i = 0; i < x.length; i++) s += x[i];", "s"),
    line: 3,
    message: /No automatic fix: x is Int32Array/,
  },
  {
    name: "conditional sum: finding without fix",
    code: fn("x: Float64Array", "  let s = 0;\n  for (let i = 0; i < x.length; i++) if (x[i] > 0) s += x[i];", "s"),
    line: 3,
    message: /mask/,
  },
  {
    name: "triple-loop matmul over number[][] reported once at the outer loop",
    code: fn("a: number[][], b: number[][], res: number[][]", "  for (let i = 0; i < a.length; i++) {\n    for (let j = 0; j < b[0].length; j++) {\n      for (let k = 0; k < b.length; k++) {\n        res[i][j] += a[i][k] * b[k][j];\n      }\n    }\n  }", "res"),
    line: 2,
    message: /nd\.matmul\(a, b\)/,
  },
  {
    name: "matmul with a scalar accumulator and flat buffers",
    code: fn("a: Float64Array, b: Float64Array, c: Float64Array, n: number", "  for (let i = 0; i < n; i++) {\n    for (let j = 0; j < n; j++) {\n      let s = 0;\n      for (let k = 0; k < n; k++) s += a[i * n + k] * b[k * n + j];\n      c[i * n + j] = s;\n    }\n  }", "c"),
    line: 2,
    message: /matmul/,
  },
  {
    name: ".reduce((a, b) => a + b, 0) on number[]",
    code: "export function f(values: number[]): number {\n  return values.reduce((a, b) => a + b, 0);\n}\n",
    line: 2,
    options: { allowReassociation: true },
    fix: { safe: true, output: IMPORT + "export function f(values: number[]): number {\n  return nd.sum(values);\n}\n" },
  },
  {
    name: ".reduce without allowReassociation is a refactor",
    code: "export const total = (v: Float64Array) => v.reduce((acc, x) => acc + x, 0);\n",
    line: 1,
    fix: { safe: false, title: /sum may differ in the last bits/ },
  },
  {
    name: ".reduce with Math.max on Int16Array keeps -Infinity for empty input",
    code: "export const top = (v: Int16Array) => {\n  return v.reduce((a, b) => Math.max(a, b), -Infinity);\n};\n",
    line: 2,
    fix: { safe: true, title: /\(v\.length > 0 \? nd\.max\(v\) : -Infinity\)/ },
  },
  {
    name: ".reduce with another initial value: no fix",
    code: "export const f = (v: number[]) => v.reduce((a, b) => a + b, 10);\n",
    line: 1,
    message: /initial value is not 0/,
  },
];

const FUSED = fn("x: Float64Array, y: Float64Array", "  let sx = 0;\n  let sy = 0;\n  let sxy = 0;\n  for (let i = 0; i < x.length; i++) {\n    sx += x[i];\n    sy += y[i];\n    sxy += x[i] * y[i];\n  }", "sx + sy + sxy");

const valid: ValidCase[] = [
  // Several reductions in one pass are already one read of the arrays (labelled negative on real code: ml-distance, meyda's regressions).
  { name: "fused reductions in one loop (sx, sy, sxy)", code: FUSED },
  { name: "prefix sum (the accumulator is written out every step)", code: fn("x: Float64Array", "  const out = new Float64Array(x.length);\n  let run = 0;\n  for (let i = 0; i < x.length; i++) {\n    run += x[i];\n    out[i] = run;\n  }", "out") },
  { name: "early break", code: fn("x: number[]", "  let t = 0;\n  for (let i = 0; i < x.length; i++) {\n    if (x[i] < 0) break;\n    t += x[i];\n  }", "t") },
  { name: "accumulator used inside the loop", code: fn("x: Float64Array", "  let s = 0;\n  for (let i = 0; i < x.length; i++) s += s * x[i];", "s") },
  { name: "index used non-affinely", code: fn("x: Float64Array, idx: Int32Array", "  let s = 0;\n  for (let i = 0; i < idx.length; i++) s += x[idx[i]];", "s") },
  { name: "call to a user function", code: "function w(v: number): number { return v; }\n" + fn("x: Float64Array", "  let s = 0;\n  for (let i = 0; i < x.length; i++) s += w(x[i]);", "s") },
  { name: "tiny fixed loop (3-vector dot)", code: fn("a: Float64Array, b: Float64Array", "  let s = 0;\n  for (let k = 0; k < 3; k++) s += a[k] * b[k];", "s") },
  { name: "array of objects", code: "interface P { m: number }\n" + fn("ps: P[]", "  let s = 0;\n  for (let i = 0; i < ps.length; i++) s += ps[i].m;", "s") },
  { name: "string concatenation", code: fn("xs: string[]", "  let s = '';\n  for (let i = 0; i < xs.length; i++) s += xs[i];", "s") },
  { name: "element-wise loop belongs to elementwise-loop", code: fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] * 2;", "y") },
  { name: "counting loop index accumulator", code: fn("n: number", "  let s = 0;\n  for (let i = 0; i < n; i++) s += i;", "s") },
  { name: "reduce with a side-effecting callback", code: "let calls = 0;\nexport const f = (v: number[]) => v.reduce((a, b) => { calls++; return a + b; }, 0);\n" },
  { name: "reduce over strings", code: "export const f = (v: string[]) => v.reduce((a, b) => a + b, '');\n" },
  { name: "already using the runtime", code: `import * as nd from "arraylint/runtime";\nexport const f = (v: Float64Array) => nd.sum(v);\n` },
  { name: "disabled by comment", code: fn("x: Float64Array", "  let s = 0;\n  // arraylint-disable-next-line manual-reduction -- one pass is fine here\n  for (let i = 0; i < x.length; i++) s += x[i];", "s") },
];

describe("manual-reduction: invalid", () => {
  for (const c of invalid) test(c.name, () => void assertInvalid(RULE, c));
});

describe("manual-reduction: valid", () => {
  for (const c of valid) test(c.name, () => assertValid(RULE, c));
});

test("manual-reduction: fused reductions are explained, not reported: one pass is right, and the runtime alternative is named", () => {
  const msgs = explanationsOf(RULE, FUSED);
  assert.ok(msgs.some((m) => /3 reductions \(sx, sy, sxy\) fused in one pass/.test(m) && /nd\.sum/.test(m)), msgs.join("\n"));
});

test("manual-reduction: explanations name the blocker", () => {
  assert.ok(explanationsOf(RULE, valid.find((v) => v.name === "early break")!.code).some((m) => /early exit/.test(m)));
  const carried = explanationsOf(RULE, valid.find((v) => v.name === "accumulator used inside the loop")!.code);
  assert.ok(carried.some((m) => /`s` changes inside the loop/.test(m)), carried.join("\n"));
});

test("manual-reduction: bench spec marks the accumulator as an output", () => {
  const [f] = findingsOf(RULE, SUM);
  assert.ok(f.bench);
  assert.equal(f.bench.after, "s += nd.sum(x);");
  assert.deepEqual(f.bench.variables, [
    { name: "x", type: "Float64Array", role: "input", length: "n" },
    { name: "s", type: "number", role: "output" },
  ]);
  // a float sum adds in another order: the bench compares within rtol 1e-9, and says so
  assert.equal(f.bench.tolerance, 1e-9);
});

test("manual-reduction: a max fix is exact, its bench compares bit for bit", () => {
  const code = "export function f(x: Float64Array): number {\n  let m = -Infinity;\n  for (let i = 0; i < x.length; i++) if (x[i] > m) m = x[i];\n  return m;\n}\n";
  const [f] = findingsOf(RULE, code);
  assert.ok(f.bench);
  assert.equal(f.bench.tolerance, undefined);
});

test("manual-reduction: a .reduce sum fix reorders too, so its bench compares within rtol 1e-9; a .reduce max bench bit for bit", () => {
  const [sum] = findingsOf(RULE, "export const total = (v: Float64Array) => v.reduce((acc, x) => acc + x, 0);\n");
  assert.equal(sum.bench?.tolerance, 1e-9);
  const [max] = findingsOf(RULE, "export const top = (v: Int16Array) => {\n  return v.reduce((a, b) => Math.max(a, b), -Infinity);\n};\n");
  assert.ok(max.bench);
  assert.equal(max.bench.tolerance, undefined);
});

// ---------------------------------------------------------------------------
// Differential: original vs fixed (with allowReassociation; sums compared with a tolerance).
// ---------------------------------------------------------------------------

const rt = runtime as unknown as Record<string, unknown>;
interface DiffCase {
  name: string;
  code: string;
  needs: string;
  inputs: (seed: number) => unknown[];
  /** Relative tolerance: 0 = identical. */
  tolerance: number;
}

const ints = (n: number, seed: number) => {
  const r = mulberry32(seed);
  return Int32Array.from({ length: n }, () => Math.floor((r() - 0.5) * 2e9));
};

const diffCases: DiffCase[] = [
  { name: "sum", code: SUM, needs: "sum", inputs: (s) => [edgyFloat64(100, s + 1).map((v) => (Number.isFinite(v) ? v : 1))], tolerance: 1e-9 },
  { name: "sum with NaN", code: SUM, needs: "sum", inputs: (s) => [edgyFloat64(100, 1 + 2 * s)], tolerance: 1e-9 },
  { name: "sum of empty", code: SUM, needs: "sum", inputs: () => [new Float64Array(0)], tolerance: 0 },
  { name: "dot", code: fn("a: Float64Array", "  const b = Float64Array.from(a);\n  let s = 0;\n  for (let i = 0; i < a.length; i++) s += a[i] * b[i];", "s"), needs: "dot", inputs: (s) => [edgyFloat64(64, 2 * s)], tolerance: 1e-9 },
  { name: "max Int32Array, incl. empty", code: fn("x: Int32Array", "  let best = -Infinity;\n  for (let i = 0; i < x.length; i++) if (x[i] > best) best = x[i];", "best"), needs: "max", inputs: (s) => [s === 3 ? new Int32Array(0) : ints(257, s)], tolerance: 0 },
  { name: "min Uint8Array Math.min", code: fn("x: Uint8Array", "  let lo = Infinity;\n  for (let i = 0; i < x.length; i++) lo = Math.min(lo, x[i]);", "lo"), needs: "min", inputs: (s) => [Uint8Array.from(ints(99, s), (v) => v & 255)], tolerance: 0 },
];

function close(a: unknown, b: unknown, tol: number): boolean {
  if (typeof a !== "number" || typeof b !== "number") return false;
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (tol === 0) return Object.is(a, b);
  return a === b || Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b));
}

describe("manual-reduction: differential (original vs fixed)", () => {
  for (const c of diffCases) {
    test(c.name, { skip: typeof rt[c.needs] !== "function" ? `runtime has no ${c.needs}() yet` : false }, () => {
      const [f] = findingsOf(RULE, c.code, { allowReassociation: true });
      assert.ok(f?.fix?.safe, "expected a safe fix with allowReassociation");
      const fixed = applyEdits(c.code, f.fix.edits);
      const original = loadModule(c.code).f;
      const rewritten = loadModule(fixed).f;
      for (const seed of [1, 2, 3]) {
        const a = c.inputs(seed);
        const b = c.inputs(seed);
        const ra = original(...a);
        const rb = rewritten(...b);
        assert.ok(close(rb, ra, c.tolerance), `${c.name} seed ${seed}: fixed ${String(rb)} vs original ${String(ra)}`);
      }
    });
  }
});
