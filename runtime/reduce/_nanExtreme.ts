import type { NDArray } from "../core/ndarray";
import { type DType, integerRange } from "../core/dtype";
import { type ReduceOptions, contiguousRun, eachInBlock, prepare, reduceBlocks, toScalar, toReal, writeOut } from "./_reduce";

/** Options of nanmax/nanmin: the reduce options plus NumPy's `initial` (the start value, also an empty slice's result). */
export interface NanExtremeOptions extends ReduceOptions {
  initial?: number;
}

type AxisArg = number | readonly number[] | NanExtremeOptions;

/**
 * nanmax/nanmin (NumPy's fmax/fmin reduce): nan elements are skipped; an all-nan slice gives nan;
 * an empty slice gives `initial`, or NumPy's "no identity" error without one.
 *
 * Ties keep the earlier element (the running value): NumPy leaves max(-0, 0) to the platform's
 * fmax, here it follows element order, which is exactly the loop `if (x[i] > m) m = x[i]` — the
 * guarantee arraylint's manual-reduction fix relies on.
 */
export function nanExtreme(name: "nanmax" | "nanmin", a: unknown, axisOrOptions?: AxisArg): NDArray | number {
  const { a: x, options, axes, keepdims, scalar } = prepare(a, axisOrOptions);
  const initial = typeof axisOrOptions === "object" && axisOrOptions !== null && !Array.isArray(axisOrOptions) ? (axisOrOptions as NanExtremeOptions).initial : undefined;
  if (initial !== undefined && typeof initial !== "number") throw new TypeError(`${name}: initial must be a number, got ${typeof initial}`);
  if (x.dtype === "complex128") {
    throw new TypeError(`nd.${name} does not support complex128 arrays; use nd.max/nd.min (lexicographic, nan-propagating)`);
  }
  const ufunc = name === "nanmax" ? "fmax" : "fmin";
  const isMax = name === "nanmax";
  const hasInitial = initial !== undefined;
  const start = hasInitial ? castInitial(initial, x.dtype) : NaN;
  const r = reduceBlocks(x, axes, keepdims, x.dtype, (b, out, i) => {
    if (b.size === 0 && !hasInitial) throw new RangeError(`zero-size array to reduction operation ${ufunc} which has no identity`);
    // m is nan only until the first non-nan value (or when `initial` is nan, as fmax(nan, v) is v)
    let m = start;
    const run = contiguousRun(b);
    if (run) {
      const d = b.data;
      let k = run[0];
      // until the first non-nan value, then the plain comparison loop (nan compares false, so it is skipped)
      while (m !== m && k < run[1]) m = d[k++];
      if (isMax) {
        for (; k < run[1]; k++) {
          const v = d[k];
          if (v > m) m = v;
        }
      } else {
        for (; k < run[1]; k++) {
          const v = d[k];
          if (v < m) m = v;
        }
      }
    } else {
      eachInBlock(b, (o) => {
        const v = b.data[o];
        if ((isMax ? v > m : v < m) || (m !== m && v === v)) m = v;
      });
    }
    out[i] = m;
  });
  if (options.out !== undefined) return writeOut(ufunc, r, options.out);
  return scalar ? toReal(r) : r;
}

/** `initial` converted to the array's dtype as NumPy does (a Python float into an integer dtype). */
function castInitial(initial: number, dtype: DType): number {
  if (dtype === "bool") return initial !== 0 ? 1 : 0; // bool(nan) is True
  if (dtype === "float32") return Math.fround(initial);
  if (dtype === "float64") return initial;
  const range = integerRange(dtype);
  if (initial !== initial) throw new RangeError("cannot convert float NaN to integer");
  if (!Number.isFinite(initial)) throw new RangeError("cannot convert float infinity to integer");
  const t = Math.trunc(initial);
  if (t < range[0] || t > range[1]) throw new RangeError(`Python integer ${t} out of bounds for ${dtype}`);
  return t;
}
