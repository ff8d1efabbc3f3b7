// Instantiates the WASM SIMD kernels (kernels.wat, embedded by build-wasm.mjs) over the
// runtime's memory, synchronously (the module is ~8 KB). Returns null where
// WebAssembly SIMD is unavailable or instantiation is refused; callers then use JS.
import { wasmApi, type WasmMemory } from "./wasm-api";
import { KERNELS_SHARED_BASE64, KERNELS_UNSHARED_BASE64 } from "./wasm-bytes";
import { allocateUninitialized, isWasmResident, release } from "../memory";

export type Kind = "f64" | "f32";
type BinaryOp = "add" | "subtract" | "multiply" | "divide";
type UnaryOp = "sqrt" | "abs" | "negative";

export interface WasmKernels {
  binary(op: BinaryOp, kind: Kind, a: number, b: number, out: number, n: number): void;
  binaryScalar(op: BinaryOp, kind: Kind, a: number, b: number, out: number, n: number): void;
  unary(op: UnaryOp, kind: Kind, a: number, out: number, n: number): void;
  sum(kind: Kind, a: number, n: number): number;
  dot(kind: Kind, a: number, b: number, n: number): number;
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
  const table = (suffix: string, ops: readonly string[]) => {
    const t: Record<string, Fn> = {};
    for (const op of ops) t[`${op}_f64`] = fn(`${op}${suffix}_f64`), (t[`${op}_f32`] = fn(`${op}${suffix}_f32`));
    return t;
  };
  const binaries = table("", ["add", "subtract", "multiply", "divide"]);
  const scalars = table("_scalar", ["add", "subtract", "multiply", "divide"]);
  const unaries = table("", ["sqrt", "abs", "negative"]);
  const sumF64 = fn("sum_f64"), sumF32 = fn("sum_f32"), dotF64 = fn("dot_f64"), dotF32 = fn("dot_f32");
  const matmulF64 = fn("matmul_f64"), matmulF32 = fn("matmul_f32");
  const pick = (t: Record<string, Fn>, op: string, kind: Kind): Fn => {
    const f = t[`${op}_${kind}`];
    if (f === undefined) throw new TypeError(`unknown kernel '${op}'`);
    return f;
  };
  return {
    binary: (op, kind, a, b, out, n) => void pick(binaries, op, kind)(a, b, out, n),
    binaryScalar: (op, kind, a, b, out, n) => void pick(scalars, op, kind)(a, b, out, n),
    unary: (op, kind, a, out, n) => void pick(unaries, op, kind)(a, out, n),
    sum: (kind, a, n) => (kind === "f64" ? sumF64 : sumF32)(a, n),
    dot: (kind, a, b, n) => (kind === "f64" ? dotF64 : dotF32)(a, b, n),
    matmul(kind, a, b, out, m, k, n) {
      const columnsPerPanel = kind === "f64" ? 4 : 8;
      const panels = Math.ceil(n / columnsPerPanel);
      const packBytes = panels * k * 32 + 4 * 32; // packed B + one spilled tile
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
