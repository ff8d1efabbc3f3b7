import type { NDArray } from "../core/ndarray";
import { add } from "../ufunc/add";
import { multiply } from "../ufunc/multiply";

/** A complex128 array `re + i*im` from two real arrays or scalars, broadcast together (NumPy: `re + 1j*im`). */
export function complex(re: unknown, im: unknown): NDArray {
  return add(re, multiply({ re: 0, im: 1 }, im));
}
