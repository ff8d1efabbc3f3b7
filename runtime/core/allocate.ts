import { NDArray } from "./ndarray";
import { type DType, allocateStorage } from "./dtype";
import { type Shape, shapeSize } from "./shape";

/**
 * Allocates the buffer of a result array. One place, so the kernels' allocator
 * (WASM memory for large float arrays) can be plugged in without touching the ufuncs.
 */
export function allocateResult(shape: Shape, dtype: DType): NDArray {
  return new NDArray(allocateStorage(dtype, shapeSize(shape)), shape, undefined, 0, dtype);
}
