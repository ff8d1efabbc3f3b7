import type { NDArray } from "../core/ndarray";
import { type DType, checkDType } from "../core/dtype";
import { normalizeShape } from "../core/shape";
import { allocateResult } from "../core/allocate";

/** An array whose contents are unspecified (np.empty); in practice usually zeros. */
export function empty(shape: number | readonly number[], dtype: DType = "float64"): NDArray {
  return allocateResult(normalizeShape(shape), checkDType(dtype));
}
