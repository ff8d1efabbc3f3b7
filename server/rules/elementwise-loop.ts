// elementwise-loop — docs: docs/rules/elementwise-loop.md
//
// What it does: finds index loops that compute every element of an array from the same
// element of other arrays (`y[i] = x[i] * 2 + 1`), and `.map(f)` of a pure arithmetic function,
// over the loop headers, numeric types, offsets and accessors real code uses
// (analysis/elementwise.ts); 2-D nests are reported once; tiny and rank-length arrays stay silent.
// Why is this bad? It is NumPy's first lesson ("stop looping per element"): one runtime call says
// what the loop means. In JS a Float64Array loop is already compiled, so the call is not always
// faster: the docs page gives the measured figure and the code lens measures your code.
// Fix safety: safe only when every read is a Float64Array (the runtime's float64 kernels use JS's
// own operators), the output is a Float64Array/Float32Array, every array provably has the loop's
// length, and the output cannot overlap an input; otherwise a refactor naming its assumption.
// One operation becomes one call (`nd.add(x, 10, { out: y })`); several become one fused
// `nd.evaluate("x * k + 1", { x, k }, { out: y })` (nested calls would allocate a temporary per
// inner call), except with number[] inputs, which keep the nested calls.
import { Node, SyntaxKind, ts } from "ts-morph";
import { guarded, type ReportInput, type Rule, type RuleContext } from "../engine/rule";
import type { Severity } from "../engine/types";
import { matchIndexLoop, boundArray, mentionsHeaderBinding, isWholeRange, rangeTexts, shifted, startsAtLiteral, type IndexLoop } from "../engine/analysis/loops";
import { analyzeElementwiseBody, analyzeMapCallback, classifyNest, isStableFieldChain, tinyArrayIn, type ArrayUse, type ElementwiseBody } from "../engine/analysis/elementwise";
import { tinyLoopReason, isLocalAllocation, isTinyArray, knownNumber } from "../engine/analysis/sizes";
import { translate, render, readsArray, isBoolTree, isLiteral, leavesOf, literalValue, mapArrays, loopTranslateContext, countCalls, toEvaluate, renderEvaluate, COMPOUND_UFUNC, type VecExpr, type EvaluateCall } from "../engine/analysis/vectorize";
import { lengthRoot, lengthExpressionRoot, isUnaliasedFreshArray } from "../engine/analysis/arrays";
import { buildReplaceFix, benchSpecFor } from "../engine/analysis/fixes";
import { arrayKindOf, isTypedArrayKind, isNumberNode, isUntyped } from "../engine/analysis/types";
import { clipCode, unparen } from "../engine/analysis/syntax";
import { findCandidates, hasDescendant, isAnyLoop, isLoopStatement, isMethodCall } from "../engine/analysis/candidates";

/**
 * What `npm run bench:shapes` measured for the shapes reported without a fix, at the size such code
 * runs (2026-12-06, node 20, load 6.9 on 2 cores; the table is in docs/rules/elementwise-loop.md).
 * A rewrite measured slower makes the finding a hint (house rule: a finding that cannot pay is a hint).
 */
const MEASURED = {
  accessor: { figure: "Measured: the 1000 × 1000 accessor map `m.set(i, j, m.get(i, j) - mean[i])` ran 1.5× slower as one `nd.subtract` on an NDArray (npm run bench:shapes).", cap: "hint" },
  strided: { figure: "Measured: `y[i] = x[2 * i] * 0.5` at 1e6 ran 16× slower through the runtime's strided view (npm run bench:shapes): keep the loop unless the data can be contiguous.", cap: "hint" },
  shifted: { figure: "Measured: `d[i] = x[i + 1] - x[i]` at 1e6 ran 1.5× slower as `nd.subtract` of two subarray views (npm run bench:shapes).", cap: "hint" },
  push: { figure: "Measured: `a.push(Math.abs(x[i] - mean))` over 1e5 elements ran 4.3× slower than `nd.evaluate(\"abs(x - m)\", …)` on a Float64Array (npm run bench:shapes).", cap: undefined },
  untyped: { figure: "Measured: untyped JavaScript usually passes plain arrays, which the runtime copies first — `nd.sum` of a 1e6 number[] ran 11× slower than the loop, of a Float64Array 1.4× faster (npm run bench:shapes).", cap: "hint" },
} as const satisfies Record<string, { figure: string; cap: Severity | undefined }>;

