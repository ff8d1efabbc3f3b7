import type { NDArray } from "../core/ndarray";
import { toNDArray } from "../core/convert";
import { multiply } from "../ufunc/multiply";
import type { UfuncOptions } from "../ufunc/_machinery";

/** Outer product (np.outer): out[i, j] = a.ravel()[i] * b.ravel()[j]. */
export function outer(x1: unknown, x2: unknown, options?: UfuncOptions): NDArray {
  const a = toNDArray(x1).reshape(-1, 1);
  const b = toNDArray(x2).reshape(1, -1);
  return multiply(a, b, options);
}
