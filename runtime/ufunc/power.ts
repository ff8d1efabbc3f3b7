import { binaryUfunc } from "./_binary";
import { binaryKernel, parallelBinary } from "../core/kernels";
import { intPower } from "./_int";
import { complexPower } from "./_complex";

/** out[i] = Math.pow(a[i], b[i] or b); large arrays on the worker threads (the same Math.pow, the same bits). */
const powLoop = parallelBinary("Math.pow", (a, b, out) => {
  if (typeof b === "number") for (let i = 0; i < out.length; i++) out[i] = Math.pow(a[i], b);
  else for (let i = 0; i < out.length; i++) out[i] = Math.pow(a[i], b[i]);
});

/**
 * Elementwise `a ** b` (np.power). Floats use `Math.pow`, so results equal JS's; note that
 * JS's pow(1, NaN) and pow(-1, ±Infinity) are NaN where C (and NumPy) give 1.
 * Integers wrap; a negative integer exponent throws as in NumPy. bool ** bool gives int8.
 */
export const power = binaryUfunc({
  name: "power",
  types: (common) => (common === "bool" ? { loop: "int8", result: "int8" } : { loop: common, result: common }),
  real: (x, y) => Math.pow(x, y),
  // its own loop so V8 inlines Math.pow; float64/float32 operands only
  contiguous: (a, b, out) => {
    // x ** 2 is x * x bit for bit (V8's pow special-cases it; checked on 2e6 random doubles), and
    // the multiply kernel is ≈3× faster than calling Math.pow per element
    if (b === 2) return binaryKernel("multiply", a, a, out);
    powLoop(a, b, out);
  },
  scalarFirst: (s, b, out) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.pow(s, b[i]);
  },
  int: (x, y, loop) => intPower(x, y, loop),
  complex: (ar, ai, br, bi, res) => complexPower(ar, ai, br, bi, res),
  complexFlat: (a, ao, as, b, bo, bs, out, oo, n) => {
    if (bs === 0 && b[bo] === 2 && b[bo + 1] === 0) {
      // z ** 2: complexPower's operations for this exponent in the same order (one squaring,
      // folded into the product 1 + 0i), so the same bits. Its zero-base case (0, 0) needs no
      // branch: for ±0 parts these operations give +0 and +0 too.
      for (let i = 0; i < n; i++, ao += as, oo += 2) {
        const ar = a[ao];
        const ai = a[ao + 1];
        const xr = ar * ar - ai * ai;
        const xi = 2 * ar * ai;
        out[oo] = 1 * xr - 0 * xi;
        out[oo + 1] = 1 * xi + 0 * xr;
      }
      return;
    }
    const res = new Float64Array(2);
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += 2) {
      complexPower(a[ao], a[ao + 1], b[bo], b[bo + 1], res);
      out[oo] = res[0];
      out[oo + 1] = res[1];
    }
  },
});
