// Value ranges of numeric expressions, and what a typed array stores for them (issue 9 item 1).
//
// A `Domain` over-approximates every value an expression can take: an interval of the non-NaN
// values, whether they are all integers, whether NaN or -0 can occur. Infinite bounds only
// appear on integer domains (a loop counter bounded only by how often its loop runs, under an
// assumption the domain carries); anything that may be ±Infinity or is not understood has no
// domain at all (undefined = "any number").
//
// `storedDomain` models the store into a typed array: ToInt8/ToUint8/ToInt16/ToUint16/ToInt32/
// ToUint32 (truncation, then wrap-around modulo 2^k; NaN and ±Infinity become 0),
// ToUint8Clamp (round half to even, clamp to 0..255, NaN → 0) and Math.fround for Float32Array.
import { Node, SyntaxKind, ts, type Expression, type Identifier, type Type } from "ts-morph";
import { fileMemo, usesOf } from "./defuse";
import { enclosingScope } from "./scope";
import { stepOf } from "./loops";

export interface Domain {
  /** Bounds of the non-NaN values (±Infinity only for integer domains with an assumption). */
  lo: number;
  hi: number;
  /** Every non-NaN value is an integer. */
  int: boolean;
  /** NaN is possible. */
  nan: boolean;
  /** -0 is possible. */
  negZero: boolean;
  /** Set when a bound holds only under an assumption (an unbounded loop counter). */
  assumption?: string;
}

export const INT32_MIN = -(2 ** 31);
export const INT32_MAX = 2 ** 31 - 1;

export function exactly(v: number): Domain | undefined {
  if (!Number.isFinite(v)) return undefined;
  return { lo: v, hi: v, int: Number.isInteger(v), nan: false, negZero: Object.is(v, -0) };
}

export function interval(lo: number, hi: number, int = true): Domain {
  return { lo, hi, int, nan: false, negZero: false };
}

export function union(a: Domain | undefined, b: Domain | undefined): Domain | undefined {
  if (!a || !b) return undefined;
  return withAssumption(
    { lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi), int: a.int && b.int, nan: a.nan || b.nan, negZero: a.negZero || b.negZero },
    a,
    b,
  );
}

export function contains(d: Domain, v: number): boolean {
  return d.lo <= v && v <= d.hi;
}

function withAssumption(d: Domain, a: Domain, b?: Domain): Domain {
  const assumption = a.assumption ?? b?.assumption;
  return assumption ? { ...d, assumption } : d;
}

/** Undefined when a bound is NaN, an integer bound leaves the exact doubles, or a fractional domain is unbounded. */
function checked(d: Domain): Domain | undefined {
  if (Number.isNaN(d.lo) || Number.isNaN(d.hi) || d.lo > d.hi) return undefined;
  if (d.int) {
    const safe = (v: number) => !Number.isFinite(v) || Math.abs(v) <= Number.MAX_SAFE_INTEGER;
    if (!safe(d.lo) || !safe(d.hi)) return undefined;
    if ((!Number.isFinite(d.lo) || !Number.isFinite(d.hi)) && !d.assumption) return undefined;
    return d;
  }
  return Number.isFinite(d.lo) && Number.isFinite(d.hi) ? d : undefined;
}

// ---------------------------------------------------------------------------------------------
// Typed array element types and their stores
// ---------------------------------------------------------------------------------------------

export interface ElementType {
  name: string;
  bytes: number;
  /** Integer range (undefined for float types). */
  lo?: number;
  hi?: number;
  /** How a store converts a number. */
  store: "float64" | "float32" | "clamp" | "wrap";
}

/** Integer narrowing candidates, smallest first (unsigned preferred at equal size). */
export const INTEGER_TYPES: ElementType[] = [
  { name: "Uint8Array", bytes: 1, lo: 0, hi: 255, store: "wrap" },
  { name: "Int8Array", bytes: 1, lo: -128, hi: 127, store: "wrap" },
  { name: "Uint16Array", bytes: 2, lo: 0, hi: 65535, store: "wrap" },
  { name: "Int16Array", bytes: 2, lo: -32768, hi: 32767, store: "wrap" },
  { name: "Int32Array", bytes: 4, lo: INT32_MIN, hi: INT32_MAX, store: "wrap" },
  { name: "Uint32Array", bytes: 4, lo: 0, hi: 2 ** 32 - 1, store: "wrap" },
];

export const ELEMENT_TYPES: Record<string, ElementType> = {
  Float64Array: { name: "Float64Array", bytes: 8, store: "float64" },
  Float32Array: { name: "Float32Array", bytes: 4, store: "float32" },
  Uint8ClampedArray: { name: "Uint8ClampedArray", bytes: 1, lo: 0, hi: 255, store: "clamp" },
  ...Object.fromEntries(INTEGER_TYPES.map((t) => [t.name, t])),
};

/** Every value an element of this type can hold (integer types), undefined for float types. */
export function elementRange(type: ElementType): Domain | undefined {
  return type.lo === undefined || type.hi === undefined ? undefined : interval(type.lo, type.hi);
}

