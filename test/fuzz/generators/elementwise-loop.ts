// Programs of the shapes elementwise-loop fixes: `y[i] = f(x[i], z[i], k)` over typed arrays, in
// place or into a fresh buffer, fused or single-call, in .ts and .js (untyped, and typed by JSDoc),
// over the whole range or from a literal start (the seeded `for (let i = 1; …)` header), on a local
// or on a class field (`this.data`), with comparisons into 0/1 flags of every typed-array dtype.
import fc from "fast-check";
import { anyDouble, anyLength, TYPED_ARRAYS, type FixFuzzTarget, type FuzzProgram } from "../fix-fuzzer";

/** An arithmetic expression over the element reads x[i], z[i] and the scalar k. */
const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: "small", withCrossShrink: true }, tie("leaf"), tie("binary"), tie("call"), tie("neg")),
  // array reads weighted up: an expression without one is a fill, which the rule leaves alone
  leaf: fc.oneof({ weight: 3, arbitrary: fc.constantFrom("x[i]", "z[i]") }, { weight: 2, arbitrary: fc.constantFrom("k", "2", "0.5", "(-3)") }),
  binary: fc.tuple(tie("node"), fc.constantFrom("+", "-", "*", "/", "**"), tie("node")).map(([a, op, b]) => `(${a} ${op} ${b})`),
  call: fc.tuple(fc.constantFrom("Math.sqrt", "Math.abs", "Math.exp", "Math.log"), tie("node")).map(([f, a]) => `${f}(${a})`),
  neg: tie("node").map((a) => `(-(${a}))`),
})).node as fc.Arbitrary<string>;

/** A comparison mask: `x[i] op k`, combined with && / || and ternaries that pick values. */
const mask: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom("<", ">", "<=", ">=", "===", "!=="), fc.constantFrom("<", ">"), fc.constantFrom("&&", "||", ""))
  .map(([a, b, join]) => (join ? `x[i] ${a} k ${join} z[i] ${b} k ? 1 : 0` : `x[i] ${a} k ? 1 : 0`));

const values = (n: number) => fc.array(anyDouble, { minLength: n, maxLength: n });

/** The language of the program and how its parameters are typed. */
type Flavor = ".ts" | ".js" | ".js+jsdoc";
const flavor = fc.constantFrom<Flavor>(".ts", ".js", ".js+jsdoc");

function header(f: Flavor, params: string[], types: string[], ret: string): string {
  if (f === ".ts") return `export function run(${params.map((p, k) => `${p}: ${types[k]}`).join(", ")}): ${ret} {`;
  const doc = f === ".js+jsdoc" ? `/**\n${params.map((p, k) => ` * @param {${types[k]}} ${p}`).join("\n")}\n */\n` : "";
  return `${doc}export function run(${params.join(", ")}) {`;
}
const extOf = (f: Flavor): ".ts" | ".js" => (f === ".ts" ? ".ts" : ".js");

/** y[i] = expr into a fresh Float64Array, from a literal start 0…3 (the views y.subarray(s, n), x.subarray(s, n)). */
const freshOutput: fc.Arbitrary<FuzzProgram> = fc
  .tuple(expr, anyLength, flavor, anyDouble, fc.constantFrom(0, 0, 1, 2, 3), fc.boolean())
  .chain(([e, n, f, k, start, zLocal]) =>
    fc.tuple(values(n), values(n)).map(([xs, zs]) => ({
      // z a parameter (its length unproven: a refactor) or a reversed copy of x (same length: fixable)
      source: `${header(f, ["x", zLocal ? "w" : "z", "k"], ["Float64Array", "Float64Array", "number"], "Float64Array")}\n${zLocal ? "  const z = Float64Array.from(x);\n  z.reverse();\n" : ""}  const y = new Float64Array(x.length);\n  for (let i = ${start}; i < x.length; i++) {\n    y[i] = ${e};\n  }\n  return y;\n}\n`,
      ext: extOf(f),
      args: [Float64Array.from(xs), Float64Array.from(zs), k],
    })),
  );

/** x[i] = expr(x[i]) in place, on a parameter or on a class field `this.data`. */
const inPlace: fc.Arbitrary<FuzzProgram> = fc
  .tuple(expr.map((e) => e.replaceAll("z[i]", "x[i]")), anyLength, fc.boolean(), anyDouble)
  .chain(([e, n, field, k]) =>
    values(n).map((xs) => ({
      source: field
        ? `class Holder {\n  data: Float64Array;\n  constructor(d: Float64Array) {\n    this.data = d;\n  }\n  apply(k: number): void {\n    for (let i = 0; i < this.data.length; i++) this.data[i] = ${e.replaceAll("x[i]", "this.data[i]")};\n  }\n}\nexport function run(x: Float64Array, k: number): Float64Array {\n  const h = new Holder(x);\n  h.apply(k);\n  return h.data;\n}\n`
        : `export function run(x: Float64Array, k: number): Float64Array {\n  for (let i = 0; i < x.length; i++) x[i] = ${e};\n  return x;\n}\n`,
      ext: ".ts" as const,
      args: [Float64Array.from(xs), k],
    })),
  );

