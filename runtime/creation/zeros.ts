import type { NDArray } from "../core/ndarray";
import { type DType, checkDType } from "../core/dtype";
import { normalizeShape } from "../core/shape";
import { allocateResult } from "../core/allocate";

/** An array of zeros (np.zeros); dtype float64 by default. */
export function zeros(shape: number | readonly number[], dtype: DType = "float64"): NDArray {
  const a = allocateResult(normalizeShape(shape), checkDType(dtype));
  // The allocator may recycle memory: make sure it is zero.
  a.data.fill(0);
  return a;
}
