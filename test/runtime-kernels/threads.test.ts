// Worker-thread kernels (runtime/threads, runtime/kernels/parallel.ts): every result is the same
// bits with 1, 2 and 4 threads; reductions follow their documented fixed chunk order; a failing
// worker falls back to one thread with a warning; the pool never keeps a process alive.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import * as nd from "../../runtime/index";
import { allocate, binaryKernel, binaryScalarFirstKernel, dotKernel, matmulKernel, sumKernel, unaryKernel } from "../../runtime/kernels/index";
import { PARALLEL_MIN, REDUCTION_CHUNK, TUNING, combinePartials } from "../../runtime/kernels/parallel";
import { evaluate } from "../../runtime/evaluate";
import { parallelism, testHooks, threadInfo } from "../../runtime/threads/pool";

const saved = { ...PARALLEL_MIN, ...TUNING };

/** every eligible call goes to the pool (the cost model otherwise keeps test-sized calls local) */
function forcePool(): void {
  PARALLEL_MIN.wasmMap = 1;
  PARALLEL_MIN.reduce = 1;
  PARALLEL_MIN.matmul = 1;
  PARALLEL_MIN.jsMap = 1;
  TUNING.jsMapMinNs = 0;
  TUNING.copyNsPerElement = 0;
  TUNING.mustSave = Infinity;
}

function restoreTuning(): void {
  PARALLEL_MIN.wasmMap = saved.wasmMap;
  PARALLEL_MIN.reduce = saved.reduce;
  PARALLEL_MIN.matmul = saved.matmul;
  PARALLEL_MIN.jsMap = saved.jsMap;
  TUNING.jsMapMinNs = saved.jsMapMinNs;
  TUNING.copyNsPerElement = saved.copyNsPerElement;
  TUNING.mustSave = saved.mustSave;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Set the thread count and wait until its workers are up. */
async function useThreads(threads: number): Promise<void> {
  nd.config({ threads });
  parallelism(); // starts the pool
  for (let i = 0; i < 400 && testHooks.alive() < threads - 1; i++) await sleep(25);
  assert.equal(testHooks.alive(), threads - 1, `${threads - 1} workers up`);
}

/** Deterministic values with the awkward ones mixed in: NaN, ±0, ±Infinity, subnormals, huge. */
function values(n: number, seed: number, f32 = false): Float64Array | Float32Array {
  const x = f32 ? allocate("float32", n) : allocate("float64", n);
  let s = seed >>> 0;
  const specials = [NaN, -0, 0, Infinity, -Infinity, 5e-324, -1e300, 1e-310];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = s % 997 === 0 ? specials[s % specials.length] : (s / 4294967296 - 0.3) * 7;
  }
  return x;
}

/** A WASM-resident copy with the non-finite values replaced. */
function finite(x: Float64Array | Float32Array, fill: number): Float64Array | Float32Array {
  const y = x instanceof Float32Array ? allocate("float32", x.length) : allocate("float64", x.length);
  for (let i = 0; i < x.length; i++) y[i] = Number.isFinite(x[i]) ? x[i] : fill;
  return y;
}

function bits(x: ArrayBufferView | number | boolean): string {
  if (typeof x === "number") return Buffer.from(new Float64Array([x]).buffer).toString("hex");
  if (typeof x === "boolean") return String(x);
  return Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString("base64");
}

