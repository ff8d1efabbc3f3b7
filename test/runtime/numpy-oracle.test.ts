// The runtime against NumPy 2.x: golden cases written by test/runtime/golden/gen.py.
// Exact comparison (bit for bit, nan == nan, -0 ≠ +0) for integer and bool results and for
// IEEE-exact float operations; a relative tolerance for transcendental functions and for
// results whose summation order differs from NumPy's (reductions, dot, matmul).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as nd from "../../runtime/index";

type Enc = number | string | boolean | [Enc, Enc];
interface EncArray { dtype: string; shape: number[]; data: Enc[] }
interface Expect extends Partial<EncArray> { repr?: string; error?: string; type?: string; tuple?: EncArray[]; value?: boolean; view?: boolean; scalar?: boolean }
interface Case { out?: { dtype: string; shape: number[] }; op: string; args: Record<string, unknown>[]; kwargs?: Record<string, unknown>; sel?: Record<string, unknown>[]; expect: Expect }

const GOLDEN = join(import.meta.dirname, "golden");
const load = (name: string): Case[] => JSON.parse(readFileSync(join(GOLDEN, `${name}.json`), "utf8"));

function dec(v: Enc): number {
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  if (v === "-0") return -0;
  if (typeof v === "boolean") return v ? 1 : 0;
  return v as number;
}

/** NumPy dtypes the runtime substitutes: int64/uint64 → float64 (no 64-bit ints in JS numbers). */
function ourDType(op: string, numpy: string): string | null {
  if (numpy === "float16") return null; // the runtime uses float32 where NumPy picks float16
  if (numpy === "int64" || numpy === "uint64") return op === "argmin" || op === "argmax" ? "int32" : "float64";
  return numpy;
}

function decodeArray(e: EncArray): nd.NDArray {
  const dtype = e.dtype as nd.DType;
  const a = nd.zeros(e.shape, dtype);
  e.data.forEach((v, i) => {
    if (dtype === "complex128") {
      const [re, im] = v as [Enc, Enc];
      a.data[2 * i] = dec(re);
      a.data[2 * i + 1] = dec(im);
    } else a.data[i] = dec(v);
  });
  return a;
}

function decodeArg(arg: Record<string, unknown>): unknown {
  if ("nd" in arg) {
    const a = decodeArray(arg.nd as EncArray);
    switch (arg.view) {
      case "T":
        return a.T;
      case "rev":
        return a.get(nd.slice(null, null, -1), nd.ellipsis);
      case "step2":
        return a.get(":", "::2");
      default:
        return a;
    }
  }
  if ("scalar" in arg) return typeof arg.scalar === "boolean" ? arg.scalar : dec(arg.scalar as Enc);
  if ("complex" in arg) {
    const [re, im] = arg.complex as [Enc, Enc];
    return { re: dec(re), im: dec(im) };
  }
  if ("dtype" in arg) return arg.dtype;
  if ("str" in arg) return arg.str;
  if ("list" in arg) return (arg.list as Enc[]).map(dec);
  if ("none" in arg) return undefined;
  throw new Error(`cannot decode ${JSON.stringify(arg)}`);
}

function decodeSel(s: Record<string, unknown>): nd.Selector {
  if ("int" in s) return s.int as number;
  if ("slice" in s) {
    const [a, b, c] = s.slice as (number | null)[];
    return nd.slice(a, b, c);
  }
  if ("newaxis" in s) return nd.newaxis;
  if ("ellipsis" in s) return nd.ellipsis;
  if ("intarr" in s) return s.intarr as number[];
  if ("mask" in s) return s.mask as boolean[];
  throw new Error(`cannot decode selector ${JSON.stringify(s)}`);
}

// ---- how each op is called -------------------------------------------------------------
const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const api = nd as unknown as Record<string, (...args: unknown[]) => unknown>;
const UFUNC_NAMES: Record<string, string> = { expand_dims: "expandDims" };

