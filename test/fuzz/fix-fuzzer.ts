// The differential fix fuzzer (issue 9): generate programs of the shapes a rule accepts, apply every
// safe fix the engine offers (as `--fix` does), run the original and the fixed module on the same
// inputs, and require identical results, mutations of the inputs and exceptions. fast-check shrinks
// a failing program to a small counterexample, which then becomes a row of the rule's test table.
//
// Generators live in test/fuzz/generators/<rule>.ts and export `targets: FixFuzzTarget[]`.
import fc from "fast-check";
import ts from "typescript";
import { Engine, applyEdits, applySafeFixes, type AnalyzeOptions, type RuleId, type TextEdit } from "../../server/engine/index";
import * as runtime from "../../runtime/index";

export interface FuzzProgram {
  /** A module exporting `function run(...args)`: the code under test, with the shapes the rule fixes. */
  source: string;
  /** The file's language: a fix must be valid in it (no type syntax in .js). */
  ext: ".ts" | ".js";
  /** One call's arguments; each side gets its own deep copy, compared afterwards (mutations). */
  args: unknown[];
}

export interface FixFuzzTarget {
  rule: RuleId;
  /** The fix template exercised, e.g. "narrow constructor after integer stores". */
  name: string;
  program: fc.Arbitrary<FuzzProgram>;
  /**
   * Also apply refactors whose stated assumption matches: the generator promises that its inputs
   * satisfy those assumptions (issue 9 item 4: refactors are checked under their assumption).
   */
  refactors?: RegExp;
  /**
   * Analysis options for the fixed run. `allowReassociation: true` checks the reassociating
   * refactors (float sums and dot products) under their stated assumption: they become safe fixes
   * and results must agree within `tolerance`.
   */
  options?: Partial<AnalyzeOptions>;
  /** Relative tolerance for numbers (default 0: Object.is); only with options that reassociate. */
  tolerance?: number;
  /**
   * Apply every refactor too, on programs whose inputs satisfy the refactors' stated assumptions
   * (distinct arrays, index ranges inside the arrays): a refactor must be right whenever its
   * assumption holds. (`refactors` selects some by their assumption's text instead.)
   */
  applyRefactors?: boolean;
}

export interface TargetReport {
  rule: RuleId;
  name: string;
  runs: number;
  /** Programs where at least one safe fix was applied (the rest had nothing provably safe to fix). */
  fixed: number;
  /** fast-check's report of the shrunk counterexample, when a difference was found. */
  failure?: string;
}

const engine = new Engine();
let fileCounter = 0;

/** Run one target for `numRuns` generated programs; never throws, reports the first (shrunk) difference. */
export function fuzzTarget(target: FixFuzzTarget, options: { numRuns: number; seed?: number }): TargetReport {
  let fixed = 0;
  const details = fc.check(
    fc.property(target.program, (p) => {
      if (checkProgram(p, target.rule, target)) fixed++;
    }),
    { numRuns: options.numRuns, seed: options.seed, endOnFailure: false },
  );
  const report: TargetReport = { rule: target.rule, name: target.name, runs: details.numRuns, fixed };
  if (details.failed) report.failure = fc.defaultReportMessage(details) ?? "failed";
  return report;
}

/**
 * Apply the safe fixes to one program and compare both versions. Returns whether any fix applied;
 * throws an Error describing the difference otherwise (fast-check turns it into a counterexample).
 */
export function checkProgram(
  p: FuzzProgram,
  rule: RuleId,
  how: { refactors?: RegExp; options?: Partial<AnalyzeOptions>; tolerance?: number; applyRefactors?: boolean } = {},
): boolean {
  const file = `/virtual/fuzz-${fileCounter++}${p.ext}`;
  const options: AnalyzeOptions = { runtimeImport: "arraylint/runtime", ...how.options, rules: [rule] };
  try {
    // every refactor: one pass (the inputs satisfy the assumptions of the refactors found in the
    // program as generated, not of those a fixed program might show next)
    const { text: fixedSource, applied } = how.applyRefactors
      ? applyRefactors(file, p.source, options, /[\s\S]*/, 1)
      : how.refactors
        ? applyRefactors(file, p.source, options, how.refactors, 10)
        : applySafeFixes(engine, file, p.source, options);
    if (applied === 0) return false;
    const difference = compareVersions(p.source, fixedSource, p.ext, p.args, how.tolerance ?? 0);
    if (difference) throw new Error(`${difference}\n--- fixed source ---\n${fixedSource}`);
    return true;
  } finally {
    // one program per file: without this the project keeps every program (10,000 runs ran out of a 4 GB heap,
    // and each analysis re-built a program of all the earlier files)
    engine.forget(file);
  }
}

