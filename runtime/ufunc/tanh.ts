import { unaryUfunc, floatTypes } from "./_unary";
import { complexTanh } from "./_complex";

/** Elementwise hyperbolic tangent (np.tanh) with `Math.tanh`. Integer inputs give floats (int8/uint8/int16/uint16/bool → float32, others float64). */
export const tanh = unaryUfunc({
  name: "tanh",
  types: floatTypes,
  real: Math.tanh,
  // its own loop so V8 inlines Math.tanh (the shared general loop cannot)
  contiguous: (a, out) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.tanh(a[i]);
  },
  parallel: "Math.tanh",
  complex: (re, im, res) => complexTanh(re, im, res),
  complexFlat: (a, ao, out, oo, n) => {
    const res = new Float64Array(2);
    for (let i = 0; i < 2 * n; i += 2) {
      complexTanh(a[ao + i], a[ao + i + 1], res);
      out[oo + i] = res[0];
      out[oo + i + 1] = res[1];
    }
  },
});
