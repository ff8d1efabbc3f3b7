import type { NDArray } from "../core/ndarray";
import { type DType, checkDType } from "../core/dtype";
import { allocateResult } from "../core/allocate";

export interface LinspaceOptions {
  /** Include `stop` as the last sample (default true). */
  endpoint?: boolean;
  dtype?: DType;
}

/**
 * `num` evenly spaced samples from `start` to `stop` (np.linspace), computed as NumPy does:
 * `start + i*step` with `step = (stop-start)/div`, and the last sample set to `stop` exactly.
 */
export function linspace(start: number, stop: number, num = 50, options: LinspaceOptions = {}): NDArray {
  const endpoint = options.endpoint ?? true;
  const dtype = checkDType(options.dtype ?? "float64");
  if (!Number.isInteger(num) || num < 0) throw new RangeError(`Number of samples, ${num}, must be non-negative.`);
  const a = allocateResult([num], dtype);
  const d = a.data;
  const div = endpoint ? num - 1 : num;
  const delta = stop - start;
  const step = div > 0 ? delta / div : NaN;
  const stride = dtype === "complex128" ? 2 : 1;
  for (let i = 0; i < num; i++) {
    let v: number;
    if (div > 0) {
      v = step === 0 ? (i / div) * delta + start : i * step + start;
    } else v = i * delta + start;
    d[i * stride] = v;
  }
  if (endpoint && num > 1) d[(num - 1) * stride] = stop;
  return a;
}
