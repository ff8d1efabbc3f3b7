import { binaryUfunc, sameTypes } from "./_binary";
import { binaryKernel } from "../core/kernels";

/**
 * Elementwise `a + b` with broadcasting (np.add). Float64 results are bit-identical to
 * JS's `+`; integers wrap like NumPy's fixed-width types; bool + bool is logical or.
 * @example nd.add(x, 10, { out: y }) // y[i] = x[i] + 10
 */
export const add = binaryUfunc({
  name: "add",
  types: sameTypes,
  real: (x, y) => x + y,
  int: (x, y, loop) => (loop === "bool" ? x | y : x + y),
  complex: (ar, ai, br, bi, res) => {
    res[0] = ar + br;
    res[1] = ai + bi;
  },
  contiguous: (a, b, out) => binaryKernel("add", a, b, out),
});
