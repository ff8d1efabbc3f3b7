import { requestedThreads, setThreads } from "./threads/pool";

/** The runtime's settings (nd.config). */
export interface RuntimeConfig {
  /**
   * Threads for large contiguous kernels (elementwise, evaluate, sum/dot, matmul): the calling
   * thread plus `threads - 1` worker threads sharing the runtime's WebAssembly memory. 1 disables
   * them. Default: the environment variable ARRAYLINT_THREADS, else the number of cores (at most 8).
   * Results are the same bits for every value. Without worker_threads and shared memory (browsers
   * that are not cross-origin isolated, node < 20.16) every kernel runs on the calling thread.
   */
  threads: number;
}

/**
 * Read or change the runtime's settings: `nd.config({ threads: 1 })` turns the worker threads
 * off, `nd.config()` returns the current settings.
 */
export function config(options: Partial<RuntimeConfig> = {}): RuntimeConfig {
  if (typeof options !== "object" || options === null) throw new TypeError("config: pass an object such as { threads: 2 }");
  for (const key of Object.keys(options)) {
    if (key !== "threads") throw new TypeError(`config: unknown setting '${key}' (known: threads)`);
  }
  if (options.threads !== undefined) setThreads(options.threads);
  return { threads: requestedThreads() };
}
