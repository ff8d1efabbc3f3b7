import { unaryUfunc, floatTypes } from "./_unary";
import { complexTan } from "./_complex";

/** Elementwise tangent (np.tan) with `Math.tan`. Integer inputs give floats (int8/uint8/int16/uint16/bool → float32, others float64). */
export const tan = unaryUfunc({
  name: "tan",
  types: floatTypes,
  real: Math.tan,
  // its own loop so V8 inlines Math.tan (the shared general loop cannot)
  contiguous: (a, out) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.tan(a[i]);
  },
  parallel: "Math.tan",
  complex: (re, im, res) => complexTan(re, im, res),
  complexFlat: (a, ao, out, oo, n) => {
    const res = new Float64Array(2);
    for (let i = 0; i < 2 * n; i += 2) {
      complexTan(a[ao + i], a[ao + i + 1], res);
      out[oo + i] = res[0];
      out[oo + i + 1] = res[1];
    }
  },
});
