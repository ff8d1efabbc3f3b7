import { binaryUfunc } from "./_binary";

/** Elementwise truth value of `a && b` → bool (np.logical_and); nonzero (and nan) is true. */
export const logicalAnd = binaryUfunc({
  name: "logical_and",
  types: (common) => ({ loop: common, result: "bool" }),
  real: (x, y) => (x !== 0 && y !== 0 ? 1 : 0),
  complex: (ar, ai, br, bi) => ((ar !== 0 || ai !== 0) && (br !== 0 || bi !== 0) ? 1 : 0),
  complexFlat: (a, ao, as, b, bo, bs, out, oo, n) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs) {
      const ar = a[ao];
      const ai = a[ao + 1];
      const br = b[bo];
      const bi = b[bo + 1];
      out[oo + i] = (ar !== 0 || ai !== 0) && (br !== 0 || bi !== 0) ? 1 : 0;
    }
  },
  // bitwise on 0/1, not && / ||: no branch to mispredict on random masks
  flat: (a, ao, b, bo, out, oo, n) => {
    if (typeof b === "number") for (let i = 0; i < n; i++) out[oo + i] = +(a[ao + i] !== 0) & +(b !== 0);
    else for (let i = 0; i < n; i++) out[oo + i] = +(a[ao + i] !== 0) & +(b[bo + i] !== 0);
  },
  scalarsMustFit: false,
});
