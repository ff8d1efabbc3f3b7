import { NDArray } from "../core/ndarray";
import { isTypedArray, checkScalarFits, isIntegerDType } from "../core/dtype";
import { broadcastShapes, broadcastStrides, formatShape, shapeSize } from "../core/shape";
import { toNDArray, forEachOffset, isComplexScalar } from "../core/convert";
import { castInto } from "../core/cast";
import { allocateResult } from "../core/allocate";
import { Slice, ellipsis, newaxis, parseSelectorString } from "./slice";
import { getWholeMask, isWholeMask, setWholeMask } from "./mask";

/**
 * One entry of an index expression:
 * - number: an integer index (negative counts from the end);
 * - `nd.slice(...)` or a string like "1:5:2", ":", "::-1": basic slicing (view);
 * - `nd.newaxis` or null: a new axis of length 1; `nd.ellipsis` or "...": as many ":" as needed;
 * - number[] / integer NDArray / TypedArray: integer-array indexing (copy);
 * - boolean[] / bool NDArray: mask indexing (copy).
 */
export type Selector =
  | number
  | string
  | Slice
  | typeof newaxis
  | typeof ellipsis
  | null
  | readonly number[]
  | readonly boolean[]
  | readonly (readonly number[])[]
  | readonly (readonly boolean[])[]
  | NDArray
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array;

type Norm =
  | { kind: "int"; value: number }
  | { kind: "slice"; slice: Slice }
  | { kind: "newaxis" }
  | { kind: "ellipsis" }
  | { kind: "array"; array: NDArray } // integer index array
  | { kind: "mask"; array: NDArray };

const INVALID =
  "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices";

function normalize(sel: Selector): Norm {
  if (typeof sel === "number") {
    if (!Number.isInteger(sel)) throw new TypeError(INVALID);
    return { kind: "int", value: sel };
  }
  if (typeof sel === "string") {
    const p = parseSelectorString(sel);
    if (p === ellipsis) return { kind: "ellipsis" };
    if (typeof p === "number") return { kind: "int", value: p };
    return { kind: "slice", slice: p };
  }
  if (sel instanceof Slice) return { kind: "slice", slice: sel };
  if (sel === null || sel === newaxis) return { kind: "newaxis" };
  if (sel === ellipsis) return { kind: "ellipsis" };
  if (sel instanceof NDArray || isTypedArray(sel) || Array.isArray(sel)) {
    if (Array.isArray(sel) && sel.length === 0) return { kind: "array", array: new NDArray(new Int32Array(0), [0]) };
    const a = toNDArray(sel);
    if (a.dtype === "bool") return { kind: "mask", array: a };
    if (a.dtype === "complex128") throw new TypeError("arrays used as indices must be of integer (or boolean) type");
    if (!isIntegerDType(a.dtype)) {
      // JS has no int64: accept float arrays whose values are all integers (NumPy would reject them).
      forEachOffset(a, (o) => {
        if (!Number.isInteger(a.data[o])) throw new TypeError("arrays used as indices must be of integer (or boolean) type");
      });
    }
    return { kind: "array", array: a };
  }
  throw new TypeError(INVALID);
}

/** Result of an index expression: a view, or the element offsets of a copy. */
type Resolved =
  | { kind: "view"; view: NDArray; scalar: boolean }
  | { kind: "gather"; shape: number[]; offsets: number[] };

function resolve(a: NDArray, selectors: readonly Selector[]): Resolved {
  let norms = selectors.map(normalize);
  if (norms.filter((n) => n.kind === "ellipsis").length > 1) throw new RangeError("an index can only have a single ellipsis ('...')");
  const consumed = norms.reduce((s, n) => s + (n.kind === "mask" ? Math.max(n.array.ndim, 0) : n.kind === "newaxis" || n.kind === "ellipsis" ? 0 : 1), 0);
  if (consumed > a.ndim) {
    throw new RangeError(`too many indices for array: array is ${a.ndim}-dimensional, but ${consumed} were indexed`);
  }
  // Expand the ellipsis (or an implicit one at the end) into full slices.
  const fill = Array.from({ length: a.ndim - consumed }, (): Norm => ({ kind: "slice", slice: new Slice() }));
  const e = norms.findIndex((n) => n.kind === "ellipsis");
  norms = e >= 0 ? [...norms.slice(0, e), ...fill, ...norms.slice(e + 1)] : [...norms, ...fill];

  // Masks become one integer array per masked dimension (their nonzero()).
  const expanded: Norm[] = [];
  let axis = 0;
  for (const n of norms) {
    if (n.kind === "mask") {
      const m = n.array;
      for (let k = 0; k < m.ndim; k++) {
        if (m.shape[k] !== a.shape[axis + k]) {
          throw new RangeError(
            `boolean index did not match indexed array along axis ${axis + k}; size of axis is ${a.shape[axis + k]} but size of corresponding boolean axis is ${m.shape[k]}`,
          );
        }
      }
      if (m.ndim === 0) throw new TypeError("0-d boolean indices (a[True]) are not supported; use nd.newaxis");
      for (const idx of nonzero(m)) expanded.push({ kind: "array", array: idx });
      axis += m.ndim;
    } else {
      expanded.push(n);
      if (n.kind !== "newaxis") axis += 1;
    }
  }
  const advanced = expanded.some((n) => n.kind === "array");
  if (!advanced) return basic(a, expanded);
  return gather(a, expanded);
}

