// STUB: the rule owner replaces this file (Ruff-style docs + guard clauses + check).
import type { Rule } from "../engine/rule";

export const oversizedDtype: Rule = {
  meta: {
    id: "oversized-dtype",
    summary: "",
    defaultSeverity: "warning",
    fixability: "none",
    docsPath: "docs/rules/oversized-dtype.md",
  },
  check(): void {},
};
