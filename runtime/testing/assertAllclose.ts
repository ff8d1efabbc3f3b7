import type { NDArray } from "../core/ndarray";
import { toNDArray, forEachOffset } from "../core/convert";
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
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e16)) {
    return v.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
  }
  const s = String(v);
  return s.includes(".") || s.includes("e") ? s : s + ".0";
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
  const get = (x: NDArray, o: number, part: 0 | 1) =>
    x.dtype === "complex128" ? x.data[2 * o + part] : part === 0 ? x.data[o] : 0;
  const ao: number[] = [];
  const dof: number[] = [];
  forEachOffset(a, (o) => ao.push(o));
  forEachOffset(d, (o) => dof.push(o));
  const n = ao.length;
  // Special values must sit in the same places.
  const checks: [string, (v: number) => boolean][] = [
    ["nan", (v) => Number.isNaN(v)],
    ["+inf", (v) => v === Infinity],
    ["-inf", (v) => v === -Infinity],
  ];
  for (const part of complex ? ([0, 1] as const) : ([0] as const)) {
    for (const [name, test] of checks) {
      if (name === "nan" && !equalNan) continue;
      for (let i = 0; i < n; i++) {
        if (test(get(a, ao[i], part)) !== test(get(d, dof[i], part))) {
          throw new AssertionError(`${header}\n${name} location mismatch:${tail}`);
        }
      }
    }
  }
  const bad: number[] = [];
  let maxAbs = 0;
  let maxRel = 0;
  for (let i = 0; i < n; i++) {
    const ar = get(a, ao[i], 0);
    const ai = get(a, ao[i], 1);
    const dr = get(d, dof[i], 0);
    const di = get(d, dof[i], 1);
    // equal values (inf == inf included) and nan against nan (equalNan) are close
    const same = (x: number, y: number) => x === y || (equalNan && Number.isNaN(x) && Number.isNaN(y));
    if (same(ar, dr) && same(ai, di)) continue;
    const diff = complex ? Math.hypot(ar - dr, ai - di) : Math.abs(ar - dr);
    const mag = complex ? Math.hypot(dr, di) : Math.abs(dr);
    const ok = diff <= atol + rtol * mag;
    if (!ok) {
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
  const valueRepr = (x: NDArray, o: number) =>
    x.dtype === "complex128" ? `(${pyRepr(x.data[2 * o])}${x.data[2 * o + 1] < 0 ? "-" : "+"}${pyRepr(Math.abs(x.data[2 * o + 1]))}j)` : pyRepr(x.data[o], isIntegerDType(x.dtype) || x.dtype === "bool");
  const lines = bad.slice(0, 5).map((i) => ` ${idx(i)}: ${valueRepr(a, ao[i])} (ACTUAL), ${valueRepr(d, dof[i])} (DESIRED)`);
  const num = (v: number) => (ints ? String(v) : formatFloats([v])[0].trim());
  throw new AssertionError(
    `${header}\nMismatched elements: ${bad.length} / ${n} (${pct}%)\nMismatch at ${bad.length > 1 ? "indices" : "index"}:\n${lines.join("\n")}${bad.length > 5 ? "\n ..." : ""}\nMax absolute difference among violations: ${num(maxAbs)}\nMax relative difference among violations: ${num(maxRel)}${tail}`,
  );
}

/** The error assertAllclose throws (name "AssertionError", like node's and NumPy's). */
export class AssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AssertionError";
  }
}