/** A battery of calls that go to the pool when it is up; returns each result's bits by name. */
function battery(): Map<string, string> {
  const out = new Map<string, string>();
  const n = 40_003; // odd: chunk tails
  for (const f32 of [false, true]) {
    const t = f32 ? "f32" : "f64";
    const a = values(n, 1, f32), b = values(n, 2, f32);
    const o = f32 ? allocate("float32", n) : allocate("float64", n);
    for (const op of ["add", "subtract", "multiply", "divide"] as const) {
      binaryKernel(op, a, b, o);
      out.set(`${op} ${t}`, bits(o));
      binaryKernel(op, a, 0.1, o);
      out.set(`${op} scalar ${t}`, bits(o));
      binaryScalarFirstKernel(op, 0.1, b, o);
      out.set(`${op} scalar first ${t}`, bits(o));
    }
    for (const op of ["sqrt", "abs", "negative"] as const) {
      unaryKernel(op, a, o);
      out.set(`${op} ${t}`, bits(o));
    }
    binaryKernel("add", a, 1, a.subarray(0) as typeof a); // in place (exact alias)
    out.set(`in place ${t}`, bits(a));
    for (const fn of ["exp", "sin", "log", "tanh", "arctan"] as const) {
      // twice: the first large call measures the kernel's cost, the second may go to the pool
      for (let r = 0; r < 2; r++) out.set(`nd.${fn} ${t} resident`, bits(nd[fn](nd.asarray(b)).data as ArrayBufferView));
      const plainIn = f32 ? Float32Array.from(b) : Float64Array.from(b);
      const plainOut = f32 ? new Float32Array(n) : new Float64Array(n);
      for (let r = 0; r < 2; r++) nd[fn](plainIn, { out: plainOut });
      out.set(`nd.${fn} ${t} plain`, bits(plainOut));
    }
    // power: Math.pow on every thread (array and scalar exponents)
    const A = nd.asarray(a), B = nd.asarray(b);
    for (let r = 0; r < 2; r++) {
      out.set(`power array ${t}`, bits(nd.power(A, B).data as ArrayBufferView));
      out.set(`power scalar ${t}`, bits(nd.power(A, 0.37).data as ArrayBufferView));
    }
    for (const len of [65535, 65536, 65537, 5 * 65536 + 5]) {
      const x = values(len, 3, f32), y = values(len, 4, f32);
      // NaN-free copies too, so the sums carry their rounding rather than NaN
      const xf = finite(x, 0.5), yf = finite(y, 0.25);
      out.set(`sum ${t} ${len}`, bits(sumKernel(x)));
      out.set(`sum ${t} ${len} finite`, bits(sumKernel(xf)));
      out.set(`dot ${t} ${len} finite`, bits(dotKernel(xf, yf)));
    }
    for (const [m, k, p] of [[130, 67, 45], [257, 129, 33], [64, 64, 64], [9, 300, 7]]) {
      const x = values(m * k, 5, f32), y = values(k * p, 6, f32);
      const z = f32 ? allocate("float32", m * p) : allocate("float64", m * p);
      matmulKernel(x, y, z, m, k, p);
      out.set(`matmul ${t} ${m}x${k}x${p}`, bits(z));
      // plain arrays are copied into WASM memory, then the same row blocks
      const pz = f32 ? new Float32Array(m * p) : new Float64Array(m * p);
      matmulKernel(f32 ? Float32Array.from(x) : Float64Array.from(x), f32 ? Float32Array.from(y) : Float64Array.from(y), pz, m, k, p);
      out.set(`matmul plain ${t} ${m}x${k}x${p}`, bits(pz));
    }
  }
  // evaluate: plain and resident operands, complex, bool, assigning programs, repeat/until
  const x = values(n, 7) as Float64Array, y = values(n, 8) as Float64Array;
  const px = Float64Array.from(x), py = Float64Array.from(y), po = new Float64Array(n);
  for (let r = 0; r < 2; r++) evaluate("x * y + sin(x) / (1 + y * y)", { x: px, y: py }, { out: po });
  out.set("evaluate plain", bits(po));
  for (let r = 0; r < 2; r++) out.set("evaluate resident", bits(evaluate("exp(-x * x) * cos(y) + 0.5", { x, y }) as Float64Array));
  for (let r = 0; r < 2; r++) out.set("evaluate bool", bits(evaluate("(sin(x) > y) | (x != x)", { x, y }) as Uint8Array));
  const zc = { data: allocate("complex128", n), shape: [n], dtype: "complex128" };
  const cc = { data: values(2 * n, 9) as Float64Array, shape: [n], dtype: "complex128" };
  for (let r = 0; r < 2; r++) evaluate("z * z + c", { z: cc, c: cc }, { out: zc });
  out.set("evaluate complex", bits(zc.data));
  const u = Float64Array.from(x), v = allocate("float64", n);
  v.set(y);
  for (let r = 0; r < 2; r++) evaluate("u = u * 0.5 + sin(v); v = v - u", { u, v });
  out.set("evaluate assign u", bits(u));
  out.set("evaluate assign v", bits(v));
  const m = 20_000;
  const re = allocate("float64", m), im = allocate("float64", m);
  for (let i = 0; i < m; i++) {
    re[i] = -2 + (2.5 * (i % 200)) / 199;
    im[i] = -1.2 + (2.4 * Math.floor(i / 200)) / 99;
  }
  const c = { data: allocate("complex128", m), shape: [m], dtype: "complex128" };
  for (let i = 0; i < m; i++) {
    c.data[2 * i] = re[i];
    c.data[2 * i + 1] = im[i];
  }
  for (let r = 0; r < 2; r++) {
    const z = { data: allocate("complex128", m), shape: [m], dtype: "complex128" };
    const it = allocate("float64", m);
    evaluate("z = z*z + c; k = where(real(z)*real(z) + imag(z)*imag(z) > 4, it, k)", { z, c, k: it }, { repeat: 60, until: "k != 0", iteration: "it" });
    out.set("evaluate repeat", bits(it) + bits(z.data));
  }
  return out;
}

