import type { NDArray } from "../core/ndarray";
import type { ReduceOptions } from "./_reduce";
import { extreme } from "./_extreme";

/** Smallest element (np.min / np.amin); nan if any element is nan; empty arrays are an error. */
export function min(a: unknown): number;
export function min(a: unknown, axisOrOptions: number | readonly number[] | ReduceOptions): NDArray;
export function min(a: unknown, axisOrOptions?: number | readonly number[] | ReduceOptions): NDArray | number {
  return extreme("minimum", a, axisOrOptions);
}
