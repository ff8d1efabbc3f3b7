import { unaryUfunc, floatTypes } from "./_unary";
import { rintScalar } from "./round";

/** Rounds to the nearest integer, ties to even (np.rint); unlike `round`, integer inputs give floats as NumPy. */
export const rint = unaryUfunc({
  name: "rint",
  types: floatTypes,
  real: rintScalar,
  contiguous: (a, out) => {
    for (let i = 0; i < out.length; i++) out[i] = rintScalar(a[i]);
  },
  complex: (re, im, res) => {
    res[0] = rintScalar(re);
    res[1] = rintScalar(im);
  },
});
