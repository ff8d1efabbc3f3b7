import type { NDArray } from "../core/ndarray";
import { type DType, checkDType } from "../core/dtype";
import { allocateResult } from "../core/allocate";

/**
 * Evenly spaced values in [start, stop) (np.arange): `arange(stop)`, `arange(start, stop, step?)`.
 * Length is `ceil((stop - start) / step)`; element i is `start + i*step`, as NumPy computes.
 * dtype defaults to float64 (NumPy would give int64 for integer arguments).
 */
export function arange(start: number, stop?: number, step = 1, dtype: DType = "float64"): NDArray {
  checkDType(dtype);
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  if (step === 0) throw new RangeError("Maximum allowed size exceeded");
  for (const v of [start, stop, step]) if (typeof v !== "number" || !Number.isFinite(v)) throw new RangeError("arange: cannot compute length");
  const n = Math.max(0, Math.ceil((stop - start) / step));
  if (n > 2 ** 32) throw new RangeError("Maximum allowed size exceeded");
  const a = allocateResult([n], dtype);
  const d = a.data;
  if (dtype === "complex128") {
    for (let i = 0; i < n; i++) d[2 * i] = start + i * step;
    return a;
  }
  // NumPy fills with start + i*delta where delta = (start + step) - start.
  const delta = start + step - start;
  for (let i = 0; i < n; i++) d[i] = start + i * delta;
  return a;
}
