// manual-reduction — docs: docs/rules/manual-reduction.md
//
// What it does: finds hand-written reductions over numeric arrays — sum, product, min, max, mean,
// dot `s += a[i] * b[i]`, sum of squared differences, counts, argmax, index-weighted sums, per-row /
// per-axis / whole-grid reductions of loop nests, the triple-loop matrix multiply and Gram matrix, and
// `.reduce((a, b) => a + b, 0)` — that one runtime call (nd.sum, nd.dot, nd.max, nd.matmul) says, over
// the loop headers, numeric types and accessors real code uses (see analysis/elementwise.ts).
// Why is this bad? The call names the intent and uses the runtime's SIMD kernels; the measured
// figure is in the docs page, and a shape whose call measured slower is reported as a hint.
// Fix safety: a vectorized sum adds in a different order, so a float sum/dot/product is a refactor
// ("sum may differ in the last bits") unless options.allowReassociation; an `if (x[i] > m)` max over
// floats becomes nanmax() (it skips NaN and keeps the first of tied zeros, as the loop does);
// Math.max(m, x[i]) over floats is a refactor (+0 vs -0). Arrays must provably have the loop's
// length, or a shorter one makes the loop's sum NaN, which a `b.length >= a.length ? … : NaN` guard
// reproduces; a sub-range reduces a view. Several reductions fused in one loop are not reported (one
// pass is already right; explain mode says so).
import { Node, SyntaxKind, ts, type SourceFile } from "ts-morph";
import { guarded, type ReportInput, type Rule, type RuleContext } from "../engine/rule";
import type { Severity } from "../engine/types";
import { matchIndexLoop, boundArray, mentionsHeaderBinding, isWholeRange, rangeTexts, shifted, startsAtLiteral, type IndexLoop } from "../engine/analysis/loops";
import { analyzeCallbackExpression, analyzeElementwiseBody, callbackExpression, classifyNest, isStableFieldChain, mathFunctionOf, tinyArrayIn, type Accumulation, type ArrayUse, type ElementwiseBody, type NestShape } from "../engine/analysis/elementwise";
import { translate, render, loopTranslateContext, mapArrays, readsArray, type VecExpr } from "../engine/analysis/vectorize";
import { lengthRoot, lengthExpressionRoot } from "../engine/analysis/arrays";
import { buildReplaceFix, benchSpecFor, castText } from "../engine/analysis/fixes";
import { arrayKindOf, isTypedArrayKind, isUntyped } from "../engine/analysis/types";
import { tinyLoopReason, isTinyArray } from "../engine/analysis/sizes";
import { isTooSmall } from "./elementwise-loop";
import { declarationScope, isWithin, isWriteReference, referencesIn, variableDeclarationOf } from "../engine/analysis/scope";
import { clipCode, unparen } from "../engine/analysis/syntax";
import { findCandidates, findDescendants, hasDescendant, isAnyLoop, isLoopStatement, isMethodCall } from "../engine/analysis/candidates";

export const manualReduction: Rule = {
  meta: {
    id: "manual-reduction",
    summary: "Replace a hand-written sum, product, min/max, mean, dot or matrix multiply with one runtime reduction.",
    defaultSeverity: "warning",
    fixability: "safe",
    docsPath: "docs/rules/manual-reduction.md",
    messages: {
      reduction: "Manual {{what}} into `{{name}}`: one `{{call}}` call does the same.",
      mean: "Manual mean of `{{arrays}}` (a sum divided by the length): `nd.mean` is one runtime reduction.",
      noFix: "Manual {{what}} over `{{arrays}}`: one runtime reduction does the same (no automatic fix).",
      inferred: "Manual {{what}} over `{{arrays}}` (inferred types): one runtime reduction would do (no fix).",
      indexWeighted: "Index-weighted sum Σ {{index}}·{{array}}[{{index}}] into `{{name}}`: `nd.dot` with `nd.arange` (no fix).",
      count: "Loop counts the elements of `{{arrays}}` that match a condition: `nd.sum(mask)` counts them in one call (no fix).",
      argmax: "Manual arg{{what}} into `{{name}}`: `nd.arg{{what}}` returns the index in one reduction (no automatic fix).",
      rowReduction: "Per-{{per}} {{what}} of `{{arrays}}` in a nest: one `nd.{{op}}(…, { axis: {{axis}} })` call (no fix).",
      axisReduction: "{{what}} over the outer loop into `{{name}}`: one `nd.{{op}}(…, { axis: 0 })` call (no fix).",
      gridReduction: "{{what}} of all `{{arrays}}` in a loop nest: one `nd.{{op}}` call (no fix).",
      matmul: "Matrix multiply as a triple loop: `nd.matmul({{a}}, {{b}})` is one blocked kernel (no automatic fix).",
      gram: "Gram-matrix triple loop over `{{a}}`: `nd.matmul(Xᵀ, X)` computes it in one call (no fix).",
      reduceCall: "`{{receiver}}.reduce(…)` is a {{what}} with a callback per element; `nd.{{op}}` is one call.",
    },
  },
  check(ctx: RuleContext): void {
    const covered = new Set<Node>();
    for (const node of findCandidates(ctx, (n) => isLoopStatement(n) || isMethodCall(n, "reduce"))) {
      // the inner loops of a nest or a matmul reported as a whole
      if (covered.has(node)) continue;
      if (Node.isCallExpression(node)) guarded(ctx, node, () => checkReduceCall(node, ctx));
      else guarded(ctx, node, () => checkLoop(node, ctx, covered));
    }
  },
};

/**
 * What `npm run bench:shapes` measured for the shapes reported without a fix, at the size such code
 * runs (2026-12-06, node 20, load 6.9 on 2 cores; the table is in docs/rules/manual-reduction.md).
 * A rewrite measured slower makes the finding a hint, about the same speed information.
 */
