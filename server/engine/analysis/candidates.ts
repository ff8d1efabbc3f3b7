// The cheap syntactic candidate search each rule starts with, and the other whole-subtree searches.
// They walk the compiler's nodes, so only what they return gets a ts-morph wrapper: wrapping every
// node of a file (forEachDescendant, getDescendantsOfKind) cost more than the rules' own work on real trees.
import { ts, type Node } from "ts-morph";
import { wrap } from "./defuse";
import type { RuleContext } from "../rule";

// The bundle reaches `ts` through a getter per property access: hot walks keep their own references.
const { forEachChild, isCallExpression, isForStatement, isWhileStatement, isForOfStatement, isPropertyAccessExpression, isIdentifier, SyntaxKind } = ts;

/**
 * The nodes below `root` that `match` accepts, in ts-morph's `forEachDescendant` order (a node
 * before its children, children in source order; JSDoc is not entered), as ts-morph wrappers.
 */
export function findDescendants(root: Node, match: (node: ts.Node) => boolean): Node[] {
  const sourceFile = root.getSourceFile();
  const found: Node[] = [];
  // the engine analyses only trees at most MAX_SYNTAX_DEPTH deep, so recursion is safe here
  const visit = (node: ts.Node): void => {
    if (match(node)) found.push(wrap(sourceFile, node));
    forEachChild(node, visit);
  };
  forEachChild(root.compilerNode, visit);
  return found;
}

/**
 * A rule's candidates: `findDescendants` of the file, or of the one function the engine re-analyses
 * after an edit inside it (`ctx.scope`; the rest of the file keeps its previous findings).
 */
export function findCandidates(ctx: RuleContext, match: (node: ts.Node) => boolean): Node[] {
  const scope = ctx.scope;
  if (!scope) return findDescendants(ctx.sourceFile, match);
  const root = wrap(ctx.sourceFile, scope);
  const found = findDescendants(root, match);
  return match(scope) ? [root, ...found] : found;
}

/**
 * Whether a node below `root` satisfies `match` (searched in `findDescendants` order, stopping at the
 * first), not looking inside the nodes `skip` accepts.
 */
export function hasDescendant(root: Node, match: (node: ts.Node) => boolean, skip?: (node: ts.Node) => boolean): boolean {
  const visit = (node: ts.Node): boolean | undefined => {
    if (skip?.(node)) return undefined;
    if (match(node)) return true;
    return forEachChild(node, visit);
  };
  return forEachChild(root.compilerNode, visit) === true;
}

/** `for (;;)`, `while`, `for…of`: the loop statements the loop analyses take. */
export function isLoopStatement(node: ts.Node): boolean {
  return isForStatement(node) || isWhileStatement(node) || isForOfStatement(node);
}

/** Every iteration statement: the loop statements and `do…while`, `for…in`. */
export function isAnyLoop(node: ts.Node): boolean {
  const kind = node.kind;
  return kind === SyntaxKind.ForStatement || kind === SyntaxKind.WhileStatement || kind === SyntaxKind.ForOfStatement || kind === SyntaxKind.DoStatement || kind === SyntaxKind.ForInStatement;
}

/** `x.name(…)` (a property access callee, not `x["name"](…)` or `x.#name(…)`). */
export function isMethodCall(node: ts.Node, name: string): node is ts.CallExpression {
  return isCallExpression(node) && isPropertyAccessExpression(node.expression) && isIdentifier(node.expression.name) && node.expression.name.text === name;
}

/** An identifier whose source text is `name` (its text as written, escapes and all, like ts-morph's getText()). */
export function isIdentifierSpelled(node: ts.Node, name: string, sourceFile: ts.SourceFile): node is ts.Identifier {
  return isIdentifier(node) && node.getText(sourceFile) === name;
}
