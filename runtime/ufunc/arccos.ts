import { unaryUfunc, realFloatTypes } from "./_unary";

/** Elementwise inverse cosine (np.arccos) with `Math.acos`; |x| > 1 gives nan. Integer inputs give floats; complex inputs are not supported. */
export const arccos = unaryUfunc({
  name: "arccos",
  types: realFloatTypes("arccos"),
  real: Math.acos,
});
