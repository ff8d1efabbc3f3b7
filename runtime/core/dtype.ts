/**
 * Data types, their storage and NumPy 2's promotion rules (NEP 50).
 *
 * Storage: every dtype lives in one TypedArray; `bool` is a Uint8Array holding 0/1,
 * `complex128` is a Float64Array of interleaved (re, im) pairs.
 */

export type DType =
  | "float64"
  | "float32"
  | "int8"
  | "int16"
  | "int32"
  | "uint8"
  | "uint16"
  | "uint32"
  | "bool"
  | "complex128";

export type TypedArray =
  | Float64Array
  | Float32Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint8ClampedArray
  | Uint16Array
  | Uint32Array;

/** The storage constructor of each dtype. */
export interface TypedArrayConstructorLike {
  new (length: number): TypedArray;
  new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): TypedArray;
}

export const DTYPES: readonly DType[] = [
  "bool",
  "int8",
  "uint8",
  "int16",
  "uint16",
  "int32",
  "uint32",
  "float32",
  "float64",
  "complex128",
];

const STORAGE: Record<DType, TypedArrayConstructorLike> = {
  float64: Float64Array,
  float32: Float32Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  bool: Uint8Array,
  complex128: Float64Array,
};

/** Number of storage slots per element (2 for complex128: re and im). */
export function slotsPerElement(dtype: DType): 1 | 2 {
  return dtype === "complex128" ? 2 : 1;
}

export function storageConstructor(dtype: DType): TypedArrayConstructorLike {
  return STORAGE[dtype];
}

/** A zero-filled storage buffer holding `length` elements of `dtype`. */
export function allocateStorage(dtype: DType, length: number): TypedArray {
  return new STORAGE[dtype](length * slotsPerElement(dtype));
}

export function isDType(x: unknown): x is DType {
  return typeof x === "string" && (DTYPES as readonly string[]).includes(x);
}

/** Throws NumPy's message for an unknown dtype name. */
export function checkDType(x: unknown): DType {
  if (!isDType(x)) throw new TypeError(`data type '${String(x)}' not understood`);
  return x;
}

/** The dtype a TypedArray holds (Uint8ClampedArray reads as uint8). */
export function dtypeOfTypedArray(t: TypedArray): DType {
  if (t instanceof Float64Array) return "float64";
  if (t instanceof Float32Array) return "float32";
  if (t instanceof Int32Array) return "int32";
  if (t instanceof Int16Array) return "int16";
  if (t instanceof Int8Array) return "int8";
  if (t instanceof Uint32Array) return "uint32";
  if (t instanceof Uint16Array) return "uint16";
  if (t instanceof Uint8Array || t instanceof Uint8ClampedArray) return "uint8";
  throw new TypeError(`unsupported typed array ${Object.prototype.toString.call(t)}`);
}

export function isTypedArray(x: unknown): x is TypedArray {
  return ArrayBuffer.isView(x) && !(x instanceof DataView) && !isBigIntArray(x);
}

function isBigIntArray(x: unknown): boolean {
  return (
    (typeof BigInt64Array !== "undefined" && x instanceof BigInt64Array) ||
    (typeof BigUint64Array !== "undefined" && x instanceof BigUint64Array)
  );
}

export type Kind = "b" | "u" | "i" | "f" | "c";

export function kindOf(dtype: DType): Kind {
  switch (dtype) {
    case "bool":
      return "b";
    case "uint8":
    case "uint16":
    case "uint32":
      return "u";
    case "int8":
    case "int16":
    case "int32":
      return "i";
    case "float32":
    case "float64":
      return "f";
    case "complex128":
      return "c";
  }
}

export const isIntegerDType = (d: DType): boolean => kindOf(d) === "u" || kindOf(d) === "i";
export const isFloatDType = (d: DType): boolean => kindOf(d) === "f";
export const isComplexDType = (d: DType): boolean => d === "complex128";

