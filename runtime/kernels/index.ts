// Contiguous fast paths for the runtime. The NDArray layer handles shapes, strides,
// broadcasting and dtype promotion; these functions see flat, same-length buffers.
//
// Two implementations with identical results:
// - WASM SIMD (f64x2 / f32x4) when every operand is a view into the runtime's
//   WebAssembly memory (arrays from `allocate`): runs in place, no copies.
// - unrolled, monomorphic JS loops otherwise (a user's plain TypedArray). Copying into
//   WebAssembly memory costs ≈0.9 ns/element per copy, more than the SIMD kernel saves
//   for elementwise ops and reductions, so only matmul copies (O(n³) work on O(n²) data).
//
// Exactness:
// - add/subtract/multiply/divide/sqrt/abs/negative on float64 are bit-identical to a
//   scalar JS loop (one IEEE operation per element on both paths; no FMA anywhere).
// - float32 arrays compute in float32: each result equals Math.fround(x op y) of the
//   float32 operands; a scalar operand is first rounded to float32 (NumPy's weak scalar).
//   Mixed float32/float64 operands compute in float64 and round once when stored.
// - matmul: every out[i][j] accumulates its k products in order from +0, exactly the
//   naive `s = 0; for (p) s += a[i][p] * b[p][j]` loop (blocking never reorders them).
// - sum/dot reorder additions (see sumKernel). float32 dot and the plain-array float32 sum
//   accumulate in float64; the WASM float32 sum adds in f32x4 lanes (≤ 64 adds each) and
//   combines in float64; the result is rounded to float32 once.
// - `out` may alias an input exactly; a partial overlap must be copied by the caller
//   (see `partiallyOverlaps`).
import * as js from "./js-kernels";
import { getWasmKernels, type WasmKernels } from "./wasm";
import { getArena, isWasmResident, allocateUninitialized, release, sharesBytes } from "../memory";
import { PARALLEL_MIN, REDUCTION_CHUNK, chunkedReduction, setParallelHost, tryMatmul, tryWasmMap } from "./parallel";
export { parallelUnary, parallelBinary, tryJsMap, measuredCost, type KernelCost, type JsOperand } from "./parallel";

export { allocate, allocateUninitialized, release, isWasmResident, memoryInfo, partiallyOverlaps, configureMemory, isBlock } from "../memory";
export type { Dtype, TypedArray, ArenaInfo, MemoryOptions } from "../memory";

export type FloatArray = Float64Array | Float32Array;
export type BinaryOp = "add" | "subtract" | "multiply" | "divide";
export type UnaryOp = "sqrt" | "abs" | "negative";

type Binary<T> = (a: T, b: T, out: T, n: number) => void;
type BinaryScalar<T> = (a: T, b: number, out: T, n: number) => void;
type Unary<T> = (a: T, out: T, n: number) => void;

