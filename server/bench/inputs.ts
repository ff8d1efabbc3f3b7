// From a BenchSpec's free variables to an input plan: what the harness allocates for each
// variable and from which value range it draws. The plan is plain JSON; the child process
// executes it with a seeded PRNG (see harness-runtime.ts), so the parent never holds the data.
import type { BenchSpec, BenchVariable } from "../engine/types";

export const TYPED_ARRAY_NAMES = [
  "Float64Array", "Float32Array", "Int8Array", "Int16Array", "Int32Array",
  "Uint8Array", "Uint8ClampedArray", "Uint16Array", "Uint32Array",
] as const;
export type TypedArrayName = (typeof TYPED_ARRAY_NAMES)[number];

const BYTES_PER_ELEMENT: Record<TypedArrayName, number> = {
  Float64Array: 8, Float32Array: 4, Int8Array: 1, Int16Array: 2, Int32Array: 4,
  Uint8Array: 1, Uint8ClampedArray: 1, Uint16Array: 2, Uint32Array: 4,
};

/**
 * Integer ranges: the full range for 8- and 16-bit types (pixels, counts: overflow and wrapping
 * are part of what the fix must reproduce), ±1e6 for 32-bit types (sums of a few stay exact).
 */
const INTEGER_RANGE: Record<Exclude<TypedArrayName, "Float64Array" | "Float32Array">, [number, number]> = {
  Int8Array: [-128, 127], Uint8Array: [0, 255], Uint8ClampedArray: [0, 255],
  Int16Array: [-32768, 32767], Uint16Array: [0, 65535],
  Int32Array: [-1_000_000, 1_000_000], Uint32Array: [0, 1_000_000],
};

/** How one variable is materialized. `lo`/`hi`: uniform range; integers are drawn inclusive of both. */
export type InputPlan =
  | { name: string; kind: "typed"; ctor: TypedArrayName; length: number; fill: "uniform" | "zero"; integer: boolean; lo: number; hi: number }
  | { name: string; kind: "array"; length: number; fill: "uniform" | "zero"; lo: number; hi: number }
  | { name: string; kind: "array2d"; rows: number; cols: number; fill: "uniform" | "zero"; lo: number; hi: number }
  | { name: string; kind: "scalar"; integer: boolean; lo: number; hi: number }
  | { name: string; kind: "boolean"; value: boolean };

export interface PlanOptions {
  size: number;
}

/** Thrown for a variable whose type the bench cannot synthesize; runBenchmark reports it as result.error. */
export class UnsupportedInputError extends Error {}

/**
 * Float range for the whole spec. A uniform signed range [-50, 50] exercises sign handling
 * (abs, negative, comparisons); but when the original applies a function defined only on part
 * of the line (sqrt, log, pow/`**` with fractional exponents; asin/acos/atanh) both variants
 * would mostly compute NaN, which says nothing about equivalence and times a rare path, so the
 * inputs are drawn from that function's domain instead: (0.5, 100), or inside (-1, 1).
 * The choice is made per spec, not per variable: attributing arguments needs the AST, and a
 * positive range is valid for every variable of such an expression.
 */
export function floatRange(beforeText: string): [number, number] {
  const unitDomain = /\bMath\.(asin|acos|atanh)\b/.test(beforeText);
  const positiveDomain = /\bMath\.(sqrt|log|log2|log10|log1p|pow|acosh)\b|\*\*/.test(beforeText);
  if (unitDomain) return positiveDomain ? [0.01, 0.99] : [-0.99, 0.99];
  if (positiveDomain) return [0.5, 100];
  return [-50, 50];
}

/** "Float64Array<ArrayBufferLike>" → "Float64Array", "readonly number[]" → "number[]", "Array<number>" → "number[]". */
export function normalizeType(typeText: string): string {
  let t = typeText.replace(/\s+/g, " ").trim();
  t = t.replace(/^readonly /, "");
  t = t.replace(/^(?:Readonly)?Array<\s*number\s*>$/, "number[]");
  t = t.replace(/^(?:Readonly)?Array<\s*(?:readonly )?number\[\]\s*>$/, "number[][]");
  t = t.replace(/^(?:readonly )?\(?(?:readonly )?number\[\]\)?\[\]$/, "number[][]");
  t = t.replace(/^(\w+Array)<[^<>]*>$/, "$1");
  return t;
}

// Identifier pieces for the textual checks below, Unicode-aware (`é`, `x₁` are identifiers too; \w and \b are ASCII-only).
const ID_START = "[\\p{ID_Start}$_]";
const ID_PART = "[\\p{ID_Continue}$\\u200C\\u200D]";
const ID_END = `(?!${ID_PART})`;

