// The engine's contracts (see ../../../shared/DESIGN.md and ARCHITECTURE.md).
// Pure data: nothing here may import LSP, vscode or do I/O.

/** Zero-based line and UTF-16 column, like LSP positions but owned by the engine. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = "error" | "warning" | "info" | "hint";

// the one list of ids lives with the rules; the engine only needs their type
export type { RuleId } from "../rules/ids";
import type { RuleId } from "../rules/ids";

/** A text replacement in the analysed file, offsets are 0-based UTF-16 indexes into the source text. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * `safe`: behaviour provably identical for every input the types allow (values, mutations,
 * exceptions); applied by fix-all, on save and by `--fix`.
 * `refactor`: correct only under `assumption`; offered, never applied automatically.
 */
export interface Fix {
  title: string;
  safe: boolean;
  /** Why the fix is not safe (only for refactors), e.g. "sum may differ in the last bits". */
  assumption?: string;
  /** Edits to the file, non-overlapping, already including the runtime import when `addImports` is non-empty. */
  edits: TextEdit[];
  /** Import declarations the fix needs, e.g. `import * as nd from "@arraylint/runtime"` (informational). */
  addImports: string[];
  /**
   * Set by the callers that measure (CLI, LSP; server/calibrate), never by rules: false when a safe fix
   * must not be applied automatically (--fix, fix-all, on save, preferred) because it was measured
   * slower, or not measured, on this runtime. Absent: not judged.
   */
  autoApply?: boolean;
}

/** What the bench needs to build a before/after harness for a finding. */
export interface BenchSpec {
  /** Source text of the statements being replaced (the original). */
  before: string;
  /** Source text that replaces them (the fix), using `nd` as the runtime namespace. */
  after: string;
  /** Free variables of `before`, with their declared TypeScript type text (e.g. "Float64Array", "number"). */
  variables: BenchVariable[];
  /**
   * Relative tolerance the equivalence check allows. Set only by fixes that reassociate floating-point
   * additions (a vectorized sum/dot adds in another order): 1e-9. Absent: exact (Object.is per element).
   */
  tolerance?: number;
}

export interface BenchVariable {
  name: string;
  type: string;
  /** The loop writes into it (compared after each variant) vs. only reads it. */
  role: "input" | "output" | "scalar";
  /** How the benchmark sizes this array: "n" (the common length), or a fixed length. */
  length?: "n" | number;
}

export interface Finding {
  ruleId: RuleId;
  /** The key of the message in the rule's `meta.messages` (stable; tests and tools match on it). */
  messageId: string;
  /** The message, filled from its template: one sentence of at most 120 characters. */
  message: string;
  /** Markdown shown on hover: the why, the measured figure, the rewrite preview. */
  details?: string;
  severity: Severity;
  range: Range;
  /** Offsets of the flagged statement in the source. */
  start: number;
  end: number;
  fix?: Fix;
  bench?: BenchSpec;
  /** Set by the callers that measure (server/calibrate), never by rules: the figure the severity rests on. */
  measured?: MeasuredFigure;
  /** Set by `check --profile` / the LSP's loaded profile, never by rules: this code's share of the profiled time. */
  profile?: ProfileShare;
}

/** A fix's measured speedup at the size the code runs (or the unknown-size default). */
export interface MeasuredFigure {
  speedup: number;
  ci: [number, number];
  size: number;
  /** false: the code does not show the size; `size` is the unknown-size default. */
  sizeKnown: boolean;
  /** "benchmark": this exact code was measured; "calibration": the fix kind on this runtime. */
  source: "benchmark" | "calibration";
  /** false: a similar fix's measurement (the family's most pessimistic). */
  exact: boolean;
  status: "faster" | "about-the-same" | "faster-elsewhere" | "slower-everywhere" | "unmeasured";
}

/** Where a finding stands in a CPU profile. */
export interface ProfileShare {
  /** Share of all profiled samples on the finding's lines, 0..1. */
  share: number;
  samples: number;
  totalSamples: number;
}

/** An information diagnostic for a look-alike: names why a loop was not flagged. */
export interface Explanation {
  ruleId: RuleId;
  message: string;
  range: Range;
}

export interface AnalyzeOptions {
  /** Module specifier the fixes import the runtime from. */
  runtimeImport: string;
  /** Rules to run; default all. */
  rules?: RuleId[];
  /** Severity overrides / "off". */
  severities?: Partial<Record<RuleId, Severity | "off">>;
  /** Produce Explanation entries for look-alikes. */
  explain?: boolean;
  /** Treat reassociating reduction fixes as safe. */
  allowReassociation?: boolean;
  /** Skip loops whose trip count is a known constant below this (loops of ≤ 16 are always skipped). */
  minArraySize?: number;
  /**
   * Time budget of the rules on one file in milliseconds (default 2000): when it runs out, the rule that
   * is running stops at its next candidate, the remaining rules are skipped, and a `budget` note says so.
   * Parsing and binding are not counted: they are linear in the file, which the callers' size cap bounds.
   */
  budgetMs?: number;
  /** Analyse generated and minified code too (default: skipped with a `generated` note). */
  includeGenerated?: boolean;
}

/**
 * Why a file was analysed only partly, or not at all:
 * - `syntax-error`: the file does not parse; it is not analysed and gets no fixes.
 * - `parse-failed`: the parser itself gave up (a stack overflow on 10,000-deep nesting).
 * - `too-deep`: the syntax tree nests deeper than the rules can safely walk (a 10,000-term sum); not analysed.
 * - `rule-failed`: a rule crashed on the file or on one candidate (fewer findings).
 * - `budget`: the per-file time budget ran out; the remaining rules were skipped.
 * - `generated`: generated or minified code (a marker or its content), skipped on purpose.
 * - `too-large` / `unreadable`: set by the callers that read files (CLI, server), never by the engine.
 */
export type AnalysisNoteKind = "syntax-error" | "parse-failed" | "too-deep" | "rule-failed" | "budget" | "generated" | "too-large" | "unreadable";

export interface AnalysisNote {
  kind: AnalysisNoteKind;
  /** One sentence for people, e.g. "rule oversized-dtype stopped: the 2000 ms analysis budget ran out". */
  message: string;
  /** Where, when the note is about one place (the first syntax error). */
  range?: Range;
  ruleId?: RuleId;
}

export interface AnalyzeResult {
  findings: Finding[];
  explanations: Explanation[];
  /** Partial or skipped analysis, in the order it happened; empty when every rule ran to the end. */
  notes: AnalysisNote[];
  /** Where the time went: parsing and binding (and the checks before the rules), and the rules (what `budgetMs` limits). */
  timings?: {
    parseMs: number;
    rulesMs: number;
    /**
     * What the rules analysed: the whole file; only the function an edit changed (the rest of the
     * previous analysis carried past the edit, server/engine/incremental.ts); nothing (the same text
     * again: the previous result); or the top of the file only (Engine.preview).
     */
    scope?: "file" | "function" | "reused" | "preview";
    /**
     * What the compiler parsed for a "function" analysis (server/engine/incremental.ts): the text with
     * slack after each function ("slack"), or its skeleton, the other function bodies blank ("skeleton").
     */
    copy?: "slack" | "skeleton";
  };
}
