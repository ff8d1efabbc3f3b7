// Instantiates the WASM SIMD kernels (kernels.wat, embedded by build-wasm.mjs) over the
// runtime's memory, synchronously (the module is ~8 KB). Returns null where
// WebAssembly SIMD is unavailable or instantiation is refused; callers then use JS.
import { wasmApi, type WasmMemory } from "./wasm-api";
import { KERNELS_SHARED_BASE64, KERNELS_UNSHARED_BASE64 } from "./wasm-bytes";
import { allocateUninitialized, isWasmResident, release } from "../memory";

export type Kind = "f64" | "f32";
type BinaryOp = "add" | "subtract" | "multiply" | "divide";
type UnaryOp = "sqrt" | "abs" | "negative";

type Binary = (a: number, b: number, out: number, n: number) => void;
type Unary = (a: number, out: number, n: number) => void;

/** Raw kernels: pointers are byte offsets into the runtime's memory, n counts elements. */
export interface WasmKernels {
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
  try {
    const bytes = decodeBase64(shared ? KERNELS_SHARED_BASE64 : KERNELS_UNSHARED_BASE64);
    if (!api.validate(bytes)) return null; // no SIMD support
    exports = new api.Instance(new api.Module(bytes), { env: { memory } }).exports;
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
  const matmulF64 = fn("matmul_f64"), matmulF32 = fn("matmul_f32");
  return {
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
      const columnsPerPanel = kind === "f64" ? 4 : 8;
      const panels = Math.ceil(n / columnsPerPanel);
      const elementBytes = kind === "f64" ? 8 : 4;
      // packed B panels + one spilled tile + packed A (4-row blocks)
      // (A blocks round m up to the tile height of 4 rows, at most 3 rows more)
      const packBytes = panels * k * 32 + 256 + (m + 3) * k * elementBytes;
      const pack = allocateUninitialized("float64", Math.ceil(packBytes / 8));
      try {
        if (!isWasmResident(pack)) return false;
        (kind === "f64" ? matmulF64 : matmulF32)(a, b, out, m, k, n, pack.byteOffset);
        return true;
      } finally {
        release(pack);
      }
    },
  };
}