function call(c: Case, args: unknown[]): unknown {
  const kw = c.kwargs ?? {};
  switch (c.op) {
    case "getitem": {
      const base = args[0] as nd.NDArray;
      const sel = (c.sel ?? []).map(decodeSel);
      if (c.expect.scalar && base.dtype === "complex128") return base.item(...(sel as number[]));
      try {
        return base.get(...sel);
      } catch (e) {
        // a.get(i) on an n-d array asks for an explicit view (typed API); NumPy's a[i] is that view
        if (/selects a sub-array/.test((e as Error).message)) return base.get(...sel, nd.ellipsis);
        throw e;
      }
    }
    case "setitem": {
      const base = (args[0] as nd.NDArray).copy();
      base.set(...(c.sel ?? []).map(decodeSel), args[1]);
      return base;
    }
    case "repr":
      return (args[0] as nd.NDArray).toString();
    case "result_type":
      return nd.resultType(...args);
    case "can_cast":
      return nd.canCast(args[0] as nd.DType, args[1] as nd.DType, kw.casting as nd.Casting);
    case "astype":
      return (args[0] as nd.NDArray).astype(args[1] as nd.DType);
    case "round":
      return nd.round(args[0], args[1] as number);
    case "array":
      return nd.array(args[0] as number[], kw.dtype as nd.DType);
    case "full":
      return nd.full(kw.shape as number[], args[0] as number, kw.dtype as nd.DType);
    case "arange":
      return nd.arange(...(args as [number, number?, number?]));
    case "linspace":
      return nd.linspace(args[0] as number, args[1] as number, args[2] as number, kw as nd.LinspaceOptions);
    case "eye":
      return nd.eye(args[0] as number, args[1] as number | undefined, args[2] as number);
    case "mgrid":
      return nd.mgrid(...(args as string[]));
    case "meshgrid":
      return nd.meshgrid(...args, kw);
    case "reshape":
      return (args[0] as nd.NDArray).reshape(kw.shape as number[]);
    case "transpose":
      return nd.transpose(args[0] as nd.NDArray, (kw.axes as number[] | null) ?? undefined);
    case "squeeze":
      return nd.squeeze(args[0], (kw.axis as number | number[] | null) ?? undefined);
    case "concatenate":
      return nd.concatenate(args, kw.axis as number | null);
    case "stack":
      return nd.stack(args, kw.axis as number);
  }
  const name = UFUNC_NAMES[c.op] ?? camel(c.op);
  if (name === "round") return nd.round(args[0]);
  const fn = api[name === "var" ? "var" : name];
  if (typeof fn !== "function") throw new Error(`no nd.${name}`);
  if (c.op === "clip") return fn(args[0], args[1], args[2]);
  if (c.out) return fn(...args, { out: nd.zeros(c.out.shape, c.out.dtype as nd.DType) });
  if (["expandDims"].includes(name)) return fn(args[0], kw.axis);
  if (Object.keys(kw).length > 0 || isReduction(c.op)) {
    // JSON cannot hold ±inf/nan: `initial` comes encoded like the data
    if (typeof kw.initial === "string") kw.initial = dec(kw.initial);
    return Object.keys(kw).length > 0 ? fn(args[0], kw) : fn(args[0]);
  }
  return fn(...args);
}

const isReduction = (op: string) => ["sum", "prod", "mean", "min", "max", "nanmin", "nanmax", "argmin", "argmax", "any", "all", "std", "var", "cumsum", "cumprod"].includes(op);

// ---- comparison ----------------------------------------------------------------------------
const EXACT_FLOAT_OPS = new Set([
  "add", "subtract", "multiply", "divide", "sqrt", "negative", "abs", "maximum", "minimum", "floor", "ceil", "trunc",
  "rint", "round", "sign", "mod", "floor_divide", "clip", "where", "conj", "real", "imag", "getitem", "setitem",
  "astype", "reshape", "transpose", "squeeze", "expand_dims", "concatenate", "stack", "eye", "meshgrid", "min", "max", "nanmin", "nanmax",
  "arange", "linspace", "mgrid", "outer",
]);

function tolerance(op: string, dtype: string, args: unknown[]): { exact: boolean; rtol: number; atol: number } {
  const complexIn = args.some((a) => a instanceof nd.NDArray && a.dtype === "complex128");
  // Complex products and quotients: NumPy's complex loops may order the operations differently.
  const complexArith = complexIn && ["multiply", "divide", "sqrt", "abs", "power", "outer", "sign"].includes(op);
  if (dtype !== "float32" && dtype !== "float64" && dtype !== "complex128") return { exact: true, rtol: 0, atol: 0 };
  if (EXACT_FLOAT_OPS.has(op) && !complexArith) return { exact: true, rtol: 0, atol: 0 };
  if (dtype === "float32") return { exact: false, rtol: 2e-6, atol: isReduction(op) || op === "matmul" || op === "dot" || op === "inner" ? 1e-4 : 1e-30 };
  return { exact: false, rtol: 1e-12, atol: isReduction(op) || ["matmul", "dot", "inner"].includes(op) ? 1e-10 : 1e-300 };
}

function flatValues(r: nd.NDArray): number[] {
  const out: number[] = [];
  const c = r.copy();
  for (let i = 0; i < c.data.length; i++) out.push(c.data[i]);
  return out;
}

