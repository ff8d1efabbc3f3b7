import type { Complex, NDArray } from "../core/ndarray";
import type { ReduceOptions, RealInput, ComplexInput } from "./_reduce";
import { extreme } from "./_extreme";

/** Largest element (np.max / np.amax); nan if any element is nan; empty arrays are an error. */
export function max(a: RealInput): number;
export function max(a: ComplexInput): Complex;
/** (An NDArray does not carry its dtype in its type: a complex128 one gives a `Complex` here, typed `number`; see ComplexInput.) */
export function max(a: unknown): number;
export function max(a: unknown, axisOrOptions: number | readonly number[] | ReduceOptions): NDArray;
export function max(a: unknown, axisOrOptions?: number | readonly number[] | ReduceOptions): NDArray | number | Complex {
  return extreme("maximum", a, axisOrOptions);
}
