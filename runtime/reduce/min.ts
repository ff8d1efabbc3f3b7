import type { Complex, NDArray } from "../core/ndarray";
import type { ReduceOptions, RealInput, ComplexInput } from "./_reduce";
import { extreme } from "./_extreme";

/** Smallest element (np.min / np.amin); nan if any element is nan; empty arrays are an error. */
export function min(a: RealInput): number;
export function min(a: ComplexInput): Complex;
/** (An NDArray does not carry its dtype in its type: a complex128 one gives a `Complex` here, typed `number`; see ComplexInput.) */
export function min(a: unknown): number;
export function min(a: unknown, axisOrOptions: number | readonly number[] | ReduceOptions): NDArray;
export function min(a: unknown, axisOrOptions?: number | readonly number[] | ReduceOptions): NDArray | number | Complex {
  return extreme("minimum", a, axisOrOptions);
}