/** Round half to even, as ToUint8Clamp does. */
function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const diff = v - f;
  if (diff < 0.5) return f;
  if (diff > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * The values an array of `type` holds after storing values of `value` (undefined: any number).
 * Undefined result: any value the type can hold (float types: any number).
 */
export function storedDomain(value: Domain | undefined, type: ElementType): Domain | undefined {
  if (type.store === "float64") return value;
  if (type.store === "float32") {
    if (!value) return undefined;
    // fround is monotone: the bounds' images bound the images; an integer stays an integer
    return { ...value, lo: Math.fround(value.lo), hi: Math.fround(value.hi) };
  }
  const range = elementRange(type)!;
  if (!value) return range;
  const zero = value.nan ? interval(0, 0) : undefined;
  let result: Domain;
  if (type.store === "clamp") {
    const clamp = (v: number) => Math.min(255, Math.max(0, roundHalfEven(v)));
    result = interval(clamp(value.lo), clamp(value.hi));
  } else {
    // ToIntN: truncate toward zero (monotone), then wrap modulo 2^bits
    let lo = Math.trunc(value.lo);
    let hi = Math.trunc(value.hi);
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
      // an unbounded counter: below 2^31 by the domain's assumption
      if (!value.assumption) return range;
      lo = Math.max(lo, INT32_MIN);
      hi = Math.min(hi, INT32_MAX);
    }
    const width = type.hi! - type.lo! + 1;
    if (hi - lo >= width) return range;
    const wrapped = (v: number) => {
      const m = ((v % width) + width) % width;
      return type.lo! < 0 && m > type.hi! ? m - width : m;
    };
    const a = wrapped(lo);
    const b = a + (hi - lo);
    // the interval wraps past the type's end: its values fill both ends of the range
    if (b > type.hi!) return range;
    result = interval(a, b);
    if (value.assumption) result.assumption = value.assumption;
  }
  return zero ? union(result, zero) : result;
}

// ---------------------------------------------------------------------------------------------
// Arithmetic
// ---------------------------------------------------------------------------------------------

function add(a: Domain, b: Domain): Domain | undefined {
  return checked(
    withAssumption(
      { lo: a.lo + b.lo, hi: a.hi + b.hi, int: a.int && b.int, nan: a.nan || b.nan, negZero: a.negZero && b.negZero },
      a,
      b,
    ),
  );
}

function negate(d: Domain): Domain | undefined {
  return checked(withAssumption({ lo: -d.hi, hi: -d.lo, int: d.int, nan: d.nan, negZero: contains(d, 0) }, d));
}

function subtract(a: Domain, b: Domain): Domain | undefined {
  const nb = negate(b);
  if (!nb) return undefined;
  // -0 - 0 is -0 (a + -b with -b = -0)
  return add(a, { ...nb, negZero: contains(b, 0) });
}

function multiply(a: Domain, b: Domain): Domain | undefined {
  const products = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi].map((v) => (Number.isNaN(v) ? 0 : v));
  const lo = Math.min(...products);
  const hi = Math.max(...products);
  const int = a.int && b.int;
  // 0 * -3 is -0; fractional products can also underflow to -0
  const negZero = a.negZero || b.negZero || (contains(a, 0) && b.lo < 0) || (contains(b, 0) && a.lo < 0) || (!int && lo <= 0);
  return checked(withAssumption({ lo, hi, int, nan: a.nan || b.nan, negZero }, a, b));
}

function divide(a: Domain, b: Domain): Domain | undefined {
  // only by one constant other than 0: anything else may be ±Infinity or NaN
  if (b.lo !== b.hi || b.lo === 0 || b.nan) return undefined;
  const c = b.lo;
  const q = [a.lo / c, a.hi / c];
  const lo = Math.min(...q);
  const hi = Math.max(...q);
  const int = a.int && Math.abs(c) === 1;
  const negZero = a.negZero || (contains(a, 0) && c < 0) || (!int && lo <= 0);
  return checked(withAssumption({ lo, hi, int, nan: a.nan, negZero }, a));
}

function remainder(a: Domain, b: Domain): Domain | undefined {
  // x % m with one constant m ≠ 0: |result| < |m|, the sign of x; -4 % 2 is -0
  if (b.lo !== b.hi || b.lo === 0 || b.nan || !Number.isInteger(b.lo)) return undefined;
  const m = Math.abs(b.lo);
  const bound = a.int ? m - 1 : m;
  const lo = a.lo < 0 ? Math.max(-bound, Number.isFinite(a.lo) ? a.lo : -bound) : 0;
  const hi = a.hi > 0 ? Math.min(bound, a.hi) : 0;
  return checked({ lo, hi, int: a.int, nan: a.nan, negZero: a.lo < 0 || a.negZero, ...(a.assumption && (!Number.isFinite(lo) || !Number.isFinite(hi)) ? { assumption: a.assumption } : {}) });
}

const INT32 = interval(INT32_MIN, INT32_MAX);

