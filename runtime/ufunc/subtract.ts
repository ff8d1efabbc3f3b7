import { binaryUfunc } from "./_binary";
import { binaryKernel } from "../core/kernels";

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
  contiguous: (a, b, out) => binaryKernel("subtract", a, b, out),
});
