import type { NDArray } from "../core/ndarray";
import type { DType } from "../core/dtype";
import { toNDArray, type ArrayLike } from "../core/convert";

/**
 * `x` as an NDArray without copying when possible (np.asarray): an NDArray of the same
 * dtype is returned as is, a TypedArray is wrapped (writes go to the caller's buffer).
 */
export function asarray(x: ArrayLike | unknown, dtype?: DType): NDArray {
  return toNDArray(x, dtype);
}
