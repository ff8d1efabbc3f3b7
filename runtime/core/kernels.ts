/**
 * The contiguous float fast paths, from the speed owner's `runtime/kernels` (WASM SIMD when
 * the operands live in WebAssembly memory, unrolled JS loops otherwise). Elementwise float64
 * results are bit-identical to a hand-written JS loop on both paths.
 */
export {
  binaryKernel,
  binaryScalarFirstKernel,
  unaryKernel,
  binaryKernelFor,
  binaryScalarFirstKernelFor,
  unaryKernelFor,
  sumKernel,
  dotKernel,
  matmulKernel,
  allocate,
  isWasmResident,
  partiallyOverlaps,
  isBlock,
  parallelUnary,
  parallelBinary,
} from "../kernels/index";
