// The part of the child program that does not depend on the spec: input synthesis, equivalence
// check, the timing loop and the watchdog. It is JavaScript kept as a string because it runs in
// another process (plain node, or Electron as node) that must not load the server's bundle;
// harness.ts prepends the before/after functions and the configuration.
//
// Contract with harness.ts: the program defines, before this text, at module level:
//   __config            { sizes: [{ size, plan }], seed, budgetMs, startedAtMs, tolerance, scalarOutputs,
//                         targetSampleNs, maxRounds, hasAfter }
//   __callBefore(v), __callAfter(v)      one call of each variant on the argument list v
//   __timeBefore(v, k), __timeAfter(v, k) k calls, returns elapsed ns
// and calls __harness() last. The result goes to the parent with process.send (IPC), or as the
// last stdout line prefixed with HARNESS_RESULT_PREFIX when there is no IPC channel.
//
// No backticks and no dollar-brace in this text (it lives in a template literal).
export const HARNESS_RESULT_PREFIX = "@@arraylint-bench-result ";
/** What the watchdog writes to stderr before it kills the process for using too much memory. */
export const MEMORY_LIMIT_MARKER = "@@arraylint-memory-limit ";

/**
 * The watchdog: a worker thread of the child, so it runs while the main thread is inside the
 * user's code (a synchronous loop never lets a timer or an IPC 'disconnect' event fire there).
 * Every 20 ms it checks
 * - the parent: a parent killed with SIGKILL cannot kill its child, but the child is then
 *   re-parented, so process.ppid changes;
 * - the resident memory (typed arrays live outside the V8 heap that --max-old-space-size caps);
 * - its own deadline (the parent's kill timer plus a grace period, in case the parent is gone).
 * It kills the child's whole process group (the child is a group leader: spawned detached), so
 * processes the user's code started die too.
 */
export const WATCHDOG_SOURCE = String.raw`
const { workerData } = require("node:worker_threads");
const fs = require("node:fs");
const limitBytes = workerData.memoryLimitMb * 1048576;
function die() {
  try { process.kill(-process.pid, "SIGKILL"); } catch (e) { /* not a group leader (Windows) */ }
  process.kill(process.pid, "SIGKILL");
}
setInterval(function () {
  if (process.ppid !== workerData.parentPid) die();
  const rss = process.memoryUsage.rss();
  if (rss > limitBytes) {
    try { fs.writeSync(2, "\n" + workerData.marker + Math.round(rss / 1048576) + "\n"); } catch (e) { /* stderr closed */ }
    die();
  }
  if (Date.now() > workerData.deadlineMs) die();
}, 20);
`;

