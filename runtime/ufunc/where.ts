import { NDArray } from "../core/ndarray";
import { toNDArray } from "../core/convert";
import { castInto } from "../core/cast";
import { nonzero } from "../indexing/select";
import {
  checkWeakScalars,
  forEachRow,
  iterationShape,
  operandsResultType,
  prepareResult,
  protectFromOverlap,
  resolveOut,
  stridedFor,
  toOperand,
  type Operand,
  type UfuncOptions,
} from "./_machinery";

/**
 * `where(cond, x, y)`: x where cond is true, else y, broadcast together (np.where); the
 * dtype is the promotion of x and y (JS numbers weak, as NEP 50). `where(cond)` alone
 * returns the indices of the true elements, one int32 array per dimension (np.nonzero).
 */
export function where(cond: unknown): NDArray[];
export function where(cond: unknown, x: unknown, y: unknown, options?: UfuncOptions): NDArray;
export function where(cond: unknown, x?: unknown, y?: unknown, options: UfuncOptions = {}): NDArray | NDArray[] {
  if (x === undefined && y === undefined) return nonzero(toNDArray(cond));
  if (x === undefined || y === undefined) throw new TypeError("either both or neither of x and y should be given");
  const c = toOperand(cond);
  const ops: Operand[] = [toOperand(x), toOperand(y)];
  const dtype = options.dtype ?? operandsResultType(ops);
  checkWeakScalars(ops, dtype);
  const out = resolveOut(options.out);
  const shape = iterationShape([c, ...ops], out);
  const { target, finish } = prepareResult("where", shape, dtype, out);
  const asArray = (op: Operand, dt: typeof dtype | "bool"): NDArray => {
    let arr: NDArray;
    if (op.kind === "array") arr = protectFromOverlap(op.array, out);
    else if (op.kind === "complex") arr = new NDArray(new Float64Array([op.re, op.im]), [], [], 0, "complex128");
    else arr = new NDArray(new Float64Array([op.value]), [], [], 0, "float64");
    if (arr.dtype === dt) return arr;
    const conv = NDArray.allocate(arr.shape, dt);
    castInto(arr, conv);
    return conv;
  };
  const C = stridedFor(asArray(c, "bool"), shape);
  const X = stridedFor(asArray(ops[0], target.dtype), shape);
  const Y = stridedFor(asArray(ops[1], target.dtype), shape);
  const O = stridedFor(target, shape);
  const k = target.dtype === "complex128" ? 2 : 1;
  const od = target.data;
  const cd = C.data;
  const xd = X.data;
  const yd = Y.data;
  forEachRow(shape, [C, X, Y, O], (n, [ic, ix, iy, io], [tc, tx, ty, to]) => {
    if (k === 1) {
      for (let j = 0; j < n; j++, ic += tc, ix += tx, iy += ty, io += to) od[io] = cd[ic] ? xd[ix] : yd[iy];
      return;
    }
    for (let j = 0; j < n; j++, ic += tc, ix += tx, iy += ty, io += to) {
      const src = C.data[ic] ? X : Y;
      const si = C.data[ic] ? ix : iy;
      for (let s = 0; s < k; s++) od[k * io + s] = src.data[k * si + s];
    }
  });
  return finish();
}
