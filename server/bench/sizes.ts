// The sizes the code runs a finding's statements at, where the code shows them: array literals,
// `new Float64Array(9)`, `Float64Array.of(…)`, tuple types, `.length` of arrays whose length is
// known, constant loop bounds, and the arguments of the enclosing function's calls in the same file.
// Unknown sizes give an empty list: the bench then sweeps sizes instead of inventing one.
import { ts } from "ts-morph";
import type { BenchSpec } from "../engine/types";
import { normalizeType } from "./inputs";
import { isModuleLevel, nodeCovering, resolveName, type Declaration } from "./scope";

export interface CodeSizes {
  /** The distinct sizes the statements run at, smallest first; empty when the code does not show them. */
  sizes: number[];
  /** Lengths the code shows for individual variables (also those not sized by the loop). */
  lengths: Record<string, number>;
  /** One phrase saying where the size comes from, e.g. "`KERNEL` has 9 elements (array literal, line 1)". */
  evidence?: string;
}

/** The sizes of a sweep when the code does not show the size: small, medium, large, the old default. */
export const SWEEP_SIZES = [16, 1_000, 100_000, 1_000_000];
/** At most this many distinct sizes from call sites are measured. */
const MAX_CODE_SIZES = 4;
const MAX_DEPTH = 6;
const TYPED_ARRAYS = /^(?:Float64|Float32|Int8|Int16|Int32|Uint8|Uint8Clamped|Uint16|Uint32|BigInt64|BigUint64)Array$/;

interface Known {
  values: number[];
  how: string;
}

