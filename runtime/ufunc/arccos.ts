import { unaryUfunc, floatTypes } from "./_unary";
import { complexArccos } from "./_complex";

/** Elementwise inverse cosine (np.arccos) with `Math.acos`; |x| > 1 gives nan. Integer inputs give floats; complex inputs use the principal branch. */
export const arccos = unaryUfunc({
  name: "arccos",
  types: floatTypes,
  real: Math.acos,
  // its own loop so V8 inlines Math.acos (the shared general loop cannot)
  contiguous: (a, out) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.acos(a[i]);
  },
  complex: (re, im, res) => complexArccos(re, im, res),
});