const MEASURED = {
  rowAccessor: { figure: "Measured: row sums through `matrix.get(i, j)` at 1000 × 1000 ran 6.6× faster as `nd.sum(M, { axis: 1 })` on an NDArray (npm run bench:shapes).", cap: undefined },
  rowFlat: { figure: "Measured: per-row sums of a 1000 × 1000 row-major Float64Array ran about the same as `nd.sum(A, { axis: 1 })` (1.14×, npm run bench:shapes).", cap: "info" },
  axis: { figure: "Measured: column sums of a 1000 × 100 number[][] ran 7.8× slower as `nd.sum(M, { axis: 0 })` (30× with the conversion), per-channel sums of a 512 × 512 × 3 image 6.7× slower (npm run bench:shapes): the loop is the faster code here.", cap: "hint" },
  gridAccessor: { figure: "Measured: the sum of every element through `matrix.get(i, j)` at 1000 × 1000 ran 2.7× faster as `nd.sum(M)` on an NDArray (npm run bench:shapes).", cap: undefined },
  gridNested: { figure: "Over number[][] the runtime must first copy the rows (column sums with the conversion ran 30× slower, npm run bench:shapes).", cap: "hint" },
  argmax: { figure: "Measured: `nd.argmax` ran 3.3× slower than this loop at 1e6 and 14× slower at 256 elements (npm run bench:shapes): keep the loop.", cap: "hint" },
  count: { figure: "Measured: `nd.sum(nd.lessEqual(x, t))` ran about the same as the loop at 1e6 (1.02×, npm run bench:shapes).", cap: "info" },
  indexWeighted: { figure: "Measured: `nd.dot(nd.arange(n), h)` ran 2.8× slower than the loop at 65,536 bins and 17× slower at 256 (npm run bench:shapes): keep the loop.", cap: "hint" },
  matmul: { figure: "Measured: a 200 × 200 product through get/set accessors ran 57× slower than `nd.matmul` (npm run bench:shapes).", cap: undefined },
  gram: { figure: "Measured: the Gram matrix of a 1000 × 50 number[][] ran 3.4× faster as `nd.matmul(nd.transpose(X), X)` on an NDArray (npm run bench:shapes).", cap: undefined },
  untyped: { figure: "Measured: untyped JavaScript usually passes plain arrays, which the runtime copies first — `nd.sum` of a 1e6 number[] ran 11× slower than the loop, of a Float64Array 1.4× faster (npm run bench:shapes).", cap: "hint" },
  dotReduce: { figure: "Measured: `.reduce((acc, v, j) => acc + v * row[j], 0)` over 2048 values ran 5.5× slower than `nd.dot` on Float64Arrays (npm run bench:shapes).", cap: undefined },
} as const satisfies Record<string, { figure: string; cap: Severity | undefined }>;

const REASSOCIATION = "sum may differ in the last bits";
const PRODUCT_REASSOCIATION = "product may differ in the last bits";

function containsLoop(s: Node): boolean {
  if (isAnyLoop(s.compilerNode)) return true;
  // a loop in a function defined here runs when that function is called
  return hasDescendant(s, isAnyLoop, (d) => ts.isArrowFunction(d) || ts.isFunctionExpression(d) || ts.isFunctionDeclaration(d));
}

