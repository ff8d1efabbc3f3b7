// Translate an element-wise expression (`x[i] * 2 + b[i]`) into nested runtime calls
// (`nd.add(nd.multiply(x, 2), b)`). Only operations whose runtime kernels use exactly JS's
// float64 operators / Math functions are translated; anything else yields undefined.
import { Node, SyntaxKind } from "ts-morph";
import type { IndexLoop } from "./loops";
import type { ElementwiseBody } from "./elementwise";

/** Binary operators and the runtime function with identical float64 semantics. */
export const BINARY_UFUNC: Partial<Record<SyntaxKind, string>> = {
  [SyntaxKind.PlusToken]: "add",
  [SyntaxKind.MinusToken]: "subtract",
  [SyntaxKind.AsteriskToken]: "multiply",
  [SyntaxKind.SlashToken]: "divide",
  [SyntaxKind.AsteriskAsteriskToken]: "power",
};

/** Compound assignment operators → runtime function. */
export const COMPOUND_UFUNC: Record<string, string> = {
  "+=": "add",
  "-=": "subtract",
  "*=": "multiply",
  "/=": "divide",
  "**=": "power",
};

/** Math functions → runtime function (same results: the runtime calls the same Math function). */
export const MATH_UFUNC: Record<string, { name: string; arity: number }> = {
  sqrt: { name: "sqrt", arity: 1 },
  abs: { name: "abs", arity: 1 },
  exp: { name: "exp", arity: 1 },
  log: { name: "log", arity: 1 },
  pow: { name: "power", arity: 2 },
};

/** Comparisons → runtime functions returning bool arrays (same results as JS on numbers, NaN included). */
export const COMPARE_UFUNC: Partial<Record<SyntaxKind, string>> = {
  [SyntaxKind.LessThanToken]: "less",
  [SyntaxKind.GreaterThanToken]: "greater",
  [SyntaxKind.LessThanEqualsToken]: "lessEqual",
  [SyntaxKind.GreaterThanEqualsToken]: "greaterEqual",
  [SyntaxKind.EqualsEqualsEqualsToken]: "equal",
  [SyntaxKind.ExclamationEqualsEqualsToken]: "notEqual",
};

/** `&&` / `||` between booleans. */
export const LOGICAL_UFUNC: Partial<Record<SyntaxKind, string>> = {
  [SyntaxKind.AmpersandAmpersandToken]: "logicalAnd",
  [SyntaxKind.BarBarToken]: "logicalOr",
};

const BOOL_FUNCTIONS = new Set([...Object.values(COMPARE_UFUNC), ...Object.values(LOGICAL_UFUNC), "logicalNot"]);

/** Is the tree a bool array (a comparison or logical combination)? */
export function isBoolTree(v: VecExpr): boolean {
  return "fn" in v && BOOL_FUNCTIONS.has(v.fn);
}

function isLiteral(v: VecExpr, value: number): boolean {
  return "text" in v && !v.isArray && v.text.trim() === String(value);
}

/** A call tree: either source text of a scalar / array operand, or a runtime call. */
export type VecExpr = { text: string; isArray: boolean } | { fn: string; args: VecExpr[] };

export interface TranslateContext {
  /** Returns the array's source text when `n` reads an array at the element index, else undefined. */
  arrayOperand(n: Node): string | undefined;
  /** True for nodes that contain no array read and no use of the index (loop-invariant scalars). */
  isInvariantScalar(n: Node): boolean;
  /** The initializer a body temporary stands for (`const d = a[i] - b[i]`), to inline it. */
  resolveTemporary?(n: Node): Node | undefined;
}

function unparen(e: Node): Node {
  let n = e;
  while (Node.isParenthesizedExpression(n)) n = n.getExpression();
  return n;
}

