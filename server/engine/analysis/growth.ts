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
  /** The counter runs down (`for (let i = n - 1; i >= 0; i--)`): elements are appended in reverse index order. */
  descending?: boolean;
}

export interface Trips {
  trips: Trip[];
  /**
   * What the counts rest on when they are not proven (`matrix.rows` does not change while a loop that
   * calls `matrix.get` runs): findings may still be made, fixes become refactors naming them.
   */
  assumptions: string[];
  /** The growth is one branch of an `if`/`else` whose other branch appends as many values to the same list. */
  branch?: { ifStatement: Node; side: "then" | "else" };
}

export type TripsOrBlocker = Trips | { blocker: string };

export function isLoop(node: Node): boolean {
  return Node.isForStatement(node) || Node.isForOfStatement(node) || Node.isForInStatement(node) || Node.isWhileStatement(node) || Node.isDoStatement(node);
}

/**
 * The loops (outermost first) between `statement` and `container` when every one of them runs a
 * number of times known before the outermost starts and nothing skips the statement; otherwise
 * why not.
 */
export function tripsTo(statement: Node, container: Node, balancedIf?: (ifStatement: Node, side: "then" | "else") => boolean): TripsOrBlocker {
  const memo = fileMemo<ts.Node, Map<ts.Node, TripsOrBlocker>>(statement, "growth.tripsTo");
  let byContainer = memo.get(statement.compilerNode);
  if (!byContainer) memo.set(statement.compilerNode, (byContainer = new Map()));
  const known = byContainer.get(container.compilerNode);
  if (known) return known;
  const result = computeTrips(statement, container, balancedIf);
  byContainer.set(container.compilerNode, result);
  return result;
}

function computeTrips(statement: Node, container: Node, balancedIf?: (ifStatement: Node, side: "then" | "else") => boolean): TripsOrBlocker {
  // the growth runs in a callback or helper: how often it is called is not visible
  if (enclosingScope(statement) !== enclosingScope(container)) return { blocker: "the array is grown inside another function" };
  const trips: Trip[] = [];
  let branch: Trips["branch"];
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
    // if (unbiased) a.push(p) else a.push(q): one value per iteration either way
    if (Node.isIfStatement(node) && branch === undefined && balancedIf) {
      const side = node.getThenStatement() === child ? "then" : node.getElseStatement() === child ? "else" : undefined;
      if (side && balancedIf(node, side)) {
        branch = { ifStatement: node, side };
        continue;
      }
    }
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
  const assumptions: string[] = [];
  if (outermost) {
    for (const trip of trips) {
      for (const b of tripBoundNodes(trip.loop)) {
        const invariant = invariance(b, outermost);
        if (invariant === "no") return { blocker: "the loop bound may change while the loop runs" };
        if (invariant === "assumed") assumptions.push(`\`${b.getText()}\` does not change while the loop runs`);
      }
    }
  }
  return { trips, assumptions: [...new Set(assumptions)], ...(branch ? { branch } : {}) };
}

/** The start and the bound of a counted loop (the condition's side that is not the counter). */
function tripBoundNodes(loop: Node): Node[] {
  if (!Node.isForStatement(loop)) return [];
  const init = loop.getInitializer();
  let counter: Node | undefined;
  let start: Node | undefined;
  if (init && Node.isVariableDeclarationList(init)) {
    counter = init.getDeclarations()[0]?.getNameNode();
    start = init.getDeclarations()[0]?.getInitializer();
  } else if (init && Node.isBinaryExpression(init)) {
    counter = unwrapValue(init.getLeft());
    start = init.getRight();
  }
  const condition = loop.getCondition();
  let bound: Node | undefined;
  if (condition && Node.isBinaryExpression(condition) && counter) {
    const name = counter.getText();
    bound = unwrapValue(condition.getLeft()).getText() === name ? condition.getRight() : condition.getLeft();
  }
  return [start, bound].filter((n): n is Node => n !== undefined);
}

function mentions(node: Node, id: Identifier): boolean {
  const symbol = usesOf(id)?.symbol;
  const check = (n: Node) => Node.isIdentifier(n) && usesOf(n)?.symbol === symbol;
  return check(node) || node.getDescendantsOfKind(SyntaxKind.Identifier).some(check);
}

