import type { NDArray } from "../core/ndarray";
import { variance, type VarOptions } from "./var";
import { sqrt } from "../ufunc/sqrt";

type AxisArg = number | readonly number[] | VarOptions;

/** Standard deviation (np.std) = sqrt(var) with `ddof`. */
export function std(a: unknown): number;
export function std(a: unknown, axisOrOptions: AxisArg): NDArray;
export function std(a: unknown, axisOrOptions?: AxisArg): NDArray | number {
  const v = variance(a, axisOrOptions);
  if (typeof v === "number") return Math.sqrt(v);
  return sqrt(v, { out: v });
}
