import { unaryUfunc, realFloatTypes } from "./_unary";

const keepInts = (name: string) => (d: import("../core/dtype").DType) =>
  d === "bool" || d.includes("int") ? { loop: d, result: d } : realFloatTypes(name)(d);

/** Elementwise floor (np.floor); integer and bool arrays keep their dtype (NumPy 2). */
export const floor = unaryUfunc({ name: "floor", types: keepInts("floor"), real: Math.floor, int: (x) => x });

/** Elementwise ceiling (np.ceil); integer and bool arrays keep their dtype. */
export const ceil = unaryUfunc({ name: "ceil", types: keepInts("ceil"), real: Math.ceil, int: (x) => x });

/** Elementwise truncation toward zero (np.trunc); integer and bool arrays keep their dtype. */
export const trunc = unaryUfunc({ name: "trunc", types: keepInts("trunc"), real: Math.trunc, int: (x) => x });