/**
 * Loops with a literal trip count at most this (vec3/vec4 math, a 4x4 matrix) are cheaper than any
 * call. Kept below sizes.ts's TINY_LENGTH (32, for arrays whose size the code shows elsewhere) because
 * the lecture's 8x8 grid (64 trips) is the textbook map the shared corpus expects to see flagged.
 */
export const TINY_TRIP_COUNT = 16;

/** Total literal trip count of a loop (times its single inner loop's), Infinity when unknown. */
function tripCount(loop: IndexLoop): number {
  if (loop.literalBound === undefined) return Infinity;
  const inner = loop.body.length === 1 ? matchIndexLoop(loop.body[0]) : undefined;
  return loop.literalBound * (inner ? (inner.literalBound ?? Infinity) : 1);
}

function tripCountText(loop: IndexLoop): string {
  const t = tripCount(loop);
  return Number.isFinite(t) ? String(t) : String(loop.literalBound);
}

/** for (let k = 0; k < 3; k++): a vec3 is cheaper than any call; options.minArraySize raises the bar. */
export function isTooSmall(loop: IndexLoop, minArraySize: number | undefined): boolean {
  const t = tripCount(loop);
  return t <= TINY_TRIP_COUNT || (minArraySize !== undefined && t < minArraySize);
}

export const elementwiseLoop: Rule = {
  meta: {
    id: "elementwise-loop",
    summary: "Replace a per-element loop over numeric arrays with one vectorized runtime call.",
    defaultSeverity: "warning",
    fixability: "safe",
    docsPath: "docs/rules/elementwise-loop.md",
    messages: {
      call: "Element-wise loop writing `{{array}}` is one runtime call: `{{call}}`.",
      noFix: "Element-wise loop writing `{{array}}`: expressible as whole-array runtime calls (no automatic fix).",
      inferred: "Element-wise loop writing `{{array}}` (types inferred from use): one whole-array call would do (no fix).",
      accessor: "Element-wise loop via `{{accessor}}`: one call on the backing array does the same (no fix).",
      strided: "Strided loop writing `{{array}}` (step `{{stride}}`): a strided view and one call do the same (no fix).",
      push: "Loop pushes an element-wise value per element into `{{array}}`: one whole-array call builds it (no fix).",
      conditional: "Element-wise loop writing `{{array}}` with conditions: where()/clip() or a mask does the same (no automatic fix).",
      severalOutputs: "Element-wise loop writing {{arrays}}: each output is a whole-array expression (no automatic fix).",
      nestNested: "Element-wise loop nest over number[][] `{{arrays}}`: one runtime call on a flat grid does the same (no fix).",
      nestFlat: "Element-wise loop nest over the row-major grid `{{arrays}}`: one runtime call does the same (no fix).",
      nestAccessor: "Element-wise nest via `{{accessor}}`: one call on the backing array does the same (no fix).",
      fill: "Loop fills `{{array}}` from its index: an arange()-style expression does the same (no automatic fix).",
      map: "`{{receiver}}.map(…)` calls a scalar function per element: write the arithmetic on whole arrays.",
    },
  },
  check(ctx: RuleContext): void {
    const covered = new Set<Node>();
    const reportedMaps = new Set<Node>();
    for (const node of findCandidates(ctx, (n) => isLoopStatement(n) || isMethodCall(n, "map"))) {
      // the inner loops of a nest reported as a whole
      if (covered.has(node)) continue;
      if (Node.isCallExpression(node)) guarded(ctx, node, () => checkMap(node, ctx, reportedMaps));
      else guarded(ctx, node, () => checkLoop(node, ctx, covered));
    }
  },
};

