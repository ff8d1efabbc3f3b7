import { unaryUfunc, floatTypes } from "./_unary";
import { complexSin } from "./_complex";

/** Elementwise sine in radians (np.sin) with `Math.sin`. Integer inputs give floats (int8/uint8/int16/uint16/bool → float32, others float64). */
export const sin = unaryUfunc({
  name: "sin",
  types: floatTypes,
  real: Math.sin,
  complex: (re, im, res) => complexSin(re, im, res),
});
