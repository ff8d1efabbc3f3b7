import type { NDArray } from "../core/ndarray";
import { type DType, checkDType } from "../core/dtype";
import { normalizeShape } from "../core/shape";
import { allocateResult } from "../core/allocate";
import { isComplexScalar } from "../core/convert";
import type { Complex } from "../core/ndarray";

/** An array of `shape` filled with `value` (np.full); dtype defaults to bool for a boolean, complex128 for {re, im}, else float64. */
export function full(shape: number | readonly number[], value: number | boolean | Complex, dtype?: DType): NDArray {
  const dt: DType = dtype ? checkDType(dtype) : typeof value === "boolean" ? "bool" : isComplexScalar(value) ? "complex128" : "float64";
  const a = allocateResult(normalizeShape(shape), dt);
  if (dt === "complex128") {
    const re = isComplexScalar(value) ? value.re : Number(value);
    const im = isComplexScalar(value) ? value.im : 0;
    for (let i = 0; i < a.data.length; i += 2) {
      a.data[i] = re;
      a.data[i + 1] = im;
    }
  } else {
    if (isComplexScalar(value)) throw new TypeError(`can't convert complex to ${dt}`);
    // bool is NumPy's != 0 (nan is true), not JS truthiness
    const v = dt === "bool" ? (value !== 0 && value !== false ? 1 : 0) : Number(value);
    if (v !== 0 || Object.is(v, -0)) a.data.fill(v);
  }
  return a;
}