/** ToInt32(d), the operand conversion of every bitwise operator (NaN → 0, fractions truncated, wrap-around). */
function asInt32(d: Domain | undefined): Domain | undefined {
  const int32 = storedDomain(d, ELEMENT_TYPES.Int32Array);
  // the whole int32 range says nothing a bound could use
  return int32 && (int32.lo > INT32_MIN || int32.hi < INT32_MAX) && !int32.assumption ? int32 : undefined;
}

function bitLength(v: number): number {
  return v <= 0 ? 0 : Math.floor(Math.log2(v)) + 1;
}

function bitwise(op: SyntaxKind, left: Domain | undefined, right: Domain | undefined): Domain {
  const l = asInt32(left);
  const isShift = op === SyntaxKind.LessThanLessThanToken || op === SyntaxKind.GreaterThanGreaterThanToken || op === SyntaxKind.GreaterThanGreaterThanGreaterThanToken;
  // a shift count is taken modulo 32: x << 226 shifts by 2
  const count = isShift ? asInt32(right) : undefined;
  const r = isShift ? (count && count.lo === count.hi ? interval(count.lo & 31, count.lo & 31) : count && count.lo >= 0 && count.hi <= 31 ? count : undefined) : asInt32(right);
  switch (op) {
    case SyntaxKind.AmpersandToken: {
      // x & m with m ≥ 0: 0..m; two non-negative operands: 0..min
      if (l && r && l.lo >= 0 && r.lo >= 0) return interval(0, Math.min(l.hi, r.hi));
      if (r && r.lo >= 0) return interval(0, r.hi);
      if (l && l.lo >= 0) return interval(0, l.hi);
      return INT32;
    }
    case SyntaxKind.BarToken:
    case SyntaxKind.CaretToken: {
      // non-negative operands keep their bit length; | never clears a bit
      if (l && r && l.lo >= 0 && r.lo >= 0) {
        const hi = 2 ** Math.max(bitLength(l.hi), bitLength(r.hi)) - 1;
        return interval(op === SyntaxKind.BarToken ? Math.max(l.lo, r.lo) : 0, hi);
      }
      return INT32;
    }
    case SyntaxKind.LessThanLessThanToken: {
      if (l && r && r.lo === r.hi && r.lo >= 0 && r.lo <= 31) {
        const f = 2 ** r.lo;
        if (l.lo * f >= INT32_MIN && l.hi * f <= INT32_MAX) return interval(l.lo * f, l.hi * f);
      }
      return INT32;
    }
    case SyntaxKind.GreaterThanGreaterThanToken: {
      // x >> s is monotone in x, and in s (towards 0 or -1): the corners bound it
      if (l && r && r.lo >= 0 && r.hi <= 31) {
        const corners = [l.lo >> r.lo, l.lo >> r.hi, l.hi >> r.lo, l.hi >> r.hi];
        return interval(Math.min(...corners), Math.max(...corners));
      }
      if (r && r.lo >= 0 && r.hi <= 31 && r.lo > 0) return interval(INT32_MIN >> r.lo, INT32_MAX >> r.lo);
      return INT32;
    }
    case SyntaxKind.GreaterThanGreaterThanGreaterThanToken: {
      if (l && l.lo >= 0 && r && r.lo >= 0 && r.hi <= 31) return interval(l.lo >>> r.hi, l.hi >>> r.lo);
      const shift = r && r.lo === r.hi ? r.lo & 31 : 0;
      return interval(0, 2 ** (32 - shift) - 1);
    }
    default:
      return INT32;
  }
}

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

export interface RangeContext {
  /** The array under analysis (its def-use symbol): reads of it are answered by the caller (undefined here). */
  target?: unknown;
}

interface Walk {
  context: RangeContext;
  /** Symbols whose domain is being computed (stops `v = v + 1`). */
  visiting: Set<unknown>;
}

const NO_TARGET = Symbol("no target");

/**
 * The value of a numeric literal. Not ts-morph's getLiteralValue(), which parses "1e-300" with
 * parseInt (→ 1); the compiler's text is the canonical number ("0x10" → "16", "1_000" → "1000").
 */
export function numericLiteralValue(node: Node): number {
  return Number((node.compilerNode as ts.NumericLiteral).text);
}

/** `(e)`, `e as T`, `e!`, `<T>e`, `e satisfies T`. */
export function unwrapValue(e: Node): Node {
  let n = e;
  while (Node.isParenthesizedExpression(n) || Node.isAsExpression(n) || Node.isNonNullExpression(n) || Node.isTypeAssertion(n) || Node.isSatisfiesExpression(n)) {
    n = n.getExpression();
  }
  return n;
}

export function isNumberType(type: Type): boolean {
  if (type.isNumber() || type.isNumberLiteral()) return true;
  return type.isUnion() && type.getUnionTypes().every((t) => t.isNumber() || t.isNumberLiteral());
}

function isBooleanType(type: Type): boolean {
  return type.isBoolean() || type.isBooleanLiteral();
}

/** The range of `e`'s values (undefined: any number). */
export function domainOf(e: Node, context: RangeContext = {}): Domain | undefined {
  return valueDomain(e, { context, visiting: new Set() });
}

