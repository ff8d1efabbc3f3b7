import { unaryUfunc, floatTypes } from "./_unary";
import { unaryKernel } from "../core/kernels";
import { complexSqrt } from "./_complex";

/** Elementwise square root (np.sqrt) with `Math.sqrt`; negative reals give nan. Integers give floats. */
export const sqrt = unaryUfunc({
  name: "sqrt",
  types: floatTypes,
  real: Math.sqrt,
  complex: (re, im, res) => complexSqrt(re, im, res),
  contiguous: (a, out) => unaryKernel("sqrt", a, out),
});
