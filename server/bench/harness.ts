// Builds the child program: the spec's before/after statements as functions of their free
// variables (TypeScript stripped with the compiler's transpileModule), or — in module mode — taken
// from the user's module bundled with its imports (module.ts), generated monomorphic call/timing
// shims, the configuration, the watchdog and the fixed harness runtime.
import { ts } from "ts-morph";
import type { BenchSpec } from "../engine/types";
import { HARNESS_RUNTIME, MEMORY_LIMIT_MARKER, WATCHDOG_SOURCE } from "./harness-runtime";
import { normalizeType, type InputPlan } from "./inputs";

/** The spec's code does not parse; runBenchmark reports it as result.error. */
export class HarnessCompileError extends Error {}

export interface HarnessConfig {
  /** The sizes to measure, smallest first, each with its input plan. */
  sizes: Array<{ size: number; plan: InputPlan[] }>;
  seed: number;
  budgetMs: number;
  /** 0 = exact equality; else the relative tolerance. */
  tolerance: number;
  /** Number variables the code assigns (accumulators); the variants return them after the return value. */
  scalarOutputs: string[];
  targetSampleNs: number;
  maxRounds: number;
  /** false: the finding has no fix; only the original is timed. */
  hasAfter: boolean;
  /** What a sample measures: the process's CPU time (default; robust on a shared machine) or wall time. */
  clock?: "cpu" | "wall";
}

/** How the child gets its variants: compiled here from the spec, or from the user's bundled module. */
export type VariantSource =
  | { kind: "extract" }
  | { kind: "module"; file: string; code: string; exportName: string };

export interface ChildLimits {
  /** The child's resident memory cap, MB (the watchdog kills it above this). */
  memoryLimitMb: number;
  /** The watchdog kills the child this long after its time budget, even when the parent is gone. */
  graceMs: number;
  /** The parent's pid: when the child's parent is another process, the parent died. */
  parentPid: number;
}

/** Any identifier ECMAScript accepts (Unicode letters included: `é`, `λ`, `x₁`). */
export const IDENTIFIER = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*$/u;
const RESERVED = new Set(["nd", "require", "module", "exports", "__filename", "__dirname", "arguments", "eval"]);

/** Throws TypeError for names that cannot be parameters of the generated functions. */
export function checkVariableNames(spec: BenchSpec): void {
  const seen = new Set<string>();
  for (const v of spec.variables) {
    if (!IDENTIFIER.test(v.name) || RESERVED.has(v.name) || v.name.startsWith("__")) {
      throw new TypeError(`BenchSpec variable name ${JSON.stringify(v.name)} is not usable as a parameter`);
    }
    if (seen.has(v.name)) throw new TypeError(`BenchSpec variable ${v.name} is listed twice`);
    seen.add(v.name);
  }
}

/**
 * `function before(x, y) { <body> }`, compiled to JavaScript.
 *
 * With scalar outputs (accumulators) the function must hand them back, and it must stay a plain
 * function whose accumulators are its own locals, as in the user's code: an accumulator captured by
 * an inner closure lives in a heap context, and V8 then boxes every `s += x[i]` into a new HeapNumber
 * (about 7× slower at 1e6 elements, which once made the bench report 17× for a 1.9× sum fix).
 * So the accumulator's parameter gets a harness name and the body works on a `let` copy:
 *
 *     function before(x, __init_s) {
 *       let s = __init_s, __returned;
 *       <body>                         // its own `return e;` → `{ __returned = (e); break __body; }`
 *       return [__returned, s];
 *     }
 *
 * A body that returns is put in a block labelled `__body` (one exit, and `finally` blocks still
 * run before the accumulators are read). Returns inside nested functions are left alone.
 * variantSource gives the TypeScript text (module mode hands it to esbuild with the user's module).
 */
