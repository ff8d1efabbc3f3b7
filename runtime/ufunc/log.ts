import { unaryUfunc, floatTypes } from "./_unary";
import { complexLog } from "./_complex";

/** Elementwise natural logarithm (np.log) with `Math.log`; log(0) = -inf, log(x<0) = nan. */
export const log = unaryUfunc({
  name: "log",
  types: floatTypes,
  real: Math.log,
  // its own loop so V8 inlines Math.log (the shared general loop cannot)
  contiguous: (a, out) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.log(a[i]);
  },
  parallel: "Math.log",
  complex: (re, im, res) => complexLog(re, im, res),
  complexFlat: (a, ao, out, oo, n) => {
    const res = new Float64Array(2);
    for (let i = 0; i < 2 * n; i += 2) {
      complexLog(a[ao + i], a[ao + i + 1], res);
      out[oo + i] = res[0];
      out[oo + i + 1] = res[1];
    }
  },
});
