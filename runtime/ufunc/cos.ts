import { unaryUfunc, floatTypes } from "./_unary";
import { complexCos } from "./_complex";

/** Elementwise cosine in radians (np.cos) with `Math.cos`. Integer inputs give floats (int8/uint8/int16/uint16/bool → float32, others float64). */
export const cos = unaryUfunc({
  name: "cos",
  types: floatTypes,
  real: Math.cos,
  // its own loop so V8 inlines Math.cos (the shared general loop cannot)
  contiguous: (a, out) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.cos(a[i]);
  },
  parallel: "Math.cos",
  complex: (re, im, res) => complexCos(re, im, res),
  complexFlat: (a, ao, out, oo, n) => {
    const res = new Float64Array(2);
    for (let i = 0; i < 2 * n; i += 2) {
      complexCos(a[ao + i], a[ao + i + 1], res);
      out[oo + i] = res[0];
      out[oo + i + 1] = res[1];
    }
  },
});