/** flags[i] = comparison ? 1 : 0 into every typed-array dtype (a 0/1 result fits each). */
const flags: fc.Arbitrary<FuzzProgram> = fc
  .tuple(mask, anyLength, fc.constantFrom(...TYPED_ARRAYS), anyDouble)
  .chain(([m, n, dtype, k]) =>
    fc.tuple(values(n), values(n)).map(([xs, zs]) => ({
      source: `export function run(x: Float64Array, z: Float64Array, k: number): ${dtype} {\n  const flags = new ${dtype}(x.length);\n  for (let i = 0; i < x.length; i++) flags[i] = ${m};\n  return flags;\n}\n`,
      ext: ".ts" as const,
      args: [Float64Array.from(xs), Float64Array.from(zs), k],
    })),
  );

/** One float32-exact operation over Float32Arrays (the single-operation float32 fix). */
const float32: fc.Arbitrary<FuzzProgram> = fc
  .tuple(fc.constantFrom("x[i] + z[i]", "x[i] - z[i]", "x[i] * z[i]", "x[i] / z[i]", "Math.sqrt(x[i])", "-x[i]", "x[i] * 3", "x[i] - 0.75", "Math.abs(z[i])"), anyLength)
  .chain(([e, n]) =>
    fc.tuple(values(n), values(n)).map(([xs, zs]) => ({
      source: `export function run(x: Float32Array): Float32Array {\n  const z = Float32Array.from(x).reverse();\n  const y = new Float32Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = ${e};\n  return y;\n}\n`,
      ext: ".ts" as const,
      args: [Float32Array.from([...xs, ...zs.slice(0, 1)])],
    })),
  );

/**
 * Two parameters that may share memory (the same array, overlapping views): the rule must not call
 * such a fix safe. Generated for the guard; these programs mostly get no safe fix at all.
 */
const aliasing: fc.Arbitrary<FuzzProgram> = fc
  .tuple(expr, fc.integer({ min: 1, max: 40 }), fc.integer({ min: -2, max: 2 }), fc.boolean())
  .chain(([e, n, shift, inPlaceView]) =>
    values(n + 4).map((buf) => ({
      // y a view overlapping x (no safe fix may be offered), or x updated in place through its own view (safe)
      source: `export function run(buf: Float64Array, n: number, shift: number, k: number): Float64Array {\n  const x = buf.subarray(2, 2 + n);\n  const y = buf.subarray(2 + shift, 2 + shift + n);\n  const z = Float64Array.from(x);\n  step(x, y, z, k);\n  return buf;\n}\nfunction step(x: Float64Array, y: Float64Array, z: Float64Array, k: number): void {\n  for (let i = 0; i < x.length; i++) ${inPlaceView ? "x" : "y"}[i] = ${e};\n}\n`,
      ext: ".ts" as const,
      args: [Float64Array.from(buf), n, shift, 1.5],
    })),
  );

/**
 * Refactors under their assumptions: distinct parameters that do not overlap and hold the loop's
 * range (`assumes y does not overlap x`, `holds at least n elements`), a sub-range `from … to` inside
 * both arrays, an offset `x[off + i]` whose shifted range exists.
 */
const refactorAssumptions: fc.Arbitrary<FuzzProgram> = fc
  .tuple(expr, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 6 }), fc.constantFrom("whole", "range", "offset"), anyDouble)
  .chain(([e, n, extra, shape, k]) =>
    fc.tuple(values(n + extra), values(n + extra), fc.integer({ min: 0, max: Math.max(0, n - 1) }), fc.integer({ min: 0, max: extra })).map(([xs, zs, from, off]) => {
      const to = Math.max(from, n - 1);
      const header = shape === "range" ? `for (let i = from; i <= to; i++)` : `for (let i = 0; i < n; i++)`;
      const read = shape === "offset" ? e.replaceAll("x[i]", "x[off + i]") : e;
      return {
        source: `export function run(x: Float64Array, z: Float64Array, y: Float64Array, n: number, from: number, to: number, off: number, k: number): Float64Array {\n  ${header} y[i] = ${read};\n  return y;\n}\n`,
        ext: ".ts" as const,
        args: [Float64Array.from(xs), Float64Array.from(zs), new Float64Array(n + extra), n, from, to, off, k],
      };
    }),
  );

export const targets: FixFuzzTarget[] = [
  { rule: "elementwise-loop", name: "y[i] = f(x[i], z[i], k) into a fresh Float64Array (starts 0-3; .ts, .js, JSDoc)", program: freshOutput },
  { rule: "elementwise-loop", name: "x[i] = f(x[i], k) in place (a parameter or this.data)", program: inPlace },
  { rule: "elementwise-loop", name: "flags[i] = comparisons ? 1 : 0 into every dtype", program: flags },
  { rule: "elementwise-loop", name: "one float32-exact operation over Float32Arrays", program: float32 },
  { rule: "elementwise-loop", name: "y and x views of one buffer (aliasing)", program: aliasing },
  { rule: "elementwise-loop", name: "refactors under their assumptions (no overlap, ranges, offsets)", program: refactorAssumptions, applyRefactors: true },
];