const binaryF64: Record<BinaryOp, Binary<Float64Array>> = { add: js.addF64, subtract: js.subtractF64, multiply: js.multiplyF64, divide: js.divideF64 };
const binaryF32: Record<BinaryOp, Binary<Float32Array>> = { add: js.addF32, subtract: js.subtractF32, multiply: js.multiplyF32, divide: js.divideF32 };
const binaryAny: Record<BinaryOp, Binary<FloatArray>> = { add: js.addAny, subtract: js.subtractAny, multiply: js.multiplyAny, divide: js.divideAny };
const scalarF64: Record<BinaryOp, BinaryScalar<Float64Array>> = { add: js.addScalarF64, subtract: js.subtractScalarF64, multiply: js.multiplyScalarF64, divide: js.divideScalarF64 };
const scalarF32: Record<BinaryOp, BinaryScalar<Float32Array>> = { add: js.addScalarF32, subtract: js.subtractScalarF32, multiply: js.multiplyScalarF32, divide: js.divideScalarF32 };
const scalarAny: Record<BinaryOp, BinaryScalar<FloatArray>> = { add: js.addScalarAny, subtract: js.subtractScalarAny, multiply: js.multiplyScalarAny, divide: js.divideScalarAny };
type ScalarFirst<T> = (s: number, b: T, out: T, n: number) => void;
const scalarFirstF64: Record<BinaryOp, ScalarFirst<Float64Array>> = { add: js.addScalarFirstF64, subtract: js.subtractScalarFirstF64, multiply: js.multiplyScalarFirstF64, divide: js.divideScalarFirstF64 };
const scalarFirstF32: Record<BinaryOp, ScalarFirst<Float32Array>> = { add: js.addScalarFirstF32, subtract: js.subtractScalarFirstF32, multiply: js.multiplyScalarFirstF32, divide: js.divideScalarFirstF32 };
const scalarFirstAny: Record<BinaryOp, ScalarFirst<FloatArray>> = { add: js.addScalarFirstAny, subtract: js.subtractScalarFirstAny, multiply: js.multiplyScalarFirstAny, divide: js.divideScalarFirstAny };
const unaryF64: Record<UnaryOp, Unary<Float64Array>> = { sqrt: js.sqrtF64, abs: js.absF64, negative: js.negativeF64 };
const unaryF32: Record<UnaryOp, Unary<Float32Array>> = { sqrt: js.sqrtF32, abs: js.absF32, negative: js.negativeF32 };
const unaryAny: Record<UnaryOp, Unary<FloatArray>> = { sqrt: js.sqrtAny, abs: js.absAny, negative: js.negativeAny };

/** Below this many elements the JS→WASM call costs more than SIMD saves. */
const WASM_MIN_LENGTH = 16;

function isFloatArray(x: unknown): x is FloatArray {
  return x instanceof Float64Array || x instanceof Float32Array;
}

function checkBinary(op: BinaryOp, a: FloatArray, b: FloatArray | number, out: FloatArray): void {
  if (binaryF64[op] === undefined) throw new TypeError(`unknown binary kernel '${op}'`);
  if (!isFloatArray(a) || !isFloatArray(out) || (typeof b !== "number" && !isFloatArray(b))) {
    throw new TypeError(`${op}: kernels take Float64Array/Float32Array operands`);
  }
  if (a.length !== out.length || (typeof b !== "number" && b.length !== out.length)) {
    throw new RangeError(
      `${op}: operands could not be broadcast together with shapes (${a.length},) (${typeof b === "number" ? "" : `${b.length},`}) (${out.length},)`,
    );
  }
}

let wasmCache: WasmKernels | null | undefined;
function wasm(): WasmKernels | null {
  if (wasmCache === undefined) {
    wasmCache = getArena() === null ? null : getWasmKernels(getArena()!.memory, getArena()!.shared);
  }
  return wasmCache;
}
setParallelHost(wasm);

/**
 * Large WASM-resident elementwise calls run on the worker pool (runtime/threads) when it is up:
 * `fn(...args, n)` on chunks. Same bits as one call: every element is computed alone.
 */
function parallelMap(fn: string, args: readonly number[], pointers: readonly boolean[], f32: boolean, out: FloatArray, inputs: readonly FloatArray[]): boolean {
  const n = out.length;
  if (n < PARALLEL_MIN.wasmMap) return false;
  let inPlace = false;
  for (const x of inputs) if (sharesBytes(x, out)) inPlace = true;
  return tryWasmMap(fn, args, f32, pointers, n, inPlace);
}
const ARRAY_SCALAR = [true, false, true] as const;
const SCALAR_ARRAY = [false, true, true] as const;
const ARRAYS3 = [true, true, true] as const;
const ARRAYS2 = [true, true] as const;

type WasmBinary = (a: number, b: number, out: number, n: number) => number;

/** An elementwise kernel; `blocks` is the same call for operands the caller knows are whole WASM blocks. */
export interface BinaryKernel {
  (a: FloatArray, b: FloatArray | number, out: FloatArray): void;
  blocks: (a: FloatArray, b: FloatArray | number, out: FloatArray) => void;
}
export interface UnaryKernel {
  (a: FloatArray, out: FloatArray): void;
  blocks: (a: FloatArray, out: FloatArray) => void;
}
type WasmUnary = (a: number, out: number, n: number) => number;

