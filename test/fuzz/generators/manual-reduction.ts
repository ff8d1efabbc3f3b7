// Programs of the shapes manual-reduction fixes. Safe fixes: max/min loops `if (x[i] > m) m = x[i]`
// (nanmax/nanmin over floats, max/min over integers), seeded (`m = x[0]; for (let i = 1; …)`) or not,
// every dtype, NaN/±0/±Infinity, empty and odd lengths; `Math.max(m, x[i])` and `.reduce(Math.max)`
// over integer arrays. Refactors checked under their stated assumption ("sum may differ in the last
// bits"): with allowReassociation the float sums, dots and products become safe fixes, and results
// must agree within a relative 1e-9 on inputs where reordering only moves the last bits.
import fc from "fast-check";
import { anyDouble, anyLength, TYPED_ARRAYS, typedArrayOf, type FixFuzzTarget, type FuzzProgram } from "../fix-fuzzer";

const INT_ARRAYS = TYPED_ARRAYS.filter((t) => !t.startsWith("Float"));

const values = (n: number, of: fc.Arbitrary<number> = anyDouble) => fc.array(of, { minLength: n, maxLength: n });

/** if (x[i] > m) m = x[i] (and its mirror forms), over any dtype, from a start value or seeded from x[0]. */
const maxMin: fc.Arbitrary<FuzzProgram> = fc
  .tuple(
    fc.constantFrom(...TYPED_ARRAYS),
    fc.constantFrom("max", "min"),
    fc.constantFrom("x[i] CMP m", "m RCMP x[i]"),
    fc.constantFrom("seeded", "-Infinity", "Infinity", "0", "-0", "k"),
    anyLength,
    anyDouble,
    fc.constantFrom(".ts", ".js"),
  )
  .chain(([dtype, kind, form, start, n, k, ext]) =>
    values(n).map((xs) => {
      const cmp = kind === "max" ? ">" : "<";
      const rcmp = kind === "max" ? "<" : ">";
      const cond = form.replace("RCMP", rcmp).replace("CMP", cmp);
      const seeded = start === "seeded";
      const init = seeded ? "x[0]" : start;
      const sig = ext === ".ts" ? `run(x: ${dtype}, k: number): number` : "run(x, k)";
      const doc = ext === ".js" ? `/**\n * @param {${dtype}} x\n * @param {number} k\n */\n` : "";
      return {
        source: `${doc}export function ${sig} {\n  let m = ${init};\n  for (let i = ${seeded ? 1 : 0}; i < x.length; i++) {\n    if (${cond}) m = x[i];\n  }\n  return m;\n}\n`,
        ext: ext as ".ts" | ".js",
        args: [typedArrayOf(dtype, xs), k],
      };
    }),
  );

/** m = Math.max(m, x[i]) and x.reduce((a, b) => Math.max(a, b), -Infinity) over integer arrays. */
const mathMaxInts: fc.Arbitrary<FuzzProgram> = fc
  .tuple(fc.constantFrom(...INT_ARRAYS), fc.constantFrom("max", "min"), fc.boolean(), anyLength)
  .chain(([dtype, kind, viaReduce, n]) =>
    values(n).map((xs) => {
      const identity = kind === "max" ? "-Infinity" : "Infinity";
      const body = viaReduce
        ? `  return x.reduce((a, b) => Math.${kind}(a, b), ${identity});\n`
        : `  let m = ${identity};\n  for (let i = 0; i < x.length; i++) m = Math.${kind}(m, x[i]);\n  return m;\n`;
      return { source: `export function run(x: ${dtype}): number {\n${body}}\n`, ext: ".ts" as const, args: [typedArrayOf(dtype, xs)] };
    }),
  );

/**
 * Values whose sums and products any order computes to the last bits: small integers and halves
 * (exact), doubles in [-1, 1] (rounding errors far below 1e-9), and the specials (NaN, ±Infinity,
 * ±0 combine the same in every order).
 */
const tame = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -1000, max: 1000 }).map((v) => v / 2) },
  { weight: 3, arbitrary: fc.double({ min: -1, max: 1, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 0, -0) },
);
/** Factors near 1 (and specials): a product of up to 70 of them neither overflows nor underflows in any order. */
const tameFactor = fc.oneof({ weight: 5, arbitrary: fc.double({ min: 0.5, max: 2, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(NaN, 0, -0, -1, Infinity) });

/** s += x[i], s += x[i] * z[i], s += (x[i] - z[i]) ** 2, p *= x[i], over a whole or shorter second array. */
const reassociating: fc.Arbitrary<FuzzProgram> = fc
  .tuple(fc.constantFrom("x[i]", "x[i] * z[i]", "(x[i] - z[i]) ** 2", "Math.abs(x[i] - z[i])", "PRODUCT"), anyLength, fc.integer({ min: -2, max: 2 }), fc.constantFrom("number[]", "Float64Array"), fc.constantFrom(".ts", ".js"))
  .chain(([value, n, zDelta, kind, ext]) => {
    const product = value === "PRODUCT";
    const of = product ? tameFactor : tame;
    return fc.tuple(values(n, of), values(Math.max(0, n + zDelta), of)).map(([xs, zs]) => {
      const line = product ? "p *= x[i];" : `p += ${value};`;
      const sig = ext === ".ts" ? `run(x: ${kind}, z: ${kind}): number` : "run(x, z)";
      const doc = ext === ".js" ? `/**\n * @param {${kind}} x\n * @param {${kind}} z\n */\n` : "";
      const make = (v: number[]) => (kind === "number[]" ? v : Float64Array.from(v));
      return {
        source: `${doc}export function ${sig} {\n  let p = ${product ? 1 : 0};\n  for (let i = 0; i < x.length; i++) {\n    ${line}\n  }\n  return p;\n}\n`,
        ext: ext as ".ts" | ".js",
        args: [make(xs), make(zs)],
      };
    });
  });

/** Refactors under their assumptions: sub-range sums and maxima `from … to` inside the array, bounds that hold. */
const rangeRefactors: fc.Arbitrary<FuzzProgram> = fc
  .tuple(fc.constantFrom("sum", "max", "dot"), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 5 }))
  .chain(([kind, n, extra]) =>
    fc.tuple(values(n + extra, tame), values(n + extra, tame), fc.integer({ min: 0, max: n - 1 })).chain(([xs, zs, from]) =>
      fc.integer({ min: from, max: n - 1 }).map((to) => {
        const body = kind === "sum" ? "s += x[i];" : kind === "dot" ? "s += x[i] * z[i];" : "if (x[i] > s) s = x[i];";
        return {
          source: `export function run(x: Float64Array, z: Float64Array, from: number, to: number): number {\n  let s = ${kind === "max" ? "-Infinity" : "0"};\n  for (let i = from; i <= to; i++) {\n    ${body}\n  }\n  return s;\n}\n`,
          ext: ".ts" as const,
          args: [Float64Array.from(xs), Float64Array.from(zs), from, to],
        };
      }),
    ),
  );

export const targets: FixFuzzTarget[] = [
  { rule: "manual-reduction", name: "max/min loops over every dtype (seeded or from a start value)", program: maxMin },
  { rule: "manual-reduction", name: "Math.max/min loops and .reduce over integer arrays", program: mathMaxInts },
  { rule: "manual-reduction", name: "sums, dots, products with allowReassociation (tolerance 1e-9)", program: reassociating, options: { allowReassociation: true }, tolerance: 1e-9 },
  { rule: "manual-reduction", name: "sub-range refactors under their assumptions (from … to inside x)", program: rangeRefactors, options: { allowReassociation: true }, tolerance: 1e-9, applyRefactors: true },
];
