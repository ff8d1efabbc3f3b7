import { NDArray, type Complex, type NestedArray } from "./ndarray";
import {
  type DType,
  type TypedArray,
  checkDType,
  dtypeOfTypedArray,
  isTypedArray,
} from "./dtype";
import { formatShape } from "./shape";
import { castInto } from "./cast";

/** Anything the runtime accepts where an array is expected. */
export type ArrayLike =
  | NDArray
  | TypedArray
  | number
  | boolean
  | Complex
  | readonly NestedArray<number | boolean | Complex | TypedArray | NDArray>[];

export function isComplexScalar(x: unknown): x is Complex {
  return typeof x === "object" && x !== null && !Array.isArray(x) && !ArrayBuffer.isView(x) && !(x instanceof NDArray) && "re" in x && "im" in x;
}

/**
 * Wraps `x` as an NDArray without copying when it already is one (or a TypedArray),
 * converting to `dtype` (a copy) when given and different.
 */
export function toNDArray(x: unknown, dtype?: DType): NDArray {
  if (dtype !== undefined) checkDType(dtype);
  let a: NDArray;
  if (x instanceof NDArray) a = x;
  else if (isTypedArray(x)) a = new NDArray(x, [x.length], [1], 0, dtypeOfTypedArray(x));
  else a = fromNested(x, dtype);
  if (dtype !== undefined && a.dtype !== dtype) {
    const out = NDArray.allocate(a.shape, dtype);
    castInto(a, out);
    return out;
  }
  return a;
}

/** Builds a new array from (nested) JS numbers/booleans/{re,im}, TypedArrays or NDArrays. */
function fromNested(x: unknown, dtype?: DType): NDArray {
  // A flat number[] (what a loop over a plain array becomes): one typed copy, no walk and no
  // list of values (the walk costs ≈25 ns per element). bool and complex keep their conversions below.
  if (Array.isArray(x) && x.length > 0 && dtype !== "bool" && dtype !== "complex128") {
    const n = x.length;
    let numbers = true;
    for (let i = 0; i < n && numbers; i++) numbers = typeof x[i] === "number";
    if (numbers) {
      const out = NDArray.allocate([n], dtype ?? "float64");
      const d = out.data;
      for (let i = 0; i < n; i++) d[i] = x[i]; // an integer dtype's store truncates and wraps, as below
      return out;
    }
  }
  const shape: number[] = [];
  // Discover the shape along the first element of every level.
  let probe: unknown = x;
  for (;;) {
    if (Array.isArray(probe)) {
      shape.push(probe.length);
      if (probe.length === 0) break;
      probe = probe[0];
    } else if (isTypedArray(probe)) {
      shape.push(probe.length);
      break;
    } else if (probe instanceof NDArray) {
      shape.push(...probe.shape);
      break;
    } else break;
  }
  const flat: unknown[] = [];
  let sawBool = false;
  let sawNumber = false;
  let sawComplex = false;
  let innerDType: DType | undefined;
  const walk = (v: unknown, dim: number): void => {
    if (dim === shape.length) {
      if (typeof v === "boolean") sawBool = true;
      else if (typeof v === "number") sawNumber = true;
      else if (isComplexScalar(v)) sawComplex = true;
      else if (Array.isArray(v) || isTypedArray(v) || v instanceof NDArray) inhomogeneous(shape, dim);
      else badElement(v);
      flat.push(v);
      return;
    }
    if (v instanceof NDArray) {
      const rest = shape.slice(dim);
      if (rest.length !== v.ndim || rest.some((d, i) => d !== v.shape[i])) inhomogeneous(shape, dim);
      innerDType = innerDType ?? v.dtype;
      for (const e of flatValues(v)) walk(e, shape.length);
      return;
    }
    if (isTypedArray(v)) {
      if (dim !== shape.length - 1 || v.length !== shape[dim]) inhomogeneous(shape, dim);
      innerDType = innerDType ?? dtypeOfTypedArray(v);
      for (let i = 0; i < v.length; i++) walk(v[i], dim + 1);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[dim]) inhomogeneous(shape, dim);
    for (const e of v as unknown[]) walk(e, dim + 1);
  };
  walk(x, 0);
  const inferred: DType =
    dtype ?? (sawComplex ? "complex128" : innerDType ?? (sawBool && !sawNumber ? "bool" : "float64"));
  const out = NDArray.allocate(shape, inferred);
  const d = out.data;
  if (inferred === "complex128") {
    flat.forEach((v, i) => {
      if (isComplexScalar(v)) {
        d[2 * i] = v.re;
        d[2 * i + 1] = v.im;
      } else d[2 * i] = Number(v);
    });
  } else if (inferred === "bool") {
    flat.forEach((v, i) => {
      if (isComplexScalar(v)) throw new TypeError("can't convert complex to bool");
      d[i] = v !== 0 && v !== false ? 1 : 0; // NumPy's != 0: nan is true (a JS truthiness test would say false)
    });
  } else {
    flat.forEach((v, i) => {
      if (isComplexScalar(v)) throw new TypeError(`can't convert complex to ${inferred}`);
      d[i] = Number(v);
    });
  }
  return out;
}

