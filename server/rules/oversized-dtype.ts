// oversized-dtype: a typed array that provably holds only values of a narrower element type
// (loop indices in a Float64Array, 0/1 flags in an Int32Array, unchanged bytes copied into a
// Float64Array). Docs: docs/rules/oversized-dtype.md.
//
// The finding's range is the array's declaration. The proof is a small interval analysis of
// every value the array can hold: its initial contents (zeros, or a copy of an integer typed
// array) and every write `a[k] = e`, `a.fill(e)`, `a.set(src)`. The proof needs *every* write,
// so any use that could write behind our back (an alias, passing the array to a function)
// ends the analysis without a report. A returned or stored array is reported with a refactor
// fix only: its callers see the new type.
//
// The safe fix replaces the constructor name (and the declaration's type annotation). Reads
// then return the same numbers, because every stored value is an integer inside the new type's
// range and is never -0 (an Int32Array would read -0 back as 0).
import { Node, SyntaxKind } from "ts-morph";
import type {
  Expression,
  ForStatement,
  Identifier,
  Symbol as MorphSymbol,
  Type,
  VariableDeclaration,
} from "ts-morph";
import type { Rule, RuleContext } from "../engine/rule";
import type { BenchSpec, BenchVariable, TextEdit } from "../engine/types";
import { freeVariables } from "../engine/analysis/scope";
import { stepOf } from "../engine/analysis/loops";
import { clipCode } from "../engine/analysis/syntax";

interface ElementType {
  name: string;
  bytes: number;
  /** Integer range; undefined for float element types. */
  lo?: number;
  hi?: number;
}

/** Narrowing candidates, smallest first (unsigned preferred at equal size). */
const INTEGER_TYPES: ElementType[] = [
  { name: "Uint8Array", bytes: 1, lo: 0, hi: 255 },
  { name: "Int8Array", bytes: 1, lo: -128, hi: 127 },
  { name: "Uint16Array", bytes: 2, lo: 0, hi: 65535 },
  { name: "Int16Array", bytes: 2, lo: -32768, hi: 32767 },
  { name: "Int32Array", bytes: 4, lo: -2147483648, hi: 2147483647 },
  { name: "Uint32Array", bytes: 4, lo: 0, hi: 4294967295 },
];

const ELEMENT_TYPES: Record<string, ElementType> = {
  Float64Array: { name: "Float64Array", bytes: 8 },
  Float32Array: { name: "Float32Array", bytes: 4 },
  Uint8ClampedArray: { name: "Uint8ClampedArray", bytes: 1, lo: 0, hi: 255 },
  ...Object.fromEntries(INTEGER_TYPES.map((t) => [t.name, t])),
};

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Element types worth narrowing from (a 1-byte array cannot shrink). */
const NARROWABLE = new Set(["Float64Array", "Float32Array", "Int32Array", "Uint32Array", "Int16Array", "Uint16Array"]);

// A Float32Array stores fround(v); every narrower integer type's range (≤ 2^16) is exact in
// float32, so narrowing a Float32Array keeps the values it held.

export const oversizedDtype: Rule = {
  meta: {
    id: "oversized-dtype",
    summary: "Use the smallest typed array that provably holds every value the array stores.",
    defaultSeverity: "warning",
    fixability: "safe",
    docsPath: "docs/rules/oversized-dtype.md",
    messages: {
      narrower: "`{{name}}` only holds integers in {{range}}: {{target}} stores them in {{ratio}}× less memory than {{current}}.",
    },
  },
  check(ctx: RuleContext): void {
    for (const decl of ctx.sourceFile.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
      checkDeclaration(ctx, decl);
    }
  },
};

// ---------------------------------------------------------------------------------------------
// Value domains: integer intervals
// ---------------------------------------------------------------------------------------------

/** Every value lies in [lo, hi] and is an integer; `negZero` when -0 is possible. */
interface Domain {
  lo: number;
  hi: number;
  negZero: boolean;
  /** Set when `hi`/`lo` is only bounded under an assumption (an unbounded loop counter). */
  assumption?: string;
}

function exact(v: number): Domain | undefined {
  if (!Number.isInteger(v) || Math.abs(v) > Number.MAX_SAFE_INTEGER) return undefined;
  return { lo: v, hi: v, negZero: Object.is(v, -0) };
}

function union(a: Domain | undefined, b: Domain | undefined): Domain | undefined {
  if (!a || !b) return undefined;
  return {
    lo: Math.min(a.lo, b.lo),
    hi: Math.max(a.hi, b.hi),
    negZero: a.negZero || b.negZero,
    assumption: a.assumption ?? b.assumption,
  };
}

function contains(d: Domain, v: number): boolean {
  return d.lo <= v && v <= d.hi;
}

/** Integers beyond 2^53 are not exact in a double: give up rather than reason about rounding. */
function bounded(d: Domain): Domain | undefined {
  const safe = (v: number) => !Number.isFinite(v) || Math.abs(v) <= Number.MAX_SAFE_INTEGER;
  return safe(d.lo) && safe(d.hi) && !Number.isNaN(d.lo) && !Number.isNaN(d.hi) ? d : undefined;
}

