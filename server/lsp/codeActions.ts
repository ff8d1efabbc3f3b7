// Code actions for one analysed document version: quick-fixes, refactors, disable-next-line, fix-all.
import { CodeActionKind, type CodeAction, type Range, type TextEdit, type WorkspaceEdit } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { isInsideToken, multiLineTokens, type Finding, type LineMap } from "../engine/index";
import { findingToDiagnostic, minimalEdit, rangesOverlapByLine, toLspEdits } from "./convert";

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.arraylint`;

/** Whether an action of `kind` is wanted by the request's `only` filter (hierarchical, "source" covers "source.fixAll.x"). */
export function kindRequested(kind: string, only: string[] | undefined, explicitOnly = false): boolean {
  if (!only || only.length === 0) return !explicitOnly;
  return only.some((o) => kind === o || kind.startsWith(o + "."));
}

export interface ActionContext {
  /** The analysed version: its uri and version label the edits. */
  doc: TextDocument;
  /** Positions of exactly the analysed text (engine/positions.ts). */
  lines: LineMap;
  findings: Finding[];
  /** Client supports versioned documentChanges: edits then carry the version they were computed for. */
  documentChanges: boolean;
}

export function workspaceEdit(ctx: ActionContext, edits: TextEdit[]): WorkspaceEdit {
  if (ctx.documentChanges) {
    return { documentChanges: [{ textDocument: { uri: ctx.doc.uri, version: ctx.doc.version }, edits }] };
  }
  return { changes: { [ctx.doc.uri]: edits } };
}

/** The fix's title, plus its assumption when the title does not already state it. */
export function refactorTitle(f: Finding): string {
  const fix = f.fix!;
  const assumption = fix.assumption?.trim();
  if (!assumption || fix.title.toLowerCase().includes(assumption.toLowerCase())) return fix.title;
  return `${fix.title} (assumes ${assumption})`;
}

function disableEdit(lines: LineMap, f: Finding, spans: () => ReadonlyArray<[number, number]>): TextEdit {
  // the finding's own offset decides the line, through the same model the suppression check uses
  const line = lines.lineAt(f.start);
  const lineStart = lines.lineStart(line);
  if (isInsideToken(spans(), lineStart)) {
    // the line starts inside a block comment or a template literal that runs across it: a comment
    // line inserted there would be part of that comment or string, so mark the statement itself
    const at = lines.positionAt(f.start);
    return { range: { start: at, end: at }, newText: `/* arraylint-disable-line ${f.ruleId} */ ` };
  }
  const indent = /^[ \t]*/.exec(lines.lineText(line))?.[0] ?? "";
  const eol = lines.lineBreak();
  const at = { line, character: 0 };
  return { range: { start: at, end: at }, newText: `${indent}// arraylint-disable-next-line ${f.ruleId}${eol}` };
}

/** Quick-fixes, refactors and disable comments for the findings on the requested lines. */
export function findingActions(ctx: ActionContext, range: Range, only: string[] | undefined): CodeAction[] {
  const actions: CodeAction[] = [];
  const disables: CodeAction[] = [];
  let spans: Array<[number, number]> | undefined;
  const multiLine = () => (spans ??= multiLineTokens(ctx.lines.text));
  for (const f of ctx.findings) {
    if (!rangesOverlapByLine(f.range, range)) continue;
    const diagnostic = findingToDiagnostic(f);
    if (f.fix && f.fix.edits.length > 0) {
      const kind = f.fix.safe ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite;
      if (kindRequested(kind, only)) {
        actions.push({
          title: f.fix.safe ? f.fix.title : refactorTitle(f),
          kind,
          diagnostics: [diagnostic],
          // a safe fix measured slower (or not measured) on this runtime is offered, not preferred
          isPreferred: f.fix.safe && f.fix.autoApply !== false ? true : undefined,
          edit: workspaceEdit(ctx, toLspEdits(ctx.lines, f.fix.edits)),
        });
      }
    }
    if (kindRequested(CodeActionKind.QuickFix, only)) {
      disables.push({
        title: `Disable arraylint ${f.ruleId} for this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: workspaceEdit(ctx, [disableEdit(ctx.lines, f, multiLine)]),
      });
    }
  }
  return [...actions, ...disables];
}

/** `source.fixAll.arraylint`: every safe fix, as one minimal edit; only when explicitly requested. */
export function fixAllAction(ctx: ActionContext, only: string[] | undefined, fixedText: () => string): CodeAction | undefined {
  if (!kindRequested(FIX_ALL_KIND, only, true)) return undefined;
  if (!ctx.findings.some((f) => f.fix?.safe && f.fix.autoApply !== false)) return undefined;
  const edit = minimalEdit(ctx.lines, fixedText());
  if (!edit) return undefined;
  return { title: "Fix all safe arraylint problems", kind: FIX_ALL_KIND, edit: workspaceEdit(ctx, [edit]) };
}
