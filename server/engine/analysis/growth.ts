// Growth of plain arrays: where a list is appended to (`a.push(x, y, z)`, `a = [...a, v]`,
// `a = a.concat(v)`), inside which loops, and whether its final length is an expression known
// before the loops start (the trip counts multiply; several values per step multiply in).
import { Node, SyntaxKind, ts, type Expression, type Identifier, type Statement } from "ts-morph";
import { compilerSymbolOf, fileMemo, memoized, usesOf, wrap, type Reference } from "./defuse";
import { enclosingScope, isWithin } from "./scope";
import { stepOf } from "./loops";
import { domainOf, unwrapValue } from "./ranges";
import { isNumberType, isTypedArrayName } from "./types";

export type GrowthKind = "push" | "spread" | "concat";

export interface Growth {
  kind: GrowthKind;
  statement: Statement;
  /** The appended values in order, or undefined when their number is unknown (`push(...xs)`, `concat(list)`). */
  values: Expression[] | undefined;
  /** The references of the list this growth statement accounts for. */
  identifiers: Identifier[];
}

/** Recognises the growth statement around a reference of the list, if it is one. */
export function growthAt(ref: Reference): Growth | undefined {
  const id = ref.id;
  const parent = id.getParent();
  if (!parent) return undefined;
  // a.push(v, w)
  if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === id && parent.getName() === "push") {
    const call = parent.getParent();
    if (!call || !Node.isCallExpression(call) || call.getExpression() !== parent) return undefined;
    const statement = call.getParent();
    // const n = a.push(v): the returned length is used, list code
    if (!statement || !Node.isExpressionStatement(statement)) return undefined;
    const args = call.getArguments();
    const values = args.some((a) => Node.isSpreadElement(a)) ? undefined : (args as Expression[]);
    return { kind: "push", statement, values, identifiers: [id] };
  }
  // a = [...a, v] / a = a.concat(v)
  if (ref.kind !== "assign" || !ref.value) return undefined;
  const assignment = parent;
  const statement = assignment.getParent();
  if (!Node.isBinaryExpression(assignment) || !statement || !Node.isExpressionStatement(statement)) return undefined;
  const right = unwrapValue(ref.value);
  const isSelf = (n: Node | undefined): n is Identifier => n !== undefined && Node.isIdentifier(n) && usesOf(n)?.symbol === usesOf(id)?.symbol;
  if (Node.isArrayLiteralExpression(right)) {
    const [first, ...rest] = right.getElements();
    if (first && Node.isSpreadElement(first) && isSelf(first.getExpression())) {
      const values = rest.some((e) => Node.isSpreadElement(e) || Node.isOmittedExpression(e)) ? undefined : (rest as Expression[]);
      return { kind: "spread", statement, values, identifiers: [id, first.getExpression() as Identifier] };
    }
  }
  if (Node.isCallExpression(right)) {
    const callee = right.getExpression();
    if (Node.isPropertyAccessExpression(callee) && callee.getName() === "concat" && isSelf(callee.getExpression())) {
      const args = right.getArguments();
      // a.concat(v) appends v itself only for a number (an array argument is flattened)
      const values = args.every((a) => !Node.isSpreadElement(a) && isNumberType(a.getType())) ? (args as Expression[]) : undefined;
      return { kind: "concat", statement, values, identifiers: [id, callee.getExpression() as Identifier] };
    }
  }
  return undefined;
}

/** One loop between a growth and the list's declaration, with its number of iterations. */
export interface Trip {
  loop: Node;
  /** `for (let i = S; …)`: the counter and its start; absent for for…of. */
  counter?: Identifier;
  startsAtZero: boolean;
  /** The trip count for any value of the bound (`Math.max(0, Math.ceil(n))`, `x.length`, `100`). */
  count: string;
  /** The trip count as written (`n`, `rows - 1`), valid when the bound is a non-negative integer. */
  plain: string;
  /** `count` is `plain`: the bound is provably a non-negative integer (a length, a literal, a proven range). */
  exact: boolean;
}

