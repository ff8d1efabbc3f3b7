// STUB: the rule owner replaces this file (Ruff-style docs + guard clauses + check).
import type { Rule } from "../engine/rule";

export const manualReduction: Rule = {
  meta: {
    id: "manual-reduction",
    summary: "",
    defaultSeverity: "warning",
    fixability: "none",
    docsPath: "docs/rules/manual-reduction.md",
  },
  check(): void {},
};