function withAssumption(d: Domain, a: Domain, b?: Domain): Domain {
  const assumption = a.assumption ?? b?.assumption;
  return assumption ? { ...d, assumption } : d;
}

/** Element domain of an integer typed array type, e.g. Uint8ClampedArray → [0, 255]. */
function elementDomainOfType(type: Type): Domain | undefined {
  const name = type.getSymbol()?.getName();
  const element = name ? ELEMENT_TYPES[name] : undefined;
  if (!element || element.lo === undefined || element.hi === undefined) return undefined;
  return { lo: element.lo, hi: element.hi, negZero: false };
}

interface Analysis {
  /** The array under analysis: reading it inside a write is a self-copy. */
  target: MorphSymbol;
  /** Symbols being resolved, to stop on `v = v + 1`. */
  visiting: Set<MorphSymbol["compilerSymbol"]>;
}

/** The value expression inside parentheses, `as` casts and `!` (not only parentheses: see syntax.ts unparen). */
function unwrapValue(e: Node): Node {
  let n = e;
  while (Node.isParenthesizedExpression(n) || Node.isAsExpression(n) || Node.isNonNullExpression(n)) n = n.getExpression();
  return n;
}

/** The integer interval of `e`, or undefined when it may be fractional, -0 where it matters, or unbounded. */
function domainOf(e: Node, analysis: Analysis): Domain | undefined {
  const node = unwrapValue(e);
  if (Node.isNumericLiteral(node)) return exact(node.getLiteralValue());
  if (Node.isPrefixUnaryExpression(node)) {
    const op = node.getOperatorToken();
    const operand = unwrapValue(node.getOperand());
    // -0 literally
    if (op === SyntaxKind.MinusToken && Node.isNumericLiteral(operand)) return exact(-operand.getLiteralValue());
    // +(x > t): a boolean made a number
    if (op === SyntaxKind.PlusToken && operand.getType().isBoolean()) return { lo: 0, hi: 1, negZero: false };
    const d = domainOf(operand, analysis);
    if (!d) return undefined;
    if (op === SyntaxKind.PlusToken) return d;
    if (op === SyntaxKind.MinusToken) return bounded(withAssumption({ lo: -d.hi, hi: -d.lo, negZero: contains(d, 0) }, d));
    // ~x is ToInt32-based: always an int32, never -0
    if (op === SyntaxKind.TildeToken) return { lo: -(2 ** 31), hi: 2 ** 31 - 1, negZero: false };
    return undefined;
  }
  if (Node.isConditionalExpression(node)) {
    return union(domainOf(node.getWhenTrue(), analysis), domainOf(node.getWhenFalse(), analysis));
  }
  if (Node.isBinaryExpression(node)) return binaryDomain(node.getOperatorToken().getKind(), node.getLeft(), node.getRight(), analysis);
  if (Node.isIdentifier(node)) return identifierDomain(node, analysis);
  if (Node.isElementAccessExpression(node)) {
    const object = unwrapValue(node.getExpression());
    // a[i] = a[j]: copying inside the array adds no new value (handled by the caller)
    if (Node.isIdentifier(object) && object.getSymbol()?.compilerSymbol === analysis.target.compilerSymbol) return undefined;
    // bytes[i + 1] past the end reads undefined, which a Float64Array stores as NaN and a
    // Uint8Array as 0: only a read whose index is provably in range is a byte
    if (!Node.isIdentifier(object) || !indexInRange(node.getArgumentExpressionOrThrow(), object)) return undefined;
    return elementDomainOfType(object.getType());
  }
  if (Node.isCallExpression(node)) return callDomain(node.getExpression(), node.getArguments(), analysis);
  return undefined;
}