export const HARNESS_RUNTIME = String.raw`
function __mulberry32(seed) {
  let a = seed | 0;
  return function () {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Each variable draws from its own stream (seed mixed with its name), so adding a variable to a
// spec does not change the values of the others.
function __streamSeed(seed, name) {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

// Floats get all 53 bits of randomness (two draws): values that are multiples of 2^-32 of the
// range would add exactly, hiding a fix that reorders floating-point additions.
function __draw(random, p) {
  if (p.integer) return p.lo + Math.floor(random() * (p.hi - p.lo + 1));
  const u = (Math.floor(random() * 2097152) * 4294967296 + Math.floor(random() * 4294967296)) / 9007199254740992;
  return p.lo + u * (p.hi - p.lo);
}

function __fillArray(target, random, p) {
  if (p.fill === "zero") { target.fill(0); return target; }
  for (let i = 0; i < target.length; i++) target[i] = __draw(random, p);
  return target;
}

// A packed array, as user code builds them: new Array(n) would be "holey" in V8 and slower to index.
function __packedArray(n) {
  const a = [];
  for (let i = 0; i < n; i++) a.push(0);
  return a;
}

function __synthesize(plan, seed) {
  const values = [];
  for (const p of plan) {
    const random = __mulberry32(__streamSeed(seed, p.name));
    switch (p.kind) {
      case "typed": values.push(__fillArray(new globalThis[p.ctor](p.length), random, p)); break;
      case "array": values.push(__fillArray(__packedArray(p.length), random, p)); break;
      case "array2d": {
        const rows = [];
        for (let r = 0; r < p.rows; r++) rows.push(__fillArray(__packedArray(p.cols), random, p));
        values.push(rows);
        break;
      }
      case "scalar": values.push(__draw(random, p)); break;
      case "boolean": values.push(p.value); break;
      default: throw new Error("unknown input kind " + p.kind);
    }
  }
  return values;
}

function __clone(v) {
  if (ArrayBuffer.isView(v)) return v.slice();
  if (Array.isArray(v)) return v.map(__clone);
  return v;
}

function __copyInto(target, source) {
  if (ArrayBuffer.isView(target)) { target.set(source); return; }
  if (Array.isArray(target)) {
    target.length = source.length;
    for (let i = 0; i < source.length; i++) {
      if (Array.isArray(source[i]) && Array.isArray(target[i])) __copyInto(target[i], source[i]);
      else target[i] = __clone(source[i]);
    }
  }
}

function __isArrayLike(v) {
  return ArrayBuffer.isView(v) || Array.isArray(v);
}

// FNV-1a over the bytes of every array and the float64 bits of every scalar: a fingerprint of
// the synthesized inputs, reported so that two runs can be shown to have used the same data.
function __digest(values) {
  let h = 0x811c9dc5 >>> 0;
  const scratch = new Float64Array(1);
  const scratchBytes = new Uint8Array(scratch.buffer);
  function bytes(u8) { for (let i = 0; i < u8.length; i++) h = Math.imul(h ^ u8[i], 0x01000193) >>> 0; }
  function visit(v) {
    if (ArrayBuffer.isView(v)) bytes(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    else if (Array.isArray(v)) { for (const e of v) visit(e); }
    else { scratch[0] = Number(v); bytes(scratchBytes); }
  }
  for (const v of values) visit(v);
  return h.toString(16).padStart(8, "0");
}

function __fmt(x) {
  if (typeof x === "number" && Object.is(x, -0)) return "-0";
  if (typeof x === "string") return JSON.stringify(x);
  if (x === undefined) return "undefined";
  if (x === null) return "null";
  if (ArrayBuffer.isView(x)) return x.constructor.name + "(" + x.length + ")";
  if (Array.isArray(x)) return "Array(" + x.length + ")";
  if (typeof x === "object" && x.shape && x.data) return "ndarray(shape " + Array.from(x.shape).join("x") + ")";
  if (typeof x === "object") return x.constructor && x.constructor.name ? x.constructor.name : "object";
  return String(x);
}

// Exact: Object.is (NaN equals NaN, -0 differs from 0). With a tolerance (reassociating fixes):
// |a - b| <= tol * max(|a|, |b|), NaN still only equals NaN and infinities must match exactly.
function __sameNumber(a, b, tol) {
  if (Object.is(a, b)) return true;
  if (!(tol > 0) || typeof a !== "number" || typeof b !== "number") return false;
  if (Number.isNaN(a) || Number.isNaN(b) || !Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b));
}

// NDArray-like results (the runtime's, or any object with shape and data) compare by shape and data.
function __unwrap(v) {
  if (v && typeof v === "object" && !ArrayBuffer.isView(v) && !Array.isArray(v) && "data" in v && "shape" in v) return v;
  return null;
}

// Returns null when equal, else { path, detail } naming the first difference.
function __compare(a, b, tol, path) {
  const na = __unwrap(a), nb = __unwrap(b);
  if (na || nb) {
    if (!na || !nb) return { path, detail: "before " + __fmt(a) + ", after " + __fmt(b) };
    const shape = __compare(Array.from(na.shape), Array.from(nb.shape), 0, path + ".shape");
    if (shape) return shape;
    return __compare(na.data, nb.data, tol, path + ".data");
  }
  if (__isArrayLike(a) || __isArrayLike(b)) {
    if (!__isArrayLike(a) || !__isArrayLike(b)) return { path, detail: "before " + __fmt(a) + ", after " + __fmt(b) };
    if (a.length !== b.length) return { path, detail: "length " + a.length + " before, " + b.length + " after" };
    let first = null, count = 0;
    for (let i = 0; i < a.length; i++) {
      const x = a[i], y = b[i];
      if (typeof x === "number" && typeof y === "number" ? __sameNumber(x, y, tol) : __compare(x, y, tol, "") === null) continue;
      count++;
      if (first === null) first = i;
    }
    if (first === null) return null;
    const x = a[first], y = b[first];
    if (__isArrayLike(x) || __unwrap(x)) return __compare(x, y, tol, path + "[" + first + "]");
    return {
      path: path + "[" + first + "]",
      detail: "before " + __fmt(x) + ", after " + __fmt(y) + " (" + count + " of " + a.length + " elements differ)",
    };
  }
  if (typeof a === "number" && typeof b === "number") return __sameNumber(a, b, tol) ? null : { path, detail: "before " + __fmt(a) + ", after " + __fmt(b) };
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const keys = Array.from(new Set(Object.keys(a).concat(Object.keys(b))));
    for (const k of keys) {
      const d = __compare(a[k], b[k], tol, path + "." + k);
      if (d) return d;
    }
    return null;
  }
  return Object.is(a, b) ? null : { path, detail: "before " + __fmt(a) + ", after " + __fmt(b) };
}

function __describeError(e) {
  if (e && typeof e === "object" && "message" in e) return (e.name || "Error") + ": " + e.message;
  return String(e);
}

function __send(message) {
  if (typeof process.send === "function") {
    process.send(message, function () { process.exit(0); });
  } else {
    process.stdout.write("\n" + __RESULT_PREFIX__ + JSON.stringify(message) + "\n", function () { process.exit(0); });
  }
}

function __partial(message) {
  if (typeof process.send === "function") process.send(Object.assign({ partial: true }, message));
}

// CPU time of this process in ns (all threads: GC and compiler threads count, as they cost the code).
function __cpuNs() {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
}

// The equivalence check at one size: each variant runs once on its own fresh copy of every input,
// then outputs, mutated inputs and return values are compared. Returns the argument lists for timing.
function __checkSize(config, entry) {
  const names = entry.plan.map(function (p) { return p.name; });
  const pristine = __synthesize(entry.plan, config.seed);
  const info = { size: entry.size, digest: __digest(pristine), scalars: {} };
  entry.plan.forEach(function (p, i) { if (p.kind === "scalar" || p.kind === "boolean") info.scalars[p.name] = pristine[i]; });

  const argsBefore = pristine.map(__clone);
  const argsAfter = config.hasAfter ? pristine.map(__clone) : null;
  let returnedBefore, returnedAfter;
  try { returnedBefore = __callBefore(argsBefore); }
  catch (e) { info.error = "the original code threw " + __describeError(e); return { info: info }; }
  if (!config.hasAfter) return { info: info, names: names, pristine: pristine, argsBefore: argsBefore };
  try { returnedAfter = __callAfter(argsAfter); }
  catch (e) {
    info.error = "the fixed code threw " + __describeError(e);
    info.equivalent = false;
    info.mismatch = info.error;
    return { info: info };
  }

  let mismatch = null;
  for (let i = 0; i < names.length && !mismatch; i++) {
    if (!__isArrayLike(argsBefore[i])) continue;
    const d = __compare(argsBefore[i], argsAfter[i], config.tolerance, names[i]);
    if (d) mismatch = d.path + ": " + d.detail;
  }
  if (!mismatch) {
    // With scalar outputs the variants return [returnValue, ...scalarOutputs].
    if (config.scalarOutputs.length > 0) {
      const labels = ["return value"].concat(config.scalarOutputs);
      for (let i = 0; i < labels.length && !mismatch; i++) {
        const d = __compare(returnedBefore[i], returnedAfter[i], config.tolerance, labels[i]);
        if (d) mismatch = d.path + ": " + d.detail;
      }
    } else {
      const d = __compare(returnedBefore, returnedAfter, config.tolerance, "return value");
      if (d) mismatch = d.path + ": " + d.detail;
    }
  }
  info.equivalent = mismatch === null;
  info.mismatch = mismatch;
  return { info: info, names: names, pristine: pristine, argsBefore: argsBefore, argsAfter: argsAfter };
}

// Warm-up and paired rounds at one size until sliceEnd. A round times a short batch of each variant
// back to back (the order alternating between rounds), so a burst of load from elsewhere hits both
// sides of the pair; each batch's CPU time and wall time are recorded: the sample is the CPU time,
// and a batch that got much less CPU than wall time was preempted, which the parent may set aside.
function __timeSize(config, checked, sliceEnd) {
  const names = checked.names, pristine = checked.pristine, plan = checked.plan;
  const now = function () { return Date.now(); };
  // A variant that writes into its inputs gets them restored before every sample (outside the
  // timed region), so repeated calls neither overflow nor decay into denormals.
  function mutates(args) {
    for (let i = 0; i < names.length; i++) {
      if (plan[i].fill === "zero" || !__isArrayLike(args[i])) continue;
      if (__compare(args[i], pristine[i], 0, "") !== null) return true;
    }
    return false;
  }
  const variants = [{ args: checked.argsBefore, time: __timeBefore, restore: mutates(checked.argsBefore), samples: [], lost: [], reps: 1 }];
  if (config.hasAfter) variants.push({ args: checked.argsAfter, time: __timeAfter, restore: mutates(checked.argsAfter), samples: [], lost: [], reps: 1 });
  function restore(v) {
    if (!v.restore) return;
    for (let i = 0; i < names.length; i++) if (plan[i].fill !== "zero") __copyInto(v.args[i], pristine[i]);
  }

  // Warm-up: alternate single calls until the JIT has seen enough (15% of the slice, at least 3
  // calls each); the per-call times of the last calls size the batches.
  const warmEnd = now() + Math.max(10, 0.15 * (sliceEnd - now()));
  const lastCallNs = variants.map(function () { return []; });
  let warmCalls = 0;
  do {
    for (let j = 0; j < variants.length; j++) {
      const v = variants[j];
      restore(v);
      lastCallNs[j].push(v.time(v.args, 1));
      if (lastCallNs[j].length > 5) lastCallNs[j].shift();
    }
    warmCalls++;
    __checkParent();
  } while ((now() < warmEnd || warmCalls < 3) && (now() < sliceEnd || warmCalls < 3));

  for (let j = 0; j < variants.length; j++) {
    const perCall = Math.max(1, lastCallNs[j].slice().sort(function (x, y) { return x - y; })[lastCallNs[j].length >> 1]);
    variants[j].reps = Math.max(1, Math.min(1e7, Math.ceil(config.targetSampleNs / perCall)));
  }

  // Paired rounds, alternating which variant goes first, until the slice ends (at least 2 rounds).
  for (let round = 0; round < config.maxRounds; round++) {
    if (round >= 2) {
      let expectedNs = 0;
      for (const v of variants) expectedNs += v.samples[round - 1] * v.reps;
      if (now() + expectedNs / 1e6 > sliceEnd) break;
    }
    const order = round % 2 === 0 || variants.length === 1 ? [0, 1] : [1, 0];
    for (const j of order) {
      const v = variants[j];
      if (!v) continue;
      restore(v);
      const cpu0 = __cpuNs();
      const wall = v.time(v.args, v.reps);
      const cpu = __cpuNs() - cpu0;
      // The sample is CPU time: a batch preempted by another process keeps its CPU time (wall time
      // would count the other process's turn). The share of wall time this process did not run is
      // kept to tell how busy the machine was (0 when it had a core to itself).
      v.samples.push((config.clock === "wall" ? wall : cpu) / v.reps);
      v.lost.push(Math.max(0, Math.min(1, 1 - cpu / Math.max(1, wall))));
    }
    __checkParent();
  }
  const out = function (v) { return { samples: v.samples, reps: v.reps, restoresInputs: v.restore, lost: v.lost }; };
  return { before: out(variants[0]), after: variants[1] ? out(variants[1]) : undefined, warmupCalls: warmCalls };
}

// Between samples the main thread checks its parent itself too (cheap; the watchdog covers the
// time spent inside the user's code).
const __parentPid = process.ppid;
function __checkParent() {
  if (process.ppid !== __parentPid) {
    try { process.kill(-process.pid, "SIGKILL"); } catch (e) { /* not a group leader */ }
    process.kill(process.pid, "SIGKILL");
  }
}

function __harness() {
  const config = __config;
  // Phase 1: inputs and the equivalence check at every size (the parent's time limit for this phase
  // is the process's share of the budget).
  const checked = [];
  for (let s = 0; s < config.sizes.length; s++) {
    const c = __checkSize(config, config.sizes[s]);
    c.plan = config.sizes[s].plan;
    checked.push(c);
    __partial({ sizes: checked.map(function (x) { return x.info; }) });
    if (c.info.error) return __send({ sizes: checked.map(function (x) { return x.info; }), error: c.info.error });
  }
  // Phase 2: timing; the share counts from here (the parent restarts its kill timer on 'checked').
  if (typeof process.send === "function") process.send({ checked: true });
  const planEnd = Date.now() + config.budgetMs * 0.8; // the parent kills the process at 100% (plus slack)
  const results = checked.map(function (c) { return c.info; });
  for (let s = 0; s < checked.length; s++) {
    // Each remaining size gets an equal share of the time left.
    const sliceEnd = Date.now() + Math.max(0, planEnd - Date.now()) / (checked.length - s);
    Object.assign(results[s], __timeSize(config, checked[s], sliceEnd));
    checked[s] = null; // its inputs may go
    __partial({ sizes: results });
  }
  __send({ sizes: results });
}
`.replace("__RESULT_PREFIX__", JSON.stringify(HARNESS_RESULT_PREFIX));
