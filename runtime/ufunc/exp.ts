import { unaryUfunc, floatTypes } from "./_unary";
import { complexExp } from "./_complex";

/** Elementwise e**x (np.exp) with `Math.exp`. */
export const exp = unaryUfunc({
  name: "exp",
  types: floatTypes,
  real: Math.exp,
  // its own loop so V8 inlines Math.exp (the shared general loop cannot)
  contiguous: (a, out) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.exp(a[i]);
  },
  parallel: "Math.exp",
  complex: (re, im, res) => complexExp(re, im, res),
  complexFlat: (a, ao, out, oo, n) => {
    const res = new Float64Array(2);
    for (let i = 0; i < 2 * n; i += 2) {
      complexExp(a[ao + i], a[ao + i + 1], res);
      out[oo + i] = res[0];
      out[oo + i + 1] = res[1];
    }
  },
});
