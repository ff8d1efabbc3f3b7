import { unaryUfunc } from "./_unary";

/** Elementwise test for nan → bool (np.isnan); complex: either part is nan. */
export const isnan = unaryUfunc({
  name: "isnan",
  types: (d) => ({ loop: d, result: "bool" }),
  real: (x) => (x !== x ? 1 : 0),
  flat: (a, ao, out, oo, n) => {
    for (let i = 0; i < n; i++) {
      const x = a[ao + i];
      out[oo + i] = +(x !== x);
    }
  },
  complex: (re, im) => (re !== re || im !== im ? 1 : 0),
  complexFlat: (a, ao, out, oo, n) => {
    for (let i = 0; i < n; i++, ao += 2) {
      const re = a[ao];
      const im = a[ao + 1];
      out[oo + i] = re !== re || im !== im ? 1 : 0;
    }
  },
});
