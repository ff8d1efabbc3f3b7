import { NDArray } from "../core/ndarray";
import { type DType, kindOf, promoteTypes } from "../core/dtype";
import {
  type Operand,
  type Strided,
  type UfuncOptions,
  checkWeakScalars,
  forEachRow,
  iterationShape,
  operandsResultType,
  prepareResult,
  protectFromOverlap,
  resolveOut,
  stridedFor,
  toOperand,
} from "./_machinery";
import { castInto } from "../core/cast";
import { fastBinary } from "./_fast";

/** How a binary ufunc maps its promoted input dtype to the dtype it computes in and returns. */
export interface LoopTypes {
  loop: DType;
  result: DType;
}

export interface BinarySpec {
  name: string;
  /** Loop and result dtype for the promoted input dtype; throws NumPy's error when unsupported. */
  types: (common: DType) => LoopTypes;
  /** The scalar function of float loops (and integer/bool loops unless overridden). */
  real: (x: number, y: number) => number;
  /** Integer loops, when they differ from `real` (e.g. Math.imul for wrapping products). */
  int?: (x: number, y: number, loop: DType) => number;
  /** Complex loops writing (re, im) into res[0], res[1]; or returning a real value for bool/float results. */
  complex?: (ar: number, ai: number, br: number, bi: number, res: Float64Array) => number | void;
  /** Optional fast path for contiguous same-dtype float arrays; b may be a scalar. */
  contiguous?: (a: Float64Array | Float32Array, b: Float64Array | Float32Array | number, out: Float64Array | Float32Array) => void;
  /**
   * The same with the scalar first (`nd.subtract(1, x)`): out[i] = s (op) b[i]. Without it such
   * calls take the general path (≈10× slower than a hand-written loop).
   */
  scalarFirst?: (s: number, b: Float64Array | Float32Array, out: Float64Array | Float32Array) => void;
  /**
   * Optional loop over contiguous real operands (any dtype, read as JS numbers) writing
   * `out[oo + i] = real(a[ao + i], b[bo + i])` (b a number: the scalar). Each ufunc file writes
   * its own loop so V8 can inline the operation (a shared loop calling `real` cannot).
   */
  flat?: FlatLoop;
  /**
   * Optional loop over interleaved complex128 operands when every array operand and the
   * result are C-contiguous over the iteration shape (see ComplexFlatLoop); like `flat`, each
   * ufunc file writes its own so V8 can inline the operation. Must compute exactly `complex`.
   */
  complexFlat?: ComplexFlatLoop;
  /** False for functions where an out-of-range integer scalar is fine (comparisons). */
  scalarsMustFit?: boolean;
}

export type Indexable = { [i: number]: number; readonly length: number };
export type FlatLoop = (a: Indexable, ao: number, b: Indexable | number, bo: number, out: Indexable, oo: number, n: number) => void;

/**
 * Element i of `a` is (a[ao + i*as], a[ao + i*as + 1]): as = 2 for an array, 0 for a scalar;
 * likewise b. Element i of the result goes to out[oo + 2i] and out[oo + 2i + 1] for a complex
 * result, out[oo + i] for a real or bool one. `out` may be `a` or `b` element for element (in
 * place), so a loop reads an element's inputs before writing its result.
 */
export type ComplexFlatLoop = (a: Float64Array, ao: number, as: number, b: Float64Array, bo: number, bs: number, out: Indexable, oo: number, n: number) => void;

export type BinaryFunction = (a: unknown, b: unknown, options?: UfuncOptions) => NDArray;

/** Same-dtype types for arithmetic (bool stays bool). */
export const sameTypes = (common: DType): LoopTypes => ({ loop: common, result: common });

