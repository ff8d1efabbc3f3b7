import type { NDArray } from "./ndarray";
import { forEachOffset, forEachRowOf } from "./convert";

/**
 * Copies `src` into `dst` (same shape) converting values as NumPy's unsafe cast does:
 * float → int truncates toward zero and wraps modulo 2**bits (NaN → 0, where NumPy's
 * result is undefined), anything → bool is `!= 0`, real → complex gets im = 0,
 * complex → real keeps the real part.
 */
export function castInto(src: NDArray, dst: NDArray): void {
  const s = src.data;
  const d = dst.data;
  const srcComplex = src.dtype === "complex128";
  const dstComplex = dst.dtype === "complex128";
  const dstBool = dst.dtype === "bool";
  // nothing to write; an empty view's offset may lie past the end of its data (concatenate of empty arrays)
  if (dst.size === 0) return;
  // Both contiguous and real: one flat loop (TypedArray.set converts exactly like element stores).
  if (!srcComplex && !dstComplex && src.isContiguous && dst.isContiguous && src.size === dst.size) {
    const n = src.size;
    const from = s.subarray(src.offset, src.offset + n);
    if (!dstBool) {
      d.set(from, dst.offset);
      return;
    }
    for (let i = 0; i < n; i++) d[dst.offset + i] = from[i] !== 0 ? 1 : 0;
    return;
  }
  // A strided source into a contiguous destination (copy() of a view, astype of a transpose):
  // row loops, without a list of offsets and a call per element (≈10× faster for a transpose copy).
  if (dst.isContiguous && src.size === dst.size) {
    let k = dst.offset;
    forEachRowOf(src, (n, base, step) => {
      if (srcComplex && dstComplex) {
        for (let j = 0, o = base; j < n; j++, o += step, k++) {
          d[2 * k] = s[2 * o];
          d[2 * k + 1] = s[2 * o + 1];
        }
      } else if (dstComplex) {
        for (let j = 0, o = base; j < n; j++, o += step, k++) {
          d[2 * k] = s[o];
          d[2 * k + 1] = 0;
        }
      } else if (srcComplex) {
        if (dstBool) for (let j = 0, o = base; j < n; j++, o += step) d[k++] = s[2 * o] !== 0 || s[2 * o + 1] !== 0 ? 1 : 0;
        else for (let j = 0, o = base; j < n; j++, o += step) d[k++] = s[2 * o];
      } else if (dstBool) {
        for (let j = 0, o = base; j < n; j++, o += step) d[k++] = s[o] !== 0 ? 1 : 0; // nan is truthy, as in NumPy
      } else {
        for (let j = 0, o = base; j < n; j++, o += step) d[k++] = s[o]; // an integer store truncates and wraps
      }
    });
    return;
  }
  const srcOffsets: number[] = [];
  forEachOffset(src, (o) => srcOffsets.push(o));
  let k = 0;
  forEachOffset(dst, (o) => {
    const so = srcOffsets[k++];
    if (dstComplex) {
      d[2 * o] = srcComplex ? s[2 * so] : s[so];
      d[2 * o + 1] = srcComplex ? s[2 * so + 1] : 0;
    } else if (srcComplex) {
      d[o] = dstBool ? (s[2 * so] !== 0 || s[2 * so + 1] !== 0 ? 1 : 0) : s[2 * so];
    } else if (dstBool) {
      d[o] = s[so] !== 0 ? 1 : 0; // nan is truthy, as in NumPy
    } else d[o] = s[so]; // an integer store truncates and wraps
  });
}

