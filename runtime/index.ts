/**
 * arraylint/runtime — NumPy's ndarray semantics for TypeScript, zero dependencies.
 *
 * `import * as nd from "arraylint/runtime"`. See runtime/README.md for the API,
 * the indexing API, dtype promotion and the differences from NumPy.
 */
export { NDArray, type Complex, type NestedArray } from "./core/ndarray";
export { type DType, type TypedArray, type Casting, DTYPES, promoteTypes, canCast } from "./core/dtype";
export { resultType } from "./core/resultType";
export { type ArrayLike } from "./core/convert";
export { type UfuncOptions } from "./ufunc/_machinery";
export { broadcastShapes } from "./core/shape";
export { mayShareMemory } from "./core/mayShareMemory";

// creation
export { array } from "./creation/array";
export { asarray } from "./creation/asarray";
export { zeros } from "./creation/zeros";
export { ones } from "./creation/ones";
export { full } from "./creation/full";
export { empty } from "./creation/empty";
export { zerosLike, onesLike, fullLike, emptyLike } from "./creation/like";
export { arange } from "./creation/arange";
export { linspace, type LinspaceOptions } from "./creation/linspace";
export { eye, identity } from "./creation/eye";
export { fromFunction } from "./creation/fromFunction";
export { mgrid, type GridSpec } from "./creation/mgrid";
export { meshgrid, type MeshgridOptions } from "./creation/meshgrid";
export { complex } from "./creation/complex";

// indexing
export { slice, Slice, newaxis, ellipsis } from "./indexing/slice";
export { type Selector, nonzero } from "./indexing/select";

// shape and views
export { reshape } from "./manipulation/reshape";
export { transpose } from "./manipulation/transpose";
export { ravel } from "./manipulation/ravel";
export { flatten } from "./manipulation/flatten";
export { copy } from "./manipulation/copy";
export { astype } from "./manipulation/astype";
export { squeeze } from "./manipulation/squeeze";
export { expandDims } from "./manipulation/expandDims";
export { concatenate } from "./manipulation/concatenate";
export { stack } from "./manipulation/stack";
export { broadcastTo } from "./manipulation/broadcastTo";

// elementwise: arithmetic
export { add } from "./ufunc/add";
export { subtract } from "./ufunc/subtract";
export { multiply } from "./ufunc/multiply";
export { divide } from "./ufunc/divide";
export { floorDivide } from "./ufunc/floorDivide";
export { power } from "./ufunc/power";
export { mod, remainder } from "./ufunc/mod";
export { negative } from "./ufunc/negative";
export { abs, absolute } from "./ufunc/abs";
export { sign } from "./ufunc/sign";
export { maximum } from "./ufunc/maximum";
export { minimum } from "./ufunc/minimum";
export { clip } from "./ufunc/clip";
export { where } from "./ufunc/where";
// elementwise: transcendental
export { sqrt } from "./ufunc/sqrt";
export { exp } from "./ufunc/exp";
export { log } from "./ufunc/log";
export { log2 } from "./ufunc/log2";
export { log10 } from "./ufunc/log10";
export { sin } from "./ufunc/sin";
export { cos } from "./ufunc/cos";
export { tan } from "./ufunc/tan";
export { arcsin } from "./ufunc/arcsin";
export { arccos } from "./ufunc/arccos";
export { arctan } from "./ufunc/arctan";
export { arctan2 } from "./ufunc/arctan2";
export { sinh } from "./ufunc/sinh";
export { cosh } from "./ufunc/cosh";
export { tanh } from "./ufunc/tanh";
// elementwise: rounding
export { floor, ceil, trunc } from "./ufunc/floor";
export { round, around } from "./ufunc/round";
export { rint } from "./ufunc/rint";
// elementwise: comparison and logic
export { equal } from "./ufunc/equal";
export { notEqual } from "./ufunc/notEqual";
export { less } from "./ufunc/less";
export { lessEqual } from "./ufunc/lessEqual";
export { greater } from "./ufunc/greater";
export { greaterEqual } from "./ufunc/greaterEqual";
export { logicalAnd } from "./ufunc/logicalAnd";
export { logicalOr } from "./ufunc/logicalOr";
export { logicalXor } from "./ufunc/logicalXor";
export { logicalNot } from "./ufunc/logicalNot";
export { isnan } from "./ufunc/isnan";
export { isfinite } from "./ufunc/isfinite";
export { isinf } from "./ufunc/isinf";
// elementwise: complex
export { real } from "./ufunc/real";
export { imag } from "./ufunc/imag";
export { conj, conjugate } from "./ufunc/conj";
export { angle } from "./ufunc/angle";

// reductions
export { type ReduceOptions } from "./reduce/_reduce";
export { sum } from "./reduce/sum";
export { prod } from "./reduce/prod";
export { mean } from "./reduce/mean";
export { min } from "./reduce/min";
export { max } from "./reduce/max";
export { nanmax } from "./reduce/nanmax";
export { nanmin } from "./reduce/nanmin";
export { type NanExtremeOptions } from "./reduce/_nanExtreme";
export { argmin } from "./reduce/argmin";
export { argmax } from "./reduce/argmax";
export { any } from "./reduce/any";
export { all } from "./reduce/all";
export { var_ as var, variance, type VarOptions } from "./reduce/var";
export { std } from "./reduce/std";
export { cumsum } from "./reduce/cumsum";
export { cumprod } from "./reduce/cumprod";

// linear algebra
export { dot } from "./linalg/dot";
export { matmul } from "./linalg/matmul";
export { inner } from "./linalg/inner";
export { outer } from "./linalg/outer";

// testing helpers (the bench's equivalence check uses assertAllclose)
export * as testing from "./testing/index";

// fused elementwise expressions, numexpr-style (runtime/evaluate.ts, speed owner)
export { evaluate } from "./evaluate";

// settings: worker threads for large kernels
export { config, type RuntimeConfig } from "./config";
export { threadInfo, type ThreadInfo } from "./threads/pool";
