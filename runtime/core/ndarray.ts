import {
  type DType,
  type TypedArray,
  allocateStorage,
  dtypeOfTypedArray,
  slotsPerElement,
} from "./dtype";
import { type Shape, contiguousStrides, formatShape, shapeSize } from "./shape";
import { formatArray } from "./format";
import { getItems, setItems, type Selector } from "../indexing/select";
import { reshape } from "../manipulation/reshape";
import { transpose } from "../manipulation/transpose";
import { ravel } from "../manipulation/ravel";
import { copy } from "../manipulation/copy";
import { astype } from "../manipulation/astype";
import type { Casting } from "./dtype";

/** A complex number as returned by `item()` on a complex128 array. */
export interface Complex {
  re: number;
  im: number;
}

/** Nested JS arrays, as `toArray()` returns and `array()` accepts. */
export type NestedArray<T> = T | NestedArray<T>[];

/**
 * An n-dimensional view of a TypedArray: NumPy's ndarray.
 *
 * Element `(i0, i1, …)` lives at `data[offset + i0*strides[0] + i1*strides[1] + …]`
 * (strides count elements, not bytes; for complex128 the slot index is twice that,
 * re then im). Several arrays may share one `data` (views); none ever owns a caller's
 * buffer unless created with `asarray` or passed as `out`.
 */
export class NDArray {
  readonly data: TypedArray;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  readonly dtype: DType;

  constructor(data: TypedArray, shape: Shape, strides?: readonly number[], offset = 0, dtype?: DType) {
    this.data = data;
    this.shape = Object.freeze(Array.from(shape));
    this.strides = Object.freeze(strides ? Array.from(strides) : contiguousStrides(shape));
    this.offset = offset;
    this.dtype = dtype ?? dtypeOfTypedArray(data);
    if (this.strides.length !== this.shape.length) {
      throw new RangeError(`strides ${formatShape(this.strides)} do not match shape ${formatShape(this.shape)}`);
    }
  }

  /** Number of elements. */
  get size(): number {
    return shapeSize(this.shape);
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Bytes per element. */
  get itemsize(): number {
    return this.data.BYTES_PER_ELEMENT * slotsPerElement(this.dtype);
  }

  /** True when the elements are laid out row-major without gaps starting at `offset`. */
  get isContiguous(): boolean {
    let expected = 1;
    for (let i = this.shape.length - 1; i >= 0; i--) {
      const d = this.shape[i];
      if (d === 0) return true;
      if (d !== 1 && this.strides[i] !== expected) return false;
      expected *= d;
    }
    return true;
  }

  /** The transpose (a view). */
  get T(): NDArray {
    return transpose(this);
  }

  /**
   * Reads elements. With one integer per dimension returns the number;
   * with slices (`nd.slice`, `":"`-strings), `nd.newaxis`, `nd.ellipsis` returns a view sharing memory;
   * with integer arrays or boolean masks returns a copy.
   */
  get(...indices: number[]): number;
  get(...selectors: Selector[]): NDArray;
  get(...selectors: Selector[]): NDArray | number {
    return getItems(this, selectors);
  }

  /**
   * Writes `value` (scalar or anything broadcastable) into the selected elements, in place:
   * `a.set(0, 1, 5)`, `a.set(mask, 0)`, `a.set(nd.slice(1), [1, 2, 3])`.
   */
  set(...args: [...Selector[], unknown]): this {
    if (args.length === 0) throw new TypeError("set() needs a value");
    const value = args[args.length - 1];
    setItems(this, args.slice(0, -1) as Selector[], value);
    return this;
  }

  /** The single element of a size-1 array, or the element at the given integer indices. */
  item(...indices: number[]): number | Complex {
    const off = this.elementOffset(indices);
    if (this.dtype === "complex128") return { re: this.data[2 * off], im: this.data[2 * off + 1] };
    return this.data[off];
  }

  /** Storage index (in elements) of the element at `indices`; a size-1 array needs none. */
  elementOffset(indices: readonly number[]): number {
    if (indices.length === 0) {
      if (this.size !== 1) throw new RangeError("can only convert an array of size 1 to a Python scalar");
      return this.offset;
    }
    if (indices.length !== this.ndim) {
      throw new RangeError(`incorrect number of indices for array`);
    }
    let off = this.offset;
    for (let i = 0; i < indices.length; i++) {
      let k = indices[i];
      const n = this.shape[i];
      if (!Number.isInteger(k)) throw new TypeError("only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices");
      if (k < -n || k >= n) throw new RangeError(`index ${k} is out of bounds for axis ${i} with size ${n}`);
      if (k < 0) k += n;
      off += k * this.strides[i];
    }
    return off;
  }

  /** Nested JS arrays of numbers (booleans for bool, `{re, im}` for complex128). */
  toArray(): NestedArray<number | boolean | Complex> {
    const rec = (dim: number, off: number): NestedArray<number | boolean | Complex> => {
      if (dim === this.ndim) {
        if (this.dtype === "bool") return this.data[off] !== 0;
        if (this.dtype === "complex128") return { re: this.data[2 * off], im: this.data[2 * off + 1] };
        return this.data[off];
      }
      const out: NestedArray<number | boolean | Complex>[] = [];
      for (let i = 0; i < this.shape[dim]; i++) out.push(rec(dim + 1, off + i * this.strides[dim]));
      return out;
    };
    return rec(0, this.offset);
  }

  /** NumPy's repr, e.g. `array([1., 2., 3.])` or `array([1, 2], dtype=int32)`. */
  toString(): string {
    return formatArray(this);
  }

  /** Node's util.inspect and browsers' consoles show the NumPy repr. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return formatArray(this);
  }

  /** A view with a new shape when the strides allow it, else a copy (like `np.reshape`). One dimension may be -1. */
  reshape(...shape: number[] | [readonly number[]]): NDArray {
    const s = (shape.length === 1 && Array.isArray(shape[0]) ? shape[0] : shape) as readonly number[];
    return reshape(this, s);
  }

  /** Permutes the axes (a view); no argument reverses them. */
  transpose(...axes: number[]): NDArray {
    return transpose(this, axes.length ? axes : undefined);
  }

  /** A 1-D view when contiguous, else a copy. */
  ravel(): NDArray {
    return ravel(this);
  }

  /** A 1-D copy. */
  flatten(): NDArray {
    return copy(this).reshape(-1);
  }

  /** A contiguous copy with its own buffer. */
  copy(): NDArray {
    return copy(this);
  }

  /** A copy converted to `dtype` (NumPy's casting rules; default "unsafe"). */
  astype(dtype: DType, options?: { casting?: Casting; copy?: boolean }): NDArray {
    return astype(this, dtype, options);
  }

  /** A new contiguous, zero-filled array. Internal helper for result allocation. */
  static allocate(shape: Shape, dtype: DType): NDArray {
    return new NDArray(allocateStorage(dtype, shapeSize(shape)), shape, undefined, 0, dtype);
  }
}
