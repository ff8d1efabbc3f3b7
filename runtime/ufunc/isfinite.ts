import { unaryUfunc } from "./_unary";

/** Elementwise test for a finite value (not nan, not ±inf) → bool (np.isfinite). */
export const isfinite = unaryUfunc({
  name: "isfinite",
  types: (d) => ({ loop: d, result: "bool" }),
  real: (x) => (Number.isFinite(x) ? 1 : 0),
  complex: (re, im) => (Number.isFinite(re) && Number.isFinite(im) ? 1 : 0),
});
