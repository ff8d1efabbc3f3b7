// Re-analysing one edited function instead of the whole file (issue 11: edit → diagnostics in tens of
// milliseconds on a 3,000-line file). After an edit inside the body of one top-level function, the
// engine re-parses (reusing the statements before the edit), runs the rules on that function only, and
// reuses the previous analysis for the rest of the file, shifted past the edit.
//
// That is sound only when nothing outside the function can depend on its text. A rule's findings for
// code outside it could depend on it through a name the two share (the function reads, writes or calls
// a module-level variable, function or import: call-site sizes, uses of a module-level array, value
// ranges), through the function's inferred return type, through `this` (a JavaScript constructor
// function), through the file's module system (an added `require`), its comments (suppressions,
// `@generated`) or the runtime import's free name (`nd`). `editableFunction` refuses every such edit
// by name and text, conservatively (before the parse on the old text, after it on the new one); the
// engine then analyses the whole file as before.
// test/engine/incremental.test.ts checks the result equals a full analysis on random edits.
import { ts } from "ts-morph";
import { isValuePosition } from "./analysis/defuse";
import type { Explanation, Finding, TextEdit } from "./types";
import type { LineMap } from "./positions";

/** Where two texts differ: `[start, oldEnd)` of the old text became `[start, newEnd)` of the new one. */
export interface ChangedSpan {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** The smallest span outside of which the texts are equal (common prefix and suffix); undefined when equal. */
export function changedSpan(oldText: string, newText: string): ChangedSpan | undefined {
  if (oldText === newText) return undefined;
  const shorter = Math.min(oldText.length, newText.length);
  let start = 0;
  while (start < shorter && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < shorter - start && oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)) suffix++;
  return { start, oldEnd: oldText.length - suffix, newEnd: newText.length - suffix };
}

/** A top-level function declaration with a body, and its index among the file's statements. */
export interface FunctionUnit {
  index: number;
  node: ts.FunctionDeclaration & { body: ts.Block };
}

/**
 * The top-level function whose body (between its braces) contains `[start, end)`, when that function
 * can be re-analysed alone: see the file comment for what it must not share with the rest of the file.
 */
export function editableFunction(sourceFile: ts.SourceFile, start: number, end: number, moduleNames: ReadonlySet<string>): FunctionUnit | undefined {
  const statements = sourceFile.statements;
  // binary search: statements are in source order and do not overlap
  let lo = 0;
  let hi = statements.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = statements[mid];
    if (s.end <= start) lo = mid + 1;
    else if (s.pos > start) hi = mid - 1;
    else {
      // `function f() {}` at the top level with a body
      if (!ts.isFunctionDeclaration(s) || !s.body) return undefined;
      const body = s.body;
      // the edit stays between the braces: the signature (name, parameters, return type) is untouched
      if (start <= body.getStart(sourceFile) || end >= body.end) return undefined;
      const unit = { index: mid, node: s as FunctionUnit["node"] };
      return isSelfContained(unit.node, sourceFile, moduleNames) ? unit : undefined;
    }
  }
  return undefined;
}

/** The runtime import's namespace name and its numbered variants (analysis/imports.ts `freeName`). */
const RUNTIME_NAMESPACE = /^nd\d*$/;

/**
 * Whether the function refers to nothing declared at the module level of its file (a module-level
 * variable, function, class, type or import), uses no `this`, and names nothing the runtime import
 * could be called. Names are compared as text, so a local that shadows a module-level name also
 * refuses (conservative).
 */
function isSelfContained(fn: ts.FunctionDeclaration, sourceFile: ts.SourceFile, moduleNames: ReadonlySet<string>): boolean {
  const own = fn.name?.text;
  const visit = (node: ts.Node): boolean => {
    if (node.kind === ts.SyntaxKind.ThisKeyword) return false;
    if (ts.isIdentifier(node)) {
      if (RUNTIME_NAMESPACE.test(node.text)) return false;
      if (node.text !== own && moduleNames.has(node.text) && isValuePosition(node)) return false;
      return true;
    }
    // `import("./m")`, `import.meta`: the file's module system
    if (node.kind === ts.SyntaxKind.ImportKeyword) return false;
    return !ts.forEachChild(node, (child) => (visit(child) ? undefined : true));
  };
  if (!visit(fn)) return false;
  const text = sourceFile.text.slice(fn.pos, fn.end);
  // comments: suppressions and markers (`arraylint-disable`, `@generated`); `require(`/`module.exports` in a script
  if (/arraylint|@generated|\brequire\b|\bmodule\b|\bexports\b|\bdefine\b/.test(text)) return false;
  // The function's own name is used elsewhere: its callers see its return type, and in JavaScript its
  // body types `new f()` (assignments to `this`); only an annotated TypeScript return type is safe.
  if (own !== undefined && (fn.type === undefined || isJavaScript(sourceFile)) && mentionsOutside(sourceFile.text, own, fn.pos, fn.end)) return false;
  return true;
}

function isJavaScript(sourceFile: ts.SourceFile): boolean {
  return /\.[cm]?jsx?$/.test(sourceFile.fileName);
}

function mentionsOutside(text: string, name: string, from: number, to: number): boolean {
  const word = new RegExp(`(?<![\\w$])${name.replace(/\$/g, "\\$")}(?![\\w$])`);
  return word.test(text.slice(0, from)) || word.test(text.slice(to));
}