function checkLoop(node: Node, ctx: RuleContext, covered: Set<Node>): void {
  // `for (let i = 0; i <` half-typed: a missing condition or body never matches a loop shape.
  const loop = matchIndexLoop(node);
  if (!loop) {
    // for (…; i += 2) y[i] = …: say why such a loop is not a map.
    if (ctx.options.explain && Node.isForStatement(node) && writesAnElement(node)) {
      ctx.explain(node, "elementwise-loop: not flagged, the loop is not a unit-step count over an index range (it steps by more than 1, or its bound is not `i < n` / `i <= n`)");
    }
    return;
  }
  // for (let k = 0; k < 3; k++) c[k] = a[k] + b[k]: a 3-vector is cheaper than any call.
  if (loop.literalBound !== undefined && isTooSmall(loop, ctx.options.minArraySize)) {
    ctx.explain(node, `elementwise-loop: fixed trip count ${tripCountText(loop)} is below the reporting threshold, a runtime call would cost more than the loop`);
    return;
  }
  // for (let d = 0; d < shape.length; d++): rank-length arrays (shape, strides, a pixel's channels) stay tiny.
  const tiny = tinyLoopReason(loop);
  if (tiny) {
    ctx.explain(node, `elementwise-loop: not flagged, ${tiny}`);
    return;
  }

  // A nest that forms one element-wise pattern is reported once, at its outer loop.
  if (loop.body.some((s) => containsLoop(s))) {
    const nest = classifyNest(loop);
    if (!nest) return; // the inner loops are examined on their own
    for (const l of nest.loops.slice(1)) covered.add(l.loop);
    // sums[j] += x[i][j]: a reduction over the outer loop, manual-reduction's business
    if (nest.kind !== "map") return;
    reportNestMap(ctx, node, nest.inner);
    return;
  }

  const verdict = analyzeElementwiseBody(loop.body, { loops: [loop] });
  if (!verdict.ok) {
    ctx.explain(verdict.node, `elementwise-loop: not flagged, ${verdict.blocker}`);
    return;
  }
  const body = verdict.value;
  // A loop that only reads (a reduction or a search) is manual-reduction's business.
  if (body.writes.length === 0) return;
  // for (…; i < $axis; …) newShape[i] = shape[i] * 2: a rank-length array stays tiny
  const tinyArray = tinyArrayIn(body);
  if (tinyArray) {
    ctx.explain(node, `elementwise-loop: not flagged, \`${tinyArray}\` is a tiny (rank-length) array`);
    return;
  }
  // y[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n) or y[i] = 0: a table built from the index (a window) or a constant fill, no input to vectorize
  if (body.reads.size === 0 || readsOnlyFreshOutputs(loop, body)) {
    // xs[i] = i * step + start up to a size known only at run time: that is arange()
    const write = body.writes[0];
    if (body.writes.length === 1 && write.operator === "=" && isAffineInIndex(write.value, loop.index) && knownNumber(loop.bound) === undefined && loop.body.length === 1) {
      ctx.report({ node, messageId: "fill", data: { array: clipCode(write.array.name, 26) }, details: "The values are an affine function of the index: `nd.arange(n)` (times a step, plus a start) builds them. No automatic fix: it would allocate a new array instead of filling this one." });
      return;
    }
    ctx.explain(node, "elementwise-loop: not flagged, the loop fills its output from the index or constants (no input array): a table built once, a rewrite cannot pay");
    return;
  }
  // y[i] = x[i][j] over i: a column gathered from separate row arrays is a layout question, not arithmetic.
  if (isColumnCopy(body)) {
    ctx.explain(node, "elementwise-loop: not flagged, it copies a column of separate row arrays");
    return;
  }

  const written = [...new Set(body.writes.map((w) => w.array.name))];
  if (written.length > 1) {
    // a[i] = …; b[i] = a[i]: two parameters may be views of one buffer, making it loop-carried.
    if (!body.writes.every((w) => isUnaliasedFreshArray(w.array.node) || isLocalAllocation(w.array.node) || w.operator === "push")) {
      ctx.explain(node, `elementwise-loop: not flagged, writes ${written.join(", ")}, which may overlap each other`);
      return;
    }
    ctx.report({
      node,
      messageId: "severalOutputs",
      data: { arrays: clipCode(written.map((w) => `\`${w}\``).join(", "), 26) },
      details: `Each output is a whole-array expression (several outputs${body.conditional ? " under conditions, e.g. where()/masks" : ""}). No automatic fix: one pass over several outputs may already be best — measure.`,
    });
    return;
  }

  const write = body.writes[0];
  const special = specialShape(write.array.name, body, [write]);
  if (special) {
    ctx.report({ node, ...special });
    return;
  }
  // Comparisons and ternaries in the value translate (where/less/logicalOr); an `if` does not.
  const guardedByIf = !(loop.body.length === 1 && loop.body[0] === write.statement);
  const maxUpdate = write.operator === "max=" || write.operator === "min=";
  if (body.writes.length > 1 || body.temporaries.size > 0 || body.outerTemporaries.size > 0 || guardedByIf || body.usesIndexValue || maxUpdate) {
    ctx.report({ node, ...describeWithoutFix(write.array.name, body) });
    return;
  }
  reportSingleOutput(ctx, loop, body);
}

function containsLoop(s: Node): boolean {
  if (isAnyLoop(s.compilerNode)) return true;
  // a loop in a function defined here runs when that function is called
  return hasDescendant(s, isAnyLoop, ts.isFunctionLike); // (its signature kinds hold no statements)
}

