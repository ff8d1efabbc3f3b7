// push-then-convert: valid/invalid tables (one valid row per guard clause of the rule, one
// invalid row per reason a finding gets no safe fix) and a differential test of the safe fix
// on edge-case bounds (negative, fractional, NaN, zero).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { Engine, applyEdits } from "../../server/engine/index";
import {
  assertInvalid,
  assertValid,
  explanationsOf,
  findingsOf,
  loadModule,
  type InvalidCase,
  type ValidCase,
} from "../engine/rule-harness";

const RULE = "push-then-convert";

/** A module with one exported function `f(params)` whose body is `body`. */
function fn(params: string, body: string, returnType = "unknown"): string {
  return `export function f(${params}): ${returnType} {\n${body}\n}\n`;
}

const valid: ValidCase[] = [
  {
    // const a = [0]: not grown from empty
    name: "starts non-empty",
    code: fn("n: number", "  const a: number[] = [0];\n  for (let i = 0; i < n; i++) a.push(i);\n  return new Float64Array(a);"),
  },
  {
    // const [a] = []: destructuring, nothing to grow
    name: "destructuring declaration",
    code: fn("n: number", "  const [a] = [[] as number[]];\n  for (let i = 0; i < n; i++) a.push(i);\n  return new Float64Array(a);"),
  },
  {
    // for (const a: number[] = []; …): not a plain declaration statement
    name: "declared in a for header",
    code: fn("n: number", "  for (const a: number[] = []; a.length < n; ) a.push(1);\n  return 0;"),
  },
  {
    // const a: (number | string)[] = []: only numeric lists convert to typed arrays like numbers
    name: "non-numeric list",
    code: fn("n: number", "  const a: (number | string)[] = [];\n  for (let i = 0; i < n; i++) a.push(i);\n  // @ts-expect-error not ArrayLike<number>\n  return new Float64Array(a);"),
  },
  {
    // new Set(a): a built-in constructor, but not a typed array
    name: "converted to something other than a typed array",
    code: fn("n: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) a.push(i);\n  return new Set(a);"),
  },
  {
    // const len = a.push(v): the returned length is used, so this is list code
    name: "push whose result is used",
    code: fn("n: number", "  const a: number[] = [];\n  let len = 0;\n  for (let i = 0; i < n; i++) len = a.push(i);\n  return [len, new Float64Array(a)];"),
  },
  {
    // for (…; i++) { …; i++ }: the body also moves the counter, so the trip count is not n
    name: "counter written in the body",
    code: fn("n: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) {\n    a.push(i);\n    if (i % 7 === 0) i++;\n  }\n  return new Float64Array(a);"),
  },
  {
    // for (const v of x) { if (v < 0) break; … }: for-of can stop early too
    name: "early exit from a for-of loop",
    code: fn("x: Float64Array", "  const a: number[] = [];\n  for (const v of x) {\n    if (v < 0) break;\n    a.push(v);\n  }\n  return new Float64Array(a);"),
  },
  {
    // converted, but before the loop fills it: the conversion copies an empty list
    name: "conversion before the growth",
    code: fn("n: number", "  const a: number[] = [];\n  const t = new Float64Array(a);\n  for (let i = 0; i < n; i++) a.push(i);\n  return t;"),
  },
  {
    // a.push(1); a.push(2); then convert: no loop, nothing to preallocate
    name: "growth outside any loop",
    code: fn("", "  const a: number[] = [];\n  a.push(1);\n  a.push(2);\n  return new Float64Array(a);"),
  },
  {
    // const a = []; a.push("x"): an evolving array of strings
    name: "non-numeric values pushed into an evolving array",
    code: fn("n: number", "  const a = [];\n  for (let i = 0; i < n; i++) a.push(String(i));\n  // @ts-expect-error string[] is not ArrayLike<number>\n  return new Float64Array(a);"),
  },
  {
    // if (x[i] > t) a.push(x[i]): a filter, the final length depends on the data (corpus negative)
    name: "conditional growth (a filter)",
    code: fn("x: Float64Array, t: number", "  const a: number[] = [];\n  for (let i = 0; i < x.length; i++) {\n    if (x[i] > t) a.push(x[i]);\n  }\n  return Float64Array.from(a);"),
  },
  {
    // while (v > 1) a.push(v /= 2): the number of iterations depends on the data
    name: "while loop",
    code: fn("v: number", "  const a: number[] = [];\n  while (v > 1) {\n    v /= 2;\n    a.push(v);\n  }\n  return new Float64Array(a);"),
  },
  {
    // for (…; i += 2): not a simple counter, left alone
    name: "for loop that is not a unit counter",
    code: fn("n: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i += 2) a.push(i);\n  return new Float64Array(a);"),
  },
  {
    // for (const v of set): a Set has no length up front in the loop's terms
    name: "for-of over a Set",
    code: fn("s: Set<number>", "  const a: number[] = [];\n  for (const v of s) a.push(v);\n  return new Float64Array(a);"),
  },
  {
    // if (x[i] < 0) break: the loop can stop early, the length is data-dependent
    name: "early exit from the loop",
    code: fn("x: Float64Array", "  const a: number[] = [];\n  for (let i = 0; i < x.length; i++) {\n    if (x[i] < 0) break;\n    a.push(x[i]);\n  }\n  return new Float64Array(a);"),
  },
  {
    // for (…) run(() => a.push(i)): the growth runs in a callback whose calls we cannot count
    name: "growth inside a callback in the loop",
    code: fn("n: number, run: (g: () => void) => void", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) run(() => {\n    a.push(i);\n  });\n  return new Float64Array(a);"),
  },
  {
    // class Float64Array {…}: a user class with the same name is not the typed array
    name: "a shadowing Float64Array class",
    code:
      "class Float64Array { constructor(public v: number[]) {} }\n" +
      fn("n: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) a.push(i);\n  return new Float64Array(a);"),
  },
  {
    // for (…; i < x.length; …) a.push(g(i)) with x a list: g may push to x, so the count is unknown
    name: "the bound is the length of a list the body may grow",
    code: fn("x: number[], g: (i: number) => number", "  const a: number[] = [];\n  for (let i = 0; i < x.length; i++) a.push(g(i));\n  return new Float64Array(a);"),
  },
  {
    // for (let k = 0; k < 3; k++) v.push(…): a vec3 costs nothing worth a rewrite
    name: "tiny literal trip count",
    code: fn("x: Float64Array", "  const v: number[] = [];\n  for (let k = 0; k < 3; k++) v.push(x[k] * 2);\n  return new Float32Array(v);"),
  },
  {
    // a = a.concat(v) three times: a tiny loop, nothing quadratic worth a finding
    name: "concat growth in a tiny loop of unknown length",
    code: fn("x: Float64Array", "  let a: number[] = [];\n  for (let k = 0; k < 3; k++) {\n    if (x[k] > 0) a = a.concat(x[k]);\n  }\n  return new Float64Array(a);"),
  },
  {
    // strides.push(…) once per dimension: rank-sized, a handful of elements
    name: "strides of an n-d shape",
    code: fn("shape: number[]", "  const strides: number[] = [];\n  let step = 1;\n  for (let d = 0; d < shape.length; d++) {\n    strides.push(step);\n    step *= shape[d];\n  }\n  return strides;"),
  },
  {
    // one value per colour channel (image-js getPixel): 1-4 elements
    name: "a pixel's channel values",
    code: "class Img {\n  channels = 4;\n  data = new Uint8Array(16);\n  getPixel(k: number): number[] {\n    const result: number[] = [];\n    for (let c = 0; c < this.channels; c++) result.push(this.data[k * this.channels + c]);\n    return result;\n  }\n}\n",
  },
  {
    // data.push(row) of number[] rows computed elsewhere: a list of lists, not numbers
    name: "a list of rows (not numbers)",
    code: fn("n: number, row: (i: number) => number[]", "  const data: number[][] = [];\n  for (let i = 0; i < n; i++) data.push(row(i));\n  return data;"),
  },
];