function lineOf(node: ts.Node): number {
  const sf = node.getSourceFile();
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

function unwrap(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
  return e;
}

function single(value: number, how: string): Known {
  return { values: [value], how };
}

function distinct(values: number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/** A numeric value the code fixes: literals, arithmetic on them, `const` names, `.length` of known arrays. */
function constantNumber(e: ts.Expression, depth: number): Known | undefined {
  if (depth > MAX_DEPTH) return undefined;
  e = unwrap(e);
  if (ts.isNumericLiteral(e)) return single(Number(e.text), `${e.text}`);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken) {
    const v = constantNumber(e.operand, depth + 1);
    return v && { values: v.values.map((x) => -x), how: v.how };
  }
  if (ts.isBinaryExpression(e)) {
    const ops: Partial<Record<ts.SyntaxKind, (a: number, b: number) => number>> = {
      [ts.SyntaxKind.PlusToken]: (a, b) => a + b, [ts.SyntaxKind.MinusToken]: (a, b) => a - b,
      [ts.SyntaxKind.AsteriskToken]: (a, b) => a * b, [ts.SyntaxKind.AsteriskAsteriskToken]: (a, b) => a ** b,
      [ts.SyntaxKind.SlashToken]: (a, b) => a / b,
    };
    const op = ops[e.operatorToken.kind];
    const a = op && constantNumber(e.left, depth + 1);
    const b = a && constantNumber(e.right, depth + 1);
    if (op && a && b && a.values.length === 1 && b.values.length === 1) return single(op(a.values[0], b.values[0]), e.getText());
    return undefined;
  }
  if (ts.isIdentifier(e)) {
    const d = resolveName(e.text, e);
    if (d?.kind === "variable" && d.node.initializer && isConst(d)) return constantNumber(d.node.initializer, depth + 1);
    if (d?.kind === "parameter") return fromCallSites(d, depth, (arg) => constantNumber(arg, depth + 1));
    return undefined;
  }
  if (ts.isPropertyAccessExpression(e) && e.name.text === "length") return lengthOf(e.expression, depth + 1);
  return undefined;
}

function isConst(d: Extract<Declaration, { kind: "variable" }>): boolean {
  return (d.node.parent.flags & ts.NodeFlags.Const) !== 0;
}

/** The length of an array-valued expression, where the code fixes it. */
export function lengthOf(e: ts.Expression, depth = 0): Known | undefined {
  if (depth > MAX_DEPTH) return undefined;
  e = unwrap(e);
  if (ts.isArrayLiteralExpression(e)) {
    // a spread's length is that of the spread array
    if (e.elements.some((x) => ts.isSpreadElement(x) || ts.isOmittedExpression(x))) return undefined;
    return single(e.elements.length, `array literal, line ${lineOf(e)}`);
  }
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && (TYPED_ARRAYS.test(e.expression.text) || e.expression.text === "Array")) {
    const args = e.arguments ?? [];
    if (args.length === 0) return single(0, `new ${e.expression.text}(), line ${lineOf(e)}`);
    // new Array(a, b, c) lists elements; new Array(n) and new Float64Array(n) take a length
    if (e.expression.text === "Array" && args.length > 1) return single(args.length, `new Array(…), line ${lineOf(e)}`);
    const n = constantNumber(args[0], depth + 1);
    if (n) return { values: n.values, how: `new ${e.expression.text}(${args[0].getText()}), line ${lineOf(e)}` };
    const copied = lengthOf(args[0], depth + 1);
    return copied && { values: copied.values, how: `new ${e.expression.text}(…) of ${copied.how}` };
  }
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
    const target = e.expression.expression;
    const method = e.expression.name.text;
    const isArrayClass = ts.isIdentifier(target) && (TYPED_ARRAYS.test(target.text) || target.text === "Array");
    if (isArrayClass && method === "of") return single(e.arguments.length, `${target.getText()}.of(…), line ${lineOf(e)}`);
    if (isArrayClass && method === "from" && e.arguments.length >= 1) {
      const source = unwrap(e.arguments[0]);
      if (ts.isObjectLiteralExpression(source)) {
        const length = source.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText() === "length") as ts.PropertyAssignment | undefined;
        const n = length && constantNumber(length.initializer, depth + 1);
        return n && { values: n.values, how: `Array.from({ length: ${length!.initializer.getText()} }), line ${lineOf(e)}` };
      }
      return lengthOf(source, depth + 1);
    }
    // these keep the receiver's length
    if (["fill", "map", "slice", "reverse", "sort", "toSorted", "toReversed"].includes(method) && (method !== "slice" || e.arguments.length === 0)) {
      return lengthOf(target, depth + 1);
    }
    return undefined;
  }
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "Array" && e.arguments.length === 1) {
    const n = constantNumber(e.arguments[0], depth + 1);
    return n && { values: n.values, how: `Array(${e.arguments[0].getText()}), line ${lineOf(e)}` };
  }
  if (ts.isIdentifier(e)) return lengthOfName(e.text, e, depth + 1);
  return undefined;
}

function tupleLength(type: ts.TypeNode | undefined): number | undefined {
  if (!type) return undefined;
  if (ts.isTypeOperatorNode(type)) return tupleLength(type.type); // readonly [number, number]
  if (!ts.isTupleTypeNode(type)) return undefined;
  // optional or rest elements make the length vary
  if (type.elements.some((el) => ts.isRestTypeNode(el) || ts.isOptionalTypeNode(el) || (ts.isNamedTupleMember(el) && (el.dotDotDotToken || el.questionToken)))) return undefined;
  return type.elements.length;
}

/** The length of the array a name refers to at `at`. */
export function lengthOfName(name: string, at: ts.Node, depth = 0): Known | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const d = resolveName(name, at);
  if (!d) return undefined;
  if (d.kind === "variable") {
    const tuple = tupleLength(d.node.type);
    if (tuple !== undefined) return single(tuple, `tuple type, line ${lineOf(d.node)}`);
    // a `let` may be reassigned to another array
    if (!d.node.initializer || !isConst(d)) return undefined;
    const known = lengthOf(d.node.initializer, depth + 1);
    return known && { values: known.values, how: known.how };
  }
  if (d.kind === "parameter") {
    const tuple = tupleLength(d.node.type);
    if (tuple !== undefined) return single(tuple, `tuple type, line ${lineOf(d.node)}`);
    return fromCallSites(d, depth, (arg) => lengthOf(arg, depth + 1));
  }
  return undefined;
}

