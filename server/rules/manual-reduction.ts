// manual-reduction — docs: docs/rules/manual-reduction.md
//
// What it does: finds hand-written reductions over numeric arrays — sum, product, min, max, mean,
// dot `s += a[i] * b[i]`, sum of squared differences, the triple-loop matrix multiply, and
// `.reduce((a, b) => a + b, 0)` — that one runtime call (nd.sum, nd.dot, nd.max, nd.matmul) says.
// Why is this bad? The call names the intent and uses the runtime's SIMD kernels; the measured
// figure is in the docs page.
// Fix safety: a vectorized sum adds in a different order, so a float sum/dot/product is a refactor
// ("sum may differ in the last bits") unless options.allowReassociation; an `if (x[i] > m)` max over
// floats becomes nanmax() (it skips NaN and keeps the first of tied zeros, as the loop does);
// Math.max(m, x[i]) over floats is a refactor (+0 vs -0). Arrays must provably have the loop's
// length, or a shorter one makes the loop's sum NaN, which a `b.length >= a.length ? … : NaN` guard
// reproduces. Several reductions fused in one loop get no fix: one pass may be best.
import { Node, SyntaxKind, type SourceFile } from "ts-morph";
import { guarded, type Rule, type RuleContext } from "../engine/rule";
import { matchIndexLoop, boundArray, mentionsHeaderBinding, type IndexLoop } from "../engine/analysis/loops";
import { analyzeElementwiseBody, type Accumulation, type ElementwiseBody } from "../engine/analysis/elementwise";
import { translate, render, loopTranslateContext, mapArrays, readsArray, type VecExpr } from "../engine/analysis/vectorize";
import { lengthRoot, lengthExpressionRoot } from "../engine/analysis/arrays";
import { buildReplaceFix, benchSpecFor, castText } from "../engine/analysis/fixes";
import { arrayKindOf, isTypedArrayKind } from "../engine/analysis/types";
import { isTooSmall } from "./elementwise-loop";
import { declarationScope, isWithin, isWriteReference, referencesIn, variableDeclarationOf } from "../engine/analysis/scope";
import { clipCode, unparen } from "../engine/analysis/syntax";

export const manualReduction: Rule = {
  meta: {
    id: "manual-reduction",
    summary: "Replace a hand-written sum, product, min/max, mean, dot or matrix multiply with one runtime reduction.",
    defaultSeverity: "warning",
    fixability: "safe",
    docsPath: "docs/rules/manual-reduction.md",
    messages: {
      reduction: "Manual {{what}} into `{{name}}`: one `{{call}}` call does the same.",
      noFix: "Manual {{what}} over `{{arrays}}`: one runtime reduction does the same (no automatic fix).",
      fused: "Loop computes {{what}} in one pass: already one read of the arrays; runtime calls would re-read them.",
      matmul: "Matrix multiply as a triple loop: `nd.matmul({{a}}, {{b}})` uses a blocked SIMD kernel (no automatic fix).",
      reduceCall: "`{{receiver}}.reduce(…)` is a {{what}} with a callback per element; `nd.{{op}}` is one call.",
    },
  },
  check(ctx: RuleContext): void {
    const covered = new Set<Node>();
    ctx.sourceFile.forEachDescendant((node) => {
      if (covered.has(node)) return;
      if (Node.isForStatement(node) || Node.isWhileStatement(node) || Node.isForOfStatement(node)) guarded(ctx, node, () => checkLoop(node, ctx, covered));
      else if (Node.isCallExpression(node)) guarded(ctx, node, () => checkReduceCall(node, ctx));
    });
  },
};

const REASSOCIATION = "sum may differ in the last bits";

