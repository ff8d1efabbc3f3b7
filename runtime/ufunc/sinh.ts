import { unaryUfunc, floatTypes } from "./_unary";
import { complexSinh } from "./_complex";

/** Elementwise hyperbolic sine (np.sinh) with `Math.sinh`. Integer inputs give floats (int8/uint8/int16/uint16/bool → float32, others float64). */
export const sinh = unaryUfunc({
  name: "sinh",
  types: floatTypes,
  real: Math.sinh,
  // its own loop so V8 inlines Math.sinh (the shared general loop cannot)
  contiguous: (a, out) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.sinh(a[i]);
  },
  parallel: "Math.sinh",
  complex: (re, im, res) => complexSinh(re, im, res),
  complexFlat: (a, ao, out, oo, n) => {
    const res = new Float64Array(2);
    for (let i = 0; i < 2 * n; i += 2) {
      complexSinh(a[ao + i], a[ao + i + 1], res);
      out[oo + i] = res[0];
      out[oo + i + 1] = res[1];
    }
  },
});