/** `i`, `i * dx`, `start + i * step`, `(i - c) * k`: an arange-style value of the index alone. */
function isAffineInIndex(value: Node, index: string): boolean {
  let mentions = false;
  const ok = (e: Node): boolean => {
    const n = unparen(e);
    if (Node.isNumericLiteral(n)) return true;
    if (Node.isIdentifier(n)) {
      if (n.getText() === index) mentions = true;
      return true;
    }
    if (Node.isPropertyAccessExpression(n)) return !n.getText().includes(index + ".");
    if (Node.isPrefixUnaryExpression(n)) return n.getOperatorToken() === SyntaxKind.MinusToken && ok(n.getOperand());
    if (Node.isBinaryExpression(n)) {
      const op = n.getOperatorToken().getKind();
      if (op === SyntaxKind.PlusToken || op === SyntaxKind.MinusToken) return ok(n.getLeft()) && ok(n.getRight());
      // a product or quotient keeps the index linear when one side does not mention it
      if (op === SyntaxKind.AsteriskToken || op === SyntaxKind.SlashToken) {
        const l = n.getLeft().getText().includes(index);
        const r = n.getRight().getText().includes(index);
        return !(l && r) && !(op === SyntaxKind.SlashToken && r) && ok(n.getLeft()) && ok(n.getRight());
      }
    }
    return false;
  };
  return ok(value) && mentions;
}

/**
 * `t[i] = i * dx; t[i] = f(t[i])`: every array the loop reads is an output it wrote earlier in the
 * same iteration from the index alone — a table built in steps, with no input array.
 */
function readsOnlyFreshOutputs(loop: IndexLoop, body: ElementwiseBody): boolean {
  const written = new Set(body.writes.map((w) => w.array.name));
  for (const r of body.reads.values()) {
    if (!written.has(r.name)) return false;
    const first = body.writes.find((w) => w.array.name === r.name);
    // the first statement touching the array must be that `=` write, and its value must not read the array
    const mention = new RegExp(`(?<![\\w$.])${r.name.replace(/[$.[\]()*+?^|\\]/g, "\\$&")}(?![\\w$])`);
    const firstTouch = loop.body.find((s) => mention.test(s.getText()));
    if (!first || first.operator !== "=" || firstTouch !== first.statement || mention.test(first.value.getText())) return false;
  }
  return true;
}

/** `col[i] = rows[i][j]`: only a copy out of a column of nested arrays. */
function isColumnCopy(body: ElementwiseBody): boolean {
  const reads = [...body.reads.values()];
  return reads.length > 0 && reads.every((r) => r.stride === "row") && body.writes.every((w) => Node.isElementAccessExpression(unparen(w.value)) || Node.isCallExpression(unparen(w.value)));
}

/** Findings whose message names what keeps the loop from a fix: inferred types, accessors, strides, push. */
function specialShape(output: string, body: ElementwiseBody, writes: { array: ArrayUse; operator: string }[]): Pick<ReportInput, "messageId" | "data" | "details" | "severityCap"> | undefined {
  const uses = [...body.reads.values(), ...writes.map((w) => w.array)];
  // m.set(i, j, …): name the receiver, not the accessor's backing field
  const written = writes[0]?.array;
  // m.set(i, j, …), m[*][j]: name the receiver or the nested array, not the backing field or a pseudo-index
  const array = clipCode(written && (written.accessor || written.stride === "row") ? written.node.getText() : output, 16);
  const accessor = uses.find((u) => u.accessor);
  if (accessor) {
    return {
      messageId: "accessor",
      data: { accessor: clipCode(`${accessor.node.getText()}.${accessor.accessor}()`, 24) },
      details: `\`${accessor.accessor}()\` is a plain read or write of the backing array${uses.some((u) => u.clamped) ? " (the setter clips the value first: an `nd.clip` at the end)" : ""}, so the loop is element-wise over that array. No automatic fix: the array is behind the accessor (often private). ${MEASURED.accessor.figure}`,
      severityCap: MEASURED.accessor.cap,
    };
  }
  const strided = uses.find((u) => u.stride !== undefined);
  if (strided) {
    return {
      messageId: "strided",
      data: { array, stride: clipCode(strided.stride === "row" ? "one row" : strided.stride!, 12) },
      details: `Every access steps by the same stride: a strided view (\`nd.asarray(x).get(nd.slice(null, null, step))\`) and one runtime call express it. No automatic fix: strided views are not proven to match the loop's bounds. ${MEASURED.strided.figure}`,
      severityCap: MEASURED.strided.cap,
    };
  }
  if (writes.some((w) => w.operator === "push")) {
    return {
      messageId: "push",
      data: { array },
      details: `The loop appends \`f(x[i])\` for every element: \`nd.evaluate\`/ufunc calls on the whole input build the same values at once. No automatic fix: the result is a plain array grown by push. ${MEASURED.push.figure}`,
    };
  }
  const inferred = uses.find((u) => u.inferred) ?? (body.inferred.size > 0 ? { name: [...body.inferred.keys()][0], inferred: [...body.inferred.values()][0] } : undefined);
  if (inferred) {
    // an unresolved `NumberArray` is declared numeric; plain untyped values are plain arrays in practice
    const untyped = !inferred.inferred?.startsWith("declared");
    return {
      messageId: "inferred",
      data: { array },
      details: `\`${inferred.name}\`: ${inferred.inferred}. The loop is element-wise, but without a declared numeric type the runtime's dtype is unknown: declare the arrays (\`Float64Array\`, JSDoc \`@param {Float64Array}\`) to get a fix.${untyped ? ` ${MEASURED.untyped.figure}` : ""}`,
      severityCap: untyped ? MEASURED.untyped.cap : "info",
    };
  }
  return undefined;
}

