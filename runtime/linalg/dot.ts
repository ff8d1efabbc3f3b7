import { NDArray } from "../core/ndarray";
import { type DType, type TypedArray, promoteTypes } from "../core/dtype";
import { any } from "../reduce/any";
import { formatShape } from "../core/shape";
import { toNDArray } from "../core/convert";
import { multiply } from "../ufunc/multiply";
import { matmul } from "./matmul";
import { transpose } from "../manipulation/transpose";
import { dotKernel } from "../core/kernels";
import { sum } from "../reduce/sum";

/** Sums the last axis of elementwise products in the operands' dtype (bool: any; ints wrap). */
export function sumProducts(products: NDArray, dtype: DType): NDArray {
  if (dtype === "bool") return any(products, { axis: -1 });
  return sum(products, { axis: -1, dtype });
}

function alignError(a: NDArray, b: NDArray, da: number, db: number): RangeError {
  const f = (s: readonly number[]) => formatShape(s).replace(/, /g, ",");
  return new RangeError(
    `shapes ${f(a.shape)} and ${f(b.shape)} not aligned: ${a.shape[da]} (dim ${da}) != ${b.shape[db]} (dim ${db})`,
  );
}

/**
 * Dot product (np.dot): scalars multiply; 1-D·1-D is the inner product; 2-D·2-D is the
 * matrix product; N-D·1-D sums over the last axis; N-D·M-D sums over the last axis of a
 * and the second-to-last of b. 1-D float64/float32 use the kernels' reordered accumulation.
 */
export function dot(x1: TypedArray | readonly number[], x2: TypedArray | readonly number[]): number;
export function dot(x1: unknown, x2: unknown): NDArray | number;
export function dot(x1: unknown, x2: unknown): NDArray | number {
  const a = toNDArray(x1);
  const b = toNDArray(x2);
  if (a.ndim === 0 || b.ndim === 0) return multiply(a, b);
  if (a.ndim === 1 && b.ndim === 1) {
    if (a.shape[0] !== b.shape[0]) throw alignError(a, b, 0, 0);
    const dt = promoteTypes(a.dtype, b.dtype);
    if (
      (dt === "float64" || dt === "float32") &&
      a.dtype === dt &&
      b.dtype === dt &&
      a.isContiguous &&
      b.isContiguous
    ) {
      const ad = a.data as Float64Array | Float32Array;
      const bd = b.data as Float64Array | Float32Array;
      return dotKernel(ad.subarray(a.offset, a.offset + a.size), bd.subarray(b.offset, b.offset + b.size));
    }
    const r = matmul(a, b);
    return dt === "complex128" ? r : r.data[r.offset];
  }
  const da = a.ndim - 1;
  const db = b.ndim === 1 ? 0 : b.ndim - 2;
  if (a.shape[da] !== b.shape[db]) throw alignError(a, b, da, db);
  if (b.ndim <= 2) return matmul(a, b);
  // N-D · M-D: result[i..., j..., l] = sum_p a[i..., p] * b[j..., p, l]
  const bMoved = transpose(b, [...Array.from({ length: b.ndim - 2 }, (_, i) => i), b.ndim - 1, b.ndim - 2]);
  const aExp = a.reshape([...a.shape.slice(0, -1), ...Array(b.ndim - 1).fill(1), a.shape[da]]);
  return sumProducts(multiply(aExp, bMoved), promoteTypes(a.dtype, b.dtype));
}
