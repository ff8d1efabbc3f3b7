import { unaryUfunc, realFloatTypes } from "./_unary";

/** Elementwise inverse tangent (np.arctan) with `Math.atan`. Integer inputs give floats; complex inputs are not supported. */
export const arctan = unaryUfunc({
  name: "arctan",
  types: realFloatTypes("arctan"),
  real: Math.atan,
});