/** Byte size of one element, as NumPy's `itemsize`. */
export function itemsize(dtype: DType): number {
  switch (dtype) {
    case "bool":
    case "int8":
    case "uint8":
      return 1;
    case "int16":
    case "uint16":
      return 2;
    case "int32":
    case "uint32":
    case "float32":
      return 4;
    case "float64":
      return 8;
    case "complex128":
      return 16;
  }
}

/** Inclusive value range of an integer dtype. */
export function integerRange(dtype: DType): [number, number] {
  switch (dtype) {
    case "int8":
      return [-128, 127];
    case "uint8":
      return [0, 255];
    case "int16":
      return [-32768, 32767];
    case "uint16":
      return [0, 65535];
    case "int32":
      return [-2147483648, 2147483647];
    case "uint32":
      return [0, 4294967295];
    case "bool":
      return [0, 1];
    default:
      throw new TypeError(`${dtype} is not an integer dtype`);
  }
}

const INT_BY_SIZE_SIGNED: Record<number, DType> = { 1: "int8", 2: "int16", 4: "int32" };

/**
 * `np.promote_types(a, b)` for two array dtypes.
 *
 * Difference from NumPy: there is no int64, so where NumPy would pick int64
 * (uint32 with a signed integer) the result is float64, which holds every such value exactly.
 */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === "c" || kb === "c") return "complex128";
  if (ka === "b") return b;
  if (kb === "b") return a;
  if (ka === "f" || kb === "f") {
    if (ka === "f" && kb === "f") return "float64";
    const [f, other] = ka === "f" ? [a, b] : [b, a];
    if (f === "float64") return "float64";
    // float32 holds int8/uint8/int16/uint16 exactly; 32-bit integers need float64.
    return itemsize(other) <= 2 ? "float32" : "float64";
  }
  // Both integers.
  if (ka === kb) return itemsize(a) >= itemsize(b) ? a : b;
  const [s, u] = ka === "i" ? [a, b] : [b, a];
  if (itemsize(s) > itemsize(u)) return s;
  const wider = INT_BY_SIZE_SIGNED[itemsize(u) * 2];
  return wider ?? "float64";
}

/**
 * The dtype of `array (op) scalar` where the scalar is a JS number, a "weak" Python
 * scalar under NEP 50: it never widens the array's dtype within its kind.
 */
export function promoteWithScalar(arrayDType: DType, scalar: number | boolean): DType {
  const k = kindOf(arrayDType);
  if (typeof scalar === "boolean") return arrayDType;
  const integral = Number.isInteger(scalar);
  if (k === "b") return integral ? DEFAULT_INT : "float64";
  if (k === "u" || k === "i") return integral ? arrayDType : "float64";
  return arrayDType;
}

/**
 * The dtype NumPy would call its default integer (int64). JS numbers are doubles, so the
 * runtime uses float64 there: exact for every integer up to 2**53.
 */
export const DEFAULT_INT: DType = "float64";

/** Throws NumPy 2's OverflowError message when a weak integer scalar does not fit. */
export function checkScalarFits(scalar: number, dtype: DType): void {
  if (!isIntegerDType(dtype) || !Number.isInteger(scalar)) return;
  const [lo, hi] = integerRange(dtype);
  if (scalar < lo || scalar > hi) {
    throw new RangeError(`Python integer ${scalar} out of bounds for ${dtype}`);
  }
}

/** NumPy's `can_cast(from, to, casting)`. */
export type Casting = "no" | "equiv" | "safe" | "same_kind" | "unsafe";

export function canCast(from: DType, to: DType, casting: Casting = "safe"): boolean {
  if (casting === "unsafe") return true;
  if (casting === "no" || casting === "equiv") return from === to;
  if (from === to) return true;
  const safe = promoteTypes(from, to) === to && !(from === "uint32" && to === "float32");
  if (casting === "safe") return safe;
  // same_kind: safe, or within the same kind order b < u/i < f < c going down or equal.
  if (safe) return true;
  const order: Record<Kind, number> = { b: 0, u: 1, i: 1, f: 2, c: 3 };
  const kf = kindOf(from);
  const kt = kindOf(to);
  if (kf === "i" && kt === "u") return false;
  return order[kf] <= order[kt];
}

