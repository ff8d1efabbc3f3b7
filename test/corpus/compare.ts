// Behaviour comparison for the fix differential test, following the corpus README:
// element by element, relative tolerance `rtol`, NaN equals NaN, a typed array may change its
// element type when the values are equal, but an Array must not become a typed array (or back).

function isTypedArray(v: unknown): v is ArrayLike<number | bigint> {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "Array";
  if (isTypedArray(v)) return (v as object).constructor.name;
  return typeof v === "object" ? ((v as object).constructor?.name ?? "Object") : typeof v;
}

function numbersClose(a: number, b: number, rtol: number): boolean {
  if (a === b) return true;
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= rtol * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Undefined when `actual` (the fixed code's value) equals `expected` (the original's) under the
 * corpus's rules; otherwise a one-line description of the first difference, with its path.
 */
export function describeDifference(actual: unknown, expected: unknown, rtol: number, path = "value"): string | undefined {
  if (typeof expected === "number") {
    if (typeof actual !== "number") return `${path}: expected a number, got ${typeName(actual)}`;
    return numbersClose(actual, expected, rtol) ? undefined : `${path}: expected ${expected}, got ${actual}`;
  }
  if (isTypedArray(expected)) {
    if (!isTypedArray(actual)) return `${path}: expected a ${typeName(expected)}, got ${typeName(actual)}`;
    return elementsDifference(actual, expected, rtol, path);
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an Array, got ${typeName(actual)}`;
    if (actual.length !== expected.length) return `${path}: expected length ${expected.length}, got ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const d = describeDifference(actual[i], expected[i], rtol, `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (typeof expected === "object" && expected !== null) {
    if (typeof actual !== "object" || actual === null || Array.isArray(actual) || isTypedArray(actual)) {
      return `${path}: expected an object, got ${typeName(actual)}`;
    }
    const expectedKeys = Object.keys(expected).sort();
    const actualKeys = Object.keys(actual).sort();
    if (expectedKeys.join(",") !== actualKeys.join(",")) {
      return `${path}: expected keys {${expectedKeys.join(", ")}}, got {${actualKeys.join(", ")}}`;
    }
    for (const key of expectedKeys) {
      const d = describeDifference(
        (actual as Record<string, unknown>)[key],
        (expected as Record<string, unknown>)[key],
        rtol,
        `${path}.${key}`,
      );
      if (d) return d;
    }
    return undefined;
  }
  return Object.is(actual, expected) ? undefined : `${path}: expected ${String(expected)}, got ${String(actual)}`;
}

function elementsDifference(
  actual: ArrayLike<number | bigint>,
  expected: ArrayLike<number | bigint>,
  rtol: number,
  path: string,
): string | undefined {
  if (actual.length !== expected.length) return `${path}: expected length ${expected.length}, got ${actual.length}`;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i];
    const equal = typeof e === "number" && typeof a === "number" ? numbersClose(a, e, rtol) : a === e;
    if (!equal) return `${path}[${i}]: expected ${String(e)}, got ${String(a)}`;
  }
  return undefined;
}

/** What a call did: its value or the error it threw, and its arguments afterwards. */
export type CallOutcome =
  | { threw: false; value: unknown; args: unknown[] }
  | { threw: true; error: string; args: unknown[] };

export function callCase(fn: (...args: unknown[]) => unknown, args: unknown[]): CallOutcome {
  try {
    return { threw: false, value: fn(...args), args };
  } catch (err) {
    const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return { threw: true, error, args };
  }
}

/** Undefined when the two outcomes are equivalent, else the first difference. */
export function describeOutcomeDifference(fixed: CallOutcome, original: CallOutcome, rtol: number): string | undefined {
  if (original.threw !== fixed.threw) {
    return original.threw ? `the original threw (${original.error}) but the fixed code returned` : `the fixed code threw (${(fixed as { error: string }).error})`;
  }
  if (original.threw && fixed.threw) {
    if (original.error !== fixed.error) return `different errors: ${original.error} vs ${fixed.error}`;
  } else if (!original.threw && !fixed.threw) {
    const d = describeDifference(fixed.value, original.value, rtol, "return value");
    if (d) return d;
  }
  for (let i = 0; i < original.args.length; i++) {
    const d = describeDifference(fixed.args[i], original.args[i], rtol, `argument ${i} after the call`);
    if (d) return d;
  }
  return undefined;
}