describe("worker threads", () => {
  before(() => forcePool());
  after(async () => {
    restoreTuning();
    nd.config({ threads: 1 });
  });

  test("every kernel gives the same bits with 1, 2 and 4 threads, and the workers do take chunks", async () => {
    await useThreads(1);
    const reference = battery();
    assert.equal(threadInfo().tasks, 0, "one thread: the pool is never used");
    for (const threads of [2, 4]) {
      await useThreads(threads);
      const before = threadInfo();
      const got = battery();
      for (let i = 0; i < 40 && threadInfo().busy > 0; i++) await sleep(5); // a worker may still be on its way back to sleep
      const after = threadInfo();
      assert.ok(after.tasks - before.tasks > 50, `${threads} threads: the calls went to the pool (${after.tasks - before.tasks} tasks)`);
      assert.ok(after.workerChunks - before.workerChunks > 0, `${threads} threads: workers ran chunks`);
      assert.equal(after.busy, 0, "no worker is left busy");
      const differ = [...reference].filter(([name, value]) => got.get(name) !== value).map(([name]) => name);
      assert.deepEqual(differ, [], `results that differ with ${threads} threads from 1 thread`);
    }
  });

  test("sum and dot add fixed chunks of 65,536 in order with Neumaier compensation, whatever the thread count", async () => {
    const documentedSum = (x: Float64Array): number => {
      const partials = new Float64Array(Math.ceil(x.length / REDUCTION_CHUNK));
      for (let c = 0; c < partials.length; c++) partials[c] = sumKernel(x.subarray(c * REDUCTION_CHUNK, Math.min(x.length, (c + 1) * REDUCTION_CHUNK)));
      return combinePartials(partials, partials.length);
    };
    // chunk sums 1e16, 1, -1e16, 1, 1: a left-to-right sum of them gives 2, the compensated one 3
    const cancel = allocate("float64", 5 * REDUCTION_CHUNK - 7);
    cancel[0] = 1e16;
    cancel[REDUCTION_CHUNK + 5] = 1;
    cancel[2 * REDUCTION_CHUNK] = -1e16;
    cancel[3 * REDUCTION_CHUNK + 9] = 1;
    cancel[5 * REDUCTION_CHUNK - 8] = 1;
    const noisy = values(REDUCTION_CHUNK + 1, 11) as Float64Array;
    for (let i = 0; i < noisy.length; i++) if (!Number.isFinite(noisy[i])) noisy[i] = 1e15;
    for (const x of [cancel, noisy]) {
      await useThreads(1);
      const documented = documentedSum(x);
      assert.equal(bits(sumKernel(x)), bits(documented), "one thread");
      assert.equal(bits(sumKernel(Float64Array.from(x))), bits(documented), "plain array (JS kernel)");
      assert.equal(bits(dotKernel(x, nd.ones([x.length]).data as Float64Array)), bits(documented), "dot with ones");
      await useThreads(2);
      assert.equal(bits(sumKernel(x)), bits(documented), "two threads");
      assert.equal(bits(dotKernel(x, nd.ones([x.length]).data as Float64Array)), bits(documented), "dot, two threads");
    }
    assert.equal(sumKernel(cancel), 3);
  });

  test("a worker that throws: its chunks are redone on the calling thread, a warning, then one thread", async () => {
    await useThreads(2);
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    try {
      for (let attempt = 0; attempt < 5 && threadInfo().singleThreaded === null; attempt++) testHooks.failWorkers(1);
      await sleep(10);
      assert.match(threadInfo().singleThreaded ?? "", /threw/);
      assert.ok(warnings.some((w) => /kernel worker threw; continuing on one thread/.test(w)), `warned: ${warnings.join(" | ")}`);
      assert.equal(parallelism(), 1);
      const x = values(300_000, 12) as Float64Array;
      const tasks = threadInfo().tasks;
      const s = sumKernel(x);
      assert.equal(threadInfo().tasks, tasks, "later calls stay on the calling thread");
      nd.config({ threads: 1 });
      assert.equal(bits(sumKernel(x)), bits(s));
    } finally {
      process.off("warning", onWarning);
    }
  });

  test("a worker that dies mid-task: detected at once, its chunks redone, the others finish theirs, a warning, then one thread", async () => {
    await useThreads(4);
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    try {
      const t0 = Date.now();
      for (let attempt = 0; attempt < 5 && threadInfo().singleThreaded === null; attempt++) testHooks.failWorkers(2);
      assert.ok(Date.now() - t0 < 3000, "no wait for the hang timeout");
      await sleep(50);
      assert.match(threadInfo().singleThreaded ?? "", /died|exited/);
      assert.ok(warnings.some((w) => /continuing on one thread/.test(w)), `warned: ${warnings.join(" | ")}`);
      // a new thread count starts a fresh pool
      await useThreads(2);
      assert.equal(threadInfo().singleThreaded, null);
    } finally {
      process.off("warning", onWarning);
    }
  });

  test("a chunk that throws on the calling thread: the call throws after the workers finish theirs, and the pool stays usable", async () => {
    await useThreads(2);
    for (let i = 0; i < 3; i++) assert.throws(() => testHooks.failWorkers(3), /failed on the calling thread/);
    assert.equal(threadInfo().singleThreaded, null);
    // a worker woken for the task goes back to Atomics.wait on its own time: give a descheduled one
    // (a loaded machine) up to 10 s; the test failed once under load, and 200 ms was its likeliest cause
    for (let i = 0; i < 2000 && threadInfo().busy > 0; i++) await sleep(5);
    assert.equal(threadInfo().busy, 0, "no worker is still on the failed task");
    const x = values(300_003, 13) as Float64Array;
    const before = threadInfo().tasks;
    const s = sumKernel(x);
    assert.equal(threadInfo().tasks, before + 1, "the next call runs on the pool");
    nd.config({ threads: 1 });
    assert.equal(bits(sumKernel(x)), bits(s));
  });

  test("many generated expressions: older JS kernels are dropped on every thread, new ones keep working", async () => {
    await useThreads(2);
    const n = 50_000;
    const x = allocate("float64", n);
    for (let i = 0; i < n; i++) x[i] = i / 7;
    const chunksBefore = threadInfo().workerChunks;
    for (let k = 0; k < 600; k++) {
      const source = `x * ${k} + 1`;
      let r = evaluate(source, { x }) as Float64Array; // the first call measures the cost
      r = evaluate(source, { x }) as Float64Array;
      for (const i of [0, 1, n >> 1, n - 1]) assert.equal(r[i], x[i] * k + 1, `${source} at ${i}`);
    }
    assert.ok(threadInfo().workerChunks > chunksBefore, "the workers ran some of them");
    assert.equal(threadInfo().singleThreaded, null);
  });

  test("nd.config validates threads; nd.threadInfo reports the pool", () => {
    assert.throws(() => nd.config({ threads: 0 }), /threads must be an integer from 1/);
    assert.throws(() => nd.config({ threads: 2.5 }), /threads must be an integer/);
    assert.throws(() => nd.config({ thread: 2 } as never), /unknown setting 'thread'/);
    nd.config({ threads: 1 });
    assert.deepEqual(nd.config(), { threads: 1 });
    assert.equal(nd.threadInfo().singleThreaded, "threads: 1");
  });
});

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

