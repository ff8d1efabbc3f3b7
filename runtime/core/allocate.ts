import { NDArray } from "./ndarray";
import type { DType } from "./dtype";
import { type Shape, shapeSize } from "./shape";
import { allocate } from "./kernels";

/**
 * Allocates the zero-filled buffer of a result array through the kernels' allocator
 * (WebAssembly memory for large float arrays, so the SIMD kernels run in place).
 */
export function allocateResult(shape: Shape, dtype: DType): NDArray {
  return new NDArray(allocate(dtype, shapeSize(shape)), shape, undefined, 0, dtype);
}
