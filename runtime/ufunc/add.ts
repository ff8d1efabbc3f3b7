import { binaryUfunc, sameTypes } from "./_binary";
import { binaryKernelFor, binaryScalarFirstKernelFor } from "../core/kernels";

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
  complexFlat: (a, ao, as, b, bo, bs, out, oo, n) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += 2) {
      const ar = a[ao];
      const ai = a[ao + 1];
      const br = b[bo];
      const bi = b[bo + 1];
      out[oo] = ar + br;
      out[oo + 1] = ai + bi;
    }
  },
  contiguous: binaryKernelFor("add"),
  scalarFirst: binaryScalarFirstKernelFor("add"),
});