function binaryDomain(op: SyntaxKind, leftNode: Expression, rightNode: Expression, analysis: Analysis): Domain | undefined {
  // "a" + 1: string concatenation is not arithmetic
  if (!isNumber(leftNode.getType()) || !isNumber(rightNode.getType())) return undefined;
  const right = domainOf(rightNode, analysis);
  // bitwise results are int32 (or uint32 for >>>) whatever the operands: never fractional, never -0
  if (op === SyntaxKind.AmpersandToken) {
    const left = domainOf(leftNode, analysis);
    const mask = right && right.lo === right.hi && right.lo >= 0 ? right.lo : left && left.lo === left.hi && left.lo >= 0 ? left.lo : undefined;
    return mask !== undefined ? { lo: 0, hi: mask, negZero: false } : { lo: -(2 ** 31), hi: 2 ** 31 - 1, negZero: false };
  }
  if (op === SyntaxKind.BarToken || op === SyntaxKind.CaretToken || op === SyntaxKind.LessThanLessThanToken) {
    return { lo: -(2 ** 31), hi: 2 ** 31 - 1, negZero: false };
  }
  if (op === SyntaxKind.GreaterThanGreaterThanToken) {
    const left = domainOf(leftNode, analysis);
    const shift = right && right.lo === right.hi ? right.lo & 31 : undefined;
    if (left && shift !== undefined && left.lo >= -(2 ** 31) && left.hi <= 2 ** 31 - 1) {
      return { lo: left.lo >> shift, hi: left.hi >> shift, negZero: false };
    }
    return { lo: -(2 ** 31), hi: 2 ** 31 - 1, negZero: false };
  }
  if (op === SyntaxKind.GreaterThanGreaterThanGreaterThanToken) {
    const shift = right && right.lo === right.hi ? right.lo & 31 : 0;
    return { lo: 0, hi: 2 ** (32 - shift) - 1, negZero: false };
  }
  const left = domainOf(leftNode, analysis);
  if (!left || !right) return undefined;
  switch (op) {
    case SyntaxKind.PlusToken:
      // -0 + -0 is the only sum that is -0
      return bounded(withAssumption({ lo: left.lo + right.lo, hi: left.hi + right.hi, negZero: left.negZero && right.negZero }, left, right));
    case SyntaxKind.MinusToken:
      // -0 - 0 is -0
      return bounded(withAssumption({ lo: left.lo - right.hi, hi: left.hi - right.lo, negZero: left.negZero && contains(right, 0) }, left, right));
    case SyntaxKind.AsteriskToken: {
      const products = [left.lo * right.lo, left.lo * right.hi, left.hi * right.lo, left.hi * right.hi].map((v) => (Number.isNaN(v) ? 0 : v));
      // 0 * -3 is -0
      const negZero =
        left.negZero || right.negZero || (contains(left, 0) && right.lo < 0) || (contains(right, 0) && left.lo < 0);
      return bounded(withAssumption({ lo: Math.min(...products), hi: Math.max(...products), negZero }, left, right));
    }
    case SyntaxKind.PercentToken: {
      // x % m with a constant m ≠ 0: |result| < |m|, sign of x; -4 % 2 is -0
      if (right.lo !== right.hi || right.lo === 0) return undefined;
      const m = Math.abs(right.lo) - 1;
      return withAssumption({ lo: left.lo < 0 ? -m : 0, hi: left.hi > 0 ? Math.min(m, left.hi) : 0, negZero: left.lo < 0 || left.negZero }, left);
    }
    default:
      // a / b, a ** b: fractional in general
      return undefined;
  }
}

function callDomain(callee: Node, args: Node[], analysis: Analysis): Domain | undefined {
  const calleeNode = unwrapValue(callee);
  // Number(x > t): a boolean made a number
  if (Node.isIdentifier(calleeNode) && calleeNode.getText() === "Number" && args.length === 1 && args[0].getType().isBoolean()) {
    return { lo: 0, hi: 1, negZero: false };
  }
  if (!Node.isPropertyAccessExpression(calleeNode)) return undefined;
  const object = calleeNode.getExpression();
  if (!Node.isIdentifier(object) || object.getText() !== "Math" || !isGlobal(object)) return undefined;
  const domains = args.map((a) => domainOf(a, analysis));
  if (domains.length === 0 || domains.some((d) => d === undefined)) return undefined;
  const ds = domains as Domain[];
  switch (calleeNode.getName()) {
    case "min":
      return ds.reduce((a, b) => withAssumption({ lo: Math.min(a.lo, b.lo), hi: Math.min(a.hi, b.hi), negZero: a.negZero || b.negZero }, a, b));
    case "max":
      return ds.reduce((a, b) => withAssumption({ lo: Math.max(a.lo, b.lo), hi: Math.max(a.hi, b.hi), negZero: a.negZero || b.negZero }, a, b));
    case "abs": {
      const d = ds[0];
      const lo = contains(d, 0) ? 0 : Math.min(Math.abs(d.lo), Math.abs(d.hi));
      return withAssumption({ lo, hi: Math.max(Math.abs(d.lo), Math.abs(d.hi)), negZero: false }, d);
    }
    // rounding an integer leaves it unchanged (including -0)
    case "floor":
    case "ceil":
    case "round":
    case "trunc":
      return ds[0];
    default:
      return undefined;
  }
}

function isNumber(type: Type): boolean {
  if (type.isNumber() || type.isNumberLiteral()) return true;
  return type.isUnion() && type.getUnionTypes().every((t) => t.isNumber() || t.isNumberLiteral());
}

function isGlobal(id: Identifier): boolean {
  const declarations = id.getSymbol()?.getDeclarations() ?? [];
  return declarations.length > 0 && declarations.every((d) => d.getSourceFile().isDeclarationFile());
}

/** Loop counters, consts and lets: the union of everything they can hold. */
function identifierDomain(id: Identifier, analysis: Analysis): Domain | undefined {
  const symbol = id.getSymbol();
  const declaration = symbol?.getDeclarations()[0];
  if (!symbol || !declaration) return undefined;
  if (analysis.visiting.has(symbol.compilerSymbol)) return undefined;
  analysis.visiting.add(symbol.compilerSymbol);
  try {
    if (Node.isParameterDeclaration(declaration)) {
      // (flag: 0 | 1): a literal union type bounds the value
      return literalUnionDomain(declaration.getType());
    }
    if (!Node.isVariableDeclaration(declaration)) return undefined;
    const list = declaration.getParent();
    const loop = list?.getParent();
    if (loop && Node.isForStatement(loop) && loop.getInitializer() === list) {
      // for (var i = 0; i < 10; i++) {} … a[0] = i: after the loop a `var` counter is 10
      if (!isWithin(id, loop.getStatement())) return undefined;
      return loopCounterDomain(loop, id.getText(), analysis);
    }
    const init = declaration.getInitializer();
    // let v; … : reading it before the first assignment gives undefined (NaN in a typed array)
    if (!init) return undefined;
    let d = domainOf(init, analysis);
    const scope = enclosingScope(declaration);
    for (const write of writesTo(scope, symbol)) {
      // v *= rate, v++: a recurrence the interval analysis does not follow
      if (!write.value) return undefined;
      d = union(d, domainOf(write.value, analysis));
      if (!d) return undefined;
    }
    return d;
  } finally {
    analysis.visiting.delete(symbol.compilerSymbol);
  }
}