/** The name a function is called by in this file: its declaration's, or the const it is assigned to. */
function calleeName(fn: ts.SignatureDeclaration): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
  const p = fn.parent;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  return undefined;
}

/**
 * The calls `name(…)` in `sf`, in source order. The server sizes the findings of each new tree after an
 * edit, so a walk of the whole tree per tree cost ~5 ms per edit (3,000 lines): the name is searched in
 * the text instead, and only its occurrences are looked up in the tree. Text with `\u` escapes (which
 * can spell an identifier without its letters) is walked whole.
 */
const callIndex = new WeakMap<ts.SourceFile, Map<string, ts.CallExpression[]>>();
export function callsNamed(sf: ts.SourceFile, name: string): ts.CallExpression[] {
  let index = callIndex.get(sf);
  if (!index) callIndex.set(sf, (index = new Map()));
  let calls = index.get(name);
  if (calls) return calls;
  calls = [];
  const text = sf.text;
  if (text.includes("\\u")) {
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name) calls!.push(node);
      ts.forEachChild(node, visit);
    };
    visit(sf);
  } else {
    for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + name.length)) {
      const id = nodeCovering(sf, at, at + name.length);
      // an occurrence in a comment, a string or a longer name is not a call of `name`
      if (id && ts.isIdentifier(id) && id.text === name && id.getStart(sf) === at && ts.isCallExpression(id.parent) && id.parent.expression === id) calls.push(id.parent);
    }
  }
  index.set(name, calls);
  return calls;
}

/**
 * A parameter's value at every call of its function in this file (`dot4(shape, stride)`): known
 * when every call shows it. Only functions called by name; a function also called from elsewhere
 * (exported) still runs at the sizes this file shows, which the evidence says.
 */
function fromCallSites(d: Extract<Declaration, { kind: "parameter" }>, depth: number, valueOf: (arg: ts.Expression) => Known | undefined): Known | undefined {
  const name = calleeName(d.fn);
  if (!name) return undefined;
  const calls = callsNamed(d.fn.getSourceFile(), name).filter((node) => {
    const target = resolveName(name, node);
    return target && (target.node === d.fn || (target.kind === "variable" && target.node.initializer === d.fn));
  });
  if (calls.length === 0) return undefined;
  const values: number[] = [];
  for (const call of calls) {
    const arg = call.arguments[d.index];
    // a call inside the function itself (recursion) says nothing new
    if (call.pos >= d.fn.pos && call.end <= d.fn.end) continue;
    const known = arg && valueOf(arg);
    if (!known) return undefined;
    values.push(...known.values);
  }
  if (values.length === 0) return undefined;
  const lines = calls.map((c) => lineOf(c)).slice(0, 3).join(", ");
  return { values: distinct(values), how: `from the call${calls.length === 1 ? "" : "s"} of ${name} at line${calls.length === 1 ? "" : "s"} ${lines}` };
}

/** `for (let i = 0; i < K; i++)` with K fixed by the code: the trip count. */
function constantTripCount(loop: ts.ForStatement): Known | undefined {
  const init = loop.initializer;
  const cond = loop.condition;
  if (!init || !cond || !ts.isVariableDeclarationList(init) || init.declarations.length !== 1 || !ts.isBinaryExpression(cond)) return undefined;
  const decl = init.declarations[0];
  const start = decl.initializer && constantNumber(decl.initializer, 0);
  if (!ts.isIdentifier(decl.name) || !start || start.values.length !== 1) return undefined;
  const counter = decl.name.text;
  const op = cond.operatorToken.kind;
  let bound: ts.Expression | undefined;
  let inclusive = false;
  if (ts.isIdentifier(cond.left) && cond.left.text === counter && (op === ts.SyntaxKind.LessThanToken || op === ts.SyntaxKind.LessThanEqualsToken)) {
    bound = cond.right;
    inclusive = op === ts.SyntaxKind.LessThanEqualsToken;
  } else if (ts.isIdentifier(cond.right) && cond.right.text === counter && (op === ts.SyntaxKind.GreaterThanToken || op === ts.SyntaxKind.GreaterThanEqualsToken)) {
    bound = cond.left;
    inclusive = op === ts.SyntaxKind.GreaterThanEqualsToken;
  }
  const k = bound && constantNumber(bound, 0);
  if (!k) return undefined;
  const trips = distinct(k.values.map((v) => Math.max(0, Math.ceil(v - start.values[0] + (inclusive ? 1 : 0)))));
  return { values: trips, how: `the loop bound ${bound!.getText()}${k.how !== bound!.getText() ? ` (${k.how})` : ""}` };
}

