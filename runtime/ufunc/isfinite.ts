import { unaryUfunc } from "./_unary";

/** Elementwise test for a finite value (not nan, not ±inf) → bool (np.isfinite). */
export const isfinite = unaryUfunc({
  name: "isfinite",
  types: (d) => ({ loop: d, result: "bool" }),
  real: (x) => (Number.isFinite(x) ? 1 : 0),
  // x - x is 0 for finite x, nan for nan and ±inf: no call, no branch
  flat: (a, ao, out, oo, n) => {
    for (let i = 0; i < n; i++) {
      const x = a[ao + i];
      out[oo + i] = +(x - x === 0);
    }
  },
  complex: (re, im) => (Number.isFinite(re) && Number.isFinite(im) ? 1 : 0),
  complexFlat: (a, ao, out, oo, n) => {
    for (let i = 0; i < n; i++, ao += 2) {
      const re = a[ao];
      const im = a[ao + 1];
      out[oo + i] = Number.isFinite(re) && Number.isFinite(im) ? 1 : 0;
    }
  },
});
