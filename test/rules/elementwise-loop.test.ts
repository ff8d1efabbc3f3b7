// elementwise-loop: valid/invalid tables (one row per guard) and a differential test that runs
// the original and the safe-fixed code on seeded inputs (NaN, ±0, empty, aliasing).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { applyEdits } from "../../server/engine/index";
import { strictTypeErrors } from "../engine/typecheck";
import { EVALUATE_RESERVED } from "../../server/engine/analysis/vectorize";
import { assertInvalid, assertValid, explanationsOf, findingsOf, loadModule, edgyFloat64, assertSameValues, type InvalidCase, type ValidCase } from "../engine/rule-harness";

const RULE = "elementwise-loop";
const IMPORT = `import * as nd from "arraylint/runtime";\n\n`;

/** Wrap a loop in a function over Float64Array params. */
function fn(params: string, body: string, ret = "y"): string {
  return `export function f(${params}): unknown {\n${body}\n  return ${ret};\n}\n`;
}

const invalid: InvalidCase[] = [
  {
    name: "x + 10 into a fresh output of x's length (the lecture example)",
    code: fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) {\n    y[i] = x[i] + 10;\n  }"),
    line: 3,
    fix: {
      safe: true,
      title: /^Replace loop with nd\.add\(x, 10, \{ out: y \}\)$/,
      output: IMPORT + fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  nd.add(x, 10, { out: y });"),
    },
  },
  {
    name: "a cheap single call says it measured faster (x ** 2 is a multiply)",
    code: fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] ** 2;"),
    line: 3,
    message: /nd\.power\(x, 2, \{ out: y \}\)`\. A compiled typed-array loop is already fast; the single call measured from about the same speed up to 1\.7× faster/,
    fix: { safe: true, output: IMPORT + fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  nd.power(x, 2, { out: y });") },
  },
  {
    name: "a single comparison says its speed depends on the data (branch-free runtime loop)",
    code: fn("x: Float64Array, t: number", "  const y = new Uint8Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] > t ? 1 : 0;"),
    line: 3,
    message: /nd\.greater\(x, t, \{ out: y \}\)`\. The runtime's comparison loop has no branch/,
    fix: { safe: true },
  },
  {
    name: "a mask that cannot be fused (number[] input) keeps nested calls and says so, not the single-comparison figure",
    code: fn("x: number[], lo: number, hi: number", "  const y = new Uint8Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] < lo || x[i] > hi ? 1 : 0;"),
    line: 3,
    message: /nd\.logicalOr\(nd\.less\(x, lo\), nd\.greater\(x, hi\), \{ out: y \}\)`\. Nested calls copy a plain array into the runtime and allocate a temporary per inner call: measured 3\.4–15× slower/,
    fix: { safe: true },
  },
  {
    name: "a function-bound single call (exp, 2 ** x) says it measured about the same speed",
    code: fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = 2 ** x[i];"),
    line: 3,
    message: /nd\.power\(2, x, \{ out: y \}\)`\. The function itself dominates both versions/,
    fix: { safe: true, output: IMPORT + fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  nd.power(2, x, { out: y });") },
  },
  {
    name: "compound expression → one fused nd.evaluate (no temporaries)",
    code: fn("x: Float64Array, k: number", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] * 2 + k;"),
    line: 3,
    message: /nd\.evaluate\("x \* 2 \+ k", \{ x, k \}, \{ out: y \}\)`\. One fused pass/,
    fix: {
      safe: true,
      title: /^Replace loop with nd\.evaluate\("x \* 2 \+ k", \{ x, k \}, \{ out: y \}\)$/,
      output: IMPORT + fn("x: Float64Array, k: number", '  const y = new Float64Array(x.length);\n  nd.evaluate("x * 2 + k", { x, k }, { out: y });'),
    },
  },
  {
    name: "in-place compound expression: out aliases the operand",
    code: fn("x: Float64Array", "  for (let i = 0; i < x.length; i++) x[i] = x[i] * 2 + 1;", "x"),
    line: 2,
    fix: { safe: true, output: IMPORT + fn("x: Float64Array", '  nd.evaluate("x * 2 + 1", { x }, { out: x });', "x") },
  },
  {
    name: "evaluate keeps the loop's grouping: a - (b - c), (a + b) * c, (-2) ** x, -(x ** 2)",
    code: fn("x: Float64Array, z: Float64Array", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] - (z[i] - x[i]) + (x[i] + 1) * z[i] + (-2) ** x[i] - -(x[i] ** 2) * -3;"),
    line: 3,
    fix: { safe: false, title: /nd\.evaluate\("x - \(z - x\) \+ \(x \+ 1\) \* z \+ \(-2\) \*\* x - -\(x \*\* 2\) \* -3", \{ x, z: z\.subarray\(0, x\.length\) \}, \{ out: y \}\)/ },
  },
  {
    name: "non-identifier scalars get generated names that avoid the code's own (this.scale, a const s0)",
    code: "export class K {\n  scale = 2;\n  run(x: Float64Array): Float64Array {\n    const s0 = 1;\n    const y = new Float64Array(x.length);\n    for (let i = 0; i < x.length; i++) y[i] = (x[i] - s0) * this.scale + Math.PI;\n    return y;\n  }\n}\n",
    line: 6,
    fix: { safe: true, title: /^Replace loop with nd\.evaluate\("\(x - s0\) \* s1 \+ s2", \{ x, s0, s1: this\.scale, s2: Math\.PI \}, \{ out: y \}\)$/ },
  },
  {
    name: "number[] input: nd.evaluate takes TypedArrays only, the nested calls stay",
    code: fn("x: number[]", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] * 2 + 1;"),
    line: 3,
    fix: { safe: true, title: /^Replace loop with nd\.add\(nd\.multiply\(x, 2\), 1, \{ out: y \}\)$/ },
  },
  {
    name: "Math functions, power, unary minus and two inputs of the same length",
    code: fn(
      "x: Float64Array",
      "  const n = x.length;\n  const z = Float64Array.from(x);\n  const y = new Float64Array(n);\n  for (let i = 0; i < n; i++) y[i] = Math.sqrt(Math.abs(x[i])) - z[i] ** 2 + Math.exp(-x[i]) / Math.log(Math.pow(z[i], 3));",
    ),
    line: 5,
    fix: { safe: true, title: /nd\.evaluate\("sqrt\(abs\(x\)\) - z \*\* 2 \+ exp\(-x\) \/ log\(z \*\* 3\)", \{ x, z \}, \{ out: y \}\)/ },
  },
  {
    name: "in place on the same identifier (x aliases itself exactly)",
    code: fn("x: Float64Array", "  for (let i = 0; i < x.length; i++) x[i] = x[i] * 0.5;", "x"),
    line: 2,
    fix: { safe: true, title: /nd\.multiply\(x, 0\.5, \{ out: x \}\)/ },
  },
  {
    name: "compound assignment y[i] += x[i]",
    code: fn("x: Float64Array", "  const y = Float64Array.from(x);\n  for (let i = 0; i < y.length; i++) y[i] += x[i];"),
    line: 3,
    fix: { safe: true, title: /nd\.add\(y, x, \{ out: y \}\)/ },
  },
  {
    name: "Float32Array output: one final rounding, as in JS",
    code: fn("x: Float64Array", "  const y = new Float32Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] / 3;"),
    line: 3,
    fix: { safe: true, title: /nd\.divide\(x, 3, \{ out: y \}\)/ },
  },
  {
    name: "decreasing loop, hoisted bound",
    code: fn("x: Float64Array", "  const n = x.length;\n  const y = new Float64Array(n);\n  for (let i = n - 1; i >= 0; i--) y[i] = x[i] - 1;"),
    line: 4,
    fix: { safe: true, title: /nd\.subtract\(x, 1, \{ out: y \}\)/ },
  },
  {
    name: "bound cached in the loop header: for (let i = 0, n = x.length; i < n; i++)",
    code: fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  for (let i = 0, n = x.length; i < n; i++) y[i] = x[i] * x[i];"),
    line: 3,
    fix: { safe: true, title: /^Replace loop with nd\.multiply\(x, x, \{ out: y \}\)$/ },
  },
  {
    name: "header-cached parameter bound needs views it could not name: no fix",
    code: fn("x: Float64Array, k: number", "  const y = new Float64Array(k);\n  for (let i = 0, n = k; i < n; i++) y[i] = x[i] * 2;"),
    line: 3,
    message: /bound is declared in the loop header/,
  },
  {
    name: "for…of entries",
    code: fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  for (const [i, v] of x.entries()) y[i] = v * v;"),
    line: 3,
    fix: { safe: true, title: /nd\.multiply\(x, x, \{ out: y \}\)/ },
  },
  {
    name: "distinct parameters may overlap: refactor stating the assumption",
    code: fn("x: Float64Array, y: Float64Array", "  for (let i = 0; i < x.length; i++) y[i] = x[i] + 1;"),
    line: 2,
    fix: { safe: false, title: /nd\.add\(x, 1, \{ out: y\.subarray\(0, x\.length\) \}\).*assumes y holds at least x\.length elements; y does not overlap x/ },
  },
  {
    name: "bound passed as a parameter: subarray views, refactor",
    code: fn("x: Float64Array, n: number", "  const y = new Float64Array(n);\n  for (let i = 0; i < n; i++) y[i] = x[i] * 3;"),
    line: 3,
    // y = new Float64Array(n) has exactly n elements whenever the loop runs; x may be shorter.
    fix: { safe: false, title: /nd\.multiply\(x\.subarray\(0, n\), 3, \{ out: y \}\).*assumes x holds at least n elements/ },
  },
  {
    name: "number[] input into a Float64Array of its length is safe (runtime reads it as float64)",
    code: fn("x: number[]", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] * 2;"),
    line: 3,
    fix: { safe: true },
  },
  {
    name: "Int32Array input: the runtime would compute in int32, no fix",
    code: fn("x: Int32Array", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] * 2;"),
    line: 3,
    message: /No automatic fix: x is Int32Array/,
  },
  {
    name: "Float32Array in and out, one operation with a float32-exact literal: safe (float64 then one rounding = float32 arithmetic)",
    code: fn("x: Float32Array", "  const y = new Float32Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] * 3;"),
    line: 3,
    fix: { safe: true, output: IMPORT + fn("x: Float32Array", "  const y = new Float32Array(x.length);\n  nd.multiply(x, 3, { out: y });") },
  },
  {
    name: "Float32Array with a literal float32 cannot hold (0.1): the runtime rounds the scalar first, no fix",
    code: fn("x: Float32Array", "  const y = new Float32Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] * 0.1;"),
    line: 3,
    message: /No automatic fix: x is Float32Array/,
  },
  {
    name: "Float32Array with two operations: JS keeps the float64 intermediate, no fix",
    code: fn("x: Float32Array", "  const y = new Float32Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] * 2 + 1;"),
    line: 3,
    message: /No automatic fix: x is Float32Array/,
  },
  {
    name: "Float32Array times a number parameter (maybe not a float32 value): no fix",
    code: fn("x: Float32Array, k: number", "  const y = new Float32Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] * k;"),
    line: 3,
    message: /No automatic fix: x is Float32Array/,
  },
  {
    name: "Float32Array input into a Float64Array: the runtime's float32 result would be widened, no fix",
    code: fn("x: Float32Array", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] * 3;"),
    line: 3,
    message: /No automatic fix: x is Float32Array/,
  },
  {
    name: "number[] output: no buffer to write into, no fix",
    code: fn("x: Float64Array", "  const y: number[] = new Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] * 2;"),
    line: 3,
    message: /No automatic fix/,
  },
  {
    name: "while loop (counter visible after the loop): finding, no fix",
    code: fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  let i = 0;\n  while (i < x.length) {\n    y[i] = x[i] + 1;\n    i++;\n  }"),
    line: 4,
    message: /counter is visible after the loop/,
  },
  {
    name: "comparison flags into an Int32Array: bool result fits any typed array",
    code: fn("x: Float64Array, lo: number, hi: number", "  const flags = new Int32Array(x.length);\n  for (let i = 0; i < x.length; i++) flags[i] = x[i] < lo || x[i] > hi ? 1 : 0;", "flags"),
    line: 3,
    fix: { safe: true, title: /^Replace loop with nd\.evaluate\("\(x < lo\) \| \(x > hi\)", \{ x, lo, hi \}, \{ out: flags \}\)$/ },
  },
  {
    name: "ternary → where (NaN takes the else branch in both)",
    code: fn("x: Float64Array, t: number", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] > t ? x[i] : t;"),
    line: 3,
    fix: { safe: true, title: /nd\.evaluate\("where\(x > t, x, t\)", \{ x, t \}, \{ out: y \}\)/ },
  },
  {
    name: "c ? 0 : 1 → logicalNot",
    code: fn("x: Float64Array", "  const m = new Uint8Array(x.length);\n  for (let i = 0; i < x.length; i++) m[i] = x[i] === 0 ? 0 : 1;", "m"),
    line: 3,
    fix: { safe: true, title: /nd\.evaluate\("~\(x == 0\)", \{ x \}, \{ out: m \}\)/ },
  },
  {
    name: "float result into an Int32Array: no fix",
    code: fn("x: Float64Array, t: number", "  const y = new Int32Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] > t ? x[i] : t;"),
    line: 3,
    message: /not a Float64Array\/Float32Array/,
  },
  {
    name: "conditional write under an if: finding without fix",
    code: fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) {\n    if (x[i] > 0) y[i] = x[i];\n  }"),
    line: 3,
    message: /where\(\)/,
  },
  {
    name: "fill with the index value up to a run-time size (arange)",
    code: fn("n: number", "  const xs = new Float64Array(n);\n  for (let i = 0; i < n; i++) xs[i] = i;", "xs"),
    line: 3,
    messageId: "fill",
  },
  {
    name: "2-D nest over number[][] reported once at the outer loop",
    code: fn("x: number[][]", "  const y: number[][] = x.map((r) => r.slice());\n  for (let i = 0; i < 8; i++) {\n    for (let j = 0; j < 8; j++) {\n      y[i][j] = x[i][j] + 10;\n    }\n  }"),
    line: 3,
    message: /number\[\]\[\]/,
  },
  {
    name: "flat row-major i * w + j nest",
    code: fn("g: Float64Array, rows: number, cols: number", "  const y = new Float64Array(rows * cols);\n  for (let r = 0; r < rows; r++) {\n    for (let c = 0; c < cols; c++) {\n      y[r * cols + c] = Math.sqrt(g[r * cols + c]);\n    }\n  }"),
    line: 3,
    messageId: "nestFlat",
  },
  {
    name: "several fresh outputs with temporaries (Mandelbrot step)",
    code: fn("cr: Float64Array, ci: Float64Array", "  const zr = Float64Array.from(cr);\n  const zi = Float64Array.from(ci);\n  for (let p = 0; p < zr.length; p++) {\n    const r = zr[p];\n    const m = zi[p];\n    zr[p] = r * r - m * m + cr[p];\n    zi[p] = 2 * r * m + ci[p];\n  }", "zr"),
    line: 4,
    message: /several outputs/,
  },
  {
    name: ".map of a pure arithmetic function (np.vectorize trap)",
    code: "function logistic(v: number): number {\n  return 1 / (1 + Math.exp(-v));\n}\nexport function f(xs: Float64Array): Float64Array {\n  return xs.map(logistic);\n}\n",
    line: 5,
    message: /np\.vectorize/,
  },
  {
    name: "class method and arrow function bodies are analysed too",
    code: "export class K {\n  scale = 2;\n  run(x: Float64Array): Float64Array {\n    const y = new Float64Array(x.length);\n    for (let i = 0; i < x.length; i++) y[i] = x[i] * this.scale;\n    return y;\n  }\n}\n",
    line: 5,
    fix: { safe: true, title: /nd\.multiply\(x, this\.scale, \{ out: y \}\)/ },
  },
  {
    name: "arrow function",
    code: "export const f = (x: Float64Array) => {\n  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = -x[i];\n  return y;\n};\n",
    line: 3,
    fix: { safe: true, title: /nd\.negative\(x, \{ out: y \}\)/ },
  },
  // --- real-code shapes (issue 8): loop headers, inferred types, accessors, strides, nests -------------
  {
    name: "sub-range for (i = from; i <= to; i++): views subarray(from, to + 1), a refactor naming the range",
    code: fn("x: Float64Array, y: Float64Array, from: number, to: number", "  for (let i = from; i <= to; i++) y[i] = x[i] * 2;"),
    line: 2,
    messageId: "call",
    fix: { safe: false, title: /^Replace loop with nd\.multiply\(x\.subarray\(from, to \+ 1\), 2, \{ out: y\.subarray\(from, to \+ 1\) \}\) \(assumes indices from … to lie within x, y; y does not overlap x\)$/ },
  },
  {
    name: "loop from 1 over arrays of the bound's length: the views are exactly the loop's elements (safe)",
    code: fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  for (let i = 1; i < x.length; i++) y[i] = x[i] - 1;"),
    line: 3,
    fix: { safe: true, output: IMPORT + fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  nd.subtract(x.subarray(1, x.length), 1, { out: y.subarray(1, x.length) });") },
  },
  {
    name: "counter declared before the loop (for (i = 0; …)): a finding, no fix (the counter outlives the loop)",
    code: fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  let i;\n  for (i = 0; i < x.length; i++) y[i] = x[i] + 1;"),
    line: 4,
    message: /counter is visible after the loop/,
  },
  {
    name: "while (i--) counting down from the length: a finding, no fix",
    code: fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  let i = x.length;\n  while (i--) y[i] = x[i] * 3;"),
    line: 4,
    messageId: "noFix",
  },
  {
    name: "offset index y[i] = x[off + i]: a view from the offset, a refactor",
    code: fn("x: Float64Array, off: number, n: number", "  const y = new Float64Array(n);\n  for (let i = 0; i < n; i++) y[i] = x[off + i] * 2;"),
    line: 3,
    fix: { safe: false, title: /nd\.multiply\(x\.subarray\(off, n \+ off\), 2, \{ out: y \}\) \(assumes x\[off … n - 1 \+ off\] exist\)$/ },
  },
  {
    name: "strided index x[i * 2]: a finding without fix (strided messageId)",
    code: fn("x: Float64Array", "  const y = new Float64Array(x.length >> 1);\n  for (let i = 0; i < y.length; i++) y[i] = x[i * 2] * 0.5;"),
    line: 3,
    messageId: "strided",
  },
  {
    name: "shifted read-only views (a diff: x[i + 1] - x[i]): a finding, no fix",
    code: fn("x: Float64Array", "  const d = new Float64Array(x.length - 1);\n  for (let i = 0; i < d.length; i++) d[i] = x[i + 1] - x[i];", "d"),
    line: 3,
    messageId: "noFix",
    message: /read at several offsets/,
  },
  {
    name: "an array reached through this. (a class field, in place): the fix reads it the same way (safe)",
    code: "export class S {\n  data = new Float64Array(100);\n  scale(k: number): void {\n    for (let i = 0; i < this.data.length; i++) this.data[i] = this.data[i] * k;\n  }\n}\n",
    line: 4,
    messageId: "call",
    fix: { safe: true, title: /^Replace loop with nd\.multiply\(this\.data, k, \{ out: this\.data \}\)$/ },
  },
  {
    name: "an array reached through a getter may be a new array on every read: views and a refactor",
    code: "export class S {\n  #d = new Float64Array(100);\n  get data(): Float64Array {\n    return this.#d;\n  }\n  scale(k: number): void {\n    for (let i = 0; i < this.data.length; i++) this.data[i] = this.data[i] * k;\n  }\n}\n",
    line: 7,
    messageId: "call",
    fix: { safe: false },
  },
  {
    name: "a union of numeric arrays (cheminfo's NumberArray): a finding, no fix (the dtype is unknown)",
    code: "type NumberArray = number[] | Float64Array | Float32Array;\n" + fn("a: NumberArray, k: number", "  const out = new Float64Array(a.length);\n  for (let i = 0; i < a.length; i++) out[i] = a[i] + k;", "out"),
    line: 4,
    messageId: "noFix",
    message: /may be any numeric array/,
  },
  {
    name: "ArrayLike<number> input: a finding, no fix",
    code: fn("a: ArrayLike<number>", "  const out = new Float64Array(a.length);\n  for (let i = 0; i < a.length; i++) out[i] = a[i] * 2;", "out"),
    line: 3,
    messageId: "noFix",
  },
  {
    name: "generic T extends Float64Array is a Float64Array: the fix applies",
    code: "export function f<T extends Float64Array>(x: T): Float64Array {\n  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] * 2;\n  return y;\n}\n",
    line: 3,
    fix: { safe: true, title: /nd\.multiply\(x, 2, \{ out: y \}\)/ },
  },
  {
    name: "an unresolved NumberArray alias (cheminfo-types not installed): inferred, no fix",
    code: "import type { NumberArray } from 'cheminfo-types';\n" + fn("a: NumberArray, b: NumberArray", "  const out = new Float64Array(a.length);\n  for (let i = 0; i < a.length; i++) out[i] = a[i] - b[i];", "out"),
    line: 4,
    messageId: "inferred",
  },
  {
    name: "JSDoc types in JavaScript are declared types: the safe fix applies (no TypeScript syntax in it)",
    ext: ".js",
    code: "/** @param {Float64Array} x */\nexport function f(x) {\n  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] * 2 + 1;\n  return y;\n}\n",
    line: 4,
    fix: { safe: true, output: IMPORT + '/** @param {Float64Array} x */\nexport function f(x) {\n  const y = new Float64Array(x.length);\n  nd.evaluate("x * 2 + 1", { x }, { out: y });\n  return y;\n}\n' },
  },
  {
    name: "untyped JavaScript with numeric evidence (x[i] * 2): inferred, no fix",
    ext: ".js",
    code: "export function f(x) {\n  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] * 2;\n  return y;\n}\n",
    line: 3,
    messageId: "inferred",
  },
  {
    name: "untyped JavaScript: new Array(n) output, arithmetic on the input (jStat's deviations)",
    ext: ".js",
    code: "export function dev(arr, mean) {\n  var n = arr.length;\n  var d = new Array(n);\n  for (var i = 0; i < n; i++) {\n    d[i] = arr[i] - mean;\n  }\n  return d;\n}\n",
    line: 4,
    messageId: "inferred",
  },
  {
    name: "push map of arithmetic (jStat's |x - mean|): push messageId",
    code: fn("arr: number[], mean: number", "  const a: number[] = [];\n  for (let i = arr.length - 1; i >= 0; i--) {\n    a.push(Math.abs(arr[i] - mean));\n  }", "a"),
    line: 3,
    messageId: "push",
  },
  {
    name: "Number(x[i]) and a const alias of Math.log are element-wise",
    code: "const log = Math.log;\n" + fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = log(Number(x[i])) * 2;"),
    line: 4,
    messageId: "noFix",
  },
  {
    name: "integer bit operations (x << 8) are element-wise: a finding, no fix",
    code: fn("x: Uint8Array", "  const y = new Uint16Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] << 8;"),
    line: 3,
    messageId: "noFix",
  },
  {
    name: "several local outputs written by a comma expression (d3's a[i] = 1, b[i] = 4, r[i] = …)",
    code: fn("x: number[], n: number", "  const a = new Array(n);\n  const b = new Array(n);\n  const r = new Array(n);\n  for (let i = 1; i < n - 1; ++i) a[i] = 1, b[i] = 4, r[i] = 4 * x[i] + 2 * x[i + 1];", "r"),
    line: 5,
    messageId: "severalOutputs",
  },
  {
    name: "a matrix accessor in a nest (ml-matrix: m.set(i, j, m.get(i, j) - mean[i])): nestAccessor",
    code: "class M {\n  data: Float64Array[] = [];\n  rows = 0;\n  columns = 0;\n  get(i: number, j: number): number {\n    return this.data[i][j];\n  }\n  set(i: number, j: number, v: number): this {\n    this.data[i][j] = v;\n    return this;\n  }\n}\nexport function center(m: M, mean: number[]): M {\n  for (let i = 0; i < m.rows; i++) {\n    for (let j = 0; j < m.columns; j++) {\n      m.set(i, j, m.get(i, j) - mean[i]);\n    }\n  }\n  return m;\n}\n",
    line: 14,
    messageId: "nestAccessor",
  },
  {
    name: "an untyped receiver's get/set in JavaScript is read as an element accessor (inferred)",
    ext: ".js",
    code: "export function scale(matrix, s) {\n  for (let i = 0; i < matrix.rows; i++) {\n    for (let j = 0; j < matrix.columns; j++) {\n      matrix.set(i, j, matrix.get(i, j) / s);\n    }\n  }\n  return matrix;\n}\n",
    line: 2,
    messageId: "nestAccessor",
  },
  {
    name: "an image accessor read in one loop (image-js: row[c] = img.getValue(c, r, k)): accessor messageId",
    code: "class Img {\n  private readonly data = new Uint8Array(0);\n  width = 0;\n  channels = 1;\n  getValue(column: number, row: number, channel: number): number {\n    return this.data[(row * this.width + column) * this.channels + channel];\n  }\n}\nexport function rowOf(img: Img, r: number, k: number): Float64Array {\n  const out = new Float64Array(img.width);\n  for (let c = 0; c < img.width; c++) out[c] = img.getValue(c, r, k) * 2;\n  return out;\n}\n",
    line: 11,
    messageId: "accessor",
  },
  {
    name: "a setter that clips the value first (image-js setClampedValue) is a plain write after a clip",
    code: "class Img {\n  data = new Uint8Array(0);\n  maxValue = 255;\n  setClamped(i: number, v: number): void {\n    if (v < 0) v = 0;\n    else if (v > this.maxValue) v = this.maxValue;\n    this.data[i] = v;\n  }\n}\nexport function f(img: Img, x: Float64Array): void {\n  for (let i = 0; i < x.length; i++) img.setClamped(i, x[i] * 2);\n}\n",
    line: 11,
    messageId: "accessor",
    message: /clips the value first/,
  },
  {
    name: "2-D map over number[][] walked column-major (ml-spectra's matrixZRescale)",
    code: fn("m: number[][], out: number[][], k: number", "  for (let c = 0; c < m[0].length; c++) {\n    for (let r = 0; r < m.length; r++) {\n      out[r][c] = (m[r][c] - k) * 2;\n    }\n  }", "out"),
    line: 2,
    messageId: "nestNested",
  },
  {
    name: ".map(Math.sqrt) is an element-wise call",
    code: "export const f = (xs: Float64Array) => xs.map(Math.sqrt);\n",
    line: 1,
    messageId: "map",
  },
  {
    name: ".map((v, i) => v * w[i]) reads another array at the same index",
    code: "export const f = (xs: number[], w: number[]) => xs.map((v, i) => v * w[i]);\n",
    line: 1,
    messageId: "map",
  },
  {
    name: "a nested row map over number[][] is one finding",
    code: "export function f(m: number[][], w: number[]): number[][] {\n  return m.map((row) => row.map((v, j) => v * w[j]));\n}\n",
    line: 2,
    messageId: "map",
  },
  {
    name: ".map over an untyped array with arithmetic (meyda's n / max): map, inferred",
    ext: ".js",
    code: "export function normalizeToOne(a) {\n  var max = Math.max.apply(null, a);\n  return a.map(function (n) {\n    return n / max;\n  });\n}\n",
    line: 3,
    messageId: "map",
  },
];

const valid: ValidCase[] = [
  { name: "loop-carried dependency y[i] = y[i-1] + x[i]", code: fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  for (let i = 1; i < x.length; i++) y[i] = y[i - 1] + x[i];") },
  { name: "loop-carried dependency, loop from 0", code: fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = y[i - 1] + x[i];") },
  { name: "loop-carried dependency from index 0", code: fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = (i > 0 ? y[i - 1] : 0) + x[i];") },
  { name: "step of 2 (every other element)", code: fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i += 2) y[i] = y[i + 1] * 2;") },
  { name: "write ahead x[i+1] = x[i] * 2", code: fn("x: Float64Array", "  for (let i = 0; i < x.length - 1; i++) x[i + 1] = x[i] * 2;", "x") },
  { name: "early break", code: fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) {\n    if (x[i] < 0) break;\n    y[i] = x[i] * 2;\n  }") },
  { name: "early return", code: fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) {\n    if (x[i] < 0) return y;\n    y[i] = x[i] * 2;\n  }") },
  { name: "continue", code: fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) {\n    if (x[i] < 0) continue;\n    y[i] = x[i] * 2;\n  }") },
  { name: "call to a user function", code: "function g(v: number): number { return v * 2; }\n" + fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = g(x[i]);") },
  { name: "side effect (console.log)", code: "declare const console: { log(...a: unknown[]): void };\n" + fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) {\n    y[i] = x[i] * 2;\n    console.log(i);\n  }") },
  { name: "writes to two parameters that may alias", code: fn("x: Float64Array, a: Float64Array, b: Float64Array", "  for (let i = 0; i < x.length; i++) {\n    a[i] = x[i] + 1;\n    b[i] = a[i] * 2;\n  }", "a") },
  { name: "index used non-affinely (gather)", code: fn("x: Float64Array, idx: Int32Array", "  const y = new Float64Array(idx.length);\n  for (let i = 0; i < idx.length; i++) y[i] = x[idx[i]];") },
  { name: "index squared", code: fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < 100; i++) y[i] = x[i * i];") },
  { name: "array of objects (AoS)", code: "interface P { x: number; vx: number }\n" + fn("ps: P[], dt: number", "  for (let i = 0; i < ps.length; i++) ps[i].x += ps[i].vx * dt;", "ps") },
  { name: "string array", code: fn("s: string[]", "  const y: string[] = [];\n  for (let i = 0; i < s.length; i++) y[i] = s[i] + '!';") },
  { name: "tiny fixed loop (vec3)", code: fn("a: Float64Array, b: Float64Array", "  const y = new Float64Array(3);\n  for (let k = 0; k < 3; k++) y[k] = a[k] + b[k];") },
  { name: "tiny fixed loop via const", code: "const DIM = 4;\n" + fn("a: Float64Array", "  const y = new Float64Array(DIM);\n  for (let k = 0; k < DIM; k++) y[k] = a[k] * 2;") },
  { name: "accumulator carried into the output (cumprod)", code: fn("n: number, rate: number", "  const y = new Float64Array(n);\n  let v = 1;\n  for (let i = 0; i < n; i++) {\n    y[i] = v;\n    v *= rate;\n  }") },
  { name: "prefix sum", code: fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  let run = 0;\n  for (let i = 0; i < x.length; i++) {\n    run += x[i];\n    y[i] = run;\n  }") },
  { name: "a reduction is not an element-wise loop", code: fn("x: Float64Array", "  let s = 0;\n  for (let i = 0; i < x.length; i++) s += x[i];", "s") },
  { name: "code already using the runtime", code: `import * as nd from "arraylint/runtime";\n` + fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  nd.add(x, 10, { out: y });") },
  { name: "push loop belongs to push-then-convert", code: fn("n: number", "  const y: number[] = [];\n  for (let i = 0; i < n; i++) y.push(i * 2);") },
  { name: "disabled by comment", code: fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  // arraylint-disable-next-line elementwise-loop -- measured: the loop is faster here\n  for (let i = 0; i < x.length; i++) y[i] = x[i] + 10;") },
  // A table built from the index (a window function, an arange) runs once per size and reads no input: labelled negative on real code (meyda's windows, fft.js's twiddles).
  { name: "arange fill of a constant size (a one-time table: p[i] = i for 256 entries)", code: "export function table(): Uint8Array {\n  const size = 512;\n  const p = new Uint8Array(size);\n  for (let i = 0; i < size / 2; i++) p[i] = i;\n  return p;\n}\n" },
  { name: "window function from the index only", code: fn("n: number", "  const w = new Float64Array(n);\n  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));", "w") },
  { name: "constant fill", code: fn("n: number", "  const z = new Float64Array(n);\n  for (let i = 0; i < n; i++) z[i] = 1;", "z") },
  { name: "any-typed arrays", code: fn("x: any", "  const y: any = [];\n  for (let i = 0; i < x.length; i++) y[i] = x[i] + 10;") },
  { name: ".map with the index argument", code: "export const f = (xs: Float64Array) => xs.map((v, i) => v * i);\n" },
  { name: ".map of a function with side effects", code: "let calls = 0;\nfunction g(v: number): number { calls++; return v; }\nexport const f = (xs: Float64Array) => xs.map(g);\n" },
];

// Real-code look-alikes that must stay silent (issue 8 item 3, labelled negative on the real-world set).
const validRealCode: ValidCase[] = [
  { name: "rank-length loop: d < shape.length", code: fn("shape: number[]", "  const strides = new Array<number>(shape.length);\n  for (let d = 0; d < shape.length; d++) strides[d] = shape[d] * 8;", "strides") },
  { name: "rank-length loop: a pixel's channels (c < image.channels)", code: "interface Img { channels: number; data: Float64Array }\n" + fn("img: Img, start: number", "  const px = new Float64Array(4);\n  for (let c = 0; c < img.channels; c++) px[c] = img.data[start + c] * 2;", "px") },
  { name: "an array literal of a few values", code: fn("", "  const w = [0.25, 0.5, 0.25];\n  const out = new Float64Array(w.length);\n  for (let i = 0; i < w.length; i++) out[i] = w[i] * 2;", "out") },
  { name: "an array of 24 values (a default size the code shows): a call costs more", code: "export function f({ bands = 24 }: { bands?: number }): Float32Array {\n  const specific = new Float32Array(bands);\n  const out = new Float32Array(bands);\n  for (let i = 0; i < specific.length; i++) out[i] = specific[i] * 2;\n  return out;\n}\n" },
  { name: "a table built in steps from the index (meyda's bark scale)", code: fn("n: number, rate: number", "  const bark = new Float32Array(n);\n  for (let i = 0; i < bark.length; i++) {\n    bark[i] = (i * rate) / n;\n    bark[i] = 13 * Math.atan(bark[i] / 1315.8);\n  }", "bark") },
  { name: "untyped JavaScript without numeric evidence (x[i] + z[i] may be strings)", ext: ".js", code: "export function f(x, z) {\n  const y = [];\n  for (let i = 0; i < x.length; i++) y[i] = x[i] + z[i];\n  return y;\n}\n" },
  { name: "a copy grown by push is push-then-convert's business", code: fn("x: Float64Array", "  const out: number[] = [];\n  for (let i = 0; i < x.length; i++) out.push(x[i]);", "out") },
  { name: "a palette lookup (result[i * ch + c] = palette[data[i]][c]) is a gather", code: fn("data: Uint8Array, palette: number[][], ch: number", "  const result = new Uint8Array(data.length * ch);\n  for (let i = 0; i < data.length; i++) {\n    for (let c = 0; c < ch; c++) result[i * ch + c] = palette[data[i]][c] * 1;\n  }", "result") },
  { name: "a column copied out of separate row arrays", code: fn("rows: number[][], j: number", "  const col = new Float64Array(rows.length);\n  for (let i = 0; i < rows.length; i++) col[i] = rows[i][j];", "col") },
  { name: "a setter with a side effect is not a plain element write", code: "class Img {\n  data = new Uint8Array(0);\n  writes = 0;\n  setCounted(i: number, v: number): void {\n    this.writes++;\n    this.data[i] = v;\n  }\n}\nexport function f(img: Img, x: Float64Array): void {\n  for (let i = 0; i < x.length; i++) img.setCounted(i, x[i] * 2);\n}\n" },
  { name: "tuples of points (ring[i][0], ring[i][1]) are objects, not a matrix", code: fn("ring: [number, number][]", "  const xs = new Float64Array(ring.length);\n  for (let i = 0; i < ring.length; i++) xs[i] = ring[i][0] * 2;", "xs") },
  { name: "the counter moved inside the body skips elements", code: fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) {\n    y[i] = x[i] * 2;\n    i++;\n  }") },
  { name: ".map over a tiny literal array", code: "export const f = (k: number) => [1, 2, 3].map((v) => v * k);\n" },
  { name: ".map calling an opaque callback", code: "export const f = (xs: number[], cb: (v: number) => number) => xs.map((v) => cb(v));\n" },
  { name: ".map of an index-only table (_, i) => i * dx", code: "export const f = (xs: number[], dx: number) => xs.map((_, i) => i * dx);\n" },
];

describe("elementwise-loop: valid (real-code look-alikes)", () => {
  for (const c of validRealCode) test(c.name, () => assertValid(RULE, c));
});

describe("elementwise-loop: invalid", () => {
  for (const c of invalid) test(c.name, () => void assertInvalid(RULE, c));
});

describe("elementwise-loop: valid", () => {
  for (const c of valid) test(c.name, () => assertValid(RULE, c));
});

test("an outer loop carrying state is not flagged; its element-wise inner loops are", () => {
  const code = fn("x: Float64Array, steps: number", "  for (let s = 1; s <= steps; s++) {\n    for (let p = 0; p < x.length; p++) x[p] = x[p] * 0.5;\n    for (let p = 0; p < x.length; p++) x[p] = x[p] + s;\n  }", "x");
  assert.deepEqual(findingsOf(RULE, code).map((f) => f.range.start.line + 1), [3, 4]);
});

test("options.minArraySize skips loops with a smaller constant trip count", () => {
  const code = fn("x: Float64Array", "  const y = new Float64Array(64);\n  for (let i = 0; i < 64; i++) y[i] = x[i] * 2;");
  assert.equal(findingsOf(RULE, code).length, 1);
  assert.equal(findingsOf(RULE, code, { minArraySize: 100 }).length, 0);
  assert.equal(findingsOf(RULE, code, { minArraySize: 64 }).length, 1);
});

describe("elementwise-loop: explanations (options.explain)", () => {
  test("names the blocker of a look-alike", () => {
    // a loop from 1 is a counting loop now: its blocker is the read of the previous element
    assert.ok(explanationsOf(RULE, valid[0].code).some((m) => /y\[i - 1\]/.test(m)));
    const strided = valid.find((v) => v.name === "step of 2 (every other element)")!;
    assert.ok(explanationsOf(RULE, strided.code).some((m) => /not a unit-step count/.test(m)));
    const msgs = explanationsOf(RULE, valid[1].code);
    assert.ok(msgs.some((m) => /y\[i - 1\]/.test(m)), msgs.join("\n"));
    assert.ok(explanationsOf(RULE, valid.find((v) => v.name === "early break")!.code).some((m) => /early exit/.test(m)));
    const vec3 = valid.find((v) => v.name === "tiny fixed loop (vec3)")!;
    assert.ok(explanationsOf(RULE, vec3.code).some((m) => /fixed trip count 3 is below/.test(m)));
  });
});

describe("elementwise-loop: bench spec", () => {
  test("code reading this.x gets no bench spec (it cannot become a standalone harness)", () => {
    const cls = invalid.find((c) => c.name.startsWith("class method"))!;
    const [f] = findingsOf(RULE, cls.code);
    assert.ok(f.fix?.safe);
    assert.equal(f.bench, undefined);
  });

  test("free variables with roles and common length", () => {
    const [f] = findingsOf(RULE, fn("x: Float64Array, k: number", "  const n = x.length;\n  const y = new Float64Array(n);\n  for (let i = 0; i < n; i++) y[i] = x[i] * k;"));
    assert.ok(f.bench);
    assert.match(f.bench.before, /^for \(let i = 0/);
    assert.equal(f.bench.after, "nd.multiply(x, k, { out: y });");
    assert.deepEqual(f.bench.variables, [
      { name: "n", type: "number", role: "scalar", length: "n" },
      { name: "y", type: "Float64Array", role: "output", length: "n" },
      { name: "x", type: "Float64Array", role: "input", length: "n" },
      { name: "k", type: "number", role: "scalar" },
    ]);
  });
});

// ---------------------------------------------------------------------------
// Differential: original vs safe-fixed code on seeded inputs.
// ---------------------------------------------------------------------------

interface DiffCase {
  name: string;
  code: string;
  inputs: (seed: number) => unknown[];
  /** The fix must be the fused nd.evaluate form (true) or runtime calls (false). */
  fused?: boolean;
  /** The fix is a refactor whose assumption (lengths, no overlap) the inputs satisfy. */
  refactor?: boolean;
}

/** Like edgyFloat64, with every special value (NaN, ±0, ±Infinity) in every seed, at seed-dependent places. */
function allSpecials(n: number, seed: number): Float64Array {
  const x = edgyFloat64(n, seed);
  const specials = [NaN, 0, -0, Infinity, -Infinity, 1e-308, -1e308, 0.5, -0.5, 1, -1, 2];
  specials.forEach((v, k) => (x[(k * 3 + seed) % n] = v));
  return x;
}

/** Float32Array values where float32 rounding shows: specials, subnormals, near-overflow, random float32s. */
function float32Edgy(n: number, seed: number): Float32Array {
  const x = Float32Array.from(allSpecials(n, seed));
  const extremes = [1.4e-45, -1.4e-45, 1.1754942e-38, 3.4028235e38, -3.4e38, 16777217, 0.1, 1 / 3];
  extremes.forEach((v, k) => (x[(k * 5 + seed + 1) % n] = v));
  return x;
}

const diffCases: DiffCase[] = [
  { name: "add scalar", code: fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] + 10;"), inputs: (s) => [edgyFloat64(50, s)] },
  { name: "compound", fused: true, code: fn("x: Float64Array, k: number", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = (x[i] - k) * (x[i] + k) / 3;"), inputs: (s) => [edgyFloat64(40, s), s - 2] },
  { name: "math", fused: true, code: fn("x: Float64Array", "  const z = Float64Array.from(x);\n  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = Math.sqrt(Math.abs(x[i])) + Math.exp(-z[i]) - Math.log(x[i]) + Math.pow(z[i], 2) + x[i] ** 0.5;"), inputs: (s) => [edgyFloat64(64, s)] },
  { name: "in place", code: fn("x: Float64Array", "  for (let i = 0; i < x.length; i++) x[i] = -x[i] * 0.25;", "x"), inputs: (s) => [edgyFloat64(33, s)] },
  { name: "empty", code: fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] * 2;"), inputs: () => [new Float64Array(0)] },
  { name: "float32 output", code: fn("x: Float64Array", "  const y = new Float32Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] / 3 + 0.1;"), inputs: (s) => [edgyFloat64(50, s)] },
  { name: "number[] input", code: fn("x: number[]", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] * 1.5;"), inputs: (s) => [Array.from(edgyFloat64(20, s))] },
  {
    name: "arrays allocated from a number parameter (n = 7, 0, NaN)",
    code: "export function f(n: number): unknown {\n  const x = new Float64Array(n);\n  for (let i = 0; i < n; i++) x[i] = i * 0.5;\n  const y = new Float64Array(n);\n  for (let i = 0; i < n; i++) y[i] = x[i] - 3;\n  return y;\n}\n",
    inputs: (s) => [[7, 0, NaN][s - 1]],
  },
  { name: "flags from comparisons (NaN, ±0)", fused: true, code: fn("x: Float64Array, lo: number, hi: number", "  const flags = new Int32Array(x.length);\n  for (let i = 0; i < x.length; i++) flags[i] = x[i] < lo || x[i] > hi ? 1 : 0;", "flags"), inputs: (s) => [edgyFloat64(40, s), -2 * s, 2 * s] },
  { name: "where with a negated comparison", fused: true, code: fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = !(x[i] >= 0) ? -x[i] : x[i] * 2;"), inputs: (s) => [edgyFloat64(40, s)] },
  { name: "mask into Uint8Array (Mandelbrot divergence)", fused: true, code: fn("zr: Float64Array", "  const n = zr.length;\n  const zi = Float64Array.from(zr);\n  const d = new Uint8Array(n);\n  for (let p = 0; p < n; p++) d[p] = zr[p] * zr[p] + zi[p] * zi[p] > 4 ? 1 : 0;", "d"), inputs: (s) => [edgyFloat64(40, s)] },
  { name: "compound assignment", code: fn("x: Float64Array", "  const y = Float64Array.from(x);\n  for (let i = 0; i < y.length; i++) y[i] *= x[i];"), inputs: (s) => [edgyFloat64(30, s)] },
  // nd.evaluate: one fused pass; every operand order, grouping and special value must survive
  { name: "evaluate: x * k + 1", fused: true, code: fn("x: Float64Array, k: number", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] * k + 1;"), inputs: (s) => [allSpecials(40, s), [3, -0, NaN][s - 1]] },
  { name: "evaluate: in place, out aliases x", fused: true, code: fn("x: Float64Array", "  for (let i = 0; i < x.length; i++) x[i] = x[i] * 2 + 1;", "x"), inputs: (s) => [allSpecials(37, s)] },
  { name: "evaluate: in place, x on both sides of a non-commutative op (z: a named view)", fused: true, refactor: true, code: fn("x: Float64Array, z: Float64Array", "  for (let i = 0; i < x.length; i++) x[i] = (z[i] - x[i]) / (x[i] - z[i] * 3);", "x"), inputs: (s) => [allSpecials(30, s), allSpecials(30, s + 7)] },
  {
    name: "evaluate: operand order and grouping (a - (b - c), (a + b) * c, powers, unary minus)",
    fused: true,
    refactor: true,
    code: fn("x: Float64Array, z: Float64Array, k: number", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] - (z[i] - x[i] / k) + (x[i] + 1e-3) * z[i] / (k - z[i]) + (-2) ** z[i] - -(x[i] ** 2) * -3 + Math.pow(k, x[i]) - z[i] ** k ** 0.5;"),
    inputs: (s) => [allSpecials(45, s), allSpecials(45, s + 5).map((v) => v * 0.75 - 1), [1.5, -0, 0.1][s - 1]],
  },
  { name: "evaluate: compound assignment of an expression (y[i] -= x[i] * k)", fused: true, refactor: true, code: fn("x: Float64Array, z: Float64Array, k: number", "  const y = Float64Array.from(z);\n  for (let i = 0; i < y.length; i++) y[i] -= x[i] * k;"), inputs: (s) => [allSpecials(30, s), allSpecials(30, s + 1), [7, -Infinity, 0][s - 1]] },
  { name: "evaluate: Float32Array output (one rounding at the store)", fused: true, code: fn("x: Float64Array", "  const y = new Float32Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] / 3 + 0.1;"), inputs: (s) => [allSpecials(50, s)] },
  { name: "evaluate: where keeps -0 and NaN branches", fused: true, code: fn("x: Float64Array, t: number", "  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] > t ? x[i] * -1 : t - x[i];"), inputs: (s) => [allSpecials(40, s), [0, -0, NaN][s - 1]] },
  {
    name: "evaluate: generated names for this.scale and a colliding const",
    fused: true,
    code: "class K {\n  scale = -0.5;\n  run(x: Float64Array): Float64Array {\n    const s0 = 3;\n    const y = new Float64Array(x.length);\n    for (let i = 0; i < x.length; i++) y[i] = (x[i] - s0) * this.scale + Math.PI;\n    return y;\n  }\n}\nexport function f(x: Float64Array): unknown {\n  return new K().run(x);\n}\n",
    inputs: (s) => [allSpecials(30, s)],
  },
  // float32: one operation, rounded once at the store by JS, computed in float32 by the runtime
  { name: "float32: x[i] * 3", fused: false, code: fn("x: Float32Array", "  const y = new Float32Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] * 3;"), inputs: (s) => [float32Edgy(60, s)] },
  { name: "float32: x[i] / z[i] (z: x reversed)", fused: false, refactor: true, code: fn("x: Float32Array", "  const z = Float32Array.from(x).reverse();\n  const y = new Float32Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] / z[i];"), inputs: (s) => [float32Edgy(60, s)] },
  { name: "float32: Math.sqrt", fused: false, code: fn("x: Float32Array", "  const y = new Float32Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = Math.sqrt(x[i]);"), inputs: (s) => [float32Edgy(60, s)] },
  { name: "float32: in place x[i] -= 0.75", fused: false, code: fn("x: Float32Array", "  for (let i = 0; i < x.length; i++) x[i] -= 0.75;", "x"), inputs: (s) => [float32Edgy(60, s)] },
  // real-code headers: a loop from 1 (the seeded shape) and an in-place field of a class
  { name: "loop from 1 over arrays of the bound's length (views 1 … n)", fused: false, code: fn("x: Float64Array", "  const y = new Float64Array(x.length);\n  for (let i = 1; i < x.length; i++) y[i] = x[i] - 1;"), inputs: (s) => [allSpecials([12, 1, 0][s - 1], s)] },
  {
    name: "in place on a class field this.data",
    fused: false,
    code: "class S {\n  data: Float64Array;\n  constructor(d: Float64Array) {\n    this.data = d;\n  }\n  scale(k: number): void {\n    for (let i = 0; i < this.data.length; i++) this.data[i] = this.data[i] * k;\n  }\n}\nexport function f(x: Float64Array, k: number): unknown {\n  const s = new S(x);\n  s.scale(k);\n  return s.data;\n}\n",
    inputs: (s) => [allSpecials(30, s), [3, -0, NaN][s - 1]],
  },
  { name: "number[] input (beside a Float64Array) keeps the nested calls", fused: false, code: fn("x: number[]", "  const z = Float64Array.from(x);\n  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] * 2 - z[i];"), inputs: (s) => [Array.from(allSpecials(20, s))] },
];

describe("elementwise-loop: differential (original vs fixed)", () => {
  for (const c of diffCases) {
    test(c.name, () => {
      const found = findingsOf(RULE, c.code).filter((f) => f.fix && f.fix.safe === !c.refactor);
      assert.equal(found.length, 1);
      const fix = found[0].fix;
      assert.ok(fix && fix.safe === !c.refactor, `expected a ${c.refactor ? "refactor" : "safe fix"}`);
      if (c.fused !== undefined) assert.equal(/nd\.evaluate\(/.test(fix.title), c.fused, fix.title);
      const fixed = applyEdits(c.code, fix.edits);
      const original = loadModule(c.code).f;
      const rewritten = loadModule(fixed).f;
      for (const seed of [1, 2, 3]) {
        const a = c.inputs(seed);
        const b = c.inputs(seed);
        const ra = original(...a);
        const rb = rewritten(...b);
        assertSameValues(rb, ra, `${c.name} seed ${seed} result`);
        a.forEach((arg, k) => assertSameValues(b[k], arg, `${c.name} seed ${seed} argument ${k}`));
      }
    });
  }
});

test("every nd.evaluate fix type-checks under strict (operands object, out)", () => {
  const modules = new Map<string, string>();
  const codes = [...diffCases.map((c) => c.code), ...invalid.map((c) => c.code)];
  codes.forEach((code, k) => {
    for (const f of findingsOf(RULE, code)) {
      if (!f.fix || !/nd\.evaluate\(/.test(f.fix.title)) continue;
      modules.set(path.resolve(import.meta.dirname, `__evaluate_fix_${k}.ts`), applyEdits(code, f.fix.edits));
    }
  });
  assert.ok(modules.size >= 15, `only ${modules.size} evaluate fixes found`);
  const errors = strictTypeErrors(modules);
  assert.deepEqual(errors, [], errors.map((e) => `${e}\n${modules.get(path.resolve(import.meta.dirname, e.split(":")[0]))}`).join("\n"));
});

test("every function name nd.evaluate knows is reserved for generated operand names", async () => {
  // the runtime lists its functions in the error for an unknown one; a name added there must not become an operand name here
  const { evaluate } = await import("../../runtime/evaluate");
  let message = "";
  try {
    evaluate("noSuchFunction(x)", { x: new Float64Array(1) });
  } catch (e) {
    message = (e as Error).message;
  }
  const known = /\(known: ([^)]*)\)/.exec(message)?.[1].split(", ") ?? [];
  assert.ok(known.length > 10, `the runtime's list of functions: ${message}`);
  for (const name of known) assert.ok(EVALUATE_RESERVED.has(name), `${name} is an evaluate function but not reserved`);
});

