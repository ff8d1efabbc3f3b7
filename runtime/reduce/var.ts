import type { NDArray } from "../core/ndarray";
import { type ReduceOptions, eachInBlock, meanDType, prepare, reduceBlocks, toScalar, toReal, writeOut } from "./_reduce";

export interface VarOptions extends ReduceOptions {
  /** Delta degrees of freedom: divide by n - ddof (default 0). */
  ddof?: number;
}

type AxisArg = number | readonly number[] | VarOptions;

/** Variance (np.var): mean(|x - mean(x)|**2) * n / (n - ddof), two passes; complex gives float64; n <= ddof gives nan/inf like NumPy. */
export function variance(a: unknown, axisOrOptions?: AxisArg): NDArray | number {
  const { a: x, options, axes, keepdims, scalar } = prepare(a, axisOrOptions);
  const ddof = (options as VarOptions).ddof ?? 0;
  const inDT = meanDType(x.dtype);
  const dt = options.dtype ?? (inDT === "complex128" ? "float64" : inDT);
  const complexIn = x.dtype === "complex128";
  const r = reduceBlocks(x, axes, keepdims, dt, (b, out, i) => {
    const n = b.size;
    let sr = 0;
    let si = 0;
    eachInBlock(b, (o) => {
      if (complexIn) {
        sr += b.data[2 * o];
        si += b.data[2 * o + 1];
      } else sr += b.data[o];
    });
    const mr = sr / n;
    const mi = si / n;
    let ss = 0;
    eachInBlock(b, (o) => {
      if (complexIn) {
        const dr = b.data[2 * o] - mr;
        const di = b.data[2 * o + 1] - mi;
        ss += dr * dr + di * di;
      } else {
        const d = b.data[o] - mr;
        ss += d * d;
      }
    });
    out[i] = ss / Math.max(n - ddof, 0);
  });
  if (options.out !== undefined) return writeOut("var", r, options.out);
  return scalar ? toReal(r) : r;
}

/** Variance (np.var), see `variance`; `var` is a reserved word in JS, so both names are exported. */
export function var_(a: unknown): number;
export function var_(a: unknown, axisOrOptions: AxisArg): NDArray;
export function var_(a: unknown, axisOrOptions?: AxisArg): NDArray | number {
  return variance(a, axisOrOptions);
}