/** The lecture's growing list and its preallocated rewrite. */
const LECTURE = fn("n: number", "  const xs: number[] = [];\n  for (let i = 0; i < n; i++) {\n    xs.push(i);\n  }\n  return Int32Array.from(xs);", "Int32Array");
const LECTURE_FIXED = fn(
  "n: number",
  "  const xs = new Int32Array(Math.max(0, Math.ceil(n)));\n  for (let i = 0; i < n; i++) {\n    xs[i] = i;\n  }\n  return xs;",
  "Int32Array",
);

const invalid: InvalidCase[] = [
  {
    name: "the lecture: push n integers then Int32Array.from (bound n: trip count max(0, ceil(n)))",
    code: LECTURE,
    line: 2,
    message: /`xs` is grown element by element.*Int32Array/,
    messageId: "preallocate",
    fix: { safe: true, title: /Preallocate `xs` as new Int32Array/, output: LECTURE_FIXED },
  },
  {
    name: "bound x.length, step i += 1, spread growth, new Float32Array",
    code: fn("x: Float64Array", "  let acc: number[] = [];\n  for (let i = 0; i < x.length; i += 1) {\n    acc = [...acc, x[i] * 0.5];\n  }\n  return new Float32Array(acc);"),
    line: 2,
    // issue 9 item 6: the hover describes spread growth, not "element by element"
    message: /regrown by spread .* \(quadratic\)/,
    fix: {
      safe: true,
      output: fn("x: Float64Array", "  const acc = new Float32Array(x.length);\n  for (let i = 0; i < x.length; i += 1) {\n    acc[i] = x[i] * 0.5;\n  }\n  return acc;"),
    },
  },
  {
    name: "literal bound, concat growth, a statement between declaration and loop, .length read after",
    code: fn("k: number", "  let a: number[] = [];\n  const s = k * 2;\n  for (let i = 0; i < 100; ++i) a = a.concat(i * s);\n  const t = new Float64Array(a);\n  return t.length + a.length;"),
    line: 2,
    message: /regrown by `concat`, which copies the whole list every iteration \(quadratic\)/,
    fix: {
      safe: true,
      output: fn("k: number", "  const s = k * 2;\n  const a = new Float64Array(100);\n  for (let i = 0; i < 100; ++i) a[i] = i * s;\n  const t = a;\n  return t.length + a.length;"),
    },
  },
  {
    name: "an empty start written `[] as number[]`",
    code: fn("n: number", "  const a = [] as number[];\n  for (let i = 0; i < 100; i++) a.push(i * n);\n  return new Float64Array(a);"),
    line: 2,
    fix: { safe: true, output: fn("n: number", "  const a = new Float64Array(100);\n  for (let i = 0; i < 100; i++) a[i] = i * n;\n  return a;") },
  },
  {
    name: "nd.array(a, \"float64\") keeps the runtime call and preallocates a Float64Array",
    code:
      'import * as nd from "arraylint/runtime";\n' +
      fn("x: Float64Array", "  const a: number[] = [];\n  for (let i = 0; i < x.length; i++) a.push(Math.sqrt(x[i]));\n  return nd.array(a, \"float64\");"),
    line: 3,
    fix: {
      safe: true,
      output:
        'import * as nd from "arraylint/runtime";\n' +
        fn("x: Float64Array", "  const a = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) a[i] = Math.sqrt(x[i]);\n  return nd.array(a, \"float64\");"),
    },
  },
  // Findings without a safe fix: the length is known, but the rewrite is not provably the same.
  {
    name: "nd.array(a) without a dtype: the runtime infers it from the list",
    code: 'import * as nd from "arraylint/runtime";\n' + fn("n: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) a.push(i);\n  return nd.array(a);"),
    line: 3,
    message: /nd\.array infers a dtype/,
  },
  {
    name: "several declarators in one statement",
    code: fn("n: number", "  const a: number[] = [], b = 2;\n  for (let i = 0; i < n; i++) a.push(i * b);\n  return new Float64Array(a);"),
    line: 2,
    message: /declares several variables/,
  },
  {
    name: "two growth sites",
    code: fn("n: number", "  const a: number[] = [];\n  a.push(-1);\n  for (let i = 0; i < n; i++) a.push(i);\n  return new Float64Array(a);"),
    line: 2,
    message: /more than one place/,
  },
  {
    name: "several values per step: push(x, y) writes 2 * i and 2 * i + 1",
    code: fn("n: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) a.push(i, -i);\n  return new Float64Array(a);"),
    line: 2,
    messageId: "preallocate",
    message: /pushes of several values per iteration/,
    fix: {
      safe: true,
      output: fn("n: number", "  const a = new Float64Array(2 * Math.max(0, Math.ceil(n)));\n  for (let i = 0; i < n; i++) { a[2 * i] = i; a[2 * i + 1] = -i; }\n  return a;"),
    },
  },
  {
    name: "the value reads the partial list",
    code: fn("n: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) a.push(a.length * 2);\n  return new Float64Array(a);"),
    line: 2,
    message: /reads the array itself/,
  },
  {
    name: "also used as a plain list",
    code: fn("n: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) a.push(n - i);\n  a.sort();\n  return new Float64Array(a);"),
    line: 2,
    message: /plain list/,
  },
  {
    name: "converted twice (two independent copies)",
    code: fn("n: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) a.push(i);\n  return [new Float64Array(a), new Float64Array(a)];"),
    line: 2,
    message: /more than once/,
  },
  {
    name: "the conversion maps the values",
    code: fn("n: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) a.push(i);\n  return Float64Array.from(a, (v) => v / 2);"),
    line: 2,
    message: /maps or re-types/,
  },
  {
    name: "nested loops with an inner bound of unproven integrality (index i*m + j needs it)",
    code: fn("n: number, m: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) {\n    for (let j = 0; j < m; j++) a.push(i * m + j);\n  }\n  return new Float64Array(a);"),
    line: 2,
    fix: {
      safe: false,
      title: /new Float64Array\(n \* m\)/,
      output: fn("n: number, m: number", "  const a = new Float64Array(n * m);\n  for (let i = 0; i < n; i++) {\n    for (let j = 0; j < m; j++) a[i * m + j] = i * m + j;\n  }\n  return a;"),
    },
  },
  {
    name: "the growth sits in an inner block of the loop body",
    code: fn("n: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) {\n    {\n      a.push(i);\n    }\n  }\n  return new Float64Array(a);"),
    line: 2,
    message: /not a direct statement/,
  },
  {
    name: "the counter starts at 1",
    code: fn("n: number", "  const a: number[] = [];\n  for (let i = 1; i < n; i++) a.push(i);\n  return new Float64Array(a);"),
    line: 2,
    message: /does not start at 0/,
  },
  {
    name: "the loop is in an inner block",
    code: fn("n: number", "  const a: number[] = [];\n  {\n    for (let i = 0; i < n; i++) a.push(i);\n  }\n  return new Float64Array(a);"),
    line: 2,
    message: /same block/,
  },
  {
    name: "the bound is reassigned after the loop: the allocation sits right before it",
    code: fn("n: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) a.push(i);\n  n = 0;\n  return new Float64Array(a);"),
    line: 2,
    fix: { safe: true },
  },
  {
    name: "for-of over a typed array: known length, but no index counter",
    code: fn("x: Float64Array", "  const a: number[] = [];\n  for (const v of x) a.push(v * 2);\n  return new Float64Array(a);"),
    line: 2,
    message: /no index counter/,
  },
  {
    name: "the bound is the length of a variable reassigned before the loop",
    code: fn("x: Float64Array, y: Float64Array", "  let src = x;\n  if (y.length > 0) src = y;\n  const a: number[] = [];\n  for (let i = 0; i < src.length; i++) a.push(i);\n  return new Float64Array(a);"),
    line: 4,
    fix: { safe: true },
  },
  {
    name: "the bound is the length of an object the loop cannot change (it calls nothing)",
    code: fn("o: { length: number }", "  const a: number[] = [];\n  for (let i = 0; i < o.length; i++) a.push(i);\n  return new Float64Array(a);"),
    line: 2,
    fix: { safe: true },
  },
  {
    name: "a.length read inside the loop",
    code: fn("n: number", "  const a: number[] = [];\n  let big = 0;\n  for (let i = 0; i < n; i++) {\n    a.push(i);\n    big += a.length;\n  }\n  return [big, new Float64Array(a)];"),
    line: 2,
    message: /before the loop has finished/,
  },
  {
    name: "the conversion runs once per outer iteration",
    code: fn("n: number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) a.push(i);\n  const out: Float64Array[] = [];\n  for (let r = 0; r < 2; r++) out.push(new Float64Array(a));\n  return out;"),
    line: 2,
    message: /more than once/,
  },
  // Issue 8: any growth, any consumer.
  {
    name: "nested loops with a literal inner bound: index i * 4 + j",
    code: fn("x: Float64Array", "  const a: number[] = [];\n  for (let i = 0; i < x.length; i++) {\n    for (let j = 0; j < 4; j++) a.push(x[i] * j);\n  }\n  return new Float64Array(a);"),
    line: 2,
    messageId: "preallocate",
    fix: {
      safe: true,
      output: fn("x: Float64Array", "  const a = new Float64Array(x.length * 4);\n  for (let i = 0; i < x.length; i++) {\n    for (let j = 0; j < 4; j++) a[i * 4 + j] = x[i] * j;\n  }\n  return a;"),
    },
  },
  {
    name: "two push statements per iteration (uvs.push(u); uvs.push(v)): indices 2 * i and 2 * i + 1",
    code: fn("x: Float64Array", "  const uvs: number[] = [];\n  for (let i = 0; i < x.length; i++) {\n    uvs.push(x[i]);\n    uvs.push(1 - x[i]);\n  }\n  return new Float32Array(uvs);"),
    line: 2,
    fix: {
      safe: true,
      output: fn("x: Float64Array", "  const uvs = new Float32Array(2 * x.length);\n  for (let i = 0; i < x.length; i++) {\n    uvs[2 * i] = x[i];\n    uvs[2 * i + 1] = 1 - x[i];\n  }\n  return uvs;"),
    },
  },
  {
    name: "nested loops with three values per step (a grid of vertices)",
    code: fn("w: number, h: number", "  const gridX = Math.floor(w);\n  const gridY = Math.floor(h);\n  const vertices: number[] = [];\n  for (let iy = 0; iy < 20; iy++) {\n    for (let ix = 0; ix < 30; ix++) vertices.push(ix * gridX, -iy * gridY, 0);\n  }\n  return Float32Array.from(vertices);"),
    line: 4,
    fix: {
      safe: true,
      output: fn("w: number, h: number", "  const gridX = Math.floor(w);\n  const gridY = Math.floor(h);\n  const vertices = new Float32Array(3 * 20 * 30);\n  for (let iy = 0; iy < 20; iy++) {\n    for (let ix = 0; ix < 30; ix++) { vertices[3 * (iy * 30 + ix)] = ix * gridX; vertices[3 * (iy * 30 + ix) + 1] = -iy * gridY; vertices[3 * (iy * 30 + ix) + 2] = 0; }\n  }\n  return vertices;"),
    },
  },
  {
    name: "returned number[] of length x.length: new Array(x.length), safe",
    code: fn("x: Float64Array", "  const out: number[] = [];\n  for (let i = 0; i < x.length; i++) out.push(x[i] * 2);\n  return out;", "number[]"),
    line: 2,
    messageId: "preallocateList",
    message: /and returned: preallocate `new Array\(x\.length\)`/,
    fix: { safe: true, output: fn("x: Float64Array", "  const out: number[] = new Array(x.length);\n  for (let i = 0; i < x.length; i++) out[i] = x[i] * 2;\n  return out;", "number[]") },
  },
  {
    name: "returned number[] of `rows` elements: new Array(rows) assumes rows is a non-negative integer",
    code: fn("rows: number", "  const out: number[] = [];\n  for (let r = 0; r < rows; r++) out.push(r * 2);\n  return out;", "number[]"),
    line: 2,
    messageId: "preallocateList",
    fix: { safe: false, title: /new Array\(rows\)/, output: fn("rows: number", "  const out: number[] = new Array(rows);\n  for (let r = 0; r < rows; r++) out[r] = r * 2;\n  return out;", "number[]") },
  },
  {
    name: "handed to a function (jStat.meandev's jStat.mean(a)): new Array(n), a refactor for an unproven n",
    code: fn("n: number, f: (xs: number[]) => number", "  const a: number[] = [];\n  for (let i = 0; i < n; i++) a.push(i);\n  return f(a);"),
    line: 2,
    messageId: "preallocateList",
    message: /passed to `f`/,
    fix: { safe: false, title: /new Array\(n\)/ },
  },
  {
    name: "a counter declared before the loop (jStat.diff)",
    code: fn("arr: Float64Array", "  const diffs: number[] = [];\n  const arrLen = arr.length;\n  let i;\n  for (i = 1; i < arrLen; i++) diffs.push(arr[i] - arr[i - 1]);\n  return diffs;", "number[]"),
    line: 2,
    messageId: "preallocateList",
    message: /new Array\(arrLen - 1\)/,
    // the counter starts at 1: no index to write by
    fix: undefined,
  },
  {
    name: "a loop counting down (jStat.meddev): the length is known, the stores would run backwards",
    code: fn("arr: Float64Array, m: number, median: (xs: number[]) => number", "  const a: number[] = [];\n  for (let i = arr.length - 1; i >= 0; i--) {\n    a.push(Math.abs(arr[i] - m));\n  }\n  return median(a);"),
    line: 2,
    messageId: "preallocateList",
    message: /new Array\(arr\.length\)/,
  },
  {
    name: "one push in each branch of an if/else (ml-matrix varianceByRow)",
    code: fn("rows: number, unbiased: boolean", "  const variance: number[] = [];\n  for (let i = 0; i < rows; i++) {\n    if (unbiased) {\n      variance.push(i / 2);\n    } else {\n      variance.push(i);\n    }\n  }\n  return variance;", "number[]"),
    line: 2,
    messageId: "preallocateList",
    message: /new Array\(rows\)/,
  },
  {
    name: "a bound read from an object while the loop calls its methods (matrix.rows): a refactor assuming it stays",
    code: fn("matrix: { rows: number; get(i: number): number }", "  const scale: number[] = [];\n  for (let i = 0; i < matrix.rows; i++) scale.push(Math.sqrt(matrix.get(i)));\n  return scale;", "number[]"),
    line: 2,
    messageId: "preallocateList",
    fix: { safe: false, title: /new Array\(matrix\.rows\)/ },
  },
  {
    name: "returned where the return type allows a Float64Array",
    code: fn("x: Float64Array", "  const out: number[] = [];\n  for (let i = 0; i < x.length; i++) out.push(x[i] + 1);\n  return out;", "number[] | Float64Array"),
    line: 2,
    messageId: "preallocateList",
    message: /new Float64Array\(x\.length\)/,
    fix: { safe: false },
  },
  {
    name: "stored in a field",
    code: "class Grid {\n  data: number[] = [];\n  build(x: Float64Array): void {\n    const cells: number[] = [];\n    for (let i = 0; i < x.length; i++) cells.push(x[i]);\n    this.data = cells;\n  }\n}\n",
    line: 4,
    messageId: "preallocateList",
    message: /stored in `this\.data`/,
    fix: { safe: true },
  },
  {
    name: "three.js: new Float32BufferAttribute(vertices, 3) (a refactor assuming it takes a typed array)",
    code:
      "declare class Float32BufferAttribute { constructor(array: ArrayLike<number>, itemSize: number); }\n" +
      fn("x: Float64Array", "  const vertices: number[] = [];\n  for (let i = 0; i < x.length; i++) vertices.push(x[i], 0, 1);\n  return new Float32BufferAttribute(vertices, 3);"),
    line: 3,
    messageId: "preallocateCopy",
    message: /`Float32BufferAttribute` copies it/,
    fix: {
      safe: false,
      title: /new Float32Array\(3 \* x\.length\)/,
      output:
        "declare class Float32BufferAttribute { constructor(array: ArrayLike<number>, itemSize: number); }\n" +
        fn("x: Float64Array", "  const vertices = new Float32Array(3 * x.length);\n  for (let i = 0; i < x.length; i++) { vertices[3 * i] = x[i]; vertices[3 * i + 1] = 0; vertices[3 * i + 2] = 1; }\n  return new Float32BufferAttribute(vertices, 3);"),
    },
  },
  {
    name: "three.js: geometry.setIndex(indices) keeps a list: new Array(n)",
    code: fn("g: { setIndex(i: number[]): void }, gridX: number, gridY: number", "  const indices: number[] = [];\n  for (let iy = 0; iy < gridY; iy++) {\n    for (let ix = 0; ix < 8; ix++) {\n      const a = ix + 9 * iy;\n      indices.push(a, a + 9, a + 1);\n      indices.push(a + 9, a + 10, a + 1);\n    }\n  }\n  g.setIndex(indices);\n  return 0;"),
    line: 2,
    messageId: "preallocateCopy",
    message: /`setIndex` copies it/,
    fix: { safe: false, title: /new Array\(6 \* gridY \* 8\)/ },
  },
  {
    name: "concat growth of unknown length (a while loop): quadratic, push instead",
    code: fn("v: number", "  let a: number[] = [];\n  while (v > 1) {\n    v /= 2;\n    a = a.concat(v);\n  }\n  return new Float64Array(a);"),
    line: 2,
    messageId: "quadratic",
    message: /regrown by `concat`/,
    fix: { safe: true, output: fn("v: number", "  let a: number[] = [];\n  while (v > 1) {\n    v /= 2;\n    a.push(v);\n  }\n  return new Float64Array(a);") },
  },
  {
    name: "spread growth under a condition: quadratic (the length is data-dependent)",
    code: fn("x: Float64Array", "  let a: number[] = [];\n  for (let i = 0; i < x.length; i++) {\n    if (x[i] > 0) a = [...a, x[i]];\n  }\n  return a;"),
    line: 2,
    messageId: "quadratic",
    message: /regrown by spread/,
    fix: { safe: true, output: fn("x: Float64Array", "  let a: number[] = [];\n  for (let i = 0; i < x.length; i++) {\n    if (x[i] > 0) a.push(x[i]);\n  }\n  return a;") },
  },
  {
    name: "spread growth whose intermediate lists are kept elsewhere: quadratic, no fix",
    code: fn("x: Float64Array", "  let a: number[] = [];\n  const seen: number[][] = [];\n  for (let i = 0; i < x.length; i++) {\n    if (x[i] > 0) a = [...a, x[i]];\n    seen.push(a);\n  }\n  return a;"),
    line: 2,
    messageId: "quadratic",
    message: /no automatic fix: the list is also used in other ways/,
  },
  {
    name: "zero matrix by nested push(0): m.push([]) then m[i].push(0)",
    code: fn("rows: number, cols: number", "  const m: number[][] = [];\n  for (let i = 0; i < rows; i++) {\n    m.push([]);\n    for (let j = 0; j < cols; j++) m[i].push(0);\n  }\n  return m;"),
    line: 2,
    messageId: "zeroMatrix",
    fix: { safe: false, title: /new Array\(cols\)\.fill\(0\)/, output: fn("rows: number, cols: number", "  const m: number[][] = [];\n  for (let i = 0; i < rows; i++) {\n    m.push(new Array(cols).fill(0));\n  }\n  return m;") },
  },
  {
    name: "zero matrix by nested push(0): a row list pushed into the matrix",
    code: fn("rows: number, cols: number", "  const m: number[][] = [];\n  for (let i = 0; i < rows; i++) {\n    const row: number[] = [];\n    for (let j = 0; j < cols; j++) row.push(0);\n    m.push(row);\n  }\n  return m;"),
    line: 2,
    messageId: "zeroMatrix",
    fix: { safe: false, output: fn("rows: number, cols: number", "  const m: number[][] = [];\n  for (let i = 0; i < rows; i++) {\n    const row: number[] = new Array(cols).fill(0);\n    m.push(row);\n  }\n  return m;") },
  },
  {
    name: "zero matrix with rows of a proven length (x.length): a safe fix",
    code: fn("x: Float64Array, n: number", "  const m: number[][] = [];\n  for (let i = 0; i < n; i++) {\n    const row: number[] = [];\n    for (let j = 0; j < x.length; j++) row.push(0);\n    m.push(row);\n  }\n  return m;"),
    line: 2,
    messageId: "zeroMatrix",
    fix: { safe: true, output: fn("x: Float64Array, n: number", "  const m: number[][] = [];\n  for (let i = 0; i < n; i++) {\n    const row: number[] = new Array(x.length).fill(0);\n    m.push(row);\n  }\n  return m;") },
  },
  {
    name: "flatMap into a Float32Array",
    code: fn("pts: Array<{ x: number; y: number }>", "  return new Float32Array(pts.flatMap((p) => [p.x, p.y]));"),
    line: 2,
    messageId: "flatMap",
  },
];