test("elementwise-loop: shapes whose rewrite was measured slower are hints (npm run bench:shapes)", () => {
  const severityOf = (name: string) => {
    const c = invalid.find((x) => x.name === name)!;
    return findingsOf(RULE, c.code, c.options, c.ext)[0].severity;
  };
  assert.equal(severityOf("strided index x[i * 2]: a finding without fix (strided messageId)"), "hint");
  assert.equal(severityOf("shifted read-only views (a diff: x[i + 1] - x[i]): a finding, no fix"), "hint");
  assert.equal(severityOf("a matrix accessor in a nest (ml-matrix: m.set(i, j, m.get(i, j) - mean[i])): nestAccessor"), "hint");
  assert.equal(severityOf("untyped JavaScript with numeric evidence (x[i] * 2): inferred, no fix"), "hint");
  assert.equal(severityOf("an unresolved NumberArray alias (cheminfo-types not installed): inferred, no fix"), "info");
  assert.equal(severityOf("push map of arithmetic (jStat's |x - mean|): push messageId"), "warning");
});

test("elementwise-loop: messages stay within 120 characters with long names (the harness checks each finding)", () => {
  const L = "aVeryLongMatrixNameFromSomeRealLibraryThatKeepsGoing";
  const codes = [
    `export function f(${L}, k) {\n  for (let i = 0; i < ${L}.rows; i++) {\n    for (let j = 0; j < ${L}.columns; j++) ${L}.set(i, j, ${L}.get(i, j) * k);\n  }\n  return ${L};\n}\n`,
    `export function f(${L}, j) {\n  const ${L}Column = new Float64Array(${L}.length);\n  for (let i = 0; i < ${L}.length; i++) ${L}Column[i] = ${L}[i * 3] * 2;\n  return ${L}Column;\n}\n`,
    `export function f(${L}, ${L}Out, ${L}Other) {\n  for (let i = 0; i < ${L}.length; i++) ${L}Out[i] = ${L}[i] * 2 - ${L}Other[i] * 3;\n  return ${L}Out;\n}\n`,
    `export function f(${L}) {\n  const ${L}A = new Array(${L}.length);\n  const ${L}B = new Array(${L}.length);\n  for (let i = 0; i < ${L}.length; i++) ${L}A[i] = ${L}[i] * 2, ${L}B[i] = ${L}[i] * 3;\n  return ${L}A;\n}\n`,
  ];
  let found = 0;
  for (const code of codes) found += findingsOf(RULE, code, {}, ".js").length;
  assert.ok(found >= 4, `expected the long-name shapes to be found, got ${found}`);
});
