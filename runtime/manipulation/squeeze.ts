import { NDArray } from "../core/ndarray";
import { toNDArray } from "../core/convert";
import { normalizeAxes } from "../reduce/_reduce";

/** Removes length-1 axes (np.squeeze), all of them or the given ones: a view. */
export function squeeze(a: unknown, axis?: number | readonly number[]): NDArray {
  const x = toNDArray(a);
  const drop = axis === undefined ? x.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes(axis, x.ndim);
  for (const ax of drop) {
    if (x.shape[ax] !== 1) throw new RangeError("cannot select an axis to squeeze out which has size not equal to one");
  }
  const keep = x.shape.map((_, i) => i).filter((i) => !drop.includes(i));
  return new NDArray(x.data, keep.map((i) => x.shape[i]), keep.map((i) => x.strides[i]), x.offset, x.dtype);
}
