// Code actions for one analysed document version: quick-fixes (with "add the runtime" where the
// runtime does not resolve), refactors, disable for this line (merged into an existing directive) or
// file, show documentation, and fix-all.
import { CodeActionKind, type CodeAction, type Range, type TextEdit, type WorkspaceEdit } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { isInsideToken, multiLineTokens, type Finding, type LineMap } from "../engine/index";
import { scanComments, type CommentToken } from "../engine/suppressions";
import { addsRuntimeImport, type RuntimeMode } from "../runtime-setup/index";
import { findingToDiagnostic, minimalEdit, rangesOverlapByLine, toLspEdits } from "./convert";

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.arraylint`;
/** `[ruleId]`: opens the rule's documentation page. */
export const SHOW_DOCS_COMMAND = "arraylint.showDocumentation";
/** `[AddRuntimeArgs]`: adds the runtime to the document's project, then applies the finding's fix. */
export const ADD_RUNTIME_COMMAND = "arraylint.addRuntime";

export interface AddRuntimeArgs {
  uri: string;
  /** The document version the action was computed for. */
  version: number;
  /** 0-based line the finding starts on, and its rule: the fix to apply once the runtime resolves. */
  line: number;
  ruleId: string;
  mode: RuntimeMode;
  /** vendor mode: the folder to write the runtime into (absolute, or relative to the project); the client asks the user. */
  folder?: string;
}

/** What the code actions know about the runtime in the document's project. */
export interface RuntimeContext {
  /** The fixes' runtime import does not resolve from the document, and no vendored copy exists. */
  missing: boolean;
  specifier: string;
  mode: RuntimeMode;
  /** How package mode adds it, e.g. "npm install". */
  packageCommand: string;
}

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
  /** Absent: not known (an untitled document), the fixes are offered as they are. */
  runtime?: RuntimeContext;
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

/** The rules a directive comment names, and where a new one goes: after the last, before a ` -- reason` and a block comment's end. */
function directiveRules(c: CommentToken, directive: string): { rules: string[]; insertAt: number } | undefined {
  const block = c.text.startsWith("/*");
  const body = block ? c.text.slice(2, -2) : c.text.slice(2);
  const m = new RegExp(`^(\\s*arraylint-${directive})(?=\\s|$)(.*)$`, "s").exec(body);
  if (!m) return undefined;
  const list = (m[2].split(/\s--\s|\s--$/)[0] ?? "").replace(/\s+$/, "");
  const rules = list.split(/[\s,]+/).filter(Boolean);
  return { rules, insertAt: c.pos + 2 + m[1].length + list.length };
}

/** Edits for "disable for this line": one more rule in the line's existing directive, else a new comment. */
function disableLineEdit(ctx: ActionContext, f: Finding, text: TextCache): TextEdit {
  const { lines } = ctx;
  // the finding's own offset decides the line, through the same model the suppression check uses
  const line = lines.lineAt(f.start);
  for (const c of text.comments()) {
    // `// arraylint-disable-next-line a` on the line above, or `// arraylint-disable-line a` on this one
    const next = lines.lineAt(c.end) + 1 === line ? directiveRules(c, "disable-next-line") : undefined;
    const same = lines.lineAt(c.pos) === line ? directiveRules(c, "disable-line") : undefined;
    const found = next ?? same;
    if (found && found.rules.length > 0) {
      const at = lines.positionAt(found.insertAt);
      return { range: { start: at, end: at }, newText: `, ${f.ruleId}` };
    }
  }
  const lineStart = lines.lineStart(line);
  if (isInsideToken(text.spans(), lineStart)) {
    // the line starts inside a block comment or a template literal that runs across it: a comment
    // line inserted there would be part of that comment or string, so mark the statement itself
    const at = lines.positionAt(f.start);
    return { range: { start: at, end: at }, newText: `/* arraylint-disable-line ${f.ruleId} */ ` };
  }
  const indent = /^[ \t]*/.exec(lines.lineText(line))?.[0] ?? "";
  const at = { line, character: 0 };
  return { range: { start: at, end: at }, newText: `${indent}// arraylint-disable-next-line ${f.ruleId}${lines.lineBreak()}` };
}

/**
 * Edit for "disable for this file": the rule joins a `/* arraylint-disable … *\/` among the file's
 * leading comments, else such a comment goes on the first line (after a BOM and a shebang). A disable
 * directive opens a region to the end of the file (engine/suppressions.ts), so at the top it is the whole file.
 */
function disableFileEdit(ctx: ActionContext, f: Finding, text: TextCache): TextEdit {
  const { lines } = ctx;
  const firstCode = text.firstCodeOffset();
  for (const c of text.comments()) {
    if (c.pos >= firstCode) break;
    const found = directiveRules(c, "disable");
    if (found && found.rules.length > 0) {
      const at = lines.positionAt(found.insertAt);
      return { range: { start: at, end: at }, newText: `, ${f.ruleId}` };
    }
  }
  const source = lines.text;
  let offset = source.startsWith("\uFEFF") ? 1 : 0;
  if (source.startsWith("#!", offset)) offset = lines.lineStart(1);
  const at = lines.positionAt(offset);
  return { range: { start: at, end: at }, newText: `/* arraylint-disable ${f.ruleId} */${lines.lineBreak()}` };
}

/** Scans of the analysed text, done once per request and only when an action needs them. */
class TextCache {
  private spanList: Array<[number, number]> | undefined;
  private commentList: CommentToken[] | undefined;
  private first: number | undefined;

  constructor(private readonly text: string) {}

  spans(): Array<[number, number]> {
    return (this.spanList ??= multiLineTokens(this.text));
  }

