// Escape analysis that knows modules (issue 9 item 2): can code this analysis does not see get hold
// of a variable's value? Then the value's type is part of an API (a rule offers a refactor at most,
// naming the escape) or, when other code may write into it, nothing about its contents is proven.
//
// A value escapes when it is exported (`export const x`, `export { x }`, `export { x as y }`,
// `export default x`, `module.exports = x`, `module.exports.y = x`, `exports.y = x`, assigned into
// an exported object), returned (also from a nested function or an arrow's expression body),
// stored (in a field, an object or array literal), passed to other code (a call or `new`
// argument), aliased (`const b = x`, `b = x`), or captured by a function that itself escapes
// (a nested function that is returned, exported, stored or passed on can use the value later).
import { Node, SyntaxKind, type Identifier } from "ts-morph";
import { memoized, usesOf, type VariableUses } from "./defuse";
import { enclosingScope } from "./scope";
import { clipCode } from "./syntax";

export type EscapeKind = "exported" | "returned" | "stored" | "passed" | "aliased" | "captured";

export interface Escape {
  kind: EscapeKind;
  /** The reference (or declaration) through which the value escapes. */
  node: Node;
  /** A few words for messages: "exported as `table`", "passed to `fill`". */
  why: string;
}

/** `(x)`, `x as T`, `<T>x`, `x!`, `x satisfies T`, `c ? x : y`, `x ?? y`, `x || y`: the value may still be x's. */
export function valueHolder(node: Node): Node {
  let n = node;
  for (;;) {
    const p = n.getParent();
    if (!p) return n;
    if (Node.isParenthesizedExpression(p) || Node.isAsExpression(p) || Node.isTypeAssertion(p) || Node.isNonNullExpression(p) || Node.isSatisfiesExpression(p)) {
      n = p;
      continue;
    }
    if (Node.isConditionalExpression(p) && p.getCondition() !== n) {
      n = p;
      continue;
    }
    if (Node.isBinaryExpression(p)) {
      const op = p.getOperatorToken().getKind();
      if (op === SyntaxKind.QuestionQuestionToken || op === SyntaxKind.BarBarToken || op === SyntaxKind.AmpersandAmpersandToken) {
        n = p;
        continue;
      }
    }
    return n;
  }
}

/** `module.exports`, `module.exports.x`, `exports.x` (CommonJS) at the root of an assignment target. */
function isCommonJsExportTarget(target: Node): boolean {
  let n: Node = target;
  while (Node.isPropertyAccessExpression(n) || Node.isElementAccessExpression(n)) {
    const object = n.getExpression();
    if (Node.isPropertyAccessExpression(n) && n.getName() === "exports" && Node.isIdentifier(object) && object.getText() === "module") return true;
    n = object;
  }
  // `exports` is CommonJS's unless this file declares a variable of that name
  return Node.isIdentifier(n) && n.getText() === "exports" && !usesOf(n)?.references.some((r) => r.kind === "declaration");
}

/** The identifier at the root of `a.b[c].d`, if any. */
function rootIdentifier(target: Node): Identifier | undefined {
  let n: Node = target;
  while (Node.isPropertyAccessExpression(n) || Node.isElementAccessExpression(n)) n = n.getExpression();
  return Node.isIdentifier(n) ? n : undefined;
}

/**
 * How the value at `expression` (a variable reference, or any expression whose value is the
 * variable's) leaves the code around it; undefined when this use keeps it here (a read, an
 * element access, a call of it, a comparison…).
 */
