import type { NDArray } from "../core/ndarray";
import { type ReduceOptions, eachInBlock, prepare, reduceBlocks, writeOut } from "./_reduce";

type AxisArg = number | readonly number[] | ReduceOptions;

/** Whether every element is nonzero (np.all; nan counts as true; empty is true). */
export function all(a: unknown): boolean;
export function all(a: unknown, axisOrOptions: AxisArg): NDArray;
export function all(a: unknown, axisOrOptions?: AxisArg): NDArray | boolean {
  const { a: x, options, axes, keepdims, scalar } = prepare(a, axisOrOptions);
  const k = x.dtype === "complex128" ? 2 : 1;
  const r = reduceBlocks(x, axes, keepdims, "bool", (b, out, i) => {
    let ok = 1;
    eachInBlock(b, (o) => {
      if (b.data[k * o] === 0 && (k === 1 || b.data[k * o + 1] === 0)) ok = 0;
    });
    out[i] = ok;
  });
  if (options.out !== undefined) return writeOut("logical_and", r, options.out);
  return scalar ? r.data[r.offset] === 1 : r;
}
