// oversized-dtype: valid/invalid tables (one valid row per guard clause of the rule) and a
// differential test that runs original and safe-fixed code and compares every value read back.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { Engine, applyEdits } from "../../server/engine/index";
import { assertInvalid, assertValid, explanationsOf, findingsOf, loadModule, type InvalidCase, type ValidCase } from "../engine/rule-harness";

const RULE = "oversized-dtype";

/** A module with one exported function `f(params)` whose body is `body`. */
function fn(params: string, body: string, returnType = "unknown"): string {
  return `export function f(${params}): ${returnType} {\n${body}\n}\n`;
}

/** Fill `decl`'s array with `write` in a counted loop over x, then return the sum of the reads. */
function local(decl: string, write: string, params = "x: Float64Array, t: number"): string {
  return fn(params, `  ${decl}\n  for (let i = 0; i < x.length; i++) ${write};\n  let s = 0;\n  for (let i = 0; i < a.length; i++) s += 1 / a[i];\n  return s;`);
}

const valid: ValidCase[] = [
  {
    // let a: Float64Array; … a = …: no initializer to analyse
    name: "declared without an initializer",
    code: fn("n: number", "  let a: Float64Array;\n  a = new Float64Array(n);\n  a[0] = 1;\n  return a[0];"),
  },
  {
    // const { a } = …: destructuring
    name: "destructuring declaration",
    code: fn("o: { a: Float64Array }", "  const { a } = o;\n  a[0] = 1;\n  return a[0];"),
  },
  {
    // new Uint8Array(n): already one byte per element, nothing narrower
    name: "already the smallest type",
    code: local("const a = new Uint8Array(x.length);", "a[i] = x[i] > t ? 1 : 0"),
  },
  {
    // Float64Array.from(bytes, f): mapped contents the analysis does not follow
    name: "Float64Array.from with a map function",
    code: fn("b: Uint8Array", "  const a = Float64Array.from(b, (v) => v / 2);\n  return a[0];"),
  },
  {
    // class Float64Array {…}: a user class with the typed array's name
    name: "a shadowing Float64Array class",
    code:
      "class Float64Array { [i: number]: number; length = 4; constructor(public n: number) {} }\n" +
      local("const a = new Float64Array(x.length);", "a[i] = x[i] > t ? 1 : 0"),
  },
  {
    // for (const a = new Float64Array(3); …): not a declaration statement
    name: "declared in a for header",
    code: fn("n: number", "  let s = 0;\n  for (const a = new Float64Array(3); s < n; s++) a[0] = 1;\n  return s;"),
  },
  {
    // let a = new Float64Array(n); a = other: the variable holds other arrays too
    name: "the variable is reassigned",
    code: fn("x: Float64Array", "  let a = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) a[i] = i % 2;\n  a = x;\n  return a[0];"),
  },
  {
    // fill(a): the callee may write fractions we cannot see
    name: "passed to another function",
    code: fn("x: Float64Array, fill: (a: Float64Array) => void", "  const a = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) a[i] = i % 2;\n  fill(a);\n  return a[0];"),
  },
  {
    // const b = a: writes through the alias are invisible
    name: "aliased",
    code: fn("x: Float64Array", "  const a = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) a[i] = i % 2;\n  const b = a;\n  b[0] = 0.5;\n  return a[0];"),
  },
  {
    // a.subarray(…) aliases, a.byteLength observes the element size
    name: "element-size dependent member",
    code: fn("x: Float64Array", "  const a = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) a[i] = i % 2;\n  return a.byteLength;"),
  },
  {
    // counts[k] += 1: a read-modify-write count has no bound
    name: "compound element assignment",
    code: fn("x: Float64Array", "  const a = new Float64Array(4);\n  for (let i = 0; i < x.length; i++) a[i & 3] += 1;\n  return a[0];"),
  },
  {
    // a[i]++: a count with no bound
    name: "element increment",
    code: fn("x: Uint8Array", "  const a = new Float64Array(256);\n  for (let i = 0; i < x.length; i++) a[x[i]]++;\n  return a[0];"),
  },
  {
    // const buf = new Float64Array(n) only read here: nothing says what it is for
    name: "never written",
    code: fn("n: number", "  const buf = new Float64Array(n);\n  return buf[0] + buf.length;"),
  },
  {
    // a[i] = x[i] / 2: fractional values
    name: "fractional values",
    code: local("const a = new Float64Array(x.length);", "a[i] = i / 2"),
  },
  {
    // w[i] = v; v *= rate: a recurrence (the corpus's decayWeights)
    name: "value from a recurrence",
    code: fn("n: number, rate: number", "  const w = new Float64Array(n);\n  let v = 1;\n  for (let i = 0; i < n; i++) {\n    w[i] = v;\n    v *= rate;\n  }\n  return w[n - 1];"),
  },
  {
    // Math.random(): not an integer
    name: "Math.random",
    code: local("const a = new Float64Array(x.length);", "a[i] = Math.floor(Math.random() * 10) + Math.random()"),
  },
  {
    // Date.now(): epoch milliseconds exceed an Int32Array's range
    name: "epoch milliseconds",
    code: local("const a = new Float64Array(x.length);", "a[i] = Date.now()"),
  },
  {
    // i * 100000 for i < 1000: up to 99,900,000, beyond 16 bits; Int32Array is not narrower than Float32Array
    name: "values beyond the narrower types",
    code: fn("x: Float64Array", "  const a = new Float32Array(1000);\n  for (let i = 0; i < 1000; i++) a[i] = i * 100000;\n  return a[3];"),
  },
  {
    // counts up to 70000 in an Int32Array: more than a Uint16Array holds
    name: "counts above 65535 in an Int32Array",
    code: fn("", "  const a = new Int32Array(10);\n  for (let i = 0; i <= 70000; i++) a[i % 10] = i;\n  return a[3];"),
  },
  {
    // a[i] = x[i] > t ? 0.5 : 0: a fractional literal
    name: "fractional literal",
    code: local("const a = new Float64Array(x.length);", "a[i] = x[i] > t ? 0.5 : 0"),
  },
  {
    // i % (c ? 2 : 300): a divisor that is not one constant bounds nothing
    name: "remainder by a non-constant divisor",
    code: local("const a = new Float64Array(x.length);", "a[i] = i % (x[i] > t ? 2 : 300)"),
  },
  {
    // lim.min(i, 3) where lim is user code: only the global Math is known
    name: "a Math look-alike object",
    code: fn("x: Float64Array", "  const lim = { min: (p: number, q: number) => p + q + 0.5 };\n  const a = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) a[i] = lim.min(i, 3);\n  return a[0];"),
  },
  {
    // for (…; i < 10; i++) { i += 1000; a[i] = i }: the body moves the counter past its bound
    name: "counter also written in the loop body",
    code: fn("", "  const a = new Float64Array(2000);\n  for (let i = 0; i < 10; i++) {\n    i += 1000;\n    a[i] = i;\n  }\n  return a[1000];"),
  },
  {
    // a[i] = b[i + 1]: the last read is past the end, undefined → NaN in a Float64Array, 0 in a Uint8Array
    name: "byte read that can fall past the end",
    code: fn("b: Uint8Array", "  const a = new Float64Array(b.length);\n  for (let i = 0; i < b.length; i++) a[i] = b[i + 1];\n  return 1 / a[a.length - 1];"),
  },
  {
    // a[i] = a[i - 1] from i = 0: reads a[-1], undefined → NaN
    name: "self-copy that reads before the start",
    code: fn("b: Uint8Array", "  const a = new Float64Array(b);\n  for (let i = 0; i < a.length; i++) a[i] = a[i - 1];\n  return a[0];"),
  },
  {
    // for (var i = 0; i < 100; i++) {} then a[0] = i * 1000: after the loop a `var` counter is 100
    name: "a var counter read after its loop",
    code: fn("", "  const a = new Float64Array(4);\n  for (var i = 0; i < 100; i++) a[1] = 1;\n  a[0] = i * 1000;\n  return a[0];"),
  },
  {
    // a[i] = -i: i = 0 stores -0, which an integer array would read back as +0
    name: "-0 can be stored",
    code: local("const a = new Float64Array(x.length);", "a[i] = -(i % 4)"),
  },
  {
    // new Float64Array(x) of a Float64Array: copied floats
    name: "a copy of floating-point data",
    code: fn("x: Float64Array", "  const a = new Float64Array(x);\n  return a[0];"),
  },
  {
    // issue 9 repro: `i - 32` stored into a Uint32Array wraps to 4294967264..4294967295; an Int8Array would store -32..-1
    name: "negative values wrapped by a Uint32Array store (issue 9 repro)",
    code: "export function total(): number {\n  const t = new Uint32Array(64);\n  for (let i = 0; i < 64; i++) t[i] = i - 32;\n  let s = 0;\n  for (let i = 0; i < 64; i++) s = Math.max(s, t[i]);\n  return s;\n}\n",
  },
  {
    // fuzz counterexample (seed 20261206): ts-morph's getLiteralValue() reads 1e-300 as 1, the store is a fraction
    name: "an exponent-notation fraction (1e-300)",
    code: fn("", "  const a = new Float64Array(17);\n  for (let i = 0; i <= 0; i++) a[i] = 1e-300;\n  let s = 0;\n  for (const v of a) s += 1 / v;\n  return s;"),
  },
  {
    // new Float64Array(4): a vec4 saves 28 bytes, not worth a finding
    name: "tiny array of known length",
    code: fn("", "  const v = new Float64Array(4);\n  for (let i = 0; i < 4; i++) v[i] = i;\n  return v[0] + v[3];"),
  },
  {
    // simplex-noise's grad3 as doubles: 36 entries stay in cache, integer reads would convert before every float multiply
    name: "a small float table feeding float arithmetic",
    code: fn("i: number", "  const grad3 = new Float64Array([1, 1, 0, -1, 1, 0, 1, -1, 0, -1, -1, 0, 1, 0, 1, -1, 0, 1, 1, 0, -1, -1, 0, -1, 0, 1, 1, 0, -1, 1, 0, 1, -1, 0, -1, -1]);\n  return grad3[i % 36] * 0.5;"),
  },
  {
    // new Float64Array(200) of loop indices: 1.6 KB, in cache either way
    name: "a small float array of known length",
    code: fn("", "  const a = new Float64Array(200);\n  for (let i = 0; i < 200; i += 1) a[i] = i;\n  return a[199];"),
  },
  {
    // new Int32Array(ndim): strides of an n-d array, rank-sized
    name: "strides of an n-d array",
    code: fn("ndim: number", "  const strides = new Float64Array(ndim);\n  for (let d = 0; d < ndim; d++) strides[d] = d + 1;\n  return strides[0];"),
  },
  {
    // [-1, -1, 1, -1, …] handed to the GPU: the bytes are the vertex format
    name: "vertex data handed to a GPU buffer",
    code: fn("gl: { bufferData(target: number, data: Float32Array, usage: number): void }", "  const quad = new Float32Array(64);\n  for (let i = 0; i < 64; i++) quad[i] = (i & 1) * 2 - 1;\n  gl.bufferData(34962, quad, 35044);\n  return 0;"),
  },
  {
    // a[i] = b[i + 1] into a Float32Array: the read past the end stores NaN
    name: "float array storing a read that may fall past the end",
    code: fn("b: Uint8Array", "  const a = new Float32Array(b.length);\n  for (let i = 0; i < b.length; i++) a[i] = b[i + 1];\n  return a[0];"),
  },
  {
    // const b = a.sort(): sort returns the array itself, an alias
    name: "sort() used as a value aliases the array",
    code: fn("x: Float64Array", "  const a = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) a[i] = i % 2;\n  const b = a.sort();\n  b[0] = 0.5;\n  return a[0];"),
  },
  {
    // flags[i] === true: the value is observed, not only its truth
    name: "boolean flags compared with true",
    code: fn("x: Float64Array", "  const seen: boolean[] = new Array(x.length).fill(false);\n  for (let i = 0; i < x.length; i++) seen[i] = x[i] > 0;\n  let c = 0;\n  for (let i = 0; i < x.length; i++) if (seen[i] === true) c++;\n  return c;"),
  },
  {
    // return seen: callers get the list itself
    name: "boolean flags returned",
    code: fn("x: Float64Array", "  const seen = new Array(x.length).fill(false);\n  for (let i = 0; i < x.length; i++) seen[i] = x[i] > 0;\n  return seen;"),
  },
  {
    // Array(3).fill(false): three flags, nothing to save
    name: "tiny boolean flags",
    code: fn("x: Float64Array", "  const seen = Array(3).fill(false);\n  for (let i = 0; i < 3; i++) seen[i] = x[i] > 0;\n  return seen[0] ? 1 : 0;"),
  },
  {
    // seen[i] = 1: numbers stored, not flags
    name: "numbers stored into a list filled with false",
    code: fn("x: Float64Array", "  const seen: (boolean | number)[] = new Array(x.length).fill(false);\n  for (let i = 0; i < x.length; i++) seen[i] = 1;\n  return seen[0] ? 1 : 0;"),
  },
];

