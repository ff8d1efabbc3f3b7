/**
 * Shared machinery of the elementwise functions: operand conversion, NEP 50 type
 * resolution, broadcasting, `out` handling, overlap protection and strided loops.
 * Each ufunc file only states its types and its scalar function.
 */
import { NDArray } from "../core/ndarray";
import {
  type DType,
  type TypedArray,
  canCast,
  checkScalarFits,
  dtypeOfTypedArray,
  isTypedArray,
  promoteTypes,
  promoteWithScalar,
  kindOf,
} from "../core/dtype";
import { broadcastShapes, broadcastStrides, formatShapeNp, sameShape, type Shape } from "../core/shape";
import { toNDArray, isComplexScalar, type ArrayLike } from "../core/convert";
import { castInto } from "../core/cast";
import { allocateResult } from "../core/allocate";
import { isWasmResident } from "../core/kernels";
import type { Complex } from "../core/ndarray";

/** Options every ufunc takes: `out` receives the result in place (NDArray or plain TypedArray). */
export interface UfuncOptions {
  out?: NDArray | TypedArray;
  /** Compute in this dtype (NumPy's `dtype=`). */
  dtype?: DType;
}

/** An operand after conversion: an array, or a weak JS scalar (NEP 50 "Python scalar"). */
export type Operand =
  | { kind: "array"; array: NDArray }
  | { kind: "scalar"; value: number; isBool: boolean }
  | { kind: "complex"; re: number; im: number };

export function toOperand(x: ArrayLike | unknown): Operand {
  if (typeof x === "number") return { kind: "scalar", value: x, isBool: false };
  if (typeof x === "boolean") return { kind: "scalar", value: x ? 1 : 0, isBool: true };
  if (isComplexScalar(x)) return { kind: "complex", re: x.re, im: x.im };
  if (x === null || x === undefined || typeof x === "string") {
    throw new TypeError(`unsupported operand type: ${x === null ? "None" : typeof x}`);
  }
  return { kind: "array", array: toNDArray(x) };
}

/** NumPy's result_type over operands, treating JS scalars as weak. */
export function operandsResultType(ops: readonly Operand[]): DType {
  let strong: DType | undefined;
  for (const op of ops) if (op.kind === "array") strong = strong === undefined ? op.array.dtype : promoteTypes(strong, op.array.dtype);
  const scalars = ops.filter((o) => o.kind !== "array");
  if (strong === undefined) {
    // Only Python scalars: bool, int (→ our default int, float64), float or complex.
    if (scalars.some((s) => s.kind === "complex")) return "complex128";
    if (scalars.every((s) => s.kind === "scalar" && s.isBool)) return "bool";
    return "float64";
  }
  let dt = strong;
  for (const s of scalars) {
    if (s.kind === "complex") dt = promoteTypes(dt, "complex128");
    else if (s.isBool) dt = dt;
    else dt = promoteWithScalar(dt, s.value);
  }
  return dt;
}

export function checkWeakScalars(ops: readonly Operand[], loop: DType): void {
  for (const op of ops) if (op.kind === "scalar" && !op.isBool) checkScalarFits(op.value, loop);
}

export function resolveOut(out: NDArray | TypedArray | undefined): NDArray | undefined {
  if (out === undefined) return undefined;
  if (out instanceof NDArray) return out;
  if (isTypedArray(out)) return new NDArray(out, [out.length], [1], 0, dtypeOfTypedArray(out));
  throw new TypeError("return arrays must be of ArrayType");
}

/** Checks `out` against the broadcast shape and casting rule, with NumPy's messages. */
export function checkOut(name: string, out: NDArray, shape: Shape, resultDType: DType): void {
  if (!sameShape(out.shape, shape)) {
    // out may itself drive broadcasting only if the inputs broadcast to exactly its shape.
    throw new RangeError(
      `non-broadcastable output operand with shape ${formatShapeNp(out.shape)} doesn't match the broadcast shape ${formatShapeNp(shape)}`,
    );
  }
  if (!canCast(resultDType, out.dtype, "same_kind")) {
    throw new TypeError(
      `Cannot cast ufunc '${name}' output from dtype('${resultDType}') to dtype('${out.dtype}') with casting rule 'same_kind'`,
    );
  }
}

/** Broadcast shape of operands plus an optional out (whose shape must not change). */
export function iterationShape(ops: readonly Operand[], out: NDArray | undefined): number[] {
  const shapes = ops.filter((o) => o.kind === "array").map((o) => (o as { array: NDArray }).array.shape);
  if (out) {
    // NumPy lists the output's shape too when it cannot broadcast at all.
    const all = broadcastShapes(...shapes, out.shape);
    if (!sameShape(all, out.shape)) {
      throw new RangeError(
        `non-broadcastable output operand with shape ${formatShapeNp(out.shape)} doesn't match the broadcast shape ${formatShapeNp(all)}`,
      );
    }
    return all;
  }
  return broadcastShapes(...shapes);
}

