import { unaryUfunc } from "./_unary";

/** Elementwise `!a` → bool (np.logical_not); nan counts as true. */
export const logicalNot = unaryUfunc({
  name: "logical_not",
  types: (d) => ({ loop: d, result: "bool" }),
  real: (x) => (x !== 0 ? 0 : 1),
  // +(x === 0): no branch (nan is not 0: true, so logical_not gives 0, as above)
  flat: (a, ao, out, oo, n) => {
    for (let i = 0; i < n; i++) out[oo + i] = +(a[ao + i] === 0);
  },
  complex: (re, im) => (re !== 0 || im !== 0 ? 0 : 1),
  complexFlat: (a, ao, out, oo, n) => {
    for (let i = 0; i < n; i++, ao += 2) {
      const re = a[ao];
      const im = a[ao + 1];
      out[oo + i] = re !== 0 || im !== 0 ? 0 : 1;
    }
  },
});
