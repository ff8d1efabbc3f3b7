// Programs of the shapes push-then-convert fixes: an empty list grown in counted loops (one or two
// levels, bounds that are lengths, literals or any number: negative, fractional, NaN, 0), by
// push(v), push(x, y, z), several push statements, spread or concat, with values of every kind
// (fractions, NaN, ±0, ±Infinity, out-of-range integers), then converted to every typed array
// (new T(a), T.from(a)) or returned as a list — in .ts and .js. A second target checks refactors
// under their stated assumptions: a list returned with a bound that is a non-negative integer,
// JavaScript lists whose numbers are only inferred, and a library attribute that copies a typed
// array as it copies a list (three.js's Float32BufferAttribute, stubbed).
import fc from "fast-check";
import { anyDouble, anyLength, TYPED_ARRAYS, type FixFuzzTarget, type FuzzProgram } from "../fix-fuzzer";

/** Loop bounds: lengths, literals, and any number n (the trip count of i < n is max(0, ceil(n))). */
const outerBound = fc.constantFrom("x.length", "n", "17", "0", "40");
const innerBound = fc.constantFrom("3", "1", "0", "4", "z.length");

/** An appended value over the counters, the inputs and edge literals. */
const appended = fc.constantFrom(
  "i",
  "-i",
  "x[i] * 0.5",
  "x[i % x.length]",
  "i * j",
  "x[j] + i",
  "i - 0.5",
  "-0",
  "NaN",
  "1e10 * i",
  "-(2 ** 31) - i",
  "2 ** 32 + i",
  "z[j] / (i - 1)",
  "Infinity",
  "300 - i",
  "k",
);

/** n: the bound as a number of any sign or fraction, but small enough to finish (never +Infinity). */
const boundValue = fc.oneof(fc.integer({ min: -3, max: 40 }), fc.constantFrom(NaN, -Infinity, 2.5, -0.5, 0.0001, 39.9, -0));

interface Shape {
  nested: boolean;
  /** if (x[…] > 0) around the growth: a filter (spread/concat then get the push fix). */
  filtered: boolean;
  outer: string;
  inner: string;
  growth: "push" | "push3" | "twoPushes" | "spread" | "concat";
  values: string[];
  consumer: string;
  ext: ".ts" | ".js";
}

const shape: fc.Arbitrary<Shape> = fc.record({
  nested: fc.boolean(),
  filtered: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  outer: outerBound,
  inner: innerBound,
  growth: fc.constantFrom("push" as const, "push3" as const, "twoPushes" as const, "spread" as const, "concat" as const),
  values: fc.array(appended, { minLength: 3, maxLength: 3 }),
  consumer: fc.oneof(
    fc.constantFrom(...TYPED_ARRAYS).map((t) => `new ${t}(a)`),
    fc.constantFrom(...TYPED_ARRAYS).map((t) => `${t}.from(a)`),
    fc.constantFrom("a", "[a.length, new Float64Array(a)]"),
  ),
  ext: fc.constantFrom(".ts" as const, ".js" as const),
});

function render(s: Shape): string {
  const [v1, v2, v3] = s.nested ? s.values : s.values.map((v) => v.replace(/\bj\b/g, "i"));
  const growth = {
    push: `a.push(${v1});`,
    push3: `a.push(${v1}, ${v2}, ${v3});`,
    twoPushes: `a.push(${v1});\n      a.push(${v2});`,
    spread: `a = [...a, ${v1}];`,
    concat: `a = a.concat(${v1});`,
  }[s.growth];
  const guarded = s.filtered ? `if (x[i % x.length] > 0) {\n      ${growth}\n    }` : growth;
  const inner = s.nested ? `for (let j = 0; j < ${s.inner}; j++) {\n      ${guarded}\n    }` : guarded;
  const ts = s.ext === ".ts";
  const decl = s.growth === "spread" || s.growth === "concat" ? "let" : "const";
  const body =
    `  ${decl} a${ts ? ": number[]" : ""} = [];\n` +
    `  for (let i = 0; i < ${s.outer}; i++) {\n    ${inner}\n  }\n` +
    `  return ${s.consumer};\n`;
  return ts ? `export function run(x: Float64Array, z: Float64Array, n: number, k: number): unknown {\n${body}}\n` : `export function run(x, z, n, k) {\n${body}}\n`;
}

const values = (n: number) => fc.array(anyDouble, { minLength: n, maxLength: n });

const program: fc.Arbitrary<FuzzProgram> = fc
  .tuple(shape, anyLength, fc.integer({ min: 0, max: 6 }), boundValue, anyDouble)
  .chain(([s, n, m, bound, k]) =>
    fc.tuple(values(n), values(m)).map(([xs, zs]) => ({ source: render(s), ext: s.ext, args: [Float64Array.from(xs), Float64Array.from(zs), bound, k] })),
  );

