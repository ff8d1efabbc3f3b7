import { unaryUfunc, floatTypes } from "./_unary";
import { complexArcsin } from "./_complex";

/** Elementwise inverse sine (np.arcsin) with `Math.asin`; |x| > 1 gives nan. Integer inputs give floats; complex inputs use the principal branch. */
export const arcsin = unaryUfunc({
  name: "arcsin",
  types: floatTypes,
  real: Math.asin,
  complex: (re, im, res) => complexArcsin(re, im, res),
});
