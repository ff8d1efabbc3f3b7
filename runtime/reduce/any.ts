import type { NDArray } from "../core/ndarray";
import { type ReduceOptions, eachInBlock, prepare, reduceBlocks, writeOut } from "./_reduce";

type AxisArg = number | readonly number[] | ReduceOptions;

/** Whether any element is nonzero (np.any; nan counts as true). Returns a boolean over all axes, a bool array with `axis`. */
export function any(a: unknown): boolean;
export function any(a: unknown, axisOrOptions: AxisArg): NDArray;
export function any(a: unknown, axisOrOptions?: AxisArg): NDArray | boolean {
  const { a: x, options, axes, keepdims, scalar } = prepare(a, axisOrOptions);
  const k = x.dtype === "complex128" ? 2 : 1;
  const r = reduceBlocks(x, axes, keepdims, "bool", (b, out, i) => {
    let hit = 0;
    eachInBlock(b, (o) => {
      if (b.data[k * o] !== 0 || (k === 2 && b.data[k * o + 1] !== 0)) hit = 1;
    });
    out[i] = hit;
  });
  if (options.out !== undefined) return writeOut("logical_or", r, options.out);
  return scalar ? r.data[r.offset] === 1 : r;
}