function writesAnElement(loop: Node): boolean {
  return loop.getDescendants().some((d) => {
    if (!Node.isElementAccessExpression(d)) return false;
    const p = d.getParent();
    return !!p && Node.isBinaryExpression(p) && p.getLeft() === d && p.getOperatorToken().getText().endsWith("=") && !["==", "===", "!=", "!==", "<=", ">="].includes(p.getOperatorToken().getText());
  });
}

function describeWithoutFix(output: string, body: ElementwiseBody): Pick<ReportInput, "messageId" | "data" | "details"> {
  const data = { array: clipCode(output, 16) };
  if (body.conditional) {
    return { messageId: "conditional", data, details: "Expressible with where()/maximum()/clip() or a mask. No automatic fix yet." };
  }
  return { messageId: "noFix", data, details: "Expressible as whole-array operations. No automatic fix for this shape." };
}

/** A 2-D (or deeper) element-wise nest, reported once at its outer loop. */
function reportNestMap(ctx: RuleContext, node: Node, inner: ElementwiseBody): void {
  const outputs = [...new Set(inner.writes.map((w) => w.array.node.getText()))];
  const uses = [...inner.reads.values(), ...inner.writes.map((w) => w.array)];
  const accessor = uses.find((u) => u.accessor);
  const arrays = clipCode(outputs.join(", "), 20);
  if (accessor) {
    ctx.report({
      node,
      messageId: "nestAccessor",
      data: { accessor: clipCode(`${accessor.node.getText()}.${accessor.accessor}()`, 24) },
      details: `\`${accessor.accessor}()\` is a plain element read/write of the backing array${uses.some((u) => u.clamped) ? " (the setter clips the value first: an `nd.clip` at the end)" : ""}: the nest is one element-wise expression over the whole matrix or image. No automatic fix: the array is behind the accessor. ${MEASURED.accessor.figure}`,
      severityCap: MEASURED.accessor.cap,
    });
    return;
  }
  // rows m[i] or columns m[*][j] of nested arrays vs offsets into one flat buffer
  const nested = uses.some((u) => u.name.includes("["));
  ctx.report({
    node,
    messageId: nested ? "nestNested" : "nestFlat",
    data: { arrays },
    details: nested
      ? "Store the grid in one NDArray (or a flat Float64Array) and use one runtime call. No automatic fix: it changes the data layout."
      : "One runtime call over the whole buffer does the same. No automatic fix: the bounds are not provably the buffers' lengths.",
  });
}

