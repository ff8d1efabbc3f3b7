import { unaryUfunc, floatTypes } from "./_unary";
import { unaryKernelFor } from "../core/kernels";
import { complexSqrt } from "./_complex";

/** Elementwise square root (np.sqrt) with `Math.sqrt`; negative reals give nan. Integers give floats. */
export const sqrt = unaryUfunc({
  name: "sqrt",
  types: floatTypes,
  real: Math.sqrt,
  complex: (re, im, res) => complexSqrt(re, im, res),
  complexFlat: (a, ao, out, oo, n) => {
    const res = new Float64Array(2);
    for (let i = 0; i < 2 * n; i += 2) {
      complexSqrt(a[ao + i], a[ao + i + 1], res);
      out[oo + i] = res[0];
      out[oo + i + 1] = res[1];
    }
  },
  contiguous: unaryKernelFor("sqrt"),
});
