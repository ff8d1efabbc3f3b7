import { NDArray } from "../core/ndarray";
import { toNDArray } from "../core/convert";
import { normalizeAxes } from "../reduce/_reduce";

/** Inserts length-1 axes at the given positions of the result (np.expand_dims): a view. */
export function expandDims(a: unknown, axis: number | readonly number[]): NDArray {
  const x = toNDArray(a);
  const list = typeof axis === "number" ? [axis] : Array.from(axis);
  const ndim = x.ndim + list.length;
  const axes = normalizeAxes(list, ndim);
  const shape: number[] = [];
  const strides: number[] = [];
  let src = 0;
  for (let i = 0; i < ndim; i++) {
    if (axes.includes(i)) {
      shape.push(1);
      strides.push(0);
    } else {
      shape.push(x.shape[src]);
      strides.push(x.strides[src]);
      src++;
    }
  }
  return new NDArray(x.data, shape, strides, x.offset, x.dtype);
}
