// What the analyzer fuzzer checks on every input: no exception, no file over its budget, no finding with a
// fix on code that does not parse, positions that agree with LSP's model (every finding's range selects
// its offsets' text, every fix applied through LSP edits equals the engine's), disable comments that
// suppress, safe fixes that keep code parsing, and results that do not depend on what was analysed before.
import { isDeepStrictEqual } from "node:util";
import { TextDocument } from "vscode-languageserver-textdocument";
import ts from "typescript";
import { BOM, Engine, LineMap, applyEdits, applySafeFixes, type AnalyzeOptions, type AnalyzeResult, type Position } from "../../server/engine/index";
import { findingActions } from "../../server/lsp/codeActions";
import { toLspEdits } from "../../server/lsp/convert";
import type { TextDocumentEdit, TextEdit } from "vscode-languageserver/node";
import type { FuzzCase } from "./inputs";

/** A budget overrun is an analysis that took longer than its budget plus this (a parse or one candidate cannot be interrupted). */
export const OVERRUN_SLACK_MS = 500;

export interface FuzzStats {
  cases: number;
  crashes: number;
  overruns: number;
  /** Analyses the budget stopped early (not an error: the budget did its job). */
  budgetStops: number;
  findings: number;
  fixes: number;
  positionChecks: number;
  positionMismatches: number;
  fixesOnUnparsable: number;
  disableChecks: number;
  disableFailures: number;
  fixChecks: number;
  brokenFixes: number;
  statelessChecks: number;
  statelessMismatches: number;
  maxElapsedMs: number;
  /** Longest time the rules ran on one file (the part the budget limits). */
  maxRulesMs: number;
  failures: Array<{ name: string; problem: string; text: string }>;
}

export function emptyStats(): FuzzStats {
  return {
    cases: 0, crashes: 0, overruns: 0, budgetStops: 0, findings: 0, fixes: 0, positionChecks: 0, positionMismatches: 0,
    fixesOnUnparsable: 0, disableChecks: 0, disableFailures: 0, fixChecks: 0, brokenFixes: 0, statelessChecks: 0,
    statelessMismatches: 0, maxElapsedMs: 0, maxRulesMs: 0, failures: [],
  };
}

