import type { NDArray } from "../core/ndarray";
import type { DType } from "../core/dtype";
import { zeros } from "./zeros";

/** N×M array with ones on the k-th diagonal (np.eye); M defaults to N. */
export function eye(n: number, m?: number, k = 0, dtype: DType = "float64"): NDArray {
  const cols = m ?? n;
  const a = zeros([n, cols], dtype);
  const slots = dtype === "complex128" ? 2 : 1;
  for (let i = 0; i < n; i++) {
    const j = i + k;
    if (j >= 0 && j < cols) a.data[(i * cols + j) * slots] = 1;
  }
  return a;
}

/** The n×n identity matrix (np.identity). */
export function identity(n: number, dtype: DType = "float64"): NDArray {
  return eye(n, n, 0, dtype);
}
