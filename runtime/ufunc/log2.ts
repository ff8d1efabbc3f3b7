import { unaryUfunc, floatTypes } from "./_unary";
import { complexLog2 } from "./_complex";

/** Elementwise base-2 logarithm (np.log2) with `Math.log2`. Integer inputs give floats (int8/uint8/int16/uint16/bool → float32, others float64). */
export const log2 = unaryUfunc({
  name: "log2",
  types: floatTypes,
  real: Math.log2,
  // its own loop so V8 inlines Math.log2 (the shared general loop cannot)
  contiguous: (a, out) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.log2(a[i]);
  },
  parallel: "Math.log2",
  complex: (re, im, res) => complexLog2(re, im, res),
  complexFlat: (a, ao, out, oo, n) => {
    const res = new Float64Array(2);
    for (let i = 0; i < 2 * n; i += 2) {
      complexLog2(a[ao + i], a[ao + i + 1], res);
      out[oo + i] = res[0];
      out[oo + i + 1] = res[1];
    }
  },
});
