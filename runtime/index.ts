/**
 * arraylint/runtime — NumPy's ndarray semantics for TypeScript, zero dependencies.
 *
 * `import * as nd from "arraylint/runtime"`. See runtime/README.md for the API,
 * the indexing API, dtype promotion and the differences from NumPy.
 */
export { NDArray, type Complex, type NestedArray } from "./core/ndarray";
export {
  type DType,
  type TypedArray,
  type Casting,
  DTYPES,
  promoteTypes,
  canCast,
} from "./core/dtype";
export { type ArrayLike } from "./core/convert";
export { type UfuncOptions } from "./ufunc/_machinery";
export { broadcastShapes } from "./core/shape";

// creation
export { array } from "./creation/array";
export { asarray } from "./creation/asarray";
export { zeros } from "./creation/zeros";
export { ones } from "./creation/ones";
export { full } from "./creation/full";
export { empty } from "./creation/empty";
export { arange } from "./creation/arange";
export { linspace, type LinspaceOptions } from "./creation/linspace";

// indexing
export { slice, Slice, newaxis, ellipsis } from "./indexing/slice";
export { type Selector } from "./indexing/select";

// shape and views
export { reshape } from "./manipulation/reshape";
export { transpose } from "./manipulation/transpose";
export { ravel } from "./manipulation/ravel";
export { flatten } from "./manipulation/flatten";
export { copy } from "./manipulation/copy";
export { astype } from "./manipulation/astype";

// elementwise
export { add } from "./ufunc/add";
export { subtract } from "./ufunc/subtract";
export { multiply } from "./ufunc/multiply";
export { divide } from "./ufunc/divide";
export { power } from "./ufunc/power";
export { sqrt } from "./ufunc/sqrt";
export { abs, absolute } from "./ufunc/abs";
export { exp } from "./ufunc/exp";
export { log } from "./ufunc/log";
export { negative } from "./ufunc/negative";
export { evaluate } from "./evaluate";