const invalid: InvalidCase[] = [
  {
    name: "0/1 flags from a comparison in a local Float64Array (examples/dtype.ts)",
    code: local("const a = new Float64Array(x.length);", "a[i] = x[i] > t ? 1 : 0"),
    line: 2,
    message: /`a` is a Float64Array .* integers in 0\.\.1: a Uint8Array/,
    fix: { safe: true, title: /Use Uint8Array for `a`/, output: local("const a = new Uint8Array(x.length);", "a[i] = x[i] > t ? 1 : 0") },
  },
  {
    name: "bytes copied unchanged from a Uint8ClampedArray (redHistogram), type annotation too",
    code: fn("rgba: Uint8ClampedArray", "  const pixels: Float64Array = new Float64Array(rgba);\n  let s = 0;\n  for (let p = 0; p < pixels.length; p += 4) s += pixels[p];\n  return s;"),
    line: 2,
    fix: {
      safe: true,
      output: fn("rgba: Uint8ClampedArray", "  const pixels: Uint8Array = new Uint8Array(rgba);\n  let s = 0;\n  for (let p = 0; p < pixels.length; p += 4) s += pixels[p];\n  return s;"),
    },
  },
  {
    name: "Float64Array.from of bytes",
    code: fn("b: Uint8Array", "  const a = Float64Array.from(b);\n  return a.indexOf(7) + a.at(0)! + a.length;"),
    line: 2,
    fix: { safe: true, output: fn("b: Uint8Array", "  const a = Uint8Array.from(b);\n  return a.indexOf(7) + a.at(0)! + a.length;") },
  },
  {
    name: "0/1 flags in an Int32Array through +(cmp) and Number(cmp)",
    code: local("const a = new Int32Array(x.length);", "a[i] = +(x[i] > t) + Number(x[i] < -t)"),
    line: 2,
    message: /integers in 0\.\.2: a Uint8Array/,
    fix: { safe: true },
  },
  {
    name: "loop index with a literal bound → Uint16Array",
    code: fn("", "  const a = new Float64Array(2000);\n  for (let i = 0; i < 2000; i += 1) a[i] = i;\n  return a[1999];"),
    line: 2,
    message: /0\.\.1999/,
    fix: { safe: true, output: fn("", "  const a = new Uint16Array(2000);\n  for (let i = 0; i < 2000; i += 1) a[i] = i;\n  return a[1999];") },
  },
  {
    name: "decreasing loop with literal bounds, offsets and a negative range → Int16Array",
    code: fn("", "  const a = new Float64Array(3000);\n  for (let i = 2999; i >= 0; i -= 1) a[i] = 1 - i * 10;\n  return a[5];"),
    line: 2,
    message: /-29989\.\.1: an Int16Array/,
    fix: { safe: true },
  },
  {
    name: "signed flags and negated remainders → Int8Array",
    code: local("const a = new Float64Array(x.length);", "a[i] = x[i] > t ? -1 : -(i % 4) - 1"),
    line: 2,
    message: /-4\.\.0: an Int8Array/,
    fix: { safe: true },
  },
  {
    name: "bit masks, remainders and Math.min/max/abs stay bounded",
    code: local("const a = new Float64Array(x.length);", "a[i] = (i & 0xff) + Math.abs(i % 16) + Math.min(Math.max(i, 0), 3)"),
    line: 2,
    message: /0\.\.273: a Uint16Array/,
    fix: { safe: true },
  },
  {
    name: "fill, set from bytes, sort and a copy inside the array",
    code: fn("b: Uint8Array", "  const a = new Float64Array(b.length);\n  a.fill(3);\n  a.set(b);\n  a.sort();\n  for (let i = 1; i < a.length; i++) a[i] = a[i - 1];\n  let s = 0;\n  for (const v of a) s += v;\n  return s + Math.max(...a);"),
    line: 2,
    message: /0\.\.255/,
    fix: { safe: true },
  },
  {
    name: "a const and a literal-typed parameter carry their values",
    code: fn("x: Float64Array, level: 0 | 1 | 2", "  const top = 9;\n  const a = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) a[i] = x[i] > 0 ? top : level;\n  return a[0];"),
    line: 3,
    message: /0\.\.9/,
    fix: { safe: true },
  },
  // Refactors: the narrower type is visible to other code, or proven only under an assumption.
  {
    name: "returned 0/1 flags (outlierFlags): refactor that also retypes the function",
    code: fn("x: Float64Array, lo: number", "  const flags = new Int32Array(x.length);\n  for (let i = 0; i < x.length; i++) flags[i] = x[i] < lo ? 1 : 0;\n  return flags;", "Int32Array"),
    line: 2,
    fix: {
      safe: false,
      title: /Use Uint8Array for `flags`/,
      output: fn("x: Float64Array, lo: number", "  const flags = new Uint8Array(x.length);\n  for (let i = 0; i < x.length; i++) flags[i] = x[i] < lo ? 1 : 0;\n  return flags;", "Uint8Array"),
    },
  },
  {
    name: "loop indices up to an unknown n (preallocFloatForInts): Int32Array only under an assumption",
    code: fn("n: number", "  const xs = new Float64Array(n);\n  for (let i = 0; i < n; i++) xs[i] = i;\n  let s = 0;\n  for (let i = 0; i < n; i++) s += xs[i];\n  return s;"),
    line: 2,
    message: /assuming the loop counter `i` stays below 2\^31.*Int32Array/,
    fix: { safe: false },
  },
  {
    name: "stored in a field",
    code: "class Holder { flags = new Uint8Array(0); }\n" + fn("x: Float64Array, h: { data: Float64Array }", "  const a = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) a[i] = x[i] > 0 ? 1 : 0;\n  h.data = a;\n  return a[0];"),
    line: 3,
    message: /Uint8Array/,
    fix: { safe: false },
  },
  {
    name: "returned from an arrow function",
    code: "export const f = (x: Float64Array) => {\n  const a = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) a[i] = x[i] > 0 ? 1 : 0;\n  return () => a;\n};\n",
    line: 2,
    fix: { safe: false },
  },
  {
    name: "stored in an array",
    code: fn("x: Float64Array", "  const a = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) a[i] = x[i] > 0 ? 1 : 0;\n  return [a];"),
    line: 2,
    fix: { safe: false },
  },
  {
    name: "stored as a property value",
    code: fn("x: Float64Array", "  const a = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) a[i] = x[i] > 0 ? 1 : 0;\n  return { data: a };"),
    line: 2,
    fix: { safe: false },
  },
  {
    name: "stored in an object literal",
    code: fn("x: Float64Array", "  const a = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) a[i] = x[i] > 0 ? 1 : 0;\n  return { a, n: a.length };"),
    line: 2,
    fix: { safe: false },
  },
  {
    name: "exported module-level array",
    code: "export const table = new Int32Array(64);\nfor (let i = 0; i < 16; i++) table[i] = i * i;\n",
    line: 1,
    message: /0\.\.225: a Uint8Array/,
    fix: { safe: false },
  },
  // Issue 9 item 1: stores modelled through the typed array's own conversion.
  {
    name: "bit-twiddling table of 13..26 in a Uint32Array (three.js DataUtils): the branches bound -e - 1",
    code: fn("", "  const shiftTable = new Uint32Array(512);\n  for (let i = 0; i < 256; ++i) {\n    const e = i - 127;\n    if (e < -27) {\n      shiftTable[i] = 24;\n      shiftTable[i | 0x100] = 24;\n    } else if (e < -14) {\n      shiftTable[i] = -e - 1;\n      shiftTable[i | 0x100] = -e - 1;\n    } else if (e <= 15) {\n      shiftTable[i] = 13;\n      shiftTable[i | 0x100] = 13;\n    } else if (e < 128) {\n      shiftTable[i] = 24;\n      shiftTable[i | 0x100] = 24;\n    } else {\n      shiftTable[i] = 13;\n      shiftTable[i | 0x100] = 13;\n    }\n  }\n  let s = 0;\n  for (let i = 0; i < 512; i++) s += shiftTable[i];\n  return s;"),
    line: 2,
    messageId: "narrower",
    message: /integers in 0\.\.26: Uint8Array/,
    fix: { safe: true, output: fn("", "  const shiftTable = new Uint32Array(512);\n  for (let i = 0; i < 256; ++i) {\n    const e = i - 127;\n    if (e < -27) {\n      shiftTable[i] = 24;\n      shiftTable[i | 0x100] = 24;\n    } else if (e < -14) {\n      shiftTable[i] = -e - 1;\n      shiftTable[i | 0x100] = -e - 1;\n    } else if (e <= 15) {\n      shiftTable[i] = 13;\n      shiftTable[i | 0x100] = 13;\n    } else if (e < 128) {\n      shiftTable[i] = 24;\n      shiftTable[i | 0x100] = 24;\n    } else {\n      shiftTable[i] = 13;\n      shiftTable[i | 0x100] = 13;\n    }\n  }\n  let s = 0;\n  for (let i = 0; i < 512; i++) s += shiftTable[i];\n  return s;".replace("new Uint32Array(512)", "new Uint8Array(512)")) },
  },
  {
    name: "negative values in an Int32Array (no wrap-around there) → Int8Array",
    code: fn("", "  const t = new Int32Array(64);\n  for (let i = 0; i < 64; i++) t[i] = i - 32;\n  let s = 0;\n  for (let i = 0; i < 64; i++) s = Math.max(s, t[i]);\n  return s;"),
    line: 2,
    message: /-32\.\.31: Int8Array/,
    fix: { safe: true },
  },
  {
    name: "values wrapped by a Uint32Array store: i + 2^32 stores i",
    code: fn("", "  const t = new Uint32Array(100);\n  for (let i = 0; i < 100; i++) t[i] = i + 4294967296;\n  return t[7] + t.length;"),
    line: 2,
    message: /0\.\.99: Uint8Array/,
    fix: { safe: true },
  },
  {
    name: "fractions truncated by an Int32Array store",
    code: fn("b: Uint8Array", "  const a = new Int32Array(b.length);\n  for (let i = 0; i < b.length; i++) a[i] = b[i] * 0.5;\n  return a[0];"),
    line: 2,
    message: /0\.\.127: Uint8Array/,
    fix: { safe: true },
  },
  {
    name: "a read past the end stores 0 in an integer array (NaN → 0)",
    code: fn("b: Uint8Array", "  const a = new Int16Array(b.length);\n  for (let i = 0; i < b.length; i++) a[i] = b[i + 1];\n  return a[a.length - 1];"),
    line: 2,
    message: /0\.\.255: Uint8Array/,
    fix: { safe: true },
  },
  {
    name: "integer table with negative entries in an Int32Array → Int8Array",
    code: fn("i: number", "  const grad3 = new Int32Array([1, 1, 0, -1, 1, 0, 1, -1, 0, -1, -1, 0, 1, 0, 1, -1, 0, 1, 1, 0, -1, -1, 0, -1, 0, 1, 1, 0, -1, 1, 0, 1, -1, 0, -1, -1]);\n  return grad3[i % 36] * 0.5;"),
    line: 2,
    message: /-1\.\.1: Int8Array/,
    fix: { safe: true },
  },
  // Issue 9 item 2: every way a module exports the array makes its type part of an API.
  {
    name: "export { table } (issue 9: --fix changed an exported table)",
    code: "const table = new Int32Array(64);\nfor (let i = 0; i < 64; i++) table[i] = i & 7;\nexport { table };\n",
    line: 1,
    message: /exported/,
    fix: { safe: false, title: /Use Uint8Array/ },
  },
  {
    name: "export { table as lookup }",
    code: "const table = new Int32Array(64);\nfor (let i = 0; i < 64; i++) table[i] = i & 7;\nexport { table as lookup };\n",
    line: 1,
    message: /exported as `lookup`/,
    fix: { safe: false },
  },
  {
    name: "export default table",
    code: "const table = new Int32Array(64);\nfor (let i = 0; i < 64; i++) table[i] = i & 7;\nexport default table;\n",
    line: 1,
    message: /default export/,
    fix: { safe: false },
  },
  {
    name: "assigned into an exported object",
    code: "export const tables: { bits?: Int32Array } = {};\nconst table = new Int32Array(64);\nfor (let i = 0; i < 64; i++) table[i] = i & 7;\ntables.bits = table;\n",
    line: 2,
    message: /stored in the exported `tables`/,
    fix: { safe: false },
  },
  {
    name: "captured by an exported function that fills it",
    code: "const table = new Int32Array(64);\nfor (let i = 0; i < 64; i++) table[i] = i & 7;\nexport function reset(): void {\n  table.fill(0);\n}\n",
    line: 1,
    message: /captured by a function/,
    fix: { safe: false },
  },
  // boolean[] flags (issue 8)
  {
    name: "boolean[] flags written by index and tested for truth → Uint8Array (refactor)",
    code: fn("x: Float64Array, t: number", "  const seen: boolean[] = new Array(x.length).fill(false);\n  for (let i = 0; i < x.length; i++) seen[i] = x[i] > t;\n  let c = 0;\n  for (let i = 0; i < seen.length; i++) if (!seen[i] && x[i] !== 0) c++;\n  return c;"),
    line: 2,
    messageId: "booleanFlags",
    fix: {
      safe: false,
      title: /Uint8Array of 0\/1 flags/,
      output: fn("x: Float64Array, t: number", "  const seen: Uint8Array = new Uint8Array(x.length);\n  for (let i = 0; i < x.length; i++) seen[i] = (x[i] > t) ? 1 : 0;\n  let c = 0;\n  for (let i = 0; i < seen.length; i++) if (!seen[i] && x[i] !== 0) c++;\n  return c;"),
    },
  },
  {
    name: "boolean flags in untyped JavaScript-style code, filled with true, written with literals",
    code: fn("n: number", "  const prime = Array.from({ length: n }, () => true);\n  for (let i = 2; i < n; i++) if (prime[i]) for (let j = i * i; j < n; j += i) prime[j] = false;\n  let c = 0;\n  for (let i = 2; i < n; i++) c += prime[i] ? 1 : 0;\n  return c;"),
    line: 2,
    messageId: "booleanFlags",
    fix: { safe: false, output: fn("n: number", "  const prime = new Uint8Array(n).fill(1);\n  for (let i = 2; i < n; i++) if (prime[i]) for (let j = i * i; j < n; j += i) prime[j] = 0;\n  let c = 0;\n  for (let i = 2; i < n; i++) c += prime[i] ? 1 : 0;\n  return c;") },
  },
];