function literalUnionDomain(type: Type): Domain | undefined {
  const parts = type.isUnion() ? type.getUnionTypes() : [type];
  let d: Domain | undefined;
  for (const t of parts) {
    if (!t.isNumberLiteral()) return undefined;
    const v = exact(Number(t.getLiteralValue()));
    d = d ? union(d, v) : v;
    if (!d) return undefined;
  }
  return d;
}

/**
 * `for (let i = S; i < B; i++)` gives i ∈ [S, B-1] (`<=`: [S, B]); `for (let i = S; i >= L; i--)`
 * gives [L, S]. An unknown bound leaves the counter bounded only by how many iterations can run,
 * which is an assumption (below 2^31), not a proof.
 */
function loopCounterDomain(loop: ForStatement, name: string, analysis: Analysis): Domain | undefined {
  const list = loop.getInitializer();
  if (!list || !Node.isVariableDeclarationList(list) || list.getDeclarations().length !== 1) return undefined;
  const start = list.getDeclarations()[0].getInitializer();
  const condition = loop.getCondition();
  const step = loop.getIncrementor();
  if (!start || !condition || !step || !Node.isBinaryExpression(condition)) return undefined;
  // for (…; i++) { i += 2 }: the body writes the counter too
  if (writesName(loop.getStatement(), name)) return undefined;
  const direction = stepOf(step, name);
  if (!direction) return undefined;
  const startDomain = domainOf(start, analysis);
  const op = condition.getOperatorToken().getKind();
  const counterOnLeft = unwrapValue(condition.getLeft()).getText() === name;
  const boundNode = counterOnLeft ? condition.getRight() : condition.getLeft();
  if (!counterOnLeft && unwrapValue(condition.getRight()).getText() !== name) return undefined;
  // normalise to "i < B", "i <= B", "i > B", "i >= B"
  const flipped: Partial<Record<SyntaxKind, SyntaxKind>> = {
    [SyntaxKind.LessThanToken]: SyntaxKind.GreaterThanToken,
    [SyntaxKind.LessThanEqualsToken]: SyntaxKind.GreaterThanEqualsToken,
    [SyntaxKind.GreaterThanToken]: SyntaxKind.LessThanToken,
    [SyntaxKind.GreaterThanEqualsToken]: SyntaxKind.LessThanEqualsToken,
  };
  const relation = counterOnLeft ? op : flipped[op];
  const bound = domainOf(boundNode, analysis);
  const assumption = `the loop counter \`${name}\` stays below 2^31`;
  if (direction === 1) {
    // i starts at S and only grows: lower bound S, upper bound from the condition
    if (!startDomain) return undefined;
    let hi: number;
    if (relation === SyntaxKind.LessThanToken) hi = bound ? bound.hi - 1 : Infinity;
    else if (relation === SyntaxKind.LessThanEqualsToken) hi = bound ? bound.hi : Infinity;
    else return undefined;
    hi = Math.max(hi, startDomain.lo);
    if (startDomain.lo !== startDomain.hi && hi !== Infinity) hi = Math.max(hi, startDomain.hi);
    return hi === Infinity
      ? { lo: startDomain.lo, hi: Infinity, negZero: startDomain.negZero, assumption }
      : { lo: startDomain.lo, hi, negZero: startDomain.negZero, ...(startDomain.assumption ? { assumption: startDomain.assumption } : {}) };
  }
  // i only shrinks: the condition gives the lower bound, the start the upper
  let lo: number;
  if (relation === SyntaxKind.GreaterThanEqualsToken && bound && Number.isFinite(bound.lo)) lo = bound.lo;
  else if (relation === SyntaxKind.GreaterThanToken && bound && Number.isFinite(bound.lo)) lo = bound.lo + 1;
  else return undefined;
  if (startDomain) return { lo: Math.min(lo, startDomain.lo), hi: Math.max(startDomain.hi, lo), negZero: startDomain.negZero, ...(startDomain.assumption ? { assumption: startDomain.assumption } : {}) };
  // for (let i = n - 1; i >= 0; i--): the start is a length-like unknown
  return { lo, hi: Infinity, negZero: false, assumption };
}

function writesName(node: Node, name: string): boolean {
  return node.getDescendants().some((d) => {
    if (Node.isBinaryExpression(d) && isAssignment(d.getOperatorToken().getKind())) {
      const left = unwrapValue(d.getLeft());
      return left.getText() === name || ((Node.isArrayLiteralExpression(left) || Node.isObjectLiteralExpression(left)) && left.getDescendantsOfKind(SyntaxKind.Identifier).some((i) => i.getText() === name));
    }
    if (Node.isPrefixUnaryExpression(d) || Node.isPostfixUnaryExpression(d)) {
      const op = d.getOperatorToken();
      return (op === SyntaxKind.PlusPlusToken || op === SyntaxKind.MinusMinusToken) && unwrapValue(d.getOperand()).getText() === name;
    }
    return false;
  });
}

