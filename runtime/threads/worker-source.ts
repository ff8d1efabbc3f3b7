// The kernel worker's code, as a string run with `new Worker(source, { eval: true })`.
//
// Why a string: the runtime is bundled into one file (dist/runtime/index.mjs / index.cjs) and may
// be bundled again into a user's application, so a worker cannot re-load "this module" by path
// (it might be the user's whole app). Function.prototype.toString of a TS function is no better:
// tsx and esbuild's keepNames insert helper calls (`__name(...)`) that do not exist in the worker.
// The worker needs nothing from the runtime anyway: it gets the compiled WASM module, the shared
// WebAssembly.Memory and the control buffers in `workerData`, and JS kernels as source text over a
// MessagePort (read synchronously with receiveMessageOnPort while the main thread waits).
//
// Protocol: runtime/threads/protocol.ts. Keep this code plain ES2022 (no TypeScript).
import {
  C_GEN, C_NEXT, C_DONE, C_CHUNKS, C_KIND, C_FN, C_NARGS, C_N, C_CHUNK, C_OUT, C_FAILED, C_TYPES, C_ALIVE, C_BUSY, C_WORK,
  K_WASM_MAP, K_WASM_REDUCE, K_JS_MAP, K_MATMUL, K_RANGE, K_TEST, T_SCALAR, VIEWS, S_DONE, S_FAILED, S_OWNED, TAG_MASK,
} from "./protocol";

export const WORKER_SOURCE = `"use strict";
// not require(): an eval worker runs as an ES module when the process was started with --input-type=module
const { workerData, receiveMessageOnPort } = process.getBuiltinModule("node:worker_threads");
const { memory, module, control, args: argsBuffer, partials: partialsBuffer, states: statesBuffer, port, index, exportNames } = workerData;
const ctl = new Int32Array(control);
const args = new Float64Array(argsBuffer);
const partials = new Float64Array(partialsBuffer);
const states = new Int32Array(statesBuffer);
const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
const wasm = exportNames.map((name) => exports[name]);
const VIEWS = ${JSON.stringify(VIEWS)}.map((name) => (name === "" ? null : globalThis[name]));
const kernels = new Map();
const EMPTY = new Float64Array(0);
const me = ${S_OWNED} + index + 1;

// tell the main thread this worker is gone, whatever the way out (process.exit, an uncaught error)
process.on("exit", () => {
  Atomics.store(ctl, ${C_ALIVE} + index, 0);
  Atomics.store(ctl, ${C_BUSY} + index, 0);
  Atomics.notify(ctl, ${C_DONE});
});

function kernel(id) {
  let fn = kernels.get(id);
  while (fn === undefined) {
    // the main thread posts a kernel's source before the first task that uses it
    const message = receiveMessageOnPort(port);
    if (message === undefined) throw new Error("kernel " + id + " was never sent");
    const m = message.message;
    if (m.forgetBelow !== undefined) {
      // the main thread dropped its older kernels (a long run of generated expressions)
      for (const old of kernels.keys()) if (old < m.forgetBelow) kernels.delete(old);
    } else kernels.set(m.id, new Function("n", "out", "operands", m.body));
    fn = kernels.get(id);
  }
  return fn;
}

function runChunk(kind, fnIndex, nargs, lo, hi, c) {
  const len = hi - lo;
  if (kind === ${K_MATMUL}) {
    // args: a, pack, out, m, k, n, scratch, scratchStride, element bytes; rows lo..hi
    const k = args[4], n = args[5], eb = args[8];
    wasm[fnIndex](args[0] + lo * k * eb, args[1], args[2] + lo * n * eb, len, k, n, args[6] + (index + 1) * args[7]);
    return;
  }
  if (kind === ${K_RANGE}) {
    const call = new Array(nargs + 2);
    for (let i = 0; i < nargs; i++) call[i] = args[i];
    call[nargs] = lo;
    call[nargs + 1] = hi;
    wasm[fnIndex](...call);
    return;
  }
  if (kind === ${K_TEST}) {
    if (fnIndex === 1) throw new Error("test: a kernel chunk failed in worker " + index);
    if (fnIndex === 2) {
      // worker 0 dies; the others stay busy a little, so the pool must not stop them mid-chunk
      if (index === 0) process.exit(70);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
    }
    // the calling thread's chunk throws: workers take 5 ms a chunk, so they cannot take all 64 before a
    // calling thread that a loaded machine descheduled claims one (at 0 ms they did, 3 runs in 6)
    if (fnIndex === 3) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    return;
  }
  if (kind === ${K_JS_MAP}) {
    const fn = kernel(fnIndex);
    const buffer = memory.buffer;
    const operands = new Array(nargs);
    for (let i = 0; i < nargs; i++) {
      const type = ctl[${C_TYPES} + i];
      if (type === ${T_SCALAR}) operands[i] = args[i];
      else {
        const View = VIEWS[type >> 8];
        const stride = type & 0xff;
        operands[i] = new View(buffer, args[i] + lo * stride, (len * stride) / View.BYTES_PER_ELEMENT);
      }
    }
    const outIndex = ctl[${C_OUT}];
    fn(len, outIndex < 0 ? EMPTY : operands[outIndex], operands);
    return;
  }
  const call = new Array(nargs + 1);
  for (let i = 0; i < nargs; i++) {
    const type = ctl[${C_TYPES} + i];
    call[i] = type === ${T_SCALAR} ? args[i] : args[i] + lo * (type & 0xff);
  }
  call[nargs] = len;
  const result = wasm[fnIndex](...call);
  if (kind === ${K_WASM_REDUCE}) partials[c] = result;
}

function work(gen) {
  const tag = gen & ${TAG_MASK};
  // the descriptor of task \`gen\`; only valid while a claim below succeeds (see protocol.ts)
  const kind = ctl[${C_KIND}], fnIndex = ctl[${C_FN}], nargs = ctl[${C_NARGS}];
  const total = ctl[${C_N}], chunk = ctl[${C_CHUNK}], chunks = ctl[${C_CHUNKS}];
  for (;;) {
    const claim = Atomics.load(ctl, ${C_NEXT});
    if (claim >>> 16 !== tag) return;
    const c = claim & 0xffff;
    if (c >= chunks) return;
    if (Atomics.compareExchange(ctl, ${C_NEXT}, claim, claim + 1) !== claim) continue;
    Atomics.store(states, c, me);
    let state = ${S_DONE};
    try {
      const lo = c * chunk;
      runChunk(kind, fnIndex, nargs, lo, Math.min(total, lo + chunk), c);
    } catch (error) {
      state = ${S_FAILED};
      Atomics.add(ctl, ${C_FAILED}, 1);
    }
    Atomics.store(states, c, state);
    Atomics.add(ctl, ${C_WORK} + index, 1);
    if (Atomics.add(ctl, ${C_DONE}, 1) + 1 === chunks) Atomics.notify(ctl, ${C_DONE});
  }
}

let seen = Atomics.load(ctl, ${C_GEN});
Atomics.store(ctl, ${C_ALIVE} + index, 1);
for (;;) {
  Atomics.wait(ctl, ${C_GEN}, seen);
  seen = Atomics.load(ctl, ${C_GEN});
  Atomics.store(ctl, ${C_BUSY} + index, 1);
  work(seen);
  Atomics.store(ctl, ${C_BUSY} + index, 0);
}
`;