/**
 * The WASM export `name`, looked up once the module exists (null: no WASM); callers cache it in
 * `.f` (`(get.f ??= get())`) so a call reads one property instead of calling the getter.
 */
function wasmExport<F>(name: string): (() => F | null) & { f?: F | null } {
  let f: F | null | undefined;
  return () => {
    if (f === undefined) {
      const w = wasm();
      f = w === null ? null : (w.raw[name] as F);
    }
    return f;
  };
}

/**
 * One closure per op (binaryKernelFor("add")): the op's kernels are captured, so a call does
 * no table lookups and every type test in it sees one op (monomorphic). The checks are the
 * same as binaryKernel's.
 */
export function binaryKernelFor(op: BinaryOp): BinaryKernel {
  if (binaryF64[op] === undefined) throw new TypeError(`unknown binary kernel '${op}'`);
  const jsF64 = binaryF64[op], jsF32 = binaryF32[op], jsAny = binaryAny[op];
  const jsScalarF64 = scalarF64[op], jsScalarF32 = scalarF32[op], jsScalarAny = scalarAny[op];
  const wF64 = wasmExport<WasmBinary>(`${op}_f64`), wF32 = wasmExport<WasmBinary>(`${op}_f32`);
  const wScalarF64 = wasmExport<WasmBinary>(`${op}_scalar_f64`), wScalarF32 = wasmExport<WasmBinary>(`${op}_scalar_f32`);
  // blocks: the caller knows every array operand is a whole block of the WASM memory (skips 3 WeakSet tests)
  const run = (a: FloatArray, b: FloatArray | number, out: FloatArray, blocks: boolean): void => {
    const n = out.length;
    if (typeof b === "number") {
      if (a instanceof Float64Array && out instanceof Float64Array) {
        if (a.length !== n) checkBinary(op, a, b, out);
        if (n >= WASM_MIN_LENGTH && (blocks || (isWasmResident(a) && isWasmResident(out))) && (wScalarF64.f ??= wScalarF64()) !== null) {
          if (n >= PARALLEL_MIN.wasmMap && parallelMap(`${op}_scalar_f64`, [a.byteOffset, b, out.byteOffset], ARRAY_SCALAR, false, out, [a])) return;
          wScalarF64.f!(a.byteOffset, b, out.byteOffset, n);
          return;
        }
        return jsScalarF64(a, b, out, n);
      }
      if (a instanceof Float32Array && out instanceof Float32Array) {
        if (a.length !== n) checkBinary(op, a, b, out);
        if (n >= WASM_MIN_LENGTH && (blocks || (isWasmResident(a) && isWasmResident(out))) && (wScalarF32.f ??= wScalarF32()) !== null) {
          if (n >= PARALLEL_MIN.wasmMap && parallelMap(`${op}_scalar_f32`, [a.byteOffset, Math.fround(b), out.byteOffset], ARRAY_SCALAR, true, out, [a])) return;
          wScalarF32.f!(a.byteOffset, b, out.byteOffset, n);
          return;
        }
        return jsScalarF32(a, b, out, n);
      }
      checkBinary(op, a, b, out);
      return jsScalarAny(a, b, out, n);
    }
    if (a instanceof Float64Array && b instanceof Float64Array && out instanceof Float64Array) {
      if (a.length !== n || b.length !== n) checkBinary(op, a, b, out);
      if (n >= WASM_MIN_LENGTH && (blocks || (isWasmResident(a) && isWasmResident(b) && isWasmResident(out))) && (wF64.f ??= wF64()) !== null) {
        if (n >= PARALLEL_MIN.wasmMap && parallelMap(`${op}_f64`, [a.byteOffset, b.byteOffset, out.byteOffset], ARRAYS3, false, out, [a, b])) return;
        wF64.f!(a.byteOffset, b.byteOffset, out.byteOffset, n);
        return;
      }
      return jsF64(a, b, out, n);
    }
    if (a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array) {
      if (a.length !== n || b.length !== n) checkBinary(op, a, b, out);
      if (n >= WASM_MIN_LENGTH && (blocks || (isWasmResident(a) && isWasmResident(b) && isWasmResident(out))) && (wF32.f ??= wF32()) !== null) {
        if (n >= PARALLEL_MIN.wasmMap && parallelMap(`${op}_f32`, [a.byteOffset, b.byteOffset, out.byteOffset], ARRAYS3, true, out, [a, b])) return;
        wF32.f!(a.byteOffset, b.byteOffset, out.byteOffset, n);
        return;
      }
      return jsF32(a, b, out, n);
    }
    checkBinary(op, a, b, out);
    return jsAny(a, b as FloatArray, out, n);
  };
  const kernel = ((a, b, out) => run(a, b, out, false)) as BinaryKernel;
  kernel.blocks = (a, b, out) => run(a, b, out, true);
  return kernel;
}

