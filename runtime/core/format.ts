import type { NDArray } from "./ndarray";
import { formatShape } from "./shape";

const LINE_WIDTH = 75;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;
const PRECISION = 8;

/** Digits of `v` with at most PRECISION fraction digits, shortest that round-trips (NumPy's "maxprec"). */
function fixedDigits(v: number): string {
  const shortest = String(Math.abs(v));
  let s: string;
  if (!/e/.test(shortest) && (shortest.split(".")[1]?.length ?? 0) <= PRECISION) s = shortest;
  else s = Math.abs(v).toFixed(PRECISION).replace(/0+$/, "");
  if (!s.includes(".")) s += ".";
  return (v < 0 || Object.is(v, -0) ? "-" : "") + s;
}

function expDigits(v: number): { mant: string; exp: string } {
  let s = Math.abs(v).toExponential();
  let [m, e] = s.split("e");
  if ((m.split(".")[1]?.length ?? 0) > PRECISION) {
    s = Math.abs(v).toExponential(PRECISION);
    [m, e] = s.split("e");
    m = m.replace(/0+$/, "");
  }
  if (!m.includes(".")) m += ".";
  const sign = e[0] === "-" ? "-" : "+";
  const digits = e.replace(/^[+-]/, "").padStart(2, "0");
  return { mant: (v < 0 || Object.is(v, -0) ? "-" : "") + m, exp: `e${sign}${digits}` };
}

/** The double with the fewest significant digits that rounds to the same float32. */
export function shortestFloat32(v: number): number {
  if (!Number.isFinite(v) || v === 0) return v;
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(v.toPrecision(p));
    if (Math.fround(candidate) === v) return candidate;
  }
  return v;
}

function expDigitsFixed(v: number, digits: number): { mant: string; exp: string } {
  const [m, e] = Math.abs(v).toExponential(digits).split("e");
  const sign = e[0] === "-" ? "-" : "+";
  return { mant: (v < 0 || Object.is(v, -0) ? "-" : "") + (m.includes(".") ? m : m + "."), exp: `e${sign}${e.replace(/^[+-]/, "").padStart(2, "0")}` };
}

function nonFinite(v: number): string {
  return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
}

/** Formats a column of floats with a common layout, returning equal-width strings. */
export function formatFloats(values: readonly number[], exact: readonly number[] = values): string[] {
  const finite = values.filter((v) => Number.isFinite(v));
  const abs = finite.map(Math.abs).filter((v) => v !== 0);
  const max = abs.length ? Math.max(...abs) : 0;
  const min = abs.length ? Math.min(...abs) : 0;
  const scientific = abs.length > 0 && (max >= 1e8 || min < 1e-4 || max / min > 1e3);
  let strs: string[];
  if (scientific) {
    const parts = values.map((v) => (Number.isFinite(v) ? expDigits(v) : null));
    const fracLen = Math.max(0, ...parts.map((p) => (p ? p.mant.split(".")[1].length : 0)));
    const intLen = Math.max(0, ...parts.map((p) => (p ? p.mant.split(".")[0].length : 0)));
    // every exponent gets as many digits as the widest one (e+300 makes e+000)
    const expLen = Math.max(2, ...parts.map((p) => (p ? p.exp.length - 2 : 0)));
    strs = values.map((v, i) => {
      const p = parts[i];
      if (!p) return nonFinite(v);
      // NumPy prints every mantissa with the same number of digits, of the exact value
      // (dragon4's min_digits): a float32 1e-05 shows as 9.9999997e-06 next to 3.3333334e-01.
      const full = expDigitsFixed(exact[i], fracLen);
      const [ip, fp] = full.mant.split(".");
      return ip.padStart(intLen) + "." + (fp ?? "").padEnd(fracLen, "0") + full.exp.slice(0, 2) + full.exp.slice(2).padStart(expLen, "0");
    });
  } else {
    const parts = values.map((v) => (Number.isFinite(v) ? fixedDigits(v) : null));
    const fracLen = Math.max(0, ...parts.map((p) => (p ? p.split(".")[1].length : 0)));
    const intLen = Math.max(0, ...parts.map((p) => (p ? p.split(".")[0].length : 0)));
    strs = values.map((v, i) => {
      const p = parts[i];
      if (p === null) return nonFinite(v);
      const [ip, fp] = p.split(".");
      return ip.padStart(intLen) + "." + fp.padEnd(fracLen);
    });
  }
  const width = Math.max(0, ...strs.map((s) => s.length));
  return strs.map((s) => s.padStart(width));
}

