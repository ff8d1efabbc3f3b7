import { binaryUfunc } from "./_binary";

/**
 * Elementwise `a == b` → bool (np.equal). Compares in the promoted dtype; an integer scalar
 * outside an integer array's range compares exactly (in float64) instead of raising.
 * Complex numbers compare lexicographically (real part, then imaginary), as NumPy 2.
 */
export const equal = binaryUfunc({
  name: "equal",
  types: (common) => ({ loop: common, result: "bool" }),
  real: (x, y) => (x === y ? 1 : 0),
  complex: (ar, ai, br, bi) => (ar === br && ai === bi ? 1 : 0),
  complexFlat: (a, ao, as, b, bo, bs, out, oo, n) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs) {
      const ar = a[ao];
      const ai = a[ao + 1];
      const br = b[bo];
      const bi = b[bo + 1];
      out[oo + i] = ar === br && ai === bi ? 1 : 0;
    }
  },
  flat: (a, ao, b, bo, out, oo, n) => {
    if (typeof b === "number") for (let i = 0; i < n; i++) out[oo + i] = +(a[ao + i] === b);
    else for (let i = 0; i < n; i++) out[oo + i] = +(a[ao + i] === b[bo + i]);
  },
  scalarsMustFit: false,
});
