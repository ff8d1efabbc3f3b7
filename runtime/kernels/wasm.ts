// Instantiates the WASM SIMD kernels (kernels.wat, embedded by build-wasm.mjs) over the
// runtime's memory, synchronously (the module is ~8 KB). Returns null where
// WebAssembly SIMD is unavailable or instantiation is refused; callers then use JS.
import { wasmApi, type WasmMemory, type WasmModule } from "./wasm-api";
import { KERNELS_SHARED_BASE64, KERNELS_UNSHARED_BASE64 } from "./wasm-bytes";
import { allocateUninitialized, isWasmResident, release } from "../memory";

export type Kind = "f64" | "f32";
type BinaryOp = "add" | "subtract" | "multiply" | "divide";
type UnaryOp = "sqrt" | "abs" | "negative";

type Binary = (a: number, b: number, out: number, n: number) => void;
type Unary = (a: number, out: number, n: number) => void;

/** Raw kernels: pointers are byte offsets into the runtime's memory, n counts elements. */
export interface WasmKernels {
  /** the compiled module (worker threads instantiate it over the same shared memory) */
  module: WasmModule;
  /** every export by name (the pool runs them on chunks by name) */
  raw: Readonly<Record<string, (...args: number[]) => number>>;
  binaryF64: Record<BinaryOp, Binary>;
  binaryF32: Record<BinaryOp, Binary>;
  scalarF64: Record<BinaryOp, Binary>;
  scalarF32: Record<BinaryOp, Binary>;
  /** (s, b, out, n): out[i] = s op b[i] */
  scalarFirstF64: Record<BinaryOp, Binary>;
  scalarFirstF32: Record<BinaryOp, Binary>;
  unaryF64: Record<UnaryOp, Unary>;
  unaryF32: Record<UnaryOp, Unary>;
  sumF64(a: number, n: number): number;
  sumF32(a: number, n: number): number;
  dotF64(a: number, b: number, n: number): number;
  dotF32(a: number, b: number, n: number): number;
  /** false when no scratch space could be placed in WASM memory (caller falls back to JS) */
  matmul(kind: Kind, a: number, b: number, out: number, m: number, k: number, n: number): boolean;
  /** the two halves of `matmul`, for row blocks on several threads: pack B's panels [from, to) once ... */
  matmulPackB(kind: Kind, b: number, k: number, n: number, pack: number, from: number, to: number): void;
  /** ... then out rows [0, m) of a(m×k) @ B; scratch holds matmulScratchBytes(kind, m, k) bytes */
  matmulRows(kind: Kind, a: number, pack: number, out: number, m: number, k: number, n: number, scratch: number): void;
}

/** Panels of B: 4 float64 / 8 float32 columns each. */
export function matmulPanels(kind: Kind, n: number): number {
  return Math.ceil(n / (kind === "f64" ? 4 : 8));
}

/** Bytes of B packed into panels (32 bytes per panel row). */
export function matmulPackBytes(kind: Kind, k: number, n: number): number {
  return matmulPanels(kind, n) * k * 32;
}

/** Scratch of matmul_rows: one spilled tile (256 bytes) + A packed in 4-row blocks (m rounded up to 4). */
export function matmulScratchBytes(kind: Kind, m: number, k: number): number {
  return 256 + (m + 3) * k * (kind === "f64" ? 8 : 4);
}

type Fn = (...args: number[]) => number;

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** base64 → bytes without atob/Buffer (neither is in the runtime's lib). */
export function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/=+$/, "");
  const bytes = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0, value = 0, j = 0;
  for (let i = 0; i < clean.length; i++) {
    const digit = BASE64.indexOf(clean[i]);
    if (digit < 0) throw new Error(`invalid base64 character '${clean[i]}'`);
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[j++] = (value >> bits) & 0xff;
    }
  }
  return bytes;
}

export function getWasmKernels(memory: WasmMemory, shared: boolean): WasmKernels | null {
  const api = wasmApi();
  if (api === undefined) return null;
  let exports: Record<string, unknown>;
  let module: WasmModule;
  try {
    const bytes = decodeBase64(shared ? KERNELS_SHARED_BASE64 : KERNELS_UNSHARED_BASE64);
    if (!api.validate(bytes)) return null; // no SIMD support
    module = new api.Module(bytes);
    exports = new api.Instance(module, { env: { memory } }).exports;
  } catch {
    return null; // e.g. a browser that refuses synchronous compilation
  }
  const fn = (name: string): Fn => {
    const f = exports[name];
    if (typeof f !== "function") throw new Error(`kernels.wasm lacks export '${name}'`);
    return f as Fn;
  };
  const binaryOps = ["add", "subtract", "multiply", "divide"] as const;
  const table = <Op extends string>(ops: readonly Op[], prefix: string, suffix: string): Record<Op, Fn> => {
    const t = {} as Record<Op, Fn>;
    for (const op of ops) t[op] = fn(`${op}${prefix}_${suffix}`);
    return t;
  };
  const packB = { f64: fn("matmul_pack_b_f64"), f32: fn("matmul_pack_b_f32") };
  const rows = { f64: fn("matmul_rows_f64"), f32: fn("matmul_rows_f32") };
  return {
    module,
    raw: exports as Record<string, Fn>,
    binaryF64: table(binaryOps, "", "f64"),
    binaryF32: table(binaryOps, "", "f32"),
    scalarF64: table(binaryOps, "_scalar", "f64"),
    scalarF32: table(binaryOps, "_scalar", "f32"),
    scalarFirstF64: table(binaryOps, "_scalar_first", "f64"),
    scalarFirstF32: table(binaryOps, "_scalar_first", "f32"),
    unaryF64: table(["sqrt", "abs", "negative"] as const, "", "f64"),
    unaryF32: table(["sqrt", "abs", "negative"] as const, "", "f32"),
    sumF64: fn("sum_f64"),
    sumF32: fn("sum_f32"),
    dotF64: fn("dot_f64"),
    dotF32: fn("dot_f32"),
    matmul(kind, a, b, out, m, k, n) {
      // packed B, then (64-byte aligned) the row scratch, in one block
      const packBytes = Math.ceil(matmulPackBytes(kind, k, n) / 64) * 64;
      const pack = allocateUninitialized("float64", Math.ceil((packBytes + matmulScratchBytes(kind, m, k)) / 8));
      try {
        if (!isWasmResident(pack)) return false;
        packB[kind](b, k, n, pack.byteOffset, 0, matmulPanels(kind, n));
        rows[kind](a, pack.byteOffset, out, m, k, n, pack.byteOffset + packBytes);
        return true;
      } finally {
        release(pack);
      }
    },
    matmulPackB: (kind, b, k, n, pack, from, to) => void packB[kind](b, k, n, pack, from, to),
    matmulRows: (kind, a, pack, out, m, k, n, scratch) => void rows[kind](a, pack, out, m, k, n, scratch),
  };
}