export function escapeOfValue(expression: Node): Escape | undefined {
  const e = valueHolder(expression);
  const p = e.getParent();
  if (!p) return undefined;
  const name = clipCode(expression.getText(), 24);
  if (Node.isExportSpecifier(p)) {
    const alias = p.getAliasNode();
    return { kind: "exported", node: expression, why: alias ? `exported as \`${alias.getText()}\`` : "exported" };
  }
  if (Node.isExportAssignment(p)) return { kind: "exported", node: expression, why: "exported as the default export" };
  if (Node.isReturnStatement(p)) return { kind: "returned", node: expression, why: "returned" };
  if (Node.isArrowFunction(p) && p.getBody() === e) return { kind: "returned", node: expression, why: "returned" };
  if (Node.isYieldExpression(p)) return { kind: "returned", node: expression, why: "yielded" };
  if (Node.isThrowStatement(p)) return { kind: "returned", node: expression, why: "thrown" };
  if (Node.isBinaryExpression(p) && p.getRight() === e && p.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
    const left = p.getLeft();
    if (isCommonJsExportTarget(left)) return { kind: "exported", node: expression, why: `exported through \`${clipCode(left.getText(), 32)}\`` };
    if (Node.isPropertyAccessExpression(left) || Node.isElementAccessExpression(left)) {
      const root = rootIdentifier(left);
      if (root && isExportedVariable(root)) return { kind: "exported", node: expression, why: `stored in the exported \`${root.getText()}\`` };
      return { kind: "stored", node: expression, why: `stored in \`${clipCode(left.getText(), 32)}\`` };
    }
    return { kind: "aliased", node: expression, why: `aliased as \`${clipCode(left.getText(), 24)}\`` };
  }
  if (Node.isVariableDeclaration(p) && p.getInitializer() === e) {
    // const [x0] = a / const { length } = a: reads, not a second name for the array
    if (!Node.isIdentifier(p.getNameNode())) return undefined;
    return { kind: "aliased", node: expression, why: `aliased as \`${p.getName()}\`` };
  }
  if (Node.isPropertyDeclaration(p) && p.getInitializer() === e) return { kind: "stored", node: expression, why: "stored in a field" };
  if (Node.isShorthandPropertyAssignment(p) || (Node.isPropertyAssignment(p) && p.getInitializer() === e) || Node.isArrayLiteralExpression(p)) {
    // { table } / [table]: where does the literal go?
    const literal = Node.isArrayLiteralExpression(p) ? p : p.getParentOrThrow();
    const outer = escapeOfValue(outermostLiteral(literal));
    if (outer && outer.kind !== "aliased") return { ...outer, node: expression, why: `${outer.why} inside ${Node.isArrayLiteralExpression(p) ? "an array" : "an object"}` };
    return { kind: "stored", node: expression, why: Node.isArrayLiteralExpression(p) ? "stored in an array" : "stored in an object" };
  }
  if ((Node.isCallExpression(p) || Node.isNewExpression(p)) && p.getExpression() !== e) {
    return { kind: "passed", node: expression, why: `passed to \`${clipCode(p.getExpression().getText(), 32)}\`` };
  }
  if (Node.isJsxExpression(p)) return { kind: "passed", node: expression, why: "passed to a JSX element" };
  return undefined;
}

function outermostLiteral(literal: Node): Node {
  let n = literal;
  for (;;) {
    const p = valueHolder(n).getParent();
    if (!p) return n;
    if (Node.isArrayLiteralExpression(p)) n = p;
    else if ((Node.isPropertyAssignment(p) || Node.isShorthandPropertyAssignment(p)) && Node.isObjectLiteralExpression(p.getParent())) n = p.getParentOrThrow();
    else return n;
  }
}

/** `export const x`, `export function x`, `export { x }`, `export default x`, `module.exports = { x }`… */
export function isExportedVariable(id: Identifier): boolean {
  return memoized("escapes.isExportedVariable", id, () => {
    const uses = usesOf(id);
    if (!uses) return false;
    return exportOfDeclaration(uses) !== undefined || uses.references.some((r) => r.kind === "read" && escapeOfValue(r.id)?.kind === "exported");
  });
}

function exportOfDeclaration(uses: VariableUses): Escape | undefined {
  for (const ref of uses.references) {
    if (ref.kind !== "declaration") continue;
    const decl = ref.id.getParentOrThrow();
    const statement = Node.isVariableDeclaration(decl) ? decl.getVariableStatement() : decl;
    if (statement && (Node.isVariableStatement(statement) || Node.isFunctionDeclaration(statement) || Node.isClassDeclaration(statement)) && statement.isExported()) {
      return { kind: "exported", node: ref.id, why: "exported" };
    }
  }
  return undefined;
}