/** y[i] = <expr>: the single-output case with a runtime-call fix. */
function reportSingleOutput(ctx: RuleContext, loop: IndexLoop, body: ElementwiseBody): void {
  const write = body.writes[0];
  const y = write.array;

  let tree = translate(write.value, loopTranslateContext(loop, body));
  if (tree && write.operator !== "=") {
    const fn = COMPOUND_UFUNC[write.operator];
    tree = fn && !isBoolTree(tree) ? { fn, args: [{ text: y.name, isArray: true }, tree] } : undefined;
  }
  const noFix = (details: string) => ({ messageId: "noFix", data: { array: clipCode(y.name) }, details });
  // y[i] = x[i] (a copy), y[i] = k (a fill) or an operation the runtime does not mirror exactly.
  if (!tree || !("fn" in tree) || !readsArray(tree)) {
    const reason = !tree
      ? body.conditional
        ? " It maps to where()/maximum()/clip() or a mask; no automatic fix for this form."
        : " No automatic fix: the expression uses operations without an exact runtime equivalent."
      : " No automatic fix: it is a copy or a fill (use set()/fill()).";
    ctx.report({ node: loop.loop, ...noFix(reason.trim()) });
    return;
  }
  const vec: VecExpr = tree;

  const blockers: string[] = []; // reasons there is no fix at all
  const assumptions: string[] = []; // reasons the fix is only a refactor
  const views = new Map<string, string>();

  // while (i < n) {…; i++}: the counter outlives the loop with the value n.
  if (loop.kind === "while" || !loop.indexScopedToLoop) blockers.push("the loop counter is visible after the loop");
  // Int32Array inputs follow NumPy's integer promotion in the runtime, not JS's float64 arithmetic.
  const readKinds = [...body.reads.values()];
  const float32Exact = isExactInFloat32(vec, y.kind, readKinds);
  const nonFloat = readKinds.filter((r) => r.kind !== "Float64Array" && r.kind !== "number[]" && !(float32Exact && r.kind === "Float32Array"));
  if (nonFloat.length > 0) {
    const r = nonFloat[0];
    blockers.push(r.kind === "numeric" ? `\`${r.name}\` may be any numeric array (a union or generic type): the runtime's dtype is not known` : `${nonFloat.map((u) => `${u.name} is ${u.kind}`).join(", ")}: the runtime would compute in that dtype, JS computes in float64`);
  }
  // A bool result (0/1) fits every typed array; a float result only a float buffer.
  if (isBoolTree(vec) ? !isTypedArrayKind(y.kind) : y.kind !== "Float64Array" && y.kind !== "Float32Array") {
    blockers.push(`\`${y.name}\` is ${y.kind}, not a ${isBoolTree(vec) ? "typed array" : "Float64Array/Float32Array"} the runtime can write into`);
  }
  // number[] reads are float64 in the runtime too; its elements are numbers by their type
  // (a hole reads as undefined, a value `number` does not allow), so they need no assumption.

  // x[i] and x[i + 1] in one expression: two shifted views of one array.
  const arrays = new Map<string, ArrayUse>();
  for (const r of readKinds) arrays.set(r.name, r);
  arrays.set(y.name, y);
  if ([...arrays.values()].some((a) => a.offset.includes("|"))) blockers.push("an array is read at several offsets");

  // Lengths: JS ignores out-of-range writes and reads undefined (NaN); the runtime throws.
  const whole = isWholeRange(loop);
  const { from, end, last } = rangeTexts(loop);
  const boundOf = boundArray(loop);
  const boundRoot = boundOf ? lengthRoot(unparen(boundOf)) : lengthExpressionRoot(loop.bound);
  const boundText = loop.bound.getText();
  const unproven: string[] = [];
  for (const [name, a] of arrays) {
    // the bound is this array's length: the same identifier's root, or `this.data.length` of a field `this.data`
    const exact = !loop.inclusive && a.offset === "" && ((boundRoot !== undefined && lengthRoot(a.node) === boundRoot) || (boundOf !== undefined && boundOf.getText() === a.name && isStableFieldChain(a.node)));
    // the whole array: no view
    if (exact && whole) continue;
    if (!isTypedArrayKind(a.kind)) {
      blockers.push(`\`${name}\` may not have ${boundText} elements`);
      continue;
    }
    views.set(name, `${name}.subarray(${shifted(from, a.offset)}, ${shifted(end, a.offset)})`);
    // for (let i = 1; i < x.length; i++) over arrays of x's length: the view is exactly the loop's elements
    if (!(exact && startsAtLiteral(loop))) unproven.push(name);
  }
  // for (let i = 0, n = k; i < n; i++): `n` is gone once the loop is replaced.
  if (views.size > 0 && mentionsHeaderBinding(loop, `${from} ${end}`)) blockers.push("the bound is declared in the loop header");
  if (unproven.length > 0) {
    const shiftedArrays = unproven.filter((n) => arrays.get(n)!.offset !== "");
    const plain = unproven.filter((n) => arrays.get(n)!.offset === "");
    if (plain.length > 0) assumptions.push(whole ? `${plain.join(", ")} ${plain.length > 1 ? "hold" : "holds"} at least ${boundText} elements` : `indices ${from} … ${last} lie within ${plain.join(", ")}`);
    for (const n of shiftedArrays) assumptions.push(`${n}[${shifted(from, arrays.get(n)!.offset)} … ${shifted(last, arrays.get(n)!.offset)}] exist`);
  }

  // Aliasing: a distinct parameter may be an overlapping subarray view of the input.
  const yFresh = isUnaliasedFreshArray(y.node);
  const overlapping = readKinds.filter((r) => r.name !== y.name && !yFresh && !isUnaliasedFreshArray(r.node));
  if (overlapping.length > 0) assumptions.push(`${y.name} does not overlap ${overlapping.map((r) => r.name).join(", ")}`);
  if (readKinds.some((r) => r.name === y.name) && loop.direction !== 1 && overlapping.length > 0) blockers.push("in-place update in reverse order");

  if (blockers.length > 0) {
    const shiftedViews = blockers[0] === "an array is read at several offsets";
    ctx.report({ node: loop.loop, ...noFix(`No automatic fix: ${blockers[0]}.${shiftedViews ? ` ${MEASURED.shifted.figure}` : ""}`), ...(shiftedViews ? { severityCap: MEASURED.shifted.cap } : {}) });
    return;
  }

  const view = (name: string) => views.get(name) ?? name;
  const withViews = mapArrays(vec, view);
  const safe = assumptions.length === 0;
  const assumption = safe ? undefined : `assumes ${assumptions.join("; ")}`;
  // Several operations: one fused nd.evaluate pass instead of a temporary per inner call.
  const fused = countCalls(vec) > 1 ? fusedForm(vec, arrays, view) : undefined;
  const callText = (ns: string) => (fused ? renderEvaluate(fused, ns, view(y.name)) : render(withViews, ns, view(y.name)));
  const { fix, afterForBench } = buildReplaceFix({
    node: loop.loop,
    statements: (ns) => [callText(ns) + ";"],
    runtimeImport: ctx.options.runtimeImport,
    title: (ns) => `Replace loop with ${callText(ns)}${safe ? "" : ` (${assumption})`}`,
    safe,
    assumption,
  });
  const commonLength = new Set<string>();
  if (boundRoot && whole) {
    for (const [name, a] of arrays) if (lengthRoot(a.node) === boundRoot) commonLength.add(name);
    const b = unparen(loop.bound);
    if (Node.isIdentifier(b) && isNumberNode(b)) commonLength.add(b.getText());
  }
  ctx.report({
    node: loop.loop,
    messageId: "call",
    data: { array: clipCode(y.name, 24), call: clipCode(callText("nd"), 40) },
    details: `\`${y.name}[${loop.index}] ${write.operator} …\` for every ${loop.index} is one runtime call, \`${callText("nd")}\`. ${performanceNote(vec, fused !== undefined)}`,
    fix,
    bench: benchSpecFor(loop.loop, afterForBench, commonLength),
  });
}

