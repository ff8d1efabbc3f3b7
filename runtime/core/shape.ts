/** Shape and stride helpers shared by every module. Strides count elements, not bytes. */

export type Shape = readonly number[];

export function shapeSize(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major (C order) strides, in elements. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i] || 1;
  }
  return strides;
}

/** NumPy's tuple repr of a shape: `(3,)`, `(2, 3)`, `()`. */
export function formatShape(shape: Shape): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(", ")})`;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** NumPy's C-level messages print shapes without spaces: `(2,3)`. */
export function formatShapeNp(shape: Shape): string {
  return formatShape(shape).replace(/, /g, ",");
}

/** Validates a user-given shape (number or list of non-negative integers). */
export function normalizeShape(shape: number | readonly number[]): number[] {
  const list = typeof shape === "number" ? [shape] : Array.from(shape);
  for (const d of list) {
    if (typeof d !== "number" || !Number.isInteger(d)) {
      throw new TypeError(`'${typeof d === "number" ? "float" : typeof d}' object cannot be interpreted as an integer`);
    }
    if (d < 0) throw new RangeError("negative dimensions are not allowed");
  }
  return list;
}

/** Normalizes a possibly negative axis, with NumPy's AxisError message. */
export function normalizeAxis(axis: number, ndim: number): number {
  if (!Number.isInteger(axis)) throw new TypeError("'float' object cannot be interpreted as an integer");
  if (axis < -ndim || axis >= ndim) {
    throw new RangeError(`axis ${axis} is out of bounds for array of dimension ${ndim}`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/** Broadcast shapes by NumPy's rules, or throw its message. */
export function broadcastShapes(...shapes: Shape[]): number[] {
  let ndim = 0;
  for (const s of shapes) ndim = Math.max(ndim, s.length);
  const out = new Array<number>(ndim).fill(1);
  for (const s of shapes) {
    const pad = ndim - s.length;
    for (let i = 0; i < s.length; i++) {
      const d = s[i];
      const o = out[pad + i];
      if (o === d || d === 1) continue;
      if (o === 1) {
        out[pad + i] = d;
        continue;
      }
      throw new RangeError(
        `operands could not be broadcast together with shapes ${shapes.map(formatShapeNp).join(" ")}`,
      );
    }
  }
  return out;
}

/** Strides that read an array of `shape`/`strides` as if it had the broadcast shape `target`. */
export function broadcastStrides(shape: Shape, strides: readonly number[], target: Shape): number[] {
  const pad = target.length - shape.length;
  const out = new Array<number>(target.length).fill(0);
  for (let i = 0; i < shape.length; i++) out[pad + i] = shape[i] === 1 && target[pad + i] !== 1 ? 0 : strides[i];
  return out;
}