function checkLoop(node: Node, ctx: RuleContext, covered: Set<Node>): void {
  const loop = matchIndexLoop(node);
  if (!loop) return;
  // for (let k = 0; k < 3; k++) s += a[k] * b[k]: a 3-vector dot is cheaper than any call.
  if (isTooSmall(loop, ctx.options.minArraySize)) return;
  // for (let d = 0; d < rank; d++) size *= shape[d]: a rank-length product.
  const tiny = tinyLoopReason(loop);
  if (tiny) {
    ctx.explain(node, `manual-reduction: not flagged, ${tiny}`);
    return;
  }

  if (checkMatmul(loop, ctx, covered)) return;

  if (loop.body.some(containsLoop)) {
    const nest = classifyNest(loop);
    // the inner loops are examined on their own when the nest is not one pattern
    if (!nest || nest.kind === "map") return;
    for (const l of nest.loops.slice(1)) covered.add(l.loop);
    reportNest(ctx, node, nest);
    return;
  }

  const verdict = analyzeElementwiseBody(loop.body, { loops: [loop], accumulators: true });
  if (!verdict.ok) {
    ctx.explain(verdict.node, `manual-reduction: not flagged, ${verdict.blocker}`);
    return;
  }
  const body = verdict.value;
  // running += x[i]; out[i] = running: a scan writes every step, it is not one reduction.
  if (body.writes.length > 0 || body.accumulations.length === 0) return;
  // size *= shape[i]: a product over a rank-length array
  const tinyArray = tinyArrayIn(body);
  if (tinyArray) {
    ctx.explain(node, `manual-reduction: not flagged, \`${tinyArray}\` is a tiny (rank-length) array`);
    return;
  }
  // s += i: no array is read, there is nothing to hand to the runtime.
  if (body.reads.size === 0) return;

  const names = [...new Set(body.accumulations.map((a) => a.name))];
  // if (x >= 0) { if (x > m) m = x } else if (-x > m) m = -x: one maximum whose value is chosen by branches (|x|)
  const family = (a: Accumulation) => (a.kind.startsWith("max") ? "max" : a.kind.startsWith("min") ? "min" : a.kind);
  if (body.accumulations.length > 1 && names.length === 1 && new Set(body.accumulations.map(family)).size === 1 && ["max", "min"].includes(family(body.accumulations[0]))) {
    const what = family(body.accumulations[0]) === "max" ? "maximum" : "minimum";
    ctx.report({ node, messageId: "noFix", data: { what, arrays: clipCode([...body.reads.keys()].join("`, `"), 18) }, details: `The branches pick the value compared (e.g. |x| written with ifs): \`nd.${family(body.accumulations[0])}\` of that expression (\`nd.abs(x)\`) is one reduction. No automatic fix: the value is chosen by branches.` });
    return;
  }
  if (body.accumulations.length > 1) {
    // sx += x[i]; sy += y[i]; sxy += x[i] * y[i]: one pass over the arrays is already the right shape.
    ctx.explain(node, `manual-reduction: not flagged, ${names.length > 1 ? `${names.length} reductions (${names.join(", ")})` : `\`${names[0]}\` in several steps`} fused in one pass: one read of the arrays; separate runtime calls (nd.sum, nd.dot, …) would each read them again`);
    return;
  }
  reportSingle(ctx, loop, body, body.accumulations[0]);
}

interface Plan {
  call: (ns: string) => string;
  /** The statement(s) replacing the loop. */
  statements: (ns: string) => string[];
  what: string;
}

const WHAT: Record<Accumulation["kind"], string> = {
  sum: "sum", difference: "sum", product: "product", "max-if": "maximum", "min-if": "minimum", "max-call": "maximum", "min-call": "minimum", argmax: "argmax", argmin: "argmin", count: "count",
};

function reportSingle(ctx: RuleContext, loop: IndexLoop, body: ElementwiseBody, acc: Accumulation): void {
  const kinds = [...body.reads.values()];
  const name = acc.name;
  // m[*][j], qr.data[*][k]: name the array (or the accessor's receiver), not the pseudo-index
  const arrayList = clipCode([...new Set(kinds.map((k) => (k.accessor || k.name.includes("[") ? k.node.getText() : k.name)))].join("`, `") || "an array", 18);
  const what = WHAT[acc.kind];
  const mean = acc.kind === "sum" && isFollowedByMean(loop, acc, kinds);
  const meanHint = mean ? " Divided by the length afterwards, it is `nd.mean()`." : "";

  const noFix = (whatText: string, why: string) =>
    ctx.report({
      node: loop.loop,
      ...(mean ? { messageId: "mean", data: { arrays: arrayList } } : { messageId: "noFix", data: { what: whatText, arrays: arrayList } }),
      details: `${meanHint.trim()} No automatic fix: ${why}.`.trim(),
    });

  // if (x[i] > t) count++: the number of elements matching a condition.
  if (acc.kind === "count") {
    if (!acc.conditional) return; // count++ every iteration is the trip count, not a reduction
    ctx.report({ node: loop.loop, messageId: "count", data: { arrays: arrayList }, details: `The condition is a comparison of whole arrays (\`nd.lessEqual(x, t)\`, a mask); \`nd.sum(mask)\` counts its true elements. No automatic fix. ${MEASURED.count.figure}`, severityCap: MEASURED.count.cap });
    return;
  }
  if (acc.kind === "argmax" || acc.kind === "argmin") {
    ctx.report({ node: loop.loop, messageId: "argmax", data: { what: acc.kind.slice(3), name: clipCode(acc.indexName ?? name, 16) }, details: `The loop keeps the index of the first ${acc.kind === "argmax" ? "largest" : "smallest"} value; \`nd.${acc.kind}(x)\` does the same over the whole array (offset by the range's start for a sub-range). No automatic fix: NaN and the seed value are handled differently. ${MEASURED.argmax.figure}`, severityCap: MEASURED.argmax.cap });
    return;
  }
  // s += i * h[i]: not a plain sum of h, but a dot with the index vector.
  if (body.usesIndexValue && (acc.kind === "sum" || acc.kind === "difference")) {
    const weighted = indexWeighted(acc.value, loop.index);
    if (weighted) {
      ctx.report({ node: loop.loop, messageId: "indexWeighted", data: { index: clipCode(loop.index, 6), array: clipCode(weighted, 16), name: clipCode(name, 16) }, details: `Each element is weighted by its index: \`nd.dot(nd.arange(${rangeTexts(loop).from === "0" ? "" : rangeTexts(loop).from + ", "}${rangeTexts(loop).end}), …)\` computes it. No automatic fix: it needs an arange operand, and the float sum order changes. ${MEASURED.indexWeighted.figure}`, severityCap: MEASURED.indexWeighted.cap });
      return;
    }
  }
  const inferred = kinds.find((k) => k.inferred) ?? (body.inferred.size > 0 ? { name: [...body.inferred.keys()][0], inferred: [...body.inferred.values()][0] } : undefined);
  if (inferred && !mean) {
    const untyped = !inferred.inferred?.startsWith("declared");
    ctx.report({ node: loop.loop, messageId: "inferred", data: { what: acc.conditional ? `conditional ${what}` : what, arrays: arrayList }, details: `\`${inferred.name}\`: ${inferred.inferred}. Declare the arrays' numeric type (\`Float64Array\`, JSDoc \`@param {Float64Array}\`) to get a fix.${untyped ? ` ${MEASURED.untyped.figure}` : ""}`, severityCap: untyped ? MEASURED.untyped.cap : "info" });
    return;
  }
  const accessor = kinds.find((k) => k.accessor);
  if (accessor) return noFix(what, `the elements are read through \`${accessor.accessor}()\``);
  const strided = kinds.find((k) => k.stride !== undefined);
  if (strided) return noFix(what, `\`${strided.name}\` is read with a stride (a strided view would express it)`);
  // if (x[i] > 0) s += x[i]: a masked sum needs where()/a mask first.
  if (acc.conditional) return noFix(`conditional ${what}`, "the condition needs a mask (where()) first");
  if (body.conditional) return noFix(what, "the value uses comparisons or conditions");
  if (body.usesIndexValue) return noFix(what, "the value depends on the index itself");
  if (body.outerTemporaries.size > 0 || !Node.isIdentifier(acc.node) || acc.name !== acc.node.getText()) return noFix(what, body.outerTemporaries.size > 0 ? `\`${[...body.outerTemporaries][0]}\` is assigned in the loop and read after it` : `the accumulator \`${name}\` is an array element`);
  if (kinds.some((k) => k.offset.includes("|"))) return noFix(what, "an array is read at several offsets");
  const tctx = loopTranslateContext(loop, body);
  const tree = translate(acc.value, tctx);
  if (!tree || !readsArray(tree)) return noFix(what, "the expression uses operations without an exact runtime equivalent");

  const blockers: string[] = [];
  const assumptions: string[] = [];
  const isMinMax = acc.kind !== "sum" && acc.kind !== "difference" && acc.kind !== "product";
  let skipsNaN = false;

  if (loop.kind === "while" || !loop.indexScopedToLoop) blockers.push("the loop counter is visible after the loop");
  if (acc.nanPropagating) blockers.push("a NaN replaces the running value (`isNaN(v) || v > m`)");

  if (isMinMax) {
    // max(|x|) on Int32Array would wrap at -2^31 in the runtime's int32 abs: only x[i] itself.
    if (!("text" in tree)) blockers.push("only a plain element x[i] maps to max()/min() exactly");
    const allInts = kinds.every((k) => isTypedArrayKind(k.kind) && !k.kind.startsWith("Float"));
    const known = kinds.every((k) => k.kind !== "numeric");
    if (!known) blockers.push(`\`${kinds.find((k) => k.kind === "numeric")!.name}\` may be any numeric array (a union or generic type)`);
    // `if (x[i] > m) m = x[i]` skips NaN and keeps the first of tied zeros: nanmax() does both by contract.
    // Math.max(m, x[i]) propagates NaN but prefers +0 over -0, which no runtime reduction promises.
    if (!allInts && acc.kind.endsWith("-call")) assumptions.push("assumes the sign of a zero result does not matter");
    skipsNaN = !allInts && acc.kind.endsWith("-if");
  } else {
    // Float32Array/Int32Array sums: the runtime accumulates in that dtype, JS in float64.
    const nonF64 = kinds.filter((k) => k.kind !== "Float64Array" && k.kind !== "number[]");
    if (nonF64.length > 0) {
      const k = nonF64[0];
      blockers.push(k.kind === "numeric" ? `\`${k.name}\` may be any numeric array (a union or generic type): the runtime's dtype is not known` : `${nonF64.map((u) => `${u.name} is ${u.kind}`).join(", ")}: the runtime would accumulate in that dtype, JS in float64`);
    }
    if (!ctx.options.allowReassociation) assumptions.push(acc.kind === "product" ? PRODUCT_REASSOCIATION : REASSOCIATION);
    // s += nd.sum(empty) turns a -0 start into +0 where the loop leaves it alone.
    if (!startsAtNonNegativeZero(acc, loop.loop)) assumptions.push(`assumes \`${name}\` is not -0 before the loop`);
  }

  // Lengths: the loop reads only bound elements (undefined → NaN past the end); the runtime
  // reduces whole arrays and throws when shapes differ.
  const whole = isWholeRange(loop);
  const { from, end, last } = rangeTexts(loop);
  const boundOf = boundArray(loop);
  const boundRoot = boundOf ? lengthRoot(unparen(boundOf)) : lengthExpressionRoot(loop.bound);
  const boundText = loop.bound.getText();
  const views = new Map<string, string>();
  const unproven: string[] = [];
  const inRange: string[] = [];
  for (const k of kinds) {
    // the bound is this array's length: the same identifier's root, or `this.data.length` of a field `this.data`
    const exact = !loop.inclusive && k.offset === "" && ((boundRoot !== undefined && lengthRoot(k.node) === boundRoot) || (boundOf !== undefined && boundOf.getText() === k.name && isStableFieldChain(k.node)));
    if (exact && whole) continue;
    const method = isTypedArrayKind(k.kind) ? "subarray" : "slice";
    views.set(k.name, whole && k.offset === "" ? `${k.name}.${method}(0, ${boundText})` : `${k.name}.${method}(${shifted(from, k.offset)}, ${shifted(end, k.offset)})`);
    if (whole && k.offset === "") unproven.push(k.name);
    // for (let i = 1; i < x.length; i++) with x of the bound's length: the view holds exactly the loop's elements
    else if (!(exact && startsAtLiteral(loop))) inRange.push(k.name);
  }
  // for (let i = 0, n = k; i < n; i++): `n` is gone once the loop is replaced.
  if (views.size > 0 && mentionsHeaderBinding(loop, `${from} ${end}`)) blockers.push("the bound is declared in the loop header");
  // A sum/dot/product over a shorter array reads undefined, so the loop's result is NaN: when the bound is
  // another array's length, `b.length >= a.length ? nd.dot(a, b.subarray(0, a.length)) : NaN` is exact.
  // (A min/max loop would skip those undefined reads instead; a bare parameter bound may be fractional.)
  const lengthGuard = unproven.length > 0 && inRange.length === 0 && boundOf !== undefined && boundRoot !== undefined && !isMinMax ? unproven.map((n) => `${n}.length >= ${boundText}`).join(" && ") : undefined;
  if (unproven.length > 0 && !lengthGuard) assumptions.push(`assumes ${unproven.join(", ")} ${unproven.length > 1 ? "hold" : "holds"} at least ${boundText} elements`);
  if (inRange.length > 0) assumptions.push(`assumes indices ${from} … ${last} lie within ${inRange.join(", ")}`);

  if (blockers.length > 0) return noFix(what, blockers[0]);

  const viewed = mapArrays(tree, (n) => views.get(n) ?? n);
  const plan = planFor(loop.loop.getSourceFile(), acc, viewed, name, kinds.map((k) => views.get(k.name) ?? k.name), { lengthGuard, skipsNaN });
  const safe = assumptions.length === 0;
  const assumption = safe ? undefined : assumptions.join("; ");
  const { fix, afterForBench } = buildReplaceFix({
    node: loop.loop,
    statements: plan.statements,
    runtimeImport: ctx.options.runtimeImport,
    title: (ns) => `Replace loop with ${plan.call(ns)}${safe ? "" : ` (${assumption})`}`,
    safe,
    assumption,
  });
  const commonLength = new Set<string>();
  if (boundRoot && whole) for (const k of kinds) if (lengthRoot(k.node) === boundRoot) commonLength.add(k.name);
  const report: ReportInput = mean
    ? { node: loop.loop, messageId: "mean", data: { arrays: arrayList } }
    : { node: loop.loop, messageId: "reduction", data: { what: plan.what, name: clipCode(name, 16), call: /nd\.\w+/.exec(plan.call("nd"))?.[0] ?? "nd" } };
  ctx.report({
    ...report,
    details: `The loop folds \`${acc.value.getText()}\` into \`${name}\` one element at a time; \`${plan.call("nd")}\` is one runtime reduction.${meanHint}`,
    fix,
    bench: benchSpecFor(loop.loop, afterForBench, commonLength, isMinMax ? undefined : REASSOCIATION_TOLERANCE),
  });
}