function basic(a: NDArray, norms: Norm[]): Resolved {
  const shape: number[] = [];
  const strides: number[] = [];
  let offset = a.offset;
  let axis = 0;
  let ints = 0;
  for (const n of norms) {
    if (n.kind === "newaxis") {
      shape.push(1);
      strides.push(0);
      continue;
    }
    const size = a.shape[axis];
    const stride = a.strides[axis];
    if (n.kind === "int") {
      offset += checkIndex(n.value, size, axis) * stride;
      ints++;
    } else if (n.kind === "slice") {
      const [start, step, length] = n.slice.indices(size);
      if (length > 0) offset += start * stride;
      shape.push(length);
      strides.push(stride * step);
    }
    axis++;
  }
  return {
    kind: "view",
    view: new NDArray(a.data, shape, strides, offset, a.dtype),
    scalar: ints === a.ndim && shape.length === 0,
  };
}

function checkIndex(k: number, size: number, axis: number): number {
  if (k < -size || k >= size) throw new RangeError(`index ${k} is out of bounds for axis ${axis} with size ${size}`);
  return k < 0 ? k + size : k;
}

function gather(a: NDArray, norms: Norm[]): Resolved {
  // Integers count as 0-d index arrays once any advanced index is present.
  type Adv = { array: NDArray; axis: number };
  type Basic = { len: number; stride: number };
  const advs: Adv[] = [];
  const basicsBefore: Basic[] = [];
  const basicsAfter: Basic[] = [];
  let base = a.offset;
  let axis = 0;
  let firstAdv = -1;
  let lastAdv = -1;
  norms.forEach((n, pos) => {
    if (n.kind === "int" || n.kind === "array") {
      if (firstAdv < 0) firstAdv = pos;
      lastAdv = pos;
    }
  });
  const adjacent = norms.slice(firstAdv, lastAdv + 1).every((n) => n.kind === "int" || n.kind === "array");
  norms.forEach((n, pos) => {
    const target = adjacent && pos < firstAdv ? basicsBefore : basicsAfter;
    if (n.kind === "newaxis") {
      target.push({ len: 1, stride: 0 });
      return;
    }
    const size = a.shape[axis];
    const stride = a.strides[axis];
    if (n.kind === "int") advs.push({ array: new NDArray(new Float64Array([n.value]), []), axis });
    else if (n.kind === "array") advs.push({ array: n.array, axis });
    else if (n.kind === "slice") {
      const [start, step, length] = n.slice.indices(size);
      if (length > 0) base += start * stride;
      target.push({ len: length, stride: stride * step });
    }
    axis++;
  });
  const bshape = broadcastShapes(...advs.map((v) => v.array.shape));
  const bsize = shapeSize(bshape);
  const advOffsets = new Array<number>(bsize).fill(0);
  for (const v of advs) {
    const size = a.shape[v.axis];
    const stride = a.strides[v.axis];
    const view = new NDArray(v.array.data, bshape, broadcastStrides(v.array.shape, v.array.strides, bshape), v.array.offset, v.array.dtype);
    forEachOffset(view, (o, i) => {
      advOffsets[i] += checkIndex(view.data[o], size, v.axis) * stride;
    });
  }
  const basicOffsets = (dims: Basic[]): number[] => {
    const shape = dims.map((d) => d.len);
    const out: number[] = [];
    forEachOffset({ shape, strides: dims.map((d) => d.stride), offset: 0 }, (o) => out.push(o));
    if (shape.length === 0) return [0];
    return out;
  };
  const before = basicOffsets(basicsBefore);
  const after = basicOffsets(basicsAfter);
  const offsets: number[] = [];
  for (const b of before) for (const p of advOffsets) for (const f of after) offsets.push(base + b + p + f);
  const shape = [...basicsBefore.map((d) => d.len), ...bshape, ...basicsAfter.map((d) => d.len)];
  return { kind: "gather", shape, offsets: shapeSize(shape) === 0 ? [] : offsets };
}

/** Indices of the nonzero elements, one index array per dimension (np.nonzero). */
export function nonzero(m: NDArray): NDArray[] {
  const hits: number[][] = Array.from({ length: m.ndim }, () => []);
  const idx = new Array<number>(m.ndim).fill(0);
  forEachOffset(m, (o) => {
    if (m.data[o] !== 0) idx.forEach((k, d) => hits[d].push(k));
    for (let d = m.ndim - 1; d >= 0; d--) {
      if (++idx[d] < m.shape[d]) break;
      idx[d] = 0;
    }
  });
  return hits.map((h) => new NDArray(Int32Array.from(h), [h.length]));
}

