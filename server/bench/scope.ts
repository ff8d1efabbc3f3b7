// Syntactic name resolution in one file, for the bench: which declaration a name in the finding's
// statements refers to (a parameter, a local of the enclosing function, a module constant, an
// import), and which names a snippet of code uses without declaring. The bench works on a file's
// text at benchmark time (the editor's, possibly unsaved), not on the engine's typed project, so
// this is the compiler's parser and a scope walk, no type checker.
import { ts } from "ts-morph";
import { changedSpan } from "../engine/incremental";

export type Declaration =
  | { kind: "variable"; node: ts.VariableDeclaration; statement: ts.VariableStatement | undefined; scope: ts.Node }
  | { kind: "function"; node: ts.FunctionDeclaration; scope: ts.Node }
  | { kind: "class"; node: ts.ClassDeclaration; scope: ts.Node }
  | { kind: "parameter"; node: ts.ParameterDeclaration; fn: ts.SignatureDeclaration; index: number; scope: ts.Node }
  | { kind: "import"; node: ts.Node; scope: ts.Node }
  | { kind: "other"; node: ts.Node; scope: ts.Node };

export function parseFile(file: string, text: string): ts.SourceFile {
  const kind = /\.[cm]?jsx?$/.test(file) ? (/x$/.test(file) ? ts.ScriptKind.JSX : ts.ScriptKind.JS) : /x$/.test(file) ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, kind);
}

/**
 * `parseFile`, for callers that parse each new version of one file (the server sizes every analysis's
 * findings): the last tree is kept, and a new text of the same file is parsed incrementally from it
 * (TypeScript's incremental parser, a few ms after a small edit instead of ~50 ms for 3,000 lines). The
 * previous tree must not be used after a call with a new text: the parser reuses and moves its nodes.
 */
export function parseLatest(file: string, text: string): ts.SourceFile {
  const last = latest;
  if (last && last.file === file) {
    if (last.text === text) return last.sf;
    const change = changedSpan(last.text, text);
    if (change) {
      const sf = ts.updateSourceFile(last.sf, text, { span: { start: change.start, length: change.oldEnd - change.start }, newLength: change.newEnd - change.start });
      latest = { file, text, sf };
      return sf;
    }
  }
  const sf = parseFile(file, text);
  latest = { file, text, sf };
  return sf;
}

let latest: { file: string; text: string; sf: ts.SourceFile } | undefined;

/** The innermost node that covers [start, end) — the finding's statement. */
export function nodeCovering(sf: ts.SourceFile, start: number, end: number): ts.Node {
  let best: ts.Node = sf;
  const visit = (node: ts.Node): void => {
    // pos <= getStart: the cheap test first (getStart scans the trivia; this runs once per finding)
    if (node.pos <= start && end <= node.end && node.getStart(sf) <= start) {
      best = node;
      ts.forEachChild(node, visit);
    }
  };
  // the top-level statement by binary search: a walk of all of them per finding was quadratic
  const statements = sf.statements;
  let lo = 0;
  let hi = statements.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (statements[mid].end < end) lo = mid + 1;
    else if (statements[mid].pos > start) hi = mid - 1;
    else {
      visit(statements[mid]);
      return best;
    }
  }
  return best;
}

function bindingNames(name: ts.BindingName, out: ts.Identifier[]): void {
  if (ts.isIdentifier(name)) out.push(name);
  else for (const e of name.elements) if (!ts.isOmittedExpression(e)) bindingNames(e.name, out);
}

function isScope(node: ts.Node): boolean {
  return ts.isSourceFile(node) || ts.isBlock(node) || ts.isFunctionLike(node) || ts.isForStatement(node) ||
    ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isCaseBlock(node) || ts.isCatchClause(node) || ts.isModuleBlock(node);
}

