import type { NDArray } from "../core/ndarray";
import { maximum } from "./maximum";
import { minimum } from "./minimum";
import { operandsResultType, toOperand, type UfuncOptions } from "./_machinery";

/**
 * Limits values to [min, max] (np.clip) = minimum(maximum(a, min), max): nan propagates,
 * and when min > max every value becomes max, as NumPy. Pass null to leave one side open.
 */
export function clip(a: unknown, min: unknown, max: unknown, options: UfuncOptions = {}): NDArray {
  if ((min === null || min === undefined) && (max === null || max === undefined)) {
    throw new RangeError("One of max or min must be given");
  }
  const operands = [a, min, max].filter((x) => x !== null && x !== undefined).map(toOperand);
  const dtype = options.dtype ?? operandsResultType(operands);
  let r = a as NDArray;
  const hasMax = max !== null && max !== undefined;
  if (min !== null && min !== undefined) r = maximum(r, min, hasMax ? { dtype } : { dtype, out: options.out });
  if (hasMax) r = minimum(r, max, { dtype, out: options.out });
  return r;
}
