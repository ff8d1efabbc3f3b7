// Benchmark one finding of a file: what the CLI's `bench` and the LSP's runBenchmark command call.
//
// prepareFindingBenchmark reads the finding's file text to decide
// - what to run: the finding's BenchSpec, or — for a finding without a fix — the flagged statement
//   alone with its free variables typed from their declarations (only the original is timed);
// - where: the statements alone (extract mode), or inside the user's module bundled with its imports
//   when they use a module-level name (a helper, an imported function, a module constant); locals of
//   the enclosing function they use are copied along (closures);
// - at which sizes: --size / arraylint.bench.size when given, else the sizes the code shows
//   (sizes.ts), else a sweep.
import path from "node:path";
import { ts } from "ts-morph";
import type { BenchSpec, BenchVariable, Finding } from "../engine/types";
import { runBenchmark, type BenchOptions, type BenchResult } from "./index";
import { normalizeType } from "./inputs";
import { freeNames, isModuleLevel, locate, nodeCovering, parseFile, parseLatest, resolveName, type Declaration } from "./scope";
import { SWEEP_SIZES, inferSizes } from "./sizes";

export interface FindingBenchOptions {
  /** Absolute path of the file (its folder resolves the module's imports). */
  file: string;
  /** The file's text the finding was computed on. */
  text: string;
  /** Measure at this size only (--size, arraylint.bench.size); default: the code's sizes, or a sweep. */
  size?: number;
  /** The sizes of a sweep (default SWEEP_SIZES). */
  sweep?: number[];
  /** Import specifiers that mean the arraylint runtime in this project (AnalyzeOptions.runtimeImport). */
  runtimeImports?: string[];
  timeBudgetMs?: number;
  seed?: number;
  runtimePath?: string;
  signal?: AbortSignal;
  memoryLimitMb?: number;
  processes?: number;
  lowPriority?: boolean;
}

/** Why a finding cannot be benchmarked at all (the CLI exits 1 with it, the LSP returns it as result.error). */
export class NothingToMeasureError extends Error {}

export interface PreparedBenchmark {
  spec: BenchSpec;
  options: BenchOptions;
}

const GLOBAL_NAMES = new Set(["undefined", "NaN", "Infinity", "globalThis", "arguments"]);

function isGlobal(name: string): boolean {
  return GLOBAL_NAMES.has(name) || name in globalThis;
}

/** A finding's message after its first colon: what the rule says a fix would do. */
function whatAFixNeeds(f: Finding): string {
  const at = f.message.indexOf(": ");
  const text = (at >= 0 ? f.message.slice(at + 2) : f.message).trim();
  return text.length > 200 ? text.slice(0, 197) + "…" : text;
}

function typeTextOf(d: Declaration): string | undefined {
  if (d.kind === "parameter" || d.kind === "variable") {
    if (d.node.type) return d.node.type.getText();
    const init = d.node.initializer && unwrapInit(d.node.initializer);
    if (!init) return undefined;
    if (ts.isNumericLiteral(init) || (ts.isPrefixUnaryExpression(init) && ts.isNumericLiteral(init.operand))) return "number";
    if (ts.isNewExpression(init) && ts.isIdentifier(init.expression) && /Array$/.test(init.expression.text) && init.expression.text !== "Array") return init.expression.text;
    if (ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression) && ts.isIdentifier(init.expression.expression) &&
        /^\w+Array$/.test(init.expression.expression.text) && init.expression.expression.text !== "Array") return init.expression.expression.text;
    if (ts.isArrayLiteralExpression(init) && init.elements.every((e) => ts.isNumericLiteral(e) || ts.isPrefixUnaryExpression(e))) return "number[]";
    if (init.kind === ts.SyntaxKind.TrueKeyword || init.kind === ts.SyntaxKind.FalseKeyword) return "boolean";
    // `x.length`, `Math.floor(n / 2)`, `rows * cols`: numbers
    if (ts.isPropertyAccessExpression(init) && init.name.text === "length") return "number";
    if (ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression) && ts.isIdentifier(init.expression.expression) && init.expression.expression.text === "Math") return "number";
    if (ts.isBinaryExpression(init) && [ts.SyntaxKind.AsteriskToken, ts.SyntaxKind.SlashToken, ts.SyntaxKind.MinusToken, ts.SyntaxKind.PercentToken].includes(init.operatorToken.kind)) return "number";
  }
  return undefined;
}