/** a.get(...selectors): a number for a full integer index, else a view (basic) or copy (advanced). */
export function getItems(a: NDArray, selectors: readonly Selector[]): NDArray | number {
  // Fast path for element reads a.get(i, j): no selector objects, no view.
  if (selectors.length === a.ndim && a.dtype !== "complex128" && allIntegers(selectors)) {
    return a.data[a.elementOffset(selectors as number[])];
  }
  if (selectors.length === 1 && isWholeMask(a, selectors[0])) return getWholeMask(a, selectors[0]);
  const r = resolve(a, selectors);
  if (r.kind === "view") {
    if (r.scalar) {
      if (a.dtype === "complex128") {
        throw new TypeError("a.get(...) of one complex128 element: use a.item(...) to get {re, im}");
      }
      return a.data[r.view.offset];
    }
    if (selectors.length > 0 && selectors.every((s) => typeof s === "number") && r.view.ndim > 0 && isPlainGet(selectors)) {
      throw new RangeError(
        `a.get(${selectors.join(", ")}) on a ${a.ndim}-d array selects a sub-array, not a number; write a.get(${selectors.join(", ")}, nd.ellipsis) for the view`,
      );
    }
    return r.view;
  }
  const out = allocateResult(r.shape, a.dtype);
  const d = out.data;
  const s = a.data;
  if (a.dtype === "complex128") {
    r.offsets.forEach((o, i) => {
      d[2 * i] = s[2 * o];
      d[2 * i + 1] = s[2 * o + 1];
    });
  } else r.offsets.forEach((o, i) => (d[i] = s[o]));
  return out;
}

function allIntegers(selectors: readonly Selector[]): boolean {
  for (const s of selectors) if (typeof s !== "number" || !Number.isInteger(s)) return false;
  return true;
}

// get(0) on a 2-d array is typed as returning a number: refuse rather than return an array there.
function isPlainGet(selectors: readonly Selector[]): boolean {
  return selectors.every((s) => typeof s === "number");
}

/** a.set(...selectors, value): writes in place (views and advanced selections alike). */
export function setItems(a: NDArray, selectors: readonly Selector[], value: unknown): void {
  // Fast path for element writes a.set(i, j, v) of a real number.
  if (typeof value === "number" && selectors.length === a.ndim && a.dtype !== "complex128" && a.dtype !== "bool" && allIntegers(selectors)) {
    checkScalarFits(value, a.dtype);
    a.data[a.elementOffset(selectors as number[])] = value;
    return;
  }
  if (selectors.length === 1 && isWholeMask(a, selectors[0]) && setWholeMask(a, selectors[0], valueArray(a, value))) return;
  const r = resolve(a, selectors);
  const targetShape = r.kind === "view" ? r.view.shape : r.shape;
  const src = valueArray(a, value);
  let bshape: number[];
  try {
    bshape = broadcastShapes(src.shape, targetShape);
  } catch {
    bshape = [];
  }
  if (bshape.length !== targetShape.length || bshape.some((d, i) => d !== targetShape[i])) {
    throw new RangeError(
      `could not broadcast input array from shape ${formatShape(src.shape)} into shape ${formatShape(targetShape)}`,
    );
  }
  const b = new NDArray(src.data, targetShape, broadcastStrides(src.shape, src.strides, targetShape), src.offset, src.dtype);
  if (r.kind === "view") {
    castInto(b, r.view);
    return;
  }
  // Convert to the target dtype first, then scatter (repeated indices: the last write wins, as NumPy).
  const conv = allocateResult(targetShape, a.dtype);
  castInto(b, conv);
  const d = a.data;
  const s = conv.data;
  if (a.dtype === "complex128") {
    r.offsets.forEach((o, i) => {
      d[2 * o] = s[2 * i];
      d[2 * o + 1] = s[2 * i + 1];
    });
  } else r.offsets.forEach((o, i) => (d[o] = s[i]));
}

/** The value of a.set(..., value) as an array (a scalar is 0-d), never sharing a's memory. */
function valueArray(a: NDArray, value: unknown): NDArray {
  if (typeof value === "number") {
    checkScalarFits(value, a.dtype);
    return new NDArray(new Float64Array([value]), []);
  }
  if (typeof value === "boolean") return new NDArray(new Uint8Array([value ? 1 : 0]), [], [], 0, "bool");
  if (isComplexScalar(value)) return new NDArray(new Float64Array([value.re, value.im]), [], [], 0, "complex128");
  const src = toNDArray(value);
  // Copy a value that shares memory with the target (a.set(s, a.get(t))).
  return src.data.buffer === a.data.buffer ? src.copy() : src;
}