function expectedValues(e: EncArray): number[] {
  return e.data.flatMap((v) => (Array.isArray(v) ? [dec(v[0]), dec(v[1])] : [dec(v)]));
}

function same(a: number, b: number, exact: boolean, rtol: number, atol: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (exact) return Object.is(a, b);
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= atol + rtol * Math.abs(b);
}

/** Known, documented differences from NumPy (see runtime/README.md). Returns true to skip a value. */
function knownDifference(c: Case, args: unknown[], i: number): boolean {
  if (c.op === "power") {
    // JS's Math.pow(1, nan) and Math.pow(±1, ±inf) are nan; C's pow gives 1.
    const [a, b] = args;
    const shapeOf = (x: unknown) => (x instanceof nd.NDArray ? x.shape : []);
    const at = (x: unknown) =>
      x instanceof nd.NDArray ? nd.broadcastTo(x, nd.broadcastShapes(shapeOf(a), shapeOf(b))).copy().data[i] : Number(x);
    const base = at(a);
    const exp = at(b);
    if (Math.abs(base) === 1 && (Number.isNaN(exp) || !Number.isFinite(exp))) return true;
  }
  // Complex transcendental functions of non-finite numbers: the runtime uses the plain
  // formulas, NumPy follows C99 Annex G's special cases.
  // The same for complex products with infinite parts (NumPy: inf, the plain formula: nan).
  const complexIn = args.some((a) => a instanceof nd.NDArray && a.dtype === "complex128");
  if (complexIn && (TRANSCENDENTAL.has(c.op) || ["sign", "cumprod", "prod"].includes(c.op))) {
    for (const a of args) {
      if (!(a instanceof nd.NDArray)) continue;
      const flat = a.copy().data;
      for (let k = 0; k < flat.length; k++) if (!Number.isFinite(flat[k])) return true;
    }
  }
  // round(int, negative decimals) near the dtype's limits: NumPy rounds in integer arithmetic, the runtime in float64.
  if (c.op === "round" && typeof args[1] === "number" && args[1] < 0 && args[0] instanceof nd.NDArray && /int/.test(args[0].dtype)) {
    const x = args[0] as nd.NDArray;
    const v = x.copy().data[i];
    const step = 10 ** -args[1];
    const limits: Record<string, [number, number]> = { int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], uint16: [0, 65535], int32: [-(2 ** 31), 2 ** 31 - 1], uint32: [0, 2 ** 32 - 1] };
    const [lo, hi] = limits[x.dtype];
    if (v - step < lo || v + step > hi) return true;
  }
  return false;
}

