// Re-analysing one edited function instead of the whole file (issue 11: edit → diagnostics in tens of
// milliseconds on a 3,000-line file). After an edit inside the body of one top-level function, the
// engine parses a copy of the text that keeps its offsets (the skeleton, or the text with slack: see
// skeletonText and TextLayout below), runs the rules on that function only, and reuses the previous
// analysis for the rest of the file, shifted past the edit.
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
import { identifierPattern } from "./analysis/syntax";
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
 * `words`: the file's text at the tree's offsets (the tree may be a skeleton, whose other bodies are blank).
 */
export function editableFunction(sourceFile: ts.SourceFile, start: number, end: number, moduleNames: ReadonlySet<string>, words: string = sourceFile.text): FunctionUnit | undefined {
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
      return isSelfContained(unit.node, sourceFile, moduleNames, words) ? unit : undefined;
    }
  }
  return undefined;
}

/**
 * The top-level functions with a body that start before the offset `before` and could be re-analysed
 * alone (as `editableFunction`'s unit): the rules report in each the same findings alone as in a
 * whole-file analysis, so the top of a file can be analysed first (Engine.preview).
 */
export function selfContainedFunctionsBefore(sourceFile: ts.SourceFile, before: number, moduleNames: ReadonlySet<string>): FunctionUnit[] {
  const units: FunctionUnit[] = [];
  const statements = sourceFile.statements;
  for (let index = 0; index < statements.length; index++) {
    const s = statements[index];
    if (s.getStart(sourceFile) >= before) break;
    if (!ts.isFunctionDeclaration(s) || !s.body) continue;
    const node = s as FunctionUnit["node"];
    if (isSelfContained(node, sourceFile, moduleNames, sourceFile.text)) units.push({ index, node });
  }
  return units;
}

/** The runtime import's namespace name and its numbered variants (analysis/imports.ts `freeName`). */
const RUNTIME_NAMESPACE = /^nd\d*$/;

/**
 * Whether the function refers to nothing declared at the module level of its file (a module-level
 * variable, function, class, type or import), uses no `this`, and names nothing the runtime import
 * could be called. Names are compared as text, so a local that shadows a module-level name also
 * refuses (conservative).
 */
function isSelfContained(fn: ts.FunctionDeclaration, sourceFile: ts.SourceFile, moduleNames: ReadonlySet<string>, words: string): boolean {
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
  if (own !== undefined && (fn.type === undefined || isJavaScript(sourceFile)) && mentionsOutside(words, own, fn.pos, fn.end)) return false;
  return true;
}

function isJavaScript(sourceFile: ts.SourceFile): boolean {
  return /\.[cm]?jsx?$/.test(sourceFile.fileName);
}

