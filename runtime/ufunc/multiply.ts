import { binaryUfunc, sameTypes } from "./_binary";
import { binaryKernel } from "../core/kernels";

/**
 * Elementwise `a * b` (np.multiply). 32-bit integer products wrap exactly (Math.imul),
 * bool * bool is logical and.
 */
export const multiply = binaryUfunc({
  name: "multiply",
  types: sameTypes,
  real: (x, y) => x * y,
  int: (x, y, loop) => (loop === "bool" ? x & y : loop === "int32" || loop === "uint32" ? Math.imul(x, y) : x * y),
  complex: (ar, ai, br, bi, res) => {
    res[0] = ar * br - ai * bi;
    res[1] = ar * bi + ai * br;
  },
  contiguous: (a, b, out) => binaryKernel("multiply", a, b, out),
});
