import type { Complex, NDArray } from "../core/ndarray";
import { type ReduceOptions, type RealInput, type ComplexInput, eachInBlock, prepare, reduceBlocks, sumDType, toScalar, writeOut } from "./_reduce";

type AxisArg = number | readonly number[] | ReduceOptions;

/** Product of elements (np.prod); integers accumulate in float64 (NumPy: int64). Empty products are 1. */
export function prod(a: RealInput): number;
export function prod(a: ComplexInput): Complex;
/** (An NDArray does not carry its dtype in its type: a complex128 one gives a `Complex` here, typed `number`; see ComplexInput.) */
export function prod(a: unknown): number;
export function prod(a: unknown, axisOrOptions: AxisArg): NDArray;
export function prod(a: unknown, axisOrOptions?: AxisArg): NDArray | number | Complex {
  const { a: x, options, axes, keepdims, scalar } = prepare(a, axisOrOptions);
  const dt = options.dtype ?? sumDType(x.dtype);
  const r = reduceBlocks(x, axes, keepdims, dt, (b, out, i) => {
    if (dt === "complex128") {
      let re = 1;
      let im = 0;
      const complexIn = x.dtype === "complex128";
      eachInBlock(b, (o) => {
        const br = complexIn ? b.data[2 * o] : b.data[o];
        const bi = complexIn ? b.data[2 * o + 1] : 0;
        const t = re * br - im * bi;
        im = re * bi + im * br;
        re = t;
      });
      out[2 * i] = re;
      out[2 * i + 1] = im;
      return;
    }
    let p = 1;
    if (dt === "float32") eachInBlock(b, (o) => (p = Math.fround(p * b.data[o])));
    else eachInBlock(b, (o) => (p *= b.data[o]));
    out[i] = p;
  });
  if (options.out !== undefined) return writeOut("multiply", r, options.out);
  return scalar ? toScalar(r) : r;
}