  comments(): CommentToken[] {
    return (this.commentList ??= scanComments(this.text));
  }

  /** Offset of the first token that is not a comment (comments before it lead the file). */
  firstCodeOffset(): number {
    if (this.first === undefined) {
      this.first = this.text.length;
      let cursor = 0;
      for (const c of this.comments()) {
        if (this.text.slice(cursor, c.pos).replace(/^\uFEFF/, "").replace(/^#![^\n]*/, "").trim() !== "") break;
        cursor = c.end;
      }
      const rest = this.text.slice(cursor);
      this.first = cursor + (rest.length - rest.replace(/^\s+/, "").length);
    }
    return this.first;
  }
}

/** How the "add the runtime" part of a fix's title says it will be done. */
function addRuntimeHow(runtime: RuntimeContext): string {
  return runtime.mode === "vendor" ? "as one vendored file" : runtime.packageCommand;
}

/** Quick-fixes, refactors, disable comments and documentation for the findings on the requested lines. */
export function findingActions(ctx: ActionContext, range: Range, only: string[] | undefined): CodeAction[] {
  const actions: CodeAction[] = [];
  const disables: CodeAction[] = [];
  const docs: CodeAction[] = [];
  const fileDisabled = new Set<string>();
  const text = new TextCache(ctx.lines.text);
  const quickFixes = kindRequested(CodeActionKind.QuickFix, only);
  for (const f of ctx.findings) {
    if (!rangesOverlapByLine(f.range, range)) continue;
    const diagnostic = findingToDiagnostic(f);
    if (f.fix && f.fix.edits.length > 0) {
      const kind = f.fix.safe ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite;
      if (kindRequested(kind, only)) {
        const title = f.fix.safe ? f.fix.title : refactorTitle(f);
        // a safe fix measured slower (or not measured) on this runtime is offered, not preferred
        const preferred = f.fix.safe && f.fix.autoApply !== false ? true : undefined;
        const runtime = ctx.runtime;
        if (runtime?.missing && addsRuntimeImport(f.fix)) {
          // the fix alone would leave an import that does not resolve: offer it with the runtime added first
          const args: AddRuntimeArgs = { uri: ctx.doc.uri, version: ctx.doc.version, line: f.range.start.line, ruleId: f.ruleId, mode: runtime.mode };
          actions.push({
            title: `${title}, adding the arraylint runtime to this project (${addRuntimeHow(runtime)})`,
            kind,
            diagnostics: [diagnostic],
            isPreferred: preferred,
            command: { title: "Add the arraylint runtime to this project", command: ADD_RUNTIME_COMMAND, arguments: [args] },
          });
          actions.push({
            title: `${title} (leaves the import of "${runtime.specifier}" unresolved)`,
            kind,
            diagnostics: [diagnostic],
            edit: workspaceEdit(ctx, toLspEdits(ctx.lines, f.fix.edits)),
          });
        } else {
          actions.push({ title, kind, diagnostics: [diagnostic], isPreferred: preferred, edit: workspaceEdit(ctx, toLspEdits(ctx.lines, f.fix.edits)) });
        }
      }
    }
    if (!quickFixes) continue;
    disables.push({
      title: `Disable arraylint ${f.ruleId} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: workspaceEdit(ctx, [disableLineEdit(ctx, f, text)]),
    });
    if (fileDisabled.has(f.ruleId)) continue;
    fileDisabled.add(f.ruleId);
    disables.push({
      title: `Disable arraylint ${f.ruleId} for the entire file`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: workspaceEdit(ctx, [disableFileEdit(ctx, f, text)]),
    });
    docs.push({
      title: `Show documentation for arraylint ${f.ruleId}`,
      kind: CodeActionKind.QuickFix,
      command: { title: `Show documentation for ${f.ruleId}`, command: SHOW_DOCS_COMMAND, arguments: [f.ruleId] },
    });
  }
  return [...actions, ...disables, ...docs];
}

/**
 * `source.fixAll.arraylint`: every safe fix that may apply automatically, as one minimal edit; only
 * when explicitly requested. A fix that would import a runtime the project does not resolve is left
 * out (on save, nobody is asked how to add it): the quick-fix offers it with the runtime.
 */
export function fixAllAction(ctx: ActionContext, only: string[] | undefined, fixedText: () => string): CodeAction | undefined {
  if (!kindRequested(FIX_ALL_KIND, only, true)) return undefined;
  const automatic = (f: Finding) => f.fix?.safe && f.fix.autoApply !== false && !(ctx.runtime?.missing && addsRuntimeImport(f.fix));
  if (!ctx.findings.some(automatic)) return undefined;
  const edit = minimalEdit(ctx.lines, fixedText());
  if (!edit) return undefined;
  return { title: "Fix all safe arraylint problems", kind: FIX_ALL_KIND, edit: workspaceEdit(ctx, [edit]) };
}

/**
 * The fix-all filter with a time budget: applySafeFixes asks it about every fix of a pass with that
 * pass's text, so a new text is a new pass, which starts only while the budget lasts and nobody
 * cancelled; a pass once started is taken whole (its edits are applied together).
 */
export function withinBudget(
  accept: (f: Finding, text: string) => boolean,
  budgetMs: number,
  cancelled: () => boolean = () => false,
  now: () => number = () => performance.now(),
): (f: Finding, text: string) => boolean {
  const deadline = now() + budgetMs;
  let passText: string | undefined;
  let passOpen = true;
  return (f, text) => {
    if (text !== passText) {
      passText = text;
      passOpen = now() < deadline && !cancelled();
    }
    return passOpen && accept(f, text);
  };
}
