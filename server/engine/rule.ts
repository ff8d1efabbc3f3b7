// The rule-module contract. A rule is one file in server/rules/ exporting a `Rule`.
// Rules see ts-morph nodes and the type checker, never LSP or vscode types.
import type { SourceFile, Node } from "ts-morph";
import type { AnalyzeOptions, BenchSpec, Fix, RuleId, Severity } from "./types";

export interface RuleMeta {
  id: RuleId;
  /** One line, imperative, shown by `arraylint rules`. */
  summary: string;
  /** Default severity before configuration. */
  defaultSeverity: Severity;
  /** "safe" when the rule offers safe fixes for some findings, "refactor" when only refactors, "none". */
  fixability: "safe" | "refactor" | "none";
  /** Path of the docs page relative to the repository root, e.g. docs/rules/elementwise-loop.md. */
  docsPath: string;
}

export interface ReportInput {
  /** The flagged statement: the loop, the `.reduce` statement, or the array declaration. */
  node: Node;
  message: string;
  fix?: Fix;
  bench?: BenchSpec;
}

export interface RuleContext {
  sourceFile: SourceFile;
  options: Required<Pick<AnalyzeOptions, "runtimeImport">> & AnalyzeOptions;
  report(input: ReportInput): void;
  /** An information diagnostic for a look-alike (only kept when options.explain). */
  explain(node: Node, message: string): void;
  /**
   * Report an internal error on one candidate (the rule skips it and goes on); the engine
   * forwards it to its logger and notes the file as incompletely analysed. Optional so hand-made
   * contexts in tests need not provide it.
   */
  log?(message: string, node?: Node): void;
  /** True once the file's time budget has run out: guarded() then stops the whole rule. */
  overBudget?(): boolean;
}

/** Thrown by guarded() when the file's time budget has run out; the engine catches it and notes it. */
export class BudgetExceeded extends Error {
  override name = "BudgetExceeded";
}

/** Run `fn` for one candidate node; a crash is logged and skips only that candidate. */
export function guarded(ctx: RuleContext, node: Node, fn: () => void): void {
  // out of time: stop the rule here (the engine reports it), not only this candidate
  if (ctx.overBudget?.()) throw new BudgetExceeded("analysis budget exhausted");
  try {
    fn();
  } catch (err) {
    if (err instanceof BudgetExceeded) throw err;
    ctx.log?.(err instanceof Error ? (err.stack ?? err.message) : String(err), node);
  }
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}
