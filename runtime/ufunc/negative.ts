import { unaryUfunc } from "./_unary";
import { unaryKernelFor } from "../core/kernels";

/** Elementwise `-a` (np.negative); integers wrap; bool is rejected as in NumPy. */
export const negative = unaryUfunc({
  name: "negative",
  types: (d) => {
    if (d === "bool") {
      throw new TypeError(
        "The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.",
      );
    }
    return { loop: d, result: d };
  },
  real: (x) => -x,
  complex: (re, im, res) => {
    res[0] = -re;
    res[1] = -im;
  },
  complexFlat: (a, ao, out, oo, n) => {
    for (let i = 0; i < 2 * n; i += 2) {
      const re = a[ao + i];
      const im = a[ao + i + 1];
      out[oo + i] = -re;
      out[oo + i + 1] = -im;
    }
  },
  contiguous: unaryKernelFor("negative"),
});
