import { unaryUfunc, floatTypes } from "./_unary";
import { complexArctan } from "./_complex";

/** Elementwise inverse tangent (np.arctan) with `Math.atan`. Integer inputs give floats; complex inputs use the principal branch. */
export const arctan = unaryUfunc({
  name: "arctan",
  types: floatTypes,
  real: Math.atan,
  complex: (re, im, res) => complexArctan(re, im, res),
});
