import { unaryUfunc } from "./_unary";

/** Elementwise test for ±inf → bool (np.isinf). */
export const isinf = unaryUfunc({
  name: "isinf",
  types: (d) => ({ loop: d, result: "bool" }),
  real: (x) => (x === Infinity || x === -Infinity ? 1 : 0),
  complex: (re, im) => (re === Infinity || re === -Infinity || im === Infinity || im === -Infinity ? 1 : 0),
  complexFlat: (a, ao, out, oo, n) => {
    for (let i = 0; i < n; i++, ao += 2) {
      const re = a[ao];
      const im = a[ao + 1];
      out[oo + i] = re === Infinity || re === -Infinity || im === Infinity || im === -Infinity ? 1 : 0;
    }
  },
});