/** One closure per op for `s op b[i]` (see binaryKernelFor). */
export function binaryScalarFirstKernelFor(op: BinaryOp): (s: number, b: FloatArray, out: FloatArray) => void {
  if (binaryF64[op] === undefined) throw new TypeError(`unknown binary kernel '${op}'`);
  const jsF64 = scalarFirstF64[op], jsF32 = scalarFirstF32[op], jsAny = scalarFirstAny[op];
  const wF64 = wasmExport<WasmBinary>(`${op}_scalar_first_f64`), wF32 = wasmExport<WasmBinary>(`${op}_scalar_first_f32`);
  return (s, b, out) => {
    const n = out.length;
    if (b instanceof Float64Array && out instanceof Float64Array) {
      if (b.length !== n) checkBinary(op, b, s, out);
      if (n >= WASM_MIN_LENGTH && isWasmResident(b) && isWasmResident(out) && (wF64.f ??= wF64()) !== null) {
        if (n >= PARALLEL_MIN.wasmMap && parallelMap(`${op}_scalar_first_f64`, [s, b.byteOffset, out.byteOffset], SCALAR_ARRAY, false, out, [b])) return;
        wF64.f!(s, b.byteOffset, out.byteOffset, n);
        return;
      }
      return jsF64(s, b, out, n);
    }
    if (b instanceof Float32Array && out instanceof Float32Array) {
      if (b.length !== n) checkBinary(op, b, s, out);
      if (n >= WASM_MIN_LENGTH && isWasmResident(b) && isWasmResident(out) && (wF32.f ??= wF32()) !== null) {
        if (n >= PARALLEL_MIN.wasmMap && parallelMap(`${op}_scalar_first_f32`, [Math.fround(s), b.byteOffset, out.byteOffset], SCALAR_ARRAY, true, out, [b])) return;
        wF32.f!(s, b.byteOffset, out.byteOffset, n);
        return;
      }
      return jsF32(s, b, out, n);
    }
    checkBinary(op, b, s, out);
    return jsAny(s, b, out, n);
  };
}

/** One closure per op for `op(a[i])` (see binaryKernelFor). */
export function unaryKernelFor(op: UnaryOp): UnaryKernel {
  if (unaryF64[op] === undefined) throw new TypeError(`unknown unary kernel '${op}'`);
  const jsF64 = unaryF64[op], jsF32 = unaryF32[op], jsAny = unaryAny[op];
  const wF64 = wasmExport<WasmUnary>(`${op}_f64`), wF32 = wasmExport<WasmUnary>(`${op}_f32`);
  const check = (a: FloatArray, out: FloatArray) => {
    if (!isFloatArray(a) || !isFloatArray(out)) throw new TypeError(`${op}: kernels take Float64Array/Float32Array operands`);
    if (a.length !== out.length) {
      throw new RangeError(`${op}: non-broadcastable output operand with shape (${out.length},) doesn't match the broadcast shape (${a.length},)`);
    }
  };
  const run = (a: FloatArray, out: FloatArray, blocks: boolean): void => {
    const n = out.length;
    if (a instanceof Float64Array && out instanceof Float64Array) {
      if (a.length !== n) check(a, out);
      if (n >= WASM_MIN_LENGTH && (blocks || (isWasmResident(a) && isWasmResident(out))) && (wF64.f ??= wF64()) !== null) {
        if (n >= PARALLEL_MIN.wasmMap && parallelMap(`${op}_f64`, [a.byteOffset, out.byteOffset], ARRAYS2, false, out, [a])) return;
        wF64.f!(a.byteOffset, out.byteOffset, n);
        return;
      }
      return jsF64(a, out, n);
    }
    if (a instanceof Float32Array && out instanceof Float32Array) {
      if (a.length !== n) check(a, out);
      if (n >= WASM_MIN_LENGTH && (blocks || (isWasmResident(a) && isWasmResident(out))) && (wF32.f ??= wF32()) !== null) {
        if (n >= PARALLEL_MIN.wasmMap && parallelMap(`${op}_f32`, [a.byteOffset, out.byteOffset], ARRAYS2, true, out, [a])) return;
        wF32.f!(a.byteOffset, out.byteOffset, n);
        return;
      }
      return jsF32(a, out, n);
    }
    check(a, out);
    return jsAny(a, out, n);
  };
  const kernel = ((a, out) => run(a, out, false)) as UnaryKernel;
  kernel.blocks = (a, out) => run(a, out, true);
  return kernel;
}

