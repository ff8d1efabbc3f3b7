import { NDArray } from "../core/ndarray";
import { castInto } from "../core/cast";
import { allocateResult } from "../core/allocate";

/** A C-contiguous copy with its own buffer (np.copy). */
export function copy(a: NDArray): NDArray {
  const out = allocateResult(a.shape, a.dtype);
  if (a.isContiguous) {
    const k = a.dtype === "complex128" ? 2 : 1;
    out.data.set(a.data.subarray(a.offset * k, (a.offset + a.size) * k));
    return out;
  }
  castInto(a, out);
  return out;
}
