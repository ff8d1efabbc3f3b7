import type { Complex, NDArray } from "../core/ndarray";
import { type ReduceOptions, type RealInput, type ComplexInput, contiguousRun, eachInBlock, prepare, reduceBlocks, sumDType, toScalar, writeOut } from "./_reduce";
import { sumKernel } from "../core/kernels";

type AxisArg = number | readonly number[] | ReduceOptions;

/**
 * Sum of elements (np.sum), over all axes (a number) or the given `axis` (an NDArray).
 * Integers and bool accumulate in float64 (NumPy uses int64; exact up to 2**53).
 * Float summation order differs from NumPy's pairwise order: results may differ in the last bits.
 * nan propagates; inf + -inf is nan. Empty sums are 0.
 */
export function sum(a: RealInput): number;
export function sum(a: ComplexInput): Complex;
/** (An NDArray does not carry its dtype in its type: a complex128 one gives a `Complex` here, typed `number`; see ComplexInput.) */
export function sum(a: unknown): number;
export function sum(a: unknown, axisOrOptions: AxisArg): NDArray;
export function sum(a: unknown, axisOrOptions?: AxisArg): NDArray | number | Complex {
  const { a: x, options, axes, keepdims, scalar } = prepare(a, axisOrOptions);
  const dt = options.dtype ?? sumDType(x.dtype);
  const r = reduceBlocks(x, axes, keepdims, dt, (b, out, i) => {
    if (dt === "complex128") {
      let re = 0;
      let im = 0;
      const complexIn = x.dtype === "complex128";
      eachInBlock(b, (o) => {
        re += complexIn ? b.data[2 * o] : b.data[o];
        im += complexIn ? b.data[2 * o + 1] : 0;
      });
      out[2 * i] = re;
      out[2 * i + 1] = im;
      return;
    }
    const run = contiguousRun(b);
    if (run && (b.data instanceof Float64Array || b.data instanceof Float32Array) && x.dtype === dt) {
      out[i] = sumKernel(b.data.subarray(run[0], run[1]));
      return;
    }
    let s = 0;
    if (run) {
      const d = b.data;
      for (let k = run[0]; k < run[1]; k++) s += d[k];
    } else eachInBlock(b, (o) => (s += b.data[o]));
    out[i] = s;
  });
  if (options.out !== undefined) return writeOut("add", r, options.out);
  return scalar ? toScalar(r) : r;
}