export type TripsOrBlocker = { trips: Trip[] } | { blocker: string };

export function isLoop(node: Node): boolean {
  return Node.isForStatement(node) || Node.isForOfStatement(node) || Node.isForInStatement(node) || Node.isWhileStatement(node) || Node.isDoStatement(node);
}

/**
 * The loops (outermost first) between `statement` and `container` when every one of them runs a
 * number of times known before the outermost starts and nothing skips the statement; otherwise
 * why not.
 */
export function tripsTo(statement: Node, container: Node): TripsOrBlocker {
  const memo = fileMemo<ts.Node, Map<ts.Node, TripsOrBlocker>>(statement, "growth.tripsTo");
  let byContainer = memo.get(statement.compilerNode);
  if (!byContainer) memo.set(statement.compilerNode, (byContainer = new Map()));
  const known = byContainer.get(container.compilerNode);
  if (known) return known;
  const result = computeTrips(statement, container);
  byContainer.set(container.compilerNode, result);
  return result;
}

function computeTrips(statement: Node, container: Node): TripsOrBlocker {
  // the growth runs in a callback or helper: how often it is called is not visible
  if (enclosingScope(statement) !== enclosingScope(container)) return { blocker: "the array is grown inside another function" };
  const trips: Trip[] = [];
  let child: Node = statement;
  for (let node = statement.getParent(); node && node !== container; child = node, node = node.getParent()) {
    if (Node.isBlock(node)) continue;
    if (Node.isForStatement(node) && node.getStatement() === child) {
      const trip = forTrip(node);
      if (typeof trip === "string") return { blocker: trip };
      if (hasEarlyExit(node.getStatement())) return { blocker: "the loop body can leave an iteration early (break/continue/return)" };
      trips.unshift(trip);
      continue;
    }
    if (Node.isForOfStatement(node) && node.getStatement() === child) {
      const iterated = unwrapValue(node.getExpression());
      const type = iterated.getType();
      // for (const v of someIterable): a Set/Map/generator has no length known up front
      if (!(type.isArray() || isTypedArrayName(type.getSymbol()?.getName() ?? ""))) return { blocker: "the loop iterates something without a known length" };
      // for (const v of xs) with xs a list the body may grow: the count is not fixed
      if (!Node.isIdentifier(iterated) || (type.isArray() && !callsOnlyMath(node, iterated))) return { blocker: "the loop iterates a list that the loop may resize" };
      if (hasEarlyExit(node.getStatement())) return { blocker: "the loop body can leave an iteration early (break/continue/return)" };
      const length = `${iterated.getText()}.length`;
      trips.unshift({ loop: node, startsAtZero: true, count: length, plain: length, exact: true });
      continue;
    }
    // while (…) / do … while / for…in: the number of iterations is data-dependent
    if (isLoop(node)) return { blocker: "the number of loop iterations is data-dependent" };
    // if (x[i] > t) a.push(x[i]): a filter — the final length depends on the data
    return { blocker: "the growth is conditional, so the final length depends on the data" };
  }
  // for (i < n) { for (j < i) … }: an inner bound that an outer loop changes is no product of counts
  for (const [k, trip] of trips.entries()) {
    const bound = tripBoundNodes(trip.loop);
    for (const outer of trips.slice(0, k)) {
      if (outer.counter && bound.some((b) => mentions(b, outer.counter!))) return { blocker: "an inner loop's bound depends on an outer loop's counter" };
    }
  }
  // the bounds must not change while the loops run: nothing in the outermost loop may write them
  const outermost = trips[0]?.loop;
  if (outermost) {
    for (const trip of trips) {
      for (const b of tripBoundNodes(trip.loop)) if (!isInvariantExpression(b, outermost)) return { blocker: "the loop bound may change while the loop runs" };
    }
  }
  return { trips };
}

