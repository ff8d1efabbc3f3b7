import type { NDArray } from "../core/ndarray";
import { unaryUfunc } from "./_unary";
import type { UfuncOptions } from "./_machinery";

/** Round half to even (C's rint, IEEE roundTiesToEven); keeps -0. */
export function rint(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const cache = new Map<number, ReturnType<typeof unaryUfunc>>();

function rounder(decimals: number) {
  let f = cache.get(decimals);
  if (f) return f;
  const scale = Math.pow(10, Math.abs(decimals));
  const real = decimals === 0 ? rint : decimals > 0 ? (x: number) => rint(x * scale) / scale : (x: number) => rint(x / scale) * scale;
  f = unaryUfunc({
    name: "round",
    types: (d) => ({ loop: d, result: d }),
    real,
    // Integers are already whole; negative decimals round them to tens, hundreds…
    int: (x) => (decimals >= 0 ? x : real(x)),
    complex: (re, im, res) => {
      res[0] = real(re);
      res[1] = real(im);
    },
  });
  if (cache.size < 32) cache.set(decimals, f);
  return f;
}

/**
 * Rounds to `decimals` places, ties to even (np.round / np.around): round(2.5) is 2,
 * round(-0.5) is -0. Like NumPy it scales by 10**decimals, so e.g. round(2.675, 2) is 2.67.
 */
export function round(a: unknown, decimals = 0, options?: UfuncOptions): NDArray {
  if (!Number.isInteger(decimals)) throw new TypeError("'float' object cannot be interpreted as an integer");
  return rounder(decimals)(a, options);
}

export const around = round;
