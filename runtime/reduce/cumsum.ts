import type { NDArray } from "../core/ndarray";
import { cumulative, type CumulativeOptions } from "./_cumulative";

/** Running sum along an axis (np.cumsum), of the flattened array unless `axis` is given; sequential order, as NumPy. */
export function cumsum(a: unknown, axisOrOptions?: number | CumulativeOptions): NDArray {
  return cumulative("sum", a, axisOrOptions);
}
