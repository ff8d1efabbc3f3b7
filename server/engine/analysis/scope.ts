// Scope queries: where a name is declared, whether it is reassigned, free variables of a statement.
import { Node, SyntaxKind, ts, type Identifier, type Symbol as MorphSymbol, type VariableDeclaration } from "ts-morph";
import { benchTypeText } from "./types";
import { compilerSymbolOf, usesOf, wrap } from "./defuse";

export function symbolOf(node: Node): MorphSymbol | undefined {
  try {
    return node.getSymbol();
  } catch {
    return undefined;
  }
}

/** The declaration node of an identifier (variable declaration, parameter, …), same file only. */
export function declarationOf(id: Node): Node | undefined {
  const sym = symbolOf(id);
  const decl = sym?.getDeclarations()[0];
  if (!decl || decl.getSourceFile() !== id.getSourceFile()) return undefined;
  return decl;
}

export function isWithin(node: Node, container: Node): boolean {
  return node.getStart() >= container.getStart() && node.getEnd() <= container.getEnd() && node.getSourceFile() === container.getSourceFile();
}

/** Identifiers inside `scope` that refer to the same variable as `id` (from the file's def-use index). */
export function referencesIn(id: Node, scope: Node): Identifier[] {
  const uses = usesOf(id);
  if (!uses) return [];
  return uses.references.map((r) => r.id).filter((r) => isWithin(r, scope));
}

/** The narrowest node all references of `id`'s variable must lie in: its declaring function or the file. */
export function declarationScope(id: Node): Node {
  const decl = declarationOf(id);
  return decl ? enclosingScope(decl) : id.getSourceFile();
}

/** True when the identifier occurrence is written: `x = …`, `x += …`, `x++`, `[x] = …`, `for (x of …)`. */
export function isWriteReference(id: Node): boolean {
  let child: Node = id;
  let parent = id.getParent();
  // Walk out through destructuring patterns and parentheses.
  while (
    parent &&
    (Node.isParenthesizedExpression(parent) ||
      Node.isArrayLiteralExpression(parent) ||
      Node.isShorthandPropertyAssignment(parent) ||
      (Node.isPropertyAssignment(parent) && parent.getInitializer() === child) ||
      Node.isObjectLiteralExpression(parent) ||
      Node.isSpreadElement(parent))
  ) {
    child = parent;
    parent = parent.getParent();
  }
  if (!parent) return false;
  if (Node.isBinaryExpression(parent) && parent.getLeft() === child) {
    const op = parent.getOperatorToken().getKind();
    return op >= SyntaxKind.FirstAssignment && op <= SyntaxKind.LastAssignment;
  }
  if (Node.isPrefixUnaryExpression(parent) || Node.isPostfixUnaryExpression(parent)) {
    const op = parent.getOperatorToken();
    return op === SyntaxKind.PlusPlusToken || op === SyntaxKind.MinusMinusToken;
  }
  if ((Node.isForOfStatement(parent) || Node.isForInStatement(parent)) && parent.getInitializer() === child) return true;
  return false;
}

/** The function (or source file) whose body holds `node`. */
export function enclosingScope(node: Node): Node {
  return (
    node.getFirstAncestor(
      (a) =>
        Node.isFunctionDeclaration(a) ||
        Node.isFunctionExpression(a) ||
        Node.isArrowFunction(a) ||
        Node.isMethodDeclaration(a) ||
        Node.isConstructorDeclaration(a) ||
        Node.isGetAccessorDeclaration(a) ||
        Node.isSetAccessorDeclaration(a),
    ) ?? node.getSourceFile()
  );
}

/** Is the variable behind `id` written anywhere inside `container`? */
export function isAssignedWithin(id: Node, container: Node): boolean {
  const uses = usesOf(id);
  return uses !== undefined && uses.writes.some((w) => isWithin(w.id, container));
}

/**
 * Is the variable behind `id` ever reassigned after its declaration? `const` never is; a `let`
 * or parameter is checked across the whole file (closures included).
 */
export function isEverReassigned(id: Node): boolean {
  const decl = declarationOf(id);
  if (!decl) return true; // unknown origin: assume the worst
  if (Node.isVariableDeclaration(decl)) {
    const list = decl.getVariableStatement()?.getDeclarationList() ?? decl.getParent();
    if (Node.isVariableDeclarationList(list) && list.getFlags() & 2 /* NodeFlags.Const */) return false;
  }
  // Every write in this file, closures included (a parameter's or local's writes all lie in it).
  const uses = usesOf(id);
  return !uses || uses.writes.length > 0;
}

/** A `const`/`let` declaration of the identifier, when it is a plain variable. */
export function variableDeclarationOf(id: Node): VariableDeclaration | undefined {
  const decl = declarationOf(id);
  return decl && Node.isVariableDeclaration(decl) ? decl : undefined;
}

/** Globals the rules treat as pure and never as free variables. */
const AMBIENT_NAMES = new Set(["Math", "Number", "Infinity", "NaN", "undefined", "Float64Array", "Float32Array", "Int8Array", "Int16Array", "Int32Array", "Uint8Array", "Uint8ClampedArray", "Uint16Array", "Uint32Array", "Array"]);

export interface FreeVariable {
  name: string;
  /** First reference inside the statement. */
  node: Identifier;
  /** Written inside the statement (an element write `y[i] = …` counts as written). */
  written: boolean;
  type: string;
}

/**
 * Variables used by `node` and declared outside it (in the same file), in order of first use.
 * One walk over the compiler nodes; symbols come from the file's def-use index, and only the free
 * variables get a ts-morph wrapper and a type.
 */
export function freeVariables(node: Node): FreeVariable[] {
  const seen = new Map<string, FreeVariable>();
  const sourceFile = node.getSourceFile();
  const compilerFile = sourceFile.compilerNode;
  const start = node.getPos();
  const end = node.getEnd();
  const visit = (n: ts.Node): void => {
    if (!ts.isIdentifier(n)) {
      ts.forEachChild(n, visit);
      return;
    }
    // `a.b`: only `a` is a variable; `{ b: 1 }` keys are not variables.
    const name = n.text;
    if (AMBIENT_NAMES.has(name)) return;
    const symbol = compilerSymbolOf(sourceFile, n);
    const decl = symbol?.declarations?.[0];
    if (!decl || decl.getSourceFile() !== compilerFile || (decl.pos >= start && decl.end <= end)) return;
    // Functions, classes and imports are not data the bench should synthesize.
    if (ts.isFunctionDeclaration(decl) || ts.isClassDeclaration(decl) || ts.isImportSpecifier(decl) || ts.isNamespaceImport(decl) || ts.isImportClause(decl)) return;
    const id = wrap<Identifier>(sourceFile, n);
    const written = isWriteReference(id) || isElementWriteTarget(id);
    const prev = seen.get(name);
    if (prev) {
      prev.written ||= written;
      return;
    }
    seen.set(name, { name, node: id, written, type: benchTypeText(id) });
  };
  visit(node.compilerNode);
  return [...seen.values()];
}

/** `y` in `y[i] = …`, `y[i] += …`, `y[i]++`. */
export function isElementWriteTarget(id: Node): boolean {
  const access = id.getParent();
  if (!access || !Node.isElementAccessExpression(access) || access.getExpression() !== id) return false;
  return isWriteReference(access);
}