function isAssignment(kind: SyntaxKind): boolean {
  return kind >= SyntaxKind.FirstAssignment && kind <= SyntaxKind.LastAssignment;
}

/** Writes to a variable in `scope`: `v = e` has a value, compound forms and destructuring do not. */
function writesTo(scope: Node, symbol: MorphSymbol): Array<{ value: Expression | undefined }> {
  const writes: Array<{ value: Expression | undefined }> = [];
  for (const id of scope.getDescendantsOfKind(SyntaxKind.Identifier)) {
    if (id.getSymbol()?.compilerSymbol !== symbol.compilerSymbol) continue;
    const parent = id.getParent();
    if (!parent) continue;
    if (Node.isBinaryExpression(parent) && parent.getLeft() === id && isAssignment(parent.getOperatorToken().getKind())) {
      writes.push({ value: parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken ? parent.getRight() : undefined });
    } else if ((Node.isPrefixUnaryExpression(parent) || Node.isPostfixUnaryExpression(parent)) && isIncDec(parent.getOperatorToken())) {
      writes.push({ value: undefined });
    } else if (isDestructuringTarget(id)) {
      writes.push({ value: undefined });
    }
  }
  return writes;
}

function isIncDec(op: SyntaxKind): boolean {
  return op === SyntaxKind.PlusPlusToken || op === SyntaxKind.MinusMinusToken;
}

function isDestructuringTarget(id: Node): boolean {
  for (let n: Node | undefined = id.getParent(); n; n = n.getParent()) {
    if (Node.isArrayLiteralExpression(n) || Node.isObjectLiteralExpression(n) || Node.isPropertyAssignment(n) || Node.isShorthandPropertyAssignment(n) || Node.isSpreadElement(n)) continue;
    return Node.isBinaryExpression(n) && n.getOperatorToken().getKind() === SyntaxKind.EqualsToken && n.getLeft().getPos() <= id.getPos() && id.getEnd() <= n.getLeft().getEnd() && n.getLeft() !== id;
  }
  return false;
}

function enclosingScope(node: Node): Node {
  return node.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || Node.isSourceFile(a)) ?? node.getSourceFile();
}

// ---------------------------------------------------------------------------------------------
// The array's uses
// ---------------------------------------------------------------------------------------------

interface Survey {
  /** Every value written after construction (undefined entry: not provable). */
  writes: Array<Domain | undefined>;
  /** Returned, exported or stored somewhere: the narrower type is visible to other code. */
  escapes: string[];
  /** A use that could write values we cannot see, or observes the element type. */
  opaque: string | undefined;
  /** `return a` statements of the declaring function (for the return type edit). */
  returned: Node[];
}

/** Methods that read values only (no callback receives the array, no typed array is returned). */
const READ_ONLY_METHODS = new Set(["indexOf", "lastIndexOf", "includes", "at", "join"]);

function survey(scope: Node, nameNode: Identifier, symbol: MorphSymbol, analysis: Analysis): Survey {
  const result: Survey = { writes: [], escapes: [], opaque: undefined, returned: [] };
  const name = nameNode.getText();
  for (const id of scope.getDescendantsOfKind(SyntaxKind.Identifier)) {
    if (id === nameNode || id.getText() !== name) continue;
    const parent = id.getParentOrThrow();
    // { a }: the array is stored in an object
    if (Node.isShorthandPropertyAssignment(parent)) {
      result.escapes.push("stored in an object");
      continue;
    }
    if (id.getSymbol()?.compilerSymbol !== symbol.compilerSymbol) continue;
    const use = classifyUse(id, parent, analysis);
    if (use.kind === "write") result.writes.push(use.domain);
    else if (use.kind === "escape") {
      result.escapes.push(use.why);
      if (use.returned) result.returned.push(use.returned);
    } else if (use.kind === "opaque") result.opaque ??= use.why;
  }
  return result;
}

type Use =
  | { kind: "read" }
  | { kind: "write"; domain: Domain | undefined }
  | { kind: "escape"; why: string; returned?: Node }
  | { kind: "opaque"; why: string };