test("10,000 mixed calls with threads on: results match one thread, no worker left busy, and the process exits by itself", () => {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ["--import", "tsx", fixture("threads-soak.ts")], {
    encoding: "utf8",
    timeout: 90_000,
    env: { ...process.env, ARRAYLINT_THREADS: "2" },
  });
  assert.equal(r.signal, null, `the process exited by itself (it was killed after ${Date.now() - t0} ms)\n${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout.trim().split("\n").pop()!);
  assert.equal(report.calls, 10_000);
  assert.equal(report.mismatches, 0);
  assert.equal(report.busy, 0);
  assert.ok(report.tasks > 1000, `calls went to the pool: ${report.tasks}`);
  assert.ok(report.workerChunks > 0, "workers ran chunks");
  assert.equal(report.singleThreaded, null);
});

test("ARRAYLINT_THREADS: 1 starts no worker; a bad value warns and means 1", () => {
  const script = `const nd = require(${JSON.stringify(fileURLToPath(new URL("../../runtime/index.ts", import.meta.url)))});
    const x = nd.ones([3_000_000]); nd.sum(x); nd.exp(x); nd.exp(x);
    console.log(JSON.stringify({ config: nd.config(), info: nd.threadInfo() }));`;
  for (const [value, warns] of [["1", false], ["lots", true]] as const) {
    const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { encoding: "utf8", timeout: 60_000, env: { ...process.env, ARRAYLINT_THREADS: value } });
    assert.equal(r.status, 0, r.stderr);
    const { config, info } = JSON.parse(r.stdout);
    assert.equal(config.threads, 1);
    assert.equal(info.tasks, 0);
    assert.equal(info.workers, 0);
    assert.equal(/ARRAYLINT_THREADS: threads must be an integer/.test(r.stderr), warns, r.stderr);
  }
});

test("without worker_threads (a browser, node < 20.16) or without shared memory, every call runs on the calling thread", () => {
  const entry = JSON.stringify(fileURLToPath(new URL("../../runtime/index.ts", import.meta.url)));
  const memory = JSON.stringify(fileURLToPath(new URL("../../runtime/memory.ts", import.meta.url)));
  const work = `const x = nd.arange(3_000_000).astype("float64"); const s = nd.sum(x); nd.exp(x); nd.exp(x);
    console.log(JSON.stringify({ s, info: nd.threadInfo() }));`;
  for (const [setup, reason] of [
    ["delete process.getBuiltinModule; const nd = require(" + entry + ");", /worker_threads or SharedArrayBuffer unavailable/],
    ["require(" + memory + ").configureMemory({ shared: false }); const nd = require(" + entry + ");", /no shared WebAssembly memory/],
  ] as const) {
    const r = spawnSync(process.execPath, ["--import", "tsx", "-e", setup + work], { encoding: "utf8", timeout: 60_000, env: { ...process.env, ARRAYLINT_THREADS: "2" } });
    assert.equal(r.status, 0, r.stderr);
    const { s, info } = JSON.parse(r.stdout);
    assert.equal(s, 4499998500000);
    assert.equal(info.tasks, 0);
    assert.match(info.singleThreaded, reason);
  }
});

test("the bundled runtime (dist/runtime/index.cjs and index.mjs) starts its workers from the single file", () => {
  const dist = fileURLToPath(new URL("../../dist/runtime/", import.meta.url));
  const body = (nd: string) => `
    const n = 4_000_000;
    const x = ${nd}.arange(n).astype("float64");
    const sleeper = new Int32Array(new SharedArrayBuffer(4));
    const sums = [];
    for (const threads of [1, 2]) {
      ${nd}.config({ threads });
      // workers start in the background (slowly on a loaded machine); calls meanwhile run here
      const until = Date.now() + 30000;
      while (threads > 1 && ${nd}.threadInfo().workerChunks === 0 && Date.now() < until) { ${nd}.sum(x); Atomics.wait(sleeper, 0, 0, 5); }
      const e = ${nd}.exp(${nd}.multiply(x, 1e-7));
      sums.push([${nd}.sum(x), ${nd}.sum(e), ${nd}.dot(e, e), ${nd}.sum(${nd}.exp(${nd}.multiply(x, 1e-7)))]);
    }
    console.log(JSON.stringify({ sums, info: ${nd}.threadInfo() }));`;
  const runs = [
    spawnSync(process.execPath, ["-e", `const nd = require(${JSON.stringify(dist + "index.cjs")});${body("nd")}`], { encoding: "utf8", timeout: 60_000 }),
    spawnSync(process.execPath, ["--input-type=module", "-e", `import * as nd from ${JSON.stringify(dist + "index.mjs")};${body("nd")}`], { encoding: "utf8", timeout: 60_000 }),
  ];
  for (const r of runs) {
    assert.equal(r.status, 0, `${r.stderr}\n(npm run build:runtime builds dist/runtime)`);
    const { sums, info } = JSON.parse(r.stdout);
    assert.deepEqual(sums[1], sums[0], "the same results with 2 threads");
    assert.ok(info.tasks > 0 && info.workerChunks > 0, `the pool ran: ${JSON.stringify(info)}`);
  }
});
