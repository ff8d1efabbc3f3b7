import { unaryUfunc, floatTypes } from "./_unary";
import { complexArcsin } from "./_complex";

/** Elementwise inverse sine (np.arcsin) with `Math.asin`; |x| > 1 gives nan. Integer inputs give floats; complex inputs use the principal branch. */
export const arcsin = unaryUfunc({
  name: "arcsin",
  types: floatTypes,
  real: Math.asin,
  // its own loop so V8 inlines Math.asin (the shared general loop cannot)
  contiguous: (a, out) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.asin(a[i]);
  },
  parallel: "Math.asin",
  complex: (re, im, res) => complexArcsin(re, im, res),
  complexFlat: (a, ao, out, oo, n) => {
    const res = new Float64Array(2);
    for (let i = 0; i < 2 * n; i += 2) {
      complexArcsin(a[ao + i], a[ao + i + 1], res);
      out[oo + i] = res[0];
      out[oo + i + 1] = res[1];
    }
  },
});