function unwrapInit(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  return e;
}

/** Does the statement write `name` (its elements, or the name itself: an accumulator)? */
function writes(statement: ts.Node, name: string): boolean {
  let found = false;
  const isTarget = (e: ts.Expression): boolean => {
    e = unwrapInit(e);
    if (ts.isIdentifier(e)) return e.text === name;
    if (ts.isElementAccessExpression(e)) return isTarget(e.expression);
    return false;
  };
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment && isTarget(node.left)) found = true;
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
        (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken) && isTarget(node.operand)) found = true;
    ts.forEachChild(node, visit);
  };
  visit(statement);
  return found;
}

function declarationText(d: Declaration): string | undefined {
  if (d.kind === "variable") return d.statement?.getText();
  if (d.kind === "function" || d.kind === "class") return d.node.getText();
  return undefined;
}

interface Context {
  /** Module mode is needed (a name resolves at module level or to a copied local). */
  module: boolean;
  /** Locals copied into the module wrapper (do not depend on the variables). */
  wrapperLocals: string[];
  /** Locals that depend on the variables: they run at the start of each variant. */
  prelude: string[];
  /** Names the statements use that nothing declares and that are not globals. */
  unresolved: string[];
}

/**
 * Where the names of the statements come from. Spec variables are synthesized; module-level names
 * need module mode; locals of the enclosing function are copied (into the wrapper when they do not
 * depend on the variables, else at the start of both variants); parameters that are not variables
 * cannot be rebuilt.
 */
function contextOf(spec: BenchSpec, statement: ts.Node): Context {
  const variables = new Set(spec.variables.map((v) => v.name));
  const ctx: Context = { module: false, wrapperLocals: [], prelude: [], unresolved: [] };
  const copied = new Map<ts.Node, { text: string; dependsOnVariables: boolean }>();
  const visiting = new Set<ts.Node>();
  const visit = (names: string[], from: ts.Node): boolean => {
    let dependsOnVariables = false;
    for (const name of names) {
      if (name === "nd") continue;
      if (variables.has(name)) {
        dependsOnVariables = true;
        continue;
      }
      const d = resolveName(name, from);
      if (!d) {
        if (!isGlobal(name)) ctx.unresolved.push(name);
        continue;
      }
      if (isModuleLevel(d)) {
        ctx.module = true;
        continue;
      }
      if (d.kind === "parameter") {
        throw new NothingToMeasureError(`the statements use \`${name}\`, a parameter of the enclosing function that the benchmark cannot synthesize`);
      }
      const node = d.kind === "variable" ? d.statement ?? d.node : d.node;
      const text = declarationText(d);
      if (!text) throw new NothingToMeasureError(`the statements use \`${name}\`, which the benchmark cannot rebuild outside its function`);
      if (copied.has(node)) {
        dependsOnVariables ||= copied.get(node)!.dependsOnVariables;
        continue;
      }
      if (visiting.has(node)) continue; // mutually recursive local functions
      visiting.add(node);
      const depends = visit(freeNames(text).filter((n) => !declaredBy(d, n)), node);
      copied.set(node, { text, dependsOnVariables: depends });
      ctx.module = true;
      dependsOnVariables ||= depends;
    }
    return dependsOnVariables;
  };
  visit([...new Set([...freeNames(spec.before), ...freeNames(spec.after)])], statement);
  // source order, so a local defined from another comes after it
  for (const [node, c] of [...copied].sort((a, b) => a[0].pos - b[0].pos)) {
    void node;
    (c.dependsOnVariables ? ctx.prelude : ctx.wrapperLocals).push(c.text);
  }
  return ctx;
}