// The engine swallows rule crashes (a crash must not break analysis), so a guard that "works"
// by crashing would look like a silent rule: every row also asserts that nothing was logged.
const crashes: string[] = [];
const crashWatchingEngine = new Engine({ logger: { error: (message: string) => crashes.push(message) } });

function assertNoCrash(code: string): void {
  crashes.length = 0;
  crashWatchingEngine.analyze("/virtual/crash-check.ts", code, { runtimeImport: "arraylint/runtime", rules: [RULE], explain: true });
  assert.deepEqual(crashes, [], "the rule crashed");
}

describe(`${RULE}: valid`, () => {
  for (const c of valid)
    test(c.name, () => {
      assertValid(RULE, c);
      assertNoCrash(c.code);
    });
});

describe(`${RULE}: invalid`, () => {
  for (const c of invalid)
    test(c.name, () => {
      assertInvalid(RULE, c);
      assertNoCrash(c.code);
    });
});

describe(`${RULE}: explanations`, () => {
  const explained: Array<[string, RegExp]> = [
    ["conditional growth (a filter)", /growth is conditional, so the final length depends on the data/],
    ["while loop", /number of loop iterations is data-dependent/],
    ["growth inside a callback in the loop", /grown inside another function/],
    ["early exit from the loop", /leave an iteration early/],
    ["early exit from a for-of loop", /leave an iteration early/],
    ["for-of over a Set", /without a known length/],
  ];
  for (const [name, pattern] of explained) {
    test(`${name}: the information diagnostic names the blocker`, () => {
      const messages = explanationsOf(RULE, valid.find((c) => c.name === name)!.code);
      assert.ok(messages.some((m) => pattern.test(m)), JSON.stringify(messages));
    });
  }
});

