// The kernels' parallel paths: when a call is large enough that the worker pool pays
// (runtime/threads/pool.ts), it is cut into chunks that the main thread and the workers run on
// the shared WebAssembly memory. Results never depend on the thread count: elementwise chunks
// are independent, and a reduction's chunks are fixed (REDUCTION_CHUNK elements, whatever the
// thread count) and combined in chunk order.
//
// Thresholds: the pool's dispatch costs ≈ 15–40 µs (waking a worker, Atomics.wait on the result;
// test/bench/runtime.bench.ts measures it), so a call goes parallel only above a size measured per
// kind of operation (PARALLEL_MIN below; see runtime/BENCHMARKS.md for the measurements).
import {
  K_JS_MAP, K_MATMUL, K_RANGE, K_WASM_MAP, K_WASM_REDUCE, T_SCALAR,
  jsKernel, parallelism, pointerType, runParallel, setPoolHost, type PoolHost,
} from "../threads/pool";
import { allocateUninitialized, getArena, isWasmResident, release, sharesBytes, type TypedArray } from "../memory";
import { matmulPackBytes, matmulPanels, matmulScratchBytes, type Kind, type WasmKernels } from "./wasm";

/**
 * Reductions (sum, dot) add fixed chunks of this many elements, each in the kernels' block order,
 * and combine the chunk results in chunk order with Neumaier compensation — on one thread or many.
 * A multiple of the kernels' 1024-element block.
 */
export const REDUCTION_CHUNK = 65536;

/** Smallest sizes (elements; matmul: m·k·n) at which the pool is used, per kind of operation. */
export const PARALLEL_MIN = {
  /** WASM elementwise (add … divide, sqrt, abs, negative): memory-bound, ≈ 0.3–1.6 ns/el */
  wasmMap: 1 << 18,
  /** sum / dot (WASM) */
  reduce: 1 << 18,
  /** matmul: m·k·n */
  matmul: 128 * 128 * 128,
  /** JS elementwise kernels (exp, sin, evaluate, …): decided by their cost per element, at least this */
  jsMap: 1 << 13,
};

/** Elements of B (k·n) from which its packing for matmul is split across the threads as well. */
const PACK_PARALLEL_MIN = 1 << 16;

/** The JS kernels' cost model (tests set it to force the pool). */
export const TUNING = {
  /** work (ns, single-threaded) below which a JS kernel does not go parallel */
  jsMapMinNs: 150_000,
  /** ns per element to copy a plain (non-shared) array into WASM memory or back, measured ≈ 0.4–1.0 */
  copyNsPerElement: 1.0,
  /** go parallel when the estimate is below this share of the single-threaded time */
  mustSave: 0.85,
};

let wasmSource: (() => WasmKernels | null) | null = null;

/** kernels/index.ts hands over its WASM instance (lazily created). */
export function setParallelHost(source: () => WasmKernels | null): void {
  wasmSource = source;
  setPoolHost((): PoolHost | null => {
    const w = source();
    const arena = getArena();
    if (w === null || arena === null || !arena.shared) return null;
    return { memory: arena.memory, module: w.module, exports: w.raw };
  });
}

const F64 = pointerType("Float64Array", 8);
const F32 = pointerType("Float32Array", 4);

/** Elements per chunk of an elementwise task: about 8 chunks per thread, at least 16384. */
function mapChunk(n: number, threads: number): number {
  const target = Math.ceil(n / (threads * 8));
  return Math.max(16384, Math.ceil(target / 1024) * 1024, Math.ceil(n / 0xffff));
}

/**
 * A WASM elementwise export on chunks: `fn(...args, n)` where the pointer arguments are
 * advanced by the chunk's start. Returns false (nothing done) when the pool is not up.
 */
export function tryWasmMap(fn: string, args: readonly number[], f32: boolean, pointers: readonly boolean[], n: number, inPlace: boolean): boolean {
  const threads = parallelism();
  if (threads <= 1) return false;
  const ptr = f32 ? F32 : F64;
  runParallel({ kind: K_WASM_MAP, fn, args, types: pointers.map((p) => (p ? ptr : T_SCALAR)), n, chunk: mapChunk(n, threads), inPlace });
  return true;
}

