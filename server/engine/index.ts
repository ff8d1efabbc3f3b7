// Public API of the engine: what server/lsp, server/cli and server/bench may import.
// Pure: no LSP, no vscode, no I/O beyond what ts-morph reads to resolve a file's imports.
import * as path from "node:path";
import { Project, ts, type FileSystemHost, type Node, type SourceFile } from "ts-morph";
import type { AnalysisNote, AnalyzeOptions, AnalyzeResult, Explanation, Finding, RuleId, Severity, TextEdit } from "./types";
import { BudgetExceeded, CheckerUnavailable, cappedSeverity, formatMessage, type Rule, type RuleContext, type RuleMeta } from "./rule";
import { ALL_RULES } from "../rules/index";
import { detectGeneratedCode, parseSuppressions } from "./suppressions";
import { LineMap, bomLength } from "./positions";
import { fixSyntaxProblem } from "./fix-syntax";
import { dropFileIndex } from "./analysis/defuse";
import { dropMethodIndex } from "./analysis/accessors";
import { RULE_DOCS } from "./docs";
import { createModuleResolutionCache, type ModuleResolutionCache } from "./resolution";
import { TextLayout, keepsWholeText, carriedExplanation, carriedFinding, changedSpan, editableFunction, libraryNamesOf, methodNamesIn, methodsInBodies, functionInteriors, interiorsOf, moduleScopeNames, paddedText, sameStatementsAround, selfContainedFunctionsBefore, skeletonAllows, skeletonText, type ChangedSpan, type EditSite, type Span, type StatementPlace } from "./incremental";

export * from "./types";
export type { RuleMeta } from "./rule";
export { BOM, LineMap, bomLength, lineStarts } from "./positions";
export { detectGeneratedCode, isInsideToken, multiLineTokens, parseSuppressions } from "./suppressions";

export const DEFAULT_OPTIONS: AnalyzeOptions = { runtimeImport: "@arraylint/runtime" };

/** Engine.preview analyses at most 1/PREVIEW_SHARE of the file's text ahead of the whole analysis. */
const PREVIEW_SHARE = 4;

/** Default per-file analysis budget (AnalyzeOptions.budgetMs). */
export const DEFAULT_BUDGET_MS = 2000;

/**
 * Files whose syntax tree is deeper than this are not analysed (a `too-deep` note). Hand-written code
 * stays far below it; a 10,000-term sum or 10,000-deep nesting overflowed rules' recursion after seconds.
 */
