// A small pool of worker threads that run the contiguous kernels on chunks of large arrays, in the
// runtime's shared WebAssembly memory, while the main thread waits synchronously (Atomics.wait).
//
// - Node only: the pool needs worker_threads (through process.getBuiltinModule, node ≥ 20.16),
//   SharedArrayBuffer and a shared WebAssembly.Memory. Anywhere else (a browser page without
//   cross-origin isolation, an older node, memory configured unshared) parallelism() is 1 and
//   every kernel runs on the calling thread.
// - Workers are unref'd and sleep in Atomics.wait: they never keep the process alive.
// - The main thread takes chunks too, and only waits for chunks a worker has already claimed,
//   so a worker that is still starting (or descheduled) never delays a call.
// - A worker that throws or dies: its chunks are recomputed on the main thread, the pool is
//   shut down, a warning is emitted, and the runtime continues on one thread. An in-place call
//   (out shares memory with an input) whose chunk failed half-way cannot be recomputed: it throws.
import {
  C_ALIVE, C_BUSY, C_WORK, C_CHUNK, C_CHUNKS, C_DONE, C_FAILED, C_FN, C_GEN, C_KIND, C_N, C_NARGS, C_NEXT, C_OUT, C_TYPES,
  CONTROL_SLOTS, K_JS_MAP, K_MATMUL, K_RANGE, K_TEST, K_WASM_REDUCE, MAX_ARGS, MAX_CHUNKS, MAX_WORKERS,
  S_DONE, S_FAILED, S_FREE, S_OWNED, TAG_MASK, T_SCALAR, VIEWS,
} from "./protocol";
import { WORKER_SOURCE } from "./worker-source";
import type { WasmMemory, WasmModule } from "../kernels/wasm-api";

// ---------------------------------------------------------------- node access (no @types/node in the runtime)

interface NodePort {
  postMessage(value: unknown): void;
  unref?(): void;
  close(): void;
}
interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
  on(event: "error" | "exit", listener: (value: unknown) => void): void;
}
interface WorkerThreads {
  Worker: new (source: string, options: { eval: true; workerData: unknown; transferList: unknown[]; name?: string }) => NodeWorker;
  MessageChannel: new () => { port1: NodePort; port2: NodePort };
}
interface NodeProcess {
  getBuiltinModule?(name: string): unknown;
  env?: Record<string, string | undefined>;
  emitWarning?(message: string, type?: string): void;
}

function nodeProcess(): NodeProcess | undefined {
  const p = (globalThis as { process?: NodeProcess }).process;
  return typeof p === "object" && p !== null ? p : undefined;
}

function builtin<T>(name: string): T | undefined {
  const p = nodeProcess();
  if (typeof p?.getBuiltinModule !== "function") return undefined;
  try {
    return p.getBuiltinModule(name) as T;
  } catch {
    return undefined;
  }
}

function warn(message: string): void {
  const p = nodeProcess();
  if (typeof p?.emitWarning === "function") p.emitWarning(message, "ArraylintThreadsWarning");
  else (globalThis as { console?: { warn(m: string): void } }).console?.warn(message);
}

// ---------------------------------------------------------------- configuration

/** The default when neither nd.config({ threads }) nor ARRAYLINT_THREADS says otherwise: every core, at most this many. */
const DEFAULT_MAX_THREADS = 8;

let requested: number | undefined;

function parseThreads(value: unknown, source: string): number {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > MAX_WORKERS + 1) {
    throw new RangeError(`${source}: threads must be an integer from 1 to ${MAX_WORKERS + 1}, got ${String(value)}`);
  }
  return n;
}

/** Threads asked for: nd.config({ threads }), else ARRAYLINT_THREADS, else the core count (≤ 8). */
export function requestedThreads(): number {
  if (requested !== undefined) return requested;
  const env = nodeProcess()?.env?.ARRAYLINT_THREADS;
  if (env !== undefined && env !== "") {
    try {
      requested = parseThreads(env, "ARRAYLINT_THREADS");
    } catch (error) {
      warn(`${(error as Error).message}; using 1`);
      requested = 1;
    }
    return requested;
  }
  const os = builtin<{ availableParallelism?(): number; cpus(): unknown[] }>("node:os");
  const cores = os === undefined ? 1 : typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  requested = Math.max(1, Math.min(DEFAULT_MAX_THREADS, cores));
  return requested;
}

