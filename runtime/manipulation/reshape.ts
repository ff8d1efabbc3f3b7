import { NDArray } from "../core/ndarray";
import { contiguousStrides, formatShapeNp, shapeSize } from "../core/shape";
import { toNDArray, type ArrayLike } from "../core/convert";
import { copy } from "./copy";

/** Resolves one -1 and validates the new shape against `size`. */
export function resolveReshape(size: number, shape: readonly number[]): number[] {
  const out = Array.from(shape);
  let unknown = -1;
  let known = 1;
  out.forEach((d, i) => {
    if (!Number.isInteger(d)) throw new TypeError("'float' object cannot be interpreted as an integer");
    if (d === -1) {
      if (unknown >= 0) throw new RangeError("can only specify one unknown dimension");
      unknown = i;
    } else if (d < 0) throw new RangeError("negative dimensions not allowed");
    else known *= d;
  });
  if (unknown >= 0) {
    if (known === 0 || size % known !== 0) throw new RangeError(`cannot reshape array of size ${size} into shape ${formatShapeNp(shape)}`);
    out[unknown] = size / known;
  } else if (known !== size) {
    throw new RangeError(`cannot reshape array of size ${size} into shape ${formatShapeNp(shape)}`);
  }
  return out;
}

/** Strides that give `a` the new shape without copying, or null (NumPy's _attempt_nocopy_reshape). */
export function nocopyStrides(a: NDArray, newShape: readonly number[]): number[] | null {
  const oldDims: number[] = [];
  const oldStrides: number[] = [];
  a.shape.forEach((d, i) => {
    if (d !== 1) {
      oldDims.push(d);
      oldStrides.push(a.strides[i]);
    }
  });
  const newStrides = new Array<number>(newShape.length).fill(0);
  let oi = 0;
  let oj = 1;
  let ni = 0;
  let nj = 1;
  while (ni < newShape.length && oi < oldDims.length) {
    let np = newShape[ni];
    let op = oldDims[oi];
    while (np !== op) {
      if (np < op) np *= newShape[nj++];
      else op *= oldDims[oj++];
    }
    for (let ok = oi; ok < oj - 1; ok++) if (oldStrides[ok] !== oldDims[ok + 1] * oldStrides[ok + 1]) return null;
    newStrides[nj - 1] = oldStrides[oj - 1];
    for (let nk = nj - 1; nk > ni; nk--) newStrides[nk - 1] = newStrides[nk] * newShape[nk];
    ni = nj++;
    oi = oj++;
  }
  const last = ni >= 1 ? newStrides[ni - 1] : 1;
  for (let nk = ni; nk < newShape.length; nk++) newStrides[nk] = last;
  return newStrides;
}

/** `a` with a new shape (np.reshape): a view when the strides allow it, else a copy. One dimension may be -1. */
export function reshape(x: NDArray | ArrayLike, shape: number | readonly number[]): NDArray {
  const a = toNDArray(x);
  const newShape = resolveReshape(a.size, typeof shape === "number" ? [shape] : shape);
  if (shapeSize(newShape) === 0 || a.isContiguous) {
    return new NDArray(a.data, newShape, contiguousStrides(newShape), a.offset, a.dtype);
  }
  const strides = nocopyStrides(a, newShape);
  if (strides) return new NDArray(a.data, newShape, strides, a.offset, a.dtype);
  const c = copy(a);
  return new NDArray(c.data, newShape, contiguousStrides(newShape), 0, c.dtype);
}