describe(`${RULE}: the safe fix behaves like the original`, () => {
  test("lecture loop: same values for negative, fractional, NaN, zero and ordinary bounds", () => {
    const [finding] = findingsOf(RULE, LECTURE);
    assert.ok(finding?.fix?.safe);
    const original = loadModule(LECTURE);
    const fixed = loadModule(applyEdits(LECTURE, finding.fix.edits));
    for (const n of [-3, -0.5, 0, 0.5, 2.5, NaN, -Infinity, 7, 1000]) {
      const want = original.f(n) as Int32Array;
      const got = fixed.f(n) as Int32Array;
      assert.ok(got instanceof Int32Array, `n=${n}: got ${Object.prototype.toString.call(got)}`);
      assert.deepEqual(Array.from(got), Array.from(want), `n=${n}`);
    }
  });

  test("conversion semantics kept: Int32/Uint8Clamped/Float32 wrap, clamp and round the same", () => {
    for (const ctor of ["Int32Array", "Uint8ClampedArray", "Float32Array", "Int8Array"]) {
      const code = fn("x: Float64Array", `  const a: number[] = [];\n  for (let i = 0; i < x.length; i++) a.push(x[i] * 1e3);\n  return new ${ctor}(a);`);
      const [finding] = findingsOf(RULE, code);
      assert.ok(finding?.fix?.safe, ctor);
      const x = Float64Array.from([0.4, -0.0006, 1.7, NaN, 3e7, -3e7, 2.5e-4, Infinity, -Infinity, 0.1275]);
      const want = loadModule(code).f(x) as ArrayLike<number>;
      const got = loadModule(applyEdits(code, finding.fix.edits)).f(x) as ArrayLike<number>;
      assert.equal(Object.prototype.toString.call(got), Object.prototype.toString.call(want));
      assert.deepEqual(Array.from(got), Array.from(want), ctor);
    }
  });
});

