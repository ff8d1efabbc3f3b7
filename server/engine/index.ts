// Public API of the engine: what server/lsp, server/cli and server/bench may import.
// Pure: no LSP, no vscode, no I/O beyond what ts-morph reads to resolve a file's imports.
import { Project, ts, type Node, type SourceFile } from "ts-morph";
import type { AnalyzeOptions, AnalyzeResult, Explanation, Finding, Range, RuleId, Severity, TextEdit } from "./types";
import { cappedSeverity, formatMessage, type Rule, type RuleContext, type RuleMeta } from "./rule";
import { ALL_RULES } from "../rules/index";
import { parseSuppressions } from "./suppressions";
import { RULE_DOCS } from "./docs";

export * from "./types";
export type { RuleMeta } from "./rule";

export const DEFAULT_OPTIONS: AnalyzeOptions = { runtimeImport: "arraylint/runtime" };

/** Where the engine reports rule crashes (never thrown to the caller). */
export interface EngineLogger {
  error(message: string): void;
}

/** Compiler options of every engine project: strict, ES2022, no DOM. */
export const ENGINE_COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.Preserve,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ["lib.es2022.d.ts"],
  types: [],
  noEmit: true,
  skipLibCheck: true,
  allowJs: true,
  checkJs: false,
  allowImportingTsExtensions: true,
  isolatedModules: true,
};

/**
 * One engine per workspace folder: a ts-morph Project whose open documents are overlays.
 * `analyze` never throws on bad input (syntax errors, unresolved types): it yields fewer findings.
 */
export class Engine {
  private readonly project: Project;
  private readonly logger: EngineLogger | undefined;
  private readonly rules: readonly Rule[];

  /** `rules` replaces the registry (tests); `logger` receives rule crashes. */
  constructor(init: { rootDir?: string; tsconfigPath?: string; logger?: EngineLogger; rules?: readonly Rule[] } = {}) {
    this.logger = init.logger;
    this.rules = init.rules ?? ALL_RULES;
    // Without a root the project lives in memory (tests, single files); with one, imports of
    // other workspace files and node_modules resolve from disk. Only analysed files are added.
    this.project = new Project({
      compilerOptions: ENGINE_COMPILER_OPTIONS,
      useInMemoryFileSystem: init.rootDir === undefined,
      skipAddingFilesFromTsConfig: true,
      skipLoadingLibFiles: false,
    });
  }

  /** Set `text` as the content of `filePath` (an overlay; the file need not exist on disk) and analyse it. */
  analyze(filePath: string, text: string, options: AnalyzeOptions = DEFAULT_OPTIONS): AnalyzeResult {
    const empty: AnalyzeResult = { findings: [], explanations: [] };
    let suppressions;
    try {
      suppressions = parseSuppressions(text);
    } catch (err) {
      this.log(`arraylint: could not read suppressions of ${filePath}: ${describe(err)}`);
      return empty;
    }
    // `// @generated` files are not the user's to change.
    if (suppressions.generated) return empty;

    let sourceFile: SourceFile;
    try {
      sourceFile = this.project.createSourceFile(toScriptPath(filePath), text, { overwrite: true });
    } catch (err) {
      this.log(`arraylint: could not parse ${filePath}: ${describe(err)}`);
      return empty;
    }

    const resolved = { ...DEFAULT_OPTIONS, ...options, runtimeImport: options.runtimeImport || DEFAULT_OPTIONS.runtimeImport };
    const findings: Finding[] = [];
    const explanations: Explanation[] = [];
    for (const rule of this.rules) {
      const id = rule.meta.id;
      if (resolved.rules && !resolved.rules.includes(id)) continue;
      const severity = resolved.severities?.[id] ?? rule.meta.defaultSeverity;
      if (severity === "off") continue;
      const ruleFindings: Finding[] = [];
      const ruleExplanations: Explanation[] = [];
      const ctx: RuleContext = {
        sourceFile,
        options: resolved,
        report: (input) => {
          const start = input.node.getStart();
          const end = input.node.getEnd();
          if (suppressions.isSuppressed(id, start)) return;
          const template = rule.meta.messages[input.messageId];
          if (template === undefined) throw new Error(`rule ${id} has no message '${input.messageId}'`);
          const finding: Finding = {
            ruleId: id,
            messageId: input.messageId,
            message: formatMessage(template, input.data),
            severity: cappedSeverity(severity as Severity, input.severityCap),
            range: rangeOf(sourceFile, start, end),
            start,
            end,
          };
          if (input.details) finding.details = input.details;
          if (input.fix) finding.fix = input.fix;
          if (input.bench) finding.bench = input.bench;
          ruleFindings.push(finding);
        },
        log: (message: string) => this.log(`arraylint: rule ${id} skipped a candidate in ${filePath}: ${message}`),
        explain: (node: Node, message: string) => {
          if (!resolved.explain) return;
          const start = node.getStart();
          if (suppressions.isSuppressed(id, start)) return;
          ruleExplanations.push({ ruleId: id, message, range: rangeOf(sourceFile, start, node.getEnd()) });
        },
      };
      try {
        rule.check(ctx);
      } catch (err) {
        // A crashing rule yields no finding for this file; the other rules still run.
        this.log(`arraylint: rule ${id} failed on ${filePath}: ${describe(err)}`);
        continue;
      }
      findings.push(...ruleFindings);
      explanations.push(...ruleExplanations);
    }
    findings.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
    return { findings, explanations };
  }

