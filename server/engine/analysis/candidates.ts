// The cheap syntactic candidate search each rule starts with. It walks the compiler's nodes, so only
// the candidates get ts-morph wrappers: wrapping every node of a file (forEachDescendant,
// getDescendantsOfKind) cost more than the rules' own work on real trees.
import { ts, type Node } from "ts-morph";
import { wrap } from "./defuse";

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
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(root.compilerNode, visit);
  return found;
}

/** `for (;;)`, `while`, `for…of`: the loop statements the loop analyses take. */
export function isLoopStatement(node: ts.Node): boolean {
  return ts.isForStatement(node) || ts.isWhileStatement(node) || ts.isForOfStatement(node);
}

/** `x.name(…)` (a property access callee, not `x["name"](…)` or `x.#name(…)`). */
export function isMethodCall(node: ts.Node, name: string): node is ts.CallExpression {
  return ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ts.isIdentifier(node.expression.name) && node.expression.name.text === name;
}