describe(`${RULE}: benchmark spec`, () => {
  test("the safe finding carries the span from the declaration to the conversion, before and after", () => {
    const [finding] = findingsOf(RULE, LECTURE);
    assert.ok(finding.bench, "no bench spec");
    assert.equal(finding.bench.before, "const xs: number[] = [];\n  for (let i = 0; i < n; i++) {\n    xs.push(i);\n  }\n  return Int32Array.from(xs);");
    assert.equal(finding.bench.after, "const xs = new Int32Array(Math.max(0, Math.ceil(n)));\n  for (let i = 0; i < n; i++) {\n    xs[i] = i;\n  }\n  return xs;");
    assert.deepEqual(finding.bench.variables, [{ name: "n", type: "number", role: "scalar" }]);
  });

  test("a conversion stored in a const is returned by the benchmarked body", () => {
    const code = fn("x: Float64Array", "  const a: number[] = [];\n  for (let i = 0; i < x.length; i++) a.push(x[i] + 1);\n  const t = new Float64Array(a);\n  return t[0];");
    const [finding] = findingsOf(RULE, code);
    assert.ok(finding.bench);
    assert.ok(finding.bench.before.endsWith("const t = new Float64Array(a);\nreturn t;"), finding.bench.before);
    assert.ok(finding.bench.after.endsWith("const t = a;\nreturn t;"), finding.bench.after);
    assert.deepEqual(finding.bench.variables, [{ name: "x", type: "Float64Array", role: "input" }]);
  });
});

