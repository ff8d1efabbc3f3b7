import { unaryUfunc } from "./_unary";

/** Elementwise test for ±inf → bool (np.isinf). */
export const isinf = unaryUfunc({
  name: "isinf",
  types: (d) => ({ loop: d, result: "bool" }),
  real: (x) => (x === Infinity || x === -Infinity ? 1 : 0),
  complex: (re, im) => (re === Infinity || re === -Infinity || im === Infinity || im === -Infinity ? 1 : 0),
});