function valueDomain(e: Node, walk: Walk): Domain | undefined {
  const node = unwrapValue(e);
  if (Node.isNumericLiteral(node)) return exactly(numericLiteralValue(node));
  if (Node.isPrefixUnaryExpression(node)) {
    const op = node.getOperatorToken();
    const operand = unwrapValue(node.getOperand());
    if (op === SyntaxKind.MinusToken && Node.isNumericLiteral(operand)) return exactly(-numericLiteralValue(operand));
    // +(x > t): a boolean made a number
    if (op === SyntaxKind.PlusToken && isBooleanType(operand.getType())) return interval(0, 1);
    // ~x is ToInt32-based: always an int32, never -0
    if (op === SyntaxKind.TildeToken) return INT32;
    if (op !== SyntaxKind.PlusToken && op !== SyntaxKind.MinusToken) return undefined;
    // +"3": ToNumber of a string is not arithmetic we follow
    if (!isNumberType(operand.getType())) return undefined;
    const d = valueDomain(operand, walk);
    if (!d) return undefined;
    return op === SyntaxKind.PlusToken ? d : negate(d);
  }
  // the branches' reads of variables are narrowed by the condition where they are read (refineAtUse)
  if (Node.isConditionalExpression(node)) return union(valueDomain(node.getWhenTrue(), walk), valueDomain(node.getWhenFalse(), walk));
  if (Node.isTrueLiteral(node)) return interval(1, 1);
  if (Node.isFalseLiteral(node)) return interval(0, 0);
  if (Node.isBinaryExpression(node)) return binaryDomain(node.getOperatorToken().getKind(), node.getLeft(), node.getRight(), walk);
  if (Node.isIdentifier(node)) return identifierDomain(node, walk);
  if (Node.isElementAccessExpression(node)) return elementReadDomain(node, walk);
  if (Node.isCallExpression(node)) return callDomain(node.getExpression(), node.getArguments(), walk);
  // xs.length of an array or typed array: a non-negative integer
  if (Node.isPropertyAccessExpression(node) && node.getName() === "length") {
    const type = node.getExpression().getType();
    if (type.isArray() || type.isTuple() || elementTypeOf(type) !== undefined) return interval(0, Number.MAX_SAFE_INTEGER);
  }
  return undefined;
}

function binaryDomain(op: SyntaxKind, leftNode: Expression, rightNode: Expression, walk: Walk): Domain | undefined {
  // "a" + 1: string concatenation is not arithmetic; bigint is not a number
  if (!isNumberType(leftNode.getType()) || !isNumberType(rightNode.getType())) return undefined;
  if (
    op === SyntaxKind.AmpersandToken ||
    op === SyntaxKind.BarToken ||
    op === SyntaxKind.CaretToken ||
    op === SyntaxKind.LessThanLessThanToken ||
    op === SyntaxKind.GreaterThanGreaterThanToken ||
    op === SyntaxKind.GreaterThanGreaterThanGreaterThanToken
  ) {
    return bitwise(op, valueDomain(leftNode, walk), valueDomain(rightNode, walk));
  }
  const left = valueDomain(leftNode, walk);
  const right = left ? valueDomain(rightNode, walk) : undefined;
  if (!left || !right) return undefined;
  switch (op) {
    case SyntaxKind.PlusToken:
      return add(left, right);
    case SyntaxKind.MinusToken:
      return subtract(left, right);
    case SyntaxKind.AsteriskToken:
      return multiply(left, right);
    case SyntaxKind.SlashToken:
      return divide(left, right);
    case SyntaxKind.PercentToken:
      return remainder(left, right);
    default:
      // a ** b and the rest: not followed
      return undefined;
  }
}

function isGlobalName(id: Node, name: string): boolean {
  if (!Node.isIdentifier(id) || id.getText() !== name) return false;
  const declarations = id.getSymbol()?.getDeclarations() ?? [];
  return declarations.length > 0 && declarations.every((d) => d.getSourceFile().isDeclarationFile());
}

