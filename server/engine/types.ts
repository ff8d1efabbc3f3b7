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

export type RuleId = "elementwise-loop" | "push-then-convert" | "manual-reduction" | "oversized-dtype";

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
}

export interface AnalyzeResult {
  findings: Finding[];
  explanations: Explanation[];
}
