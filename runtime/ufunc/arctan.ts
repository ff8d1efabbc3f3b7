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
  parallel: "Math.atan",
  complex: (re, im, res) => complexArctan(re, im, res),
  complexFlat: (a, ao, out, oo, n) => {
    const res = new Float64Array(2);
    for (let i = 0; i < 2 * n; i += 2) {
      complexArctan(a[ao + i], a[ao + i + 1], res);
      out[oo + i] = res[0];
      out[oo + i + 1] = res[1];
    }
  },
});
