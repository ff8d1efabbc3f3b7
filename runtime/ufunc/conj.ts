import { unaryUfunc } from "./_unary";

/** Complex conjugate (np.conj / np.conjugate); real arrays are returned as a copy. */
export const conj = unaryUfunc({
  name: "conjugate",
  types: (d) => (d === "bool" ? { loop: "int8", result: "int8" } : { loop: d, result: d }),
  real: (x) => x,
  complex: (re, im, res) => {
    res[0] = re;
    res[1] = -im;
  },
  complexFlat: (a, ao, out, oo, n) => {
    for (let i = 0; i < 2 * n; i += 2) {
      const re = a[ao + i];
      const im = a[ao + i + 1];
      out[oo + i] = re;
      out[oo + i + 1] = -im;
    }
  },
});

export const conjugate = conj;