function firstLoop(node: ts.Node): ts.ForStatement | undefined {
  if (ts.isForStatement(node)) return node;
  let found: ts.ForStatement | undefined;
  ts.forEachChild(node, (c) => { found ??= firstLoop(c); });
  return found;
}

function isArrayType(type: string): boolean {
  const t = normalizeType(type);
  return TYPED_ARRAYS.test(t) || t === "number[]" || /^\[.*\]$/.test(t);
}

/**
 * The sizes at which the code runs `statement` (the finding's statement in its parsed file): the
 * outer loop's constant trip count, else the length of the first array the loop runs over
 * (`length: "n"` variables, in the spec's order), else a loop-bound scalar's constant value.
 */
export function inferSizes(statement: ts.Node, spec: BenchSpec): CodeSizes {
  const lengths: Record<string, number> = {};
  const evidence: string[] = [];
  let sizes: number[] = [];
  for (const v of spec.variables) {
    if (!isArrayType(v.type)) continue;
    const known = lengthOfName(v.name, statement);
    if (known && known.values.length === 1) lengths[v.name] = known.values[0];
    if (known && sizes.length === 0 && v.length === "n") {
      sizes = known.values;
      evidence.push(`\`${v.name}\` has ${known.values.join(" or ")} elements (${known.how})`);
    }
  }
  const loop = firstLoop(statement);
  const trips = loop && constantTripCount(loop);
  if (trips && trips.values.every((t) => t > 0)) {
    sizes = trips.values;
    evidence.unshift(`the loop runs ${trips.values.join(" or ")} times (${trips.how})`);
    // a grid (number[][]) walked by two nested loops: its size is rows × columns
    const inner = spec.variables.some((v) => normalizeType(v.type) === "number[][]") ? firstLoop(loop.statement) : undefined;
    const columns = inner && constantTripCount(inner);
    if (columns && columns.values.length === 1 && trips.values.length === 1) {
      sizes = [trips.values[0] * columns.values[0]];
      evidence[0] = `the loops run ${trips.values[0]} × ${columns.values[0]} times (${trips.how}, ${columns.how})`;
    }
  }
  if (sizes.length === 0) {
    for (const v of spec.variables) {
      if (normalizeType(v.type) !== "number" || v.role === "output") continue;
      const d = resolveName(v.name, statement);
      if (!d || isModuleLevel(d) && d.kind !== "variable") continue;
      const value = d.kind === "variable" && d.node.initializer && isConst(d) ? constantNumber(d.node.initializer, 0)
        : d.kind === "parameter" ? fromCallSites(d, 0, (arg) => constantNumber(arg, 1)) : undefined;
      // only a loop bound's value is a size
      if (value && loop?.condition && new RegExp(`(?<![\\p{ID_Continue}$.])${v.name.replace(/\$/g, "\\$")}(?![\\p{ID_Continue}$])`, "u").test(loop.condition.getText())) {
        sizes = value.values;
        evidence.push(`\`${v.name}\` is ${value.values.join(" or ")} (${value.how})`);
        break;
      }
    }
  }
  sizes = distinct(sizes.filter((n) => Number.isInteger(n) && n > 0)).slice(0, MAX_CODE_SIZES);
  return { sizes, lengths, evidence: sizes.length > 0 ? evidence[0] : undefined };
}
