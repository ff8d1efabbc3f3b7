import { unaryUfunc, floatTypes } from "./_unary";
import { complexLog10 } from "./_complex";

/** Elementwise base-10 logarithm (np.log10) with `Math.log10`. Integer inputs give floats (int8/uint8/int16/uint16/bool → float32, others float64). */
export const log10 = unaryUfunc({
  name: "log10",
  types: floatTypes,
  real: Math.log10,
  // its own loop so V8 inlines Math.log10 (the shared general loop cannot)
  contiguous: (a, out) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.log10(a[i]);
  },
  parallel: "Math.log10",
  complex: (re, im, res) => complexLog10(re, im, res),
  complexFlat: (a, ao, out, oo, n) => {
    const res = new Float64Array(2);
    for (let i = 0; i < 2 * n; i += 2) {
      complexLog10(a[ao + i], a[ao + i + 1], res);
      out[oo + i] = res[0];
      out[oo + i + 1] = res[1];
    }
  },
});
