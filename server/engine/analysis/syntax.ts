// Small syntax helpers shared by the analyses and rules.
import { Node } from "ts-morph";

/** `((e))` → `e`: the expression inside any parentheses. */
export function unparen(e: Node): Node {
  let n = e;
  while (Node.isParenthesizedExpression(n)) n = n.getExpression();
  return n;
}
