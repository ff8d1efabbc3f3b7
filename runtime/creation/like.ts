import type { NDArray } from "../core/ndarray";
import type { DType } from "../core/dtype";
import { toNDArray } from "../core/convert";
import { zeros } from "./zeros";
import { full } from "./full";
import { empty } from "./empty";
import type { Complex } from "../core/ndarray";

/** Zeros with the shape (and dtype, unless given) of `a` (np.zeros_like). */
export function zerosLike(a: unknown, dtype?: DType): NDArray {
  const x = toNDArray(a);
  return zeros(x.shape, dtype ?? x.dtype);
}

/** Ones with the shape and dtype of `a` (np.ones_like). */
export function onesLike(a: unknown, dtype?: DType): NDArray {
  const x = toNDArray(a);
  const dt = dtype ?? x.dtype;
  return full(x.shape, dt === "bool" ? true : 1, dt);
}

/** `value` everywhere, shape and dtype of `a` (np.full_like). */
export function fullLike(a: unknown, value: number | boolean | Complex, dtype?: DType): NDArray {
  const x = toNDArray(a);
  return full(x.shape, value, dtype ?? x.dtype);
}

/** Unspecified contents, shape and dtype of `a` (np.empty_like). */
export function emptyLike(a: unknown, dtype?: DType): NDArray {
  const x = toNDArray(a);
  return empty(x.shape, dtype ?? x.dtype);
}
