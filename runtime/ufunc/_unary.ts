import { NDArray } from "../core/ndarray";
import { type DType, kindOf } from "../core/dtype";
import {
  type UfuncOptions,
  forEachRow,
  iterationShape,
  prepareResult,
  protectFromOverlap,
  resolveOut,
  stridedFor,
  toOperand,
} from "./_machinery";
import { castInto } from "../core/cast";
import { fastUnary } from "./_fast";
import { parallelUnary } from "../core/kernels";
import { unsupported, type Indexable, type LoopTypes } from "./_binary";

export interface UnarySpec {
  name: string;
  types: (input: DType) => LoopTypes;
  /** Float loops (and integer/bool loops unless `int` is given). */
  real: (x: number) => number;
  int?: (x: number, loop: DType) => number;
  /** Complex input: writes a complex result to res or returns a real one (abs, isnan…). */
  complex?: (re: number, im: number, res: Float64Array) => number | void;
  /** Optional fast path for contiguous same-dtype float arrays. */
  contiguous?: (a: Float64Array | Float32Array, out: Float64Array | Float32Array) => void;
  /**
   * The Math function `contiguous` applies (`"Math.exp"`): large arrays then run
   * `out[i] = fn(a[i])` on the worker threads (runtime/kernels/parallel.ts) — the same operation,
   * so the same bits. Only for a `contiguous` that is exactly that loop.
   */
  parallel?: string;
  /**
   * Optional loop over a C-contiguous complex128 input into a C-contiguous result (see
   * ComplexFlatUnaryLoop); each ufunc file writes its own so V8 can inline the operation.
   * Must compute exactly `complex`.
   */
  complexFlat?: ComplexFlatUnaryLoop;
  /**
   * Optional loop over a C-contiguous real input (any dtype, read as JS numbers) into a
   * C-contiguous result: out[oo + i] = real(a[ao + i]). Each ufunc file writes its own so V8 can
   * inline the operation (the shared loop calls \`real\` through a pointer). Must compute exactly \`real\`.
   */
  flat?: (a: Indexable, ao: number, out: Indexable, oo: number, n: number) => void;
}

/**
 * Element i of `a` is (a[ao + 2i], a[ao + 2i + 1]); its result goes to out[oo + 2i] and
 * out[oo + 2i + 1] for a complex result, out[oo + i] for a real or bool one. `out` may be `a`
 * element for element (in place), so a loop reads an element before writing its result.
 */
export type ComplexFlatUnaryLoop = (a: Float64Array, ao: number, out: Indexable, oo: number, n: number) => void;

export type UnaryFunction = (a: unknown, options?: UfuncOptions) => NDArray;

/** int8/uint8/bool → float16 in NumPy; without float16 the runtime uses float32. */
export function floatTypes(input: DType): LoopTypes {
  switch (input) {
    case "bool":
    case "int8":
    case "uint8":
    case "int16":
    case "uint16":
    case "float32":
      return { loop: "float32", result: "float32" };
    case "complex128":
      return { loop: "complex128", result: "complex128" };
    default:
      return { loop: "float64", result: "float64" };
  }
}

/** Float-only functions without a complex version. */
export function realFloatTypes(name: string) {
  return (input: DType): LoopTypes => {
    if (input === "complex128") throw unsupported(name, input);
    return floatTypes(input);
  };
}

export function unaryUfunc(spec: UnarySpec): UnaryFunction {
  const contiguous = spec.contiguous && spec.parallel ? parallelUnary(spec.parallel, spec.contiguous) : spec.contiguous;
  const fn = (a: unknown, options: UfuncOptions = {}): NDArray => {
    if (contiguous && options.dtype === undefined) {
      const r = fastUnary(contiguous, a, options.out);
      if (r) return r;
    }
    const op = toOperand(a);
    const arr0 = op.kind === "array" ? op.array : scalarArray(op);
    const out = resolveOut(options.out);
    const types = spec.types(options.dtype ?? arr0.dtype);
    const shape = iterationShape([{ kind: "array", array: arr0 }], out);
    const { target, finish } = prepareResult(spec.name, shape, types.result, out);
    let arr = protectFromOverlap(arr0, out);
    if (arr.dtype !== types.loop && (kindOf(types.loop) === "c" || types.loop === "bool" || kindOf(arr.dtype) === "c" || (arr.dtype === "float64" && types.loop === "float32"))) {
      const c = NDArray.allocate(arr.shape, types.loop);
      castInto(arr, c);
      arr = c;
    }
    const A = stridedFor(arr, shape);
    const O = stridedFor(target, shape);
    const od = target.data;
    const ad = A.data;
    if (kindOf(types.loop) === "c") {
      const cf = spec.complex;
      if (!cf) throw unsupported(spec.name, types.loop);
      const complexOut = target.dtype === "complex128";
      if (spec.complexFlat && arr.isContiguous && target.isContiguous && arr.size === target.size) {
        spec.complexFlat(ad as Float64Array, 2 * arr.offset, od, complexOut ? 2 * target.offset : target.offset, target.size);
        return finish();
      }
      const res = new Float64Array(2);
      forEachRow(shape, [A, O], (n, [ia, io], [ta, to]) => {
        for (let k = 0; k < n; k++, ia += ta, io += to) {
          const r = cf(ad[2 * ia], ad[2 * ia + 1], res);
          if (complexOut) {
            od[2 * io] = res[0];
            od[2 * io + 1] = res[1];
          } else od[io] = r as number;
        }
      });
      return finish();
    }
    const loopKind = kindOf(types.loop);
    if (
      spec.contiguous &&
      (types.loop === "float64" || types.loop === "float32") &&
      target.dtype === types.loop &&
      ad instanceof (types.loop === "float64" ? Float64Array : Float32Array) &&
      arr.isContiguous &&
      target.isContiguous &&
      arr.size === target.size
    ) {
      const n = target.size;
      contiguous!(
        (ad as Float64Array | Float32Array).subarray(arr.offset, arr.offset + n),
        (od as Float64Array | Float32Array).subarray(target.offset, target.offset + n),
      );
      return finish();
    }
    const loop = types.loop;
    const intLoop = (loopKind === "i" || loopKind === "u" || loopKind === "b") && spec.int !== undefined;
    if (spec.flat && !intLoop && arr.isContiguous && target.isContiguous && arr.size === target.size) {
      spec.flat(ad, arr.offset, od, target.offset, target.size);
      return finish();
    }
    if (intLoop && spec.int) {
      const f = spec.int;
      forEachRow(shape, [A, O], (n, [ia, io], [ta, to]) => {
        for (let k = 0; k < n; k++, ia += ta, io += to) od[io] = f(ad[ia], loop);
      });
    } else {
      const f = spec.real;
      forEachRow(shape, [A, O], (n, [ia, io], [ta, to]) => {
        for (let k = 0; k < n; k++, ia += ta, io += to) od[io] = f(ad[ia]);
      });
    }
    return finish();
  };
  Object.defineProperty(fn, "name", { value: spec.name });
  return fn;
}

function scalarArray(op: ReturnType<typeof toOperand>): NDArray {
  if (op.kind === "complex") return new NDArray(new Float64Array([op.re, op.im]), [], [], 0, "complex128");
  if (op.kind === "scalar") {
    if (op.isBool) return new NDArray(new Uint8Array([op.value]), [], [], 0, "bool");
    return new NDArray(new Float64Array([op.value]), [], [], 0, "float64");
  }
  return op.array;
}
