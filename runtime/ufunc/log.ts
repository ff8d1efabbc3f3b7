import { unaryUfunc, floatTypes } from "./_unary";
import { complexLog } from "./_complex";

/** Elementwise natural logarithm (np.log) with `Math.log`; log(0) = -inf, log(x<0) = nan. */
export const log = unaryUfunc({
  name: "log",
  types: floatTypes,
  real: Math.log,
  complex: (re, im, res) => complexLog(re, im, res),
});