function badElement(v: unknown): never {
  if (typeof v === "string") throw new TypeError(`could not convert string to float: '${v}'`);
  const what = v === null ? "null" : ArrayBuffer.isView(v) ? v.constructor.name : typeof v;
  throw new TypeError(
    `unsupported element ${what}: arrays hold numbers, booleans or {re, im} (no int64: BigInt arrays are not supported)`,
  );
}

function inhomogeneous(shape: number[], dim: number): never {
  throw new RangeError(
    `setting an array element with a sequence. The requested array has an inhomogeneous shape after ${dim} dimensions. The detected shape was ${formatShape(shape.slice(0, dim))} + inhomogeneous part.`,
  );
}

/** Element values in C order (complex as {re, im}, bool as boolean). */
function flatValues(a: NDArray): unknown[] {
  const out: unknown[] = [];
  forEachOffset(a, (o) => {
    if (a.dtype === "complex128") out.push({ re: a.data[2 * o], im: a.data[2 * o + 1] });
    else if (a.dtype === "bool") out.push(a.data[o] !== 0);
    else out.push(a.data[o]);
  });
  return out;
}

/** Calls `fn` with the storage offset (in elements) of every element, in C order. */
export function forEachOffset(a: { shape: readonly number[]; strides: readonly number[]; offset: number }, fn: (offset: number, i: number) => void): void {
  let i = 0;
  forEachRowOf(a, (n, base, step) => {
    for (let k = 0, o = base; k < n; k++, o += step) fn(o, i++);
  });
}

/**
 * Visits the elements of `a` in C order one innermost row at a time: `fn(n, base, step)` covers
 * offsets base, base + step, … (n of them). A loop over a row beats a call per element.
 */
export function forEachRowOf(a: { shape: readonly number[]; strides: readonly number[]; offset: number }, fn: (n: number, base: number, step: number) => void): void {
  const { shape, strides } = a;
  const ndim = shape.length;
  for (const d of shape) if (d === 0) return;
  if (ndim === 0) {
    fn(1, a.offset, 0);
    return;
  }
  const idx = new Array<number>(ndim).fill(0);
  const last = ndim - 1;
  let base = a.offset;
  for (;;) {
    fn(shape[last], base, strides[last]);
    let d = last - 1;
    for (; d >= 0; d--) {
      idx[d]++;
      base += strides[d];
      if (idx[d] < shape[d]) break;
      base -= idx[d] * strides[d];
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}

/** Storage offsets of every element in C order. */
export function offsetsOf(a: NDArray): number[] {
  const out: number[] = new Array(a.size);
  forEachOffset(a, (o, i) => (out[i] = o));
  return out;
}