/** Same kind of container, same length, same elements by Object.is (NaN equal, -0 ≠ 0), recursively. */
function assertSame(got: unknown, want: unknown, where: string): void {
  if (typeof want !== "object" || want === null) {
    assert.ok(Object.is(got, want), `${where}: ${String(got)} vs ${String(want)}`);
    return;
  }
  assert.equal(Object.prototype.toString.call(got), Object.prototype.toString.call(want), `${where}: type`);
  const g = got as ArrayLike<unknown>;
  const w = want as ArrayLike<unknown>;
  assert.equal(g.length, w.length, `${where}: length`);
  for (let i = 0; i < w.length; i++) assertSame(g[i], w[i], `${where} [${i}]`);
}

describe(`${RULE}: every safe fix in the table behaves like the original`, () => {
  const numbers = [-3, -0.5, 0, 0.5, 2.5, NaN, 7, 40];
  const arrays = [new Float64Array(0), Float64Array.of(NaN), Float64Array.from([0.5, -0, 3, -7, Infinity, 1e-300, 2.5])];
  const argumentSets: Record<string, unknown[][]> = {
    "n: number": numbers.map((n) => [n]),
    "k: number": numbers.map((n) => [n]),
    "x: Float64Array": arrays.map((x) => [x]),
    "x: Float64Array, y: Float64Array": arrays.map((x) => [x, arrays[2]]),
    "v: number": numbers.map((n) => [n]).concat([[1e6]]),
    "x: Float64Array, n: number": arrays.flatMap((x) => numbers.map((n) => [x, n])),
    "w: number, h: number": [[3, 4], [2.5, -1], [NaN, 0]],
    "o: { length: number }": [[{ length: 3 }], [{ length: 2.5 }], [{ length: NaN }], [{ length: -1 }]],
  };
  for (const row of invalid.filter((c) => c.fix?.safe)) {
    const params = /export function f\(([^)]*)\)/.exec(row.code)?.[1];
    const sets = params === undefined ? undefined : params === "" ? [[]] : argumentSets[params];
    if (!sets) continue;
    test(row.name, () => {
      const [finding] = findingsOf(RULE, row.code);
      assert.ok(finding?.fix?.safe);
      const original = loadModule(row.code);
      const fixed = loadModule(applyEdits(row.code, finding.fix.edits));
      for (const args of sets) {
        const copy = () => args.map((a) => (ArrayBuffer.isView(a) ? (a as Float64Array).slice() : a && typeof a === "object" ? { ...a } : a));
        const want = original.f(...copy()) as ArrayLike<number>;
        const got = fixed.f(...copy()) as ArrayLike<number>;
        assertSame(got, want, `for ${String(args)}`);
      }
    });
  }
});