/** Functions (and classes) whose code can run after the code that defined them, called by other code. */
function isEscapingFunction(fn: Node): boolean {
  return memoized("escapes.isEscapingFunction", fn, () => {
    // function f() {} / class C { m() {} }: escapes through its name (or its class's)
    if (Node.isFunctionDeclaration(fn)) {
      if (fn.isExported() || fn.isDefaultExport()) return true;
      const name = fn.getNameNode();
      return name !== undefined && escapesOf(name, { captures: false }).length > 0;
    }
    if (Node.isMethodDeclaration(fn) || Node.isConstructorDeclaration(fn) || Node.isGetAccessorDeclaration(fn) || Node.isSetAccessorDeclaration(fn)) {
      const cls = fn.getParent();
      if (Node.isClassDeclaration(cls)) {
        if (cls.isExported() || cls.isDefaultExport()) return true;
        const name = cls.getNameNode();
        return name !== undefined && escapesOf(name, { captures: false }).length > 0;
      }
      return true;
    }
    // const g = () => …: escapes through `g`; any other position (returned, passed as a callback,
    // stored) hands the function to other code
    const holder = valueHolder(fn);
    const p = holder.getParent();
    if (p && Node.isVariableDeclaration(p) && p.getInitializer() === holder && Node.isIdentifier(p.getNameNode())) {
      return escapesOf(p.getNameNode() as Identifier, { captures: false }).length > 0;
    }
    return escapeOfValue(fn) !== undefined;
  });
}

/** The function that holds `node`, when it lies inside a function nested in `scope` (or any function for the file scope). */
function capturingFunctions(node: Node, scope: Node): Node[] {
  const functions: Node[] = [];
  for (let f = enclosingScope(node); f !== scope && !Node.isSourceFile(f); f = enclosingScope(f)) functions.push(f);
  return functions;
}

/**
 * Every way the variable declared by `declarationName` escapes, in source order. With
 * `captures` (default), a reference inside a nested function that escapes counts too, unless it
 * only reads values (indexing, `.length`, iteration, spread, a call of it).
 */
export function escapesOf(declarationName: Identifier, options: { captures?: boolean } = {}): Escape[] {
  const uses = usesOf(declarationName);
  if (!uses) return [];
  const escapes: Escape[] = [];
  const exported = exportOfDeclaration(uses);
  if (exported) escapes.push(exported);
  const declaration = uses.references.find((r) => r.kind === "declaration");
  const scope = declaration ? enclosingScope(declaration.id) : declarationName.getSourceFile();
  for (const ref of uses.references) {
    if (ref.kind !== "read") continue;
    const direct = escapeOfValue(ref.id);
    if (direct) {
      escapes.push(direct);
      continue;
    }
    if (options.captures === false || readsValuesOnly(ref.id)) continue;
    const escaping = capturingFunctions(ref.id, scope).find(isEscapingFunction);
    if (escaping) escapes.push({ kind: "captured", node: ref.id, why: "captured by a function that other code can call" });
  }
  return escapes;
}

/** `x[i]`, `x.length`, `x(…)`, `for (const v of x)`, `[...x]`: sees the values, never hands `x` itself on. */
function readsValuesOnly(id: Identifier): boolean {
  const p = id.getParent();
  if (!p) return false;
  if (Node.isForOfStatement(p) && p.getExpression() === id) return true;
  if (Node.isSpreadElement(p)) return true;
  if (Node.isElementAccessExpression(p) && p.getExpression() === id) return true;
  if (Node.isPropertyAccessExpression(p) && p.getExpression() === id && p.getName() === "length") return true;
  // f(x) / new T(x) with x the callee: calls it, does not hand it on
  if ((Node.isCallExpression(p) || Node.isNewExpression(p)) && p.getExpression() === id) return true;
  return false;
}
