import type { NDArray } from "../core/ndarray";
import { eachInBlock, prepare, reduceBlocks } from "./_reduce";
import { reshape } from "../manipulation/reshape";
import { toNDArray } from "../core/convert";

export interface ArgOptions {
  axis?: number | null;
  keepdims?: boolean;
}

/** argmin/argmax: first occurrence; the first nan wins (NumPy). Indices are int32. */
export function argExtreme(name: "argmin" | "argmax", a: unknown, arg?: number | ArgOptions): NDArray | number {
  const options: ArgOptions = typeof arg === "number" ? { axis: arg } : arg ?? {};
  let x = toNDArray(a);
  const flat = options.axis === undefined || options.axis === null;
  if (flat) x = reshape(x, [-1]);
  const { a: arr, axes } = prepare(x, flat ? 0 : options.axis);
  const isMax = name === "argmax";
  if (arr.dtype === "complex128") {
    const rc = reduceBlocks(arr, axes, false, "int32", (b, out, i) => {
      if (b.size === 0) throw new RangeError(`attempt to get ${name} of an empty sequence`);
      let br = NaN;
      let bi = NaN;
      let at = -1;
      let k = 0;
      eachInBlock(b, (o) => {
        const vr = b.data[2 * o];
        const vi = b.data[2 * o + 1];
        const bestNaN = br !== br || bi !== bi;
        const vNaN = vr !== vr || vi !== vi;
        // the first nan wins; otherwise a strictly larger (smaller) value, lexicographically
        const better = isMax ? vr > br || (vr === br && vi > bi) : vr < br || (vr === br && vi < bi);
        if (at < 0 || (!bestNaN && (vNaN || better))) {
          br = vr;
          bi = vi;
          at = k;
        }
        k++;
      });
      out[i] = at;
    });
    return finishArg(rc, flat, options, a, axes);
  }
  const r = reduceBlocks(arr, axes, false, "int32", (b, out, i) => {
    if (b.size === 0) throw new RangeError(`attempt to get ${name} of an empty sequence`);
    let best = NaN;
    let at = -1;
    let k = 0;
    eachInBlock(b, (o) => {
      const v = b.data[o];
      if (at < 0 || (best === best && (v !== v || (isMax ? v > best : v < best)))) {
        best = v;
        at = k;
      }
      k++;
    });
    out[i] = at;
  });
  return finishArg(r, flat, options, a, axes);
}

function finishArg(r: NDArray, flat: boolean, options: ArgOptions, a: unknown, axes: number[]): NDArray | number {
  if (flat) {
    if (options.keepdims) return r.reshape(toNDArray(a).shape.map(() => 1));
    return r.data[r.offset];
  }
  if (options.keepdims) {
    const shape = [...toNDArray(a).shape];
    shape[axes[0]] = 1;
    return r.reshape(shape);
  }
  return r;
}
