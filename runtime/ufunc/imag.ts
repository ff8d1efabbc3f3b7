import { NDArray } from "../core/ndarray";
import { toNDArray } from "../core/convert";
import { zeros } from "../creation/zeros";

/** The imaginary part (np.imag): a float64 view for complex128, zeros (a new array) for real arrays. */
export function imag(a: unknown): NDArray {
  const x = toNDArray(a);
  if (x.dtype !== "complex128") return zeros(x.shape, x.dtype);
  return new NDArray(x.data, x.shape, x.strides.map((s) => 2 * s), 2 * x.offset + 1, "float64");
}
