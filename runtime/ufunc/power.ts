import { binaryUfunc } from "./_binary";
import { intPower } from "./_int";
import { complexPower } from "./_complex";

/**
 * Elementwise `a ** b` (np.power). Floats use `Math.pow`, so results equal JS's; note that
 * JS's pow(1, NaN) and pow(-1, ±Infinity) are NaN where C (and NumPy) give 1.
 * Integers wrap; a negative integer exponent throws as in NumPy. bool ** bool gives int8.
 */
export const power = binaryUfunc({
  name: "power",
  types: (common) => (common === "bool" ? { loop: "int8", result: "int8" } : { loop: common, result: common }),
  real: (x, y) => Math.pow(x, y),
  // its own loop so V8 inlines Math.pow; float64/float32 operands only
  contiguous: (a, b, out) => {
    if (typeof b === "number") for (let i = 0; i < out.length; i++) out[i] = Math.pow(a[i], b);
    else for (let i = 0; i < out.length; i++) out[i] = Math.pow(a[i], b[i]);
  },
  int: (x, y, loop) => intPower(x, y, loop),
  complex: (ar, ai, br, bi, res) => complexPower(ar, ai, br, bi, res),
});
