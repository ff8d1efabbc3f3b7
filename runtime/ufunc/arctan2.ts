import { binaryUfunc, unsupported } from "./_binary";
import { floatTypes } from "./_unary";

/** Elementwise angle of the point (x2, x1): arctan2(y, x) (np.arctan2) with `Math.atan2`. */
export const arctan2 = binaryUfunc({
  name: "arctan2",
  types: (common) => {
    if (common === "complex128") throw unsupported("arctan2", common);
    return floatTypes(common);
  },
  real: Math.atan2,
});