function tripBoundNodes(loop: Node): Node[] {
  if (Node.isForStatement(loop)) {
    const list = loop.getInitializer();
    const start = list && Node.isVariableDeclarationList(list) ? list.getDeclarations()[0]?.getInitializer() : undefined;
    const condition = loop.getCondition();
    const bound = condition && Node.isBinaryExpression(condition) ? boundSide(condition) : undefined;
    return [start, bound].filter((n): n is Expression => n !== undefined);
  }
  return [];
}

function boundSide(condition: Node): Expression | undefined {
  if (!Node.isBinaryExpression(condition)) return undefined;
  const op = condition.getOperatorToken().getKind();
  if (op === SyntaxKind.LessThanToken || op === SyntaxKind.LessThanEqualsToken) return condition.getRight();
  if (op === SyntaxKind.GreaterThanToken || op === SyntaxKind.GreaterThanEqualsToken) return condition.getLeft();
  return undefined;
}

function mentions(node: Node, id: Identifier): boolean {
  const symbol = usesOf(id)?.symbol;
  const check = (n: Node) => Node.isIdentifier(n) && usesOf(n)?.symbol === symbol;
  return check(node) || node.getDescendantsOfKind(SyntaxKind.Identifier).some(check);
}

/** `for (let i = S; i < B | i <= B; i++ | ++i | i += 1 | i = i + 1)` with `i` written only by its step. */
function forTrip(loop: Node): Trip | string {
  if (!Node.isForStatement(loop)) return "not a counted loop";
  const initializer = loop.getInitializer();
  if (!initializer || !Node.isVariableDeclarationList(initializer) || initializer.getDeclarations().length !== 1) return "the loop's trip count is not a simple counter";
  const declaration = initializer.getDeclarations()[0];
  const counter = declaration.getNameNode();
  const start = declaration.getInitializer();
  if (!Node.isIdentifier(counter) || !start) return "the loop's trip count is not a simple counter";
  const name = counter.getText();
  const condition = loop.getCondition();
  if (!condition || !Node.isBinaryExpression(condition)) return "the loop's trip count is not a simple counter";
  const op = condition.getOperatorToken().getKind();
  const left = unwrapValue(condition.getLeft());
  const right = unwrapValue(condition.getRight());
  let bound: Expression;
  let inclusive: boolean;
  if ((op === SyntaxKind.LessThanToken || op === SyntaxKind.LessThanEqualsToken) && Node.isIdentifier(left) && left.getText() === name) {
    bound = condition.getRight();
    inclusive = op === SyntaxKind.LessThanEqualsToken;
  } else if ((op === SyntaxKind.GreaterThanToken || op === SyntaxKind.GreaterThanEqualsToken) && Node.isIdentifier(right) && right.getText() === name) {
    bound = condition.getLeft();
    inclusive = op === SyntaxKind.GreaterThanEqualsToken;
  } else {
    return "the loop's trip count is not a simple counter";
  }
  if (stepOf(loop.getIncrementor(), name) !== 1) return "the loop's trip count is not a simple counter";
  const uses = usesOf(counter);
  const step = loop.getIncrementor()!;
  // for (…; i++) { i += 2 }: the counter is also written in the body
  if (!uses || uses.writes.some((w) => !isWithin(w.id, step))) return "the loop counter is also written in the body";
  const startValue = domainOf(start);
  const startsAtZero = startValue !== undefined && startValue.lo === 0 && startValue.hi === 0 && !startValue.negZero;
  const boundValue = domainOf(bound);
  const boundText = parenthesized(bound);
  // the count as written: B - S (+1 for <=); exact when B (and S) are proven integers with B ≥ S
  const plain = startsAtZero ? (inclusive ? `${boundText} + 1` : bound.getText()) : `${boundText} - ${parenthesized(start)}${inclusive ? " + 1" : ""}`;
  const integerBound = boundValue !== undefined && boundValue.int && !boundValue.nan && Number.isFinite(boundValue.lo);
  const integerStart = startValue !== undefined && startValue.int && !startValue.nan && startValue.lo === startValue.hi;
  const exact = integerBound && integerStart && boundValue!.lo - startValue!.hi + (inclusive ? 1 : 0) >= 0;
  // i < n for any number n runs max(0, ceil(n - S)) times (NaN: 0 — new T(NaN) has length 0)
  const count = exact
    ? plain
    : inclusive
      ? `Math.max(0, Math.floor(${startsAtZero ? bound.getText() : `${boundText} - ${parenthesized(start)}`}) + 1)`
      : `Math.max(0, Math.ceil(${startsAtZero ? bound.getText() : `${boundText} - ${parenthesized(start)}`}))`;
  return { loop, counter, startsAtZero, count, plain, exact };
}