/** Set the thread count (1: no workers). Takes effect on the next call; a running pool of another size is shut down. */
export function setThreads(threads: number): void {
  const n = parseThreads(threads, "config");
  requested = n;
  if (pool !== null && (pool.size !== n || pool.broken)) {
    pool.shutdown();
    pool = null;
  }
  unavailable = null;
}

// ---------------------------------------------------------------- the pool

/** What the pool needs from the kernels layer (runtime/kernels/index.ts supplies it). */
export interface PoolHost {
  memory: WasmMemory;
  module: WasmModule;
  exports: Readonly<Record<string, (...args: number[]) => number>>;
}

/** One parallel call. Pointers are byte offsets into the WASM memory. */
export interface Task {
  kind: number;
  /** K_WASM_*: export name; K_JS_MAP: kernel id from jsKernel(); K_MATMUL: the matmul_rows export */
  fn: string | number;
  args: readonly number[];
  /** per argument: T_SCALAR or pointerType(view, strideBytes) */
  types: readonly number[];
  /** K_JS_MAP: the index of the argument passed as `out` (-1: none) */
  out?: number;
  /** elements (rows for K_MATMUL) */
  n: number;
  /** elements (rows) per chunk */
  chunk: number;
  /** out shares memory with an input: a chunk that failed half-way cannot be recomputed */
  inPlace?: boolean;
}

export function pointerType(view: (typeof VIEWS)[number], strideBytes: number): number {
  return (VIEWS.indexOf(view) << 8) | strideBytes;
}

/**
 * JS kernels, `(n, out, operands) => void` bodies, shared by every pool. Ids only grow; past
 * JS_KERNELS_KEPT registrations (evaluate with generated expressions) the older ones are dropped
 * here and, by a message, in every worker, so a long-running process does not collect them.
 */
const JS_KERNELS_KEPT = 512;
type JsKernel = (n: number, out: unknown, operands: unknown[]) => void;
const jsIds = new Map<string, number>();
const jsBodies = new Map<number, string>();
const jsCompiled = new Map<number, JsKernel>();
let nextJsId = 0;
/** ids below this were dropped */
let jsForgotten = 0;

/** Register a JS kernel body (idempotent while it is kept); the id is what a K_JS_MAP task's `fn` names. */
export function jsKernel(body: string): number {
  let id = jsIds.get(body);
  if (id === undefined) {
    if (jsIds.size >= JS_KERNELS_KEPT) {
      jsForgotten = nextJsId;
      jsIds.clear();
      jsBodies.clear();
      jsCompiled.clear();
      if (pool !== null) pool.forget(jsForgotten);
    }
    id = nextJsId++;
    jsIds.set(body, id);
    jsBodies.set(id, body);
  }
  return id;
}

function compiled(id: number): JsKernel {
  let fn = jsCompiled.get(id);
  if (fn === undefined) jsCompiled.set(id, (fn = new Function("n", "out", "operands", jsBodies.get(id)!) as JsKernel));
  return fn;
}

const EMPTY = new Float64Array(0);
/** performance.now (node, browsers), declared here because the runtime compiles with lib es2022 only */
const clock: { now(): number } = (globalThis as { performance?: { now(): number } }).performance ?? Date;
type ViewConstructor = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => ArrayBufferView & { length: number };
const VIEW_CONSTRUCTORS = VIEWS.map((name) => (name === "" ? null : (globalThis as unknown as Record<string, ViewConstructor>)[name]));

/**
 * How long the main thread waits without any chunk finishing (plus 100× its own slowest chunk of the
 * task) before it gives the pool up: the backstop for a worker that died without its exit hook
 * running (a dead worker is otherwise seen at once) — a live worker's chunk is never cut short.
 */
const HANG_MS = 30_000;
let testSleep: Int32Array | null = null; // created on use: SharedArrayBuffer may not exist (browsers)
const WAIT_SLICE_MS = 100;