/** `i * h[i]` / `h[i] * i`: the array text of an index-weighted term, else undefined. */
function indexWeighted(value: Node, index: string): string | undefined {
  const v = unparen(value);
  if (!Node.isBinaryExpression(v) || v.getOperatorToken().getKind() !== SyntaxKind.AsteriskToken) return undefined;
  const l = unparen(v.getLeft());
  const r = unparen(v.getRight());
  const arrayOf = (n: Node) => (Node.isElementAccessExpression(n) ? unparen(n.getExpression()).getText() : undefined);
  if (l.getText() === index && arrayOf(r)) return arrayOf(r);
  if (r.getText() === index && arrayOf(l)) return arrayOf(l);
  return undefined;
}

const OP_OF: Record<string, string> = { sum: "sum", difference: "sum", product: "prod", "max-if": "max", "max-call": "max", "min-if": "min", "min-call": "min", argmax: "argmax", argmin: "argmin", count: "sum" };

/** Row, axis and grid reductions of a loop nest, reported once at the outer loop. */
function reportNest(ctx: RuleContext, node: Node, nest: Exclude<NestShape, { kind: "map" }>): void {
  const inner = nest.inner;
  const reads = [...inner.reads.values()];
  const arrays = clipCode(reads.map((r) => r.node.getText()).filter((t, k, all) => all.indexOf(t) === k).join("`, `") || "an array", 18);
  if (nest.kind === "axis-reduction") {
    const w = nest.writes[0];
    const ops = [...new Set(nest.writes.map((x) => ({ "*=": "prod", "max=": "max", "min=": "min" })[x.operator] ?? "sum"))];
    const op = ops.join("/");
    const inferredTypes = reads.some((r) => r.inferred) || inner.inferred.size > 0 ? " (types inferred)" : "";
    const names = [...new Set(nest.writes.map((x) => x.array.name))].join(", ");
    const whatText = ops.map((o) => ({ prod: "product", max: "maximum", min: "minimum", sum: "sum" })[o]).join(" and ");
    ctx.report({ node, messageId: "axisReduction", data: { what: clipCode(whatText[0].toUpperCase() + whatText.slice(1) + inferredTypes, 24), name: clipCode(names, 18), op: clipCode(op, 8) }, details: `Each pass of the outer loop adds one row into \`${w.array.name}\` element by element: that is a reduction along the outer axis, \`nd.${op}(m, { axis: 0 })\` for the whole array at once. No automatic fix: the data must be one array of that shape. ${MEASURED.axis.figure}`, severityCap: MEASURED.axis.cap });
    return;
  }
  const accs = nest.accumulations;
  // for i, for j: { s = 0; for k: s += A[i][k] * B[k][j]; C[i][j] = s }: one dot per (i, j), a matrix product
  if (nest.loops.length >= 3 && nest.kind === "row-reduction" && accs.length === 1 && accs[0].kind === "sum") {
    const product = unparen(accs[0].value);
    const factors = Node.isBinaryExpression(product) && product.getOperatorToken().getKind() === SyntaxKind.AsteriskToken ? [product.getLeft(), product.getRight()] : [];
    const operands = factors.map((f) => [...inner.reads.values()].find((r) => f.getText().startsWith(r.node.getText())));
    if (operands.length === 2 && operands[0] && operands[1]) {
      const [a, b] = operands.map((o) => o!.node.getText());
      const how = reads.some((r) => r.accessor) ? "through accessors" : "over nested or flat arrays";
      if (a === b) {
        ctx.report({ node, messageId: "gram", data: { a: clipCode(a, 24) }, details: `Every (i, j) entry is the dot product of two columns (or rows) of \`${a}\` ${how}: \`nd.matmul(nd.transpose(${a}), ${a})\` is one blocked kernel. No automatic fix: the data must be one 2-D array. ${MEASURED.gram.figure}` });
      } else {
        ctx.report({ node, messageId: "matmul", data: { a: clipCode(a, 14), b: clipCode(b, 14) }, details: `Every (i, j) entry is a dot product of a row of \`${a}\` and a column of \`${b}\` ${how} (transpose one operand if it is walked by rows): \`nd.matmul\` is one blocked kernel. No automatic fix: the data must be 2-D arrays. ${MEASURED.matmul.figure}` });
      }
      return;
    }
  }
  const kinds = new Set(accs.map((a) => OP_OF[a.kind]));
  const op = kinds.size === 1 ? [...kinds][0] : [...kinds].join("/");
  const inferred = reads.some((r) => r.inferred) || inner.inferred.size > 0;
  const what = clipCode((accs.length > 1 ? `${[...new Set(accs.map((a) => WHAT[a.kind]))].join("/")} (${accs.length} fused)` : WHAT[accs[0].kind]) + (inferred ? " (inferred types)" : ""), 24);
  if (nest.kind === "grid-reduction") {
    const viaAccessor = reads.some((r) => r.accessor);
    const nested = !viaAccessor && reads.some((r) => r.name.includes("["));
    const m = viaAccessor ? MEASURED.gridAccessor : nested ? MEASURED.gridNested : undefined;
    ctx.report({ node, messageId: "gridReduction", data: { what: what[0].toUpperCase() + what.slice(1), arrays, op: clipCode(op, 8) }, details: `Every element of the nest is folded into ${accs.map((a) => `\`${a.name}\``).join(", ")}: \`nd.${op}\` of the whole array does the same. No automatic fix: the elements are reached through ${viaAccessor ? "an accessor" : "nested indexing"}.${m ? ` ${m.figure}` : ""}`, severityCap: m?.cap });
    return;
  }
  // a column walk (the inner loop steps down a column: a stride, or rows of nested arrays) reduces axis 0
  const columnWise = reads.some((r) => r.stride !== undefined);
  const rowFigure = columnWise ? MEASURED.axis : reads.some((r) => r.accessor) ? MEASURED.rowAccessor : MEASURED.rowFlat;
  ctx.report({ node, severityCap: rowFigure.cap, messageId: "rowReduction", data: { per: columnWise ? "column" : "row", what, arrays, op: clipCode(op, 8), axis: columnWise ? 0 : 1 }, details: `The inner loop reduces one ${columnWise ? "column" : "row"} at a time; \`nd.${op}(m, { axis: ${columnWise ? 0 : 1} })\` computes every ${columnWise ? "column" : "row"} in one call. No automatic fix: the data must be one array of that shape. ${rowFigure.figure}` });
}

