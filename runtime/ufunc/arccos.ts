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
  parallel: "Math.acos",
  complex: (re, im, res) => complexArccos(re, im, res),
  complexFlat: (a, ao, out, oo, n) => {
    const res = new Float64Array(2);
    for (let i = 0; i < 2 * n; i += 2) {
      complexArccos(a[ao + i], a[ao + i + 1], res);
      out[oo + i] = res[0];
      out[oo + i + 1] = res[1];
    }
  },
});