function classifyUse(id: Identifier, parent: Node, analysis: Analysis): Use {
  if (Node.isElementAccessExpression(parent) && parent.getExpression() === id) {
    const grand = parent.getParentOrThrow();
    if (Node.isBinaryExpression(grand) && grand.getLeft() === parent && isAssignment(grand.getOperatorToken().getKind())) {
      // a[k] += 1: a running count / recurrence is not bounded by this analysis
      if (grand.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) return { kind: "opaque", why: "read-modify-write of an element" };
      const value = unwrapValue(grand.getRight());
      // a[i] = a[i - 1]: a copy inside the array adds no value it did not already hold — if the
      // read is in range (a[-1] is undefined: NaN in a Float64Array, 0 in an integer array)
      if (Node.isElementAccessExpression(value) && isSelf(value.getExpression(), analysis)) {
        const object = unwrapValue(value.getExpression()) as Identifier;
        return indexInRange(value.getArgumentExpressionOrThrow(), object) ? { kind: "read" } : { kind: "write", domain: undefined };
      }
      return { kind: "write", domain: domainOf(value, analysis) };
    }
    // a[k]++, delete a[k], [a[0], a[1]] = …: writes the analysis does not bound
    if (Node.isPrefixUnaryExpression(grand) || Node.isPostfixUnaryExpression(grand) || Node.isDeleteExpression(grand) || isDestructuringTarget(parent)) {
      return { kind: "opaque", why: "an element is written in a form the analysis does not follow" };
    }
    return { kind: "read" };
  }
  if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === id) {
    const member = parent.getName();
    const grand = parent.getParentOrThrow();
    const isCall = Node.isCallExpression(grand) && grand.getExpression() === parent;
    if (member === "length" && !isCall && !isWriteTarget(parent)) return { kind: "read" };
    if (isCall && READ_ONLY_METHODS.has(member)) return { kind: "read" };
    if (isCall && member === "fill" && Node.isExpressionStatement(grand.getParentOrThrow())) {
      const args = grand.getArguments();
      return args.length >= 1 ? { kind: "write", domain: domainOf(args[0], analysis) } : { kind: "opaque", why: "fill() without a value" };
    }
    if (isCall && member === "set" && Node.isExpressionStatement(grand.getParentOrThrow())) {
      const args = grand.getArguments();
      return args.length >= 1 ? { kind: "write", domain: elementDomainOfType(args[0].getType()) } : { kind: "opaque", why: "set() without a source" };
    }
    // sort/reverse/copyWithin permute existing values only
    if (isCall && ["sort", "reverse", "copyWithin"].includes(member) && grand.getArguments().length <= (member === "copyWithin" ? 3 : 0)) {
      return { kind: "read" };
    }
    // a.byteLength, a.buffer, a.subarray(), a.map(): see the element type or alias the memory
    return { kind: "opaque", why: `\`.${member}\` depends on the element type or aliases the array` };
  }
  // for (const v of a) / [...a] / f(...a): values only
  if (Node.isForOfStatement(parent) && parent.getExpression() === id) return { kind: "read" };
  if (Node.isSpreadElement(parent)) return { kind: "read" };
  if (Node.isReturnStatement(parent)) return { kind: "escape", why: "returned", returned: parent };
  // (): Float64Array => a
  if (Node.isArrowFunction(parent) && parent.getBody() === id) return { kind: "escape", why: "returned" };
  // { data: a }, [a], this.field = a: stored where other code can write it
  if (Node.isPropertyAssignment(parent) && parent.getInitializer() === id) return { kind: "escape", why: "stored in an object" };
  if (Node.isArrayLiteralExpression(parent)) return { kind: "escape", why: "stored in an array" };
  if (Node.isBinaryExpression(parent) && parent.getRight() === id && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
    const left = parent.getLeft();
    if (Node.isPropertyAccessExpression(left) || Node.isElementAccessExpression(left)) return { kind: "escape", why: "stored in a field" };
  }
  // f(a), const b = a, new Foo(a): other code may write values the analysis cannot see
  return { kind: "opaque", why: "the array is passed to or aliased by other code" };
}

function isSelf(node: Node, analysis: Analysis): boolean {
  const n = unwrapValue(node);
  return Node.isIdentifier(n) && n.getSymbol()?.compilerSymbol === analysis.target.compilerSymbol;
}

function isWriteTarget(node: Node): boolean {
  const parent = node.getParent();
  if (!parent) return false;
  if (Node.isBinaryExpression(parent) && parent.getLeft() === node && isAssignment(parent.getOperatorToken().getKind())) return true;
  return (Node.isPrefixUnaryExpression(parent) || Node.isPostfixUnaryExpression(parent)) && isIncDec(parent.getOperatorToken());
}

// ---------------------------------------------------------------------------------------------
// The check
// ---------------------------------------------------------------------------------------------

interface Construction {
  /** The constructor identifier (`Float64Array` in `new Float64Array(n)` / `Float64Array.from(src)`). */
  ctor: Identifier;
  /** Domain of the initial contents; undefined when unknown. */
  initial: Domain | undefined;
  /** True when the initial contents are data (a copy), not zeros. */
  copied: boolean;
}

