// Engine data → LSP data. The engine owns no LSP types; this is the only translation point.
import { DiagnosticSeverity, TextEdit, type Diagnostic } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Explanation, Finding, Severity, TextEdit as EngineEdit } from "../engine/index";
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

/** Engine edits are offsets into the analysed text; `doc` must be that exact text (same version). */
export function toLspEdits(doc: TextDocument, edits: EngineEdit[]): TextEdit[] {
  return edits.map((e) => TextEdit.replace({ start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, e.newText));
}

/** One edit replacing only the part of `before` that differs from `after` (keeps the editor's cursor and folding stable). */
export function minimalEdit(doc: TextDocument, before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  return TextEdit.replace({ start: doc.positionAt(start), end: doc.positionAt(endBefore) }, after.slice(start, endAfter));
}

export function rangesOverlapByLine(a: { start: { line: number }; end: { line: number } }, b: { start: { line: number }; end: { line: number } }): boolean {
  return a.start.line <= b.end.line && b.start.line <= a.end.line;
}
