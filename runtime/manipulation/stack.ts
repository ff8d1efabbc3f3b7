import type { NDArray } from "../core/ndarray";
import { normalizeAxis, sameShape } from "../core/shape";
import { toNDArray } from "../core/convert";
import { concatenate } from "./concatenate";
import { expandDims } from "./expandDims";

/** Joins same-shape arrays along a new axis (np.stack). */
export function stack(arrays: readonly unknown[], axis = 0): NDArray {
  if (arrays.length === 0) throw new RangeError("need at least one array to stack");
  const xs = arrays.map((a) => toNDArray(a));
  if (!xs.every((x) => sameShape(x.shape, xs[0].shape))) throw new RangeError("all input arrays must have the same shape");
  const ax = normalizeAxis(axis, xs[0].ndim + 1);
  return concatenate(xs.map((x) => expandDims(x, ax)), ax);
}
