// Every rule's fuzz targets, in registry order. A rule's generator file exports `targets`.
import type { FixFuzzTarget } from "../fix-fuzzer";
import { targets as elementwiseLoop } from "./elementwise-loop";
import { targets as pushThenConvert } from "./push-then-convert";
import { targets as oversizedDtype } from "./oversized-dtype";
import { targets as manualReduction } from "./manual-reduction";

export const ALL_TARGETS: FixFuzzTarget[] = [...elementwiseLoop, ...pushThenConvert, ...manualReduction, ...oversizedDtype];