export function translate(e: Node, ctx: TranslateContext): VecExpr | undefined {
  const n = unparen(e);
  const inlined = ctx.resolveTemporary?.(n);
  if (inlined) return translate(inlined, ctx);
  const arr = ctx.arrayOperand(n);
  if (arr !== undefined) return { text: arr, isArray: true };
  if (ctx.isInvariantScalar(n)) return { text: n.getText(), isArray: false };
  if (Node.isBinaryExpression(n)) {
    const kind = n.getOperatorToken().getKind();
    const l = translate(n.getLeft(), ctx);
    const r = translate(n.getRight(), ctx);
    if (!l || !r) return undefined;
    const arith = BINARY_UFUNC[kind];
    if (arith) return isBoolTree(l) || isBoolTree(r) ? undefined : { fn: arith, args: [l, r] };
    const compare = COMPARE_UFUNC[kind];
    if (compare) return isBoolTree(l) || isBoolTree(r) ? undefined : { fn: compare, args: [l, r] };
    // a && b on numbers returns a number in JS: only booleans combine exactly.
    const logical = LOGICAL_UFUNC[kind];
    if (logical) return isBoolTree(l) && isBoolTree(r) ? { fn: logical, args: [l, r] } : undefined;
    return undefined;
  }
  if (Node.isPrefixUnaryExpression(n) && n.getOperatorToken() === SyntaxKind.ExclamationToken) {
    const inner = translate(n.getOperand(), ctx);
    return inner && isBoolTree(inner) ? { fn: "logicalNot", args: [inner] } : undefined;
  }
  if (Node.isConditionalExpression(n)) {
    const cond = translate(n.getCondition(), ctx);
    const a = translate(n.getWhenTrue(), ctx);
    const b = translate(n.getWhenFalse(), ctx);
    if (!cond || !a || !b || !isBoolTree(cond) || isBoolTree(a) || isBoolTree(b)) return undefined;
    // c ? 1 : 0 stores the comparison itself; c ? 0 : 1 its negation.
    if (isLiteral(a, 1) && isLiteral(b, 0)) return cond;
    if (isLiteral(a, 0) && isLiteral(b, 1)) return { fn: "logicalNot", args: [cond] };
    return { fn: "where", args: [cond, a, b] };
  }
  if (Node.isPrefixUnaryExpression(n) && n.getOperatorToken() === SyntaxKind.MinusToken) {
    const inner = translate(n.getOperand(), ctx);
    return inner && !isBoolTree(inner) ? { fn: "negative", args: [inner] } : undefined;
  }
  if (Node.isCallExpression(n)) {
    const callee = n.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || callee.getExpression().getText() !== "Math") return undefined;
    const spec = MATH_UFUNC[callee.getName()];
    const args = n.getArguments();
    if (!spec || args.length !== spec.arity) return undefined;
    const translated = args.map((a) => translate(a, ctx));
    if (translated.some((t) => t === undefined || isBoolTree(t))) return undefined;
    return { fn: spec.name, args: translated as VecExpr[] };
  }
  return undefined;
}

/** Does the tree read at least one array (otherwise it is a fill, not a map)? */
export function readsArray(v: VecExpr): boolean {
  return "text" in v ? v.isArray : v.args.some(readsArray);
}

/** Render with namespace `ns`; `out` is added to the outermost call. */
export function render(v: VecExpr, ns: string, out?: string): string {
  if ("text" in v) return v.text;
  const args = v.args.map((a) => render(a, ns));
  if (out !== undefined) args.push(`{ out: ${out} }`);
  return `${ns}.${v.fn}(${args.join(", ")})`;
}

/** Names of the runtime functions the tree calls. */
export function functionsUsed(v: VecExpr, acc = new Set<string>()): Set<string> {
  if ("fn" in v) {
    acc.add(v.fn);
    for (const a of v.args) functionsUsed(a, acc);
  }
  return acc;
}

/**
 * The translation context of a 1-D index loop whose body passed analyzeElementwiseBody:
 * `x[i]` and a for…of entries value are array operands, body temporaries are inlined, and
 * anything free of element reads, the index and temporaries is a loop-invariant scalar.
 */
export function loopTranslateContext(loop: IndexLoop, body: ElementwiseBody): TranslateContext {
  const temporaries = new Map<string, Node>();
  for (const s of loop.body) {
    if (!Node.isVariableStatement(s)) continue;
    for (const d of s.getDeclarations()) {
      const init = d.getInitializer();
      if (init && body.temporaries.has(d.getName())) temporaries.set(d.getName(), init);
    }
  }
  const variant = (d: Node): boolean => {
    if (Node.isElementAccessExpression(d)) return true;
    if (Node.isIdentifier(d)) {
      const t = d.getText();
      return t === loop.index || body.temporaries.has(t) || t === loop.entries?.value;
    }
    return false;
  };
  return {
    arrayOperand(n) {
      if (loop.entries && Node.isIdentifier(n) && n.getText() === loop.entries.value) return unparen(loop.entries.array).getText();
      if (!Node.isElementAccessExpression(n)) return undefined;
      const base = unparen(n.getExpression());
      const arg = n.getArgumentExpression();
      if (!Node.isIdentifier(base) || !arg || unparen(arg).getText() !== loop.index) return undefined;
      return base.getText();
    },
    isInvariantScalar(n) {
      if (variant(n)) return false;
      let found = false;
      n.forEachDescendant((d, traversal) => {
        if (variant(d)) {
          found = true;
          traversal.stop();
        }
      });
      return !found;
    },
    resolveTemporary(n) {
      // Only temporaries that are never reassigned in the body can be inlined.
      if (!Node.isIdentifier(n) || !temporaries.has(n.getText())) return undefined;
      const name = n.getText();
      let reassigned = false;
      for (const s of loop.body) {
        s.forEachDescendant((d) => {
          if (Node.isBinaryExpression(d) && d.getLeft().getText() === name && d.getOperatorToken().getText().endsWith("=") && !["==", "===", "!=", "!==", "<=", ">="].includes(d.getOperatorToken().getText())) reassigned = true;
        });
      }
      return reassigned ? undefined : temporaries.get(name);
    },
  };
}