/** Refactor shapes, with inputs that satisfy the assumption each refactor states. */
const refactorProgram: fc.Arbitrary<FuzzProgram> = fc
  .record({
    kind: fc.constantFrom("returnedList" as const, "inferredJs" as const, "attribute" as const),
    nested: fc.boolean(),
    value: appended,
    ctor: fc.constantFrom(...TYPED_ARRAYS),
    rows: fc.integer({ min: 0, max: 30 }),
    cols: fc.integer({ min: 0, max: 5 }),
    n: anyLength,
    k: anyDouble,
  })
  .chain((p) =>
    values(p.n).map((xs) => {
      const v = p.nested ? p.value : p.value.replace(/\bj\b/g, "i").replace(/\bz\[/g, "x[");
      const loops = p.nested
        ? `  for (let i = 0; i < rows; i++) {\n    for (let j = 0; j < cols; j++) a.push(${v}, j);\n  }\n`
        : `  for (let i = 0; i < rows; i++) a.push(${v});\n`;
      let source: string;
      let ext: ".ts" | ".js" = ".ts";
      if (p.kind === "returnedList") {
        // assumption: rows and cols are non-negative integers (new Array(rows) throws otherwise)
        source = `export function run(x: Float64Array, z: Float64Array, rows: number, cols: number, k: number): number[] {\n  const a: number[] = [];\n${loops}  return a;\n}\n`;
      } else if (p.kind === "inferredJs") {
        // assumption: the pushed values are numbers (they are: x is a Float64Array)
        ext = ".js";
        source = `export function run(x, z, rows, cols, k) {\n  const a = [];\n${loops}  return new ${p.ctor}(a);\n}\n`;
      } else {
        // assumption: the attribute copies a typed array as it copies a list (three.js does)
        source =
          `class Float32BufferAttribute {\n  array: Float32Array;\n  constructor(array: ArrayLike<number>, public itemSize: number) {\n    this.array = new Float32Array(array);\n  }\n}\n` +
          `export function run(x: Float64Array, z: Float64Array, rows: number, cols: number, k: number): Float32Array {\n  const a: number[] = [];\n${loops}  return new Float32BufferAttribute(a, 2).array;\n}\n`;
      }
      return { source, ext, args: [Float64Array.from(xs), Float64Array.from(xs.slice(0, 5)), p.rows, p.cols, p.k] };
    }),
  );

/** Zero matrices by nested push(0), rows of a literal or an input's length (safe) or of `cols` (refactor, integer cols). */
const zeroMatrix: fc.Arbitrary<FuzzProgram> = fc
  .record({ form: fc.constantFrom("row" as const, "index" as const), cols: fc.constantFrom("x.length", "3", "0", "cols"), rows: fc.integer({ min: -2, max: 25 }), colsValue: fc.integer({ min: 0, max: 9 }), n: anyLength, ext: fc.constantFrom(".ts" as const, ".js" as const) })
  .map((p) => {
    const ts = p.ext === ".ts";
    const loop =
      p.form === "row"
        ? `    const row${ts ? ": number[]" : ""} = [];\n    for (let j = 0; j < ${p.cols}; j++) row.push(0);\n    m.push(row);\n`
        : `    m.push([]);\n    for (let j = 0; j < ${p.cols}; j++) m[i].push(0);\n`;
    const body = `  const m${ts ? ": number[][]" : ""} = [];\n  for (let i = 0; i < rows; i++) {\n${loop}  }\n  return m;\n`;
    const jsdoc = "/**\n * @param {Float64Array} x\n * @param {number} rows\n * @param {number} cols\n */\n";
    const source = ts ? `export function run(x: Float64Array, rows: number, cols: number): number[][] {\n${body}}\n` : `${jsdoc}export function run(x, rows, cols) {\n${body}}\n`;
    return { source, ext: p.ext, args: [new Float64Array(p.n), p.rows, p.colsValue] };
  });

export const targets: FixFuzzTarget[] = [
  { rule: "push-then-convert", name: "zero matrices by nested push(0) (cols an integer)", program: zeroMatrix, refactors: /non-negative integer/ },
  { rule: "push-then-convert", name: "preallocate instead of push/spread/concat, then convert", program },
  {
    rule: "push-then-convert",
    name: "refactors under their assumptions (lists, JS, attributes)",
    program: refactorProgram,
    refactors: /non-negative integer|inferred|accepts a Float32Array/,
  },
];