class Pool {
  readonly size: number;
  private readonly workers: NodeWorker[] = [];
  private readonly ports: NodePort[] = [];
  private readonly sent = new Set<number>();
  private readonly control: Int32Array;
  private readonly argv: Float64Array;
  readonly partials: Float64Array;
  private readonly states: Int32Array;
  private readonly host: PoolHost;
  private readonly exportNames: string[];
  private gen = 0;
  /** set once a worker failed: the pool is shut down and parallelism() is 1 */
  broken = false;
  private stopping = false;
  /** inside run(): a failure waits for the live workers' chunks before stopping them */
  private running = false;
  /** tasks run, for tests: how often the pool was used */
  tasks = 0;

  constructor(threads: WorkerThreads, host: PoolHost, size: number) {
    this.size = size;
    this.host = host;
    this.exportNames = Object.keys(host.exports).filter((name) => typeof host.exports[name] === "function");
    const shared = (slots: number, bytes: number) => new SharedArrayBuffer(slots * bytes);
    const controlBuffer = shared(CONTROL_SLOTS, 4);
    const argsBuffer = shared(MAX_ARGS, 8);
    const partialsBuffer = shared(MAX_CHUNKS, 8);
    const statesBuffer = shared(MAX_CHUNKS, 4);
    this.control = new Int32Array(controlBuffer);
    this.argv = new Float64Array(argsBuffer);
    this.partials = new Float64Array(partialsBuffer);
    this.states = new Int32Array(statesBuffer);
    for (let w = 0; w < size - 1; w++) {
      const channel = new threads.MessageChannel();
      const worker = new threads.Worker(WORKER_SOURCE, {
        eval: true,
        name: `arraylint kernels ${w + 1}`,
        workerData: {
          memory: host.memory,
          module: host.module,
          control: controlBuffer,
          args: argsBuffer,
          partials: partialsBuffer,
          states: statesBuffer,
          port: channel.port2,
          index: w,
          exportNames: this.exportNames,
        },
        transferList: [channel.port2],
      });
      worker.unref();
      channel.port1.unref?.();
      worker.on("error", (error) => this.fail(`a kernel worker failed: ${(error as Error)?.message ?? String(error)}`));
      worker.on("exit", (code) => {
        if (!this.stopping) this.fail(`a kernel worker exited (code ${String(code)})`);
      });
      this.workers.push(worker);
      this.ports.push(channel.port1);
    }
  }

  /** Drop the JS kernels with ids below `below` (here and, when they next read their port, in the workers). */
  forget(below: number): void {
    for (const id of this.sent) if (id < below) this.sent.delete(id);
    for (const port of this.ports) port.postMessage({ forgetBelow: below });
  }

  /** Workers awake on a task right now (0 between calls: they sleep in Atomics.wait). */
  busy(): number {
    let n = 0;
    for (let w = 0; w < this.workers.length; w++) n += Atomics.load(this.control, C_BUSY + w);
    return n;
  }

  /** Chunks the workers have run since the pool started. */
  workerChunks(): number {
    let n = 0;
    for (let w = 0; w < this.workers.length; w++) n += Atomics.load(this.control, C_WORK + w);
    return n;
  }

  /** Workers that have started and are alive (their loop runs). */
  alive(): number {
    let n = 0;
    for (let w = 0; w < this.workers.length; w++) n += Atomics.load(this.control, C_ALIVE + w);
    return n;
  }

  /** Give the pool up: warn once, stop the workers; the runtime continues on one thread. */
  fail(reason: string): void {
    if (this.broken) return;
    this.broken = true;
    brokenReason = reason;
    warn(`arraylint runtime: ${reason}; continuing on one thread`);
    // during a task, run() stops the workers once the live ones are done with their chunks
    if (!this.running) this.shutdown();
  }

  shutdown(): void {
    this.stopping = true;
    for (const worker of this.workers) void worker.terminate().catch(() => undefined);
    for (const port of this.ports) port.close();
  }

