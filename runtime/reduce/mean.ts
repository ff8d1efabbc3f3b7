import type { Complex, NDArray } from "../core/ndarray";
import { type ReduceOptions, type RealInput, type ComplexInput, meanDType, prepare, toScalar, writeOut } from "./_reduce";
import { sum } from "./sum";
import { divide } from "../ufunc/divide";

type AxisArg = number | readonly number[] | ReduceOptions;

/** Arithmetic mean (np.mean): sum / count; integers give float64; empty gives nan. */
export function mean(a: RealInput): number;
export function mean(a: ComplexInput): Complex;
/** (An NDArray does not carry its dtype in its type: a complex128 one gives a `Complex` here, typed `number`; see ComplexInput.) */
export function mean(a: unknown): number;
export function mean(a: unknown, axisOrOptions: AxisArg): NDArray;
export function mean(a: unknown, axisOrOptions?: AxisArg): NDArray | number | Complex {
  const { a: x, options, axes, keepdims, scalar } = prepare(a, axisOrOptions);
  const dt = options.dtype ?? meanDType(x.dtype);
  const count = axes.reduce((n, ax) => n * x.shape[ax], 1);
  const total = sum(x, { axis: axes, keepdims, dtype: dt === "float32" ? "float64" : dt });
  const r = divide(total, count);
  const result = dt === "float32" ? r.astype("float32") : r;
  if (options.out !== undefined) return writeOut("mean", result, options.out);
  return scalar ? toScalar(result) : result;
}