function construction(init: Node): Construction | undefined {
  const node = unwrapValue(init);
  let ctor: Node | undefined;
  let args: Node[] = [];
  let isFrom = false;
  if (Node.isNewExpression(node)) {
    ctor = node.getExpression();
    args = node.getArguments();
  } else if (Node.isCallExpression(node)) {
    const callee = node.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== "from") return undefined;
    ctor = callee.getExpression();
    args = node.getArguments();
    isFrom = true;
    // Float64Array.from(src, f): mapped values
    if (args.length !== 1) return undefined;
  }
  if (!ctor || !Node.isIdentifier(ctor) || !NARROWABLE.has(ctor.getText()) || !isGlobal(ctor)) return undefined;
  if (args.length === 0) return { ctor, initial: undefined, copied: false };
  const source = args[0];
  const sourceType = source.getType();
  // new Float64Array(n): n zeros
  if (!isFrom && args.length === 1 && isNumber(sourceType)) return { ctor, initial: { lo: 0, hi: 0, negZero: false }, copied: false };
  // new Float64Array(rgba): a copy of an integer typed array
  if (args.length === 1) {
    const elements = elementDomainOfType(sourceType);
    if (elements) return { ctor, initial: elements, copied: true };
    // new Float64Array([0, 1, 1]): literal contents
    const literal = unwrapValue(source);
    if (Node.isArrayLiteralExpression(literal)) {
      let d: Domain | undefined = { lo: 0, hi: 0, negZero: false };
      let first = true;
      for (const el of literal.getElements()) {
        const v = Node.isNumericLiteral(el) ? exact(el.getLiteralValue()) : undefined;
        d = first ? v : union(d, v);
        first = false;
      }
      return { ctor, initial: d, copied: true };
    }
  }
  return { ctor, initial: undefined, copied: false };
}

function checkDeclaration(ctx: RuleContext, decl: VariableDeclaration): void {
  const init = decl.getInitializer();
  if (!init) return;
  const nameNode = decl.getNameNode();
  // const [a] = …: destructuring
  if (!Node.isIdentifier(nameNode)) return;
  const built = construction(init);
  // new Float64Array(buffer, offset, n) / Float64Array.from(xs, f): not a plain allocation
  if (!built) return;
  const statement = decl.getVariableStatement();
  if (!statement) return;
  const symbol = nameNode.getSymbol();
  if (!symbol) return;
  const list = decl.getParentOrThrow();
  const scope = enclosingScope(decl);
  const analysis: Analysis = { target: symbol, visiting: new Set() };
  // let a = new Float64Array(n); … a = other: the variable holds other arrays too
  if (Node.isVariableDeclarationList(list) && writesTo(scope, symbol).length > 0) return;

  const uses = survey(scope, nameNode, symbol, analysis);
  let domain = built.initial;
  for (const w of uses.writes) domain = union(domain, w);
  // f(a) / const b = a: some writes are invisible, so no proof (explained when the visible
  // writes alone would have been narrow, the case a user may wonder about)
  if (uses.opaque) {
    if (domain && uses.writes.length > 0) ctx.explain(statement, `oversized-dtype: not reported, ${uses.opaque}`);
    return;
  }
  // const buf = new Float64Array(n) never written here: nothing proves what it is for
  if (uses.writes.length === 0 && !built.copied) return;
  // a[i] = x[i] / 2, v *= rate, Math.random(): fractional or unbounded values
  if (!domain) return;
  // -0 reads back as 0 from an integer array: 1 / a[i] would change sign
  if (domain.negZero) return;
  // An infinite end comes from a loop counter with an unknown bound: the values are integers,
  // bounded only by how many iterations run — an assumption (below 2^31), never a proof.
  // (A finite range derived from it, like i % 16 or i & 0xff, is proven without it.)
  let assumption: string | undefined;
  if (!Number.isFinite(domain.lo) || !Number.isFinite(domain.hi)) {
    if (!domain.assumption) return;
    assumption = domain.assumption;
    domain = { ...domain, lo: Math.max(domain.lo, INT32_MIN), hi: Math.min(domain.hi, INT32_MAX) };
  }

  const current = ELEMENT_TYPES[built.ctor.getText()];
  const target = narrowest(domain, current);
  if (!target) return;

  const exported = Node.isVariableStatement(statement) && statement.isExported();
  const escapes = exported ? ["exported", ...uses.escapes] : uses.escapes;
  const name = nameNode.getText();
  const range = `${domain.lo === INT32_MIN && assumption ? "-2^31" : domain.lo}..${domain.hi === INT32_MAX && assumption ? "2^31-1" : domain.hi}`;
  const why = assumption ? ` (assuming ${assumption})` : "";
  const edits: TextEdit[] = [{ start: built.ctor.getStart(), end: built.ctor.getEnd(), newText: target.name }];
  const typeNode = decl.getTypeNode();
  if (typeNode && typeNode.getText() === current.name) edits.push({ start: typeNode.getStart(), end: typeNode.getEnd(), newText: target.name });
  // return a from `function f(): Float64Array`: the refactor retypes the function too
  for (const ret of uses.returned) {
    const fn = ret.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a));
    const returnType = fn && Node.isFunctionLikeDeclaration(fn) ? fn.getReturnTypeNode() : undefined;
    if (returnType && returnType.getText() === current.name && !edits.some((e) => e.start === returnType.getStart())) {
      edits.push({ start: returnType.getStart(), end: returnType.getEnd(), newText: target.name });
    }
  }
  const safe = escapes.length === 0 && !assumption;
  const reasons = [
    ...(escapes.length > 0 ? [`the array is ${[...new Set(escapes)].join(" and ")}, so its type is part of an API`] : []),
    ...(assumption ? [`only under the assumption that ${assumption}`] : []),
  ];
  ctx.report({
    node: statement,
    messageId: "narrower",
    data: { name: clipCode(name, 24), range, target: target.name, current: current.name, ratio: current.bytes / target.bytes },
    details:
      `\`${name}\` is ${article(current.name)} ${current.name} (${current.bytes} bytes per element) but only ever holds integers in ${range}${why}: ` +
      `${article(target.name)} ${target.name} (${target.bytes} byte${target.bytes > 1 ? "s" : ""}) holds the same values in ${current.bytes / target.bytes}× less memory.`,
    fix: {
      title: `Use ${target.name} for \`${name}\``,
      safe,
      ...(safe ? {} : { assumption: reasons.join("; ") }),
      edits,
      addImports: [],
    },
    bench: safe ? benchSpec(statement, edits) : undefined,
  });
}

