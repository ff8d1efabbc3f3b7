// Growing a plain array and then copying it into a typed array (np.append in a loop, then np.array).

/** The lecture's list of squares, built by push and then converted. */
export function squares(n: number): Float64Array {
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    values.push(i * 0.5);
  }
  return new Float64Array(values);
}