/** A float sum/dot/product fix adds in another order: its bench compares within rtol 1e-9, not bit for bit. */
const REASSOCIATION_TOLERANCE = 1e-9;

/** The replacement statement for each reduction kind. */
function planFor(sourceFile: SourceFile, acc: Accumulation, tree: VecExpr, name: string, arrays: string[], how: { lengthGuard?: string; skipsNaN: boolean }): Plan {
  const isDot = "fn" in tree && tree.fn === "multiply" && tree.args.every((a) => "text" in a && a.isArray);
  const withLengthGuard = (call: string) => (how.lengthGuard ? `${how.lengthGuard} ? ${call} : NaN` : call);
  switch (acc.kind) {
    case "sum":
    case "difference": {
      const op = acc.kind === "sum" ? "+=" : "-=";
      const call = (ns: string) =>
        // dot() is typed `NDArray | number` (2-D operands give a matrix); 1-D·1-D is a number (no cast in JavaScript).
        isDot && "fn" in tree
          ? withLengthGuard(castText(sourceFile, `${ns}.dot(${tree.args.map((a) => render(a, ns)).join(", ")})`, "number"))
          : withLengthGuard(`${ns}.sum(${render(tree, ns)})`);
      return { what: isDot ? "dot product" : "sum", call: (ns) => `${name} ${op} ${call(ns)}`, statements: (ns) => [`${name} ${op} ${call(ns)};`] };
    }
    case "product": {
      const call = (ns: string) => `${name} *= ${withLengthGuard(`${ns}.prod(${render(tree, ns)})`)}`;
      return { what: "product", call, statements: (ns) => [`${call(ns)};`] };
    }
    case "max-if":
    case "min-if": {
      const isMax = acc.kind === "max-if";
      const fn = (how.skipsNaN ? "nan" : "") + (isMax ? "max" : "min");
      const cmp = isMax ? ">" : "<";
      const arr = render(tree, "nd");
      const local = freshLocal([name, ...arrays], isMax ? "peak" : "low");
      return {
        what: isMax ? "maximum" : "minimum",
        call: (ns) => `${ns}.${fn}(${render(tree, ns)})`,
        // The loop leaves the accumulator alone for an empty array; max() of nothing throws.
        statements: (ns) => [`if (${arr}.length > 0) {`, `  const ${local} = ${ns}.${fn}(${render(tree, ns)});`, `  if (${local} ${cmp} ${name}) ${name} = ${local};`, `}`],
      };
    }
    case "max-call":
    case "min-call": {
      const fn = acc.kind === "max-call" ? "max" : "min";
      const arr = render(tree, "nd");
      return {
        what: fn === "max" ? "maximum" : "minimum",
        call: (ns) => `${ns}.${fn}(${render(tree, ns)})`,
        statements: (ns) => [`if (${arr}.length > 0) ${name} = Math.${fn}(${name}, ${ns}.${fn}(${render(tree, ns)}));`],
      };
    }
    default:
      // argmax, argmin and count are reported without a fix before a plan is asked for
      throw new Error(`no fix plan for ${acc.kind}`);
  }
}

