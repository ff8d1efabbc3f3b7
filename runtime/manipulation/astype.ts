import type { NDArray } from "../core/ndarray";
import { type Casting, type DType, canCast, checkDType } from "../core/dtype";
import { castInto } from "../core/cast";
import { allocateResult } from "../core/allocate";
import { copy as copyArray } from "./copy";

/**
 * `a` converted to `dtype` (ndarray.astype). casting: "unsafe" (default), "same_kind", "safe",
 * "equiv", "no" as NumPy's `can_cast`. Float → int truncates toward zero and wraps
 * modulo 2**bits (NumPy's result for out-of-range values is platform-defined); nan → 0.
 */
export function astype(a: NDArray, dtype: DType, options: { casting?: Casting; copy?: boolean } = {}): NDArray {
  checkDType(dtype);
  const casting = options.casting ?? "unsafe";
  if (!canCast(a.dtype, dtype, casting)) {
    throw new TypeError(`Cannot cast array data from dtype('${a.dtype}') to dtype('${dtype}') according to the rule '${casting}'`);
  }
  if (a.dtype === dtype) return options.copy === false ? a : copyArray(a);
  const out = allocateResult(a.shape, dtype);
  castInto(a, out);
  return out;
}
