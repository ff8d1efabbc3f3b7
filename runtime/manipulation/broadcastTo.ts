import { NDArray } from "../core/ndarray";
import { broadcastStrides, formatShape } from "../core/shape";
import { toNDArray } from "../core/convert";

/** A read-through view of `a` with the broadcast `shape` (np.broadcast_to); repeated elements share memory. */
export function broadcastTo(a: unknown, shape: readonly number[]): NDArray {
  const x = toNDArray(a);
  const pad = shape.length - x.ndim;
  const ok = pad >= 0 && x.shape.every((d, i) => d === shape[pad + i] || d === 1);
  if (!ok) {
    throw new RangeError(
      `operands could not be broadcast together with remapped shapes [original->remapped]: ${formatShape(x.shape)} and requested shape ${formatShape(shape)}`,
    );
  }
  return new NDArray(x.data, shape, broadcastStrides(x.shape, x.strides, shape), x.offset, x.dtype);
}