/** Neumaier's compensated sum of `values[0..count)`, in order (the kernels' block combination, in JS). */
export function combinePartials(values: Float64Array, count: number): number {
  let total = 0;
  let c = 0;
  for (let i = 0; i < count; i++) {
    const s = values[i];
    const t = total + s;
    if (Math.abs(total) >= Math.abs(s)) c += total - t + s;
    else c += s - t + total;
    total = t;
  }
  // ±Infinity/NaN: the compensation must not turn Infinity into NaN
  return total - total === 0 ? total + c : total;
}

const scratchPartials = new Float64Array(1024);

/**
 * Σ over fixed chunks of REDUCTION_CHUNK elements: `chunk(lo, hi)` gives one chunk's sum
 * (single thread), or the WASM export `fn` runs the chunks on the pool. Returns the
 * compensated combination of the chunk sums in order.
 */
export function chunkedReduction(
  n: number,
  chunk: (lo: number, hi: number) => number,
  parallel: { fn: string; args: readonly number[]; f32: boolean } | null,
): number {
  const chunks = Math.ceil(n / REDUCTION_CHUNK);
  if (parallel !== null && n >= PARALLEL_MIN.reduce && parallelism() > 1) {
    const ptr = parallel.f32 ? F32 : F64;
    const partials = runParallel({ kind: K_WASM_REDUCE, fn: parallel.fn, args: parallel.args, types: parallel.args.map(() => ptr), n, chunk: REDUCTION_CHUNK });
    return combinePartials(partials, chunks);
  }
  const partials = chunks <= scratchPartials.length ? scratchPartials : new Float64Array(chunks);
  for (let c = 0; c < chunks; c++) {
    const lo = c * REDUCTION_CHUNK;
    partials[c] = chunk(lo, Math.min(n, lo + REDUCTION_CHUNK));
  }
  return combinePartials(partials, chunks);
}

/**
 * matmul on row blocks: B packed once (main thread), then every thread packs its own rows of A
 * and computes them. false: not worth it or the pool is not up (the caller runs it on one thread).
 */
export function tryMatmul(kind: Kind, a: number, b: number, out: number, m: number, k: number, n: number): boolean {
  if (m * k * n < PARALLEL_MIN.matmul || m < 8) return false;
  const threads = parallelism();
  if (threads <= 1) return false;
  const w = wasmSource?.() ?? null;
  if (w === null) return false;
  // row blocks of up to 128 rows (the kernel's L2 chunk), at least 2 per thread when m allows
  const rows = Math.max(4, Math.min(128, Math.ceil(m / (2 * threads) / 4) * 4));
  const packBytes = Math.ceil(matmulPackBytes(kind, k, n) / 64) * 64;
  const scratchBytes = Math.ceil(matmulScratchBytes(kind, rows, k) / 64) * 64;
  const block = allocateUninitialized("float64", (packBytes + threads * scratchBytes) / 8);
  try {
    if (!isWasmResident(block)) return false;
    const panels = matmulPanels(kind, n);
    if (k * n >= PACK_PARALLEL_MIN) {
      // B's panels packed side by side too (≈ 2 % of a 1024³ product on one thread)
      runParallel({ kind: K_RANGE, fn: `matmul_pack_b_${kind}`, args: [b, k, n, block.byteOffset], types: [], n: panels, chunk: Math.max(8, Math.ceil(panels / (4 * threads))) });
    } else w.matmulPackB(kind, b, k, n, block.byteOffset, 0, panels);
    runParallel({
      kind: K_MATMUL,
      fn: `matmul_rows_${kind}`,
      args: [a, block.byteOffset, out, m, k, n, block.byteOffset + packBytes, scratchBytes, kind === "f64" ? 8 : 4],
      types: [],
      n: m,
      chunk: rows,
    });
    return true;
  } finally {
    release(block);
  }
}

/** An operand of a JS kernel: an array (`perElement` slots per element: 2 for complex128) or a scalar. */
export type JsOperand = number | { data: TypedArray; perElement: number };