function callDomain(callee: Node, args: Node[], walk: Walk): Domain | undefined {
  const calleeNode = unwrapValue(callee);
  // Number(x > t): a boolean made a number; Number(n) of a number is n
  if (isGlobalName(calleeNode, "Number") && args.length === 1) {
    const type = args[0].getType();
    if (isBooleanType(type)) return interval(0, 1);
    return isNumberType(type) ? valueDomain(args[0], walk) : undefined;
  }
  if (!Node.isPropertyAccessExpression(calleeNode) || !isGlobalName(calleeNode.getExpression(), "Math")) return undefined;
  const fn = calleeNode.getName();
  if (fn === "random" && args.length === 0) return { lo: 0, hi: 1, int: false, nan: false, negZero: false };
  if (fn === "imul" && args.length === 2) return INT32;
  if (fn === "clz32" && args.length === 1) return interval(0, 32);
  if (args.length === 0 || args.some((a) => Node.isSpreadElement(a))) return undefined;
  const ds: Domain[] = [];
  for (const a of args) {
    // Math.max("3", 1): ToNumber of a string
    if (!isNumberType(a.getType())) return undefined;
    const d = valueDomain(a, walk);
    if (!d) return undefined;
    ds.push(d);
  }
  const d = ds[0];
  switch (fn) {
    case "min":
    case "max": {
      const pick = fn === "min" ? Math.min : Math.max;
      return ds.reduce((a, b) =>
        withAssumption({ lo: pick(a.lo, b.lo), hi: pick(a.hi, b.hi), int: a.int && b.int, nan: a.nan || b.nan, negZero: a.negZero || b.negZero }, a, b),
      );
    }
    case "abs": {
      const lo = contains(d, 0) ? 0 : Math.min(Math.abs(d.lo), Math.abs(d.hi));
      return withAssumption({ lo, hi: Math.max(Math.abs(d.lo), Math.abs(d.hi)), int: d.int, nan: d.nan, negZero: false }, d);
    }
    case "sign":
      return { lo: Math.sign(d.lo), hi: Math.sign(d.hi), int: true, nan: d.nan, negZero: d.negZero };
    case "floor":
      return checked(withAssumption({ lo: Math.floor(d.lo), hi: Math.floor(d.hi), int: true, nan: d.nan, negZero: d.negZero }, d));
    case "ceil":
    case "round":
    case "trunc": {
      const f = Math[fn];
      // ceil(-0.5), round(-0.4) and trunc(-0.5) are -0
      return checked(withAssumption({ lo: f(d.lo), hi: f(d.hi), int: true, nan: d.nan, negZero: d.negZero || (!d.int && d.lo < 0) }, d));
    }
    case "sqrt":
      // sqrt of a negative number is NaN
      if (d.lo < 0) return undefined;
      return checked({ lo: Math.sqrt(Math.max(0, d.lo)), hi: Math.sqrt(d.hi), int: false, nan: d.nan, negZero: d.negZero });
    default:
      return undefined;
  }
}

/** `b[k]` of an integer typed array: its element range, NaN too when k may fall outside it. */
function elementReadDomain(node: Node & { getExpression(): Node; getArgumentExpression(): Node | undefined }, walk: Walk): Domain | undefined {
  const object = unwrapValue(node.getExpression());
  if (!Node.isIdentifier(object)) return undefined;
  // a[i] = a[j]: the caller decides about copies inside the array under analysis
  if (walk.context.target !== undefined && usesOf(object)?.symbol === walk.context.target) return undefined;
  const element = elementTypeOf(object.getType());
  const range = element ? elementRange(element) : undefined;
  if (!range) return undefined;
  const index = node.getArgumentExpression();
  // b[i + 1] past the end reads undefined: NaN in arithmetic, 0 in an integer store
  return index && indexInRange(index, object) ? range : { ...range, nan: true };
}