  /** Run `task` on the main thread and every awake worker; returns when every chunk is done. */
  run(task: Task): void {
    const ctl = this.control;
    const chunks = Math.ceil(task.n / task.chunk);
    if (chunks === 0) return;
    if (chunks > MAX_CHUNKS) throw new RangeError(`threads: ${chunks} chunks exceed ${MAX_CHUNKS}`);
    if (task.args.length > MAX_ARGS) throw new RangeError(`threads: ${task.args.length} arguments exceed ${MAX_ARGS}`);
    const fnIndex = typeof task.fn === "string" ? this.exportNames.indexOf(task.fn) : task.fn;
    if (fnIndex < 0) throw new Error(`threads: no WASM export '${String(task.fn)}'`);
    if (task.kind === K_JS_MAP && !this.sent.has(fnIndex)) {
      // before publishing: a worker reads the body synchronously (receiveMessageOnPort) when it first needs it
      const body = jsBodies.get(fnIndex);
      if (body === undefined) throw new Error(`threads: JS kernel ${fnIndex} is no longer registered`);
      for (const port of this.ports) port.postMessage({ id: fnIndex, body });
      this.sent.add(fnIndex);
    }
    this.tasks++;
    ctl[C_KIND] = task.kind;
    ctl[C_FN] = fnIndex;
    ctl[C_NARGS] = task.args.length;
    ctl[C_N] = task.n;
    ctl[C_CHUNK] = task.chunk;
    ctl[C_CHUNKS] = chunks;
    ctl[C_OUT] = task.out ?? -1;
    for (let i = 0; i < task.args.length; i++) {
      this.argv[i] = task.args[i];
      ctl[C_TYPES + i] = task.types[i];
    }
    this.states.fill(S_FREE, 0, chunks);
    Atomics.store(ctl, C_DONE, 0);
    Atomics.store(ctl, C_FAILED, 0);
    const gen = (this.gen = (this.gen + 1) | 0);
    const tag = (gen & TAG_MASK) << 16;
    Atomics.store(ctl, C_NEXT, tag);
    Atomics.store(ctl, C_GEN, gen);
    Atomics.notify(ctl, C_GEN, Math.min(this.workers.length, chunks - 1));

    this.running = true;
    try {
      this.work(task, fnIndex, chunks, tag);
    } finally {
      this.running = false;
      // a failure inside the task stops the workers only now: stopping one mid-chunk would strand its chunk
      if (this.broken) this.shutdown();
    }
  }

  /** run()'s part after publishing: claim chunks, wait for the workers' ones, recover failures. */
  private work(task: Task, fnIndex: number, chunks: number, tag: number): void {
    const ctl = this.control;
    // the main thread claims chunks like any worker
    let slowestMs = 0;
    let failure: unknown = undefined;
    for (;;) {
      const claim = Atomics.load(ctl, C_NEXT);
      const c = claim & 0xffff;
      if (c >= chunks) break;
      if (Atomics.compareExchange(ctl, C_NEXT, claim, claim + 1) !== claim) continue;
      Atomics.store(this.states, c, S_OWNED);
      const t0 = clock.now();
      const lo = c * task.chunk;
      try {
        this.runChunk(task, fnIndex, lo, Math.min(task.n, lo + task.chunk), c);
      } catch (error) {
        // stop handing out chunks (the unclaimed ones count as done), let the workers finish
        // theirs, then rethrow: the next task must not start while a worker is still on this one
        failure = error;
        let rest = Atomics.load(ctl, C_NEXT);
        while (Atomics.compareExchange(ctl, C_NEXT, rest, tag | chunks) !== rest) rest = Atomics.load(ctl, C_NEXT);
        Atomics.add(ctl, C_DONE, chunks - Math.min(chunks, rest & 0xffff));
      }
      slowestMs = Math.max(slowestMs, clock.now() - t0);
      Atomics.store(this.states, c, S_DONE);
      Atomics.add(ctl, C_DONE, 1);
      if (failure !== undefined) break;
    }

    // wait for the chunks the workers claimed
    let recovered = 0;
    const patience = HANG_MS + 100 * slowestMs;
    let lastDone = -1;
    let progressAt = clock.now();
    for (;;) {
      const done = Atomics.load(ctl, C_DONE);
      if (done + recovered >= chunks) break;
      if (done !== lastDone) {
        lastDone = done;
        progressAt = clock.now();
      }
      Atomics.wait(ctl, C_DONE, done, WAIT_SLICE_MS);
      if (Atomics.load(ctl, C_DONE) + recovered >= chunks) break;
      // a dead worker's chunks will never finish: take them over
      for (let w = 0; w < this.workers.length; w++) {
        if (Atomics.load(ctl, C_ALIVE + w) !== 0) continue;
        for (let c = 0; c < chunks; c++) {
          if (Atomics.load(this.states, c) !== S_OWNED + w + 1) continue;
          this.recover(task, fnIndex, c, `kernel worker ${w + 1} died`);
          recovered++;
        }
      }
      if (clock.now() - progressAt > patience) {
        this.fail(`no kernel chunk finished within ${Math.round(patience)} ms`);
        for (let c = 0; c < chunks; c++) {
          const s = Atomics.load(this.states, c);
          if (s === S_DONE || s === S_FAILED) continue;
          this.recover(task, fnIndex, c, "a kernel worker hung");
          recovered++;
        }
        break;
      }
    }
    if (failure !== undefined) throw failure;
    if (Atomics.load(ctl, C_FAILED) > 0) {
      for (let c = 0; c < chunks; c++) if (Atomics.load(this.states, c) === S_FAILED) this.recover(task, fnIndex, c, "a kernel worker threw");
    }
  }

