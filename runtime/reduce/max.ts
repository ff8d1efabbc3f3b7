import type { Complex, NDArray } from "../core/ndarray";
import type { ReduceOptions, RealInput } from "./_reduce";
import { extreme } from "./_extreme";

/** Largest element (np.max / np.amax); nan if any element is nan; empty arrays are an error. */
export function max(a: RealInput): number;
export function max(a: unknown): number | Complex;
export function max(a: unknown, axisOrOptions: number | readonly number[] | ReduceOptions): NDArray;
export function max(a: unknown, axisOrOptions?: number | readonly number[] | ReduceOptions): NDArray | number | Complex {
  return extreme("maximum", a, axisOrOptions);
}
