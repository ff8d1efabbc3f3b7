import type { NDArray } from "../core/ndarray";
import { promoteTypes } from "../core/dtype";
import { normalizeAxis } from "../core/shape";
import { toNDArray } from "../core/convert";
import { allocateResult } from "../core/allocate";
import { castInto } from "../core/cast";
import { Slice } from "../indexing/slice";
import { getItems } from "../indexing/select";
import { reshape } from "./reshape";

/** Joins arrays along an existing axis (np.concatenate); axis null flattens first. dtype is their promotion. */
export function concatenate(arrays: readonly unknown[], axis: number | null = 0): NDArray {
  if (arrays.length === 0) throw new RangeError("need at least one array to concatenate");
  let xs = arrays.map((a) => toNDArray(a));
  if (axis === null) {
    xs = xs.map((x) => reshape(x, [-1]));
    axis = 0;
  }
  const first = xs[0];
  if (first.ndim === 0) throw new RangeError("zero-dimensional arrays cannot be concatenated");
  const ax = normalizeAxis(axis, first.ndim);
  xs.forEach((x, i) => {
    if (x.ndim !== first.ndim) {
      throw new RangeError(
        `all the input arrays must have same number of dimensions, but the array at index 0 has ${first.ndim} dimension(s) and the array at index ${i} has ${x.ndim} dimension(s)`,
      );
    }
    x.shape.forEach((d, k) => {
      if (k !== ax && d !== first.shape[k]) {
        throw new RangeError(
          `all the input array dimensions except for the concatenation axis must match exactly, but along dimension ${k}, the array at index 0 has size ${first.shape[k]} and the array at index ${i} has size ${d}`,
        );
      }
    });
  });
  const dtype = xs.map((x) => x.dtype).reduce(promoteTypes);
  const shape = [...first.shape];
  shape[ax] = xs.reduce((s, x) => s + x.shape[ax], 0);
  const out = allocateResult(shape, dtype);
  let at = 0;
  for (const x of xs) {
    const sel = shape.map((_, k) => (k === ax ? new Slice(at, at + x.shape[ax]) : new Slice()));
    castInto(x, getItems(out, sel) as NDArray);
    at += x.shape[ax];
  }
  return out;
}
