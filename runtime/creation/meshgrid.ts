import type { NDArray } from "../core/ndarray";
import { toNDArray } from "../core/convert";
import { broadcastTo } from "../manipulation/broadcastTo";
import { copy } from "../manipulation/copy";

export interface MeshgridOptions {
  /** "xy" (default, Cartesian: the first two output axes swapped) or "ij" (matrix). */
  indexing?: "xy" | "ij";
  /** Return copies (default) or read-through broadcast views. */
  copy?: boolean;
}

/** Coordinate matrices from coordinate vectors (np.meshgrid). */
export function meshgrid(...args: (unknown | MeshgridOptions)[]): NDArray[] {
  let options: MeshgridOptions = {};
  const last = args[args.length - 1];
  if (last && typeof last === "object" && !Array.isArray(last) && !ArrayBuffer.isView(last) && ("indexing" in last || "copy" in last)) {
    options = last as MeshgridOptions;
    args = args.slice(0, -1);
  }
  const indexing = options.indexing ?? "xy";
  if (indexing !== "xy" && indexing !== "ij") throw new RangeError("Valid values for `indexing` are 'xy' and 'ij'.");
  const xs = args.map((a) => toNDArray(a).reshape(-1));
  const n = xs.length;
  const shape = xs.map((x) => x.size);
  if (indexing === "xy" && n > 1) [shape[0], shape[1]] = [shape[1], shape[0]];
  return xs.map((x, i) => {
    const s = new Array<number>(n).fill(1);
    let axis = i;
    if (indexing === "xy" && n > 1 && i < 2) axis = 1 - i;
    s[axis] = x.size;
    const v = broadcastTo(x.reshape(s), shape);
    return options.copy === false ? v : copy(v);
  });
}