function viewName(x: TypedArray): "Float64Array" | "Float32Array" | "Int32Array" | "Uint8Array" | "Int8Array" | "Int16Array" | "Uint16Array" | "Uint32Array" | null {
  if (x instanceof Float64Array) return "Float64Array";
  if (x instanceof Float32Array) return "Float32Array";
  if (x instanceof Int32Array) return "Int32Array";
  // Uint8ClampedArray stores differently from Uint8Array: never parallel
  if (x instanceof Uint8Array) return x.constructor === Uint8Array ? "Uint8Array" : null;
  if (x instanceof Int8Array) return "Int8Array";
  if (x instanceof Int16Array) return "Int16Array";
  if (x instanceof Uint16Array) return "Uint16Array";
  if (x instanceof Uint32Array) return "Uint32Array";
  return null;
}

/**
 * A JS kernel `(n, out, operands) => void` (its body source registered with jsKernel) on
 * chunks, when its measured cost makes the pool pay. Operands that are plain (non-shared)
 * arrays are copied into WASM memory first — and written ones copied back — only when the
 * estimated saving exceeds the copies (COPY_NS_PER_ELEMENT each). `written` lists the operand
 * indexes the kernel writes (out, or evaluate's assigned names). false: nothing was done.
 */
export function tryJsMap(body: string, operands: readonly JsOperand[], outIndex: number, written: readonly number[], n: number, nsPerElement: number): boolean {
  if (n < PARALLEL_MIN.jsMap || n * nsPerElement < TUNING.jsMapMinNs) return false;
  const threads = parallelism();
  if (threads <= 1) return false;
  let copies = 0;
  for (let i = 0; i < operands.length; i++) {
    const x = operands[i];
    if (typeof x === "number") continue;
    if (viewName(x.data) === null) return false;
    if (isWasmResident(x.data)) continue;
    // a plain array is copied in (unless only written) and, when written, back out
    copies += x.perElement * ((i === outIndex ? 0 : 1) + (written.includes(i) ? 1 : 0));
    // two names for one plain array would get two copies that miss each other's writes
    for (let j = 0; j < operands.length; j++) {
      const y = operands[j];
      if (j !== i && typeof y !== "number" && sharesBytes(x.data, y.data)) return false;
    }
  }
  const single = n * nsPerElement;
  const parallel = single / threads + copies * n * TUNING.copyNsPerElement;
  if (parallel > TUNING.mustSave * single) return false;

  const temps: TypedArray[] = [];
  try {
    const args: number[] = [];
    const types: number[] = [];
    const resident: (TypedArray | null)[] = [];
    for (let i = 0; i < operands.length; i++) {
      const x = operands[i];
      if (typeof x === "number") {
        args.push(x);
        types.push(T_SCALAR);
        resident.push(null);
        continue;
      }
      let d = x.data;
      if (!isWasmResident(d)) {
        const copy = allocateUninitialized(dtypeOf(d), d.length) as TypedArray;
        temps.push(copy);
        if (!isWasmResident(copy)) return false; // the arena is full
        if (i !== outIndex) copy.set(d);
        d = copy;
      }
      resident.push(d);
      args.push(d.byteOffset);
      types.push(pointerType(viewName(d)!, d.BYTES_PER_ELEMENT * x.perElement));
    }
    // an operand written in place (evaluate's assignments) or an input sharing memory with a
    // written one: a chunk that fails half-way cannot be redone
    let inPlace = written.some((i) => i !== outIndex);
    for (const i of written) {
      const target = resident[i];
      for (let j = 0; j < resident.length; j++) {
        const d = resident[j];
        if (j !== i && d !== null && target !== null && sharesBytes(d, target)) inPlace = true;
      }
    }
    runParallel({ kind: K_JS_MAP, fn: jsKernel(body), args, types, out: outIndex, n, chunk: mapChunk(n, threads), inPlace });
    for (const i of written) {
      const x = operands[i];
      const d = resident[i];
      if (typeof x !== "number" && d !== null && d !== x.data) x.data.set(d);
    }
    return true;
  } finally {
    for (const t of temps) release(t);
  }
}

/**
 * dst.set(src) for two WASM-resident arrays of one type; large ones on the pool (each thread
 * copies its chunks). The benchmarks measure the machine's copy bandwidth with it.
 */
