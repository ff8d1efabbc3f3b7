// Programs of the shapes oversized-dtype fixes: a local typed array of every element type, written
// in counted loops (up or down, `<` or `<=`) with integer arithmetic, wrap-around, fractions, NaN,
// ±0, out-of-range values, bit operations, Math.min/max/abs/floor/round, byte reads (in and out of
// range), self-copies, branch-guarded stores (`if (e < -14) t[i] = -e - 1`), fill/set/sort, then
// read back with for…of, spread, indexOf and Math.max — in .ts and .js.
import fc from "fast-check";
import { anyDouble, anyLength, type FixFuzzTarget, type FuzzProgram } from "../fix-fuzzer";

const CTORS = ["Float64Array", "Float32Array", "Int32Array", "Uint32Array", "Int16Array", "Uint16Array", "Int8Array", "Uint8Array", "Uint8ClampedArray"] as const;

/** Integer and edge literals, written as source (negative ones parenthesized). */
const literal = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -300, max: 300 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom("0", "1", "127", "128", "255", "256", "-128", "-129", "32767", "32768", "65535", "65536", "4294967296", "2147483648", "-2147483649") },
  { weight: 1, arbitrary: fc.constantFrom("0.5", "-0.5", "1.5", "-0", "2.5", "1e-300", "0.1") },
).map((v) => (v.startsWith("-") ? `(${v})` : v));

/** A value expression over the counter i, a branch-narrowed const e, bytes b and the flags x[i] > 0. */
const value: fc.Arbitrary<string> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 6, arbitrary: tie("leaf") },
    { weight: 4, arbitrary: tie("binary") },
    { weight: 2, arbitrary: tie("byConstant") },
    { weight: 1, arbitrary: tie("call") },
    { weight: 1, arbitrary: tie("unary") },
    { weight: 1, arbitrary: tie("ternary") },
  ),
  leaf: fc.oneof({ weight: 3, arbitrary: fc.constantFrom("i", "e", "b[i]", "b[i + 1]", "b[i - 1]") }, { weight: 2, arbitrary: literal }),
  binary: fc
    .tuple(tie("node"), fc.constantFrom("+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>", ">>>"), tie("node"))
    .map(([a, op, c]) => `(${a} ${op} ${c})`),
  byConstant: fc
    .tuple(tie("node"), fc.constantFrom("%", "&", ">>", "+", "-", "*", "|"), fc.integer({ min: 1, max: 70 }))
    .map(([a, op, c]) => `(${a} ${op} ${c})`),
  call: fc.oneof(
    fc.tuple(fc.constantFrom("Math.abs", "Math.floor", "Math.round", "Math.trunc", "Math.ceil", "Math.sign"), tie("node")).map(([f, a]) => `${f}(${a})`),
    fc.tuple(fc.constantFrom("Math.min", "Math.max"), tie("node"), tie("node")).map(([f, a, c]) => `${f}(${a}, ${c})`),
  ),
  unary: fc.oneof(tie("node").map((a) => `-(${a})`), tie("node").map((a) => `~(${a})`)),
  ternary: fc.tuple(tie("node"), tie("node")).map(([a, c]) => `(x[i] > 0 ? ${a} : ${c})`),
})).node as fc.Arbitrary<string>;

/** Mostly the simple stores real code makes (an index, a flag, a byte, a masked or shifted counter), sometimes any tree. */
const simpleValue = fc.oneof(
  fc.constantFrom("i", "e", "-e - 1", "b[i]", "b[i + 1]", "x[i] > 0 ? 1 : 0", "+(x[i] > 0)", "i & 255", "i % 16", "i >> 2", "(e + 15) << 10", "i - 32", "i * 3", "Math.min(i, 9)", "Math.abs(e)"),
  literal,
  fc.tuple(fc.constantFrom("i", "e", "b[i]"), fc.constantFrom("+", "-", "*", "%", "&", "|", ">>"), fc.integer({ min: 1, max: 300 })).map(([a, op, c]) => `${a} ${op} ${c}`),
);
const storedValue = fc.oneof({ weight: 3, arbitrary: simpleValue }, { weight: 1, arbitrary: value });

/** The loop header over i: up or down, `<` or `<=`, literal bounds or the array's length. */
const loopHeader = fc.oneof(
  fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: 0, max: 80 }), fc.boolean()).map(
    ([s, b, inclusive]) => `for (let i = ${s < 0 ? `(${s})` : s}; i ${inclusive ? "<=" : "<"} ${b}; i++)`,
  ),
  fc.tuple(fc.integer({ min: 0, max: 80 }), fc.integer({ min: -3, max: 3 })).map(([s, l]) => `for (let i = ${s}; i >= ${l < 0 ? `(${l})` : l}; i--)`),
  fc.constant("for (let i = 0; i < a.length; i++)"),
);

