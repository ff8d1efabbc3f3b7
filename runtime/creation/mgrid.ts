import { NDArray } from "../core/ndarray";
import { Slice } from "../indexing/slice";
import { allocateResult } from "../core/allocate";

/**
 * One axis of a grid: "start:stop:step" (floats allowed), "start:stop:Nj" (N points
 * including stop, NumPy's complex step), an integer `nd.slice`, or
 * `{ start, stop, step }` / `{ start, stop, num }`.
 */
export type GridSpec = string | Slice | { start?: number; stop: number; step?: number; num?: number };

function axisValues(spec: GridSpec): number[] {
  let start = 0;
  let stop: number;
  let step: number | undefined;
  let num: number | undefined;
  if (typeof spec === "string") {
    const parts = spec.split(":").map((p) => p.trim());
    if (parts.length < 2 || parts.length > 3) throw new TypeError(`invalid grid spec '${spec}' (expected "start:stop:step" or "start:stop:Nj")`);
    const parse = (p: string) => {
      const v = Number(p);
      if (p === "" || !Number.isFinite(v)) throw new TypeError(`invalid grid spec '${spec}'`);
      return v;
    };
    start = parts[0] === "" ? 0 : parse(parts[0]);
    stop = parse(parts[1]);
    if (parts[2] !== undefined && parts[2] !== "") {
      if (parts[2].endsWith("j")) num = parse(parts[2].slice(0, -1));
      else step = parse(parts[2]);
    }
  } else if (spec instanceof Slice) {
    start = spec.start ?? 0;
    if (spec.stop === null) throw new TypeError("mgrid needs a stop on every axis");
    stop = spec.stop;
    step = spec.step ?? undefined;
  } else {
    start = spec.start ?? 0;
    stop = spec.stop;
    step = spec.step;
    num = spec.num;
  }
  if (num !== undefined) {
    // NumPy: step = (stop - start) / (num - 1), values start + i*step
    const n = Math.trunc(num);
    const d = n > 1 ? (stop - start) / (n - 1) : 0;
    return Array.from({ length: n }, (_, i) => start + i * d);
  }
  const st = step ?? 1;
  if (st === 0) throw new RangeError("slice step cannot be zero");
  const n = Math.max(0, Math.ceil((stop - start) / st));
  return Array.from({ length: n }, (_, i) => start + i * st);
}

/**
 * A dense multi-dimensional grid (np.mgrid): `nd.mgrid("-2:1:4j", "-1.5:1.5:4j")` gives an
 * array of shape (2, 4, 4) whose [0] varies along axis 0 and [1] along axis 1. One spec gives
 * the 1-D array itself. float64 values.
 */
export function mgrid(...specs: GridSpec[]): NDArray {
  const axes = specs.map(axisValues);
  if (axes.length === 1) return new NDArray(Float64Array.from(axes[0]), [axes[0].length]);
  const shape = axes.map((v) => v.length);
  const out = allocateResult([axes.length, ...shape], "float64");
  const block = shape.reduce((p, d) => p * d, 1);
  const idx = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < block; flat++) {
    for (let d = 0; d < axes.length; d++) out.data[d * block + flat] = axes[d][idx[d]];
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}
