/** A basic-slicing selector `start:stop:step`; null means "default" as in Python. */
export class Slice {
  constructor(
    readonly start: number | null = null,
    readonly stop: number | null = null,
    readonly step: number | null = null,
  ) {
    for (const v of [start, stop, step]) {
      if (v !== null && !Number.isInteger(v)) {
        throw new TypeError("slice indices must be integers or None or have an __index__ method");
      }
    }
    if (step === 0) throw new RangeError("slice step cannot be zero");
  }

  /** Resolves against an axis of length n: [start, step, length] (CPython's PySlice_AdjustIndices). */
  indices(n: number): [number, number, number] {
    const step = this.step ?? 1;
    const lower = step < 0 ? -1 : 0;
    const upper = step < 0 ? n - 1 : n;
    const clamp = (v: number | null, dflt: number): number => {
      if (v === null) return dflt;
      let k = v < 0 ? v + n : v;
      if (k < lower) k = lower;
      else if (k > upper) k = upper;
      return k;
    };
    const start = clamp(this.start, step < 0 ? upper : lower);
    const stop = clamp(this.stop, step < 0 ? lower : upper);
    let length = 0;
    if (step < 0) {
      if (stop < start) length = Math.floor((start - stop - 1) / -step) + 1;
    } else if (start < stop) length = Math.floor((stop - start - 1) / step) + 1;
    return [start, step, length];
  }

  toString(): string {
    const f = (v: number | null) => (v === null ? "" : String(v));
    return `${f(this.start)}:${f(this.stop)}${this.step === null ? "" : ":" + this.step}`;
  }
}

/**
 * `nd.slice(start, stop?, step?)` = Python's `start:stop:step`. Like `Array.prototype.slice`,
 * one argument is the start (`nd.slice(2)` is `2:`); pass null to skip a part
 * (`nd.slice(null, null, -1)` is `::-1`).
 */
export function slice(start: number | null = null, stop: number | null = null, step: number | null = null): Slice {
  return new Slice(start ?? null, stop ?? null, step ?? null);
}

/** Inserts a new axis of length 1 (np.newaxis / None). `null` works too. */
export const newaxis: unique symbol = Symbol("newaxis");
/** Stands for as many `:` as needed (Python's `...`). The string "..." works too. */
export const ellipsis: unique symbol = Symbol("ellipsis");

/** Parses "1:5:2", ":", "::-1", "..." ; a plain integer string is an index. */
export function parseSelectorString(s: string): Slice | typeof ellipsis | number {
  const t = s.trim();
  if (t === "...") return ellipsis;
  if (/^-?\d+$/.test(t)) return Number(t);
  const parts = t.split(":");
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p.trim() !== "" && !/^\s*-?\d+\s*$/.test(p))) {
    throw new TypeError(`invalid slice string '${s}' (expected "start:stop:step", ":" or "...")`);
  }
  const num = (p: string | undefined) => (p === undefined || p.trim() === "" ? null : Number(p));
  return new Slice(num(parts[0]), num(parts[1]), num(parts[2]));
}
