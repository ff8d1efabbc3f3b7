/**
 * The per-call fast path of the float ufuncs: contiguous operands of one float dtype (plain
 * TypedArrays or contiguous NDArrays) go straight to the kernel, skipping the general
 * machinery (which costs microseconds per call). Anything else returns null and takes the
 * general path, so the semantics are the general path's: same dtype in, same dtype out,
 * a JS number is a weak scalar (rounded to float32 for float32 arrays).
 */
import { NDArray } from "../core/ndarray";
import { allocate, partiallyOverlaps, isBlock } from "../core/kernels";

export type FloatData = Float64Array | Float32Array;

/** A flat view of a contiguous float operand and its shape, or null. */
export function flatFloat(x: unknown): { data: FloatData; shape: readonly number[] } | null {
  if (x instanceof Float64Array || x instanceof Float32Array) return { data: x, shape: [x.length] };
  if (x instanceof NDArray && (x.dtype === "float64" || x.dtype === "float32") && x.isContiguous) {
    const d = x.data as FloatData;
    const n = x.size;
    return { data: x.offset === 0 && d.length === n ? d : (d.subarray(x.offset, x.offset + n) as FloatData), shape: x.shape };
  }
  return null;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameKind(a: FloatData, b: FloatData): boolean {
  return a instanceof Float64Array ? b instanceof Float64Array : b instanceof Float32Array;
}

/** Where the result goes, or null when `out` does not fit the fast path. */
function target(out: unknown, like: { data: FloatData; shape: readonly number[] }, inputs: FloatData[]): { data: FloatData; result: NDArray | null } | null {
  if (out === undefined) {
    const f64 = like.data instanceof Float64Array;
    const data = allocate(f64 ? "float64" : "float32", like.data.length) as FloatData;
    return { data, result: new NDArray(data, like.shape, undefined, 0, f64 ? "float64" : "float32") };
  }
  const o = flatFloat(out);
  if (!o || !sameKind(o.data, like.data) || !sameShape(o.shape, like.shape)) return null;
  // a partial overlap needs the general path's copy; an exact alias is fine
  for (const x of inputs) if (overlapsPartially(o.data, x)) return null;
  return { data: o.data, result: out instanceof NDArray ? out : null };
}

/**
 * True when input `x` shares some but not all bytes with `o`: an exact alias is fine for the
 * kernels, a partial overlap needs the general path's copy. Cheap for the common case of distinct
 * (non-shared) buffers; asks the kernels for shared WASM memory. `ob` is `o.buffer` when the caller
 * already read it (the getter is not free on the per-call fast path).
 */
function overlapsPartially(o: FloatData, x: FloatData, ob: ArrayBufferLike = o.buffer): boolean {
  if (x === o) return false;
  const xb = x.buffer;
  if (xb === ob) {
    const os = o.byteOffset;
    const xs = x.byteOffset;
    const oe = os + o.byteLength;
    const xe = xs + x.byteLength;
    return os < xe && xs < oe && !(os === xs && oe === xe);
  }
  // Distinct ArrayBuffer objects never share bytes; views of shared memory may (after a grow).
  if (ob instanceof ArrayBuffer || xb instanceof ArrayBuffer) return false;
  return partiallyOverlaps(o, x);
}

function wrap(t: { data: FloatData; result: NDArray | null }, shape: readonly number[]): NDArray {
  // result null: `out` was a plain TypedArray (target() checked its shape is `shape`)
  return t.result ?? (shape.length === 1 && shape[0] === t.data.length ? viewOf(t.data) : new NDArray(t.data, shape, undefined, 0, t.data instanceof Float64Array ? "float64" : "float32"));
}

/**
 * The NDArray a call returns for a plain TypedArray `out`: a 1-d view over it, made once per
 * `out` and handed back on every later call (NDArrays are immutable, and NumPy too returns
 * the same `out` object every time). Constructing one costs more than a small kernel call.
 */
const outViews = new WeakMap<FloatData, NDArray>();
let lastOut: FloatData | null = null;
let lastView: NDArray | null = null;

function viewOf(out: FloatData): NDArray {
  if (out === lastOut && lastView!.shape[0] === out.length) return lastView!;
  let v = outViews.get(out);
  // a length-tracking view of a resizable buffer can change length: re-wrap then
  if (v === undefined || v.shape[0] !== out.length) {
    v = new NDArray(out, [out.length], [1], 0, out instanceof Float64Array ? "float64" : "float32");
    outViews.set(out, v);
  }
  lastOut = out;
  lastView = v;
  return v;
}

/**
 * The call a quick-fix writes — `nd.add(x, 10, { out: y })`, `nd.multiply(x, y, { out: z })` —
 * on plain TypedArrays of one float type and one length, checked without building any object:
 * float64 (op) float64|number → Float64Array, float32 (op) float32|number → Float32Array (the
 * number rounded to float32 first, NEP 50's weak scalar). Anything else (mixed float widths,
 * integer arrays, other lengths, a scalar first without a `scalarFirst` loop, partial overlaps)
 * returns null: the general path decides, with its errors.
 */
function plainBinary(
  kernel: (a: FloatData, b: FloatData | number, out: FloatData) => void,
  a: unknown,
  b: unknown,
  out: unknown,
  scalarFirst: ScalarFirst | undefined,
): NDArray | null {
  let o: FloatData;
  let x: FloatData;
  if (typeof a === "number") {
    if (scalarFirst === undefined || !(out instanceof Float64Array ? b instanceof Float64Array : out instanceof Float32Array && b instanceof Float32Array)) return null;
    const y = b as FloatData;
    const result = out as FloatData;
    if (y.length !== result.length || overlapsPartially(result, y)) return null;
    scalarFirst(result instanceof Float32Array ? Math.fround(a) : a, y, result);
    return viewOf(result);
  }
  if (out instanceof Float64Array) {
    if (!(a instanceof Float64Array) || !(typeof b === "number" || b instanceof Float64Array)) return null;
    o = out;
    x = a;
  } else if (out instanceof Float32Array) {
    if (!(a instanceof Float32Array) || !(typeof b === "number" || b instanceof Float32Array)) return null;
    o = out;
    x = a;
  } else return null;
  const n = o.length;
  if (x.length !== n) return null;
  if (typeof b === "number") {
    if (overlapsPartially(o, x)) return null;
    // NEP 50: the weak scalar takes the array's dtype (rounded to float32 for float32 arrays)
    kernel(x, o instanceof Float32Array ? Math.fround(b) : b, o);
    return viewOf(o);
  }
  const y = b as FloatData;
  if (y.length !== n) return null;
  if (x !== o || y !== o) {
    const ob = o.buffer;
    if (overlapsPartially(o, x, ob) || overlapsPartially(o, y, ob)) return null;
  }
  kernel(x, y, o);
  return viewOf(o);
}

export type ScalarFirst = (s: number, b: FloatData, out: FloatData) => void;

/** Elements of a C-contiguous NDArray, or -1 when it is not contiguous (1-d arrays without a loop). */
function contiguousSize(x: NDArray): number {
  const shape = x.shape;
  if (shape.length === 1) {
    const n = shape[0];
    return x.strides[0] === 1 || n <= 1 ? n : -1;
  }
  return x.isContiguous ? x.size : -1;
}

/** Is x C-contiguous with exactly this shape (of n elements)? 1-d without a loop. */
function contiguousLike(x: NDArray, shape: readonly number[], n: number): boolean {
  const s = x.shape;
  if (s.length === 1) return shape.length === 1 && s[0] === n && (x.strides[0] === 1 || n <= 1);
  return sameShape(s, shape) && x.isContiguous;
}

/** The n elements of a contiguous NDArray as one flat view (no new object when it spans its data). */
function flatData(x: NDArray, n: number): FloatData {
  const d = x.data as FloatData;
  return x.offset === 0 && d.length === n ? d : (d.subarray(x.offset, x.offset + n) as FloatData);
}

type Binary = ((a: FloatData, b: FloatData | number, out: FloatData) => void) & { blocks?: (a: FloatData, b: FloatData | number, out: FloatData) => void };
type Unary = ((a: FloatData, out: FloatData) => void) & { blocks?: (a: FloatData, out: FloatData) => void };

/**
 * Runtime arrays (`nd.add(A, B, { out: C })`, `nd.add(A, 10)`): NDArrays of one float dtype and one
 * shape, contiguous, `out` an NDArray of the same (or none). Checked on the NDArrays' own fields —
 * no operand objects, no TypedArray wrapping — then straight to the kernel. null: not this case
 * (the general fast path or the machinery decides, with its errors).
 *
 * Overlap: whole blocks from the runtime's allocator (what every NDArray result holds) are either
 * the same block (an exact alias, fine) or share no byte, so when every operand is one (a WeakSet
 * test each) the kernel is told so and skips its own residency tests; anything else (views with an
 * offset, user arrays) gets the byte-range check, which reads `.buffer` (≈ 25 ns on shared memory).
 */
function ndBinary(kernel: Binary, a: NDArray, b: unknown, out: unknown): NDArray | null {
  const dt = a.dtype;
  if (dt !== "float64" && dt !== "float32") return null;
  const n = contiguousSize(a);
  if (n < 0) return null;
  const shape = a.shape;
  let y: FloatData | number;
  if (typeof b === "number") y = dt === "float32" ? Math.fround(b) : b; // NEP 50's weak scalar
  else if (b instanceof NDArray && b.dtype === dt && contiguousLike(b, shape, n)) y = flatData(b, n);
  else return null;
  const x = flatData(a, n);
  let o: FloatData;
  let result: NDArray;
  if (out === undefined) {
    o = allocate(dt, n) as FloatData;
    result = new NDArray(o, shape, undefined, 0, dt);
  } else {
    if (!(out instanceof NDArray) || out.dtype !== dt || !contiguousLike(out, shape, n)) return null;
    o = flatData(out, n);
    result = out;
  }
  if (kernel.blocks !== undefined && isBlock(o) && isBlock(x) && (typeof y === "number" || isBlock(y))) {
    kernel.blocks(x, y, o);
    return result;
  }
  // a partial overlap needs the general path's copy; an exact alias is fine
  if (overlapsPartially(o, x) || (typeof y !== "number" && overlapsPartially(o, y))) return null;
  kernel(x, y, o);
  return result;
}

/** The unary twin of ndBinary (`nd.sqrt(A, { out: B })`). */
function ndUnary(kernel: Unary, a: NDArray, out: unknown): NDArray | null {
  const dt = a.dtype;
  if (dt !== "float64" && dt !== "float32") return null;
  const n = contiguousSize(a);
  if (n < 0) return null;
  const x = flatData(a, n);
  let o: FloatData;
  let result: NDArray;
  if (out === undefined) {
    o = allocate(dt, n) as FloatData;
    result = new NDArray(o, a.shape, undefined, 0, dt);
  } else {
    if (!(out instanceof NDArray) || out.dtype !== dt || !contiguousLike(out, a.shape, n)) return null;
    o = flatData(out, n);
    result = out;
  }
  if (kernel.blocks !== undefined && isBlock(o) && isBlock(x)) {
    kernel.blocks(x, o);
    return result;
  }
  if (overlapsPartially(o, x)) return null;
  kernel(x, o);
  return result;
}

export function fastBinary(
  kernel: Binary,
  a: unknown,
  b: unknown,
  out: unknown,
  scalarFirst?: ScalarFirst,
): NDArray | null {
  if (a instanceof NDArray && (out === undefined || out instanceof NDArray)) {
    const r = ndBinary(kernel, a, b, out);
    if (r !== null) return r;
  }
  if (out !== undefined && !(out instanceof NDArray)) {
    const r = plainBinary(kernel, a, b, out, scalarFirst);
    if (r !== null) return r;
  }
  if (typeof a === "number") {
    const fb = scalarFirst === undefined ? null : flatFloat(b);
    if (!fb) return null;
    const t = target(out, fb, [fb.data]);
    if (!t) return null;
    scalarFirst!(fb.data instanceof Float32Array ? Math.fround(a) : a, fb.data, t.data);
    return wrap(t, fb.shape);
  }
  const fa = flatFloat(a);
  if (!fa) return null;
  if (typeof b === "number") {
    const t = target(out, fa, [fa.data]);
    if (!t) return null;
    // NEP 50: the weak scalar takes the array's dtype (rounded to float32 for float32 arrays)
    kernel(fa.data, fa.data instanceof Float32Array ? Math.fround(b) : b, t.data);
    return wrap(t, fa.shape);
  }
  const fb = flatFloat(b);
  if (!fb || !sameKind(fa.data, fb.data) || !sameShape(fa.shape, fb.shape)) return null;
  const t = target(out, fa, [fa.data, fb.data]);
  if (!t) return null;
  kernel(fa.data, fb.data, t.data);
  return wrap(t, fa.shape);
}

export function fastUnary(kernel: Unary, a: unknown, out: unknown): NDArray | null {
  if (a instanceof NDArray && (out === undefined || out instanceof NDArray)) {
    const r = ndUnary(kernel, a, out);
    if (r !== null) return r;
  }
  if (out !== undefined && !(out instanceof NDArray)) {
    // plain TypedArray out: same float type and length as a plain TypedArray input (see plainBinary)
    if (out instanceof Float64Array ? a instanceof Float64Array : out instanceof Float32Array && a instanceof Float32Array) {
      const x = a as FloatData;
      const o = out as FloatData;
      if (x.length === o.length && !overlapsPartially(o, x)) {
        kernel(x, o);
        return viewOf(o);
      }
    }
  }
  const fa = flatFloat(a);
  if (!fa) return null;
  const t = target(out, fa, [fa.data]);
  if (!t) return null;
  kernel(fa.data, t.data);
  return wrap(t, fa.shape);
}
