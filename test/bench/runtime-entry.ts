// What test/bench/runtime.bench.ts loads, bundled by esbuild into one file first (as
// dist/runtime/index.{mjs,cjs} is): the public API plus the kernels and thread-pool internals the
// benchmark measures directly. Bundled because tsx compiles every file to CommonJS on its own, and
// every call across files then goes through an export getter: nd.add(A, B, { out }) at 1e3 measured
// 0.91–1.0 ns/el from the sources under tsx and 0.38–0.40 from the bundle (same code, same session).
export * as nd from "../../runtime/index";
export * as kernels from "../../runtime/kernels/index";
export { evaluate } from "../../runtime/evaluate";
export { copyKernel, PARALLEL_MIN } from "../../runtime/kernels/parallel";
export { limitThreads, parallelism, threadInfo } from "../../runtime/threads/pool";