export function variantSource(name: "before" | "after", params: readonly string[], body: string, scalarOutputs: readonly string[]): { source: string; bodyOffset: number } {
  const outputs = new Set(scalarOutputs);
  const header = scalarOutputs.length > 0
    ? `function ${name}(${params.map((p) => (outputs.has(p) ? initName(p) : p)).join(", ")}) {\n` +
      `let ${[...scalarOutputs.map((s) => `${s} = ${initName(s)}`), "__returned"].join(", ")};\n`
    : `function ${name}(${params.join(", ")}) {\n`;
  const footer = scalarOutputs.length > 0 ? `\nreturn [__returned, ${scalarOutputs.join(", ")}];\n}\n` : "\n}\n";
  let source = `${header}${body}${footer}`;
  let bodyOffset = header.length;
  if (scalarOutputs.length > 0) {
    const returns = ownReturns(source).filter((r) => r.end <= header.length + body.length); // not the footer's
    if (returns.length > 0) {
      // Same line count as the body: error positions below stay relative to it.
      const open = "__body: { ";
      let rewritten = body;
      for (const r of returns.reverse()) {
        const s = r.start - header.length, e = r.end - header.length;
        const replacement = r.expression === undefined
          ? "{ break __body; }"
          : `{ __returned = (${source.slice(r.expression.start, r.expression.end)}); break __body; }`;
        rewritten = rewritten.slice(0, s) + replacement + rewritten.slice(e);
      }
      source = `${header}${open}${rewritten}\n}${footer}`;
      bodyOffset = header.length + open.length;
    }
  }
  return { source, bodyOffset };
}

/** `function before(x, y) { <body> }` compiled to JavaScript (see variantSource); HarnessCompileError when it does not compile. */
export function compileVariant(name: "before" | "after", params: readonly string[], body: string, scalarOutputs: readonly string[]): string {
  const { source, bodyOffset } = variantSource(name, params, body, scalarOutputs);
  const output = ts.transpileModule(source, {
    reportDiagnostics: true,
    fileName: `${name}.ts`,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, sourceMap: false },
  });
  // Only diagnostics located in the source: option deprecations (TS 6 vs 7) are not the code's fault.
  const problem = output.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error && d.file !== undefined);
  if (problem) {
    const line = problem.start === undefined ? undefined
      : source.slice(bodyOffset, Math.max(bodyOffset, problem.start)).split("\n").length;
    const where = line === undefined ? "" : ` (line ${line})`;
    const label = name === "before" ? "the original code" : "the fixed code";
    throw new HarnessCompileError(`${label} does not compile: ${ts.flattenDiagnosticMessageText(problem.messageText, " ")}${where}`);
  }
  return output.outputText.replace(/^"use strict";\s*/, "").replace(/^Object\.defineProperty\(exports, "__esModule".*\n/m, "");
}

/** The parameter that carries an accumulator's start value (user names never start with `__`). */
function initName(name: string): string {
  return `__init_${name}`;
}

interface Span { start: number; end: number }

/**
 * The `return` statements of the generated function itself (not of functions nested in the body),
 * as source offsets. None when the source does not parse: transpileModule then reports the error.
 */
