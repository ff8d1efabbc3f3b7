// The rule-module contract. A rule is one file in server/rules/ exporting a `Rule`.
// Rules see ts-morph nodes and the type checker, never LSP or vscode types.
import type { SourceFile, Node, ts } from "ts-morph";
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
  /**
   * Message templates by id (typescript-eslint's `meta.messages`): one sentence naming the problem
   * and the runtime call, `{{name}}` placeholders filled from `ReportInput.data`; at most
   * MAX_MESSAGE_LENGTH characters once filled. The why, the measured figure and the rewrite preview
   * go to `ReportInput.details` (hover) and the docs page. Tests assert ids and data, not prose.
   */
  messages: Record<string, string>;
}

/** Ruff-style: a finding's message is one short sentence. */
export const MAX_MESSAGE_LENGTH = 120;

export type MessageData = Record<string, string | number>;

export interface ReportInput {
  /** The flagged statement: the loop, the `.reduce` statement, or the array declaration. */
  node: Node;
  /** A key of the rule's `meta.messages`. */
  messageId: string;
  data?: MessageData;
  /** Markdown for the hover: why it is slow, what was measured, the rewrite (not repeated in `message`). */
  details?: string;
  fix?: Fix;
  bench?: BenchSpec;
  /**
   * The most this finding may be, when its rewrite was measured not to pay at the size such code
   * runs (a hint) or to be about the same (information). The configured severity still applies when
   * it is lower. Rules set it from a measured figure they quote in `details`.
   */
  severityCap?: Severity;
}

const SEVERITY_RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

/** The lower of the configured severity and a finding's cap. */
export function cappedSeverity(configured: Severity, cap: Severity | undefined): Severity {
  return cap !== undefined && SEVERITY_RANK[cap] < SEVERITY_RANK[configured] ? cap : configured;
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
  /**
   * Builds the program and binds the file, once per analysis, before the first candidate's analysis
   * (guarded() calls it): a file without candidates never builds one, and the time is not charged to
   * the budget. Throws CheckerUnavailable when TypeScript cannot.
   */
  prepareChecker?(): void;
  /**
   * Set when the engine re-analyses only the function an edit changed (server/engine/incremental.ts):
   * rules look for candidates inside it only (`findCandidates`); the rest of the file keeps its
   * previous findings. File-wide indexes (call sites, uses) still cover the whole file.
   */
  scope?: ts.Node;
}

/** Thrown by guarded() when the file's time budget has run out; the engine catches it and notes it. */
export class BudgetExceeded extends Error {
  override name = "BudgetExceeded";
}

/** The type checker could not be built for the file: the engine stops its analysis (never one candidate's failure). */
export class CheckerUnavailable extends Error {
  override name = "CheckerUnavailable";
}

/** Run `fn` for one candidate node; a crash is logged and skips only that candidate. */
export function guarded(ctx: RuleContext, node: Node, fn: () => void): void {
  // out of time: stop the rule here (the engine reports it), not only this candidate
  if (ctx.overBudget?.()) throw new BudgetExceeded("analysis budget exhausted");
  // outside the try: a checker that cannot be built stops the analysis, not this candidate
  ctx.prepareChecker?.();
  try {
    fn();
  } catch (err) {
    if (err instanceof BudgetExceeded || err instanceof CheckerUnavailable) throw err;
    ctx.log?.(err instanceof Error ? (err.stack ?? err.message) : String(err), node);
  }
}

/** Fills `{{name}}` placeholders; a placeholder without data is an error in the rule (thrown, so tests see it). */
export function formatMessage(template: string, data: MessageData = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => {
    if (!(key in data)) throw new Error(`message placeholder {{${key}}} has no data`);
    return String(data[key]);
  });
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}