/** A function declaration's own name is free in its text as written; it declares it. */
function declaredBy(d: Declaration, name: string): boolean {
  if (d.kind === "function" || d.kind === "class") return d.node.name?.text === name;
  if (d.kind === "variable") return ts.isIdentifier(d.node.name) && d.node.name.text === name;
  return false;
}

/**
 * A spec for a finding without one: its statement as the original, its free variables typed from
 * their declarations. Throws NothingToMeasureError when there is nothing to time or a variable's
 * type is unknown.
 */
function specWithoutFix(finding: Finding, statement: ts.Node, text: string): BenchSpec {
  const before = text.slice(finding.start, finding.end);
  if (ts.isVariableStatement(statement) || ts.isVariableDeclaration(statement) || ts.isVariableDeclarationList(statement)) {
    throw new NothingToMeasureError(`the ${finding.ruleId} finding is a declaration: there is no code to time on its own (${whatAFixNeeds(finding)})`);
  }
  let usesThis = false;
  const seeThis = (n: ts.Node): void => { if (n.kind === ts.SyntaxKind.ThisKeyword) usesThis = true; else ts.forEachChild(n, seeThis); };
  seeThis(statement);
  if (usesThis) throw new NothingToMeasureError(`the ${finding.ruleId} finding reads \`this\`: the benchmark cannot build the object it belongs to`);
  const variables: BenchVariable[] = [];
  for (const name of freeNames(before)) {
    const d = resolveName(name, statement);
    if (!d || isModuleLevel(d) || (d.kind !== "parameter" && d.kind !== "variable")) continue;
    // a local declared inside the statement's own function but used only as a helper is copied, not synthesized
    if (d.kind === "variable" && !writes(statement, name) && typeTextOf(d) === undefined) continue;
    const type = typeTextOf(d);
    if (!type) throw new NothingToMeasureError(`cannot tell the type of \`${name}\` (declared at line ${statement.getSourceFile().getLineAndCharacterOfPosition(d.node.getStart()).line + 1}): annotate it to benchmark this finding`);
    const normalized = normalizeType(type);
    const isArray = /Array$|\[\]$|^\[.*\]$/.test(normalized);
    const output = writes(statement, name);
    variables.push({ name, type, role: output ? "output" : normalized === "number" ? "scalar" : "input", ...(isArray ? { length: "n" as const } : {}) });
  }
  return { before, after: "", variables };
}

/**
 * Everything runBenchmark needs for this finding: the spec (with the code's lengths), the sizes, the
 * module context. Throws NothingToMeasureError when the finding cannot be measured at all.
 */
export function prepareFindingBenchmark(finding: Finding, opts: FindingBenchOptions): PreparedBenchmark {
  const sf = parseFile(opts.file, opts.text);
  const statement = nodeCovering(sf, finding.start, finding.end);
  const hasFix = finding.bench !== undefined;
  let spec = finding.bench ?? specWithoutFix(finding, statement, opts.text);
  // names resolve where the spec's original text sits (a bench spec may span more than the flagged statement)
  const at = locate(opts.text, spec.before, finding.start);
  const anchor = at === undefined ? statement : nodeCovering(sf, at, at + spec.before.length);
  const notes: string[] = [];
  const context = contextOf(spec, anchor);
  if (context.prelude.length > 0) {
    const prelude = context.prelude.join("\n") + "\n";
    spec = { ...spec, before: prelude + spec.before, after: hasFix ? prelude + spec.after : spec.after };
    notes.push(`the local declarations the code uses run at the start of each variant: ${context.prelude.length}`);
  }
  const sizes = inferSizes(anchor, spec);
  spec = {
    ...spec,
    variables: spec.variables.map((v) => (v.length !== "n" && sizes.lengths[v.name] !== undefined ? { ...v, length: sizes.lengths[v.name] } : v)),
  };
  if (!hasFix) notes.push(`no fix to compare: only the original is timed; ${finding.fix ? "its fix has no benchmark" : `what a fix would need: ${whatAFixNeeds(finding)}`}`);

  const useModule = context.module;
  const line = sf.getLineAndCharacterOfPosition(finding.start).line + 1;
  const options: BenchOptions = {
    ruleId: finding.ruleId,
    file: opts.file,
    line,
    timeBudgetMs: opts.timeBudgetMs,
    seed: opts.seed,
    runtimePath: opts.runtimePath,
    signal: opts.signal,
    memoryLimitMb: opts.memoryLimitMb,
    processes: opts.processes,
    lowPriority: opts.lowPriority,
    hasFix,
    notes,
    ...(spec.tolerance === undefined && finding.bench?.tolerance !== undefined ? { tolerance: finding.bench.tolerance } : {}),
  };
  if (opts.size !== undefined) {
    options.size = opts.size;
    options.sizes = [opts.size];
    options.sizeSource = "option";
  } else if (sizes.sizes.length > 0) {
    options.sizes = sizes.sizes;
    options.headlineSize = sizes.sizes[sizes.sizes.length - 1];
    options.sizeSource = "code";
    options.sizeEvidence = sizes.evidence;
  } else {
    options.sizes = opts.sweep ?? SWEEP_SIZES;
    options.sizeSource = "sweep";
  }
  if (useModule) {
    options.module = {
      file: path.resolve(opts.file),
      text: opts.text,
      runtimeImports: opts.runtimeImports,
      localDeclarations: context.wrapperLocals,
    };
  }
  return { spec, options };
}