const binaryKernels = new Map<string, BinaryKernel>();
const scalarFirstKernels = new Map<string, (s: number, b: FloatArray, out: FloatArray) => void>();
const unaryKernels = new Map<string, UnaryKernel>();

/** out[i] = a[i] op b[i] (or a[i] op b for a scalar b). */
export function binaryKernel(op: BinaryOp, a: FloatArray, b: FloatArray | number, out: FloatArray): void {
  let k = binaryKernels.get(op);
  if (k === undefined) binaryKernels.set(op, (k = binaryKernelFor(op)));
  k(a, b, out);
}

/** out[i] = s op b[i]: the scalar first (`1 - x`, `2 / x`), as fast as binaryKernel's scalar second. */
export function binaryScalarFirstKernel(op: BinaryOp, s: number, b: FloatArray, out: FloatArray): void {
  let k = scalarFirstKernels.get(op);
  if (k === undefined) scalarFirstKernels.set(op, (k = binaryScalarFirstKernelFor(op)));
  k(s, b, out);
}

/** out[i] = op(a[i]). */
export function unaryKernel(op: UnaryOp, a: FloatArray, out: FloatArray): void {
  let k = unaryKernels.get(op);
  if (k === undefined) unaryKernels.set(op, (k = unaryKernelFor(op)));
  k(a, out);
}

/**
 * Σ a[i]. Additions are reordered (this is not the sequential loop's result), in an order fixed
 * by the length alone — never by the thread count or the path (WASM or JS):
 * - chunks of REDUCTION_CHUNK = 65,536 elements (the last one shorter);
 * - inside a chunk, blocks of 1024 elements, 8 lane accumulators inside a block (lane j takes
 *   the elements ≡ j mod 8), combined as ((l0+l2)+(l4+l6)) + ((l1+l3)+(l5+l7)), then the block's
 *   tail in order; block results added with Neumaier compensation, giving the chunk's sum;
 * - chunk sums added in chunk order with Neumaier compensation (on the main thread; the chunks
 *   themselves may run on worker threads).
 * Error bound, u = 2^-53:
 *   |sum - exact| ≤ (131 u + O(u²)) · Σ|a[i]|   — independent of the length
 * (lane chains are ≤ 128 long, plus the 3-level lane combination; each compensated level adds
 * only O(u) + O(n u²)). A sequential loop's bound is (n-1) u Σ|a[i]|. For float64 both paths
 * (WASM, JS) use this same order, so they return the same bits. float32 input: the JS path
 * accumulates in float64; the WASM path adds 16 f32x4 lanes (≤ 64 values each per block), then
 * combines lanes, tail, blocks and chunks in float64 — bound (63·2^-24 + 132 u)·Σ|a[i]|
 * (runtime/kernels/README.md) — so the two may differ in the last float32 bit. Result rounded
 * to float32 once. Empty input: 0. An all -0 input gives +0 (lanes start at +0).
 */