/** `let s = 0` (any literal but -0) that nothing but the loop writes: the empty-array case keeps the start's sign. */
function startsAtNonNegativeZero(acc: Accumulation, loop: Node): boolean {
  const init = variableDeclarationOf(acc.node)?.getInitializer();
  if (!init) return false;
  const e = unparen(init);
  const literal = Node.isNumericLiteral(e) || (Node.isPrefixUnaryExpression(e) && e.getOperatorToken() === SyntaxKind.MinusToken && Node.isNumericLiteral(e.getOperand()) && Number(e.getOperand().getText()) !== 0);
  if (!literal) return false;
  // any other write before the loop (`s = k`, `s *= -1`, `[s] = …`, `s--`) could store -0
  return !referencesIn(acc.node, declarationScope(acc.node)).some((r) => isWriteReference(r) && !isWithin(r, loop));
}

function freshLocal(taken: string[], preferred: string): string {
  if (!taken.includes(preferred)) return preferred;
  for (let k = 2; ; k++) if (!taken.includes(preferred + k)) return preferred + k;
}

/**
 * `return total / data.length` or `const mean = total / n` right after the loop, where the divisor
 * is the number of elements summed: the loop's bound (`n`, `x.length`) or the length of an array it
 * reads. A division by anything else (`totalWeight`, a histogram's total) is not a mean.
 */
function isFollowedByMean(loop: IndexLoop, acc: Accumulation, reads: ArrayUse[]): boolean {
  if (!isWholeRange(loop)) return false;
  const next = loop.loop.getNextSibling();
  if (!next) return false;
  const norm = (t: string) => t.replace(/\s+/g, "");
  const counts = new Set([norm(loop.bound.getText()), ...reads.map((r) => `${r.name}.length`)]);
  const bound = unparen(loop.bound);
  // const n = x.length; … total / n  and  i < x.length; … total / n
  const boundInit = Node.isIdentifier(bound) ? variableDeclarationOf(bound)?.getInitializer() : undefined;
  if (boundInit) counts.add(norm(boundInit.getText()));
  // the divisions below the next statement (found on compiler nodes: only they get wrappers)
  const divisions = findDescendants(next, (n) => ts.isBinaryExpression(n) && n.operatorToken.kind === SyntaxKind.SlashToken);
  let found = false;
  for (const d of divisions) {
    if (!Node.isBinaryExpression(d) || norm(unparen(d.getLeft()).getText()) !== acc.name) continue;
    const divisor = unparen(d.getRight());
    const text = norm(divisor.getText());
    const init = Node.isIdentifier(divisor) ? variableDeclarationOf(divisor)?.getInitializer() : undefined;
    if (counts.has(text) || (init && counts.has(norm(init.getText())))) found = true;
  }
  return found;
}