function mentionsOutside(text: string, name: string, from: number, to: number): boolean {
  for (const m of text.matchAll(identifierPattern(name, "g"))) if (m.index < from || m.index >= to) return true;
  return false;
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
 * Whether the statements of the new tree are the old ones with only statement `index` changed, compared
 * in the text's offsets (`oldPlaces`, recorded before the incremental parse moved the old nodes, and the
 * new tree's places through `layout`): the same count and kinds, those before the edit at the same
 * places, the function's end and everything after it moved by the edit's delta. (A prefix/suffix diff
 * can look local while the parse differs, e.g. `} function g() {` typed into a body.)
 */
export function sameStatementsAround(oldPlaces: ReadonlyArray<StatementPlace>, newFile: ts.SourceFile, layout: TextLayout, index: number, change: ChangedSpan): boolean {
  const b = newFile.statements;
  if (oldPlaces.length !== b.length) return false;
  const delta = change.newEnd - change.oldEnd;
  const moved = (offset: number) => (offset <= change.start ? offset : offset + delta);
  for (let i = 0; i < b.length; i++) {
    const o = oldPlaces[i];
    if (o.kind !== b[i].kind || moved(o.pos) !== layout.toText(b[i].pos) || moved(o.end) !== layout.toText(b[i].end)) return false;
  }
  return true;
}

/** A top-level statement's place in the text (offsets without the BOM) and its kind. */
export interface StatementPlace {
  pos: number;
  end: number;
  kind: ts.SyntaxKind;
}

/**
 * Spaces the compiler's copy of a file has after each top-level function, beyond the text's: an edit
 * inside a function then takes or gives back spaces after it, the rest of the compiler's text keeps its
 * offsets, and TypeScript's incremental parser reuses the statements after the edit unmoved. (Moved
 * nodes are unsafe here: ts-morph keeps the children it computed per compiler node, tokens and comments
 * at their old offsets.) An edit that adds more than the slack parses the file again.
 */
export const EDIT_SLACK = 64;

/**
 * The compiler's copy of a file against the text (without its BOM): the same characters, plus runs of
 * spaces ("pads") the text does not have. Offsets inside a pad belong to the text offset it was put at.
 */
export class TextLayout {
  /** Prefix sums: pads before pad i have `before[i]` spaces. */
  private readonly before: number[];
  /** The text offset each pad was put at (ascending). */
  private readonly textAt: number[];

  /** `padAt`: the compiler offsets where pads start (ascending); `padLength`: their lengths. */
  constructor(readonly padAt: readonly number[] = [], readonly padLength: readonly number[] = []) {
    this.before = [0];
    for (let i = 0; i < padLength.length; i++) this.before.push(this.before[i] + padLength[i]);
    this.textAt = padAt.map((at, i) => at - this.before[i]);
  }

  get padded(): boolean {
    return this.padAt.length > 0;
  }

  /** The text offset of compiler offset `c`. */
  toText(c: number): number {
    const i = lastBelow(this.padAt, c);
    if (i < 0) return c;
    if (c < this.padAt[i] + this.padLength[i]) return this.padAt[i] - this.before[i];
    return c - this.before[i + 1];
  }

  /** The compiler offset of text offset `t` (a pad's start for the offset it was put at). */
  toCompiler(t: number): number {
    const i = lastBelow(this.textAt, t);
    return i < 0 ? t : t + this.before[i + 1];
  }

  /** The index of the pad starting at compiler offset `c`, or -1. */
  padStartingAt(c: number): number {
    const i = lastBelow(this.padAt, c + 1);
    return i >= 0 && this.padAt[i] === c ? i : -1;
  }

  /** The same layout with pad `i` moved by `shift` and `shift` spaces shorter. */
  withPadShifted(i: number, shift: number): TextLayout {
    const at = [...this.padAt];
    const length = [...this.padLength];
    at[i] += shift;
    length[i] -= shift;
    return new TextLayout(at, length);
  }
}

/** The last index whose value is below `x` (values ascending), or -1. */
function lastBelow(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < x) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** `text` with EDIT_SLACK spaces at each of `ends` (ascending text offsets), and its layout. */
export function paddedText(text: string, ends: readonly number[]): { compilerText: string; layout: TextLayout } {
  const parts: string[] = [];
  const at: number[] = [];
  let from = 0;
  const pad = " ".repeat(EDIT_SLACK);
  for (const [i, end] of ends.entries()) {
    parts.push(text.slice(from, end), pad);
    at.push(end + i * EDIT_SLACK);
    from = end;
  }
  parts.push(text.slice(from));
  return { compilerText: parts.join(""), layout: new TextLayout(at, at.map(() => EDIT_SLACK)) };
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
/**
 * A skeleton of the file for re-analysing one function: the text with the parameter lists, return types and
 * bodies of the other top-level functions blanked (every character but line breaks made a space,
 * functionInteriors), so offsets and lines stay and the parse and the binding cost little (3,000
 * lines: about 10 ms together, against 40–60 for the whole text).
 * It is analysed instead of the whole text only when nothing the rules read outside the function was in a blanked span: see
 * `skeletonAllows`. `removed`: the blanked spans' text, for that check.
 */
export function skeletonText(text: string, spans: ReadonlyArray<Span>): { text: string; removed: string } {
  // one pass over UTF-16 code units (a regex replace per body cost ~2 ms on 3,000 lines)
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  const removed: string[] = [];
  for (const { start, end } of spans) {
    removed.push(text.slice(start, end));
    for (let i = start; i < end; i++) {
      const c = units[i];
      if (c !== 10 && c !== 13 && c !== 0x2028 && c !== 0x2029) units[i] = 32;
    }
  }
  // fromCharCode keeps lone surrogates as they are (a UTF-16 decoder would replace them)
  const chunks: string[] = [];
  for (let i = 0; i < units.length; i += 8192) chunks.push(String.fromCharCode.apply(null, units.subarray(i, i + 8192) as unknown as number[]));
  return { text: chunks.join(""), removed: removed.join("\n") };
}

/** A span of text a skeleton blanks. */
export interface Span {
  start: number;
  end: number;
}

/**
 * What a skeleton blanks of each top-level function with a body, by statement (undefined for other
 * statements): its parameter list (between the parentheses), return type (from the colon) and body
 * (between the braces). The statements stay, with their names and extents; a self-contained function
 * (editableFunction) reads none of the rest of the others. (Parameter lists and return types were a third
 * of a skeleton's parse and binding.)
 */
export function functionInteriors(sourceFile: ts.SourceFile): Array<Span[] | undefined> {
  return sourceFile.statements.map((st) => (ts.isFunctionDeclaration(st) && st.body ? interiorsOf(st, sourceFile) : undefined));
}

/** `functionInteriors` of one function declaration. */
export function interiorsOf(fn: ts.FunctionDeclaration, sourceFile: ts.SourceFile): Span[] {
  const spans: Span[] = [];
  const parameters = fn.parameters;
  if (parameters.end > parameters.pos) spans.push({ start: parameters.pos, end: parameters.end });
  // the return type's node starts right after its colon
  if (fn.type && sourceFile.text.charCodeAt(fn.type.pos - 1) === 58 /* : */) spans.push({ start: fn.type.pos - 1, end: fn.type.end });
  if (fn.body) {
    const start = fn.body.getStart(sourceFile) + 1;
    const end = fn.body.end - 1;
    if (end > start) spans.push({ start, end });
  }
  return spans;
}

/** Names of the methods declared inside each top-level function's body (object literals, classes), by statement. */
export function methodsInBodies(sourceFile: ts.SourceFile): Array<readonly string[] | undefined> {
  return sourceFile.statements.map((st) => (ts.isFunctionDeclaration(st) && st.body ? methodNamesIn(st.body) : undefined));
}

export function methodNamesIn(node: ts.Node): string[] {
  const names: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isMethodDeclaration(n) && n.name && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name))) names.push(n.name.text);
    else if (ts.isMethodDeclaration(n)) names.push("*"); // a computed name: any
    ts.forEachChild(n, visit);
  };
  visit(node);
  return names;
}