function scriptKindOf(filePath: string): ts.ScriptKind {
  if (/\.tsx$/.test(filePath)) return ts.ScriptKind.TSX;
  if (/\.jsx$/.test(filePath)) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(filePath)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** Does `text` parse without error? Judged by the TypeScript parser on its own, not through the engine. */
export function parses(filePath: string, text: string): boolean {
  try {
    const sf = ts.createSourceFile(filePath, text, ts.ScriptTarget.Latest, false, scriptKindOf(filePath));
    return ((sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics ?? []).length === 0;
  } catch {
    return false; // the parser's own stack overflow: certainly not code a fix may touch
  }
}

function validPosition(doc: TextDocument, p: Position): boolean {
  const back = doc.positionAt(doc.offsetAt(p));
  return back.line === p.line && back.character === p.character;
}

/** Every way a result's positions can disagree with LSP's model of `text`. */
export function positionMismatches(text: string, result: AnalyzeResult): string[] {
  const doc = TextDocument.create("untitled:fuzz", "typescript", 1, text);
  const lines = new LineMap(text);
  const problems: string[] = [];
  for (const f of result.findings) {
    if (!(f.start >= 0 && f.start <= f.end && f.end <= text.length)) problems.push(`${f.ruleId}: offsets [${f.start}, ${f.end}) outside the text`);
    const viaRange = doc.getText(f.range);
    const viaOffsets = text.slice(f.start, f.end);
    if (viaRange !== viaOffsets) {
      problems.push(`${f.ruleId}: range ${JSON.stringify(f.range)} selects ${JSON.stringify(viaRange.slice(0, 80))}, offsets select ${JSON.stringify(viaOffsets.slice(0, 80))}`);
    }
    if (f.fix) {
      const byEngine = applyEdits(text, f.fix.edits);
      const byLsp = TextDocument.applyEdits(doc, toLspEdits(lines, f.fix.edits));
      if (byEngine !== byLsp) problems.push(`${f.ruleId}: the fix applied through LSP edits differs from the engine's edits`);
      if (text.startsWith(BOM) && !byEngine.startsWith(BOM)) problems.push(`${f.ruleId}: the fix does not keep the BOM first`);
    }
  }
  for (const e of result.explanations) {
    if (!validPosition(doc, e.range.start) || !validPosition(doc, e.range.end)) problems.push(`explanation ${e.ruleId}: range ${JSON.stringify(e.range)} is not a position of the text`);
  }
  for (const n of result.notes) {
    if (n.range && (!validPosition(doc, n.range.start) || !validPosition(doc, n.range.end))) problems.push(`note ${n.kind}: range ${JSON.stringify(n.range)} is not a position of the text`);
  }
  return problems;
}

/** Applies the "Disable … for this line" action of the first finding; undefined when the re-analysis no longer reports it. */
export function disableFailure(engine: Engine, c: FuzzCase, text: string, result: AnalyzeResult, options: AnalyzeOptions): string | undefined {
  const f = result.findings[0];
  if (!f) return undefined;
  const doc = TextDocument.create("untitled:fuzz", "typescript", 1, text);
  const lines = new LineMap(text);
  const at = { start: f.range.start, end: f.range.start };
  const action = findingActions({ doc, lines, findings: [f], documentChanges: true }, at, undefined).find((a) => a.title.startsWith("Disable"));
  if (!action) return "no disable action";
  const edits = (action.edit!.documentChanges![0] as TextDocumentEdit).edits as TextEdit[];
  const disabled = TextDocument.applyEdits(doc, edits);
  const inserted = disabled.length - text.length;
  const again = engine.analyze(c.path, disabled, options);
  const still = again.findings.find((g) => g.ruleId === f.ruleId && g.start === f.start + inserted);
  return still ? `the disable comment inserted at line ${f.range.start.line + 1} does not suppress ${f.ruleId}` : undefined;
}

/** A result without what legitimately varies between runs: timings, and how far the time budget got. */
function stable(result: AnalyzeResult): AnalyzeResult {
  return { findings: result.findings, explanations: result.explanations, notes: result.notes.filter((n) => n.kind !== "budget") };
}

/** Analyses a, then b, then a again at the same path; a description of the difference, or undefined. */
export function historyDependence(engine: Engine, filePath: string, a: string, b: string, options: AnalyzeOptions): string | undefined {
  const first = stable(engine.analyze(filePath, a, options));
  engine.analyze(filePath, b, options);
  const again = stable(engine.analyze(filePath, a, options));
  if (isDeepStrictEqual(first, again)) return undefined;
  const summary = (r: AnalyzeResult) => JSON.stringify({ findings: r.findings.map((f) => [f.ruleId, f.start, f.fix?.edits]), notes: r.notes.map((n) => n.kind) }).slice(0, 600);
  return `analysing another text in between changed the result:\nfirst  ${summary(first)}\nagain  ${summary(again)}`;
}

export interface CaseOptions {
  options: AnalyzeOptions;
  /** Also apply a disable comment and re-analyse. */
  disable?: boolean;
  /** Also apply every safe fix and check the result still parses. */
  fixes?: boolean;
  /** Also check that analysing this other text in between does not change the result. */
  statelessWith?: FuzzCase;
}

function fail(stats: FuzzStats, c: FuzzCase, problem: string): void {
  if (stats.failures.length < 50) stats.failures.push({ name: c.name, problem, text: c.text.length > 20000 ? c.text.slice(0, 20000) : c.text });
}

/** Runs one case through the engine and every check, counting into `stats`. */
export function runCase(engine: Engine, c: FuzzCase, stats: FuzzStats, opts: CaseOptions): void {
  stats.cases++;
  const budget = opts.options.budgetMs ?? 2000;
  let result: AnalyzeResult;
  const t0 = performance.now();
  try {
    result = engine.analyze(c.path, c.text, opts.options);
  } catch (e) {
    stats.crashes++;
    fail(stats, c, `analyze threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return;
  }
  const elapsed = performance.now() - t0;
  stats.maxElapsedMs = Math.max(stats.maxElapsedMs, elapsed);
  // the budget limits the rules (parsing is bounded by the size cap instead)
  const rulesMs = result.timings?.rulesMs ?? elapsed;
  stats.maxRulesMs = Math.max(stats.maxRulesMs, rulesMs);
  if (rulesMs > budget + OVERRUN_SLACK_MS) {
    stats.overruns++;
    fail(stats, c, `the rules took ${rulesMs.toFixed(0)} ms (parsing ${result.timings?.parseMs.toFixed(0)} ms), budget ${budget} ms`);
  }
  if (result.notes.some((n) => n.kind === "budget")) stats.budgetStops++;
  stats.findings += result.findings.length;
  stats.fixes += result.findings.filter((f) => f.fix).length;

  if (result.findings.some((f) => f.fix) && !parses(c.path, c.text)) {
    stats.fixesOnUnparsable++;
    fail(stats, c, "a fix was offered on code that does not parse");
  }
  stats.positionChecks++;
  const mismatches = positionMismatches(c.text, result);
  if (mismatches.length > 0) {
    stats.positionMismatches += mismatches.length;
    fail(stats, c, mismatches.join("\n"));
  }
  try {
    if (opts.disable && result.findings.length > 0) {
      stats.disableChecks++;
      const problem = disableFailure(engine, c, c.text, result, opts.options);
      if (problem) {
        stats.disableFailures++;
        fail(stats, c, problem);
      }
    }
    if (opts.fixes && result.findings.some((f) => f.fix?.safe) && parses(c.path, c.text)) {
      stats.fixChecks++;
      const fixed = applySafeFixes(engine, c.path, c.text, opts.options).text;
      if (fixed !== c.text && !parses(c.path, fixed)) {
        stats.brokenFixes++;
        fail(stats, c, `applying the safe fixes made the code unparsable:\n${fixed.slice(0, 4000)}`);
      }
    }
    if (opts.statelessWith) {
      stats.statelessChecks++;
      const problem = historyDependence(engine, c.path, c.text, opts.statelessWith.text, opts.options);
      if (problem) {
        stats.statelessMismatches++;
        fail(stats, c, `${problem}\n(other text: ${opts.statelessWith.name})`);
      }
    }
  } catch (e) {
    stats.crashes++;
    fail(stats, c, `a follow-up analysis threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}

export function formatStats(s: FuzzStats): string {
  return [
    `cases ${s.cases}: crashes ${s.crashes}, budget overruns ${s.overruns} (budget stops ${s.budgetStops}; slowest rules ${s.maxRulesMs.toFixed(0)} ms, slowest analysis ${s.maxElapsedMs.toFixed(0)} ms)`,
    `findings ${s.findings} (with a fix ${s.fixes}); position checks ${s.positionChecks}, mismatches ${s.positionMismatches}; fixes on unparsable code ${s.fixesOnUnparsable}`,
    `disable comments checked ${s.disableChecks}, not suppressing ${s.disableFailures}; safe-fix passes checked ${s.fixChecks}, leaving unparsable code ${s.brokenFixes}`,
    `history checks ${s.statelessChecks}, history-dependent results ${s.statelessMismatches}`,
  ].join("\n");
}
