import type { NDArray } from "../core/ndarray";
import { toNDArray } from "../core/convert";
import { formatShape } from "../core/shape";
import { multiply } from "../ufunc/multiply";
import { dot, sumProducts } from "./dot";
import { type TypedArray, promoteTypes } from "../core/dtype";

/** Inner product over the last axes (np.inner): result shape a.shape[:-1] + b.shape[:-1]. */
export function inner(x1: TypedArray | readonly number[], x2: TypedArray | readonly number[]): number;
export function inner(x1: unknown, x2: unknown): NDArray | number;
export function inner(x1: unknown, x2: unknown): NDArray | number {
  const a = toNDArray(x1);
  const b = toNDArray(x2);
  if (a.ndim === 0 || b.ndim === 0) return multiply(a, b);
  if (a.ndim === 1 && b.ndim === 1) return dot(a, b);
  const k = a.shape[a.ndim - 1];
  if (k !== b.shape[b.ndim - 1]) {
    throw new RangeError(`shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} not aligned: ${k} (dim ${a.ndim - 1}) != ${b.shape[b.ndim - 1]} (dim ${b.ndim - 1})`);
  }
  const aExp = a.reshape([...a.shape.slice(0, -1), ...Array(b.ndim - 1).fill(1), k]);
  return sumProducts(multiply(aExp, b), promoteTypes(a.dtype, b.dtype));
}