function scalarStrided(op: Operand, loop: DType): Strided {
  if (op.kind === "array") throw new Error("unreachable");
  const complex = kindOf(loop) === "c";
  const re = op.kind === "complex" ? op.re : op.value;
  const im = op.kind === "complex" ? op.im : 0;
  const v = loop === "float32" ? Math.fround(re) : re;
  return { data: complex ? new Float64Array([re, im]) : new Float64Array([v]), strides: [], offset: 0 };
}

/** Builds the exported function of a binary ufunc from its spec. */
export function binaryUfunc(spec: BinarySpec): BinaryFunction {
  const contiguous = spec.contiguous;
  const fn = (a: unknown, b: unknown, options: UfuncOptions = {}): NDArray => {
    if (contiguous && options.dtype === undefined) {
      const r = fastBinary(contiguous, a, b, options.out, spec.scalarFirst);
      if (r) return r;
    }
    const ops = [toOperand(a), toOperand(b)];
    const out = resolveOut(options.out);
    let common = operandsResultType(ops);
    if (options.dtype) common = options.dtype;
    let types: LoopTypes;
    if (spec.scalarsMustFit === false && kindOf(common) !== "f" && kindOf(common) !== "c" && !fitsAll(ops, common)) {
      types = spec.types("float64");
    } else {
      types = spec.types(common);
      checkWeakScalars(ops, types.loop);
    }
    const shape = iterationShape(ops, out);
    const { target, finish } = prepareResult(spec.name, shape, types.result, out);
    const strided = ops.map((op) => {
      if (op.kind !== "array") {
        const s = scalarStrided(op, types.loop);
        s.strides = new Array(shape.length).fill(0);
        return s;
      }
      let arr = protectFromOverlap(op.array, out);
      arr = toLoop(arr, types.loop);
      return stridedFor(arr, shape);
    });
    // NumPy's int64 (int with uint32, bool with a JS integer) is float64 here: keep integer semantics.
    const intLike = ops.every((op) => (op.kind === "array" ? kindOf(op.array.dtype) !== "f" && kindOf(op.array.dtype) !== "c" : op.kind === "scalar" && Number.isInteger(op.value)));
    run(spec, types, shape, strided, target, ops, intLike);
    return finish();
  };
  Object.defineProperty(fn, "name", { value: spec.name });
  return fn;
}

function fitsAll(ops: Operand[], dtype: DType): boolean {
  try {
    checkWeakScalars(ops, dtype);
    return true;
  } catch {
    return false;
  }
}

function toLoop(a: NDArray, loop: DType): NDArray {
  if (a.dtype === loop) return a;
  const lossless = promoteTypes(a.dtype, loop) === loop && kindOf(loop) !== "c" && loop !== "bool";
  if (lossless) return a; // read as JS numbers: exact
  const c = NDArray.allocate(a.shape, loop);
  castInto(a, c);
  return c;
}

