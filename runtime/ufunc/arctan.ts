import { unaryUfunc, floatTypes } from "./_unary";
import { complexArctan } from "./_complex";

/** Elementwise inverse tangent (np.arctan) with `Math.atan`. Integer inputs give floats; complex inputs use the principal branch. */
export const arctan = unaryUfunc({
  name: "arctan",
  types: floatTypes,
  real: Math.atan,
  // its own loop so V8 inlines Math.atan (the shared general loop cannot)
  contiguous: (a, out) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.atan(a[i]);
  },
  complex: (re, im, res) => complexArctan(re, im, res),
});
