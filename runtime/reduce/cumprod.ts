import type { NDArray } from "../core/ndarray";
import { cumulative, type CumulativeOptions } from "./_cumulative";

/** Running product along an axis (np.cumprod), of the flattened array unless `axis` is given. */
export function cumprod(a: unknown, axisOrOptions?: number | CumulativeOptions): NDArray {
  return cumulative("prod", a, axisOrOptions);
}