describe(`${RULE}: untyped JavaScript (three.js geometries)`, () => {
  const jsEngine = new Engine();
  let n = 0;
  const analyzeJs = (code: string) => jsEngine.analyze(`/virtual/geometry-${n++}.js`, code, { runtimeImport: "arraylint/runtime", rules: [RULE] }).findings;
  const plane =
    'import { Float32BufferAttribute } from "three";\n' +
    "export function plane(width = 1, height = 1, widthSegments = 1, heightSegments = 1) {\n" +
    "  const gridX = Math.floor(widthSegments);\n  const gridY = Math.floor(heightSegments);\n" +
    "  const gridX1 = gridX + 1;\n  const gridY1 = gridY + 1;\n" +
    "  const vertices = [];\n  const uvs = [];\n" +
    "  for (let iy = 0; iy < gridY1; iy++) {\n    const y = iy * (height / gridY) - height / 2;\n" +
    "    for (let ix = 0; ix < gridX1; ix++) {\n      const x = ix * (width / gridX) - width / 2;\n" +
    "      vertices.push(x, -y, 0);\n      uvs.push(ix / gridX);\n      uvs.push(1 - iy / gridY);\n    }\n  }\n" +
    "  return [new Float32BufferAttribute(vertices, 3), new Float32BufferAttribute(uvs, 2)];\n}\n";
  test("PlaneGeometry's vertices and uvs: a refactor that says the element type is inferred", () => {
    const found = analyzeJs(plane);
    assert.deepEqual(found.map((f) => [f.range.start.line + 1, f.messageId]), [[7, "preallocateCopy"], [8, "preallocateCopy"]]);
    for (const f of found) {
      assert.match(f.message, /\(inferred numbers\)/);
      assert.equal(f.fix?.safe, false);
      assert.match(f.fix?.assumption ?? "", /inferred/);
    }
    assert.match(found[0].fix!.title, /new Float32Array\(3 \* gridY1 \* gridX1\)/);
    assert.match(found[1].fix!.title, /new Float32Array\(2 \* gridY1 \* gridX1\)/);
    const fixed = applyEdits(plane, found[0].fix!.edits);
    assert.match(fixed, /vertices\[3 \* \(iy \* gridX1 \+ ix\)\] = x;\s+vertices\[3 \* \(iy \* gridX1 \+ ix\) \+ 1\] = -y;/);
    assert.doesNotMatch(fixed, /: Float32Array|as /, "no TypeScript syntax in a .js fix");
  });
  test("a JS list of strings is not numeric evidence", () => {
    const code = "export function f(n) {\n  const a = [];\n  for (let i = 0; i < n; i++) a.push(String(i));\n  return new Float64Array(a);\n}\n";
    assert.deepEqual(analyzeJs(code), []);
  });
});

describe(`${RULE}: messages describe the growth they saw (issue 9 item 6)`, () => {
  test("concat and spread growth are never called element by element; push growth is", () => {
    for (const row of invalid) {
      const [finding] = findingsOf(RULE, row.code);
      if (!finding || finding.messageId !== "preallocate") continue;
      const text = `${finding.message}\n${finding.details}`;
      if (/\.concat\(|\[\.\.\./.test(row.code)) assert.doesNotMatch(text, /element by element/, row.name);
      else if (/\.push\([^,()]*\)/.test(row.code) && !/\.push\([^)]*,/.test(row.code)) assert.match(text, /element by element/, row.name);
    }
  });
});