function formatElements(a: NDArray, offsets: number[]): string[] {
  const d = a.data;
  switch (a.dtype) {
    case "bool":
      return offsets.map((o) => (d[o] ? " True" : "False"));
    case "float64":
      return formatFloats(offsets.map((o) => d[o]));
    case "float32":
      // NumPy prints a float32 with the shortest digits that round-trip *as float32*
      return formatFloats(offsets.map((o) => shortestFloat32(d[o])), offsets.map((o) => d[o]));
    case "complex128": {
      const re = formatFloats(offsets.map((o) => d[2 * o]));
      const imVals = offsets.map((o) => d[2 * o + 1]);
      const im = formatFloats(imVals.map(Math.abs)).map((s) => s.trim());
      const imWidth = Math.max(0, ...im.map((s) => s.length));
      return offsets.map((_, i) => {
        const v = imVals[i];
        const sign = v < 0 || Object.is(v, -0) || (Number.isNaN(v) && false) ? "-" : "+";
        return `${re[i]}${sign}${im[i]}j`.padEnd(re[i].length + 2 + imWidth);
      });
    }
    default: {
      const strs = offsets.map((o) => String(d[o]));
      const width = Math.max(0, ...strs.map((s) => s.length));
      return strs.map((s) => s.padStart(width));
    }
  }
}

/** NumPy's `repr(a)`. */
export function formatArray(a: NDArray): string {
  const summarize = a.size > THRESHOLD;
  // Collect the offsets of the printed elements (edge items only when summarizing).
  const shown: number[] = [];
  const collect = (dim: number, off: number): void => {
    if (dim === a.ndim) {
      shown.push(off);
      return;
    }
    for (const i of visible(a.shape[dim], summarize)) if (i >= 0) collect(dim + 1, off + i * a.strides[dim]);
  };
  collect(0, a.offset);
  const texts = formatElements(a, shown);
  let k = 0;
  const prefix = "array(";
  const render = (dim: number, indent: string): string => {
    if (dim === a.ndim) return texts[k++];
    const items: string[] = [];
    for (const i of visible(a.shape[dim], summarize)) items.push(i < 0 ? "..." : render(dim + 1, indent + " "));
    if (dim === a.ndim - 1) return "[" + wrapLine(items, indent + " ") + "]";
    const sep = "," + "\n".repeat(a.ndim - dim - 1) + indent + " ";
    return "[" + items.join(sep) + "]";
  };
  const dtypeSuffix = a.dtype === "float64" || a.dtype === "bool" || a.dtype === "complex128" ? "" : `, dtype=${a.dtype}`;
  if (a.ndim === 0) return `${prefix}${texts[0].trim()}${dtypeSuffix})`;
  if (a.size === 0) {
    const shapePart = a.ndim === 1 ? "" : `, shape=${formatShape(a.shape)}`;
    return `${prefix}[]${shapePart}, dtype=${a.dtype})`;
  }
  // NumPy 2.2+ names the shape of a summarized array.
  const shapeSuffix = summarize ? `, shape=${formatShape(a.shape)}` : "";
  return `${prefix}${render(0, " ".repeat(prefix.length))}${shapeSuffix}${dtypeSuffix})`;
}

function visible(n: number, summarize: boolean): number[] {
  if (!summarize || n <= 2 * EDGE_ITEMS) return Array.from({ length: n }, (_, i) => i);
  const head = Array.from({ length: EDGE_ITEMS }, (_, i) => i);
  const tail = Array.from({ length: EDGE_ITEMS }, (_, i) => n - EDGE_ITEMS + i);
  return [...head, -1, ...tail];
}

function wrapLine(items: string[], indent: string): string {
  let out = "";
  let lineLen = indent.length;
  items.forEach((item, i) => {
    const piece = i === items.length - 1 ? item : item + ",";
    if (i > 0) {
      if (lineLen + 1 + piece.length > LINE_WIDTH - 1) {
        out += "\n" + indent;
        lineLen = indent.length;
      } else {
        out += " ";
        lineLen += 1;
      }
    }
    out += piece;
    lineLen += piece.length;
  });
  return out;
}
