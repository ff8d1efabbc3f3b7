// The def-use index: symbol → every reference, each classified once as a declaration, a read or
// a write. Built in one pass over the file's compiler nodes (no ts-morph wrappers, no type
// checker) that files identifiers by name; a name's identifiers are resolved to symbols the
// first time any rule asks about that name, each identifier exactly once. So every query costs
// the references of its own variable, and the whole analysis stays linear in the file: no rule
// walks a function per variable (issue 11).
//
// The index lives as long as one version of the file: it is keyed on the compiler's
// ts.SourceFile (ts-morph keeps its SourceFile wrapper across `createSourceFile(…, { overwrite })`
// but swaps the compiler node) and on the type checker that resolved it (a program rebuilt
// because another file changed resolves to new symbols).
import { Node, ts, type Identifier, type SourceFile } from "ts-morph";

/** How one occurrence of a variable uses it. */
export type ReferenceKind =
  /** `const x = …`, a parameter, `function x`, a binding element. */
  | "declaration"
  /** Any value use not listed below (element reads and element writes `x[i] = v` are reads of `x`). */
  | "read"
  /** `x = e`: `value` is e. */
  | "assign"
  /** `x += e`, `x++`, `--x`: a write that also reads. */
  | "update"
  /** `[x] = …`, `({ x } = …)`, `for (x of …)`, `for (x in …)`: a write whose value is not one expression. */
  | "destructure";

export interface Reference {
  id: Identifier;
  kind: ReferenceKind;
  /** For "assign": the assigned expression. */
  value?: Node;
}

export interface VariableUses {
  symbol: ts.Symbol;
  /** Every occurrence in this file (declarations included), in source order. */
  references: Reference[];
  /** The assign/update/destructure references. */
  writes: Reference[];
}

interface FileIndex {
  checker: ts.TypeChecker;
  sourceFile: SourceFile;
  /** Identifiers in value positions (property names and labels left out), by name; built on first need. */
  byName: Map<string, ts.Identifier[]> | undefined;
  /** Names whose identifiers have been resolved into `bySymbol`. */
  resolved: Set<string>;
  bySymbol: Map<ts.Symbol, ts.Identifier[]>;
  symbolOfIdentifier: Map<ts.Identifier, ts.Symbol | undefined>;
  uses: Map<ts.Symbol, VariableUses>;
  /** Per-file memo tables other analyses hang on the index (they die with it). */
  memo: Map<string, Map<unknown, unknown>>;
}

const indexes = new WeakMap<ts.SourceFile, FileIndex>();

/** Drops the file's index, whose memo tables may hold ts-morph wrappers: before the engine has them forgotten. */
export function dropFileIndex(sourceFile: ts.SourceFile): void {
  indexes.delete(sourceFile);
}

function checkerOf(sourceFile: SourceFile): ts.TypeChecker {
  return sourceFile.getProject().getTypeChecker().compilerObject;
}

function indexOf(node: Node): FileIndex {
  const sourceFile = node.getSourceFile();
  const compiler = sourceFile.compilerNode;
  const checker = checkerOf(sourceFile);
  let index = indexes.get(compiler);
  if (!index || index.checker !== checker) {
    index = {
      checker,
      sourceFile,
      byName: undefined,
      resolved: new Set(),
      bySymbol: new Map(),
      symbolOfIdentifier: new Map(),
      uses: new Map(),
      memo: new Map(),
    };
    indexes.set(compiler, index);
  }
  return index;
}

/**
 * One pass over the compiler nodes (ts.forEachChild: no tokens, no wrappers), statement by statement.
 * A top-level statement's identifiers are kept with the statement: after an edit, TypeScript's incremental
 * parser reuses the unchanged statements (the same nodes, the same identifiers inside), so only the
 * edited one is walked again. Nothing checker-dependent is kept there.
 */