/** One store statement, maybe guarded by conditions on the const e = i - c (the three.js table shape). */
const store = fc.tuple(storedValue, fc.oneof(fc.constant(""), fc.constantFrom("e < -27", "e < -14", "e <= 15", "i < 10", "i >= 3", "e > 0 && e < 9")), storedValue, fc.constantFrom("i", "i + 1", "i | 16", "i % 7", "i - 2")).map(
  ([v, guard, w, index]) => (guard === "" ? `a[${index}] = ${v};` : `if (${guard}) a[${index}] = ${v};\n    else a[${index}] = ${w};`),
);

/** Statements after the loop: other writes the analysis follows, and reads. */
const extra = fc.constantFrom(
  "",
  "a.fill(3);",
  "a.fill(-1);",
  "a.fill(0.5);",
  "a.set(b.subarray(0, Math.min(b.length, a.length)));",
  "a.sort();",
  "a.reverse();",
  "for (let j = 1; j < a.length; j++) a[j] = a[j - 1];",
  "a[0] = a[a.length];",
);

const program: fc.Arbitrary<FuzzProgram> = fc
  .record({
    // mostly types that can shrink; the 1-byte ones check that nothing is proposed for them
    ctor: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...CTORS.slice(0, 6)) }, { weight: 1, arbitrary: fc.constantFrom(...CTORS.slice(6)) }),
    length: fc.oneof(fc.integer({ min: 17, max: 70 }).map(String), fc.constant("x.length")),
    offset: fc.integer({ min: 0, max: 140 }),
    header: loopHeader,
    stores: fc.array(store, { minLength: 1, maxLength: 2 }),
    extra,
    ext: fc.constantFrom(".ts" as const, ".js" as const),
    jsdoc: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    n: anyLength,
    bytes: fc.integer({ min: 0, max: 70 }),
  })
  .chain((p) =>
    fc.tuple(fc.array(anyDouble, { minLength: p.n, maxLength: p.n }), fc.uint8Array({ minLength: p.bytes, maxLength: p.bytes })).map(([xs, bs]) => {
      const ts = p.ext === ".ts";
      const body =
        `  const a = new ${p.ctor}(${p.length});\n` +
        `  ${p.header} {\n    const e = i - ${p.offset};\n    ${p.stores.join("\n    ")}\n  }\n` +
        (p.extra ? `  ${p.extra}\n` : "") +
        `  let s = 0;\n  for (const v of a) s += 1 / v;\n` +
        `  return [s, Math.max(...a), a.indexOf(1), a.length, [...a]];\n`;
      // JavaScript with JSDoc types (as libraries document them), or without: then x.length and b[i] are unknowns
      const jsdoc = p.jsdoc ? "/**\n * @param {Float64Array} x\n * @param {Uint8Array} b\n */\n" : "";
      const source = ts ? `export function run(x: Float64Array, b: Uint8Array): unknown[] {\n${body}}\n` : `${jsdoc}export function run(x, b) {\n${body}}\n`;
      return { source, ext: p.ext, args: [Float64Array.from(xs), Uint8Array.from(bs)] };
    }),
  );

/** A table written from the three.js half-float shape with narrowed branches. */
const bitTable: fc.Arbitrary<FuzzProgram> = fc
  .record({
    ctor: fc.constantFrom("Uint32Array", "Int32Array", "Float64Array", "Uint16Array"),
    bias: fc.integer({ min: 100, max: 140 }),
    cuts: fc.tuple(fc.integer({ min: -40, max: 0 }), fc.integer({ min: -20, max: 20 }), fc.integer({ min: 0, max: 30 })),
    ext: fc.constantFrom(".ts" as const, ".js" as const),
  })
  .map((p) => {
    const [c1, c2, c3] = p.cuts;
    const par = (v: number) => (v < 0 ? `(${v})` : String(v));
    const body =
      `  const shift = new ${p.ctor}(512);\n  for (let i = 0; i < 256; ++i) {\n    const e = i - ${p.bias};\n` +
      `    if (e < ${par(c1)}) {\n      shift[i] = 24;\n      shift[i | 0x100] = 24;\n    } else if (e < ${par(c2)}) {\n` +
      `      shift[i] = -e - 1;\n      shift[i | 0x100] = -e - 1;\n    } else if (e <= ${par(c3)}) {\n      shift[i] = (e + 15) << 10;\n` +
      `      shift[i | 0x100] = ((e + 15) << 10) | 0x8000;\n    } else {\n      shift[i] = 13;\n      shift[i | 0x100] = e >> 2;\n    }\n  }\n` +
      `  return [...shift];\n`;
    return { source: p.ext === ".ts" ? `export function run(): number[] {\n${body}}\n` : `export function run() {\n${body}}\n`, ext: p.ext, args: [] };
  });

export const targets: FixFuzzTarget[] = [
  { rule: "oversized-dtype", name: "narrow the constructor after modelled stores", program },
  { rule: "oversized-dtype", name: "branch-narrowed bit-twiddling table", program: bitTable },
];
