import { binaryUfunc, sameTypes } from "./_binary";
import { binaryKernelFor, binaryScalarFirstKernelFor } from "../core/kernels";

/**
 * Elementwise `a * b` (np.multiply). 32-bit integer products wrap exactly (Math.imul),
 * bool * bool is logical and.
 */
export const multiply = binaryUfunc({
  name: "multiply",
  types: sameTypes,
  real: (x, y) => x * y,
  int: (x, y, loop) => (loop === "bool" ? x & y : loop === "int32" || loop === "uint32" ? Math.imul(x, y) : x * y),
  complex: (ar, ai, br, bi, res) => {
    res[0] = ar * br - ai * bi;
    res[1] = ar * bi + ai * br;
  },
  complexFlat: (a, ao, as, b, bo, bs, out, oo, n) => {
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += 2) {
      const ar = a[ao];
      const ai = a[ao + 1];
      const br = b[bo];
      const bi = b[bo + 1];
      out[oo] = ar * br - ai * bi;
      out[oo + 1] = ar * bi + ai * br;
    }
  },
  contiguous: binaryKernelFor("multiply"),
  scalarFirst: binaryScalarFirstKernelFor("multiply"),
});