// ---------------------------------------------------------------------------
// Matrix multiply: for i, for j, for k: c[i][j] += a[i][k] * b[k][j]
// ---------------------------------------------------------------------------

/** `X[a][b]` or `X[a * w + b]`: the array and its two index names. */
function index2(n: Node): { array: string; a: string; b: string } | undefined {
  const e = unparen(n);
  if (!Node.isElementAccessExpression(e)) return undefined;
  const arg = e.getArgumentExpression();
  if (!arg) return undefined;
  const base = unparen(e.getExpression());
  if (Node.isElementAccessExpression(base)) {
    const inner = base.getArgumentExpression();
    const arr = unparen(base.getExpression());
    if (!inner || !Node.isIdentifier(arr)) return undefined;
    return { array: arr.getText(), a: unparen(inner).getText(), b: unparen(arg).getText() };
  }
  if (!Node.isIdentifier(base)) return undefined;
  const m = /^(\w+)\*\w+\+(\w+)$/.exec(unparen(arg).getText().replace(/\s+/g, ""));
  return m ? { array: base.getText(), a: m[1], b: m[2] } : undefined;
}

function checkMatmul(outer: IndexLoop, ctx: RuleContext, covered: Set<Node>): boolean {
  if (outer.body.length !== 1) return false;
  const middle = matchIndexLoop(outer.body[0]);
  if (!middle) return false;
  const i = outer.index;
  const j = middle.index;
  let innerLoop: IndexLoop | undefined;
  let product: Node | undefined;
  let target: Node | undefined;
  let accumulator: string | undefined;
  if (middle.body.length === 1) {
    // c[i][j] += a[i][k] * b[k][j]
    innerLoop = matchIndexLoop(middle.body[0]);
    const stmt = innerLoop?.body.length === 1 ? innerLoop.body[0] : undefined;
    if (stmt && Node.isExpressionStatement(stmt)) {
      const e = unparen(stmt.getExpression());
      if (Node.isBinaryExpression(e) && e.getOperatorToken().getText() === "+=") {
        target = e.getLeft();
        product = e.getRight();
      }
    }
  } else if (middle.body.length === 3) {
    // let s = 0; for k: s += a[i][k] * b[k][j]; c[i][j] = s;
    const [decl, loop, store] = middle.body;
    innerLoop = matchIndexLoop(loop);
    const stmt = innerLoop?.body.length === 1 ? innerLoop.body[0] : undefined;
    if (Node.isVariableStatement(decl) && stmt && Node.isExpressionStatement(stmt) && Node.isExpressionStatement(store)) {
      accumulator = decl.getDeclarations()[0]?.getName();
      const e = unparen(stmt.getExpression());
      const st = unparen(store.getExpression());
      if (Node.isBinaryExpression(e) && e.getOperatorToken().getText() === "+=" && e.getLeft().getText() === accumulator && Node.isBinaryExpression(st) && st.getOperatorToken().getText() === "=" && st.getRight().getText() === accumulator) {
        target = st.getLeft();
        product = e.getRight();
      }
    }
  }
  if (!innerLoop || !target || !product) return false;
  const k = innerLoop.index;
  const p = unparen(product);
  if (!Node.isBinaryExpression(p) || p.getOperatorToken().getKind() !== SyntaxKind.AsteriskToken) return false;
  const c = index2(target);
  const a = index2(p.getLeft());
  const b = index2(p.getRight());
  if (!c || !a || !b) return false;
  const shapeOk = c.a === i && c.b === j && a.a === i && a.b === k && b.a === k && b.b === j;
  if (!shapeOk) return false;
  // Every array must be numeric (number[][] or a flat typed array).
  const arrayNodes = [target, p.getLeft(), p.getRight()].map((n) => {
    let base = unparen(n);
    while (Node.isElementAccessExpression(base)) base = unparen(base.getExpression());
    return base;
  });
  if (!arrayNodes.every((n) => arrayKindOf(n) !== undefined)) return false;
  covered.add(middle.loop);
  covered.add(innerLoop.loop);
  const nested = arrayNodes.some((n) => arrayKindOf(n) === "number[][]");
  ctx.report({
    node: outer.loop,
    messageId: "matmul",
    data: { a: clipCode(a.array, 14), b: clipCode(b.array, 14) },
    details: `\`nd.matmul(${a.array}, ${b.array})\` is NumPy's \`${a.array} @ ${b.array}\`. No automatic fix: ${nested ? "number[][] must become an NDArray (a layout change)" : "the flat buffers' shapes are not provable"}.`,
  });
  return true;
}

// ---------------------------------------------------------------------------
// values.reduce((a, b) => a + b, 0)
// ---------------------------------------------------------------------------

