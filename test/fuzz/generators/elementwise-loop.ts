// Programs of the shapes elementwise-loop fixes: `y[i] = f(x[i], z[i], k)` over typed arrays, in
// place or into a fresh buffer, fused or single-call, in .ts and .js.
import fc from "fast-check";
import { anyDouble, anyLength, type FixFuzzTarget } from "../fix-fuzzer";

/** An arithmetic expression over the element reads x[i], z[i] and the scalar k. */
const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: "small", withCrossShrink: true }, tie("leaf"), tie("binary"), tie("call"), tie("neg")),
  leaf: fc.constantFrom("x[i]", "z[i]", "k", "2", "0.5", "-3"),
  binary: fc.tuple(tie("node"), fc.constantFrom("+", "-", "*", "/"), tie("node")).map(([a, op, b]) => `(${a} ${op} ${b})`),
  call: fc.tuple(fc.constantFrom("Math.sqrt", "Math.abs", "Math.exp"), tie("node")).map(([f, a]) => `${f}(${a})`),
  neg: tie("node").map((a) => `-(${a})`),
})).node as fc.Arbitrary<string>;

const values = (n: number) => fc.array(anyDouble, { minLength: n, maxLength: n });

const freshOutput: fc.Arbitrary<import("../fix-fuzzer").FuzzProgram> = fc
  .tuple(expr, anyLength, fc.constantFrom(".ts", ".js" as const), anyDouble)
  .chain(([e, n, ext, k]) =>
    fc.tuple(values(n), values(n)).map(([xs, zs]) => ({
      source:
        ext === ".ts"
          ? `export function run(x: Float64Array, z: Float64Array, k: number): Float64Array {\n  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) {\n    y[i] = ${e};\n  }\n  return y;\n}\n`
          : `export function run(x, z, k) {\n  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) {\n    y[i] = ${e};\n  }\n  return y;\n}\n`,
      ext: ext as ".ts" | ".js",
      args: [Float64Array.from(xs), Float64Array.from(zs), k],
    })),
  );

export const targets: FixFuzzTarget[] = [{ rule: "elementwise-loop", name: "y[i] = f(x[i], z[i], k) into a fresh Float64Array", program: freshOutput }];