function identifiersByName(sourceFile: ts.SourceFile): Map<string, ts.Identifier[]> {
  const byName = new Map<string, ts.Identifier[]>();
  for (const statement of sourceFile.statements) {
    for (const [name, ids] of identifiersOf(statement)) {
      const list = byName.get(name);
      if (list) list.push(...ids);
      else byName.set(name, ids.slice());
    }
  }
  return byName;
}

const identifiersOfStatement = new WeakMap<ts.Statement, Map<string, ts.Identifier[]>>();

function identifiersOf(statement: ts.Statement): Map<string, ts.Identifier[]> {
  let own = identifiersOfStatement.get(statement);
  if (!own) identifiersOfStatement.set(statement, (own = collectIdentifiers(statement)));
  return own;
}

function collectIdentifiers(root: ts.Node): Map<string, ts.Identifier[]> {
  const byName = new Map<string, ts.Identifier[]>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      if (isValuePosition(node)) {
        const name = node.text;
        const list = byName.get(name);
        if (list) list.push(node);
        else byName.set(name, [node]);
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(root);
  return byName;
}

/** False for identifiers that name a property, a member or a label rather than a variable. */
export function isValuePosition(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (!parent) return false;
  if (ts.isPropertyAccessExpression(parent)) return parent.expression === id;
  if (ts.isQualifiedName(parent)) return parent.left === id;
  if (
    ts.isPropertyAssignment(parent) ||
    ts.isMethodDeclaration(parent) ||
    ts.isPropertyDeclaration(parent) ||
    ts.isPropertySignature(parent) ||
    ts.isMethodSignature(parent) ||
    ts.isGetAccessorDeclaration(parent) ||
    ts.isSetAccessorDeclaration(parent) ||
    ts.isEnumMember(parent)
  ) {
    return parent.name !== id;
  }
  if (ts.isBindingElement(parent)) return parent.propertyName !== id;
  if (ts.isImportSpecifier(parent)) return parent.propertyName !== id;
  if (ts.isLabeledStatement(parent) || ts.isBreakStatement(parent) || ts.isContinueStatement(parent)) return false;
  if (ts.isJsxAttribute(parent)) return false;
  // `export { x as y }`: `x` is the local variable, `y` only the exported name
  if (ts.isExportSpecifier(parent)) return (parent.propertyName ?? parent.name) === id;
  return true;
}

/** The symbol a value-position identifier refers to (shorthand `{ x }` and `export { x }` resolve to the variable). */
function resolve(index: FileIndex, id: ts.Identifier): ts.Symbol | undefined {
  if (index.symbolOfIdentifier.has(id)) return index.symbolOfIdentifier.get(id);
  let symbol: ts.Symbol | undefined;
  try {
    const parent = id.parent;
    if (parent && ts.isShorthandPropertyAssignment(parent) && parent.name === id) {
      symbol = index.checker.getShorthandAssignmentValueSymbol(parent);
    } else if (parent && ts.isExportSpecifier(parent) && !parent.parent.parent.moduleSpecifier) {
      symbol = index.checker.getExportSpecifierLocalTargetSymbol(parent);
    } else {
      symbol = index.checker.getSymbolAtLocation(id);
    }
  } catch {
    symbol = undefined;
  }
  index.symbolOfIdentifier.set(id, symbol);
  return symbol;
}

function resolveName(index: FileIndex, name: string): void {
  if (index.resolved.has(name)) return;
  index.resolved.add(name);
  index.byName ??= identifiersByName(index.sourceFile.compilerNode);
  for (const id of index.byName.get(name) ?? []) {
    const symbol = resolve(index, id);
    if (!symbol) continue;
    const list = index.bySymbol.get(symbol);
    if (list) list.push(id);
    else index.bySymbol.set(symbol, [id]);
  }
}

/** The compiler symbol of a variable occurrence (undefined for property names and unresolved names). */
export function variableSymbol(id: Node): ts.Symbol | undefined {
  if (!Node.isIdentifier(id)) return undefined;
  const compiler = id.compilerNode;
  if (!isValuePosition(compiler)) return undefined;
  return resolve(indexOf(id), compiler);
}

/** The symbol of a compiler identifier of `sourceFile` in a value position (cached with the index). */
export function compilerSymbolOf(sourceFile: SourceFile, id: ts.Identifier): ts.Symbol | undefined {
  return isValuePosition(id) ? resolve(indexOf(sourceFile), id) : undefined;
}

/** Every occurrence in this file of the variable `id` names, classified; undefined when it does not resolve. */
export function usesOf(id: Node): VariableUses | undefined {
  if (!Node.isIdentifier(id)) return undefined;
  const index = indexOf(id);
  const symbol = isValuePosition(id.compilerNode) ? resolve(index, id.compilerNode) : undefined;
  if (!symbol) return undefined;
  return usesOfSymbol(index, symbol, id.compilerNode.text);
}

function usesOfSymbol(index: FileIndex, symbol: ts.Symbol, name: string): VariableUses {
  const known = index.uses.get(symbol);
  if (known) return known;
  const references: Reference[] = [];
  const writes: Reference[] = [];
  const add = (compilerId: ts.Identifier): void => {
    const ref = classify(index, compilerId);
    references.push(ref);
    if (ref.kind === "assign" || ref.kind === "update" || ref.kind === "destructure") writes.push(ref);
  };
  const scope = localScopeOf(symbol, index.sourceFile.compilerNode);
  if (scope) {
    // A function's local is named only inside that function: resolve the identifiers there, not every
    // `i` of the file (after an edit the engine re-analyses one function with a new checker).
    // the top-level statement holding the function: its identifiers only (after an edit the others are
    // not walked at all)
    for (const ids of identifierListsWithin(index.sourceFile.compilerNode, scope, name)) {
      for (let k = firstAtOrAfter(ids, scope.pos); k < ids.length && ids[k].pos < scope.end; k++) {
        if (resolve(index, ids[k]) === symbol) add(ids[k]);
      }
    }
  } else {
    resolveName(index, name);
    for (const compilerId of index.bySymbol.get(symbol) ?? []) add(compilerId);
  }
  const uses: VariableUses = { symbol, references, writes };
  index.uses.set(symbol, uses);
  return uses;
}

/**
 * The function (a declaration, expression, arrow, method or accessor) that encloses every declaration
 * of `symbol`, when the symbol is local to one in this file; undefined for module-level, namespace and
 * global symbols and those declared in other files.
 */
function localScopeOf(symbol: ts.Symbol, sourceFile: ts.SourceFile): { pos: number; end: number } | undefined {
  const declarations = symbol.declarations;
  if (!declarations || declarations.length === 0) return undefined;
  let pos = Infinity;
  let end = -Infinity;
  for (const declaration of declarations) {
    if (declaration.getSourceFile() !== sourceFile) return undefined;
    let fn: ts.Node | undefined;
    for (let n: ts.Node | undefined = declaration.parent; n; n = n.parent) {
      if (ts.isSourceFile(n) || ts.isModuleBlock(n)) break;
      if (ts.isFunctionLike(n)) {
        fn = n;
        break;
      }
    }
    if (!fn) return undefined;
    pos = Math.min(pos, fn.pos);
    end = Math.max(end, fn.end);
  }
  return { pos, end };
}

/** The identifiers named `name` of each top-level statement that overlaps `range`, in source order. */
function identifierListsWithin(sourceFile: ts.SourceFile, range: { pos: number; end: number }, name: string): ts.Identifier[][] {
  const statements = sourceFile.statements;
  let lo = 0;
  let hi = statements.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (statements[mid].end <= range.pos) lo = mid + 1;
    else hi = mid;
  }
  const lists: ts.Identifier[][] = [];
  for (let i = lo; i < statements.length && statements[i].pos < range.end; i++) {
    const list = identifiersOf(statements[i]).get(name);
    if (list) lists.push(list);
  }
  return lists;
}