export function sumKernel(a: FloatArray): number {
  const n = a.length;
  if (a instanceof Float64Array) {
    const w = n >= WASM_MIN_LENGTH && isWasmResident(a) ? wasm() : null;
    if (n <= REDUCTION_CHUNK) return w !== null ? w.sumF64(a.byteOffset, n) : js.sumF64(a, n);
    if (w !== null) return chunkedReduction(n, (lo, hi) => w.sumF64(a.byteOffset + 8 * lo, hi - lo), { fn: "sum_f64", args: [a.byteOffset], f32: false });
    return chunkedReduction(n, (lo, hi) => js.sumF64(a.subarray(lo, hi), hi - lo), null);
  }
  if (a instanceof Float32Array) {
    const w = n >= WASM_MIN_LENGTH && isWasmResident(a) ? wasm() : null;
    if (n <= REDUCTION_CHUNK) return Math.fround(w !== null ? w.sumF32(a.byteOffset, n) : js.sumF32(a, n));
    if (w !== null) return Math.fround(chunkedReduction(n, (lo, hi) => w.sumF32(a.byteOffset + 4 * lo, hi - lo), { fn: "sum_f32", args: [a.byteOffset], f32: true }));
    return Math.fround(chunkedReduction(n, (lo, hi) => js.sumF32(a.subarray(lo, hi), hi - lo), null));
  }
  throw new TypeError("sum: kernels take Float64Array/Float32Array operands");
}

/**
 * Σ a[i]·b[i], in the same order and with the same bound as sumKernel (Σ|a[i]·b[i]|).
 * float32: products of two float32 values are exact in float64; accumulated in float64,
 * rounded to float32 once. Mixed float32/float64: computed in float64, not rounded.
 */
export function dotKernel(a: FloatArray, b: FloatArray): number {
  if (!isFloatArray(a) || !isFloatArray(b)) throw new TypeError("dot: kernels take Float64Array/Float32Array operands");
  if (a.length !== b.length) throw new RangeError(`shapes (${a.length},) and (${b.length},) not aligned: ${a.length} (dim 0) != ${b.length} (dim 0)`);
  const n = a.length;
  if (a instanceof Float64Array && b instanceof Float64Array) {
    const w = n >= WASM_MIN_LENGTH && isWasmResident(a) && isWasmResident(b) ? wasm() : null;
    if (n <= REDUCTION_CHUNK) return w !== null ? w.dotF64(a.byteOffset, b.byteOffset, n) : js.dotF64(a, b, n);
    if (w !== null) return chunkedReduction(n, (lo, hi) => w.dotF64(a.byteOffset + 8 * lo, b.byteOffset + 8 * lo, hi - lo), { fn: "dot_f64", args: [a.byteOffset, b.byteOffset], f32: false });
    return chunkedReduction(n, (lo, hi) => js.dotF64(a.subarray(lo, hi), b.subarray(lo, hi), hi - lo), null);
  }
  if (a instanceof Float32Array && b instanceof Float32Array) {
    const w = n >= WASM_MIN_LENGTH && isWasmResident(a) && isWasmResident(b) ? wasm() : null;
    if (n <= REDUCTION_CHUNK) return Math.fround(w !== null ? w.dotF32(a.byteOffset, b.byteOffset, n) : js.dotF32(a, b, n));
    if (w !== null) return Math.fround(chunkedReduction(n, (lo, hi) => w.dotF32(a.byteOffset + 4 * lo, b.byteOffset + 4 * lo, hi - lo), { fn: "dot_f32", args: [a.byteOffset, b.byteOffset], f32: true }));
    return Math.fround(chunkedReduction(n, (lo, hi) => js.dotF32(a.subarray(lo, hi), b.subarray(lo, hi), hi - lo), null));
  }
  return js.dotAny(a, b, n);
}

/** Work (m·k·n) above which plain arrays are copied into WASM memory for matmul. */
const MATMUL_COPY_MIN_WORK = 32 * 32 * 32;

/**
 * out(m×n) = a(m×k) @ b(k×n), all row-major and contiguous. Each out element equals the
 * naive sequential dot product bit for bit. `out` must not overlap `a` or `b`.
 */
