import { NDArray } from "../core/ndarray";
import { allocateResult } from "../core/allocate";
import { castInto } from "../core/cast";
import { mayShareMemory } from "../core/mayShareMemory";

/**
 * The common shape of mask indexing, `a[mask]` and `a[mask] = v` with a bool mask of a's own
 * shape, both C-contiguous: one pass over the mask instead of nonzero() + per-element offsets
 * (that general path costs ≈45–65 ns per element; this is a plain loop). Every other mask
 * (broadcast, fewer dimensions, strided) goes the general way in select.ts. Results are the
 * general path's: C order, values cast to a's dtype first.
 */
export function isWholeMask(a: NDArray, mask: unknown): mask is NDArray {
  if (!(mask instanceof NDArray) || mask.dtype !== "bool" || mask.ndim !== a.ndim || a.ndim === 0) return false;
  for (let d = 0; d < a.ndim; d++) if (mask.shape[d] !== a.shape[d]) return false;
  return a.isContiguous && mask.isContiguous;
}

function countTrue(mask: NDArray): number {
  const m = mask.data, mo = mask.offset, n = mask.size;
  let count = 0;
  for (let i = 0; i < n; i++) if (m[mo + i] !== 0) count++;
  return count;
}

/** a[mask] (a copy, 1-d) for a whole, contiguous mask (see isWholeMask). */
export function getWholeMask(a: NDArray, mask: NDArray): NDArray {
  const m = mask.data, mo = mask.offset, n = a.size;
  const out = allocateResult([countTrue(mask)], a.dtype);
  const s = a.data, d = out.data, ao = a.offset;
  let k = 0;
  if (a.dtype === "complex128") {
    for (let i = 0; i < n; i++) {
      if (m[mo + i] !== 0) {
        d[k++] = s[2 * (ao + i)];
        d[k++] = s[2 * (ao + i) + 1];
      }
    }
  } else {
    for (let i = 0; i < n; i++) if (m[mo + i] !== 0) d[k++] = s[ao + i];
  }
  return out;
}

/**
 * a[mask] = src for a whole, contiguous mask. `src` has size 1 (broadcast) or the mask's count;
 * returns false for any other size so the general path reports NumPy's error, and when the mask
 * shares memory with `a` (writes would change mask elements not yet read: the general path reads
 * the whole mask first).
 */
export function setWholeMask(a: NDArray, mask: NDArray, src: NDArray): boolean {
  if (mayShareMemory(a, mask)) return false;
  const m = mask.data, mo = mask.offset, n = a.size;
  const single = src.size === 1;
  const count = single ? 1 : countTrue(mask);
  if (src.size !== count) return false;
  // cast first (exactly as the general path: castInto into a fresh buffer of a's dtype), then scatter
  const values = allocateResult(single ? [] : [count], a.dtype);
  castInto(single ? src.reshape([]) : src.reshape([count]), values);
  const d = a.data, s = values.data, ao = a.offset;
  if (a.dtype === "complex128") {
    let k = 0;
    const re = s[0], im = s[1];
    for (let i = 0; i < n; i++) {
      if (m[mo + i] === 0) continue;
      const o = 2 * (ao + i);
      if (single) {
        d[o] = re;
        d[o + 1] = im;
      } else {
        d[o] = s[k++];
        d[o + 1] = s[k++];
      }
    }
  } else if (single) {
    const v = s[0];
    for (let i = 0; i < n; i++) if (m[mo + i] !== 0) d[ao + i] = v;
  } else {
    let k = 0;
    for (let i = 0; i < n; i++) if (m[mo + i] !== 0) d[ao + i] = s[k++];
  }
  return true;
}
