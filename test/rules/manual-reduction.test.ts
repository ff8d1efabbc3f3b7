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
    fix: { safe: true, title: /^Replace loop with s \+= \(nd\.dot\(a, b\) as number\)$/ },
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
  {
    name: "a dot product in JavaScript (JSDoc types): the fix casts with JSDoc, not `as`",
    ext: ".js",
    code: "/**\n * @param {Float64Array} a\n * @param {Float64Array} b\n */\nexport function dot(a, b) {\n  let s = 0;\n  for (let i = 0; i < a.length; i++) s += a[i] * b[i];\n  return s;\n}\n",
    line: 7,
    options: { allowReassociation: true },
    fix: { safe: true, output: IMPORT + "/**\n * @param {Float64Array} a\n * @param {Float64Array} b\n */\nexport function dot(a, b) {\n  let s = 0;\n  s += b.length >= a.length ? /** @type {number} */ (nd.dot(a, b.subarray(0, a.length))) : NaN;\n  return s;\n}\n" },
  },
  // --- real-code shapes (issue 8) and messages that describe the code (issue 9 item 6) ---------------
  {
    name: "seeded max (m = x[0]; for i from 1): nanmax of the view from 1, exact when x has the bound's length (safe)",
    code: fn("x: Float64Array", "  let m = x[0];\n  for (let i = 1; i < x.length; i++) if (x[i] > m) m = x[i];", "m"),
    line: 3,
    fix: {
      safe: true,
      output: IMPORT + fn("x: Float64Array", "  let m = x[0];\n  if (x.subarray(1, x.length).length > 0) {\n    const peak = nd.nanmax(x.subarray(1, x.length));\n    if (peak > m) m = peak;\n  }", "m"),
    },
  },
  {
    name: "sub-range sum for (i = from; i <= to; i++): a view from..to + 1, a refactor naming the range",
    code: fn("x: Float64Array, from: number, to: number", "  let s = 0;\n  for (let i = from; i <= to; i++) s += x[i];", "s"),
    line: 3,
    options: { allowReassociation: true },
    fix: { safe: false, title: /^Replace loop with s \+= nd\.sum\(x\.subarray\(from, to \+ 1\)\) \(assumes indices from … to lie within x\)$/ },
  },
  {
    name: "for (const v of x) s += v: the same sum (safe with allowReassociation)",
    code: fn("x: number[]", "  let s = 0;\n  for (const v of x) s += v;", "s"),
    line: 3,
    options: { allowReassociation: true },
    fix: { safe: true, output: IMPORT + fn("x: number[]", "  let s = 0;\n  s += nd.sum(x);", "s") },
  },
  {
    name: "jStat's reverse sum while (--i >= 0) over an untyped array: inferred, no fix",
    ext: ".js",
    code: "export function sum(arr) {\n  var sum = 0;\n  var i = arr.length;\n  while (--i >= 0)\n    sum += arr[i];\n  return sum;\n}\n",
    line: 4,
    messageId: "inferred",
  },
  {
    name: "seeded max while (++i < n) in JavaScript (jStat): inferred",
    ext: ".js",
    code: "export function max(arr) {\n  var high = arr[0];\n  var i = 0;\n  while (++i < arr.length)\n    if (arr[i] > high)\n      high = arr[i];\n  return high;\n}\n",
    line: 4,
    messageId: "inferred",
  },
  {
    name: "a union of numeric arrays (NumberArray): a finding, no fix (the dtype is unknown)",
    code: "type NumberArray = number[] | Float64Array | Float32Array;\n" + fn("a: NumberArray, b: NumberArray", "  let d = 0;\n  for (let i = 0; i < a.length; i++) d += Math.abs(a[i] - b[i]);", "d"),
    line: 4,
    messageId: "noFix",
    message: /may be any numeric array/,
  },
  {
    name: "a plain sum divided by the length afterwards is a mean (mean messageId)",
    code: fn("x: Float64Array", "  let total = 0;\n  for (let i = 0; i < x.length; i++) total += x[i];", "total / x.length"),
    line: 3,
    messageId: "mean",
    fix: { safe: false },
  },
  {
    name: "a sum divided by a weight total is not a mean: the plain sum message",
    code: fn("x: Float64Array, totalWeight: number", "  let total = 0;\n  for (let i = 0; i < x.length; i++) total += x[i];", "total / totalWeight"),
    line: 3,
    messageId: "reduction",
    fix: { safe: false },
  },
  {
    name: "an index-weighted sum Σ i·h[i] is not a plain sum (indexWeighted)",
    code: fn("h: Float64Array", "  let s = 0;\n  for (let i = 0; i < h.length; i++) s += i * h[i];", "s"),
    line: 3,
    messageId: "indexWeighted",
  },
  {
    name: "a product's refactor says the product may differ, not the sum",
    code: fn("x: Float64Array", "  let p = 1;\n  for (let i = 0; i < x.length; i++) p *= x[i];", "p"),
    line: 3,
    messageId: "reduction",
    fix: { safe: false, title: /\(product may differ in the last bits\)$/ },
  },
  {
    name: "argmax over a sub-range (if (x[i] > x[best]) best = i)",
    code: fn("x: Float64Array, from: number, to: number", "  let best = from;\n  for (let i = from + 1; i <= to; i++) {\n    if (x[i] > x[best]) best = i;\n  }", "best"),
    line: 3,
    messageId: "argmax",
  },
  {
    name: "argmax with the value kept (if (h[i] > dmax) { max = i; dmax = h[i]; })",
    code: fn("h: Float64Array", "  let dmax = 0;\n  let max = 0;\n  for (let i = 0; i < h.length; i++) {\n    if (h[i] > dmax) {\n      max = i;\n      dmax = h[i];\n    }\n  }", "max"),
    line: 4,
    messageId: "argmax",
  },
  {
    name: "a count of elements matching a condition (count++ under an if)",
    code: fn("x: Float64Array, t: number, strict: boolean", "  let c = 0;\n  for (let i = 0; i < x.length; i++) {\n    if ((strict && x[i] < t) || (!strict && x[i] <= t)) c++;\n  }", "c"),
    line: 3,
    messageId: "count",
  },
  {
    name: "zero crossings over shifted views of one input (a count)",
    code: fn("s: Float64Array", "  let z = 0;\n  for (let i = 1; i < s.length; i++) {\n    if ((s[i - 1] >= 0 && s[i] < 0) || (s[i - 1] < 0 && s[i] >= 0)) z++;\n  }", "z"),
    line: 3,
    messageId: "count",
  },
  {
    name: "a maximum of |x| written with branches (ml-spectra's xMaxAbsoluteValue): one maximum, no fix",
    code: fn("a: Float64Array", "  let m = 0;\n  for (let i = 0; i < a.length; i++) {\n    if (a[i] >= 0) {\n      if (a[i] > m) m = a[i];\n    } else if (-a[i] > m) {\n      m = -a[i];\n    }\n  }", "m"),
    line: 3,
    messageId: "noFix",
    message: /chosen by branches/,
  },
  {
    name: "a NaN-propagating max (isNaN(v) || v > m): a finding, no fix",
    code: fn("x: Float64Array", "  let m = x[0];\n  for (let i = 0; i < x.length; i++) {\n    const v = x[i];\n    if (Number.isNaN(v) || v > m) m = v;\n  }", "m"),
    line: 3,
    messageId: "noFix",
  },
  {
    name: "a running max through an outer temporary (ml-distance's chebyshev)",
    code: fn("a: Float64Array, b: Float64Array", "  let max = 0;\n  let aux = 0;\n  for (let i = 0; i < a.length; i++) {\n    aux = Math.abs(a[i] - b[i]);\n    if (max < aux) max = aux;\n  }", "max"),
    line: 4,
    messageId: "noFix",
  },
  {
    name: "per-row sums (for i { let s = 0; for j s += m[i][j]; out[i] = s }): rowReduction, axis 1",
    code: fn("m: number[][]", "  const out = new Float64Array(m.length);\n  for (let i = 0; i < m.length; i++) {\n    let s = 0;\n    for (let j = 0; j < m[i].length; j++) s += m[i][j];\n    out[i] = s;\n  }", "out"),
    line: 3,
    messageId: "rowReduction",
    message: /axis: 1/,
  },
  {
    name: "per-row max over a row-major buffer with an offset (tfjs's maxImpl)",
    code: fn("a: Float64Array, rowLen: number", "  const vals = new Float64Array(a.length / rowLen);\n  for (let i = 0; i < vals.length; ++i) {\n    const offset = i * rowLen;\n    let max = a[offset];\n    for (let j = 0; j < rowLen; ++j) {\n      const value = a[offset + j];\n      if (value > max) max = value;\n    }\n    vals[i] = max;\n  }", "vals"),
    line: 3,
    messageId: "rowReduction",
  },
  {
    name: "column sums (sums[j] += m[i][j]): axisReduction",
    code: fn("m: number[][], cols: number", "  const sums = new Float64Array(cols);\n  for (let i = 0; i < m.length; i++) {\n    for (let j = 0; j < cols; j++) sums[j] += m[i][j];\n  }", "sums"),
    line: 3,
    messageId: "axisReduction",
  },
  {
    name: "per-channel minimum over pixels (if (v < min[c]) min[c] = v in the innermost loop): axisReduction",
    code: fn("data: Uint8Array, pixels: number, channels: number", "  const min = new Float64Array(4).fill(255);\n  for (let p = 0; p < pixels; p++) {\n    for (let c = 0; c < channels; c++) {\n      const v = data[p * channels + c];\n      if (v < min[c]) min[c] = v;\n    }\n  }", "min"),
    line: 3,
    messageId: "axisReduction",
  },
  {
    name: "a sum over a stack of images through a delegating accessor (image-js Stack.getValueByIndex → Image's)",
    code: "class Img {\n  private readonly data = new Uint16Array(0);\n  channels = 1;\n  size = 0;\n  getValueByIndex(index: number, channel: number): number {\n    return this.data[index * this.channels + channel];\n  }\n}\nclass Stack {\n  private readonly images: Img[] = [];\n  size = 0;\n  channels = 1;\n  getValueByIndex(stackIndex: number, index: number, channel: number): number {\n    return this.images[stackIndex].getValueByIndex(index, channel);\n  }\n}\nexport function sum(stack: Stack, pixels: number): Uint32Array {\n  const sum = new Uint32Array(pixels * stack.channels);\n  for (let i = 0; i < stack.size; i++) {\n    for (let j = 0; j < pixels; j++) {\n      for (let c = 0; c < stack.channels; c++) {\n        sum[j * stack.channels + c] += stack.getValueByIndex(i, j, c);\n      }\n    }\n  }\n  return sum;\n}\n",
    line: 19,
    messageId: "axisReduction",
  },
  {
    name: "a sum of every element of a nest into one scalar: gridReduction",
    code: fn("m: number[][]", "  let v = 0;\n  for (let i = 0; i < m.length; i++) {\n    for (let j = 0; j < m[i].length; j++) v += m[i][j];\n  }", "v"),
    line: 3,
    messageId: "gridReduction",
  },
  {
    name: "row sums through an untyped matrix's get(i, j) in JavaScript (ml-matrix stat.js): rowReduction, types inferred",
    ext: ".js",
    code: "export function sumByRow(matrix) {\n  const sum = new Array(matrix.rows).fill(0);\n  for (let i = 0; i < matrix.rows; ++i) {\n    for (let j = 0; j < matrix.columns; ++j) {\n      sum[i] += matrix.get(i, j);\n    }\n  }\n  return sum;\n}\n",
    line: 3,
    messageId: "rowReduction",
    message: /inferred/,
  },
  {
    name: "a Gram matrix (s += X[k][i] * X[k][j] per (i, j)): gram",
    code: fn("X: number[][], p: number", "  const G: number[][] = [];\n  for (let i = 0; i < p; i++) {\n    G.push(new Array(p).fill(0));\n  }\n  for (let i = 0; i < p; i++) {\n    for (let j = 0; j < p; j++) {\n      let s = 0;\n      for (let k = 0; k < X.length; k++) s += X[k][i] * X[k][j];\n      G[i][j] = s;\n    }\n  }", "G"),
    line: 6,
    messageId: "gram",
  },
  {
    name: "a matrix product through accessors (sum += A.get(i, k) * B.get(j, k)): matmul",
    ext: ".js",
    code: "export function mul(A, B, C, n, m, p) {\n  for (let i = 0; i < n; i++) {\n    for (let j = 0; j < m; j++) {\n      let sum = 0;\n      for (let k = 0; k < p; k++) {\n        sum += A.get(i, k) * B.get(j, k);\n      }\n      C.set(i, j, sum);\n    }\n  }\n  return C;\n}\n",
    line: 2,
    messageId: "matmul",
  },
  {
    name: "an accumulation through an accessor (B.set(k, j, B.get(k, j) - B.get(i, j) * L.get(k, i)))",
    ext: ".js",
    code: "export function step(B, L, k, j) {\n  for (let i = 0; i < k; i++) {\n    B.set(k, j, B.get(k, j) - B.get(i, j) * L.get(k, i));\n  }\n  return B;\n}\n",
    line: 2,
    messageId: "inferred",
  },
  {
    name: ".reduce((acc, v, j) => acc + v * row[j], 0): a dot product per callback",
    code: "export const f = (spec: number[], row: number[]) => spec.reduce((acc, v, j) => acc + v * row[j], 0);\n",
    line: 1,
    messageId: "reduceCall",
    message: /dot product/,
  },
  {
    name: ".reduce without an initial value on an untyped array used as a number (meyda's mean)",
    ext: ".js",
    code: "export function mu(a) {\n  return a.reduce(function (prev, cur) {\n    return prev + cur;\n  }) / a.length;\n}\n",
    line: 2,
    messageId: "reduceCall",
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

// Real-code look-alikes that must stay silent (issue 8 item 3, labelled negative on the real-world set).
const validRealCode: ValidCase[] = [
  { name: "a product over a rank-length shape array", code: fn("shape: number[]", "  let size = 1;\n  for (let d = 0; d < shape.length; d++) size *= shape[d];", "size") },
  { name: "a product of shape entries up to an axis ($axis, not shape.length)", code: fn("shape: number[], axis: number", "  let n = 1;\n  for (let i = 0; i < axis; i++) n *= shape[i];", "n") },
  { name: "a sum over 24 values (a default size the code shows)", code: "export function f({ bands = 24 }: { bands?: number }): number {\n  const specific = new Float32Array(bands);\n  let total = 0;\n  for (let i = 0; i < specific.length; i++) total += specific[i];\n  return total;\n}\n" },
  { name: "kernel.reduce over a handful of taps", code: "export const f = (kernelX: number[]) => kernelX.reduce((prev, current) => prev + current, 0);\n" },
  { name: "a shoelace sum over [x, y] tuples (array of structures)", code: fn("ring: [number, number][]", "  let area = 0;\n  for (let i = 1; i < ring.length; i++) area += ring[i - 1][1] * ring[i][0] - ring[i - 1][0] * ring[i][1];", "area") },
  { name: "per-channel sums over a list of Point objects (a gather)", code: "interface P { row: number; column: number }\n" + fn("points: P[], data: Float64Array, width: number, channels: number", "  const sum = new Float64Array(4);\n  for (const p of points) {\n    for (let c = 0; c < channels; c++) sum[c] += data[(p.row * width + p.column) * channels + c];\n  }", "sum") },
  { name: "untyped JavaScript without numeric evidence: s += x[i] with s from a parameter", ext: ".js", code: "export function cat(x, s) {\n  for (let i = 0; i < x.length; i++) s += x[i];\n  return s;\n}\n" },
  { name: "min and max fused in one pass (else-if)", code: fn("x: Float64Array", "  let lo = Infinity;\n  let hi = -Infinity;\n  for (let i = 0; i < x.length; i++) {\n    if (x[i] < lo) lo = x[i];\n    else if (x[i] > hi) hi = x[i];\n  }", "hi - lo") },
  { name: "a count with no condition is the trip count", code: fn("x: Float64Array", "  let c = 0;\n  for (let i = 0; i < x.length; i++) c++;", "c") },
];

describe("manual-reduction: valid (real-code look-alikes)", () => {
  for (const c of validRealCode) test(c.name, () => assertValid(RULE, c));
});

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

test("manual-reduction: a sum divided by another loop's total (a histogram total) is not called a mean", () => {
  const code = fn("h: Float64Array, w: Float64Array", "  let total = 0;\n  for (let i = 0; i < h.length; i++) total += h[i];\n  let s = 0;\n  for (let i = 0; i < w.length; i++) s += w[i];", "s / total");
  assert.deepEqual(findingsOf(RULE, code).map((f) => f.messageId), ["reduction", "reduction"]);
  // the same loop divided by its own length is
  assert.deepEqual(findingsOf(RULE, code.replace("s / total", "s / w.length")).map((f) => f.messageId), ["reduction", "mean"]);
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
  { name: "for…of sum over number[]", code: fn("x: number[]", "  let s = 0;\n  for (const v of x) s += v;", "s"), needs: "sum", inputs: (s) => [Array.from(edgyFloat64(50, s + 1)).map((v) => (Number.isFinite(v) ? v : 1))], tolerance: 1e-9 },
  { name: "seeded max from x[0] (nanmax of the view from 1), NaN first or inside", code: fn("x: Float64Array", "  let m = x[0];\n  for (let i = 1; i < x.length; i++) if (x[i] > m) m = x[i];", "m"), needs: "nanmax", inputs: (s) => [s === 3 ? new Float64Array(1) : edgyFloat64(40, 2 * s - 1)], tolerance: 0 },
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

test("manual-reduction: a finding whose rewrite was measured slower is a hint, about the same is information (npm run bench:shapes)", () => {
  const severityOf = (name: string) => {
    const c = invalid.find((x) => x.name === name)!;
    const [f] = findingsOf(RULE, c.code, c.options, c.ext);
    return f.severity;
  };
  assert.equal(severityOf("argmax over a sub-range (if (x[i] > x[best]) best = i)"), "hint");
  assert.equal(severityOf("an index-weighted sum Σ i·h[i] is not a plain sum (indexWeighted)"), "hint");
  assert.equal(severityOf("column sums (sums[j] += m[i][j]): axisReduction"), "hint");
  assert.equal(severityOf("a count of elements matching a condition (count++ under an if)"), "info");
  assert.equal(severityOf("jStat's reverse sum while (--i >= 0) over an untyped array: inferred, no fix"), "hint");
  // measured faster: the rule's default severity stays
  assert.equal(severityOf("a Gram matrix (s += X[k][i] * X[k][j] per (i, j)): gram"), "warning");
  assert.equal(severityOf("row sums through an untyped matrix's get(i, j) in JavaScript (ml-matrix stat.js): rowReduction, types inferred"), "warning");
  // a configured severity below the cap wins
  const c = invalid.find((x) => x.name === "a count of elements matching a condition (count++ under an if)")!;
  assert.equal(findingsOf(RULE, c.code, { severities: { "manual-reduction": "hint" } })[0].severity, "hint");
});

test("manual-reduction: messages stay within 120 characters with long names (the harness checks each finding)", () => {
  const L = "aVeryLongMatrixNameFromSomeRealLibraryThatKeepsGoing";
  const codes = [
    `export function f(${L}, ${L}Other) {\n  let s = 0;\n  for (let i = 0; i < ${L}.length; i++) s += ${L}[i] * 2 + ${L}Other[i] * ${L}[i] - 1;\n  return s;\n}\n`,
    `export function f(${L}) {\n  let lo = Infinity;\n  let hi = -Infinity;\n  for (let i = 0; i < ${L}.rows; i++) {\n    for (let j = 0; j < ${L}.columns; j++) {\n      const v = ${L}.get(i, j);\n      if (v < lo) lo = v;\n      if (v > hi) hi = v;\n    }\n  }\n  return hi - lo;\n}\n`,
    `export function f(${L}) {\n  const ${L}Sums = new Array(${L}.rows).fill(0);\n  for (let i = 0; i < ${L}.rows; i++) {\n    for (let j = 0; j < ${L}.columns; j++) ${L}Sums[j] += ${L}.get(i, j) * ${L}.get(i, j);\n  }\n  return ${L}Sums;\n}\n`,
    `export function f(${L}) {\n  const out = new Float64Array(${L}.rows);\n  for (let i = 0; i < ${L}.rows; i++) {\n    let s1 = 0;\n    let s2 = 0;\n    for (let j = 0; j < ${L}.columns; j++) {\n      const v = ${L}.get(i, j);\n      s1 += v;\n      s2 += v * v;\n    }\n    out[i] = s2 - s1 * s1;\n  }\n  return out;\n}\n`,
  ];
  let found = 0;
  for (const code of codes) found += findingsOf(RULE, code, {}, ".js").length;
  assert.ok(found >= 4, `expected the long-name shapes to be found, got ${found}`);
});
