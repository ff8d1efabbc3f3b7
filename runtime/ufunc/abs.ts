import { unaryUfunc } from "./_unary";
import { unaryKernelFor } from "../core/kernels";

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
  complexFlat: (a, ao, out, oo, n) => {
    for (let i = 0; i < n; i++, ao += 2) out[oo + i] = Math.hypot(a[ao], a[ao + 1]);
  },
  contiguous: unaryKernelFor("abs"),
});

export const absolute = abs;
