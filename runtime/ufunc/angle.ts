import { unaryUfunc, floatTypes } from "./_unary";

/** The argument of a complex number in radians, atan2(im, re) (np.angle); reals give 0 or pi (float32 for small integer types and float32, as NumPy). */
export const angle = unaryUfunc({
  name: "angle",
  types: (d) => (d === "complex128" ? { loop: d, result: "float64" } : d === "bool" ? { loop: "float64", result: "float64" } : floatTypes(d)),
  real: (x) => Math.atan2(0, x),
  complex: (re, im) => Math.atan2(im, re),
  complexFlat: (a, ao, out, oo, n) => {
    for (let i = 0; i < n; i++, ao += 2) {
      const re = a[ao];
      const im = a[ao + 1];
      out[oo + i] = Math.atan2(im, re);
    }
  },
});
