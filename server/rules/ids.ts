// The one list of rule ids, in the order `arraylint rules` lists them. The registry (index.ts) must
// hold exactly these rules in this order (checked where ALL_RULES is built); every other id list in
// the code (the RuleId type, config's validation, the bundled docs) is derived from this one.
export const RULE_IDS = ["elementwise-loop", "push-then-convert", "manual-reduction", "oversized-dtype"] as const;

export type RuleId = (typeof RULE_IDS)[number];