  private recover(task: Task, fnIndex: number, c: number, reason: string): void {
    this.fail(reason);
    if (task.inPlace && task.kind !== K_WASM_REDUCE) {
      throw new Error(`arraylint runtime: ${reason} during an in-place operation; its output may be partly updated (threads are now off)`);
    }
    const lo = c * task.chunk;
    this.runChunk(task, fnIndex, lo, Math.min(task.n, lo + task.chunk), c);
    Atomics.store(this.states, c, S_DONE);
  }

  /** The main thread's side of worker-source.ts's runChunk: the same calls on the same memory. */
  private runChunk(task: Task, fnIndex: number, lo: number, hi: number, c: number): void {
    const len = hi - lo;
    const a = task.args;
    if (task.kind === K_MATMUL) {
      const k = a[4], n = a[5], eb = a[8];
      this.host.exports[this.exportNames[fnIndex]](a[0] + lo * k * eb, a[1], a[2] + lo * n * eb, len, k, n, a[6]);
      return;
    }
    if (task.kind === K_RANGE) {
      this.host.exports[this.exportNames[fnIndex]](...a, lo, hi);
      return;
    }
    if (task.kind === K_TEST) {
      // give the workers time to claim chunks of this test task
      Atomics.wait((testSleep ??= new Int32Array(new SharedArrayBuffer(4))), 0, 0, 1);
      if (task.fn === 3) throw new Error("test: a chunk failed on the calling thread");
      return;
    }
    if (task.kind === K_JS_MAP) {
      const buffer = this.host.memory.buffer;
      const operands: unknown[] = new Array(a.length);
      for (let i = 0; i < a.length; i++) {
        const type = task.types[i];
        if (type === T_SCALAR) operands[i] = a[i];
        else {
          const View = VIEW_CONSTRUCTORS[type >> 8]!;
          const stride = type & 0xff;
          operands[i] = new View(buffer, a[i] + lo * stride, (len * stride) / (View as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT);
        }
      }
      const out = task.out === undefined || task.out < 0 ? EMPTY : operands[task.out];
      compiled(fnIndex)(len, out, operands);
      return;
    }
    const call: number[] = new Array(a.length + 1);
    for (let i = 0; i < a.length; i++) call[i] = task.types[i] === T_SCALAR ? a[i] : a[i] + lo * (task.types[i] & 0xff);
    call[a.length] = len;
    const result = this.host.exports[this.exportNames[fnIndex]](...call);
    if (task.kind === K_WASM_REDUCE) this.partials[c] = result;
  }
}

let pool: Pool | null = null;
let brokenReason: string | null = null;
/** why there is no pool (null: not decided yet) */
let unavailable: string | null = null;
let hostSource: (() => PoolHost | null) | null = null;

/** The kernels layer tells the pool where the WASM memory and module are (called once). */
export function setPoolHost(source: () => PoolHost | null): void {
  hostSource = source;
}

function startPool(): Pool | null {
  const threads = requestedThreads();
  if (threads <= 1) return null;
  const wt = builtin<WorkerThreads>("node:worker_threads");
  if (wt === undefined || typeof SharedArrayBuffer !== "function" || typeof Atomics?.wait !== "function") {
    unavailable = "worker_threads or SharedArrayBuffer unavailable";
    return null;
  }
  const host = hostSource?.() ?? null;
  if (host === null || !(host.memory.buffer instanceof SharedArrayBuffer)) {
    unavailable = "no shared WebAssembly memory";
    return null;
  }
  try {
    return new Pool(wt, host, threads);
  } catch (error) {
    unavailable = `could not start workers: ${(error as Error).message}`;
    return null;
  }
}

/**
 * Threads a kernel call can use now: 1 + the workers that are up (1 when threads are off,
 * unavailable or broken). Starts the pool on first use; workers join as they come up.
 */
export function parallelism(): number {
  if (pool === null) {
    if (unavailable !== null) return 1;
    pool = startPool();
    if (pool === null) {
      unavailable ??= "threads: 1";
      return 1;
    }
  }
  if (pool.broken) return 1;
  return Math.min(limit, 1 + pool.alive());
}

let limit = Infinity;

/**
 * Benchmarks only: cap parallelism() without stopping the pool (null: no cap), so one process can
 * interleave single-threaded and threaded runs of the same kernels.
 */
export function limitThreads(max: number | null): void {
  limit = max ?? Infinity;
}

/** Run a task on the pool (callers check parallelism() > 1 first). */
export function runParallel(task: Task): Float64Array {
  if (pool === null || pool.broken) throw new Error("threads: no pool");
  pool.run(task);
  return pool.partials;
}

/** The worker pool's state (nd.threadInfo()). */
export interface ThreadInfo {
  /** threads asked for (nd.config({ threads }), ARRAYLINT_THREADS or the core count) */
  threads: number;
  /** worker threads started and alive (the calling thread is the other one) */
  workers: number;
  /** workers awake on a task right now: 0 between calls */
  busy: number;
  /** calls that ran on the pool */
  tasks: number;
  /** chunks the workers ran (the calling thread's are not counted) */
  workerChunks: number;
  /** why every call runs on the calling thread, or null */
  singleThreaded: string | null;
}

export function threadInfo(): ThreadInfo {
  const p = pool;
  const threads = requestedThreads();
  let reason: string | null = null;
  if (threads <= 1) reason = "threads: 1";
  else if (p?.broken) reason = brokenReason ?? "a worker failed";
  else if (p === null) reason = unavailable ?? "no large call yet (workers start on the first one)";
  return {
    threads,
    workers: p === null || p.broken ? 0 : p.alive(),
    busy: p === null || p.broken ? 0 : p.busy(),
    tasks: p?.tasks ?? 0,
    workerChunks: p?.workerChunks() ?? 0,
    singleThreaded: reason,
  };
}

/** Tests only: make the workers fail in the middle of a task, the ways a real failure would look. */
export const testHooks = {
  /**
   * A task of 64 chunks whose worker chunks throw (mode 1), whose worker 0 exits mid-task while the
   * others work (mode 2),
   * or whose chunks on the calling thread throw (mode 3: the call throws once the workers are done).
   */
  failWorkers(mode: 1 | 2 | 3): void {
    if (parallelism() <= 1) throw new Error("testHooks.failWorkers: no workers are up");
    runParallel({ kind: K_TEST, fn: mode, args: [], types: [], n: 64, chunk: 1 });
  },
  /** Workers that are up (for waiting until the pool is ready). */
  alive(): number {
    return pool === null || pool.broken ? 0 : pool.alive();
  },
};

export { K_WASM_MAP, K_WASM_REDUCE, K_JS_MAP, K_MATMUL, K_RANGE, K_TEST, T_SCALAR } from "./protocol";
