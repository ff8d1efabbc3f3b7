// The element-wise loop the CLI and LSP tests share: `y[i] = x[i] + 10` into a fresh Float64Array, a
// finding with a safe fix (nd.add) on its loop line.
export const ADD_TEN_SOURCE = [
  "export function addTen(x: Float64Array): Float64Array {",
  "  const y = new Float64Array(x.length);",
  "  for (let i = 0; i < x.length; i++) {",
  "    y[i] = x[i] + 10;",
  "  }",
  "  return y;",
  "}",
  "",
].join("\n");

/** The 0-based line of the `for` the finding is reported on. */
export const ADD_TEN_LOOP_LINE = 2;
