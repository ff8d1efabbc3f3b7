import type { NDArray } from "./ndarray";
import { toNDArray } from "./convert";
import { mayShareMemory as overlap } from "../ufunc/_machinery";

/**
 * Whether two arrays' element ranges overlap in memory (np.may_share_memory): true for a
 * view and its base, false for copies. Bounds-based, so two interleaved views may answer true.
 */
export function mayShareMemory(a: NDArray | unknown, b: NDArray | unknown): boolean {
  return overlap(toNDArray(a), toNDArray(b));
}