// The engine swallows rule crashes, so a guard that "works" by crashing would look like a
// silent rule: every row also asserts that nothing was logged.
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
  test("an array with narrow visible writes that is passed on is explained", () => {
    const code = valid.find((c) => c.name === "passed to another function")!.code;
    const messages = explanationsOf(RULE, code);
    assert.ok(messages.some((m) => /passed to `fill`/.test(m)), JSON.stringify(messages));
  });
});

describe(`${RULE}: the safe fix reads back the same values`, () => {
  const safeRows = invalid.filter((c) => c.fix?.safe);
  for (const row of safeRows) {
    test(row.name, () => {
      const [finding] = findingsOf(RULE, row.code);
      assert.ok(finding?.fix?.safe);
      const original = loadModule(row.code);
      const fixed = loadModule(applyEdits(row.code, finding.fix.edits));
      const inputs = argumentSets(row.code);
      assert.ok(inputs.length > 0, "no inputs for this row");
      for (const args of inputs) {
        const want = original.f(...args.map(clone));
        const got = fixed.f(...args.map(clone));
        assert.ok(Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want)), `${String(got)} vs ${String(want)}`);
      }
    });
  }
});

function clone(v: unknown): unknown {
  return ArrayBuffer.isView(v) ? (v as Float64Array).slice() : v;
}

