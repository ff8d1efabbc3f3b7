// Translate an element-wise expression (`x[i] * 2 + b[i]`) into nested runtime calls
// (`nd.add(nd.multiply(x, 2), b)`) or one fused nd.evaluate call (`nd.evaluate("x * 2 + b", { x, b })`).
// Only operations whose runtime kernels use exactly JS's float64 operators / Math functions are
// translated; anything else yields undefined.
import { Node, SyntaxKind } from "ts-morph";
import { isNumberNode } from "./types";
import type { IndexLoop } from "./loops";
import type { ElementwiseBody } from "./elementwise";
import { unparen } from "./syntax";

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

/** A scalar leaf written as the literal `value` (`2`, not `k` or `2.0`). */
export function isLiteral(v: VecExpr, value: number): boolean {
  return "text" in v && !v.isArray && v.text.trim() === String(value);
}

/**
 * A call tree: either source text of a scalar / array operand, or a runtime call. A scalar leaf
 * keeps its node (its type and literal value decide how nd.evaluate receives it).
 */
export type VecExpr = { text: string; isArray: boolean; node?: Node } | { fn: string; args: VecExpr[] };

export interface TranslateContext {
  /** Returns the array's source text when `n` reads an array at the element index, else undefined. */
  arrayOperand(n: Node): string | undefined;
  /** True for nodes that contain no array read and no use of the index (loop-invariant scalars). */
  isInvariantScalar(n: Node): boolean;
  /** The initializer a body temporary stands for (`const d = a[i] - b[i]`), to inline it. */
  resolveTemporary?(n: Node): Node | undefined;
}