function ownReturns(source: string): Array<Span & { expression?: Span }> {
  const file = ts.createSourceFile("variant.ts", source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const diagnostics = (file as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics;
  if (diagnostics !== undefined && diagnostics.length > 0) return [];
  const fn = file.statements[0];
  if (fn === undefined || !ts.isFunctionDeclaration(fn) || fn.body === undefined) return [];
  const found: Array<Span & { expression?: Span }> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return; // their returns are their own
    if (ts.isReturnStatement(node)) {
      const e = node.expression;
      found.push({ start: node.getStart(file), end: node.getEnd(), expression: e ? { start: e.getStart(file), end: e.getEnd() } : undefined });
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return found.sort((a, b) => a.start - b.start);
}

/** The number variables the code assigns (accumulators): the variants return them, and they are compared. */
export function scalarOutputsOf(spec: BenchSpec): string[] {
  return spec.variables.filter((v) => v.role === "output" && normalizeType(v.type) === "number").map((v) => v.name);
}

/** One call per variant, and a timing loop per variant: separate functions keep every call site monomorphic. */
function shims(params: readonly string[]): string {
  const list = params.map((_, i) => `v[${i}]`).join(", ");
  const locals = params.map((_, i) => `a${i}`).join(", ");
  const bind = params.length > 0 ? `const [${locals}] = v;` : "";
  const timing = (fn: string, shim: string) => `function ${shim}(v, k) {
  ${bind}
  let r;
  const t0 = process.hrtime.bigint();
  for (let j = 0; j < k; j++) r = ${fn}(${locals});
  const t1 = process.hrtime.bigint();
  __sink = r;
  return Number(t1 - t0);
}`;
  return [
    `let __sink;`,
    `function __callBefore(v) { return before(${list}); }`,
    `function __callAfter(v) { return after(${list}); }`,
    timing("before", "__timeBefore"),
    timing("after", "__timeAfter"),
  ].join("\n");
}

export function buildHarnessProgram(
  spec: BenchSpec,
  runtimePath: string,
  config: HarnessConfig,
  variants: VariantSource = { kind: "extract" },
  limits?: ChildLimits,
): string {
  checkVariableNames(spec);
  const params = spec.variables.map((v) => v.name);
  let definitions: string;
  if (variants.kind === "extract") {
    const before = compileVariant("before", params, spec.before, config.scalarOutputs);
    const after = config.hasAfter ? compileVariant("after", params, spec.after, config.scalarOutputs) : "function after() {}";
    definitions = `${before}\n${after}`;
  } else {
    // The user's module, bundled with its imports, compiled as if it were the file itself (its
    // require() resolves packages from the file's folder); it exports a function returning the variants.
    definitions = `const [before, after] = __loadModule(${JSON.stringify(variants.file)}, ${JSON.stringify(variants.code)}, ${JSON.stringify(variants.exportName)});
function __loadModule(file, code, exportName) {
  if (nd === undefined) return [undefined, undefined];
  const Module = require("node:module");
  const m = new Module(file, null);
  m.filename = file;
  m.paths = Module._nodeModulePaths(require("node:path").dirname(file));
  try { m._compile(code, file); }
  catch (e) { __send({ error: "loading the module " + file + " threw " + __describeError(e) }); return [undefined, undefined]; }
  return m.exports[exportName](nd);
}`;
  }
  const watchdog = limits
    ? `__startWatchdog(${JSON.stringify({ memoryLimitMb: limits.memoryLimitMb, parentPid: limits.parentPid, marker: MEMORY_LIMIT_MARKER })}, ${limits.graceMs});
function __startWatchdog(data, graceMs) {
  const { Worker } = require("node:worker_threads");
  // spawn time + start-up limit + measuring share + grace: only reached when the parent is gone
  data.deadlineMs = (Number(process.argv[2]) || Date.now()) + (Number(process.argv[4]) || 0) + (Number(process.argv[3]) || ${config.budgetMs}) + graceMs;
  const w = new Worker(${JSON.stringify(WATCHDOG_SOURCE)}, { eval: true, workerData: data });
  w.unref();
}
// the parent closed the IPC channel (it exited or dropped us): nothing will read a result
process.on("disconnect", function () { process.kill(process.pid, "SIGKILL"); });`
    : "";
  return `"use strict";
// Generated by arraylint's bench: the original (before) and the fixed (after) code of one finding.
${watchdog}
const nd = __loadRuntime(${JSON.stringify(runtimePath)});
function __loadRuntime(path) {
  try { return require(path); }
  catch (e) { __send({ error: "cannot load the runtime " + path + ": " + (e && e.message ? e.message : String(e)) }); return undefined; }
}

${definitions}

const __config = ${JSON.stringify(config)};
// This process's share of the budget (argv[3]) counts from now, when the runtime and the variants are
// loaded: the parent starts its kill timer when it gets the 'ready' message (start-up has its own limit).
__config.budgetMs = Number(process.argv[3]) || __config.budgetMs;
__config.startedAtMs = Date.now();
if (typeof process.send === "function" && before !== undefined) process.send({ ready: true });
${shims(params)}
${HARNESS_RUNTIME}
if (nd !== undefined && before !== undefined) {
  try { __harness(); }
  catch (e) { __send({ error: "harness failed: " + __describeError(e) }); }
}
`;
}