function narrowest(domain: Domain, current: ElementType): ElementType | undefined {
  for (const candidate of INTEGER_TYPES) {
    if (candidate.bytes >= current.bytes) return undefined;
    if (domain.lo >= candidate.lo! && domain.hi <= candidate.hi!) return candidate;
  }
  return undefined;
}

function article(word: string): string {
  return /^[AEIO]/.test(word) ? "an" : "a";
}

/**
 * For a local array: the declaration and the rest of its function body, before and after the
 * constructor swap (the array never leaves the function, so this is all of its life).
 */
function benchSpec(declaration: Node, edits: TextEdit[]): BenchSpec | undefined {
  const body = declaration.getParent();
  if (!body || !Node.isBlock(body) || !Node.isFunctionLikeDeclaration(body.getParent())) return undefined;
  const statements = body.getStatements().filter((st) => st.getStart() >= declaration.getStart());
  const start = declaration.getStart();
  const end = statements[statements.length - 1].getEnd();
  const text = declaration.getSourceFile().getFullText();
  const before = text.slice(start, end);
  let after = before;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) {
    // a return type edit lies outside the body: only refactors have one
    if (e.start < start || e.end > end) return undefined;
    after = after.slice(0, e.start - start) + e.newText + after.slice(e.end - start);
  }
  const declared = new Set(statements.flatMap((st) => (Node.isVariableStatement(st) ? st.getDeclarations().map((d) => d.getName()) : [])));
  const variables: BenchVariable[] = [];
  for (const st of statements) {
    for (const v of freeVariables(st)) {
      if (declared.has(v.name) || variables.some((known) => known.name === v.name)) continue;
      const isArray = v.type !== "number" && v.type !== "boolean";
      variables.push({ name: v.name, type: v.type, role: v.written ? "output" : isArray ? "input" : "scalar" });
    }
  }
  return { before, after, variables };
}

/**
 * True when `index` is `i`, `i + c` or `i - c` (c a literal) for the counter of an enclosing
 * `for (let i = S; i < array.length; i++)` with S + offset ≥ 0 and offset ≤ 0, where `array` is a
 * const or a never-reassigned parameter: every read lands inside the array.
 */
function indexInRange(index: Node, array: Identifier): boolean {
  let node = unwrapValue(index);
  let offset = 0;
  if (Node.isBinaryExpression(node)) {
    const op = node.getOperatorToken().getKind();
    const right = unwrapValue(node.getRight());
    if (!Node.isNumericLiteral(right) || (op !== SyntaxKind.PlusToken && op !== SyntaxKind.MinusToken)) return false;
    offset = op === SyntaxKind.PlusToken ? right.getLiteralValue() : -right.getLiteralValue();
    node = unwrapValue(node.getLeft());
  }
  if (!Node.isIdentifier(node) || offset > 0 || !Number.isInteger(offset)) return false;
  const declaration = node.getSymbol()?.getDeclarations()[0];
  const list = declaration?.getParent();
  const loop = list?.getParent();
  if (!declaration || !Node.isVariableDeclaration(declaration) || !loop || !Node.isForStatement(loop) || loop.getInitializer() !== list) return false;
  // read after a `var` counter's loop: the counter has run past the bound
  if (!isWithin(node, loop.getStatement())) return false;
  const name = node.getText();
  const start = declaration.getInitializer();
  const condition = loop.getCondition();
  const step = loop.getIncrementor();
  if (!start || !Node.isNumericLiteral(unwrapValue(start)) || (unwrapValue(start) as Node & { getLiteralValue(): number }).getLiteralValue() + offset < 0) return false;
  if (!step || stepOf(step, name) !== 1 || writesName(loop.getStatement(), name)) return false;
  // i < array.length, with `array` the very same binding that is read
  if (!condition || !Node.isBinaryExpression(condition) || condition.getOperatorToken().getKind() !== SyntaxKind.LessThanToken) return false;
  if (unwrapValue(condition.getLeft()).getText() !== name) return false;
  const bound = unwrapValue(condition.getRight());
  if (!Node.isPropertyAccessExpression(bound) || bound.getName() !== "length") return false;
  const owner = unwrapValue(bound.getExpression());
  const symbol = array.getSymbol();
  if (!Node.isIdentifier(owner) || !symbol || owner.getSymbol()?.compilerSymbol !== symbol.compilerSymbol) return false;
  // the array variable must not be swapped for a shorter one during the loop
  const arrayDeclaration = symbol.getDeclarations()[0];
  if (!arrayDeclaration) return false;
  return writesTo(enclosingScope(arrayDeclaration), symbol).length === 0;
}

function isWithin(node: Node, container: Node): boolean {
  return node.getStart() >= container.getStart() && node.getEnd() <= container.getEnd();
}