function checkLoop(node: Node, ctx: RuleContext, covered: Set<Node>): void {
  const loop = matchIndexLoop(node);
  if (!loop) return;
  // for (let k = 0; k < 3; k++) s += a[k] * b[k]: a 3-vector dot is cheaper than any call.
  if (isTooSmall(loop, ctx.options.minArraySize)) return;

  if (checkMatmul(loop, ctx, covered)) return;

  const verdict = analyzeElementwiseBody(loop.body, { loops: [loop], pattern: { indices: [loop.index] }, accumulators: true });
  if (!verdict.ok) {
    ctx.explain(verdict.node, `manual-reduction: not flagged, ${verdict.blocker}`);
    return;
  }
  const body = verdict.value;
  // running += x[i]; out[i] = running: a scan writes every step, it is not one reduction.
  if (body.writes.length > 0 || body.accumulations.length === 0) return;
  // s += i: no array is read, there is nothing to hand to the runtime.
  if (body.reads.size === 0) return;

  const names = [...new Set(body.accumulations.map((a) => a.name))];
  if (body.accumulations.length > 1) {
    ctx.report({
      node,
      messageId: "fused",
      data: { what: names.length > 1 ? `${names.length} reductions (${clipCode(names.join(", "), 40)})` : `\`${clipCode(names[0])}\` in several steps` },
      details: "Separate runtime calls (sum, dot, …) would each read the arrays again: one pass may already be best — measure. No automatic fix.",
    });
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

function reportSingle(ctx: RuleContext, loop: IndexLoop, body: ElementwiseBody, acc: Accumulation): void {
  const tctx = loopTranslateContext(loop, body);
  const tree = translate(acc.value, tctx);
  const kinds = [...body.reads.values()];
  const name = acc.name;
  const meanHint = isFollowedByMean(loop, name) ? " Divided by the length afterwards, it is `mean()`." : "";

  const noFix = (what: string, why: string) =>
    ctx.report({
      node: loop.loop,
      messageId: "noFix",
      data: { what, arrays: clipCode(kinds.map((k) => k.name).join("`, `") || "an array", 40) },
      details: `${meanHint.trim()} No automatic fix: ${why}.`.trim(),
    });

  const whatOf: Record<Accumulation["kind"], string> = {
    sum: "sum", difference: "sum", product: "product", "max-if": "maximum", "min-if": "minimum", "max-call": "maximum", "min-call": "minimum",
  };
  const what = whatOf[acc.kind];
  // if (x[i] > 0) s += x[i]: a masked sum needs where()/a mask first.
  if (acc.conditional) return noFix(`conditional ${what}`, "the condition needs a mask (where()) first");
  if (body.conditional) return noFix(what, "the value uses comparisons or conditions");
  if (body.usesIndexValue) return noFix(what, "the value depends on the index itself");
  if (!tree || !readsArray(tree)) return noFix(what, "the expression uses operations without an exact runtime equivalent");

  const blockers: string[] = [];
  const assumptions: string[] = [];
  const isMinMax = acc.kind !== "sum" && acc.kind !== "difference" && acc.kind !== "product";
  let skipsNaN = false;

  if (loop.kind === "while" || !loop.indexScopedToLoop) blockers.push("the loop counter is visible after the loop");

  if (isMinMax) {
    // max(|x|) on Int32Array would wrap at -2^31 in the runtime's int32 abs: only x[i] itself.
    if (!("text" in tree)) blockers.push("only a plain element x[i] maps to max()/min() exactly");
    const allInts = kinds.every((k) => isTypedArrayKind(k.kind) && !k.kind.startsWith("Float"));
    // `if (x[i] > m) m = x[i]` skips NaN and keeps the first of tied zeros: nanmax() does both by contract.
    // Math.max(m, x[i]) propagates NaN but prefers +0 over -0, which no runtime reduction promises.
    if (!allInts && acc.kind.endsWith("-call")) assumptions.push("assumes the sign of a zero result does not matter");
    skipsNaN = !allInts && acc.kind.endsWith("-if");
  } else {
    // Float32Array/Int32Array sums: the runtime accumulates in that dtype, JS in float64.
    const nonF64 = kinds.filter((k) => k.kind !== "Float64Array" && k.kind !== "number[]");
    if (nonF64.length > 0) blockers.push(`${nonF64.map((k) => `${k.name} is ${k.kind}`).join(", ")}: the runtime would accumulate in that dtype, JS in float64`);
    if (!ctx.options.allowReassociation) assumptions.push(REASSOCIATION);
    // s += nd.sum(empty) turns a -0 start into +0 where the loop leaves it alone.
    if (!startsAtNonNegativeZero(acc, loop.loop)) assumptions.push(`assumes \`${name}\` is not -0 before the loop`);
  }

  // Lengths: the loop reads only bound elements (undefined → NaN past the end); the runtime
  // reduces whole arrays and throws when shapes differ.
  const boundOf = boundArray(loop);
  const boundRoot = boundOf ? lengthRoot(unparen(boundOf)) : lengthExpressionRoot(loop.bound);
  const boundText = loop.bound.getText();
  const views = new Map<string, string>();
  const unproven: string[] = [];
  for (const k of kinds) {
    if (boundRoot && lengthRoot(k.node) === boundRoot) continue;
    unproven.push(k.name);
    views.set(k.name, isTypedArrayKind(k.kind) ? `${k.name}.subarray(0, ${boundText})` : `${k.name}.slice(0, ${boundText})`);
  }
  // for (let i = 0, n = k; i < n; i++): `n` is gone once the loop is replaced.
  if ((unproven.length > 0) && mentionsHeaderBinding(loop, boundText)) blockers.push("the bound is declared in the loop header");
  // A sum/dot/product over a shorter array reads undefined, so the loop's result is NaN: when the bound is
  // another array's length, `b.length >= a.length ? nd.dot(a, b.subarray(0, a.length)) : NaN` is exact.
  // (A min/max loop would skip those undefined reads instead; a bare parameter bound may be fractional.)
  const lengthGuard = unproven.length > 0 && boundOf !== undefined && boundRoot !== undefined && !isMinMax ? unproven.map((n) => `${n}.length >= ${boundText}`).join(" && ") : undefined;
  if (unproven.length > 0 && !lengthGuard) assumptions.push(`assumes ${unproven.join(", ")} ${unproven.length > 1 ? "hold" : "holds"} at least ${boundText} elements`);

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
  if (boundRoot) for (const k of kinds) if (lengthRoot(k.node) === boundRoot) commonLength.add(k.name);
  ctx.report({
    node: loop.loop,
    messageId: "reduction",
    data: { what: plan.what, name: clipCode(name, 16), call: /nd\.\w+/.exec(plan.call("nd"))?.[0] ?? "nd" },
    details: `The loop folds \`${acc.value.getText()}\` into \`${name}\` one element at a time; \`${plan.call("nd")}\` is one runtime reduction.${meanHint}`,
    fix,
    bench: benchSpecFor(loop.loop, afterForBench, commonLength, isMinMax ? undefined : REASSOCIATION_TOLERANCE),
  });
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
        // dot() is typed `NDArray | number` (2-D operands give a matrix); 1-D·1-D is a number.
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

/** `return total / data.length` or `const mean = total / n` right after the loop. */
function isFollowedByMean(loop: IndexLoop, name: string): boolean {
  const next = loop.loop.getNextSibling();
  if (!next) return false;
  let found = false;
  next.forEachDescendant((d) => {
    if (Node.isBinaryExpression(d) && d.getOperatorToken().getKind() === SyntaxKind.SlashToken && unparen(d.getLeft()).getText() === name) found = true;
  });
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
    data: { a: clipCode(a.array, 20), b: clipCode(b.array, 20) },
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
  if (!kind || kind === "number[][]") return;
  const args = call.getArguments();
  if (args.length === 0) return;
  const fn = unparen(args[0]);
  if (!Node.isArrowFunction(fn) && !Node.isFunctionExpression(fn)) return;
  const params = fn.getParameters();
  if (params.length !== 2) return;
  const [pa, pb] = params.map((p) => p.getName());
  let expr: Node | undefined = fn.getBody();
  if (expr && Node.isBlock(expr)) {
    const st = expr.getStatements();
    expr = st.length === 1 && Node.isReturnStatement(st[0]) ? st[0].getExpression() : undefined;
  }
  if (!expr) return;
  const e = unparen(expr);
  const both = (l: Node, r: Node) => {
    const x = unparen(l).getText();
    const y = unparen(r).getText();
    return (x === pa && y === pb) || (x === pb && y === pa);
  };
  let op: "sum" | "prod" | "max" | "min" | undefined;
  if (Node.isBinaryExpression(e) && both(e.getLeft(), e.getRight())) {
    const t = e.getOperatorToken().getKind();
    op = t === SyntaxKind.PlusToken ? "sum" : t === SyntaxKind.AsteriskToken ? "prod" : undefined;
  } else if (Node.isCallExpression(e)) {
    const c = e.getExpression();
    const a = e.getArguments();
    if (Node.isPropertyAccessExpression(c) && c.getExpression().getText() === "Math" && a.length === 2 && both(a[0], a[1])) {
      op = c.getName() === "max" ? "max" : c.getName() === "min" ? "min" : undefined;
    }
  }
  if (!op) return;
  const statement = call.getFirstAncestor((a) => Node.isStatement(a) && !Node.isBlock(a)) ?? call;
  const identity: Record<typeof op, string> = { sum: "0", prod: "1", max: "-Infinity", min: "Infinity" };
  const init = args[1] ? unparen(args[1]).getText().replace(/\s+/g, "") : undefined;
  const arr = receiver.getText();
  const what = { sum: "sum", prod: "product", max: "maximum", min: "minimum" }[op];
  const base = { messageId: "reduceCall", data: { receiver: clipCode(arr), what, op } };
  // .reduce(f) without an initial value throws on an empty array; another start value changes the result.
  if (init !== identity[op]) {
    ctx.report({ node: statement, ...base, details: `No automatic fix: the initial value is not ${identity[op]}.` });
    return;
  }
  const assumptions: string[] = [];
  const blockers: string[] = [];
  if (op === "sum" || op === "prod") {
    if (kind !== "Float64Array" && kind !== "number[]") blockers.push(`${arr} is ${kind}: the runtime would accumulate in that dtype`);
    if (!ctx.options.allowReassociation) assumptions.push(REASSOCIATION);
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
