import { unaryUfunc } from "./_unary";

/** Elementwise `!a` → bool (np.logical_not); nan counts as true. */
export const logicalNot = unaryUfunc({
  name: "logical_not",
  types: (d) => ({ loop: d, result: "bool" }),
  real: (x) => (x !== 0 ? 0 : 1),
  complex: (re, im) => (re !== 0 || im !== 0 ? 0 : 1),
});
