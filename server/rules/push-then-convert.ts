// STUB: the rule owner replaces this file (Ruff-style docs + guard clauses + check).
import type { Rule } from "../engine/rule";

export const pushThenConvert: Rule = {
  meta: {
    id: "push-then-convert",
    summary: "",
    defaultSeverity: "warning",
    fixability: "none",
    docsPath: "docs/rules/push-then-convert.md",
  },
  check(): void {},
};
