import { binaryUfunc, sameTypes } from "./_binary";

/** Elementwise minimum (np.minimum): nan if either is nan (`a < b ? a : b` after the nan test). */
export const minimum = binaryUfunc({
  name: "minimum",
  types: sameTypes,
  real: (x, y) => (x !== x || x < y ? x : y),
  flat: (a, ao, b, bo, out, oo, n) => {
    if (typeof b === "number") {
      for (let i = 0; i < n; i++) {
        const x = a[ao + i];
        out[oo + i] = x !== x || x < b ? x : b;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const x = a[ao + i];
        const y = b[bo + i];
        out[oo + i] = x !== x || x < y ? x : y;
      }
    }
  },
  int: (x, y) => (x < y ? x : y),
  complex: (ar, ai, br, bi, res) => {
    const pickA = ar !== ar || ai !== ai || (!(br !== br || bi !== bi) && (ar < br || (ar === br && ai <= bi)));
    res[0] = pickA ? ar : br;
    res[1] = pickA ? ai : bi;
  },
  complexFlat: (a, ao, as, b, bo, bs, out, oo, n) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += 2) {
      const ar = a[ao];
      const ai = a[ao + 1];
      const br = b[bo];
      const bi = b[bo + 1];
      const pickA = ar !== ar || ai !== ai || (!(br !== br || bi !== bi) && (ar < br || (ar === br && ai <= bi)));
      out[oo] = pickA ? ar : br;
      out[oo + 1] = pickA ? ai : bi;
    }
  },
});