/** Inputs by parameter list: floats with NaN/±0/±Infinity, bytes, thresholds. */
function argumentSets(code: string): unknown[][] {
  const params = /export function f\(([^)]*)\)/.exec(code)![1];
  const floats = Float64Array.from([0.5, -0, 0, NaN, 3, -3, Infinity, -Infinity, 1e-300, 2.5, -7, 11]);
  const bytes = Uint8Array.from({ length: 40 }, (_, i) => (i * 37) % 256);
  const clamped = Uint8ClampedArray.from(bytes);
  if (params === "") return [[]];
  if (params.startsWith("x: Float64Array, t: number")) return [[floats, 0], [floats, 2], [new Float64Array(0), 1]];
  if (params.startsWith("x: Float64Array, level")) return [[floats, 0], [floats, 2]];
  if (params.startsWith("rgba")) return [[clamped], [new Uint8ClampedArray(0)]];
  if (params.startsWith("b: Uint8Array")) return [[bytes], [new Uint8Array(1)]];
  if (params === "i: number") return [[0], [7], [35], [-3], [2.5], [NaN]];
  return [];
}

describe(`${RULE}: benchmark spec`, () => {
  test("a safe finding benchmarks the rest of the function body with the constructor swapped", () => {
    const code = invalid[0].code;
    const [finding] = findingsOf(RULE, code);
    assert.ok(finding.bench, "no bench spec");
    assert.ok(finding.bench.before.startsWith("const a = new Float64Array(x.length);"), finding.bench.before);
    assert.ok(finding.bench.after.startsWith("const a = new Uint8Array(x.length);"), finding.bench.after);
    assert.equal(finding.bench.before.replace("Float64Array(x.length)", "Uint8Array(x.length)"), finding.bench.after);
    assert.deepEqual(
      finding.bench.variables.map((v) => `${v.name}:${v.role}`),
      ["x:input", "t:scalar"],
    );
  });

  test("a refactor (returned array) has no benchmark: its callers are part of the change", () => {
    const row = invalid.find((c) => c.name.startsWith("returned 0/1 flags"))!;
    const [finding] = findingsOf(RULE, row.code);
    assert.equal(finding.bench, undefined);
  });
});

