// Engine data → LSP data. The engine owns no LSP types; this is the only translation point.
import { DiagnosticSeverity, TextEdit, type Diagnostic } from "vscode-languageserver/node";
import type { AnalysisNote, Explanation, Finding, LineMap, Severity, TextEdit as EngineEdit } from "../engine/index";
import { ruleDocsUri } from "../format/docs";

export const SOURCE = "arraylint";

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function findingToDiagnostic(f: Finding): Diagnostic {
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    source: SOURCE,
    code: f.ruleId,
    codeDescription: { href: ruleDocsUri(f.ruleId) },
    message: f.message,
  };
}

export function explanationToDiagnostic(e: Explanation): Diagnostic {
  return {
    range: e.range,
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    code: e.ruleId,
    codeDescription: { href: ruleDocsUri(e.ruleId) },
    message: e.message,
  };
}

/**
 * An information diagnostic for a file the engine analysed only partly (budget, a rule crash, a parser
 * stack overflow) or skipped (generated code), so a silent editor never means "nothing to find".
 * Syntax errors get none: the TypeScript/JavaScript language service already reports them.
 */
export function noteToDiagnostic(n: AnalysisNote): Diagnostic | undefined {
  if (n.kind === "syntax-error") return undefined;
  const at = { line: 0, character: 0 };
  return {
    range: n.range ?? { start: at, end: at },
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    code: n.kind,
    message: `arraylint: ${n.message}`,
  };
}

/** Engine edits are offsets into the analysed text; `lines` must be built from that exact text (same version). */
export function toLspEdits(lines: LineMap, edits: EngineEdit[]): TextEdit[] {
  return edits.map((e) => TextEdit.replace(lines.rangeOf(e.start, e.end), e.newText));
}

/** One edit replacing only the part of `before` (the text of `lines`) that differs from `after` (keeps the editor's cursor and folding stable). */
export function minimalEdit(lines: LineMap, after: string): TextEdit | undefined {
  const before = lines.text;
  if (before === after) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  return TextEdit.replace(lines.rangeOf(start, endBefore), after.slice(start, endAfter));
}

export function rangesOverlapByLine(a: { start: { line: number }; end: { line: number } }, b: { start: { line: number }; end: { line: number } }): boolean {
  return a.start.line <= b.end.line && b.start.line <= a.end.line;
}
