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
  complex: (re, im, res) => complexSin(re, im, res),
});
