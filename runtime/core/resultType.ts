import { NDArray } from "./ndarray";
import { type DType, isDType } from "./dtype";
import { operandsResultType, toOperand, type Operand } from "../ufunc/_machinery";

/**
 * The dtype NumPy's `result_type` gives for these operands: dtype names and arrays are
 * "strong", JS numbers and booleans are weak Python scalars (NEP 50).
 * Difference: where NumPy would answer int64/uint64 the runtime answers float64.
 */
export function resultType(...args: unknown[]): DType {
  const ops: Operand[] = args.map((a) =>
    isDType(a) ? { kind: "array", array: NDArray.allocate([0], a) } : toOperand(a),
  );
  return operandsResultType(ops);
}
