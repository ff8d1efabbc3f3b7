import { binaryUfunc } from "./_binary";
import { binaryKernelFor, binaryScalarFirstKernelFor } from "../core/kernels";

/**
 * Elementwise `a - b` with broadcasting (np.subtract). Bool operands are rejected as in NumPy.
 */
export const subtract = binaryUfunc({
  name: "subtract",
  types: (common) => {
    if (common === "bool") {
      throw new TypeError(
        "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.",
      );
    }
    return { loop: common, result: common };
  },
  real: (x, y) => x - y,
  complex: (ar, ai, br, bi, res) => {
    res[0] = ar - br;
    res[1] = ai - bi;
  },
  complexFlat: (a, ao, as, b, bo, bs, out, oo, n) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += 2) {
      const ar = a[ao];
      const ai = a[ao + 1];
      const br = b[bo];
      const bi = b[bo + 1];
      out[oo] = ar - br;
      out[oo + 1] = ai - bi;
    }
  },
  contiguous: binaryKernelFor("subtract"),
  scalarFirst: binaryScalarFirstKernelFor("subtract"),
});
