/**
 * The contiguous float loops the ufuncs and reductions call. They use exactly JS's operators,
 * so results are bit-identical to a hand-written loop. When the speed owner's
 * `runtime/kernels/index.ts` lands, this module re-exports its functions instead.
 */
type F = Float64Array | Float32Array;

export type BinaryKernelOp = "add" | "subtract" | "multiply" | "divide";
export type UnaryKernelOp = "sqrt" | "abs" | "negative";

export function binaryKernel(op: BinaryKernelOp, a: F, b: F | number, out: F): void {
  const n = out.length;
  if (typeof b === "number") {
    switch (op) {
      case "add":
        for (let i = 0; i < n; i++) out[i] = a[i] + b;
        return;
      case "subtract":
        for (let i = 0; i < n; i++) out[i] = a[i] - b;
        return;
      case "multiply":
        for (let i = 0; i < n; i++) out[i] = a[i] * b;
        return;
      case "divide":
        for (let i = 0; i < n; i++) out[i] = a[i] / b;
        return;
    }
  }
  switch (op) {
    case "add":
      for (let i = 0; i < n; i++) out[i] = a[i] + b[i];
      return;
    case "subtract":
      for (let i = 0; i < n; i++) out[i] = a[i] - b[i];
      return;
    case "multiply":
      for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
      return;
    case "divide":
      for (let i = 0; i < n; i++) out[i] = a[i] / b[i];
      return;
  }
}

export function unaryKernel(op: UnaryKernelOp, a: F, out: F): void {
  const n = out.length;
  switch (op) {
    case "sqrt":
      for (let i = 0; i < n; i++) out[i] = Math.sqrt(a[i]);
      return;
    case "abs":
      for (let i = 0; i < n; i++) out[i] = Math.abs(a[i]);
      return;
    case "negative":
      for (let i = 0; i < n; i++) out[i] = -a[i];
      return;
  }
}
