import { unaryUfunc } from "./_unary";

/** The argument of a complex number in radians, atan2(im, re) (np.angle); reals give 0 or pi. Always float64. */
export const angle = unaryUfunc({
  name: "angle",
  types: (d) => (d === "complex128" ? { loop: d, result: "float64" } : { loop: "float64", result: "float64" }),
  real: (x) => Math.atan2(0, x),
  complex: (re, im) => Math.atan2(im, re),
});
