import type { NDArray } from "../core/ndarray";
import { type NanExtremeOptions, nanExtreme } from "./_nanExtreme";

/**
 * Largest element ignoring nan (np.nanmax): an all-nan slice gives nan; an empty slice gives
 * `initial` (or throws without it). Ties keep the earlier element, so `nanmax(x)` equals the loop
 * `if (x[i] > m) m = x[i]` bit for bit, signed zeros included.
 */
export function nanmax(a: unknown): number;
export function nanmax(a: unknown, axisOrOptions: NanExtremeOptions & { axis?: undefined | null; keepdims?: false; out?: undefined }): number;
export function nanmax(a: unknown, axisOrOptions: number | readonly number[] | NanExtremeOptions): NDArray;
export function nanmax(a: unknown, axisOrOptions?: number | readonly number[] | NanExtremeOptions): NDArray | number {
  return nanExtreme("nanmax", a, axisOrOptions);
}
