import type { NDArray } from "../core/ndarray";
import { normalizeAxis } from "../core/shape";
import { toNDArray, forEachOffset } from "../core/convert";
import { allocateResult } from "../core/allocate";
import { reshape } from "../manipulation/reshape";
import type { DType } from "../core/dtype";
import { sumDType } from "./_reduce";

export interface CumulativeOptions {
  /** Axis to accumulate along; the flattened array when omitted. */
  axis?: number | null;
  dtype?: DType;
}

export function cumulative(kind: "sum" | "prod", a: unknown, arg?: number | CumulativeOptions): NDArray {
  const options: CumulativeOptions = typeof arg === "number" ? { axis: arg } : arg ?? {};
  let x = toNDArray(a);
  if (options.axis === undefined || options.axis === null) x = reshape(x, [-1]);
  const axis = normalizeAxis(options.axis ?? 0, x.ndim);
  const dt = options.dtype ?? sumDType(x.dtype);
  const out = allocateResult(x.shape, dt);
  const n = x.shape[axis];
  const inStride = x.strides[axis];
  const outStride = out.strides[axis];
  const outerShape = x.shape.filter((_, i) => i !== axis);
  const xo = x.strides.filter((_, i) => i !== axis);
  const oo = out.strides.filter((_, i) => i !== axis);
  const inOffsets: number[] = [];
  forEachOffset({ shape: outerShape, strides: xo, offset: x.offset }, (o) => inOffsets.push(o));
  const complexIn = x.dtype === "complex128";
  let k = 0;
  forEachOffset({ shape: outerShape, strides: oo, offset: 0 }, (o) => {
    let io = inOffsets[k++];
    let re = kind === "sum" ? 0 : 1;
    let im = 0;
    for (let j = 0, po = o; j < n; j++, io += inStride, po += outStride) {
      const vr = complexIn ? x.data[2 * io] : x.data[io];
      const vi = complexIn ? x.data[2 * io + 1] : 0;
      if (kind === "sum") {
        re += vr;
        im += vi;
      } else if (!complexIn) {
        re *= vr; // the complex formula would turn inf*0 into nan
      } else {
        const t = re * vr - im * vi;
        im = re * vi + im * vr;
        re = t;
      }
      if (dt === "complex128") {
        out.data[2 * po] = re;
        out.data[2 * po + 1] = im;
      } else {
        out.data[po] = re;
        re = out.data[po]; // float32 accumulates in float32, as NumPy
      }
    }
  });
  return out;
}