/** Declarations made directly in `scope` (not in nested functions or blocks), by name. */
function declarationsIn(scope: ts.Node): Map<string, Declaration> {
  const found = new Map<string, Declaration>();
  const add = (id: ts.Identifier | undefined, d: Declaration) => {
    if (id && !found.has(id.text)) found.set(id.text, d);
  };
  if (ts.isFunctionLike(scope)) {
    scope.parameters.forEach((p, index) => {
      const ids: ts.Identifier[] = [];
      bindingNames(p.name, ids);
      for (const id of ids) add(id, { kind: "parameter", node: p, fn: scope, index, scope });
    });
    // a named function expression sees its own name
    if (ts.isFunctionExpression(scope) && scope.name) add(scope.name, { kind: "other", node: scope, scope });
  }
  const variableList = (list: ts.VariableDeclarationList, statement: ts.VariableStatement | undefined) => {
    for (const d of list.declarations) {
      const ids: ts.Identifier[] = [];
      bindingNames(d.name, ids);
      for (const id of ids) add(id, { kind: "variable", node: d, statement, scope });
    }
  };
  if ((ts.isForStatement(scope) && scope.initializer && ts.isVariableDeclarationList(scope.initializer)) ||
      ((ts.isForOfStatement(scope) || ts.isForInStatement(scope)) && ts.isVariableDeclarationList(scope.initializer))) {
    variableList(scope.initializer as ts.VariableDeclarationList, undefined);
  }
  if (ts.isCatchClause(scope) && scope.variableDeclaration) {
    const ids: ts.Identifier[] = [];
    bindingNames(scope.variableDeclaration.name, ids);
    for (const id of ids) add(id, { kind: "other", node: scope.variableDeclaration, scope });
  }
  // a function's body is a Block: its statements are that scope's
  const statements: readonly ts.Node[] =
    ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope) ? scope.statements
      : ts.isCaseBlock(scope) ? scope.clauses.flatMap((c) => [...c.statements]) : [];
  for (const s of statements) {
    if (ts.isVariableStatement(s)) variableList(s.declarationList, s);
    else if (ts.isFunctionDeclaration(s)) add(s.name, { kind: "function", node: s, scope });
    else if (ts.isClassDeclaration(s)) add(s.name, { kind: "class", node: s, scope });
    else if (ts.isEnumDeclaration(s) || ts.isModuleDeclaration(s)) add(ts.isIdentifier(s.name) ? s.name : undefined, { kind: "other", node: s, scope });
    else if (ts.isImportDeclaration(s) && s.importClause) {
      const c = s.importClause;
      add(c.name, { kind: "import", node: s, scope });
      const b = c.namedBindings;
      if (b && ts.isNamespaceImport(b)) add(b.name, { kind: "import", node: s, scope });
      if (b && ts.isNamedImports(b)) for (const e of b.elements) add(e.name, { kind: "import", node: s, scope });
    } else if (ts.isImportEqualsDeclaration(s)) add(s.name, { kind: "import", node: s, scope });
  }
  return found;
}

const scopeCache = new WeakMap<ts.Node, Map<string, Declaration>>();

/** The declaration `name` refers to at `from`, walking out through the enclosing scopes; undefined for globals. */
export function resolveName(name: string, from: ts.Node): Declaration | undefined {
  for (let node: ts.Node | undefined = from; node; node = node.parent) {
    if (!isScope(node)) continue;
    let map = scopeCache.get(node);
    if (!map) {
      map = declarationsIn(node);
      scopeCache.set(node, map);
    }
    const d = map.get(name);
    if (d) return d;
  }
  return undefined;
}

/** Whether a declaration sits at the module's top level (or is an import). */
export function isModuleLevel(d: Declaration): boolean {
  return ts.isSourceFile(d.scope);
}

/** Is `id` a reference to a variable (not a property name, a key, a label, or a declaration's own name)? */
function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return true;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if (ts.isQualifiedName(p) && p.right === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isPropertySignature(p) ||
       ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isEnumMember(p)) && p.name === id) return false;
  if ((ts.isLabeledStatement(p) || ts.isBreakStatement(p) || ts.isContinueStatement(p)) && p.label === id) return false;
  if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isFunctionExpression(p) ||
       ts.isClassDeclaration(p) || ts.isBindingElement(p)) && p.name === id) return false;
  if (ts.isBindingElement(p) && p.propertyName === id) return false;
  if (ts.isTypeReferenceNode(p) || ts.isTypeQueryNode(p) || ts.isExpressionWithTypeArguments(p) && !ts.isHeritageClause(p.parent)) return false;
  if (ts.isImportSpecifier(p) || ts.isExportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p)) return false;
  return true;
}

/** Names a snippet uses without declaring them itself (in order of first use). Type positions are skipped. */
export function freeNames(code: string): string[] {
  const sf = ts.createSourceFile("snippet.ts", `function __snippet() {\n${code}\n}`, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const used: string[] = [];
  const seen = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isTypeNode(node)) return;
    // not declared anywhere in the snippet (its wrapper function is excluded below)
    if (ts.isIdentifier(node) && isReference(node) && !seen.has(node.text) && resolveName(node.text, node) === undefined) {
      seen.add(node.text);
      used.push(node.text);
    }
    ts.forEachChild(node, visit);
  };
  const fn = sf.statements[0] as ts.FunctionDeclaration;
  if (fn.body) ts.forEachChild(fn.body, visit);
  return used.filter((n) => n !== "__snippet");
}

/** The offset of the occurrence of `snippet` in `text` nearest to `near` (the finding's statement), else undefined. */
export function locate(text: string, snippet: string, near: number): number | undefined {
  if (snippet.length === 0) return undefined;
  if (text.startsWith(snippet, near)) return near; // the usual case
  // The nearest occurrence is the first one after `near` or the last one before it. Searched forward
  // first: a backward search from `near` that finds nothing scans the text to its start, once per
  // finding (quadratic), so it only looks as far back as the one after is ahead.
  const after = text.indexOf(snippet, near);
  const from = after < 0 ? 0 : Math.max(0, near - (after - near));
  const window = text.slice(from, Math.min(text.length, near + snippet.length - 1));
  const inWindow = window.lastIndexOf(snippet);
  const before = inWindow < 0 ? -1 : from + inWindow;
  if (before < 0) return after < 0 ? undefined : after;
  if (after < 0) return before;
  return near - before <= after - near ? before : after;
}
