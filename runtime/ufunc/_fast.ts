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

/** Cheap for the common case of distinct (non-shared) buffers; asks the kernels for shared WASM memory. */
function overlapsPartially(o: FloatData, x: FloatData): boolean {
  if (o.buffer === x.buffer) {
    const os = o.byteOffset;
    const xs = x.byteOffset;
    const oe = os + o.byteLength;
    const xe = xs + x.byteLength;
    return os < xe && xs < oe && !(os === xs && oe === xe);
  }
  // Distinct ArrayBuffer objects never share bytes; views of shared memory may (after a grow).
  if (o.buffer instanceof ArrayBuffer || x.buffer instanceof ArrayBuffer) return false;
  return partiallyOverlaps(o, x);
}

function wrap(t: { data: FloatData; result: NDArray | null }, shape: readonly number[]): NDArray {
  return t.result ?? new NDArray(t.data, shape, undefined, 0, t.data instanceof Float64Array ? "float64" : "float32");
}

export function fastBinary(
  kernel: (a: FloatData, b: FloatData | number, out: FloatData) => void,
  a: unknown,
  b: unknown,
  out: unknown,
): NDArray | null {
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
  const fa = flatFloat(a);
  if (!fa) return null;
  const t = target(out, fa, [fa.data]);
  if (!t) return null;
  kernel(fa.data, t.data);
  return wrap(t, fa.shape);
}