export function copyKernel(src: TypedArray, dst: TypedArray): void {
  const n = src.length;
  if (dst.length !== n || dst.constructor !== src.constructor) throw new RangeError("copyKernel: src and dst must be arrays of one type and length");
  const view = viewName(src);
  if (n >= PARALLEL_MIN.wasmMap && view !== null && isWasmResident(src) && isWasmResident(dst) && !sharesBytes(src, dst)) {
    const threads = parallelism();
    if (threads > 1) {
      const type = pointerType(view, src.BYTES_PER_ELEMENT);
      runParallel({ kind: K_JS_MAP, fn: jsKernel("out.set(operands[0]);"), args: [src.byteOffset, dst.byteOffset], types: [type, type], out: 1, n, chunk: mapChunk(n, threads) });
      return;
    }
  }
  dst.set(src);
}

/** A JS kernel's measured cost: the fastest single-threaded run seen, in ns per element (NaN: not yet measured). */
export interface KernelCost {
  ns: number;
}

const clock: { now(): number } = (globalThis as { performance?: { now(): number } }).performance ?? Date;

/** Run `single` and record its cost per element (large enough calls only: the clock costs ≈ 50 ns). */
export function measuredCost(cost: KernelCost, n: number, single: () => void): void {
  if (n < PARALLEL_MIN.jsMap) return single();
  const t0 = clock.now();
  single();
  const ns = ((clock.now() - t0) * 1e6) / n;
  if (!(ns >= cost.ns)) cost.ns = ns;
}

type FloatArray = Float64Array | Float32Array;

/**
 * `single` (a contiguous loop `out[i] = fn(a[i])`, e.g. Math.exp) with a parallel path for large
 * arrays: the same loop compiled from source on every thread, once its measured cost says the
 * pool pays (the first large call runs single-threaded and measures).
 */
export function parallelUnary(fn: string, single: (a: FloatArray, out: FloatArray) => void): (a: FloatArray, out: FloatArray) => void {
  const body = `const a = operands[0];\nfor (let i = 0; i < n; i++) out[i] = ${fn}(a[i]);`;
  const cost: KernelCost = { ns: NaN };
  return (a, out) => {
    const n = out.length;
    if (n < PARALLEL_MIN.jsMap) return single(a, out);
    if (cost.ns === cost.ns && tryJsMap(body, [{ data: a, perElement: 1 }, { data: out, perElement: 1 }], 1, [1], n, cost.ns)) return;
    measuredCost(cost, n, () => single(a, out));
  };
}

/**
 * The binary twin of parallelUnary: `out[i] = fn(a[i], b[i])` (or `fn(a[i], b)` for a scalar b),
 * e.g. Math.pow; `single` must be exactly that loop.
 */
export function parallelBinary(
  fn: string,
  single: (a: FloatArray, b: FloatArray | number, out: FloatArray) => void,
): (a: FloatArray, b: FloatArray | number, out: FloatArray) => void {
  const arrays = `const a = operands[0], b = operands[1];\nfor (let i = 0; i < n; i++) out[i] = ${fn}(a[i], b[i]);`;
  const scalar = `const a = operands[0], b = operands[1];\nfor (let i = 0; i < n; i++) out[i] = ${fn}(a[i], b);`;
  const cost: KernelCost = { ns: NaN };
  return (a, b, out) => {
    const n = out.length;
    if (n < PARALLEL_MIN.jsMap || (typeof b !== "number" && b.length !== n) || a.length !== n) return single(a, b, out);
    if (cost.ns === cost.ns) {
      const operands: JsOperand[] = [{ data: a, perElement: 1 }, typeof b === "number" ? b : { data: b, perElement: 1 }, { data: out, perElement: 1 }];
      if (tryJsMap(typeof b === "number" ? scalar : arrays, operands, 2, [2], n, cost.ns)) return;
    }
    measuredCost(cost, n, () => single(a, b, out));
  };
}

function dtypeOf(x: TypedArray): "float64" | "float32" | "int32" | "uint8" | "int8" | "int16" | "uint16" | "uint32" {
  if (x instanceof Float64Array) return "float64";
  if (x instanceof Float32Array) return "float32";
  if (x instanceof Int32Array) return "int32";
  if (x instanceof Int8Array) return "int8";
  if (x instanceof Int16Array) return "int16";
  if (x instanceof Uint16Array) return "uint16";
  if (x instanceof Uint32Array) return "uint32";
  return "uint8";
}