function checkReduceCall(call: Node, ctx: RuleContext): void {
  if (!Node.isCallExpression(call)) return;
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== "reduce") return;
  const receiver = unparen(callee.getExpression());
  const kind = arrayKindOf(receiver);
  // strings.reduce(…), rows.reduce(…): nothing numeric to reduce in one call
  if (kind === "number[][]" || (kind === undefined && !isUntyped(receiver))) return;
  // kernel.reduce((a, b) => a + b, 0) over a handful of taps: the call costs more than the loop
  if (isTinyArray(receiver)) return;
  const args = call.getArguments();
  if (args.length === 0) return;
  const fn = unparen(args[0]);
  if (!Node.isArrowFunction(fn) && !Node.isFunctionExpression(fn)) return;
  const params = fn.getParameters();
  if (params.length < 2 || params.length > 3 || !params.every((p) => Node.isIdentifier(p.getNameNode()))) return;
  const [pa, pb, pi] = params.map((p) => p.getName());
  const expr = callbackExpression(fn);
  if (!expr) return;
  const e = unparen(expr);
  // acc + f(v), f(v) + acc, acc * f(v), Math.max(acc, f(v))
  let op: "sum" | "prod" | "max" | "min" | undefined;
  let folded: Node | undefined;
  const isAcc = (n: Node) => unparen(n).getText() === pa;
  if (Node.isBinaryExpression(e)) {
    const t = e.getOperatorToken().getKind();
    const o = t === SyntaxKind.PlusToken ? "sum" : t === SyntaxKind.AsteriskToken ? "prod" : undefined;
    if (o && isAcc(e.getLeft())) [op, folded] = [o, e.getRight()];
    else if (o && isAcc(e.getRight())) [op, folded] = [o, e.getLeft()];
  } else if (Node.isCallExpression(e)) {
    const m = mathFunctionOf(e.getExpression());
    const a = e.getArguments();
    if ((m === "max" || m === "min") && a.length === 2) {
      if (isAcc(a[0])) [op, folded] = [m, a[1]];
      else if (isAcc(a[1])) [op, folded] = [m, a[0]];
    }
  }
  if (!op || !folded) return;
  const plain = unparen(folded).getText() === pb;
  const value = plain ? undefined : analyzeCallbackExpression(folded, fn, pb, pi);
  // (acc, v) => acc + lookup(v): the folded value is not element-wise arithmetic
  if (value && (!value.ok || !value.usesElement)) return;
  // an untyped receiver is numeric only with evidence: arithmetic on the element, or a numeric use of the result (`/ a.length`)
  if (kind === undefined && !(value?.numeric || op === "prod" || isUsedAsNumber(call))) return;
  const statement = call.getFirstAncestor((a) => Node.isStatement(a) && !Node.isBlock(a)) ?? call;
  const identity: Record<typeof op, string> = { sum: "0", prod: "1", max: "-Infinity", min: "Infinity" };
  const init = args[1] ? unparen(args[1]).getText().replace(/\s+/g, "") : undefined;
  const arr = receiver.getText();
  const isDot = op === "sum" && value?.otherReads.length === 1 && folded.getDescendantsOfKind(SyntaxKind.AsteriskToken).length === 1;
  const what = isDot ? "dot product" : plain ? { sum: "sum", prod: "product", max: "maximum", min: "minimum" }[op] : `${{ sum: "sum", prod: "product", max: "maximum", min: "minimum" }[op]} of f(x)`;
  const fnName = isDot ? "dot" : op;
  const base = { messageId: "reduceCall", data: { receiver: clipCode(arr, 24), what: clipCode(what, 18), op: fnName } };
  if (!plain || kind === undefined || kind === "numeric") {
    const why = kind === undefined ? "the array's element type is inferred from use" : kind === "numeric" ? `\`${arr}\` may be any numeric array (a union or generic type)` : "the callback computes more than the element itself";
    ctx.report({ node: statement, ...base, details: `\`${clipCode(folded.getText(), 40)}\` folded over \`${arr}\`: ${isDot ? `\`nd.dot(${arr}, ${value!.otherReads[0]})\`` : `\`nd.${op}\` of the whole-array expression`} is one reduction. No automatic fix: ${why}.${isDot ? ` ${MEASURED.dotReduce.figure}` : kind === undefined ? ` ${MEASURED.untyped.figure}` : ""}`, severityCap: kind === undefined && !isDot ? MEASURED.untyped.cap : undefined });
    return;
  }
  // .reduce(f) without an initial value throws on an empty array; another start value changes the result.
  if (init !== identity[op]) {
    ctx.report({ node: statement, ...base, details: `No automatic fix: the initial value is not ${identity[op]}.` });
    return;
  }
  const assumptions: string[] = [];
  const blockers: string[] = [];
  if (op === "sum" || op === "prod") {
    if (kind !== "Float64Array" && kind !== "number[]") blockers.push(`${arr} is ${kind}: the runtime would accumulate in that dtype`);
    if (!ctx.options.allowReassociation) assumptions.push(op === "prod" ? PRODUCT_REASSOCIATION : REASSOCIATION);
  } else {
    const isInt = isTypedArrayKind(kind) && !kind.startsWith("Float");
    if (!isInt) assumptions.push("assumes the sign of a zero result does not matter");
    // max() of an empty array throws where reduce returns -Infinity.
  }
  if (blockers.length > 0) {
    ctx.report({ node: statement, ...base, details: `No automatic fix: ${blockers[0]}.` });
    return;
  }
  const safe = assumptions.length === 0;
  const assumption = safe ? undefined : assumptions.join("; ");
  const replacement = (ns: string) =>
    op === "max" || op === "min" ? `(${arr}.length > 0 ? ${ns}.${op}(${arr}) : ${identity[op]})` : `${ns}.${op}(${arr})`;
  const fixParts = buildReplaceFix({
    node: call,
    expression: true,
    statements: (ns) => [replacement(ns)],
    runtimeImport: ctx.options.runtimeImport,
    title: (ns) => `Replace with ${replacement(ns)}${safe ? "" : ` (${assumption})`}`,
    safe,
    assumption,
  });
  ctx.report({ node: statement, ...base, details: `\`nd.${op}(${arr})\` is one runtime reduction.`, fix: fixParts.fix, bench: benchSpecFor(statement, statement.getText().replace(call.getText(), replacement("nd")), new Set([arr]), op === "sum" || op === "prod" ? REASSOCIATION_TOLERANCE : undefined) });
}

/** `xs.reduce(…) / xs.length`, `Math.sqrt(xs.reduce(…))`: the result is used as a number. */
function isUsedAsNumber(call: Node): boolean {
  let child: Node = call;
  let p = call.getParent();
  while (p && Node.isParenthesizedExpression(p)) {
    child = p;
    p = p.getParent();
  }
  if (!p) return false;
  if (Node.isBinaryExpression(p)) return ["/", "*", "-", "**", "%"].includes(p.getOperatorToken().getText());
  if (Node.isCallExpression(p)) return mathFunctionOf(p.getExpression()) !== undefined && p.getArguments().includes(child as never);
  return false;
}