export function elementTypeOf(type: Type): ElementType | undefined {
  const name = type.getSymbol()?.getName();
  return name ? ELEMENT_TYPES[name] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Variables
// ---------------------------------------------------------------------------------------------

/** The flow-insensitive range of a variable: its initializer and every assignment, or a loop counter's range. */
function variableDomain(id: Identifier, walk: Walk): Domain | undefined {
  const uses = usesOf(id);
  if (!uses) return undefined;
  const key = uses.symbol;
  // One table per target array: a variable that reads the target (`const v = a[i]`) has another
  // answer for it. A variable cut short by a cycle (`v = w + 1; w = v`) really is unbounded, so
  // every answer can be kept.
  const byTarget = fileMemo<unknown, Map<unknown, Domain | undefined>>(id, "ranges.variableDomain");
  const targetKey = walk.context.target ?? NO_TARGET;
  let memo = byTarget.get(targetKey);
  if (!memo) byTarget.set(targetKey, (memo = new Map()));
  if (memo.has(key)) return memo.get(key);
  if (walk.visiting.has(key)) return undefined;
  walk.visiting.add(key);
  try {
    const result = computeVariableDomain(id, uses, walk);
    memo.set(key, result);
    return result;
  } finally {
    walk.visiting.delete(key);
  }
}

function computeVariableDomain(id: Identifier, uses: NonNullable<ReturnType<typeof usesOf>>, walk: Walk): Domain | undefined {
  const declarationRef = uses.references.find((r) => r.kind === "declaration");
  const declaration = declarationRef?.id.getParent();
  if (!declaration) return undefined;
  if (Node.isParameterDeclaration(declaration)) {
    // (flag: 0 | 1) never reassigned: its literal union type bounds it
    if (uses.writes.length > 0 || declaration.hasInitializer() || declaration.isRestParameter()) return undefined;
    return literalUnionDomain(declaration.getType());
  }
  if (!Node.isVariableDeclaration(declaration) || declaration.getNameNode() !== declarationRef!.id) return undefined;
  const list = declaration.getParent();
  const loop = list?.getParent();
  if (loop && Node.isForStatement(loop) && loop.getInitializer() === list) {
    // for (var i = 0; i < 10; i++) {} … a[0] = i: after the loop a `var` counter is 10
    if (!isWithin(id, loop.getStatement())) return undefined;
    return loopCounterDomain(loop, uses, walk);
  }
  const init = declaration.getInitializer();
  // let v; …: read before the first assignment it is undefined (NaN in a float array)
  if (!init) return undefined;
  let d = valueDomain(init, walk);
  for (const write of uses.writes) {
    // v *= rate, v++: a recurrence the interval analysis does not follow
    if (write.kind !== "assign" || !write.value) return undefined;
    d = union(d, valueDomain(write.value, walk));
    if (!d) return undefined;
  }
  return d;
}

function literalUnionDomain(type: Type): Domain | undefined {
  const parts = type.isUnion() ? type.getUnionTypes() : [type];
  let d: Domain | undefined;
  for (const t of parts) {
    if (!t.isNumberLiteral()) return undefined;
    const v = exactly(Number(t.getLiteralValue()));
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
function loopCounterDomain(loop: Node, uses: NonNullable<ReturnType<typeof usesOf>>, walk: Walk): Domain | undefined {
  if (!Node.isForStatement(loop)) return undefined;
  const list = loop.getInitializer();
  if (!list || !Node.isVariableDeclarationList(list) || list.getDeclarations().length !== 1) return undefined;
  const name = list.getDeclarations()[0].getName();
  const start = list.getDeclarations()[0].getInitializer();
  const condition = loop.getCondition();
  const step = loop.getIncrementor();
  if (!start || !condition || !step || !Node.isBinaryExpression(condition)) return undefined;
  // for (…; i++) { i += 2 }: the counter is written outside the incrementor too
  if (uses.writes.some((w) => !isWithin(w.id, step))) return undefined;
  const direction = stepOf(step, name);
  if (!direction) return undefined;
  const startDomain = valueDomain(start, walk);
  // for (let i = 0.5; …): a fractional counter
  if (startDomain && !startDomain.int) return undefined;
  const op = condition.getOperatorToken().getKind();
  const counterOnLeft = unwrapValue(condition.getLeft()).getText() === name;
  if (!counterOnLeft && unwrapValue(condition.getRight()).getText() !== name) return undefined;
  const boundNode = counterOnLeft ? condition.getRight() : condition.getLeft();
  const flipped: Partial<Record<SyntaxKind, SyntaxKind>> = {
    [SyntaxKind.LessThanToken]: SyntaxKind.GreaterThanToken,
    [SyntaxKind.LessThanEqualsToken]: SyntaxKind.GreaterThanEqualsToken,
    [SyntaxKind.GreaterThanToken]: SyntaxKind.LessThanToken,
    [SyntaxKind.GreaterThanEqualsToken]: SyntaxKind.LessThanEqualsToken,
  };
  const relation = counterOnLeft ? op : flipped[op];
  const bound = valueDomain(boundNode, walk);
  const assumption = `the loop counter \`${name}\` stays below 2^31`;
  if (direction === 1) {
    if (!startDomain || startDomain.nan) return undefined;
    let hi: number;
    // i < 2.5 runs i = 0, 1, 2: the last value is ceil(B) - 1
    // (a NaN bound runs no iteration: only the bound's other values matter)
    if (relation === SyntaxKind.LessThanToken) hi = bound ? Math.ceil(bound.hi) - 1 : Infinity;
    else if (relation === SyntaxKind.LessThanEqualsToken) hi = bound ? Math.floor(bound.hi) : Infinity;
    else return undefined;
    if (!Number.isFinite(hi)) hi = Infinity;
    hi = Math.max(hi, startDomain.hi);
    const base = { lo: startDomain.lo, int: true, nan: false, negZero: startDomain.negZero };
    return hi === Infinity
      ? { ...base, hi: Infinity, assumption }
      : checked({ ...base, hi, ...(startDomain.assumption ? { assumption: startDomain.assumption } : {}) });
  }
  // i only shrinks: the condition gives the lower bound, the start the upper
  let lo: number;
  if (relation === SyntaxKind.GreaterThanEqualsToken && bound && !bound.nan && Number.isFinite(bound.lo)) lo = Math.ceil(bound.lo);
  else if (relation === SyntaxKind.GreaterThanToken && bound && !bound.nan && Number.isFinite(bound.lo)) lo = Math.floor(bound.lo) + 1;
  else return undefined;
  if (startDomain) {
    if (startDomain.nan) return undefined;
    return checked({ lo: Math.min(lo, startDomain.lo), hi: Math.max(startDomain.hi, lo), int: true, nan: false, negZero: startDomain.negZero, ...(startDomain.assumption ? { assumption: startDomain.assumption } : {}) });
  }
  // for (let i = n - 1; i >= 0; i--): the start is a length-like unknown
  return { lo, hi: Infinity, int: true, nan: false, negZero: false, assumption };
}

/** A variable's range at one use: its flow-insensitive range narrowed by the conditions that guard the use. */
function identifierDomain(id: Identifier, walk: Walk): Domain | undefined {
  if (id.getText() === "undefined" || id.getText() === "NaN" || id.getText() === "Infinity") return undefined;
  const d = variableDomain(id, walk);
  if (!d) return undefined;
  return refineAtUse(id, d, walk);
}

/**
 * Conditions that hold where `id` is read: the `if`/`?:`/`&&`/`||` between the read and its
 * function (`if (e < -14) t[i] = -e - 1` stores at most 13 + …).
 */
function refineAtUse(id: Identifier, d: Domain, walk: Walk): Domain | undefined {
  const uses = usesOf(id);
  // a variable written anywhere but a loop step may change between the test and the read (also
  // through a closure called in between): only constants and loop counters are narrowed
  if (!uses || uses.writes.some((w) => !isLoopStep(w.id))) return d;
  const scope = enclosingScope(id);
  let result: Domain | undefined = d;
  let child: Node = id;
  for (let node: Node | undefined = id.getParent(); node && node !== scope && result; child = node, node = node.getParent()) {
    if (Node.isIfStatement(node) || Node.isConditionalExpression(node) || Node.isBinaryExpression(node)) {
      const fact = guardOf(node, child);
      if (!fact) continue;
      result = applyCondition(fact.condition, fact.outcome, uses.symbol, result, walk);
    }
  }
  return result;
}

/** The incrementor of a for loop (`i++` in the header runs between iterations, not inside a branch). */
function isLoopStep(node: Node): boolean {
  for (let n: Node | undefined = node.getParent(); n; n = n.getParent()) {
    const p = n.getParent();
    if (p && Node.isForStatement(p) && p.getIncrementor() === n) return true;
    if (Node.isStatement(n)) return false;
  }
  return false;
}

function guardOf(node: Node, child: Node): { condition: Node; outcome: boolean } | undefined {
  if (Node.isIfStatement(node)) {
    if (node.getThenStatement() === child) return { condition: node.getExpression(), outcome: true };
    if (node.getElseStatement() === child) return { condition: node.getExpression(), outcome: false };
    return undefined;
  }
  if (Node.isConditionalExpression(node)) {
    if (node.getWhenTrue() === child) return { condition: node.getCondition(), outcome: true };
    if (node.getWhenFalse() === child) return { condition: node.getCondition(), outcome: false };
    return undefined;
  }
  if (Node.isBinaryExpression(node) && node.getRight() === child) {
    const op = node.getOperatorToken().getKind();
    if (op === SyntaxKind.AmpersandAmpersandToken) return { condition: node.getLeft(), outcome: true };
    if (op === SyntaxKind.BarBarToken) return { condition: node.getLeft(), outcome: false };
  }
  return undefined;
}

/** Narrow `d` (the range of the variable `symbol`) by `condition` being `outcome`. */
function applyCondition(conditionNode: Node, outcome: boolean, symbol: unknown, d: Domain, walk: Walk): Domain | undefined {
  const condition = unwrapValue(conditionNode);
  if (Node.isPrefixUnaryExpression(condition) && condition.getOperatorToken() === SyntaxKind.ExclamationToken) {
    return applyCondition(condition.getOperand(), !outcome, symbol, d, walk);
  }
  if (!Node.isBinaryExpression(condition)) return d;
  const op = condition.getOperatorToken().getKind();
  // A && B true: both hold; A || B false: neither holds
  if ((op === SyntaxKind.AmpersandAmpersandToken && outcome) || (op === SyntaxKind.BarBarToken && !outcome)) {
    const first = applyCondition(condition.getLeft(), outcome, symbol, d, walk);
    return first && applyCondition(condition.getRight(), outcome, symbol, first, walk);
  }
  const left = unwrapValue(condition.getLeft());
  const right = unwrapValue(condition.getRight());
  const isVar = (n: Node) => Node.isIdentifier(n) && usesOf(n)?.symbol === symbol;
  let relation: SyntaxKind;
  let other: Node;
  if (isVar(left)) {
    relation = op;
    other = right;
  } else if (isVar(right)) {
    const mirrored: Partial<Record<SyntaxKind, SyntaxKind>> = {
      [SyntaxKind.LessThanToken]: SyntaxKind.GreaterThanToken,
      [SyntaxKind.LessThanEqualsToken]: SyntaxKind.GreaterThanEqualsToken,
      [SyntaxKind.GreaterThanToken]: SyntaxKind.LessThanToken,
      [SyntaxKind.GreaterThanEqualsToken]: SyntaxKind.LessThanEqualsToken,
      [SyntaxKind.EqualsEqualsEqualsToken]: SyntaxKind.EqualsEqualsEqualsToken,
      [SyntaxKind.ExclamationEqualsEqualsToken]: SyntaxKind.ExclamationEqualsEqualsToken,
    };
    const m = mirrored[op];
    if (m === undefined) return d;
    relation = m;
    other = left;
  } else {
    return d;
  }
  // a comparison with a string or an object converts: no fact about numbers
  if (!isNumberType(other.getType())) return d;
  const bound = valueDomain(other, walk);
  if (!bound || bound.nan) return d;
  // the negation of `x < c` is `x >= c` or x is NaN
  if (!outcome) {
    const negated: Partial<Record<SyntaxKind, SyntaxKind>> = {
      [SyntaxKind.LessThanToken]: SyntaxKind.GreaterThanEqualsToken,
      [SyntaxKind.LessThanEqualsToken]: SyntaxKind.GreaterThanToken,
      [SyntaxKind.GreaterThanToken]: SyntaxKind.LessThanEqualsToken,
      [SyntaxKind.GreaterThanEqualsToken]: SyntaxKind.LessThanToken,
      [SyntaxKind.ExclamationEqualsEqualsToken]: SyntaxKind.EqualsEqualsEqualsToken,
    };
    const n = negated[relation];
    if (n === undefined) return d;
    const narrowed = narrow(d, n, bound);
    return narrowed && { ...narrowed, nan: d.nan };
  }
  const narrowed = narrow(d, relation, bound);
  // a comparison that holds rules NaN out
  return narrowed && { ...narrowed, nan: false };
}

function narrow(d: Domain, relation: SyntaxKind, bound: Domain): Domain | undefined {
  let { lo, hi } = d;
  switch (relation) {
    case SyntaxKind.LessThanToken:
      hi = Math.min(hi, d.int ? Math.ceil(bound.hi) - 1 : bound.hi);
      break;
    case SyntaxKind.LessThanEqualsToken:
      hi = Math.min(hi, d.int ? Math.floor(bound.hi) : bound.hi);
      break;
    case SyntaxKind.GreaterThanToken:
      lo = Math.max(lo, d.int ? Math.floor(bound.lo) + 1 : bound.lo);
      break;
    case SyntaxKind.GreaterThanEqualsToken:
      lo = Math.max(lo, d.int ? Math.ceil(bound.lo) : bound.lo);
      break;
    case SyntaxKind.EqualsEqualsEqualsToken:
      lo = Math.max(lo, bound.lo);
      hi = Math.min(hi, bound.hi);
      break;
    default:
      return d;
  }
  // an impossible branch: keep the unnarrowed range rather than reason about dead code
  if (lo > hi) return d;
  const narrowed: Domain = { ...d, lo, hi };
  // the assumption only bounded the infinite end: a finite range no longer needs it
  if (narrowed.assumption && Number.isFinite(lo) && Number.isFinite(hi)) delete narrowed.assumption;
  return narrowed;
}

// ---------------------------------------------------------------------------------------------
// Index ranges
// ---------------------------------------------------------------------------------------------

export function isWithin(node: Node, container: Node): boolean {
  return node.getStart() >= container.getStart() && node.getEnd() <= container.getEnd();
}

/**
 * True when `index` is `i`, `i + c` or `i - c` (c a literal) for the counter of an enclosing
 * `for (let i = S; i < array.length; i++)` with S + offset ≥ 0 and offset ≤ 0, where `array` is
 * never reassigned: every read lands inside the array.
 */
export function indexInRange(index: Node, array: Identifier): boolean {
  let node = unwrapValue(index);
  let offset = 0;
  if (Node.isBinaryExpression(node)) {
    const op = node.getOperatorToken().getKind();
    const right = unwrapValue(node.getRight());
    if (!Node.isNumericLiteral(right) || (op !== SyntaxKind.PlusToken && op !== SyntaxKind.MinusToken)) return false;
    offset = op === SyntaxKind.PlusToken ? numericLiteralValue(right) : -numericLiteralValue(right);
    node = unwrapValue(node.getLeft());
  }
  if (!Node.isIdentifier(node) || offset > 0 || !Number.isInteger(offset)) return false;
  const counter = usesOf(node);
  const declaration = counter?.references.find((r) => r.kind === "declaration")?.id.getParent();
  const list = declaration?.getParent();
  const loop = list?.getParent();
  if (!counter || !declaration || !Node.isVariableDeclaration(declaration) || !loop || !Node.isForStatement(loop) || loop.getInitializer() !== list) return false;
  // read after a `var` counter's loop: the counter has run past the bound
  if (!isWithin(node, loop.getStatement())) return false;
  const step = loop.getIncrementor();
  const start = declaration.getInitializer();
  const startNode = start ? unwrapValue(start) : undefined;
  if (!startNode || !Node.isNumericLiteral(startNode) || numericLiteralValue(startNode) + offset < 0) return false;
  if (!step || stepOf(step, node.getText()) !== 1 || counter.writes.some((w) => !isWithin(w.id, step))) return false;
  // i < array.length, with `array` the very same binding that is read
  const condition = loop.getCondition();
  if (!condition || !Node.isBinaryExpression(condition) || condition.getOperatorToken().getKind() !== SyntaxKind.LessThanToken) return false;
  if (unwrapValue(condition.getLeft()).getText() !== node.getText()) return false;
  const bound = unwrapValue(condition.getRight());
  if (!Node.isPropertyAccessExpression(bound) || bound.getName() !== "length") return false;
  const owner = unwrapValue(bound.getExpression());
  const arrayUses = usesOf(array);
  if (!Node.isIdentifier(owner) || !arrayUses || usesOf(owner)?.symbol !== arrayUses.symbol) return false;
  // the array variable must not be swapped for a shorter one
  return arrayUses.writes.length === 0;
}