export const MAX_SYNTAX_DEPTH = 500;

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
  private readonly resolutions: ModuleResolutionCache = createModuleResolutionCache();
  /**
   * The last analysis, if it was complete or only cut short by the budget: the next analysis of the same file with the same options
   * re-analyses only the function an edit changed (or returns it again for the same text). Any other
   * analysis or forget() clears it, since the project it was computed in changes with them.
   */
  private previous: PreviousAnalysis | undefined;
  /** The last planEdit: the text it was asked about and the analysis it compared it with. */
  private lastPlan: { previous: PreviousAnalysis; body: string; plan: PlannedEdit | "unchanged" | undefined } | undefined;
  /** Set around the overwrite of a file `planEdit` found a local edit in: parse it incrementally. */
  private pendingReparse: { old: ts.SourceFile; range: ts.TextChangeRange } | undefined;

  private readonly reuseEdits: boolean;

  /**
   * `rules` replaces the registry (tests); `logger` receives rule crashes; `reuseEdits: false` analyses
   * every text whole (the reference the incremental tests compare against).
   */
  constructor(init: { rootDir?: string; tsconfigPath?: string; logger?: EngineLogger; rules?: readonly Rule[]; reuseEdits?: boolean } = {}) {
    this.logger = init.logger;
    this.reuseEdits = init.reuseEdits ?? true;
    this.rules = init.rules ?? ALL_RULES;
    // Without a root the project lives in memory (tests, single files); with one, imports of
    // other workspace files and node_modules resolve from disk. Only analysed files are added.
    this.project = new Project({
      compilerOptions: ENGINE_COMPILER_OPTIONS,
      useInMemoryFileSystem: init.rootDir === undefined,
      skipAddingFilesFromTsConfig: true,
      skipLoadingLibFiles: false,
      resolutionHost: this.resolutions.factory,
    });
    if (this.reuseEdits) this.parseEditsIncrementally();
    if (init.rootDir !== undefined) rememberLibraryPackageLookups(this.project.getFileSystem());
  }

  /**
   * ts-morph parses every new text of a file from scratch (~50–100 ms for 3,000 lines); TypeScript's
   * incremental parser, which language services use, reuses the nodes around an edit. ts-morph has no
   * API for it, so the engine wraps its document registry's parse (ts-morph 28's
   * `_context.compilerFactory.documentRegistry`) for the one overwrite `analyze` marks: an edit inside a
   * function whose slack (incremental.ts, EDIT_SLACK) absorbs it, so no node after it moves. Without that
   * internal (another ts-morph), files are parsed whole, with the same results.
   */
  private parseEditsIncrementally(): void {
    type Registry = { createOrUpdateSourceFile(fileName: string, settings: ts.CompilerOptions, snapshot: ts.IScriptSnapshot, scriptKind?: ts.ScriptKind): ts.SourceFile };
    const registry = (this.project as unknown as { _context?: { compilerFactory?: { documentRegistry?: Registry } } })._context?.compilerFactory?.documentRegistry;
    if (!registry || typeof registry.createOrUpdateSourceFile !== "function") return;
    const parseWhole = registry.createOrUpdateSourceFile.bind(registry);
    registry.createOrUpdateSourceFile = (fileName, settings, snapshot, scriptKind) => {
      const pending = this.pendingReparse;
      this.pendingReparse = undefined;
      if (pending && pending.old.fileName === fileName && pending.old.text.length === snapshot.getLength()) {
        const version = String((Number((pending.old as ts.SourceFile & { version?: string }).version) || 0) + 1);
        return ts.updateLanguageServiceSourceFile(pending.old, snapshot, version, pending.range);
      }
      return parseWhole(fileName, settings, snapshot, scriptKind);
    };
  }

  /**
   * Set `text` as the content of `filePath` (an overlay; the file need not exist on disk) and analyse it.
   * Every offset and range in the result indexes `text` exactly as given (a leading BOM included) and
   * every line/character follows positions.ts (LSP's rules), whatever TypeScript counts internally.
   */
  analyze(filePath: string, text: string, options: AnalyzeOptions = DEFAULT_OPTIONS): AnalyzeResult {
    return this.run(filePath, text, options, undefined);
  }

  /**
   * The findings of the file's first `lineCount` lines that are ready before the whole file's: the rules
   * run only on the self-contained top-level functions starting there (whose findings the whole-file
   * analysis repeats: incremental.ts `selfContainedFunctionsBefore`), a quarter of the file at most (the
   * whole analysis runs them again). The server publishes them first
   * when it opens a large file. `analyze` of the same text next reuses the parse, the program and its
   * type checker. Undefined when nothing can be said before the whole analysis: a note (a syntax error,
   * generated code, a rule that failed or ran out of budget) or a finding reaching out of its function.
   */
  preview(filePath: string, text: string, options: AnalyzeOptions, lineCount: number): AnalyzeResult | undefined {
    const result = this.run(filePath, text, options, lineCount);
    return result.timings?.scope === "preview" ? result : undefined;
  }

  private run(filePath: string, text: string, options: AnalyzeOptions, previewLines: number | undefined): AnalyzeResult {
    const notes: AnalysisNote[] = [];
    this.putTextBack(toScriptPath(filePath));
    this.resolutions.newRound();
    this.warmUp();
    const parseStarted = performance.now();
    // the budget covers the rules; parsing and binding are linear in the file and bounded by the callers' size cap
    let rulesStarted: number | undefined;
    const done = (findings: Finding[] = [], explanations: Explanation[] = []): AnalyzeResult => {
      const now = performance.now();
      // the rules' clock is moved on by the time spent building the program: parseMs includes it
      const parseMs = (rulesStarted ?? now) - parseStarted;
      return { findings, explanations, notes, timings: { parseMs, rulesMs: rulesStarted === undefined ? 0 : now - rulesStarted, scope: "file" } };
    };
    const lines = new LineMap(text);
    const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
    const overBudget = () => rulesStarted !== undefined && performance.now() - rulesStarted > budgetMs;

    let suppressions;
    try {
      suppressions = parseSuppressions(text, lines);
    } catch (err) {
      this.log(`arraylint: could not read suppressions of ${filePath}: ${describe(err)}`);
      notes.push({ kind: "parse-failed", message: `could not read the file's comments (${firstLine(err)}); not analysed` });
      return done();
    }
    if (!options.includeGenerated) {
      // generated and minified code is not the user's to change
      const generated = generatedReason(text, suppressions.generated);
      if (generated) {
        notes.push({ kind: "generated", message: `skipped: ${generated}` });
        return done();
      }
    }

    // ts-morph drops a leading BOM only when it first creates a file (not when it overwrites one), so the
    // engine drops it itself: the compiler's offsets are then always `bom` less than the text's.
    const bom = bomLength(text);
    const body = bom ? text.slice(bom) : text;
    const scriptPath = toScriptPath(filePath);
    const optionsKey = JSON.stringify(options);
    const previous = previewLines === undefined && this.reuseEdits && this.previous?.scriptPath === scriptPath && this.previous.optionsKey === optionsKey && this.previous.bom === bom ? this.previous : undefined;
    this.previous = undefined;
    // (after a text that did not parse, the project holds that text's tree: `previous` is still the last good analysis)
    const edit = previous && (previous.acrossSyntaxError || this.project.getSourceFile(scriptPath)?.compilerNode === previous.compilerFile) ? this.planned(previous, body) : undefined;
    // (it holds the previous tree: not kept past its use)
    this.lastPlan = undefined;
    if (edit === "unchanged") {
      // the same text, the same project (any other analysis or forget clears `previous`): the same result
      this.previous = previous;
      // back to the last good text after one that did not parse: the project still holds the latter's
      // tree, which is put back as this text before another file reads the project
      if (previous!.acrossSyntaxError) this.standIn = { scriptPath, body };
      const { findings, explanations, notes: previousNotes } = previous!.result;
      return { findings: [...findings], explanations: [...explanations], notes: [...previousNotes], timings: { parseMs: 0, rulesMs: 0, scope: "reused" } };
    }
    // The compiler's copy of the text: the text itself, or after an edit inside one function the text
    // with slack after each function (incremental.ts, TextLayout), parsed incrementally when it absorbs the edit.
    let layout = WHOLE_TEXT;
    let sourceFile!: SourceFile;
    const parse = (compilerText: string, range: ts.TextChangeRange | undefined, isSkeleton = false): SourceFile => {
      // a skeleton is put back before another file reads the project (putTextBack)
      if (isSkeleton) this.standIn = { scriptPath, body };
      else if (this.standIn?.scriptPath === scriptPath) this.standIn = undefined;
      // The same text again (a file already loaded as another file's import, or analysed before) keeps
      // its source file: overwriting it would throw away the program and its type checker. A file not
      // loaded yet is read from disk first, as ts-morph's overwrite would do anyway (and then parse twice).
      const existing = this.project.getSourceFile(scriptPath) ?? this.project.addSourceFileAtPathIfExists(scriptPath);
      if (existing && existing.getFullText() === compilerText) return existing;
      if (range) this.pendingReparse = { old: previous!.compilerFile, range };
      try {
        return this.project.createSourceFile(scriptPath, compilerText, { overwrite: true });
      } finally {
        this.pendingReparse = undefined;
      }
    };
    let local: PlannedEdit | undefined;
    /** Set when the compiler's copy is a skeleton: what it carries for the next edit (SkeletonCarry). */
    let skeleton: SkeletonCarry | undefined;
    try {
      if (edit) {
        // the skeleton (incremental.ts) when the rules would see nothing else in the other bodies
        const attempt = skeletonAfter(previous!, edit, body);
        if (attempt) {
          sourceFile = parse(attempt.text, undefined, true);
          const fn = sourceFile.compilerNode.statements[edit.index];
          const same = sameStatementsAround(edit.places, sourceFile.compilerNode, WHOLE_TEXT, edit.index, edit.change);
          if (same && ts.isFunctionDeclaration(fn) && skeletonAllows(fn, attempt.removed, attempt.blankedMethods, this.libraryNames())) {
            local = edit;
            attempt.methods[edit.index] = fn.body ? methodNamesIn(fn.body) : undefined;
            // the skeleton's offsets are the text's: the edited function's spans for the next edit
            attempt.interiors[edit.index] = interiorsOf(fn, sourceFile.compilerNode);
            skeleton = { methods: attempt.methods, interiors: attempt.interiors };
          }
        }
        if (!local) {
          const next = compilerTextAfter(previous!, edit, body);
          layout = next.layout;
          sourceFile = parse(next.compilerText, next.range);
          local = sameStatementsAround(edit.places, sourceFile.compilerNode, layout, edit.index, edit.change) ? edit : undefined;
        }
      }
      // anything but a local edit is analysed on the text itself
      if (!local) {
        layout = WHOLE_TEXT;
        sourceFile = parse(body, undefined);
      }
    } catch (err) {
      this.log(`arraylint: could not parse ${filePath}: ${describe(err)}`);
      notes.push({ kind: "parse-failed", message: `the parser could not finish (${parserFailure(err)}); not analysed` });
      return done();
    }
    /** The text's offset (BOM included) of a compiler offset. */
    const toText = (offset: number) => layout.toText(offset) + bom;
    const syntaxError = firstSyntaxError(sourceFile);
    if (syntaxError) {
      // never a finding, and so never a fix, on code that does not parse
      const at = toText(syntaxError.start);
      notes.push({
        kind: "syntax-error",
        message: `syntax error at line ${lines.positionAt(at).line + 1}: ${syntaxError.message}; not analysed`,
        range: lines.rangeOf(at, toText(syntaxError.start + syntaxError.length)),
      });
      // Typing passes through texts that do not parse: the next text is compared with the last good
      // analysis (a local edit again, most of the time), not analysed whole. Its tree may have been an
      // incremental parse's base by now, and is not one again.
      if (previous) this.previous = { ...previous, acrossSyntaxError: true, baseUsed: true };
      return done();
    }

    // After a local edit the other statements are the previous analysis's (which found none too deep):
    // only the edited function is measured (the file is depth 1, its statements 2).
    const depth = local ? syntaxDepth(sourceFile.compilerNode.statements[local.index], MAX_SYNTAX_DEPTH) + 1 : syntaxDepth(sourceFile.compilerNode, MAX_SYNTAX_DEPTH);
    if (depth > MAX_SYNTAX_DEPTH) {
      // recursive analyses would overflow the stack (or take seconds first) on it: say so instead
      notes.push({ kind: "too-deep", message: `the code nests more than ${MAX_SYNTAX_DEPTH} levels deep (a very long expression or deep nesting); not analysed` });
      return done();
    }

    // The program and the file's binding are built lazily, before the first candidate's analysis: a file
    // with no candidate (no loop, no .map/.reduce/.push list, no typed array) needs neither. Binding is
    // linear like parsing and cannot be interrupted, so its time is taken off the rules' budget clock.
    let checkerState: "none" | "ready" | "failed" = "none";
    const prepareChecker = () => {
      if (checkerState === "ready") return;
      if (checkerState === "failed") throw new CheckerUnavailable("the type checker could not be built");
      const started = performance.now();
      try {
        this.project.getProgram().compilerObject.getTypeChecker();
        checkerState = "ready";
      } catch (err) {
        checkerState = "failed";
        this.log(`arraylint: could not bind ${filePath}: ${describe(err)}`);
        notes.push({ kind: "parse-failed", message: `the type checker could not read the file (${firstLine(err)}); not analysed` });
        throw new CheckerUnavailable("the type checker could not be built");
      } finally {
        if (rulesStarted !== undefined) rulesStarted += performance.now() - started;
      }
    };
    rulesStarted = performance.now();
    const resolved = { ...DEFAULT_OPTIONS, ...options, runtimeImport: options.runtimeImport || DEFAULT_OPTIONS.runtimeImport };
    const shift = (e: TextEdit): TextEdit => ({ start: toText(e.start), end: toText(e.end), newText: e.newText });
    const active = this.rules.filter((rule) => {
      const id = rule.meta.id;
      if (resolved.rules && !resolved.rules.includes(id)) return false;
      return (resolved.severities?.[id] ?? rule.meta.defaultSeverity) !== "off";
    });
    /** Runs the active rules on the file, or on `scope` only; "stopped" when the checker could not be built. */
    const runRules = (scope?: ts.Node): { findings: Finding[]; explanations: Explanation[] } | "stopped" => {
      const findings: Finding[] = [];
      const explanations: Explanation[] = [];
      for (let r = 0; r < active.length; r++) {
        const rule = active[r];
        const id = rule.meta.id;
        if (overBudget()) {
          notes.push(budgetNote(budgetMs, undefined, active.slice(r)));
          break;
        }
        const severity = (resolved.severities?.[id] ?? rule.meta.defaultSeverity) as Severity;
        const ruleFindings: Finding[] = [];
        const ruleExplanations: Explanation[] = [];
        let candidateFailures = 0;
        const ctx: RuleContext = {
          sourceFile,
          options: resolved,
          report: (input) => {
            const start = toText(input.node.getStart());
            const end = toText(input.node.getEnd());
            if (suppressions.isSuppressed(id, start)) return;
            const template = rule.meta.messages[input.messageId];
            if (template === undefined) throw new Error(`rule ${id} has no message '${input.messageId}'`);
            const finding: Finding = {
              ruleId: id,
              messageId: input.messageId,
              message: formatMessage(template, input.data),
              severity: cappedSeverity(severity, input.severityCap),
              range: lines.rangeOf(start, end),
              start,
              end,
            };
            if (input.details) finding.details = input.details;
            const fixProblem = input.fix ? fixSyntaxProblem(filePath, input.fix) : undefined;
            // A fix that would not parse in the file's language is dropped; the finding stays.
            if (fixProblem) this.log(`arraylint: rule ${id} offered a fix that was withheld in ${filePath}: ${fixProblem}`);
            else if (input.fix) finding.fix = bom || layout.padded ? { ...input.fix, edits: input.fix.edits.map(shift) } : input.fix;
            if (input.bench) finding.bench = input.bench;
            ruleFindings.push(finding);
          },
          log: (message: string, node?: Node) => {
            const line = node ? lineOfNode(node, lines, toText) : undefined;
            const where = line === undefined ? "" : ` at line ${line + 1}`;
            this.log(`arraylint: rule ${id} skipped a candidate${where} in ${filePath}: ${message}`);
            if (candidateFailures++ === 0) {
              notes.push({ kind: "rule-failed", ruleId: id, message: `rule ${id} could not analyse the code${where} (${firstLine(message)}); findings there may be missing` });
            }
          },
          explain: (node: Node, message: string) => {
            if (!resolved.explain) return;
            const start = toText(node.getStart());
            if (suppressions.isSuppressed(id, start)) return;
            ruleExplanations.push({ ruleId: id, message, range: lines.rangeOf(start, toText(node.getEnd())) });
          },
          overBudget,
          prepareChecker,
          scope,
        };
        try {
          rule.check(ctx);
        } catch (err) {
          if (err instanceof CheckerUnavailable) return "stopped"; // as if never analysed: the note says why
          if (err instanceof BudgetExceeded) {
            // what the rule found before the budget ran out is as sound as ever: keep it
            findings.push(...ruleFindings);
            explanations.push(...ruleExplanations);
            notes.push(budgetNote(budgetMs, id, active.slice(r + 1)));
            break;
          }
          // A crashing rule yields no finding for this file; the other rules still run.
          this.log(`arraylint: rule ${id} failed on ${filePath}: ${describe(err)}`);
          notes.push({ kind: "rule-failed", ruleId: id, message: `rule ${id} could not analyse this file (${firstLine(err)}); its findings are missing` });
          continue;
        }
        findings.push(...ruleFindings);
        explanations.push(...ruleExplanations);
      }
      findings.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
      return { findings, explanations };
    };

    const finish = (findings: Finding[], explanations: Explanation[], scope: "file" | "function"): AnalyzeResult => {
      const result = done(findings, explanations);
      result.timings!.scope = scope;
      if (scope === "function") result.timings!.copy = skeleton ? "skeleton" : "slack";
      // A file the budget cut short is still a base for edits: its next local edits carry what it found and
      // its note (the edited function itself is analysed in full), instead of running out of time again.
      if (notes.every((n) => n.kind === "budget")) this.previous = { scriptPath, optionsKey, bom, body, lines, compilerFile: sourceFile.compilerNode, layout, skeleton, result };
      return result;
    };
    if (previewLines !== undefined) return this.previewOf(sourceFile.compilerNode, previewLines, bom, lines, notes, runRules, done);
    if (local && previous) {
      const reanalysed = this.reanalyseFunction(sourceFile.compilerNode, local, previous, bom, layout, skeleton ? body : sourceFile.compilerNode.text, lines, active, notes, runRules);
      if (reanalysed === "stopped") return done();
      if (reanalysed) {
        notes.push(...previous.result.notes);
        return finish(reanalysed.findings, reanalysed.explanations, "function");
      }
      if (layout.padded || skeleton) {
        // the whole file is analysed on the text itself, in a program built again
        layout = WHOLE_TEXT;
        skeleton = undefined;
        try {
          sourceFile = parse(body, undefined);
        } catch (err) {
          this.log(`arraylint: could not parse ${filePath}: ${describe(err)}`);
          notes.push({ kind: "parse-failed", message: `the parser could not finish (${parserFailure(err)}); not analysed` });
          return done();
        }
        checkerState = "none";
      }
    }
    const all = runRules();
    if (all === "stopped") return done();
    return finish(all.findings, all.explanations, "file");
  }

  /** The rules' findings in the self-contained functions of the first `lineCount` lines (see `preview`): a result of scope "preview", else one of scope "file". */
  private previewOf(
    compilerFile: ts.SourceFile,
    lineCount: number,
    bom: number,
    lines: LineMap,
    notes: AnalysisNote[],
    runRules: (scope?: ts.Node) => { findings: Finding[]; explanations: Explanation[] } | "stopped",
    done: (findings?: Finding[], explanations?: Explanation[]) => AnalyzeResult,
  ): AnalyzeResult {
    const before = lines.offsetAt({ line: lineCount, character: 0 }) - bom;
    const findings: Finding[] = [];
    const explanations: Explanation[] = [];
    // The whole analysis analyses these functions again: a quarter of the file at most (one function
    // as long as the file would double its analysis), else nothing to preview.
    let budget = compilerFile.text.length / PREVIEW_SHARE;
    for (const unit of selfContainedFunctionsBefore(compilerFile, before, moduleScopeNames(compilerFile))) {
      budget -= unit.node.end - unit.node.pos;
      if (budget < 0) break;
      const own = runRules(unit.node);
      // a note (a rule failed, the budget ran out) is the whole analysis's to say
      if (own === "stopped" || notes.length > 0) return done();
      if (reachesOutside(own, unit.node.pos + bom, unit.node.end + bom, lines)) return done();
      findings.push(...own.findings);
      explanations.push(...own.explanations);
    }
    const result = done(findings, explanations);
    result.timings!.scope = "preview";
    return result;
  }

  /**
   * Re-analyses only the function an edit changed (server/engine/incremental.ts; the caller checked that
   * the other statements are the previous ones) and carries the previous findings of the rest of the
   * file past the edit. Undefined when the edit turns out not to be local after all (the function now shares a name with the module,
   * a rule needed a note, a previous finding reaches into the function): the caller analyses the file.
   */
  private reanalyseFunction(
    compilerFile: ts.SourceFile,
    edit: PlannedEdit,
    previous: PreviousAnalysis,
    bom: number,
    layout: TextLayout,
    words: string,
    lines: LineMap,
    active: readonly Rule[],
    notes: AnalysisNote[],
    runRules: (scope?: ts.Node) => { findings: Finding[]; explanations: Explanation[] } | "stopped",
  ): { findings: Finding[]; explanations: Explanation[] } | "stopped" | undefined {
    const { change, index } = edit;
    const delta = change.newEnd - change.oldEnd;
    const unit = editableFunction(compilerFile, layout.toCompiler(change.start), layout.toCompiler(change.newEnd), edit.moduleNames, words);
    if (!unit || unit.index !== index) return undefined;
    const notesBefore = notes.length;
    const own = runRules(unit.node);
    if (own === "stopped") return own;
    const unitStart = layout.toText(unit.node.pos) + bom;
    const unitEnd = layout.toText(unit.node.end) + bom;
    if (notes.length > notesBefore || reachesOutside(own, unitStart, unitEnd, lines)) {
      notes.length = notesBefore;
      return undefined;
    }
    const site: EditSite = {
      unitStart: edit.places[index].pos + bom,
      unitEnd: edit.places[index].end + bom,
      change: { start: change.start + bom, oldEnd: change.oldEnd + bom, newEnd: change.newEnd + bom },
      delta,
    };
    const before: Finding[] = [];
    const after: Finding[] = [];
    for (const f of previous.result.findings) {
      const carried = carriedFinding(f, site, lines);
      if (carried === undefined) return undefined;
      if (carried !== "unit") (carried.start < unitStart ? before : after).push(carried);
    }
    // explanations come rule by rule in the order the rule met them (not sorted): keep that order
    const explanations: Explanation[] = [];
    for (const rule of active) {
      const id = rule.meta.id;
      const afterOfRule: Explanation[] = [];
      for (const e of previous.result.explanations) {
        if (e.ruleId !== id) continue;
        const carried = carriedExplanation(e, site, previous.lines, lines);
        if (carried === undefined) return undefined;
        if (carried === "unit") continue;
        if (lines.offsetAt(carried.range.start) < unitStart) explanations.push(carried);
        else afterOfRule.push(carried);
      }
      explanations.push(...own.explanations.filter((e) => e.ruleId === id), ...afterOfRule);
    }
    return { findings: [...before, ...own.findings, ...after], explanations };
  }

  /**
   * Adds the files a run is about to analyse to the project at once (from disk), so that
   * one program and one type checker serve them all: TypeScript builds a new program, and the type checker
   * starts over, whenever a file joins (image-js: 12 programs, 3,677 types created, where one program
   * creates 1,479). `analyze` then finds each file loaded with its text and keeps it. Files `analyze` would
   * skip before loading them (generated code, unless the file's `includeGenerated`) stay out; a file the parser
   * cannot read is left to `analyze`, which says so.
   */
  addFiles(files: ReadonlyArray<{ filePath: string; text: string; includeGenerated?: boolean }>): void {
    // No warm-up (nothing would be thrown away by building the program later): the one program is built
    // before the first candidate's analysis, off the budget clock (prepareChecker), and loads the standard
    // library then; a run without candidates never loads it (tfjs-backend-cpu: 1.17 -> 0.55 s user).
    this.warmedUp = true;
    this.putTextBack(undefined);
    // files joining change the program the previous analysis was computed in
    this.previous = undefined;
    for (const { filePath, text, includeGenerated } of files) {
      try {
        // the same skip as analyze's: generated and minified code is never loaded for its own sake
        if (!includeGenerated && generatedReason(text)) continue;
        const scriptPath = toScriptPath(filePath);
        if (!this.project.getSourceFile(scriptPath)) this.project.addSourceFileAtPathIfExists(scriptPath);
      } catch {
        // unreadable comments or a parser that gave up: analyze meets them again and says so
      }
    }
  }

  private warmedUp = false;

  /**
   * The file whose compiler copy stands in for its text, with the text: a skeleton (other function bodies
   * blank), or, back at the last good text, the tree of a text that did not parse.
   */
  private standIn: { scriptPath: string; body: string } | undefined;

  /**
   * Puts the text back in place of a stand-in before anything else reads the project (another file's
   * analysis sees its imports' function bodies: inferred return types), unless `keep` is its own path.
   */
  private putTextBack(keep: string | undefined): void {
    const held = this.standIn;
    if (!held || held.scriptPath === keep) return;
    this.standIn = undefined;
    this.previous = undefined;
    try {
      this.project.createSourceFile(held.scriptPath, held.body, { overwrite: true });
    } catch (err) {
      this.log(`arraylint: could not restore ${held.scriptPath}: ${describe(err)}`);
      const sf = this.project.getSourceFile(held.scriptPath);
      if (sf) this.project.removeSourceFile(sf);
    }
  }

  private libraryNamesMemo: Set<string> | undefined;

  /** Top-level names of the standard library the project loads (incremental.ts libraryNamesOf). */
  private libraryNames(): Set<string> {
    if (!this.libraryNamesMemo) {
      const program = this.project.getProgram().compilerObject;
      this.libraryNamesMemo = libraryNamesOf(program.getSourceFiles().filter((f) => program.isSourceFileDefaultLibrary(f)));
    }
    return this.libraryNamesMemo;
  }

  /**
   * Loads the standard library and runs a first type checker (about a second, more on a loaded
   * machine) before the first file joins the project, so the first file analysed is not the one that
   * pays for it and runs out of budget. (Done later, it would build a program of every file loaded by
   * then, and throw it away.)
   */
  private warmUp(): void {
    if (this.warmedUp) return;
    this.warmedUp = true;
    const warmUpPath = "/__arraylint_warm_up__.ts";
    try {
      const sf = this.project.createSourceFile(warmUpPath, "const a = new Float64Array(2);\nexport const b = Math.sqrt(a[0]) + [1, 2].reduce((s, v) => s + v, 0);\n", { overwrite: true });
      sf.getVariableDeclarationOrThrow("b").getType().getText();
      this.project.removeSourceFile(sf);
    } catch (err) {
      this.log(`arraylint: warm-up failed (analyses still work, the first one is slower): ${describe(err)}`);
    }
  }

  /**
   * Whether `analyze(filePath, text)` would re-analyse one function only, or return the last result again
   * (the same text): the last analysis was of this file and `text` differs from it inside one top-level
   * function that can be re-analysed alone (incremental.ts). Costs a comparison of the two texts.
   */
  expectsLocalAnalysis(filePath: string, text: string): boolean {
    const previous = this.previous;
    if (!this.reuseEdits || !previous || previous.scriptPath !== toScriptPath(filePath)) return false;
    const bom = bomLength(text);
    return bom === previous.bom && this.planned(previous, bom ? text.slice(bom) : text) !== undefined;
  }

  /** planEdit, remembered for the last text asked about (the server asks before the analysis it schedules). */
  private planned(previous: PreviousAnalysis, body: string): PlannedEdit | "unchanged" | undefined {
    const last = this.lastPlan;
    if (last?.previous === previous && last.body === body) return last.plan;
    const plan = planEdit(previous, body);
    this.lastPlan = { previous, body, plan };
    return plan;
  }

  /**
   * Does now what the next edit of `filePath` would do first, for a caller with time to spare (the server,
   * once it published a whole-file analysis): drops ts-morph's wrappers of the file's nodes (replacing the
   * file walks them all: 60 ms after a 3,000-line analysis, on the first keystroke) and reads what a
   * skeleton needs of the tree (each function's methods and blanked spans, the standard library's names).
   */
  prepareForEdits(filePath: string): void {
    const previous = this.previous;
    if (!previous || previous.scriptPath !== toScriptPath(filePath) || previous.skeleton || previous.outline || previous.acrossSyntaxError) return;
    try {
      const sourceFile = this.project.getSourceFile(previous.scriptPath);
      if (sourceFile?.compilerNode !== previous.compilerFile) return;
      // the analyses' per-file indexes hold wrappers too: they go first (rebuilt on the next need)
      dropFileIndex(previous.compilerFile);
      dropMethodIndex(previous.compilerFile);
      sourceFile.forgetDescendants();
      previous.outline = outlineOf(previous);
      this.libraryNames();
    } catch (err) {
      this.log(`arraylint: could not prepare ${filePath} for edits: ${describe(err)}`);
    }
  }

  /** Drop the overlay of a closed document. */
  forget(filePath: string): void {
    const scriptPath = toScriptPath(filePath);
    // the file's own skeleton goes with it; another file's is put back first
    if (this.standIn?.scriptPath === scriptPath) this.standIn = undefined;
    else this.putTextBack(undefined);
    this.previous = undefined;
    this.lastPlan = undefined;
    try {
      const sf = this.project.getSourceFile(scriptPath);
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

/**
 * For every file of every new program (each edit makes one) TypeScript looks for a package.json beside and
 * above it (the file's module format); for the standard library, which ts-morph serves from memory at
 * LIBRARY_FOLDER, that was four failed stat calls per library file, over 200 per edit. Those
 * four paths are asked once per engine.
 */
export function rememberLibraryPackageLookups(fileSystem: FileSystemHost): void {
  const answers = new Map<string, boolean | undefined>();
  for (let dir = LIBRARY_FOLDER; ; dir = path.posix.dirname(dir)) {
    answers.set(path.posix.join(dir, "package.json"), undefined);
    if (dir === "/") break;
  }
  const fileExistsSync = fileSystem.fileExistsSync.bind(fileSystem);
  fileSystem.fileExistsSync = (filePath: string): boolean => {
    if (!answers.has(filePath)) return fileExistsSync(filePath);
    let exists = answers.get(filePath);
    if (exists === undefined) answers.set(filePath, (exists = fileExistsSync(filePath)));
    return exists;
  };
}

/** Where ts-morph serves the standard library's files from memory (@ts-morph/common's `libFolderInMemoryPath`). */
const LIBRARY_FOLDER = "/node_modules/typescript/lib";

/** Whether a finding or explanation the rules made for one function lies outside its text offsets `[start, end)`. */
function reachesOutside(own: { findings: Finding[]; explanations: Explanation[] }, start: number, end: number, lines: LineMap): boolean {
  return own.findings.some((f) => f.start < start || f.end > end) ||
    own.explanations.some((e) => lines.offsetAt(e.range.start) < start || lines.offsetAt(e.range.end) > end);
}

/** Why `text` is skipped as generated or minified code (undefined: it is not); `marked`: its `@generated` marker, when already parsed. */
function generatedReason(text: string, marked?: boolean): string | undefined {
  return (marked ?? parseSuppressions(text).generated) ? "marked @generated" : detectGeneratedCode(text);
}

/** ts-morph decides the script kind from the extension; unknown extensions are read as TypeScript. */
function toScriptPath(filePath: string): string {
  return /\.(m|c)?[jt]sx?$/.test(filePath) ? filePath : filePath + ".ts";
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

/** First line of an error's message (no stack): what a note quotes. */
function firstLine(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.split("\n")[0].trim();
}

/** What the parser's failure means for the user: a stack overflow is nesting too deep to parse. */
function parserFailure(err: unknown): string {
  if (err instanceof RangeError && /call stack/i.test(err.message)) return "nesting too deep: the parser ran out of stack";
  return firstLine(err);
}

function budgetNote(budgetMs: number, stopped: RuleId | undefined, skipped: readonly Rule[]): AnalysisNote {
  const names = skipped.map((r) => r.meta.id);
  const parts = [
    stopped ? `rule ${stopped} stopped early` : undefined,
    names.length > 0 ? `rule${names.length === 1 ? "" : "s"} ${names.join(", ")} not run` : undefined,
  ].filter(Boolean);
  return { kind: "budget", ruleId: stopped, message: `the ${budgetMs} ms analysis budget ran out: ${parts.join("; ")}` };
}

/** The first syntax error the parser recorded, in compiler offsets. */
function firstSyntaxError(sourceFile: SourceFile): { start: number; length: number; message: string } | undefined {
  // parseDiagnostics is where the parser records what it could not parse (public API has it only through a Program)
  const diagnostics = (sourceFile.compilerNode as ts.SourceFile & { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const d = diagnostics.find((x) => x.category === ts.DiagnosticCategory.Error);
  if (!d) return undefined;
  return { start: d.start, length: d.length, message: ts.flattenDiagnosticMessageText(d.messageText, " ").replace(/\.$/, "") };
}

/** Depth of the deepest node below `root`, counting stops once it passes `limit` (an explicit stack: no recursion). */
function syntaxDepth(root: ts.Node, limit: number): number {
  const nodes: ts.Node[] = [root];
  const depths: number[] = [1];
  let max = 0;
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (depth > max) {
      max = depth;
      if (max > limit) return max;
    }
    ts.forEachChild(node, (child) => {
      nodes.push(child);
      depths.push(depth + 1);
    });
  }
  return max;
}

/** LSP line of a node in the analysed text (undefined when the node is unusable). */
function lineOfNode(node: Node, lines: LineMap, toText: (offset: number) => number): number | undefined {
  try {
    return lines.lineAt(toText(node.getStart()));
  } catch {
    return undefined;
  }
}

/** Notes that mean the analysis could not finish (the CLI's exit status 2); `generated` and `syntax-error` do not. */
export function isIncompleteNote(note: AnalysisNote): boolean {
  return note.kind !== "generated" && note.kind !== "syntax-error";
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

/**
 * Repeatedly applies every safe fix until none is left (bounded); returns the new text and how many fixes ran.
 * `accept` (optional) vetoes fixes: it sees each safe finding with the text it was found in (the CLI
 * and the server pass the measurements' judgement: a fix measured slower is not applied).
 */
export function applySafeFixes(
  engine: Engine,
  filePath: string,
  text: string,
  options: AnalyzeOptions = DEFAULT_OPTIONS,
  accept?: (finding: Finding, text: string) => boolean,
): { text: string; applied: number } {
  let current = text;
  let applied = 0;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const { findings } = engine.analyze(filePath, current, options);
    const chosen: TextEdit[] = [];
    let appliedThisPass = 0;
    for (const f of findings) {
      if (!f.fix || !f.fix.safe) continue;
      if (accept && !accept(f, current)) continue;
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

/** What the next analysis of the same file may reuse (Engine.previous). */
interface PreviousAnalysis {
  scriptPath: string;
  optionsKey: string;
  bom: number;
  /** The text without its BOM, as the compiler saw it. */
  body: string;
  lines: LineMap;
  compilerFile: ts.SourceFile;
  /** How the compiler's copy of the text differs from it (slack after functions, once a local edit padded it). */
  layout: TextLayout;
  /** Set when the compiler's copy is a skeleton, whose tree no longer shows what the next skeleton blanks. */
  skeleton?: SkeletonCarry;
  /** The same read from the tree ahead of the next edit (Engine.prepareForEdits). */
  outline?: SkeletonCarry;
  /** Texts that did not parse came after this analysis: the project holds another tree than `compilerFile`. */
  acrossSyntaxError?: boolean;
  /** `compilerFile` was the base of an incremental parse already (TypeScript reuses its nodes): parse afresh. */
  baseUsed?: boolean;
  result: AnalyzeResult;
}

/** An edit inside one top-level function, found before parsing (the old tree is reused by the parse). */
interface PlannedEdit {
  /** In the text's offsets (without the BOM). */
  change: ChangedSpan;
  /** The function's index among the top-level statements. */
  index: number;
  /** The old statements' places in the text and their kinds (the incremental parse reuses the old nodes). */
  places: StatementPlace[];
  moduleNames: Set<string>;
}

/** The compiler's copy of the text before any local edit (and of every text analysed whole). */
const WHOLE_TEXT = new TextLayout();

/** "unchanged" for the same text; the edit when it lies inside one self-contained top-level function. */
function planEdit(previous: PreviousAnalysis, body: string): PlannedEdit | "unchanged" | undefined {
  const change = changedSpan(previous.body, body);
  if (!change) return "unchanged";
  const old = previous.compilerFile;
  const { layout } = previous;
  const moduleNames = moduleScopeNames(old);
  // a skeleton's other bodies are blank: the function's own name is looked for in the text
  const unit = editableFunction(old, layout.toCompiler(change.start), layout.toCompiler(change.oldEnd), moduleNames, previous.skeleton ? previous.body : old.text);
  if (!unit) return undefined;
  const places = old.statements.map((st) => ({ pos: layout.toText(st.pos), end: layout.toText(st.end), kind: st.kind }));
  return { change, index: unit.index, places, moduleNames };
}

/**
 * The skeleton of the new text for a local edit (incremental.ts skeletonText), the method names of the
 * blanked bodies, and what the skeleton carries for the next edit (each body's method names, each
 * function's blanked spans); undefined when a blanked span has a word that keeps the whole text.
 */
function skeletonAfter(previous: PreviousAnalysis, edit: PlannedEdit, body: string): ({ text: string; removed: string; blankedMethods: Set<string> } & SkeletonCarry) | undefined {
  const { change } = edit;
  const delta = change.newEnd - change.oldEnd;
  const shift = ({ start, end }: Span): Span => (start >= change.oldEnd ? { start: start + delta, end: end + delta } : { start, end });
  // carried from the previous skeleton, read ahead (prepareForEdits), else read from the tree now
  const carried = previous.skeleton ?? previous.outline ?? outlineOf(previous);
  const interiors = carried.interiors.map((spans) => spans?.map(shift));
  const { text, removed } = skeletonText(body, interiors.flatMap((spans, i) => (i === edit.index ? [] : spans ?? [])));
  if (keepsWholeText(removed)) return undefined;
  const methods = [...carried.methods];
  methods[edit.index] = undefined;
  const blankedMethods = new Set(methods.flatMap((m) => m ?? []));
  return { text, removed, blankedMethods, methods, interiors };
}

/** What a skeleton would carry, read from the previous analysis's tree (in its text's offsets). */
function outlineOf(previous: PreviousAnalysis): SkeletonCarry {
  const { compilerFile, layout } = previous;
  return {
    methods: methodsInBodies(compilerFile),
    interiors: functionInteriors(compilerFile).map((spans) => spans?.map(({ start, end }) => ({ start: layout.toText(start), end: layout.toText(end) }))),
  };
}

/**
 * What a skeleton's analysis carries for the next edit, since its tree has the other functions blank: the
 * names of the methods in each top-level function's body, and the spans the next skeleton blanks
 * (incremental.ts functionInteriors, in the text's offsets), by statement.
 */
interface SkeletonCarry {
  methods: Array<readonly string[] | undefined>;
  interiors: Array<Span[] | undefined>;
}

/**
 * The compiler's copy of the text after a local edit: the previous copy with the edit, when the slack
 * after the function absorbs it (then `range` is the incremental parse's change: from the edit to the
 * end of the slack, the same length before and after); else the text with fresh slack after every
 * top-level function, parsed whole.
 */
function compilerTextAfter(previous: PreviousAnalysis, edit: PlannedEdit, body: string): { compilerText: string; layout: TextLayout; range?: ts.TextChangeRange } {
  const { change } = edit;
  const delta = change.newEnd - change.oldEnd;
  const old = previous.compilerFile;
  const { layout } = previous;
  const fn = old.statements[edit.index];
  const pad = layout.padStartingAt(fn.end);
  if (pad >= 0 && layout.padLength[pad] >= delta && !previous.baseUsed) {
    const start = layout.toCompiler(change.start);
    const oldEnd = layout.toCompiler(change.oldEnd);
    const slackEnd = fn.end + layout.padLength[pad];
    const compilerText = old.text.slice(0, start) + body.slice(change.start, change.newEnd) + old.text.slice(oldEnd, fn.end) + " ".repeat(layout.padLength[pad] - delta) + old.text.slice(slackEnd);
    return { compilerText, layout: layout.withPadShifted(pad, delta), range: { span: { start, length: slackEnd - start }, newLength: slackEnd - start } };
  }
  const ends: number[] = [];
  for (const st of old.statements) {
    if (!ts.isFunctionDeclaration(st) || !st.body) continue;
    const end = layout.toText(st.end);
    ends.push(end <= change.start ? end : end + delta);
  }
  return paddedText(body, ends);
}
