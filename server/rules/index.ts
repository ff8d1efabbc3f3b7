// The rule registry: every rule module, in the order `arraylint rules` lists them.
import type { Rule } from "../engine/rule";
import { elementwiseLoop } from "./elementwise-loop";
import { pushThenConvert } from "./push-then-convert";
import { manualReduction } from "./manual-reduction";
import { oversizedDtype } from "./oversized-dtype";

import { RULE_IDS } from "./ids";

export { RULE_IDS, type RuleId } from "./ids";

export const ALL_RULES: readonly Rule[] = [elementwiseLoop, pushThenConvert, manualReduction, oversizedDtype];

// a rule added here but not to ids.ts (or out of order) would be invisible to config and docs
if (ALL_RULES.map((r) => r.meta.id).join() !== RULE_IDS.join()) {
  throw new Error(`rule registry and RULE_IDS disagree: ${ALL_RULES.map((r) => r.meta.id).join()} vs ${RULE_IDS.join()}`);
}
