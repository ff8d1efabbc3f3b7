// STUB: the rule owner replaces this file (Ruff-style docs + guard clauses + check).
import type { Rule } from "../engine/rule";

export const elementwiseLoop: Rule = {
  meta: {
    id: "elementwise-loop",
    summary: "",
    defaultSeverity: "warning",
    fixability: "none",
    docsPath: "docs/rules/elementwise-loop.md",
  },
  check(): void {},
};