export function translate(e: Node, ctx: TranslateContext): VecExpr | undefined {
  const n = unparen(e);
  const inlined = ctx.resolveTemporary?.(n);
  if (inlined) return translate(inlined, ctx);
  const arr = ctx.arrayOperand(n);
  if (arr !== undefined) return { text: arr, isArray: true };
  if (ctx.isInvariantScalar(n)) return { text: n.getText(), isArray: false, node: n };
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

type Leaf = Extract<VecExpr, { text: string }>;

/** The operands of the tree (array reads and scalars), left to right. */
export function leavesOf(v: VecExpr, acc: Leaf[] = []): Leaf[] {
  if ("fn" in v) for (const a of v.args) leavesOf(a, acc);
  else acc.push(v);
  return acc;
}

/** The tree with every array operand's text replaced by `f(text)` (e.g. a subarray view). */
export function mapArrays(v: VecExpr, f: (name: string) => string): VecExpr {
  if ("text" in v) return v.isArray ? { text: f(v.text), isArray: true } : v;
  return { fn: v.fn, args: v.args.map((a) => mapArrays(a, f)) };
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

/** Number of runtime calls in the tree (a leaf is 0). */
export function countCalls(v: VecExpr): number {
  return "fn" in v ? 1 + v.args.reduce((n, a) => n + countCalls(a), 0) : 0;
}

// ---------------------------------------------------------------------------
// nd.evaluate: one fused pass instead of nested calls (runtime/evaluate.ts)
// ---------------------------------------------------------------------------

/**
 * Runtime function → nd.evaluate's expression form, with its precedence in evaluate's grammar
 * (Python's: | < & < ~ < comparison < + - < * / < unary - < **). Each is exactly the JS the
 * loop runs: float64 evaluation uses JS's operators and Math functions (`**` is Math.pow),
 * comparisons are JS's (`==` is `===`), `& | ~` are `&& || !` on booleans, and where(c, a, b)
 * with a boolean c is `c ? a : b`. Anything not listed keeps the nested calls.
 */
const PREC_OR = 1;
const PREC_AND = 2;
const PREC_NOT = 3;
const PREC_COMPARE = 4;
const PREC_ADD = 5;
const PREC_MUL = 6;
const PREC_UNARY = 7;
const PREC_POWER = 8;
const PREC_ATOM = 9;
const EVALUATE_BINARY: Record<string, { op: string; prec: number }> = {
  logicalOr: { op: "|", prec: PREC_OR },
  logicalAnd: { op: "&", prec: PREC_AND },
  less: { op: "<", prec: PREC_COMPARE },
  greater: { op: ">", prec: PREC_COMPARE },
  lessEqual: { op: "<=", prec: PREC_COMPARE },
  greaterEqual: { op: ">=", prec: PREC_COMPARE },
  equal: { op: "==", prec: PREC_COMPARE },
  notEqual: { op: "!=", prec: PREC_COMPARE },
  add: { op: "+", prec: PREC_ADD },
  subtract: { op: "-", prec: PREC_ADD },
  multiply: { op: "*", prec: PREC_MUL },
  divide: { op: "/", prec: PREC_MUL },
  power: { op: "**", prec: PREC_POWER },
};
/** Functions written as calls in an evaluate expression, with their arity: the one-argument Math ones and where. */
const EVALUATE_CALLS = new Map<string, number>([...Object.values(MATH_UFUNC).filter((f) => f.arity === 1).map((f): [string, number] => [f.name, 1]), ["where", 3]]);

/** Names nd.evaluate reads as functions (an operand of that name would read confusingly); test/rules/elementwise-loop.test.ts checks it against the runtime's list. */
export const EVALUATE_RESERVED = new Set([
  "abs", "sqrt", "exp", "log", "log2", "log10", "sin", "cos", "tan", "arcsin", "arccos", "arctan", "arctan2",
  "sinh", "cosh", "tanh", "floor", "ceil", "where", "real", "imag", "conj",
  // `{ __proto__: v }` sets the prototype instead of adding an operand
  "__proto__",
]);

/** A name nd.evaluate's tokenizer reads as one name. */
function isEvaluateName(text: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(text) && !EVALUATE_RESERVED.has(text);
}

/** nd.evaluate's number syntax (no sign, hex, separators, Infinity or NaN). */
function evaluateNumber(value: number): string | undefined {
  const text = String(value);
  return Number.isFinite(value) && value >= 0 && /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text) && Number(text) === value ? text : undefined;
}

/** A non-negative numeric literal's value (`2`, `0.5`, `1e-3`, `0x10`, `1_000`). */
export function literalValue(n: Node | undefined): number | undefined {
  if (n === undefined || !Node.isNumericLiteral(n)) return undefined;
  // not getLiteralValue(): ts-morph parses "1e-7" with parseInt (→ 1); the compiler's text is the canonical number
  const value = Number(n.compilerNode.text);
  return Number.isNaN(value) ? undefined : value;
}

export interface EvaluateCall {
  /** The expression string, e.g. `x * k + 1`. */
  expression: string;
  /** Operands in order of first use: `name` is the key, `text` the JS value (`x`, `x.subarray(0, n)`, `this.scale`). */
  operands: { name: string; text: string }[];
}

/**
 * The tree as one nd.evaluate expression, or undefined when some node has no exact
 * evaluate form or a scalar is not provably a number (nd.evaluate takes numbers, booleans
 * and arrays; a scalar of another type would not type-check). `arrayText` gives the value
 * passed for an array operand (its subarray view, if any).
 */
export function toEvaluate(v: VecExpr, arrayText: (name: string) => string): EvaluateCall | undefined {
  // Plain identifiers keep their names; taken names are known before any name is generated.
  const taken = new Set<string>();
  for (const l of leavesOf(v)) if (isEvaluateName(l.text)) taken.add(l.text);
  const operands: { name: string; text: string }[] = [];
  const byKey = new Map<string, string>(); // "a:x" / "s:this.scale" → operand name
  const fresh = (prefix: string): string => {
    for (let k = 0; ; k++) {
      const name = `${prefix}${k}`;
      if (!taken.has(name)) {
        taken.add(name);
        return name;
      }
    }
  };
  const operand = (key: string, preferred: string | undefined, prefix: string, text: string): string => {
    const known = byKey.get(key);
    if (known !== undefined) return known;
    const name = preferred ?? fresh(prefix);
    byKey.set(key, name);
    operands.push({ name, text });
    return name;
  };

  type Out = { text: string; prec: number };
  const paren = (o: Out, needs: boolean): string => (needs ? `(${o.text})` : o.text);
  const leaf = (e: Leaf): Out | undefined => {
    const text = e.text.trim();
    if (e.isArray) return { text: operand(`a:${text}`, isEvaluateName(text) ? text : undefined, "a", arrayText(text)), prec: PREC_ATOM };
    const node = e.node; // translate() stored it without parentheses
    // a numeric literal is written into the expression (evaluate parses it to the same double)
    const literal = evaluateNumber(literalValue(node) ?? NaN);
    if (literal !== undefined) return { text: literal, prec: PREC_ATOM };
    if (node && Node.isPrefixUnaryExpression(node) && node.getOperatorToken() === SyntaxKind.MinusToken) {
      const negated = evaluateNumber(literalValue(unparen(node.getOperand())) ?? NaN);
      if (negated !== undefined) return { text: `-${negated}`, prec: PREC_UNARY };
    }
    // nd.evaluate's operands are numbers (or booleans, which it reads as 0/1): only a number passes as is
    if (!node || !isNumberNode(node)) return undefined;
    // `a, b` would split the operands object; never an element-wise scalar in practice
    if (Node.isBinaryExpression(node) && node.getOperatorToken().getKind() === SyntaxKind.CommaToken) return undefined;
    return { text: operand(`s:${text}`, isEvaluateName(text) && Node.isIdentifier(node) ? text : undefined, "s", text), prec: PREC_ATOM };
  };
  const emit = (e: VecExpr): Out | undefined => {
    if (!("fn" in e)) return leaf(e);
    const args: Out[] = [];
    for (const a of e.args) {
      const o = emit(a);
      if (o === undefined) return undefined;
      args.push(o);
    }
    const binary = EVALUATE_BINARY[e.fn];
    if (binary && args.length === 2) {
      const [l, r] = args;
      const p = binary.prec;
      if (e.fn === "power") {
        // ** is right-associative; its base is an atom, its exponent may be unary (2 ** -x)
        return { text: `${paren(l, l.prec < PREC_ATOM)} ** ${paren(r, r.prec < PREC_UNARY)}`, prec: p };
      }
      if (p === PREC_COMPARE) return { text: `${paren(l, l.prec <= p)} ${binary.op} ${paren(r, r.prec <= p)}`, prec: p };
      if (p < PREC_COMPARE) {
        // & and | between comparisons: parenthesized for the reader (Python binds & tighter than <)
        return { text: `${paren(l, l.prec < p || l.prec === PREC_COMPARE)} ${binary.op} ${paren(r, r.prec <= p || r.prec === PREC_COMPARE)}`, prec: p };
      }
      // left-associative: a - (b - c) and a + (b + c) keep their parentheses (floats do not reassociate)
      return { text: `${paren(l, l.prec < p)} ${binary.op} ${paren(r, r.prec <= p)}`, prec: p };
    }
    // -(x ** 2) rather than -x ** 2 (the same in evaluate's grammar, a syntax error in JS)
    if (e.fn === "negative" && args.length === 1) return { text: `-${paren(args[0], args[0].prec < PREC_ATOM)}`, prec: PREC_UNARY };
    if (e.fn === "logicalNot" && args.length === 1) return { text: `~${paren(args[0], args[0].prec <= PREC_NOT || args[0].prec === PREC_COMPARE)}`, prec: PREC_NOT };
    if (args.length === EVALUATE_CALLS.get(e.fn)) return { text: `${e.fn}(${args.map((a) => a.text).join(", ")})`, prec: PREC_ATOM };
    return undefined;
  };
  const out = emit(v);
  return out && { expression: out.text, operands };
}

/** `ns.evaluate("x * k + 1", { x, k }, { out: y })`. */
export function renderEvaluate(call: EvaluateCall, ns: string, out: string): string {
  const operands = call.operands.map((o) => (o.name === o.text ? o.name : `${o.name}: ${o.text}`)).join(", ");
  return `${ns}.evaluate(${JSON.stringify(call.expression)}, { ${operands} }, { out: ${out} })`;
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
    if (Node.isElementAccessExpression(d) || body.elements.has(d)) return true;
    if (Node.isIdentifier(d)) {
      const t = d.getText();
      return t === loop.index || body.temporaries.has(t) || t === loop.entries?.value;
    }
    return false;
  };
  return {
    arrayOperand(n) {
      if (loop.entries && Node.isIdentifier(n) && n.getText() === loop.entries.value) return unparen(loop.entries.array).getText();
      // x[i], x[off + i], this.data[i], rows[r][i]: the element the body analysis resolved (its offset becomes a view)
      const use = body.elements.get(n);
      if (use && !use.accessor && use.stride === undefined && use.offset !== "push") return use.name;
      return undefined;
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
