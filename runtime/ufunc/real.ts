import { NDArray } from "../core/ndarray";
import { toNDArray } from "../core/convert";

/**
 * The real part (np.real). For complex128 a float64 **view** sharing memory (writes go
 * through); for real arrays the array itself.
 */
export function real(a: unknown): NDArray {
  const x = toNDArray(a);
  if (x.dtype !== "complex128") return x;
  return new NDArray(x.data, x.shape, x.strides.map((s) => 2 * s), 2 * x.offset, "float64");
}