  /** Drop the overlay of a closed document. */
  forget(filePath: string): void {
    try {
      const sf = this.project.getSourceFile(toScriptPath(filePath));
      if (sf) this.project.removeSourceFile(sf);
    } catch (err) {
      this.log(`arraylint: could not forget ${filePath}: ${describe(err)}`);
    }
  }

  private log(message: string): void {
    try {
      this.logger?.error(message);
    } catch {
      // A failing logger must not turn into a failing analysis.
    }
  }
}

/** ts-morph decides the script kind from the extension; unknown extensions are read as TypeScript. */
function toScriptPath(filePath: string): string {
  return /\.(m|c)?[jt]sx?$/.test(filePath) ? filePath : filePath + ".ts";
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

/** 0-based line/character range of [start, end) in the source file. */
export function rangeOf(sourceFile: SourceFile, start: number, end: number): Range {
  const sf = sourceFile.compilerNode;
  const s = ts.getLineAndCharacterOfPosition(sf, start);
  const e = ts.getLineAndCharacterOfPosition(sf, end);
  return { start: { line: s.line, character: s.character }, end: { line: e.line, character: e.character } };
}

/** Applies non-overlapping edits to `text` (any order in the array). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** At most this many analyse-and-fix rounds (a fix may expose another). */
const MAX_FIX_PASSES = 10;

/** Repeatedly applies every safe fix until none is left (bounded); returns the new text and how many fixes ran. */
export function applySafeFixes(
  engine: Engine,
  filePath: string,
  text: string,
  options: AnalyzeOptions = DEFAULT_OPTIONS,
): { text: string; applied: number } {
  let current = text;
  let applied = 0;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const { findings } = engine.analyze(filePath, current, options);
    const chosen: TextEdit[] = [];
    let appliedThisPass = 0;
    for (const f of findings) {
      if (!f.fix || !f.fix.safe) continue;
      // Identical edits (the shared runtime import) are applied once.
      const fresh = f.fix.edits.filter((e) => !chosen.some((c) => sameEdit(c, e)));
      if (fresh.some((e) => chosen.some((c) => overlaps(c, e)))) continue; // next pass
      chosen.push(...fresh);
      appliedThisPass++;
    }
    if (appliedThisPass === 0) break;
    current = applyEdits(current, chosen);
    applied += appliedThisPass;
  }
  return { text: current, applied };
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return a.start === b.start && a.end === b.end && a.newText === b.newText;
}

/** Two edits conflict when their ranges intersect, or both insert at the same offset. */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  if (a.start === a.end) return a.start > b.start && a.start < b.end;
  if (b.start === b.end) return b.start > a.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

/** Metadata of every rule, in a stable order, with the markdown of its docs page. */
export function listRules(): Array<RuleMeta & { docs: string }> {
  return ALL_RULES.map((rule: Rule) => ({ ...rule.meta, docs: RULE_DOCS[rule.meta.id as RuleId] ?? "" }));
}