function parenthesized(e: Node): string {
  const n = unwrapValue(e);
  const simple = Node.isIdentifier(n) || Node.isNumericLiteral(n) || Node.isPropertyAccessExpression(n) || Node.isCallExpression(n) || Node.isElementAccessExpression(n);
  return simple ? e.getText() : `(${e.getText()})`;
}

/**
 * A variable that keeps its value while `loop` runs: declared in this file, never written inside
 * the loop, and never written by a nested function (which a call in the loop could run).
 */
function isInvariant(id: Identifier, loop: Node): boolean {
  const uses = usesOf(id);
  const declaration = uses?.references.find((r) => r.kind === "declaration");
  if (!uses || !declaration) return false;
  const scope = enclosingScope(declaration.id);
  return uses.writes.every((w) => !isWithin(w.id, loop) && enclosingScope(w.id) === scope);
}

/** Pure `Math` functions: the same arguments give the same number. */
const PURE_MATH = new Set(["floor", "ceil", "round", "trunc", "abs", "min", "max", "sqrt", "log2", "log10", "log", "exp", "pow", "sign", "hypot", "cbrt"]);

/**
 * Does `expression` have the same value for every iteration of `loop`? Numbers, never-reassigned
 * variables, `x.length` of an invariant typed array (or of a list the loop cannot resize: it
 * calls nothing but Math), arithmetic and pure Math calls.
 */
export function isInvariantExpression(expression: Node, loop: Node): boolean {
  const n = unwrapValue(expression);
  if (Node.isNumericLiteral(n)) return true;
  if (Node.isIdentifier(n)) return isInvariant(n, loop);
  if (Node.isBinaryExpression(n)) {
    const op = n.getOperatorToken().getKind();
    if (op >= SyntaxKind.FirstAssignment && op <= SyntaxKind.LastAssignment) return false;
    return isInvariantExpression(n.getLeft(), loop) && isInvariantExpression(n.getRight(), loop);
  }
  if (Node.isPrefixUnaryExpression(n)) {
    const op = n.getOperatorToken();
    return (op === SyntaxKind.MinusToken || op === SyntaxKind.PlusToken) && isInvariantExpression(n.getOperand(), loop);
  }
  if (Node.isConditionalExpression(n)) return [n.getCondition(), n.getWhenTrue(), n.getWhenFalse()].every((e) => isInvariantExpression(e, loop));
  if (Node.isPropertyAccessExpression(n) && n.getName() === "length") {
    const owner = unwrapValue(n.getExpression());
    if (!Node.isIdentifier(owner) || !isInvariant(owner, loop)) return false;
    // a typed array this function allocated has a fixed length (only one over a resizable buffer can change)
    if (isTypedArrayName(owner.getType().getSymbol()?.getName() ?? "") && isLocalTypedArray(owner)) return true;
    // xs.length of a list, a parameter's typed array, an object: fixed while the loop calls nothing
    return callsOnlyMath(loop, owner);
  }
  if (Node.isCallExpression(n)) {
    const callee = n.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || callee.getExpression().getText() !== "Math" || !PURE_MATH.has(callee.getName())) return false;
    return n.getArguments().every((a) => isInvariantExpression(a, loop));
  }
  return false;
}

