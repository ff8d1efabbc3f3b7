import type { NDArray } from "../core/ndarray";
import { argExtreme, type ArgOptions } from "./_argextreme";

/** Index of the smallest element (np.argmin), of the flattened array unless `axis` is given; first nan wins; int32 indices. */
export function argmin(a: unknown): number;
export function argmin(a: unknown, axisOrOptions: number | ArgOptions): NDArray;
export function argmin(a: unknown, axisOrOptions?: number | ArgOptions): NDArray | number {
  return argExtreme("argmin", a, axisOrOptions);
}
