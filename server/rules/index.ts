// The rule registry: every rule module, in the order `arraylint rules` lists them.
import type { Rule } from "../engine/rule";
import { elementwiseLoop } from "./elementwise-loop";
import { pushThenConvert } from "./push-then-convert";
import { manualReduction } from "./manual-reduction";
import { oversizedDtype } from "./oversized-dtype";

export const ALL_RULES: readonly Rule[] = [elementwiseLoop, pushThenConvert, manualReduction, oversizedDtype];
