// Small syntax helpers shared by the analyses and rules.
import { Node } from "ts-morph";

/** `((e))` → `e`: the expression inside any parentheses. */
export function unparen(e: Node): Node {
  let n = e;
  while (Node.isParenthesizedExpression(n)) n = n.getExpression();
  return n;
}

/** `name` as a whole identifier in source text: not inside a longer name (`nd` in `nd2`, `$nd`, `and`). */
export function identifierPattern(name: string, flags = ""): RegExp {
  return new RegExp(`(?<![\\w$])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w$])`, flags);
}

/** Source text for a one-line message: whitespace collapsed, cut to `max` characters with an ellipsis. */
export function clipCode(text: string, max = 32): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : flat.slice(0, max - 1) + "…";
}
