import type { Complex, NDArray } from "../core/ndarray";
import { type ReduceOptions, contiguousRun, eachInBlock, prepare, reduceBlocks, toScalar, writeOut } from "./_reduce";

/** NumPy's CGE: lexicographic a >= b, where a nan imaginary part spoils the real comparison. */
export function complexGE(ar: number, ai: number, br: number, bi: number): boolean {
  return (ar > br && ai === ai && bi === bi) || (ar === br && ai >= bi);
}

type AxisArg = number | readonly number[] | ReduceOptions;

/** min/max: nan-propagating, empty → NumPy's "no identity" error. */
export function extreme(name: "minimum" | "maximum", a: unknown, axisOrOptions?: AxisArg): NDArray | number | Complex {
  const { a: x, options, axes, keepdims, scalar } = prepare(a, axisOrOptions);
  const isMax = name === "maximum";
  if (x.dtype === "complex128") {
    const r = reduceBlocks(x, axes, keepdims, x.dtype, (b, out, i) => {
      if (b.size === 0) throw new RangeError(`zero-size array to reduction operation ${name} which has no identity`);
      let mr = NaN;
      let mi = NaN;
      let first = true;
      eachInBlock(b, (o) => {
        const vr = b.data[2 * o];
        const vi = b.data[2 * o + 1];
        // np.maximum for complex: keep m when it has a nan or compares >= (lexicographic, NumPy's CGE)
        const keep = !first && (mr !== mr || mi !== mi || (isMax ? complexGE(mr, mi, vr, vi) : complexGE(vr, vi, mr, mi)));
        if (!keep) {
          mr = vr;
          mi = vi;
        }
        first = false;
      });
      out[2 * i] = mr;
      out[2 * i + 1] = mi;
    });
    if (options.out !== undefined) return writeOut(name, r, options.out);
    return scalar ? toScalar(r) : r;
  }
  const r = reduceBlocks(x, axes, keepdims, x.dtype, (b, out, i) => {
    if (b.size === 0) throw new RangeError(`zero-size array to reduction operation ${name} which has no identity`);
    const run = contiguousRun(b);
    if (run) {
      // one contiguous block: a direct loop (same rule as below: ties take the later value)
      const d = b.data;
      let m = d[run[0]];
      if (isMax) {
        for (let k = run[0] + 1; k < run[1]; k++) {
          const v = d[k];
          if (!(m !== m || m > v)) m = v;
        }
      } else {
        for (let k = run[0] + 1; k < run[1]; k++) {
          const v = d[k];
          if (!(m !== m || m < v)) m = v;
        }
      }
      out[i] = m;
      return;
    }
    let m = NaN;
    let first = true;
    eachInBlock(b, (o) => {
      const v = b.data[o];
      if (first) {
        m = v;
        first = false;
      } else if (!(m !== m || (isMax ? m > v : m < v))) m = v; // np.maximum(m, v): ties take v (max(0, -0) is -0)
    });
    out[i] = m;
  });
  if (options.out !== undefined) return writeOut(isMax ? "maximum" : "minimum", r, options.out);
  return scalar ? toScalar(r) : r;
}