const TRANSCENDENTAL = new Set(["power", "exp", "log", "log2", "log10", "sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "sqrt"]);

interface Outcome { checked: number; skipped: number; failures: string[] }

function check(c: Case, o: Outcome): void {
  const label = () => `${c.op}(${JSON.stringify(c.args).slice(0, 160)}${c.sel ? " sel=" + JSON.stringify(c.sel) : ""}${c.kwargs ? " " + JSON.stringify(c.kwargs) : ""})`;
  let args: unknown[];
  try {
    args = c.args.map(decodeArg);
  } catch (e) {
    o.failures.push(`${label()}: decode ${(e as Error).message}`);
    return;
  }
  let result: unknown;
  try {
    result = call(c, args);
  } catch (e) {
    if (c.expect.error !== undefined) {
      o.checked++;
      const msg = (e as Error).message;
      if (!messageMatches(msg, c.expect.error)) o.failures.push(`${label()}: message\n    got:  ${msg}\n    want: ${c.expect.error}`);
      return;
    }
    o.failures.push(`${label()}: threw ${(e as Error).message}`);
    return;
  }
  if (c.expect.error !== undefined) {
    o.failures.push(`${label()}: expected error "${c.expect.error}" but got ${String(result)}`);
    return;
  }
  if (c.expect.repr !== undefined) {
    o.checked++;
    if (String(result) !== c.expect.repr) o.failures.push(`repr\n    got:  ${String(result)}\n    want: ${c.expect.repr}`);
    return;
  }
  if (c.expect.value !== undefined) {
    o.checked++;
    if (result !== c.expect.value) o.failures.push(`${label()}: got ${String(result)} want ${c.expect.value}`);
    return;
  }
  if (c.expect.tuple) {
    const got = result as nd.NDArray[];
    c.expect.tuple.forEach((e, k) => compareArray(c, got[k], e, args, o, label));
    return;
  }
  if (c.op === "result_type") {
    o.checked++;
    const want = ourDType(c.op, c.expect.dtype!);
    if (want === null) o.skipped++;
    else if (result !== want) o.failures.push(`${label()}: got ${String(result)} want ${want} (NumPy ${c.expect.dtype})`);
    return;
  }
  compareArray(c, result, c.expect as EncArray, args, o, label);
}

function compareArray(c: Case, result: unknown, e: EncArray & Expect, args: unknown[], o: Outcome, label: () => string): void {
  const want = ourDType(c.op, e.dtype);
  if (want === null) {
    o.skipped++;
    return;
  }
  o.checked++;
  let r: nd.NDArray;
  if (typeof result === "number" || typeof result === "boolean") {
    if (e.shape.length !== 0) return void o.failures.push(`${label()}: got scalar ${result}, want shape ${JSON.stringify(e.shape)}`);
    r = nd.full([], result, want as nd.DType);
  } else if (e.scalar && result instanceof nd.NDArray && c.op !== "getitem") {
    // NumPy returned a scalar (a reduction over all axes): so must the runtime (a number or its Complex)
    return void o.failures.push(`${label()}: got an NDArray of shape ${JSON.stringify(result.shape)}, NumPy returns a scalar`);
  } else if (result && typeof result === "object" && "re" in result && "im" in result) {
    r = nd.full([], result as nd.Complex, "complex128");
  } else r = result as nd.NDArray;
  if (!(r instanceof nd.NDArray)) return void o.failures.push(`${label()}: not an NDArray: ${String(result)}`);
  if (r.dtype !== want) return void o.failures.push(`${label()}: dtype ${r.dtype}, want ${want} (NumPy ${e.dtype})`);
  if (JSON.stringify(r.shape) !== JSON.stringify(e.shape)) return void o.failures.push(`${label()}: shape ${JSON.stringify(r.shape)}, want ${JSON.stringify(e.shape)}`);
  if (e.view !== undefined && !e.scalar) {
    const base = args[0] as nd.NDArray;
    const isView = nd.mayShareMemory(r, base);
    if (isView !== e.view) o.failures.push(`${label()}: ${isView ? "view" : "copy"} where NumPy gives a ${e.view ? "view" : "copy"}`);
  }
  const got = flatValues(r);
  const exp = expectedValues(e);
  const { exact, rtol, atol } = tolerance(c.op, want, args);
  for (let i = 0; i < exp.length; i++) {
    if (!same(got[i], exp[i], exact, rtol, atol)) {
      const el = want === "complex128" ? i >> 1 : i;
      if (knownDifference(c, args, el)) continue;
      o.failures.push(`${label()}: [${i}] got ${Object.is(got[i], -0) ? "-0" : got[i]}, want ${Object.is(exp[i], -0) ? "-0" : exp[i]}${exact ? " (exact)" : ""}`);
      return;
    }
  }
}

/**
 * Error messages must read like NumPy's. NumPy's type-resolution messages name its own
 * dtype classes; for those it is enough that ours names the ufunc.
 */
function messageMatches(got: string, want: string): boolean {
  if (got === want) return true;
  const ufuncLoop = /^ufunc '(\w+)' (not supported for the input types|did not contain a loop)/.exec(want);
  if (ufuncLoop) return got.includes(`'${ufuncLoop[1]}'`) || got.includes(ufuncLoop[1]);
  return false;
}

const totals = { checked: 0, skipped: 0 };

for (const file of ["elementwise", "promotion", "reductions", "indexing", "misc", "scalars"]) {
  describe(`NumPy oracle: ${file}`, () => {
    const cases = load(file);
    const byOp = new Map<string, Case[]>();
    for (const c of cases) byOp.set(c.op, [...(byOp.get(c.op) ?? []), c]);
    for (const [op, group] of byOp) {
      test(`${op} (${group.length} cases)`, () => {
        const o: Outcome = { checked: 0, skipped: 0, failures: [] };
        for (const c of group) check(c, o);
        totals.checked += o.checked;
        totals.skipped += o.skipped;
        assert.ok(o.checked > 0, "no case was checked");
        if (o.failures.length) {
          assert.fail(`${o.failures.length} of ${group.length} cases differ from NumPy:\n  ` + o.failures.slice(0, 12).join("\n  "));
        }
      });
    }
  });
}

test("the oracle checked thousands of cases and skipped few (float16-only results)", () => {
  assert.ok(totals.checked > 10000, `only ${totals.checked} cases checked`);
  assert.ok(totals.skipped < totals.checked * 0.03, `${totals.skipped} of ${totals.checked} skipped`);
});
