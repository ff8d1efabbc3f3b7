import type { NDArray } from "../core/ndarray";
import { toNDArray, type ArrayLike } from "../core/convert";
import { copy } from "./copy";

/** A 1-D copy of the elements in C order (ndarray.flatten). */
export function flatten(x: NDArray | ArrayLike): NDArray {
  return copy(toNDArray(x)).reshape(-1);
}
