import type { NDArray } from "./ndarray";
import { forEachOffset } from "./convert";

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
  const srcOffsets: number[] = [];
  forEachOffset(src, (o) => srcOffsets.push(o));
  let k = 0;
  forEachOffset(dst, (o) => {
    const so = srcOffsets[k++];
    if (dstComplex) {
      d[2 * o] = srcComplex ? s[2 * so] : s[so];
      d[2 * o + 1] = srcComplex ? s[2 * so + 1] : 0;
    } else if (srcComplex) {
      d[o] = dstBool ? (s[2 * so] !== 0 || s[2 * so + 1] !== 0 ? 1 : 0) : toIntIfNeeded(s[2 * so], dst.dtype);
    } else if (dstBool) {
      d[o] = s[so] !== 0 ? 1 : 0; // nan is truthy, as in NumPy
    } else d[o] = toIntIfNeeded(s[so], dst.dtype);
  });
}

// Storing into an integer TypedArray already truncates and wraps; Infinity/NaN become 0.
function toIntIfNeeded(v: number, _dtype: string): number {
  return v;
}
