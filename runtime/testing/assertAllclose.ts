import type { NDArray } from "../core/ndarray";
import { toNDArray } from "../core/convert";
import { broadcastTo } from "../manipulation/broadcastTo";
import { formatFloats } from "../core/format";
import { formatShape, sameShape } from "../core/shape";
import { isIntegerDType } from "../core/dtype";

export interface AllcloseOptions {
  rtol?: number;
  atol?: number;
  /** Treat nan in the same places as equal (default true). */
  equalNan?: boolean;
  /** Extra text placed after the first line. */
  errMsg?: string;
}

/** Python's repr of a float: 1e-07, 0.1, 4.0, nan, inf. */
export function pyRepr(v: number, isInt = false): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (isInt) return String(v);
  if (Object.is(v, -0)) return "-0.0";
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e16)) {
    return v.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
  }
  const s = String(v);
  return s.includes(".") || s.includes("e") ? s : s + ".0";
}

/** Python's repr of a complex: (3+0j), (1.5-2j), 1j. */
export function complexRepr(re: number, im: number): string {
  const part = (v: number) => pyRepr(v).replace(/\.0$/, "");
  const imag = `${part(im)}j`;
  if (re === 0 && !Object.is(re, -0)) return imag;
  return `(${part(re)}${im < 0 || Object.is(im, -0) ? "" : "+"}${imag})`;
}

/** A tolerance as Python prints the default arguments: rtol=1e-07, atol=0. */
function tolRepr(v: number): string {
  return Number.isInteger(v) && v === 0 ? "0" : pyRepr(v);
}

/**
 * Throws unless |actual - desired| <= atol + rtol*|desired| everywhere (np.testing.assert_allclose),
 * with NumPy's message. nan must match nan (equalNan) and ±inf must match the same infinity.
 */
export function assertAllclose(actual: unknown, desired: unknown, options: AllcloseOptions = {}): void {
  const rtol = options.rtol ?? 1e-7;
  const atol = options.atol ?? 0;
  const equalNan = options.equalNan ?? true;
  let a = toNDArray(actual);
  let d = toNDArray(desired);
  const header = `\nNot equal to tolerance rtol=${tolRepr(rtol)}, atol=${tolRepr(atol)}\n${options.errMsg ? options.errMsg + "\n" : ""}`;
  const tail = `\n ACTUAL: ${a.toString()}\n DESIRED: ${d.toString()}`;
  if (!sameShape(a.shape, d.shape)) {
    if (d.ndim === 0 || d.size === 1 && d.ndim <= a.ndim) d = broadcastTo(d, a.shape);
    else if (a.ndim === 0) a = broadcastTo(a, d.shape);
    else throw new AssertionError(`${header}\n(shapes ${formatShape(a.shape)}, ${formatShape(d.shape)} mismatch)${tail}`);
  }
  const complex = a.dtype === "complex128" || d.dtype === "complex128";
  // Flat, contiguous element storage (a copy only for strided or broadcast inputs).
  const flat = (x: NDArray) => {
    const k = x.dtype === "complex128" ? 2 : 1;
    return x.isContiguous ? x.data.subarray(x.offset * k, (x.offset + x.size) * k) : x.copy().data;
  };
  const A = flat(a);
  const D = flat(d);
  const aK = a.dtype === "complex128" ? 2 : 1;
  const dK = d.dtype === "complex128" ? 2 : 1;
  const n = a.size;
  const part = (data: ArrayLike<number>, k: number, i: number, p: 0 | 1) => (p === 0 ? data[k * i] : k === 2 ? data[k * i + 1] : 0);
  // Special values must sit in the same places (NumPy checks nan, then +inf, then -inf).
  const checks: [string, (v: number) => boolean][] = [
    ["nan", (v) => v !== v],
    ["+inf", (v) => v === Infinity],
    ["-inf", (v) => v === -Infinity],
  ];
  for (const [name, test] of checks) {
    if (name === "nan" && !equalNan) continue;
    for (const p of complex ? ([0, 1] as const) : ([0] as const)) {
      for (let i = 0; i < n; i++) {
        if (test(part(A, aK, i, p)) !== test(part(D, dK, i, p))) {
          throw new AssertionError(`${header}\n${name} location mismatch:${tail}`);
        }
      }
    }
  }
  const bad: number[] = [];
  let maxAbs = 0;
  let maxRel = 0;
  for (let i = 0; i < n; i++) {
    const ar = part(A, aK, i, 0);
    const dr = part(D, dK, i, 0);
    const ai = complex ? part(A, aK, i, 1) : 0;
    const di = complex ? part(D, dK, i, 1) : 0;
    // equal values (inf == inf included) and nan against nan (equalNan) are close
    if ((ar === dr || (equalNan && ar !== ar && dr !== dr)) && (ai === di || (equalNan && ai !== ai && di !== di))) continue;
    const diff = complex ? Math.hypot(ar - dr, ai - di) : Math.abs(ar - dr);
    const mag = complex ? Math.hypot(dr, di) : Math.abs(dr);
    if (!(diff <= atol + rtol * mag)) {
      bad.push(i);
      maxAbs = Math.max(maxAbs, diff);
      maxRel = Math.max(maxRel, diff / mag);
    }
  }
  if (bad.length === 0) return;
  const pct = String(Number(((100 * bad.length) / n).toPrecision(3))); // Python's "{:.3g}"
  const ints = isIntegerDType(a.dtype) && isIntegerDType(d.dtype);
  const idx = (flat: number) => {
    const out: number[] = [];
    let r = flat;
    for (let k = a.ndim - 1; k >= 0; k--) {
      out.unshift(r % a.shape[k]);
      r = Math.floor(r / a.shape[k]);
    }
    return `[${out.join(", ")}]`;
  };
  const valueRepr = (x: NDArray, data: ArrayLike<number>, i: number) =>
    x.dtype === "complex128" ? complexRepr(data[2 * i], data[2 * i + 1]) : pyRepr(data[i], isIntegerDType(x.dtype) || x.dtype === "bool");
  const lines = bad.slice(0, 5).map((i) => ` ${idx(i)}: ${valueRepr(a, A, i)} (ACTUAL), ${valueRepr(d, D, i)} (DESIRED)`);
  const num = (v: number) => (ints ? String(v) : formatFloats([v])[0].trim());
  throw new AssertionError(
    `${header}\nMismatched elements: ${bad.length} / ${n} (${pct}%)\n${bad.length > 5 ? "First 5 mismatches are at indices" : bad.length > 1 ? "Mismatch at indices" : "Mismatch at index"}:\n${lines.join("\n")}\nMax absolute difference among violations: ${num(maxAbs)}\nMax relative difference among violations: ${num(maxRel)}${tail}`,
  );
}

/** The error assertAllclose throws (name "AssertionError", like node's and NumPy's). */
export class AssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AssertionError";
  }
}
