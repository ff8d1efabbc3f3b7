import { binaryUfunc, unsupported } from "./_binary";

/** Python's float floor division (NumPy's npy_floor_divide). */
export function floatFloorDivide(a: number, b: number): number {
  if (b === 0) return a / b;
  const m = a % b;
  let div = (a - m) / b;
  if (m !== 0 && b < 0 !== m < 0) div -= 1;
  if (div === 0) return (a / b) < 0 || Object.is(a / b, -0) ? -0 : 0;
  let fl = Math.floor(div);
  if (div - fl > 0.5) fl += 1;
  return fl;
}

/** Elementwise floor division `a // b` (np.floor_divide); integer x // 0 is 0 as NumPy. */
export const floorDivide = binaryUfunc({
  name: "floor_divide",
  types: (common) => {
    if (common === "complex128") throw unsupported("floor_divide", common);
    return common === "bool" ? { loop: "int8", result: "int8" } : { loop: common, result: common };
  },
  real: floatFloorDivide,
  int: (a, b) => (b === 0 ? 0 : Math.floor(a / b)),
});
