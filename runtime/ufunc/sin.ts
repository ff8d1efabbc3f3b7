import { unaryUfunc, floatTypes } from "./_unary";
import { complexSin } from "./_complex";

/** Elementwise sine in radians (np.sin) with `Math.sin`. Integer inputs give floats (int8/uint8/int16/uint16/bool → float32, others float64). */
export const sin = unaryUfunc({
  name: "sin",
  types: floatTypes,
  real: Math.sin,
  // its own loop so V8 inlines Math.sin (the shared general loop cannot)
  contiguous: (a, out) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.sin(a[i]);
  },
  parallel: "Math.sin",
  complex: (re, im, res) => complexSin(re, im, res),
  complexFlat: (a, ao, out, oo, n) => {
    const res = new Float64Array(2);
    for (let i = 0; i < 2 * n; i += 2) {
      complexSin(a[ao + i], a[ao + i + 1], res);
      out[oo + i] = res[0];
      out[oo + i + 1] = res[1];
    }
  },
});
