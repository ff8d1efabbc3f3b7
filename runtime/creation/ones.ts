import type { NDArray } from "../core/ndarray";
import type { DType } from "../core/dtype";
import { full } from "./full";

/** An array of ones (np.ones); dtype float64 by default. */
export function ones(shape: number | readonly number[], dtype: DType = "float64"): NDArray {
  return full(shape, dtype === "bool" ? true : 1, dtype);
}