describe(`${RULE}: CommonJS exports in .js files make the element type an API`, () => {
  const jsEngine = new Engine();
  let n = 0;
  const findingsInJs = (code: string) =>
    jsEngine.analyze(`/virtual/cjs-${n++}.js`, code, { runtimeImport: "arraylint/runtime", rules: [RULE] }).findings;
  const fill = "const table = new Int32Array(64);\nfor (let i = 0; i < 64; i++) table[i] = i & 7;\n";
  const rows: Array<[string, string, RegExp]> = [
    ["module.exports = { table }", `${fill}module.exports = { table };\n`, /module\.exports/],
    ["module.exports.table = table", `${fill}module.exports.table = table;\n`, /module\.exports\.table/],
    ["exports.table = table", `${fill}exports.table = table;\n`, /exports\.table/],
    ["module.exports = table", `${fill}module.exports = table;\n`, /module\.exports/],
  ];
  for (const [name, code, why] of rows) {
    test(name, () => {
      const found = findingsInJs(code);
      assert.equal(found.length, 1, JSON.stringify(found.map((f) => f.message)));
      assert.equal(found[0].fix?.safe, false, "an exported table gets a refactor, never a safe fix");
      assert.match(found[0].fix?.assumption ?? "", why);
    });
  }
  test("a module-private table in a .js file is still a safe fix", () => {
    const found = findingsInJs(`${fill}module.exports = { lookup: (i) => table[i & 63] };\n`);
    assert.equal(found.length, 1);
    assert.equal(found[0].fix?.safe, true);
  });
});
