import { binaryUfunc } from "./_binary";
import { binaryKernelFor, binaryScalarFirstKernelFor } from "../core/kernels";
import { complexDivide } from "./_complex";

/**
 * Elementwise true division `a / b` (np.divide). Integer and bool inputs give float64;
 * x/0 gives ±inf or nan as IEEE 754 (NumPy also warns; the runtime does not).
 */
export const divide = binaryUfunc({
  name: "divide",
  types: (common) => {
    if (common === "float32") return { loop: "float32", result: "float32" };
    if (common === "complex128") return { loop: "complex128", result: "complex128" };
    return { loop: "float64", result: "float64" };
  },
  real: (x, y) => x / y,
  complex: (ar, ai, br, bi, res) => complexDivide(ar, ai, br, bi, res),
  complexFlat: (a, ao, as, b, bo, bs, out, oo, n) => {
    const res = new Float64Array(2);
    for (let i = 0; i < n; i++, ao += as, bo += bs, oo += 2) {
      complexDivide(a[ao], a[ao + 1], b[bo], b[bo + 1], res);
      out[oo] = res[0];
      out[oo + 1] = res[1];
    }
  },
  contiguous: binaryKernelFor("divide"),
  scalarFirst: binaryScalarFirstKernelFor("divide"),
});