/** Words whose presence in a blanked body keeps the whole text: the runtime import's name, module-system and suppression words. */
const SKELETON_BLOCKERS = /(?<![\w$])(?:nd\d*|require|module|exports|define|import|arraylint|@generated)(?![\w$])/;

/** Whether the text a skeleton would blank has a word the rules read from the whole file (SKELETON_BLOCKERS). */
export function keepsWholeText(removed: string): boolean {
  return SKELETON_BLOCKERS.test(removed);
}

/**
 * Whether the rules see the same for function `fn` in the skeleton as in the whole text. Of what they read
 * outside the function, two things are checked here: the uses of a name the function does not declare
 * (an implicit global, another script's global: it must not occur in a blanked body; the standard
 * library's names are the same everywhere), and methods declared anywhere in the file (an untyped
 * receiver's accessor: no method of a blanked body may share a name with a method the function calls).
 * The runtime import's free name and the file's module system are checked before the parse
 * (keepsWholeText), and module-level names the function may not use at all (editableFunction).
 */
export function skeletonAllows(fn: ts.FunctionDeclaration, removed: string, blankedMethods: ReadonlySet<string>, libraryNames: ReadonlySet<string>): boolean {
  const { free, calledMembers } = namesOf(fn);
  if (blankedMethods.has("*") && calledMembers.size > 0) return false;
  for (const m of calledMembers) if (blankedMethods.has(m)) return false;
  for (const name of free) {
    if (libraryNames.has(name) || name === fn.name?.text) continue;
    if (identifierPattern(name).test(removed)) return false;
  }
  return true;
}

/** Names the function refers to without declaring them, and the member names it calls (`x.m(…)`). */
function namesOf(fn: ts.FunctionDeclaration): { free: Set<string>; calledMembers: Set<string> } {
  const declared = new Set<string>(["arguments", "undefined"]);
  const referenced = new Set<string>();
  const calledMembers = new Set<string>();
  const declare = (name: ts.Node | undefined): void => {
    if (!name) return;
    if (ts.isIdentifier(name)) declared.add(name.text);
    else if (ts.isObjectBindingPattern(name) || ts.isArrayBindingPattern(name)) {
      for (const e of name.elements) if (!ts.isOmittedExpression(e)) declare(e.name);
    }
  };
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isBindingElement(n)) declare(n.name);
    else if ((ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isClassDeclaration(n) || ts.isClassExpression(n)) && n.name) declare(n.name);
    else if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) calledMembers.add(n.expression.name.text);
    else if (ts.isIdentifier(n) && isValuePosition(n)) referenced.add(n.text);
    ts.forEachChild(n, visit);
  };
  visit(fn);
  const free = new Set<string>();
  for (const name of referenced) if (!declared.has(name)) free.add(name);
  return { free, calledMembers };
}

/** The names the standard library declares at its top level (Math, Float64Array, …): the same in every file. */
export function libraryNamesOf(libraries: readonly ts.SourceFile[]): Set<string> {
  const names = new Set<string>();
  for (const lib of libraries) {
    for (const st of lib.statements) {
      if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) names.add(d.name.text);
      if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isModuleDeclaration(st) || ts.isEnumDeclaration(st)) && st.name && ts.isIdentifier(st.name)) names.add(st.name.text);
    }
  }
  return names;
}
