import type { NDArray } from "../core/ndarray";
import { toNDArray, type ArrayLike } from "../core/convert";
import { reshape } from "./reshape";

/** A 1-D array of the elements in C order (np.ravel): a view when possible, else a copy. */
export function ravel(x: NDArray | ArrayLike): NDArray {
  return reshape(toNDArray(x), [-1]);
}