/**
 * `for (let i = S; i < B | i <= B; i++ | ++i | i += 1 | i = i + 1)` with `i` written only by its
 * header (also a counter declared before the loop, `for (i = S; …)`), or the same counting down
 * (`for (let i = S; i >= L | i > L; i--)`).
 */
function forTrip(loop: Node): Trip | string {
  if (!Node.isForStatement(loop)) return "not a counted loop";
  const initializer = loop.getInitializer();
  let counter: Node | undefined;
  let start: Node | undefined;
  if (initializer && Node.isVariableDeclarationList(initializer) && initializer.getDeclarations().length === 1) {
    counter = initializer.getDeclarations()[0].getNameNode();
    start = initializer.getDeclarations()[0].getInitializer();
  } else if (initializer && Node.isBinaryExpression(initializer) && initializer.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
    // var i; … for (i = 1; i < n; i++): a counter declared before the loop
    counter = unwrapValue(initializer.getLeft());
    start = initializer.getRight();
  }
  if (!counter || !Node.isIdentifier(counter) || !start) return "the loop's trip count is not a simple counter";
  const name = counter.getText();
  const condition = loop.getCondition();
  if (!condition || !Node.isBinaryExpression(condition)) return "the loop's trip count is not a simple counter";
  const op = condition.getOperatorToken().getKind();
  const left = unwrapValue(condition.getLeft());
  const right = unwrapValue(condition.getRight());
  const isCounter = (n: Node) => Node.isIdentifier(n) && n.getText() === name;
  // normalise to "i < B", "i <= B", "i > B", "i >= B"
  let relation: SyntaxKind;
  let bound: Expression;
  if (isCounter(left)) {
    relation = op;
    bound = condition.getRight();
  } else if (isCounter(right)) {
    const mirrored: Partial<Record<SyntaxKind, SyntaxKind>> = {
      [SyntaxKind.LessThanToken]: SyntaxKind.GreaterThanToken,
      [SyntaxKind.LessThanEqualsToken]: SyntaxKind.GreaterThanEqualsToken,
      [SyntaxKind.GreaterThanToken]: SyntaxKind.LessThanToken,
      [SyntaxKind.GreaterThanEqualsToken]: SyntaxKind.LessThanEqualsToken,
    };
    if (mirrored[op] === undefined) return "the loop's trip count is not a simple counter";
    relation = mirrored[op]!;
    bound = condition.getLeft();
  } else {
    return "the loop's trip count is not a simple counter";
  }
  const direction = stepOf(loop.getIncrementor(), name);
  const up = direction === 1 && (relation === SyntaxKind.LessThanToken || relation === SyntaxKind.LessThanEqualsToken);
  const down = direction === -1 && (relation === SyntaxKind.GreaterThanToken || relation === SyntaxKind.GreaterThanEqualsToken);
  if (!up && !down) return "the loop's trip count is not a simple counter";
  const uses = usesOf(counter);
  const header = [initializer!, loop.getIncrementor()!];
  const declaringScope = uses?.references.find((r) => r.kind === "declaration");
  // for (…; i++) { i += 2 }: the counter is also written in the body (or by a closure the body may call)
  if (
    !uses ||
    uses.writes.some((w) => isWithin(w.id, loop) && !header.some((h) => isWithin(w.id, h))) ||
    (declaringScope !== undefined && uses.writes.some((w) => enclosingScope(w.id) !== enclosingScope(declaringScope.id)))
  ) {
    return "the loop counter is also written in the body";
  }
  const inclusive = relation === SyntaxKind.LessThanEqualsToken || relation === SyntaxKind.GreaterThanEqualsToken;
  const startValue = domainOf(start);
  const boundValue = domainOf(bound);
  const startsAtZero = up && startValue !== undefined && startValue.lo === 0 && startValue.hi === 0 && !startValue.negZero;
  // up: i = S, S+1, … < B runs B - S times; down: i = S, S-1, … > L runs S - L times (+1 for <= / >=)
  const [high, low, highValue, lowValue] = up ? [bound, start, boundValue, startValue] : [start, bound, startValue, boundValue];
  const lowIsZero = lowValue !== undefined && lowValue.lo === 0 && lowValue.hi === 0;
  const difference = lowIsZero ? high.getText() : `${parenthesized(high)} - ${parenthesized(low)}`;
  // `n - 1 + 1` reads better as `n`
  const plain = inclusive ? (/ - 1$/.test(difference) ? difference.slice(0, -4) : `${difference} + 1`) : difference;
  const isInt = (d: typeof boundValue) => d !== undefined && d.int && !d.nan && Number.isFinite(d.lo);
  const exact = isInt(highValue) && isInt(lowValue) && highValue!.lo - lowValue!.hi + (inclusive ? 1 : 0) >= 0;
  // i < n for any number n runs max(0, ceil(n - S)) times (NaN: 0 — new T(NaN) has length 0)
  const count = exact ? plain : inclusive ? `Math.max(0, Math.floor(${difference}) + 1)` : `Math.max(0, Math.ceil(${difference}))`;
  return { loop, counter, startsAtZero, count, plain, exact, ...(down ? { descending: true } : {}) };
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
 * Is `expression` the same for every iteration of `loop`: "yes" (proven), "assumed" (a property read
 * such as `matrix.rows`, `this.height` or a typed array's length while the loop calls other code, which
 * could in principle change it), or "no" (the loop writes it, or it is a call or an element read).
 */
export function invariance(expression: Node, loop: Node): "yes" | "assumed" | "no" {
  if (isInvariantExpression(expression, loop)) return "yes";
  return isStableRead(expression, loop) ? "assumed" : "no";
}

/** Numbers, invariant variables, property reads of them and arithmetic — nothing the loop itself writes. */
function isStableRead(expression: Node, loop: Node): boolean {
  const n = unwrapValue(expression);
  if (Node.isNumericLiteral(n)) return true;
  if (Node.isIdentifier(n)) return isInvariant(n, loop);
  if (n.getKind() === SyntaxKind.ThisKeyword) return true;
  if (Node.isBinaryExpression(n)) {
    const op = n.getOperatorToken().getKind();
    if (op >= SyntaxKind.FirstAssignment && op <= SyntaxKind.LastAssignment) return false;
    return isStableRead(n.getLeft(), loop) && isStableRead(n.getRight(), loop);
  }
  if (Node.isPrefixUnaryExpression(n)) return [SyntaxKind.MinusToken, SyntaxKind.PlusToken].includes(n.getOperatorToken()) && isStableRead(n.getOperand(), loop);
  if (Node.isPropertyAccessExpression(n)) {
    // matrix.rows with `matrix.rows = …` (or any write through matrix) in the loop: it does change
    const root = unwrapValue(n.getExpression());
    if (!isStableRead(root, loop)) return false;
    // xs.length of a list while the loop calls other code: helpers do push to lists
    if (n.getName() === "length" && root.getType().isArray()) return false;
    const text = n.getText();
    let written = false;
    const visit = (c: ts.Node): void => {
      if (written) return;
      if (ts.isBinaryExpression(c) && c.operatorToken.kind >= SyntaxKind.FirstAssignment && c.operatorToken.kind <= SyntaxKind.LastAssignment && c.left.getText(loop.getSourceFile().compilerNode) === text) written = true;
      ts.forEachChild(c, visit);
    };
    visit(loop.compilerNode);
    return !written;
  }
  if (Node.isCallExpression(n)) {
    const callee = n.getExpression();
    return Node.isPropertyAccessExpression(callee) && callee.getExpression().getText() === "Math" && PURE_MATH.has(callee.getName()) && n.getArguments().every((a) => isStableRead(a, loop));
  }
  return false;
}

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
 * Names of arrays whose length is the rank of an n-d array (shape, strides, axes, dims) or a pixel's
 * channel count: a handful of elements, never worth a rewrite (issue 8: silence where a rewrite cannot pay).
 */
export function isRankSized(text: string): boolean {
  // channels: the 1-4 colour channels of a pixel
  return /shape|stride|ndim|\brank\b|\baxes\b|\bdims?\b|dimensions|channels/i.test(text);
}
