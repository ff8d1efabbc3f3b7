/**
 * Shared machinery of the reductions: axis normalization, output shapes, keepdims and
 * iteration over each output element's reduced sub-block.
 */
import { NDArray } from "../core/ndarray";
import type { DType, TypedArray } from "../core/dtype";
import type { Complex } from "../core/ndarray";
import { castInto } from "../core/cast";
import { resolveOut } from "../ufunc/_machinery";
import { formatShapeNp, normalizeAxis, sameShape, shapeSize } from "../core/shape";
import { toNDArray } from "../core/convert";
import { allocateResult } from "../core/allocate";
import { forEachOffset } from "../core/convert";

export interface ReduceOptions {
  /** Axis or axes to reduce (negative counts from the end); all when omitted or null. */
  axis?: number | readonly number[] | null;
  /** Keep reduced axes as length-1 dimensions so the result broadcasts against the input. */
  keepdims?: boolean;
  /** Accumulate and return in this dtype. */
  dtype?: DType;
  /** Write the result here (its shape must be the result's; NumPy's same_kind casting). */
  out?: NDArray | TypedArray;
}

/** A strided block of elements: the reduced axes of one output position. */
export interface Block {
  data: NDArray["data"];
  shape: number[];
  strides: number[];
  offset: number;
  size: number;
}

/** Accepts `sum(a, 0)`, `sum(a, [0, 1])` and `sum(a, { axis, keepdims })`. */
export function reduceOptions(arg?: number | readonly number[] | ReduceOptions | null): ReduceOptions {
  if (arg === undefined || arg === null) return {};
  if (typeof arg === "number" || Array.isArray(arg)) return { axis: arg as number | number[] };
  return arg as ReduceOptions;
}

/** Sorted, validated axes; NumPy's messages for out-of-range and duplicates. */
export function normalizeAxes(axis: ReduceOptions["axis"], ndim: number): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axis === "number" ? [axis] : Array.from(axis);
  const norm = list.map((ax) => normalizeAxis(ax, ndim));
  if (new Set(norm).size !== norm.length) throw new RangeError("duplicate value in 'axis'");
  return norm.sort((x, y) => x - y);
}

/**
 * Calls `fn(block, outIndex)` for every output element, in C order of the output,
 * and returns the output array (shape with or without kept dims).
 */
export function reduceBlocks(
  a: NDArray,
  axes: readonly number[],
  keepdims: boolean,
  resultDType: DType,
  fn: (block: Block, out: NDArray["data"], outIndex: number) => void,
): NDArray {
  const outerShape: number[] = [];
  const outerStrides: number[] = [];
  const innerShape: number[] = [];
  const innerStrides: number[] = [];
  a.shape.forEach((d, i) => {
    if (axes.includes(i)) {
      innerShape.push(d);
      innerStrides.push(a.strides[i]);
    } else {
      outerShape.push(d);
      outerStrides.push(a.strides[i]);
    }
  });
  const out = allocateResult(outerShape, resultDType);
  const innerSize = shapeSize(innerShape);
  forEachOffset({ shape: outerShape, strides: outerStrides, offset: a.offset }, (o, i) => {
    fn({ data: a.data, shape: innerShape, strides: innerStrides, offset: o, size: innerSize }, out.data, i);
  });
  if (!keepdims) return out;
  const kept = a.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  return out.reshape(kept);
}

/** The block's elements as a contiguous run [start, start+size) of its data, or null. */
export function contiguousRun(b: Block): [number, number] | null {
  let expected = 1;
  for (let i = b.shape.length - 1; i >= 0; i--) {
    if (b.shape[i] !== 1 && b.strides[i] !== expected) return null;
    expected *= b.shape[i];
  }
  return [b.offset, b.offset + b.size];
}

/** Calls fn(offset) for each element of the block in C order. */
export function eachInBlock(b: Block, fn: (offset: number) => void): void {
  forEachOffset(b, fn);
}

/** Converts input, resolves axes and tells whether the caller wants a plain number back. */
export function prepare(x: unknown, arg: number | readonly number[] | ReduceOptions | null | undefined) {
  const a = toNDArray(x);
  const options = reduceOptions(arg);
  const axes = normalizeAxes(options.axis, a.ndim);
  const keepdims = options.keepdims ?? false;
  const scalar = (options.axis === undefined || options.axis === null) && !keepdims && options.out === undefined;
  return { a, options, axes, keepdims, scalar };
}

/** Copies a reduction's result into `out` (its shape must match; values cast like NumPy's reduce, unsafe). */
export function writeOut(name: string, r: NDArray, out: NDArray | TypedArray): NDArray {
  const o = resolveOut(out) as NDArray;
  if (o.ndim !== r.ndim) {
    throw new RangeError(`output parameter for reduction operation ${name} has the wrong number of dimensions: Found ${o.ndim} but expected ${r.ndim}`);
  }
  if (!sameShape(o.shape, r.shape)) {
    throw new RangeError(`non-broadcastable output operand with shape ${formatShapeNp(o.shape)} doesn't match the broadcast shape ${formatShapeNp(r.shape)}`);
  }
  castInto(r, o);
  return o;
}

/** The plain number of a 0-d result; complex128 results need keepdims or an axis. */
/** The 0-d result of a reduction over all axes as a JS value: a number, or a `Complex` for complex128 (NumPy: a complex scalar). */
export function toScalar(r: NDArray): number | Complex {
  if (r.dtype === "complex128") return { re: r.data[2 * r.offset], im: r.data[2 * r.offset + 1] };
  return r.data[r.offset];
}

/** The 0-d result of a reduction that is real for every input (var, std, nanmax, …). */
export function toReal(r: NDArray): number {
  return r.data[r.offset];
}

/** Inputs whose reduction over all axes is always a real number (an NDArray may be complex128). */
export type RealInput = TypedArray | readonly number[] | readonly (readonly number[])[] | number;

/**
 * Inputs the types can tell are complex: `{ re, im }` values and arrays of them; their reduction
 * over all axes is a `Complex`. A complex128 NDArray also gives a `Complex`, but its type does not
 * say its dtype, so that overload stays `number` (quick-fixes write `s += nd.sum(nd.power(d, 2))`);
 * check `typeof r === "object"` (or pass `{ keepdims: true }` for a 0-d NDArray) when the dtype may be complex.
 */
export type ComplexInput = Complex | readonly Complex[] | readonly (readonly Complex[])[];

/** dtype of sum/prod/cumsum: bool and integers accumulate in float64 (NumPy: int64), floats keep theirs. */
export function sumDType(d: DType): DType {
  return d === "float32" || d === "float64" || d === "complex128" ? d : "float64";
}

/** dtype of mean/var/std: integers → float64, float32 stays. */
export function meanDType(d: DType): DType {
  return d === "float32" || d === "complex128" ? d : "float64";
}