/** Index of the first identifier (in source order) that starts at or after `pos`. */
function firstAtOrAfter(ids: readonly ts.Identifier[], pos: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ids[mid].pos < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** ts-morph's own wrapper for a compiler node of this file (its cache, so wrappers stay unique). */
export function wrap<T extends Node = Node>(sourceFile: SourceFile, node: ts.Node): T {
  const factory = sourceFile as unknown as { _getNodeFromCompilerNode?: (n: ts.Node) => Node };
  if (typeof factory._getNodeFromCompilerNode === "function") return factory._getNodeFromCompilerNode(node) as T;
  // Fallback for a ts-morph without the internal accessor: find the node by position.
  const found = sourceFile.getDescendantAtPos(node.getStart(sourceFile.compilerNode));
  for (let n: Node | undefined = found; n; n = n.getParent()) if (n.compilerNode === node) return n as T;
  throw new Error(`cannot wrap ${ts.SyntaxKind[node.kind]} at ${node.pos}`);
}

function classify(index: FileIndex, compilerId: ts.Identifier): Reference {
  const id = wrap<Identifier>(index.sourceFile, compilerId);
  const parent = compilerId.parent;
  if (isDeclarationName(compilerId)) return { id, kind: "declaration" };
  // Walk out through parentheses and destructuring patterns to the assignment, if any.
  let child: ts.Node = compilerId;
  let node: ts.Node = parent;
  let pattern = false;
  while (
    ts.isParenthesizedExpression(node) ||
    ts.isNonNullExpression(node) ||
    ((ts.isArrayLiteralExpression(node) || ts.isObjectLiteralExpression(node) || ts.isShorthandPropertyAssignment(node) || ts.isSpreadElement(node) || ts.isSpreadAssignment(node)) && (pattern = true)) ||
    (ts.isPropertyAssignment(node) && node.initializer === child && (pattern = true))
  ) {
    child = node;
    node = node.parent;
  }
  if (ts.isBinaryExpression(node) && node.left === child && isAssignmentOperator(node.operatorToken.kind)) {
    if (pattern) return { id, kind: "destructure" };
    if (node.operatorToken.kind === ts.SyntaxKind.EqualsToken) return { id, kind: "assign", value: wrap(index.sourceFile, node.right) };
    return { id, kind: "update" };
  }
  if ((ts.isForOfStatement(node) || ts.isForInStatement(node)) && node.initializer === child) return { id, kind: "destructure" };
  if (!pattern && (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node))) {
    const op = node.operator;
    if (op === ts.SyntaxKind.PlusPlusToken || op === ts.SyntaxKind.MinusMinusToken) return { id, kind: "update" };
  }
  return { id, kind: "read" };
}

