import type { NDArray } from "../core/ndarray";
import { type NanExtremeOptions, nanExtreme } from "./_nanExtreme";

/**
 * Smallest element ignoring nan (np.nanmin): an all-nan slice gives nan; an empty slice gives
 * `initial` (or throws without it). Ties keep the earlier element, so `nanmin(x)` equals the loop
 * `if (x[i] < m) m = x[i]` bit for bit, signed zeros included.
 */
export function nanmin(a: unknown): number;
export function nanmin(a: unknown, axisOrOptions: NanExtremeOptions & { axis?: undefined | null; keepdims?: false; out?: undefined }): number;
export function nanmin(a: unknown, axisOrOptions: number | readonly number[] | NanExtremeOptions): NDArray;
export function nanmin(a: unknown, axisOrOptions?: number | readonly number[] | NanExtremeOptions): NDArray | number {
  return nanExtreme("nanmin", a, axisOrOptions);
}
