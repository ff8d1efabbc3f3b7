import { binaryUfunc, unsupported } from "./_binary";

/** Python's float modulo: the result has the sign of the divisor (NumPy's npy_divmod). */
export function floatMod(a: number, b: number): number {
  const m = a % b;
  if (b === 0) return m;
  if (m !== 0) return b < 0 !== m < 0 ? m + b : m;
  return b < 0 ? -0 : 0;
}

/** Python's integer modulo; x % 0 is 0 as NumPy (which also warns). */
export function intMod(a: number, b: number): number {
  if (b === 0) return 0;
  const m = a % b;
  return m !== 0 && b < 0 !== m < 0 ? m + b : m;
}

/**
 * Elementwise remainder with the sign of the divisor (np.mod / np.remainder, Python's `%`),
 * unlike JS's `%` which keeps the sign of the dividend: mod(-1, 3) is 2. bool gives int8.
 */
export const mod = binaryUfunc({
  name: "remainder",
  types: (common) => {
    if (common === "complex128") throw unsupported("remainder", common);
    return common === "bool" ? { loop: "int8", result: "int8" } : { loop: common, result: common };
  },
  real: floatMod,
  int: intMod,
});

export const remainder = mod;