/**
 * Nothing in `loop` can change `list.length`: no calls but `Math.*` and pushes to other lists
 * we know (push/concat on a different local), no `new`, no `delete`, no writes through `list`.
 */
export function callsOnlyMath(loop: Node, list: Identifier): boolean {
  const listSymbol = usesOf(list)?.symbol;
  const sourceFile = loop.getSourceFile();
  const isList = (e: ts.Expression) => ts.isIdentifier(e) && compilerSymbolOf(sourceFile, e) === listSymbol;
  const visit = (n: ts.Node): boolean => {
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      const allowed =
        ts.isPropertyAccessExpression(callee) &&
        ts.isIdentifier(callee.expression) &&
        (callee.expression.text === "Math" ||
          // b.push(v) on another local list cannot resize `list`
          (["push", "concat"].includes(callee.name.text) && !isList(callee.expression) && isLocalList(wrap<Identifier>(sourceFile, callee.expression))));
      if (!allowed) return true;
    }
    if (ts.isNewExpression(n) || ts.isDeleteExpression(n) || ts.isTaggedTemplateExpression(n)) return true;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind >= SyntaxKind.FirstAssignment && n.operatorToken.kind <= SyntaxKind.LastAssignment) {
      let target: ts.Expression = n.left;
      while (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target) || ts.isParenthesizedExpression(target)) target = target.expression;
      if (isList(target)) return true;
    }
    return ts.forEachChild(n, visit) ?? false;
  };
  return !visit(loop.compilerNode);
}

/** `const x = new Float64Array(n)` / `Float64Array.from(…)`: a typed array over its own, fixed-size buffer. */
function isLocalTypedArray(id: Identifier): boolean {
  const declaration = usesOf(id)?.references.find((r) => r.kind === "declaration")?.id.getParent();
  const init = declaration && Node.isVariableDeclaration(declaration) ? declaration.getInitializer() : undefined;
  if (!init) return false;
  const n = unwrapValue(init);
  if (Node.isNewExpression(n)) return isTypedArrayName(n.getExpression().getText()) && n.getArguments().length <= 1;
  if (Node.isCallExpression(n)) {
    const callee = n.getExpression();
    return Node.isPropertyAccessExpression(callee) && ["from", "of"].includes(callee.getName()) && isTypedArrayName(callee.getExpression().getText());
  }
  return false;
}

/** A list declared in this file as `[]` or `[…]` (not a parameter that might alias another list). */
function isLocalList(id: Identifier): boolean {
  const uses = usesOf(id);
  const declaration = uses?.references.find((r) => r.kind === "declaration")?.id.getParent();
  if (!declaration || !Node.isVariableDeclaration(declaration)) return false;
  const init = declaration.getInitializer();
  return init !== undefined && Node.isArrayLiteralExpression(unwrapValue(init));
}


/** break / continue / return anywhere in the loop body outside nested functions. */
export function hasEarlyExit(body: Node): boolean {
  return memoized("growth.hasEarlyExit", body, () => {
    const visit = (n: ts.Node): boolean => {
      if (ts.isFunctionLike(n) || ts.isClassLike(n)) return false;
      if (ts.isBreakStatement(n) || ts.isContinueStatement(n) || ts.isReturnStatement(n)) return true;
      return ts.forEachChild(n, visit) ?? false;
    };
    return visit(body.compilerNode);
  });
}

/**
 * Names of arrays whose length is the rank of an n-d array (shape, strides, axes, dims): a handful
 * of elements, never worth a rewrite (issue 8: silence where a rewrite cannot pay).
 */
export function isRankSized(text: string): boolean {
  return /shape|stride|ndim|\brank\b|\baxes\b|\bdims?\b|dimensions/i.test(text);
}
