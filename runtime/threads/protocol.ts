// The shared-memory protocol between the main thread and the kernel workers (pool.ts, worker-source.ts).
//
// One task at a time. The main thread writes a task descriptor into `control` (Int32Array) and
// `args` (Float64Array), both over SharedArrayBuffers, then publishes it by bumping GEN and
// resetting NEXT; idle workers sleep in Atomics.wait on GEN. The task is cut into chunks; the main
// thread and every awake worker claim chunks from NEXT (a compare-exchange, so a chunk runs once)
// until none is left. NEXT carries the task's generation in its high bits: a worker that read an
// older task's descriptor cannot claim a chunk of a newer one (its compare-exchange fails), so a late
// worker never runs a chunk with a stale descriptor. The main thread rewrites the descriptor only after
// every chunk of the previous task is claimed and done.
//
// Which thread runs which chunk never changes a result: elementwise chunks are independent, and
// reductions store one partial per chunk (PARTIALS[c]) that the main thread combines in chunk order.

/** control[] slots */
export const C_GEN = 0; // task generation; workers Atomics.wait on it
export const C_NEXT = 1; // (generation & TAG_MASK) << 16 | next unclaimed chunk
export const C_DONE = 2; // chunks finished (successfully or not) in this task
export const C_CHUNKS = 3;
export const C_KIND = 4; // K_* below
export const C_FN = 5; // WASM export index, JS kernel id, or matmul dtype
export const C_NARGS = 6;
export const C_N = 7; // elements (or matmul rows) in the task
export const C_CHUNK = 8; // elements (or rows) per chunk
export const C_OUT = 9; // JS kernels: the argument that is `out` (-1: none)
export const C_FAILED = 10; // chunks that threw in a worker
export const C_TYPES = 16; // C_TYPES + i: argument i's type (T_SCALAR or a view code)
export const C_ALIVE = 48; // C_ALIVE + w: 1 while worker w runs its loop, 0 before and after
export const C_BUSY = 112; // C_BUSY + w: 1 while worker w is awake on a task, 0 while it sleeps
export const C_WORK = 176; // C_WORK + w: chunks worker w has run (diagnostics: threadInfo().workerChunks)
export const CONTROL_SLOTS = 176 + 64;
export const MAX_ARGS = 24;
export const MAX_WORKERS = 64;

/** NEXT holds 16 bits of chunk index and 15 bits of generation tag */
export const MAX_CHUNKS = 0xffff;
export const TAG_MASK = 0x7fff;

/** task kinds */
export const K_WASM_MAP = 1; // call a WASM export per chunk: pointer args advanced, chunk length appended
export const K_WASM_REDUCE = 2; // the same, the export's f64 result stored in PARTIALS[chunk]
export const K_JS_MAP = 3; // a JS kernel (n, out, operands) compiled from source, on views of the chunk
export const K_MATMUL = 4; // matmul_rows on row blocks (args: a, pack, out, m, k, n, scratch, scratchStride, element bytes)
export const K_RANGE = 5; // call a WASM export per chunk as fn(...args, lo, hi) (matmul_pack_b: panel ranges)
export const K_TEST = 9; // tests only: 1 = a worker's chunk throws before touching memory, 2 = worker 0 exits mid-task (the others work 2 ms per chunk), 3 = the calling thread's chunk throws (worker chunks take 5 ms)

/** argument types: a scalar, or a pointer into the WASM memory with its view and bytes per element */
export const T_SCALAR = 0;
/** view codes (high byte of a pointer type; the low byte is the element's byte stride) */
export const VIEWS = ["", "Float64Array", "Float32Array", "Int32Array", "Uint8Array", "Int8Array", "Int16Array", "Uint16Array", "Uint32Array"] as const;

/** chunk states (STATES[c]) */
export const S_FREE = 0;
export const S_DONE = 1;
export const S_FAILED = 2;
/** S_OWNED + participant: claimed by the main thread (participant 0) or worker w (participant w + 1) */
export const S_OWNED = 16;
