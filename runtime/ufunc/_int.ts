import type { DType } from "../core/dtype";

const scratch = {
  int8: new Int8Array(1),
  uint8: new Uint8Array(1),
  int16: new Int16Array(1),
  uint16: new Uint16Array(1),
  int32: new Int32Array(1),
  uint32: new Uint32Array(1),
} as const;

/** Wraps an integer-valued number into `dtype` modulo 2**bits, as a store into its TypedArray does. */
export function wrapInt(v: number, dtype: DType): number {
  const s = (scratch as Record<string, Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array>)[dtype];
  if (!s) return v;
  s[0] = v;
  return s[0];
}

/** Product of two values of an integer dtype, wrapped exactly (no double rounding). */
export function wrapMul(x: number, y: number, dtype: DType): number {
  if (dtype === "int32") return Math.imul(x, y);
  if (dtype === "uint32") return Math.imul(x, y) >>> 0;
  return wrapInt(x * y, dtype);
}

/** x ** y in a wrapping integer dtype; negative exponents are an error as in NumPy. */
export function intPower(x: number, y: number, dtype: DType): number {
  if (y < 0) throw new RangeError("Integers to negative integer powers are not allowed.");
  let result = 1;
  let base = wrapInt(x, dtype);
  let e = y;
  while (e > 0) {
    if (e % 2 === 1) result = wrapMul(result, base, dtype);
    base = wrapMul(base, base, dtype);
    e = Math.floor(e / 2);
  }
  return result;
}
