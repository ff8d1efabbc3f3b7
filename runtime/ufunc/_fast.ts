/**
 * The per-call fast path of the float ufuncs: contiguous operands of one float dtype (plain
 * TypedArrays or contiguous NDArrays) go straight to the kernel, skipping the general
 * machinery (which costs microseconds per call). Anything else returns null and takes the
 * general path, so the semantics are the general path's: same dtype in, same dtype out,
 * a JS number is a weak scalar (rounded to float32 for float32 arrays).
 */
import { NDArray } from "../core/ndarray";
import { allocate, partiallyOverlaps } from "../core/kernels";

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

export function fastBinary(
  kernel: (a: FloatData, b: FloatData | number, out: FloatData) => void,
  a: unknown,
  b: unknown,
  out: unknown,
  scalarFirst?: ScalarFirst,
): NDArray | null {
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

export function fastUnary(kernel: (a: FloatData, out: FloatData) => void, a: unknown, out: unknown): NDArray | null {
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
