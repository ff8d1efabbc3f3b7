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
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}
