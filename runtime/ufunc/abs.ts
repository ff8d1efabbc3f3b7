import { unaryUfunc } from "./_unary";
import { unaryKernel } from "../core/kernels";

/**
 * Elementwise absolute value (np.abs / np.absolute). Integers keep their dtype and wrap
 * (abs of int8 -128 is -128, as NumPy); complex gives the float64 magnitude.
 */
export const abs = unaryUfunc({
  name: "absolute",
  types: (d) => (d === "complex128" ? { loop: "complex128", result: "float64" } : { loop: d, result: d }),
  real: Math.abs,
  int: (x) => Math.abs(x),
  complex: (re, im) => Math.hypot(re, im),
  contiguous: (a, out) => unaryKernel("abs", a, out),
});

export const absolute = abs;