/**
 * `n` in a loop header's `i < n`, `n > i`, `i <= n - 1` (for or while): a scalar bounding the loop
 * must be the array length, not a random number. Not `x[i] > t` in the body: a threshold set to
 * the size would sit above every element and time a branch that is never taken.
 */
function isLoopBound(name: string, beforeText: string): boolean {
  const id = name.replace(/[$]/g, "\\$");
  const header = `(?:\\bfor\\s*\\([^;]*;|\\bwhile\\s*\\()\\s*`;
  const counter = `${ID_START}${ID_PART}*`;
  return new RegExp(`${header}${counter}\\s*[<>]=?\\s*${id}${ID_END}|${header}${id}\\s*[<>]=?\\s*${counter}\\s*[;)]`, "u").test(beforeText);
}

/**
 * Does the original read the elements of `name`, not only assign them? An output that is also
 * read (`x[i] = x[i] * 0.5`, `y[i] += x[i]`) starts from random values like an input, since
 * zeros would make most arithmetic degenerate; a pure output (`y[i] = …`) starts zeroed.
 * Textual: every `name[…]` that is not the target of a plain `=` counts as a read.
 */
export function readsElements(name: string, beforeText: string): boolean {
  const id = name.replace(/[$]/g, "\\$");
  const all = beforeText.match(new RegExp(`(?<!${ID_PART}|\\.)${id}\\s*\\[`, "gu"))?.length ?? 0;
  const plainWrites = beforeText.match(new RegExp(`(?<!${ID_PART}|\\.)${id}\\s*\\[[^\\]]*\\]\\s*=(?!=)`, "gu"))?.length ?? 0;
  return all > plainWrites;
}

function arrayLength(v: BenchVariable, size: number): number {
  if (typeof v.length === "number") {
    if (!Number.isInteger(v.length) || v.length < 0) throw new UnsupportedInputError(`variable ${v.name}: invalid length ${v.length}`);
    return v.length;
  }
  return size;
}

export function planInputs(spec: BenchSpec, { size }: PlanOptions): InputPlan[] {
  const [floatLo, floatHi] = floatRange(spec.before);
  return spec.variables.map((v): InputPlan => {
    const type = normalizeType(v.type);
    const fill = v.role === "output" && !readsElements(v.name, spec.before) ? "zero" : "uniform";
    if ((TYPED_ARRAY_NAMES as readonly string[]).includes(type)) {
      const ctor = type as TypedArrayName;
      const length = arrayLength(v, size);
      if (ctor === "Float64Array" || ctor === "Float32Array") {
        return { name: v.name, kind: "typed", ctor, length, fill, integer: false, lo: floatLo, hi: floatHi };
      }
      const [lo, hi] = INTEGER_RANGE[ctor];
      return { name: v.name, kind: "typed", ctor, length, fill, integer: true, lo, hi };
    }
    if (type === "number[]") return { name: v.name, kind: "array", length: arrayLength(v, size), fill, lo: floatLo, hi: floatHi };
    if (type === "number[][]") {
      // A square grid of about `size` elements; a fixed `length` is the number of rows.
      const side = Math.max(1, Math.round(Math.sqrt(size)));
      const rows = typeof v.length === "number" ? arrayLength(v, size) : side;
      return { name: v.name, kind: "array2d", rows, cols: side, fill, lo: floatLo, hi: floatHi };
    }
    if (type === "number") {
      // An output scalar (an accumulator) starts at 0 like the code it came from usually does. It is
      // never a loop bound: `if (x[i] > m) m = x[i]` compares with m, and m = size would sit above
      // every element, so the loop would never update it (a degenerate timing and equivalence check).
      if (v.role === "output") return { name: v.name, kind: "scalar", integer: true, lo: 0, hi: 0 };
      if (isLoopBound(v.name, spec.before)) return { name: v.name, kind: "scalar", integer: true, lo: size, hi: size };
      // An input scalar is never 0 so `x / s` and `x * s` exercise real arithmetic.
      return { name: v.name, kind: "scalar", integer: false, lo: 1.5, hi: 9.5 };
    }
    if (type === "boolean") return { name: v.name, kind: "boolean", value: true };
    throw new UnsupportedInputError(`cannot synthesize an input for ${v.name}: ${v.type} (supported: typed arrays, number, number[], number[][], boolean)`);
  });
}

/** Bytes of one full set of the plan's arrays (plain number arrays count 8 bytes per element). */
export function planBytes(plan: readonly InputPlan[]): number {
  let bytes = 0;
  for (const p of plan) {
    if (p.kind === "typed") bytes += p.length * BYTES_PER_ELEMENT[p.ctor];
    else if (p.kind === "array") bytes += p.length * 8;
    else if (p.kind === "array2d") bytes += p.rows * p.cols * 8;
  }
  return bytes;
}
