import type { NDArray } from "../core/ndarray";
import { argExtreme, type ArgOptions } from "./_argextreme";

/** Index of the largest element (np.argmax), of the flattened array unless `axis` is given; first nan wins; int32 indices. */
export function argmax(a: unknown): number;
export function argmax(a: unknown, axisOrOptions: number | ArgOptions): NDArray;
export function argmax(a: unknown, axisOrOptions?: number | ArgOptions): NDArray | number {
  return argExtreme("argmax", a, axisOrOptions);
}
