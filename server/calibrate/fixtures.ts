// The calibration fixtures: one small module per fix kind × dtype, in the shapes the rules flag.
// `arraylint calibrate` analyses each with the engine and measures the fix the rule proposes, so the
// calibration follows the rules' current fixes. Keep them loop-shaped like real code: one exported
// function, annotated parameters, the flagged statement alone in its function.
export interface CalibrationFixture {
  name: string;
  source: string;
}

const f64 = "Float64Array";

/** `const y = new OutType(x.length); for (…) y[i] = …; return y;`: the output's length is proven, so the fix is safe. */
function elementwise(name: string, type: string, outType: string, body: string, extraParams = ""): CalibrationFixture {
  return {
    name,
    source: `export function run(x: ${type}${extraParams}): ${outType} {\n  const y = new ${outType}(x.length);\n  for (let i = 0; i < x.length; i++) {\n    ${body}\n  }\n  return y;\n}\n`,
  };
}

export const CALIBRATION_FIXTURES: CalibrationFixture[] = [
  elementwise("add scalar, Float64Array", f64, f64, "y[i] = x[i] + 10;"),
  elementwise("add scalar, Float32Array", "Float32Array", "Float32Array", "y[i] = x[i] + 10;"),
  elementwise("multiply scalar, Float64Array", f64, f64, "y[i] = x[i] * 2.5;"),
  elementwise("multiply scalar, number[] input", "number[]", f64, "y[i] = x[i] * 2.5;"),
  elementwise("add arrays, Float64Array", f64, f64, "y[i] = x[i] + z[i];", ", z: Float64Array"),
  elementwise("affine in place, Float64Array", f64, f64, "y[i] = x[i] * a + b;", ", a: number, b: number"),
  { name: "affine in place (t = t * a + b), Float64Array", source: "export function run(t: Float64Array): void {\n  for (let i = 0; i < t.length; i++) {\n    t[i] = t[i] * 1.8 + 32;\n  }\n}\n" },
  elementwise("sqrt(abs(x)), Float64Array", f64, f64, "y[i] = Math.sqrt(Math.abs(x[i]));"),
  elementwise("exp, Float64Array", f64, f64, "y[i] = Math.exp(x[i]);"),
  elementwise("comparison to 0/1, Float64Array", f64, f64, "y[i] = x[i] > t ? 1 : 0;", ", t: number"),
  elementwise("range mask to Int32Array", f64, "Int32Array", "y[i] = x[i] < lo || x[i] > hi ? 1 : 0;", ", lo: number, hi: number"),
  elementwise("sigmoid, Float64Array", f64, f64, "y[i] = 1 / (1 + Math.exp(-x[i]));"),
  { name: "sum loop, Float64Array", source: "export function run(x: Float64Array): number {\n  let s = 0;\n  for (let i = 0; i < x.length; i++) {\n    s += x[i];\n  }\n  return s;\n}\n" },
  { name: "sum loop, number[]", source: "export function run(x: number[]): number {\n  let s = 0;\n  for (let i = 0; i < x.length; i++) {\n    s += x[i];\n  }\n  return s;\n}\n" },
  { name: "sum .reduce, number[]", source: "export function run(x: number[]): number {\n  return x.reduce((a, b) => a + b, 0);\n}\n" },
  { name: "dot, Float64Array", source: "export function run(a: Float64Array, b: Float64Array): number {\n  let s = 0;\n  for (let i = 0; i < a.length; i++) {\n    s += a[i] * b[i];\n  }\n  return s;\n}\n" },
  { name: "max, Float64Array", source: "export function run(x: Float64Array): number {\n  let m = -Infinity;\n  for (let i = 0; i < x.length; i++) {\n    if (x[i] > m) m = x[i];\n  }\n  return m;\n}\n" },
  { name: "min, Float64Array", source: "export function run(x: Float64Array): number {\n  let m = Infinity;\n  for (let i = 0; i < x.length; i++) {\n    if (x[i] < m) m = x[i];\n  }\n  return m;\n}\n" },
  { name: "sum of squared differences, number[]", source: "export function run(a: number[], b: number[]): number {\n  let s = 0;\n  for (let i = 0; i < a.length; i++) {\n    s += (a[i] - b[i]) ** 2;\n  }\n  return s;\n}\n" },
  { name: "push then Float64Array", source: "export function run(n: number): Float64Array {\n  const values: number[] = [];\n  for (let i = 0; i < n; i++) {\n    values.push(i * 0.5);\n  }\n  return new Float64Array(values);\n}\n" },
  { name: "push then Int32Array.from", source: "export function run(n: number): Int32Array {\n  const xs: number[] = [];\n  for (let i = 0; i < n; i++) {\n    xs.push(i);\n  }\n  return Int32Array.from(xs);\n}\n" },
  { name: "oversized Float64Array flags → Uint8Array", source: "export function run(x: Float64Array, t: number): number {\n  const flags = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) {\n    flags[i] = x[i] > t ? 1 : 0;\n  }\n  let count = 0;\n  for (let i = 0; i < flags.length; i++) {\n    if (flags[i] === 1) count++;\n  }\n  return count;\n}\n" },
];
