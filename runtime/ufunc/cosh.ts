import { unaryUfunc, floatTypes } from "./_unary";
import { complexCosh } from "./_complex";

/** Elementwise hyperbolic cosine (np.cosh) with `Math.cosh`. Integer inputs give floats (int8/uint8/int16/uint16/bool → float32, others float64). */
export const cosh = unaryUfunc({
  name: "cosh",
  types: floatTypes,
  real: Math.cosh,
  // its own loop so V8 inlines Math.cosh (the shared general loop cannot)
  contiguous: (a, out) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.cosh(a[i]);
  },
  parallel: "Math.cosh",
  complex: (re, im, res) => complexCosh(re, im, res),
  complexFlat: (a, ao, out, oo, n) => {
    const res = new Float64Array(2);
    for (let i = 0; i < 2 * n; i += 2) {
      complexCosh(a[ao + i], a[ao + i + 1], res);
      out[oo + i] = res[0];
      out[oo + i + 1] = res[1];
    }
  },
});