function run(spec: BinarySpec, types: LoopTypes, shape: readonly number[], ins: Strided[], target: NDArray, ops: Operand[], intLike: boolean): void {
  const od = target.data;
  const os = stridedFor(target, shape);
  const loopKind = kindOf(types.loop);
  if (loopKind === "c") {
    const cf = spec.complex;
    if (!cf) throw unsupported(spec.name, types.loop);
    const complexOut = target.dtype === "complex128";
    const [A, B] = ins;
    // Contiguous operands (array operands are complex128 by now, scalars [re, im]): one pass.
    if (spec.complexFlat && target.isContiguous) {
      const as = ops[0].kind !== "array" ? 0 : flatOffset(A, shape) >= 0 ? 2 : -1;
      const bs = ops[1].kind !== "array" ? 0 : flatOffset(B, shape) >= 0 ? 2 : -1;
      if (as >= 0 && bs >= 0) {
        const oo = complexOut ? 2 * target.offset : target.offset;
        spec.complexFlat(A.data as Float64Array, 2 * A.offset, as, B.data as Float64Array, 2 * B.offset, bs, od, oo, target.size);
        return;
      }
    }
    const res = new Float64Array(2);
    forEachRow(shape, [A, B, os], (n, [ia, ib, io], [ta, tb, to]) => {
      const ad = A.data;
      const bd = B.data;
      for (let k = 0; k < n; k++, ia += ta, ib += tb, io += to) {
        const r = cf(ad[2 * ia], ad[2 * ia + 1], bd[2 * ib], bd[2 * ib + 1], res);
        if (complexOut) {
          od[2 * io] = res[0];
          od[2 * io + 1] = res[1];
        } else od[io] = r as number;
      }
    });
    return;
  }
  const int64Like = intLike && types.loop === "float64" && spec.int !== undefined;
  const fi = spec.int ?? spec.real;
  // int64 has no -0: adding +0 turns -0 into 0 and leaves every other value alone.
  const f = int64Like ? (x: number, y: number, l: DType) => fi(x, y, l) + 0 : loopKind === "i" || loopKind === "u" || loopKind === "b" ? fi : spec.real;
  const [A, B] = ins;
  // Fast path: contiguous float operands of the output's dtype, out contiguous.
  if (spec.contiguous && (types.loop === "float64" || types.loop === "float32") && target.dtype === types.loop) {
    const n = target.size;
    const outC = target.isContiguous;
    const aArr = ops[0].kind === "array" ? contiguousData(A, shape, n, types.loop) : null;
    const bArr = ops[1].kind === "array" ? contiguousData(B, shape, n, types.loop) : null;
    if (outC && (aArr || ops[0].kind !== "array") && (bArr || ops[1].kind !== "array") && (aArr || bArr)) {
      const o = od.subarray(target.offset, target.offset + n) as Float64Array | Float32Array;
      if (aArr && bArr) {
        spec.contiguous(aArr, bArr, o);
        return;
      }
      if (aArr) {
        spec.contiguous(aArr, B.data[0], o);
        return;
      }
      if (bArr && spec.scalarFirst) {
        spec.scalarFirst(A.data[0], bArr, o);
        return;
      }
    }
  }
  // Contiguous real operands: the ufunc's own monomorphic loop (see BinarySpec.flat).
  if (spec.flat && f === spec.real && target.isContiguous && ops[0].kind === "array") {
    const n = target.size;
    const ao = flatOffset(A, shape);
    const bo = ops[1].kind === "array" ? flatOffset(B, shape) : -1;
    if (ao >= 0 && (bo >= 0 || ops[1].kind !== "array")) {
      spec.flat(A.data, ao, bo >= 0 ? B.data : B.data[0], bo, od, target.offset, n);
      return;
    }
  }
  general();
  function general(): void {
    const loop = types.loop;
    forEachRow(shape, [A, B, os], (n, [ia, ib, io], [ta, tb, to]) => {
      const ad = A.data;
      const bd = B.data;
      for (let k = 0; k < n; k++, ia += ta, ib += tb, io += to) od[io] = f(ad[ia], bd[ib], loop);
    });
  }
}

/** Storage offset of the first element when the operand is C-contiguous over `shape`, else -1. */
function flatOffset(s: Strided, shape: readonly number[]): number {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && s.strides[i] !== expected) return -1;
    expected *= shape[i];
  }
  return s.offset;
}

/** The operand's elements as one contiguous same-length TypedArray, or null. */
function contiguousData(s: Strided, shape: readonly number[], n: number, loop: DType): Float64Array | Float32Array | null {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && s.strides[i] !== expected) return null;
    expected *= shape[i];
  }
  // The kernels want one dtype throughout: a float32 input of a float64 loop goes the general way.
  if (!(s.data instanceof (loop === "float64" ? Float64Array : Float32Array))) return null;
  return s.data.subarray(s.offset, s.offset + n);
}

export function unsupported(name: string, dtype: DType): TypeError {
  return new TypeError(
    `ufunc '${name}' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe'' (dtype ${dtype})`,
  );
}
