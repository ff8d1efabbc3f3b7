import { unaryUfunc, realFloatTypes } from "./_unary";

/** Elementwise inverse sine (np.arcsin) with `Math.asin`; |x| > 1 gives nan. Integer inputs give floats; complex inputs are not supported. */
export const arcsin = unaryUfunc({
  name: "arcsin",
  types: realFloatTypes("arcsin"),
  real: Math.asin,
});
