import type { NDArray } from "../core/ndarray";
import type { DType } from "../core/dtype";
import { normalizeShape } from "../core/shape";
import { zeros } from "./zeros";

/**
 * An array whose element at (i, j, …) is `fn(i, j, …)` (np.fromfunction).
 * Difference from NumPy: `fn` is called once per element with plain numbers, where NumPy
 * calls it once with index arrays — so any JS function works.
 */
export function fromFunction(fn: (...indices: number[]) => number | boolean, shape: number | readonly number[], dtype: DType = "float64"): NDArray {
  const s = normalizeShape(shape);
  const a = zeros(s, dtype);
  if (dtype === "complex128") throw new TypeError("fromFunction: complex128 is not supported; build re and im separately and use nd.complex");
  const idx = new Array<number>(s.length).fill(0);
  for (let flat = 0; flat < a.size; flat++) {
    const v = fn(...idx);
    // into bool: NumPy's != 0 (nan and 0.5 are true; a Uint8Array store would give 0)
    a.data[flat] = typeof v === "boolean" ? (v ? 1 : 0) : dtype === "bool" ? (v !== 0 ? 1 : 0) : v;
    for (let d = s.length - 1; d >= 0; d--) {
      if (++idx[d] < s[d]) break;
      idx[d] = 0;
    }
  }
  return a;
}