/** What the docs page measured for this shape of rewrite (1e6 elements, node 20; see docs/rules/elementwise-loop.md). */
function performanceNote(v: VecExpr, fused: boolean): string {
  if (fused) {
    return "One fused pass over the arrays, no temporaries, same values bit for bit; measured from about the same speed as this compiled loop up to about 2× faster at 1e6 elements (a mask of comparisons): the code lens measures your case.";
  }
  // nested calls first: a mask that could not be fused still makes a bool temporary per inner call
  if (countCalls(v) > 1) {
    return "Nested calls copy a plain array into the runtime and allocate a temporary per inner call: measured 3.4–15× slower than this compiled loop at 1e6 elements (number[] inputs, which nd.evaluate cannot fuse); run the benchmark before applying.";
  }
  if (usesBoolFunctions(v)) {
    return "The runtime's comparison loop has no branch: measured about the same speed as this loop when its `? 1 : 0` branch is always predicted (sorted data) and 2.4–3.3× faster at 1e6 elements on data where it mispredicts; run the benchmark on your data before applying.";
  }
  if (isFunctionBound(v)) {
    return "The function itself dominates both versions: the single call measured about the same speed as this compiled loop (0.93–1.07× at 1e6 elements for sqrt, exp, log, 2 ** x); the code lens measures your case.";
  }
  return "A compiled typed-array loop is already fast; the single call measured from about the same speed up to 1.7× faster at 1e6 elements (1.3–1.7× for add, multiply, 1 - x, abs, negative, x ** 2): the code lens measures your case.";
}

/** Functions (of those translate() produces) whose own cost per element dwarfs the loop's: a whole-array call saves nothing measurable. */
const FUNCTION_BOUND = new Set(["sqrt", "exp", "log"]);

function isFunctionBound(v: VecExpr): boolean {
  if (!("fn" in v)) return false;
  if (FUNCTION_BOUND.has(v.fn)) return true;
  // power runs Math.pow per element except for the exponent 2 (a multiply)
  return v.fn === "power" && !isLiteral(v.args[1], 2);
}

