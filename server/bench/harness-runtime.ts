// The part of the child program that does not depend on the spec: input synthesis, equivalence
// check and the timing loop. It is JavaScript kept as a string because it runs in another
// process (plain node, or Electron as node) that must not load the server's bundle; harness.ts
// prepends the compiled before/after functions and the configuration.
//
// Contract with harness.ts: the program defines, before this text, at module level:
//   __config            { plan, seed, budgetMs, startedAtMs, tolerance, scalarOutputs, targetSampleNs, maxRounds }
//   __callBefore(v), __callAfter(v)      one call of each variant on the argument list v
//   __timeBefore(v, k), __timeAfter(v, k) k calls, returns elapsed ns
// and calls __harness() last. The result goes to the parent with process.send (IPC), or as the
// last stdout line prefixed with HARNESS_RESULT_PREFIX when there is no IPC channel.
//
// No backticks and no dollar-brace in this text (it lives in a template literal).
export const HARNESS_RESULT_PREFIX = "@@arraylint-bench-result ";

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

function __harness() {
  const config = __config;
  const names = config.plan.map(function (p) { return p.name; });
  const pristine = __synthesize(config.plan, config.seed);
  const digest = __digest(pristine);
  const scalars = {};
  config.plan.forEach(function (p, i) { if (p.kind === "scalar" || p.kind === "boolean") scalars[p.name] = pristine[i]; });

  // Equivalence: each variant on its own fresh copy of every input.
  const argsBefore = pristine.map(__clone);
  const argsAfter = pristine.map(__clone);
  let returnedBefore, returnedAfter;
  try { returnedBefore = __callBefore(argsBefore); }
  catch (e) { return __send({ error: "the original code threw " + __describeError(e), digest: digest, scalars: scalars }); }
  try { returnedAfter = __callAfter(argsAfter); }
  catch (e) {
    const message = "the fixed code threw " + __describeError(e);
    return __send({ error: message, equivalent: false, mismatch: message, digest: digest, scalars: scalars });
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

  // Tell the parent now, so a run that later exceeds its time limit still reports equivalence.
  if (typeof process.send === "function") {
    process.send({ partial: true, equivalent: mismatch === null, mismatch: mismatch, digest: digest, scalars: scalars });
  }

  // A variant that writes into its inputs gets them restored before every sample (outside the
  // timed region), so repeated calls neither overflow nor decay into denormals.
  function mutates(args) {
    for (let i = 0; i < names.length; i++) {
      if (config.plan[i].fill === "zero" || !__isArrayLike(args[i])) continue;
      if (__compare(args[i], pristine[i], 0, "") !== null) return true;
    }
    return false;
  }
  const variants = [
    { args: argsBefore, call: __callBefore, time: __timeBefore, restore: mutates(argsBefore), samples: [], reps: 1 },
    { args: argsAfter, call: __callAfter, time: __timeAfter, restore: mutates(argsAfter), samples: [], reps: 1 },
  ];
  function restore(v) {
    if (!v.restore) return;
    for (let i = 0; i < names.length; i++) if (config.plan[i].fill !== "zero") __copyInto(v.args[i], pristine[i]);
  }

  const now = function () { return Date.now(); };
  // Stop starting new work at 80% of the budget: the parent kills the process at 100%.
  const planEnd = config.startedAtMs + config.budgetMs * 0.8;

  // Warm-up: alternate single calls until the JIT has seen enough (15% of what is left, at least
  // 3 calls each); the per-call times of the last calls size the samples.
  const warmEnd = now() + Math.max(30, 0.15 * (planEnd - now()));
  const lastCallNs = [[], []];
  let warmCalls = 0;
  do {
    for (let j = 0; j < 2; j++) {
      const v = variants[j];
      restore(v);
      lastCallNs[j].push(v.time(v.args, 1));
      if (lastCallNs[j].length > 5) lastCallNs[j].shift();
    }
    warmCalls++;
  } while ((now() < warmEnd || warmCalls < 3) && now() < planEnd);

  for (let j = 0; j < 2; j++) {
    const perCall = Math.max(1, lastCallNs[j].slice().sort(function (x, y) { return x - y; })[lastCallNs[j].length >> 1]);
    variants[j].reps = Math.max(1, Math.min(1e7, Math.ceil(config.targetSampleNs / perCall)));
  }

  // Interleaved rounds, alternating which variant goes first, until the plan ends.
  for (let round = 0; round < config.maxRounds; round++) {
    if (round > 0) {
      const expectedMs = (variants[0].samples[round - 1] * variants[0].reps + variants[1].samples[round - 1] * variants[1].reps) / 1e6;
      if (now() + expectedMs > planEnd) break;
    }
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const j of order) {
      const v = variants[j];
      restore(v);
      v.samples.push(v.time(v.args, v.reps) / v.reps);
    }
  }

  __send({
    equivalent: mismatch === null,
    mismatch: mismatch,
    digest: digest,
    scalars: scalars,
    warmupCalls: warmCalls,
    before: { samples: variants[0].samples, reps: variants[0].reps, restoresInputs: variants[0].restore },
    after: { samples: variants[1].samples, reps: variants[1].reps, restoresInputs: variants[1].restore },
  });
}
`.replace("__RESULT_PREFIX__", JSON.stringify(HARNESS_RESULT_PREFIX));