/** Safe fixes and refactors whose assumption matches, applied as `--fix` applies safe ones (bounded passes, no overlaps). */
function applyRefactors(file: string, source: string, options: AnalyzeOptions, accepted: RegExp, passes: number): { text: string; applied: number } {
  let text = source;
  let applied = 0;
  const same = (a: TextEdit, b: TextEdit) => a.start === b.start && a.end === b.end && a.newText === b.newText;
  const clash = (a: TextEdit, b: TextEdit) => (a.start === a.end && b.start === b.end ? a.start === b.start : a.start < b.end && b.start < a.end);
  for (let pass = 0; pass < passes; pass++) {
    const chosen: TextEdit[] = [];
    let appliedThisPass = 0;
    for (const f of engine.analyze(file, text, options).findings) {
      if (!f.fix || !(f.fix.safe || accepted.test(f.fix.assumption ?? ""))) continue;
      // the shared runtime import is one edit, applied once
      const fresh = f.fix.edits.filter((e) => !chosen.some((c) => same(c, e)));
      if (fresh.some((e) => chosen.some((c) => clash(c, e)))) continue;
      chosen.push(...fresh);
      appliedThisPass++;
    }
    if (appliedThisPass === 0) break;
    text = applyEdits(text, chosen);
    applied += appliedThisPass;
  }
  return { text, applied };
}

/** The first observable difference between two versions of a module run on copies of `args`, or undefined. */
export function compareVersions(originalSource: string, fixedSource: string, ext: ".ts" | ".js", args: unknown[], tolerance = 0): string | undefined {
  const original = loadProgram(originalSource, ext, "original");
  const fixed = loadProgram(fixedSource, ext, "fixed");
  return differenceOf(outcomeOf(original, args), outcomeOf(fixed, args), "", tolerance);
}

type RunFn = (...args: unknown[]) => unknown;

/** Transpile to CommonJS (refusing syntax the file's language does not allow) and load with the runtime bound. */
export function loadProgram(source: string, ext: ".ts" | ".js", label: string): RunFn {
  const out = ts.transpileModule(source, {
    fileName: `program${ext}`,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, allowJs: true },
  });
  const syntaxErrors = (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  if (syntaxErrors.length > 0) throw new Error(`${label} source is not valid ${ext}: ${syntaxErrors.join("; ")}\n${source}`);
  const exports: Record<string, unknown> = {};
  const requireShim = (spec: string) => {
    if (spec === "arraylint/runtime") return runtime;
    throw new Error(`unexpected import ${spec}`);
  };
  new Function("require", "exports", "module", out.outputText)(requireShim, exports, { exports });
  const run = exports.run;
  if (typeof run !== "function") throw new Error(`${label} source exports no function run`);
  return run as RunFn;
}

interface Outcome {
  threw?: string;
  result?: unknown;
  args: unknown[];
}

function outcomeOf(run: RunFn, args: unknown[]): Outcome {
  const copy = clone(args) as unknown[];
  try {
    return { result: run(...copy), args: copy };
  } catch (err) {
    return { threw: err instanceof Error ? err.constructor.name : typeof err, args: copy };
  }
}

/** Deep copy of plain data: arrays, typed arrays (same constructor), plain objects, primitives. */
function clone(v: unknown): unknown {
  if (ArrayBuffer.isView(v)) return (v as unknown as { slice(): unknown }).slice();
  if (Array.isArray(v)) return v.map(clone);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)]));
  return v;
}