/**
 * Benchmarks a finding in its file. A finding with nothing to measure comes back as result.error
 * (with `nothingToMeasure` set); invalid arguments throw as runBenchmark's do.
 */
export async function benchmarkFinding(finding: Finding, opts: FindingBenchOptions): Promise<BenchResult & { nothingToMeasure?: boolean }> {
  let prepared: PreparedBenchmark;
  try {
    prepared = prepareFindingBenchmark(finding, opts);
  } catch (e) {
    if (!(e instanceof NothingToMeasureError)) throw e;
    const line = parseFile(opts.file, opts.text).getLineAndCharacterOfPosition(finding.start).line + 1;
    const zero = { medianNs: NaN, samples: 0, ciLow: NaN, ciHigh: NaN };
    return {
      ruleId: finding.ruleId, file: opts.file, line, before: zero, after: { ...zero }, speedup: NaN, speedupCI: [NaN, NaN],
      equivalent: false, inputs: { size: 0, seed: opts.seed ?? 1, variables: [] }, error: `nothing to measure: ${e.message}`,
      nothingToMeasure: true,
    };
  }
  return runBenchmark(prepared.spec, prepared.options);
}

/**
 * The sizes the code shows for each finding of one file (empty when it does not show them): what the
 * calibration judges a finding at. One parse of the text for the findings not sized before (incremental
 * from the file's previous version: the server asks after every edit).
 *
 * Sizes are remembered per BenchSpec object. The engine creates new specs in every analysis and keeps a
 * spec only on findings it carries past a local edit (server/engine/incremental.ts), whose code and
 * context the edit cannot have changed; so a finding with a spec seen before in the same file has the
 * sizes it had.
 */
export function codeSizesOf(file: string, text: string, findings: readonly Finding[]): Map<Finding, number[]> {
  const out = new Map<Finding, number[]>();
  let sf: ts.SourceFile | undefined;
  for (const f of findings) {
    const spec = f.bench;
    if (!spec) continue;
    const known = sizesOfSpec.get(spec);
    if (known && known.file === file) {
      out.set(f, known.sizes);
      continue;
    }
    let sizes: number[];
    try {
      sf ??= parseLatest(file, text);
      const at = locate(text, spec.before, f.start);
      const anchor = at === undefined ? nodeCovering(sf, f.start, f.end) : nodeCovering(sf, at, at + spec.before.length);
      sizes = inferSizes(anchor, spec).sizes;
    } catch {
      // half-typed code: the size is unknown
      sizes = [];
    }
    sizesOfSpec.set(spec, { file, sizes });
    out.set(f, sizes);
  }
  return out;
}

const sizesOfSpec = new WeakMap<BenchSpec, { file: string; sizes: number[] }>();