function usesBoolFunctions(v: VecExpr): boolean {
  return "fn" in v && (isBoolTree(v) || v.fn === "where" || v.args.some(usesBoolFunctions));
}

/** One IEEE operation whose float32 result is the JS loop's, rounded once at the store. */
const FLOAT32_EXACT = new Set(["add", "subtract", "multiply", "divide", "sqrt", "abs", "negative"]);

/**
 * y[i] = x[i] * 3 over Float32Arrays: JS computes x[i] * 3 in float64 and rounds once when it
 * stores into y; the runtime computes in float32. For one +, -, *, / or sqrt of float32 values the
 * two agree bit for bit (the float64 result rounded to float32 is the correctly rounded float32
 * result: 53 ≥ 2·24 + 2 bits), so such a loop is fixable. Excluded, with the counter-example:
 * two operations (`x[i] * k + 1`: JS keeps the float64 intermediate, the runtime rounds it), a
 * scalar that float32 cannot hold (`x[i] * 0.1`: the runtime rounds 0.1 to float32 first), a
 * scalar whose value is not a literal (it may be such a number), a Float64Array output or any
 * non-float32 read (mixed widths promote differently).
 */
function isExactInFloat32(v: VecExpr, outKind: string, reads: readonly { kind: string }[]): boolean {
  if (outKind !== "Float32Array" || !reads.every((r) => r.kind === "Float32Array")) return false;
  if (!("fn" in v) || !FLOAT32_EXACT.has(v.fn)) return false;
  return v.args.every((a) => {
    if ("fn" in a) return false;
    if (a.isArray) return true;
    const value = literalValue(a.node);
    return value !== undefined && Math.fround(value) === value;
  });
}

/**
 * The nd.evaluate form of a multi-operation tree, when it computes exactly what the loop does:
 * every array it reads is a Float64Array. Not number[] (evaluate takes typed arrays only), not an
 * array of unknown kind, not Float32Array (evaluate would round every step to float32 where JS
 * rounds once at the store). Otherwise the nested calls stay.
 */
function fusedForm(v: VecExpr, arrays: Map<string, { kind: string }>, view: (name: string) => string): EvaluateCall | undefined {
  const float64Only = leavesOf(v).every((l) => !l.isArray || arrays.get(l.text)?.kind === "Float64Array");
  return float64Only ? toEvaluate(v, view) : undefined;
}

// ---------------------------------------------------------------------------
// .map(f) of a pure arithmetic function (the np.vectorize trap)
// ---------------------------------------------------------------------------

function checkMap(call: Node, ctx: RuleContext, reported: Set<Node>): void {
  if (!Node.isCallExpression(call)) return;
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== "map") return;
  const args = call.getArguments();
  // xs.map(cb) or xs.map(arrowFn, thisArg) (an arrow ignores thisArg)
  if (args.length !== 1 && !(args.length === 2 && Node.isArrowFunction(unparen(args[0])))) return;
  const receiver = callee.getExpression();
  const kind = arrayKindOf(receiver);
  // strings.map(…), objects.map(…): no numeric array
  if (kind === undefined && !isUntyped(receiver)) return;
  // chromagram.map(v => v / max) over 12 values, kernel.map(…): a call costs more than the loop
  if (isTinyArray(receiver)) return;
  const verdict = analyzeMapCallback(args[0]);
  // xs.map(f) where f logs, reads state, uses its index as a value, or (_, i) => i * dx (a fill): not an element-wise map.
  if (!verdict.ok || !verdict.usesElement) return;
  if (kind === "number[][]" && !verdict.nested) return;
  // an untyped receiver is numeric only when the callback does arithmetic only numbers allow
  const inferred = kind === undefined || kind === "numeric";
  if (kind === undefined && !verdict.numeric) return;
  const statement = call.getFirstAncestor((a) => Node.isStatement(a) && !Node.isBlock(a));
  // m.map(row => row.map(…)): one finding for the nest
  if (!statement || reported.has(statement)) return;
  reported.add(statement);
  ctx.report({
    node: statement,
    messageId: "map",
    data: { receiver: clipCode(receiver.getText(), 28) },
    details: `\`${clipCode(receiver.getText(), 40)}.map(${clipCode(args[0].getText(), 30)})\` calls a scalar function once per element (NumPy's np.vectorize trap): write the arithmetic on whole arrays instead${verdict.nested ? " (a 2-D map: one expression on the whole matrix)" : ""}.${inferred ? " The receiver's element type is inferred from the callback's arithmetic." : ""} No automatic fix.`,
  });
}