export function matmulKernel(a: FloatArray, b: FloatArray, out: FloatArray, m: number, k: number, n: number): void {
  if (!isFloatArray(a) || !isFloatArray(b) || !isFloatArray(out)) throw new TypeError("matmul: kernels take Float64Array/Float32Array operands");
  for (const [name, v] of [["m", m], ["k", k], ["n", n]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`matmul: ${name} must be a non-negative integer, got ${v}`);
  }
  if (a.length < m * k || b.length < k * n || out.length < m * n) {
    throw new RangeError(`matmul: buffers too small for (${m},${k}) @ (${k},${n}) -> (${m},${n})`);
  }
  if (m === 0 || n === 0) return;
  const sameF64 = a instanceof Float64Array && b instanceof Float64Array && out instanceof Float64Array;
  const sameF32 = a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array;
  const w = sameF64 || sameF32 ? wasm() : null;
  if (w !== null && k > 0) {
    const kind = sameF64 ? "f64" : "f32";
    if (isWasmResident(a) && isWasmResident(b) && isWasmResident(out)) {
      if (partiallyOverlapsAny(out, a, b)) {
        // out overlaps an input: the JS loops below (the caller copies in the NDArray layer)
      } else if (tryMatmul(kind, a.byteOffset, b.byteOffset, out.byteOffset, m, k, n) || w.matmul(kind, a.byteOffset, b.byteOffset, out.byteOffset, m, k, n)) return;
    } else if (m * k * n >= MATMUL_COPY_MIN_WORK) {
      if (matmulViaCopies(w, kind, a, b, out, m, k, n)) return;
    }
  }
  if (sameF64) return js.matmulF64(a as Float64Array, b as Float64Array, out as Float64Array, m, k, n);
  if (sameF32) return js.matmulF32(a as Float32Array, b as Float32Array, out as Float32Array, m, k, n);
  return js.matmulAny(a, b, out, m, k, n);
}

function partiallyOverlapsAny(out: FloatArray, a: FloatArray, b: FloatArray): boolean {
  // matmul reads a and b after writing out: any shared byte would change the result
  const touches = (x: FloatArray) => {
    const xs = x.byteOffset, xe = xs + x.byteLength, os = out.byteOffset, oe = os + out.byteLength;
    return xs < oe && os < xe;
  };
  return touches(a) || touches(b);
}

/** false: could not place the copies in WASM memory (arena full); caller uses JS */
function matmulViaCopies(w: WasmKernels, kind: "f64" | "f32", a: FloatArray, b: FloatArray, out: FloatArray, m: number, k: number, n: number): boolean {
  const dtype = kind === "f64" ? "float64" : "float32";
  const wa = isWasmResident(a) ? a : copyIn(dtype, a, m * k);
  const wb = isWasmResident(b) ? b : copyIn(dtype, b, k * n);
  const wo = isWasmResident(out) ? out : (allocateUninitialized(dtype, m * n) as FloatArray);
  try {
    // the arena is full and a copy landed on the JS heap
    if (!isWasmResident(wa) || !isWasmResident(wb) || !isWasmResident(wo)) return false;
    if (!tryMatmul(kind, wa.byteOffset, wb.byteOffset, wo.byteOffset, m, k, n) && !w.matmul(kind, wa.byteOffset, wb.byteOffset, wo.byteOffset, m, k, n)) return false;
    if (wo !== out) out.set(wo.length === m * n ? wo : wo.subarray(0, m * n));
    return true;
  } finally {
    if (wa !== a) release(wa);
    if (wb !== b) release(wb);
    if (wo !== out) release(wo);
  }
}

function copyIn(dtype: "float64" | "float32", src: FloatArray, length: number): FloatArray {
  const dst = allocateUninitialized(dtype, length) as FloatArray;
  dst.set(length === src.length ? src : src.subarray(0, length));
  return dst;
}

/** Which implementation a call with these operands would use (for tests and benchmarks). */
export function kernelPath(...operands: FloatArray[]): "wasm" | "js" {
  return wasm() !== null && operands.every((x) => isWasmResident(x)) ? "wasm" : "js";
}

/** Is the WASM SIMD module available in this environment? */
export function hasWasmKernels(): boolean {
  return wasm() !== null;
}
