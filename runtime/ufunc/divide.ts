import { binaryUfunc } from "./_binary";
import { binaryKernel } from "../core/kernels";
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
  contiguous: (a, b, out) => binaryKernel("divide", a, b, out),
});
