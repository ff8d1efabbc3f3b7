import { NDArray } from "../core/ndarray";
import type { DType } from "../core/dtype";
import { toNDArray, type ArrayLike } from "../core/convert";
import { copy } from "../manipulation/copy";

/**
 * A new array holding a copy of `x` (np.array). Nested JS arrays of numbers give float64
 * (NumPy would pick int64 for integers; the runtime has no int64), of booleans bool,
 * of `{re, im}` complex128; a TypedArray keeps its dtype (Uint8ClampedArray → uint8).
 * The result never shares memory with `x`.
 */
export function array(x: ArrayLike | unknown, dtype?: DType): NDArray {
  const a = toNDArray(x, dtype);
  // toNDArray wraps NDArrays and TypedArrays without copying; nested arrays are already fresh.
  if (a === x || (x instanceof NDArray && a.data === x.data) || a.data === x) return copy(a);
  return a;
}