function isDeclarationName(id: ts.Identifier): boolean {
  const parent = id.parent;
  return (
    ((ts.isVariableDeclaration(parent) ||
      ts.isParameter(parent) ||
      ts.isBindingElement(parent) ||
      ts.isFunctionDeclaration(parent) ||
      ts.isFunctionExpression(parent) ||
      ts.isClassDeclaration(parent) ||
      ts.isClassExpression(parent) ||
      ts.isEnumDeclaration(parent) ||
      ts.isImportSpecifier(parent) ||
      ts.isImportClause(parent) ||
      ts.isNamespaceImport(parent) ||
      ts.isImportEqualsDeclaration(parent)) &&
      parent.name === id)
  );
}

export function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/**
 * A memo table that lives as long as the file's index (one file version, one checker): analyses
 * cache per-node or per-symbol facts here instead of recomputing them for every candidate.
 */
export function fileMemo<K, V>(node: Node, table: string): Map<K, V> {
  const index = indexOf(node);
  let memo = index.memo.get(table);
  if (!memo) {
    memo = new Map();
    index.memo.set(table, memo);
  }
  return memo as Map<K, V>;
}

/** Memoise `compute(node)` per compiler node for this file version. */
export function memoized<T>(table: string, node: Node, compute: () => T): T {
  const memo = fileMemo<ts.Node, T>(node, table);
  const key = node.compilerNode;
  if (memo.has(key)) return memo.get(key) as T;
  const value = compute();
  memo.set(key, value);
  return value;
}