/** The first difference between two outcomes (Object.is on numbers: NaN equals NaN, -0 differs from +0). */
function differenceOf(a: Outcome, b: Outcome, where: string, tolerance = 0): string | undefined {
  if (a.threw !== b.threw) return `exception: original ${a.threw ?? "returned"}, fixed ${b.threw ?? "returned"}`;
  const r = valueDifference(a.result, b.result, `${where}result`, tolerance);
  if (r) return r;
  for (let i = 0; i < a.args.length; i++) {
    const d = valueDifference(a.args[i], b.args[i], `${where}argument ${i} after the call`, tolerance);
    if (d) return d;
  }
  return undefined;
}

/**
 * Numbers equal under `tolerance`: bit for bit (Object.is) at 0; otherwise NaN matches NaN, equal
 * infinities match, and finite values may differ by `tolerance` relative to the larger magnitude or
 * by an absolute `tolerance` times the sum's scale (a reassociated sum of values that cancel).
 */
function numbersMatch(x: number, y: number, tolerance: number): boolean {
  if (Object.is(x, y)) return true;
  if (tolerance === 0) return false;
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return x === y;
  return Math.abs(x - y) <= tolerance * Math.max(Math.abs(x), Math.abs(y), 1);
}

function valueDifference(x: unknown, y: unknown, where: string, tolerance = 0): string | undefined {
  if (typeof x === "number" || typeof y === "number") return typeof x === "number" && typeof y === "number" && numbersMatch(x, y, tolerance) ? undefined : `${where}: ${fmt(x)} vs ${fmt(y)}`;
  if (ArrayBuffer.isView(x) || ArrayBuffer.isView(y)) {
    const cx = (x as object | undefined)?.constructor?.name;
    const cy = (y as object | undefined)?.constructor?.name;
    if (cx !== cy) return `${where}: ${cx} vs ${cy}`;
  }
  if (Array.isArray(x) || ArrayBuffer.isView(x)) {
    const ax = x as ArrayLike<unknown>;
    const ay = y as ArrayLike<unknown>;
    if (ax.length !== ay?.length) return `${where}: length ${ax.length} vs ${ay?.length}`;
    for (let i = 0; i < ax.length; i++) {
      const d = valueDifference(ax[i], ay[i], `${where}[${i}]`, tolerance);
      if (d) return d;
    }
    return undefined;
  }
  if (x && typeof x === "object") {
    if (!y || typeof y !== "object") return `${where}: object vs ${fmt(y)}`;
    const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
    for (const k of keys) {
      const d = valueDifference((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${where}.${k}`, tolerance);
      if (d) return d;
    }
    return undefined;
  }
  return Object.is(x, y) ? undefined : `${where}: ${fmt(x)} vs ${fmt(y)}`;
}

function fmt(v: unknown): string {
  return Object.is(v, -0) ? "-0" : typeof v === "number" ? String(v) : JSON.stringify(v) ?? String(v);
}

// ---------------------------------------------------------------------------------------------
// Value arbitraries shared by the generators: the inputs a rule's proof must hold for.
// ---------------------------------------------------------------------------------------------

/** Doubles including NaN, ±0, ±Infinity, subnormals and huge values. */
export const anyDouble = fc.oneof(
  { weight: 3, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom(NaN, 0, -0, Infinity, -Infinity, 5e-324, -5e-324, 1.7976931348623157e308, 0.5, -0.5, 2 ** 53, 2 ** 31, -(2 ** 31), 2 ** 32) },
  { weight: 2, arbitrary: fc.integer({ min: -300, max: 300 }) },
);

/** Array lengths that break unrolled kernels and empty-input paths: 0, 1, odd, a few blocks. */
export const anyLength = fc.oneof(fc.constantFrom(0, 1, 2, 3, 7, 8, 9, 17), fc.integer({ min: 0, max: 70 }));

export const TYPED_ARRAYS = ["Float64Array", "Float32Array", "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array"] as const;
export type TypedArrayCtor = (typeof TYPED_ARRAYS)[number];

/** A typed array of `ctor` holding `values` (stored through the constructor's conversion, as JS does). */
export function typedArrayOf(ctor: TypedArrayCtor, values: number[]): ArrayBufferView {
  return (globalThis as unknown as Record<string, { from(v: number[]): ArrayBufferView }>)[ctor].from(values);
}