/**
 * Every name declared at the module level of the file: declarations of the top-level statements
 * (binding patterns included), imports, and `var`s and functions in top-level blocks, which hoist to
 * the module. The scan does not enter functions or classes.
 */
export function moduleScopeNames(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const addBinding = (name: ts.BindingName | ts.DeclarationName | undefined): void => {
    if (!name) return;
    if (ts.isIdentifier(name)) names.add(name.text);
    else if (ts.isObjectBindingPattern(name) || ts.isArrayBindingPattern(name)) {
      for (const element of name.elements) if (!ts.isOmittedExpression(element)) addBinding(element.name);
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node)) {
      addBinding(node.name);
      return;
    }
    if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isEnumDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isModuleDeclaration(node)) {
      addBinding(node.name);
      return;
    }
    if (ts.isImportDeclaration(node) || ts.isImportEqualsDeclaration(node)) {
      const collect = (n: ts.Node): void => {
        if (ts.isIdentifier(n)) names.add(n.text);
        ts.forEachChild(n, collect);
      };
      if (ts.isImportDeclaration(node)) {
        if (node.importClause) collect(node.importClause);
      } else names.add(node.name.text);
      return;
    }
    // statements that contain statements (blocks, if, loops, try, switch, labels): hoisted declarations
    if (ts.isFunctionLike(node) || ts.isClassLike(node) || ts.isExpression(node)) return;
    ts.forEachChild(node, visit);
  };
  for (const statement of sourceFile.statements) visit(statement);
  return names;
}

/**
 * Whether the statements of the new tree are the old ones (their places and kinds, recorded before the
 * incremental parse moved the old nodes) with only statement `index` changed:
 * the same count, those before it at the same places, those after it moved by `delta`. (A prefix/suffix
 * diff can look local while the parse differs, e.g. `} function g() {` typed into a body.)
 */
export function sameStatementsAround(old: ReadonlyArray<{ pos: number; end: number; kind: ts.SyntaxKind }>, newFile: ts.SourceFile, index: number, delta: number): boolean {
  const b = newFile.statements;
  if (old.length !== b.length || old[index].kind !== b[index].kind) return false;
  for (let i = 0; i < index; i++) if (old[i].pos !== b[i].pos || old[i].end !== b[i].end || old[i].kind !== b[i].kind) return false;
  if (old[index].pos !== b[index].pos || old[index].end + delta !== b[index].end) return false;
  for (let i = index + 1; i < old.length; i++) if (old[i].pos + delta !== b[i].pos || old[i].end + delta !== b[i].end || old[i].kind !== b[i].kind) return false;
  return true;
}

/** The old function's span and the edit, in the previous text's offsets; `delta` = new length - old length. */
export interface EditSite {
  unitStart: number;
  unitEnd: number;
  change: ChangedSpan;
  delta: number;
}

/** Offsets before the edit stay, those after it move by `delta`; one inside the changed text has no place. */
function moved(offset: number, site: EditSite): number | undefined {
  if (offset <= site.change.start) return offset;
  if (offset >= site.change.oldEnd) return offset + site.delta;
  return undefined;
}

/**
 * A finding of the previous analysis in the new text: "unit" when it is one of the edited function's
 * (re-analysed instead), the finding moved past the edit, or undefined when it cannot be carried (it or
 * one of its fix's edits reaches into the function: the whole file is analysed again).
 */
export function carriedFinding(f: Finding, site: EditSite, lines: LineMap): Finding | "unit" | undefined {
  if (f.start >= site.unitStart && f.end <= site.unitEnd) return "unit";
  if (f.start < site.unitEnd && f.end > site.unitStart) return undefined;
  let fix = f.fix;
  if (fix) {
    const edits: TextEdit[] = [];
    for (const e of fix.edits) {
      // an edit inside the function (a zero-width insertion at its start is an import before it)
      if (e.start < site.unitEnd && (e.end > site.unitStart || e.start > site.unitStart)) return undefined;
      const start = moved(e.start, site);
      const end = moved(e.end, site);
      if (start === undefined || end === undefined) return undefined;
      edits.push(start === e.start && end === e.end ? e : { start, end, newText: e.newText });
    }
    fix = { ...fix, edits };
  }
  const start = moved(f.start, site);
  const end = moved(f.end, site);
  if (start === undefined || end === undefined) return undefined;
  return { ...f, start, end, range: start === f.start && end === f.end ? f.range : lines.rangeOf(start, end), ...(fix ? { fix } : {}) };
}

/** The same for an explanation, whose offsets are those of its range in the previous text. */
export function carriedExplanation(e: Explanation, site: EditSite, oldLines: LineMap, lines: LineMap): Explanation | "unit" | undefined {
  const from = oldLines.offsetAt(e.range.start);
  const to = oldLines.offsetAt(e.range.end);
  if (from >= site.unitStart && to <= site.unitEnd) return "unit";
  if (from < site.unitEnd && to > site.unitStart) return undefined;
  const start = moved(from, site);
  const end = moved(to, site);
  if (start === undefined || end === undefined) return undefined;
  return start === from && end === to ? e : { ...e, range: lines.rangeOf(start, end) };
}