/** True when two arrays' storage may overlap in memory. */
export function mayShareMemory(a: NDArray, b: NDArray): boolean {
  // Views of the runtime's shared WebAssembly memory get new buffer objects after a grow.
  if (a.data.buffer !== b.data.buffer && !(isWasmResident(a.data) && isWasmResident(b.data))) return false;
  const [a0, a1] = byteExtent(a);
  const [b0, b1] = byteExtent(b);
  return a0 < b1 && b0 < a1;
}

function byteExtent(a: NDArray): [number, number] {
  const bpe = a.data.BYTES_PER_ELEMENT * (a.dtype === "complex128" ? 2 : 1);
  let lo = a.offset;
  let hi = a.offset;
  if (a.size === 0) return [0, 0];
  for (let i = 0; i < a.ndim; i++) {
    const span = (a.shape[i] - 1) * a.strides[i];
    if (span < 0) lo += span;
    else hi += span;
  }
  return [a.data.byteOffset + lo * bpe, a.data.byteOffset + (hi + 1) * bpe];
}

function sameLayout(a: NDArray, b: NDArray): boolean {
  return (
    a.data.byteOffset + a.offset * a.data.BYTES_PER_ELEMENT === b.data.byteOffset + b.offset * b.data.BYTES_PER_ELEMENT &&
    a.dtype === b.dtype &&
    sameShape(a.shape, b.shape) &&
    a.strides.every((s, i) => s === b.strides[i])
  );
}

/** Copies an input that overlaps `out` in any way other than element-for-element (NumPy does the same). */
export function protectFromOverlap(input: NDArray, out: NDArray | undefined): NDArray {
  if (!out || !mayShareMemory(input, out) || sameLayout(input, out)) return input;
  const copy = NDArray.allocate(input.shape, input.dtype);
  castInto(input, copy);
  return copy;
}


/**
 * Where the result goes: `out` when its dtype can hold the loop's values directly,
 * else a fresh array that is cast into `out` afterwards.
 */
export function prepareResult(
  name: string,
  shape: Shape,
  resultDType: DType,
  out: NDArray | undefined,
): { target: NDArray; finish: () => NDArray } {
  if (!out) {
    const target = allocateResult(shape, resultDType);
    return { target, finish: () => target };
  }
  checkOut(name, out, shape, resultDType);
  // Values already in the result dtype can be stored straight into `out` when the store itself
  // is NumPy's cast: float64 results (a Float32Array store rounds like the cast) and bool 0/1.
  // Narrower results (float32, small ints) must first be rounded/wrapped in their own dtype.
  const direct =
    out.dtype === resultDType ||
    (resultDType === "float64" && kindOf(out.dtype) === "f") ||
    (resultDType === "bool" && kindOf(out.dtype) !== "c");
  if (direct) return { target: out, finish: () => out };
  const target = allocateResult(shape, resultDType);
  return {
    target,
    finish: () => {
      castInto(target, out);
      return out;
    },
  };
}

/** A strided view descriptor: where element k of the iteration lives. */
export interface Strided {
  data: TypedArray;
  strides: number[];
  offset: number;
}

export function stridedFor(a: NDArray, shape: Shape): Strided {
  return { data: a.data, strides: broadcastStrides(a.shape, a.strides, shape), offset: a.offset };
}

/**
 * Iterates `shape` in C order calling `row(n, offsets, strides)` once per innermost row,
 * where offsets[j] is operand j's storage offset of the row's first element and strides[j]
 * its step along the row.
 */
export function forEachRow(
  shape: Shape,
  operands: readonly Strided[],
  row: (n: number, offsets: number[], steps: number[]) => void,
): void {
  const ndim = shape.length;
  const m = operands.length;
  for (const d of shape) if (d === 0) return;
  const offsets = operands.map((o) => o.offset);
  if (ndim === 0) {
    row(1, offsets, operands.map(() => 0));
    return;
  }
  const last = ndim - 1;
  const steps = operands.map((o) => o.strides[last]);
  const n = shape[last];
  const idx = new Array<number>(ndim).fill(0);
  for (;;) {
    row(n, offsets.slice(), steps);
    let d = last - 1;
    for (; d >= 0; d--) {
      idx[d]++;
      for (let j = 0; j < m; j++) offsets[j] += operands[j].strides[d];
      if (idx[d] < shape[d]) break;
      for (let j = 0; j < m; j++) offsets[j] -= idx[d] * operands[j].strides[d];
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}

export type { Complex, ArrayLike };
