import { NDArray } from "../core/ndarray";
import { type DType, kindOf, promoteTypes } from "../core/dtype";
import { broadcastShapes, broadcastStrides, shapeSize } from "../core/shape";
import { toNDArray, forEachOffset } from "../core/convert";
import { castInto } from "../core/cast";
import { allocateResult } from "../core/allocate";
import { matmulKernel } from "../core/kernels";
import { resolveOut, checkOut, type UfuncOptions } from "../ufunc/_machinery";
import { wrapMul, wrapInt } from "../ufunc/_int";

const SIGNATURE = "(n?,k),(k,m?)->(n?,m?)";

function asDType(a: NDArray, dt: DType): NDArray {
  if (a.dtype === dt) return a;
  const c = NDArray.allocate(a.shape, dt);
  castInto(a, c);
  return c;
}

/** A contiguous copy unless already contiguous (the kernel wants row-major blocks). */
function contiguous(a: NDArray): NDArray {
  return a.isContiguous ? a : a.copy();
}

/**
 * Matrix product with `@` semantics (np.matmul): 1-D operands are promoted to a row/column
 * and the added axis removed afterwards; leading dimensions broadcast (batched matmul);
 * scalars are rejected. Float products accumulate in order p = 0..k-1 per element.
 */
export function matmul(x1: unknown, x2: unknown, options: UfuncOptions = {}): NDArray {
  let a = toNDArray(x1);
  let b = toNDArray(x2);
  for (const [i, arr] of [a, b].entries()) {
    if (arr.ndim === 0) {
      throw new RangeError(
        `matmul: Input operand ${i} does not have enough dimensions (has 0, gufunc core with signature ${SIGNATURE} requires 1)`,
      );
    }
  }
  const aVec = a.ndim === 1;
  const bVec = b.ndim === 1;
  if (aVec) a = a.reshape(1, a.shape[0]);
  if (bVec) b = b.reshape(b.shape[0], 1);
  const m = a.shape[a.ndim - 2];
  const k = a.shape[a.ndim - 1];
  const k2 = b.shape[b.ndim - 2];
  const n = b.shape[b.ndim - 1];
  if (k !== k2) {
    throw new RangeError(
      `matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature ${SIGNATURE} (size ${k2} is different from ${k})`,
    );
  }
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const dt = promoteTypes(a.dtype, b.dtype);
  const fullShape = [...batch, m, n];
  const resultShape = [...batch, ...(aVec ? [] : [m]), ...(bVec ? [] : [n])];
  const out = resolveOut(options.out);
  if (out) checkOut("matmul", out, resultShape, dt);
  const result = allocateResult(fullShape, dt);
  a = asDType(a, dt);
  b = asDType(b, dt);
  const aBatch = broadcastStrides(a.shape.slice(0, -2), a.strides.slice(0, -2), batch);
  const bBatch = broadcastStrides(b.shape.slice(0, -2), b.strides.slice(0, -2), batch);
  const aOffsets: number[] = [];
  const bOffsets: number[] = [];
  forEachOffset({ shape: batch, strides: aBatch, offset: a.offset }, (o) => aOffsets.push(o));
  forEachOffset({ shape: batch, strides: bBatch, offset: b.offset }, (o) => bOffsets.push(o));
  const nb = shapeSize(batch);
  const [as0, as1] = a.strides.slice(-2);
  const [bs0, bs1] = b.strides.slice(-2);
  const kind = kindOf(dt);
  const rd = result.data;
  for (let t = 0; t < nb; t++) {
    const base = t * m * n;
    if (dt === "float64" || dt === "float32") {
      const am = contiguous(new NDArray(a.data, [m, k], [as0, as1], aOffsets[t], dt));
      const bm = contiguous(new NDArray(b.data, [k, n], [bs0, bs1], bOffsets[t], dt));
      const ad = am.data as Float64Array | Float32Array;
      const bd = bm.data as Float64Array | Float32Array;
      matmulKernel(
        ad.subarray(am.offset, am.offset + m * k),
        bd.subarray(bm.offset, bm.offset + k * n),
        (rd as Float64Array | Float32Array).subarray(base, base + m * n),
        m,
        k,
        n,
      );
      continue;
    }
    const ad = a.data;
    const bd = b.data;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const ao = aOffsets[t] + i * as0;
        const bo = bOffsets[t] + j * bs1;
        if (kind === "c") {
          let re = 0;
          let im = 0;
          for (let p = 0; p < k; p++) {
            const xr = ad[2 * (ao + p * as1)];
            const xi = ad[2 * (ao + p * as1) + 1];
            const yr = bd[2 * (bo + p * bs0)];
            const yi = bd[2 * (bo + p * bs0) + 1];
            re += xr * yr - xi * yi;
            im += xr * yi + xi * yr;
          }
          rd[2 * (base + i * n + j)] = re;
          rd[2 * (base + i * n + j) + 1] = im;
        } else if (kind === "b") {
          let s = 0;
          for (let p = 0; p < k && !s; p++) s = ad[ao + p * as1] && bd[bo + p * bs0] ? 1 : 0;
          rd[base + i * n + j] = s;
        } else {
          let s = 0;
          for (let p = 0; p < k; p++) s = wrapInt(s + wrapMul(ad[ao + p * as1], bd[bo + p * bs0], dt), dt);
          rd[base + i * n + j] = s;
        }
      }
    }
  }
  const shaped = result.reshape(resultShape);
  if (!out) return shaped;
  castInto(shaped, out);
  return out;
}
