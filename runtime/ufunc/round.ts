import { NDArray } from "../core/ndarray";
import { unaryUfunc } from "./_unary";
import type { UfuncOptions } from "./_machinery";

/** Round half to even (C's rint, IEEE roundTiesToEven); keeps -0. */
export function rintScalar(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const cache = new Map<number, ReturnType<typeof unaryUfunc>>();

function rounder(decimals: number) {
  let f = cache.get(decimals);
  if (f) return f;
  const scale = Math.pow(10, Math.abs(decimals));
  const real = decimals === 0 ? rintScalar : decimals > 0 ? (x: number) => rintScalar(x * scale) / scale : (x: number) => rintScalar(x / scale) * scale;
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
  if (decimals !== 0 && a instanceof NDArray && a.dtype === "bool") {
    // NumPy scales by 10**decimals in place and cannot store that in a bool array.
    throw new TypeError(`Cannot cast ufunc '${decimals > 0 ? "multiply" : "divide"}' output from dtype('float64') to dtype('bool') with casting rule 'same_kind'`);
  }
  return rounder(decimals)(a, options);
}

export const around = round;
