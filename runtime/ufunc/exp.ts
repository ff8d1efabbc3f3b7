import { unaryUfunc, floatTypes } from "./_unary";
import { complexExp } from "./_complex";

/** Elementwise e**x (np.exp) with `Math.exp`. */
export const exp = unaryUfunc({
  name: "exp",
  types: floatTypes,
  real: Math.exp,
  complex: (re, im, res) => complexExp(re, im, res),
});
