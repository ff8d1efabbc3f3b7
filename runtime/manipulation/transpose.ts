import { NDArray } from "../core/ndarray";
import { normalizeAxis } from "../core/shape";
import { toNDArray, type ArrayLike } from "../core/convert";

/** Permutes the axes (np.transpose): a view; with no `axes` reverses them. */
export function transpose(x: NDArray | ArrayLike, axes?: readonly number[]): NDArray {
  const a = toNDArray(x);
  const n = a.ndim;
  const perm = axes ? axes.map((ax) => normalizeAxis(ax, n)) : Array.from({ length: n }, (_, i) => n - 1 - i);
  if (perm.length !== n) throw new RangeError("axes don't match array");
  if (new Set(perm).size !== n) throw new RangeError("repeated axis in transpose");
  return new NDArray(a.data, perm.map((p) => a.shape[p]), perm.map((p) => a.strides[p]), a.offset, a.dtype);
}
