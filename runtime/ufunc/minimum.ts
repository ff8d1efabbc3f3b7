import { binaryUfunc, sameTypes } from "./_binary";

/** Elementwise minimum (np.minimum): nan if either is nan (`a < b ? a : b` after the nan test). */
export const minimum = binaryUfunc({
  name: "minimum",
  types: sameTypes,
  real: (x, y) => (x !== x || x < y ? x : y),
  int: (x, y) => (x < y ? x : y),
  complex: (ar, ai, br, bi, res) => {
    const pickA = ar !== ar || ai !== ai || (!(br !== br || bi !== bi) && (ar < br || (ar === br && ai <= bi)));
    res[0] = pickA ? ar : br;
    res[1] = pickA ? ai : bi;
  },
});
