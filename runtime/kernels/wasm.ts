import type { WasmMemory } from "./wasm-api";
// Instantiates the WASM SIMD kernels over the runtime's memory. Filled in below.
export type Kind = "f64" | "f32";
export interface WasmKernels {
  binary(op: "add" | "subtract" | "multiply" | "divide", kind: Kind, a: number, b: number, out: number, n: number): void;
  binaryScalar(op: "add" | "subtract" | "multiply" | "divide", kind: Kind, a: number, b: number, out: number, n: number): void;
  unary(op: "sqrt" | "abs" | "negative", kind: Kind, a: number, out: number, n: number): void;
  sum(kind: Kind, a: number, n: number): number;
  dot(kind: Kind, a: number, b: number, n: number): number;
  matmul(kind: Kind, a: number, b: number, out: number, m: number, k: number, n: number): void;
}

export function getWasmKernels(_memory: WasmMemory, _shared: boolean): WasmKernels | null {
  return null;
}
