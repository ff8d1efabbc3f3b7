// Loop shape recognition: counting loops `for (let i = 0; i < n; i++)`, decreasing loops,
// `while (i < n) { …; i++ }`, and `for (const [i, v] of a.entries())`.
import { Node, SyntaxKind, type Expression, type Statement } from "ts-morph";
import { isEverReassigned, isWriteReference, variableDeclarationOf } from "./scope";
import { identifierPattern, unparen } from "./syntax";
import { findDescendants, isIdentifierSpelled } from "./candidates";

export type LoopStatement = Node; // ForStatement | WhileStatement | ForOfStatement

export interface IndexLoop {
  loop: LoopStatement;
  kind: "for" | "while" | "for-of-entries" | "for-of";
  /**
   * Name of the counter. A plain `for (const v of x)` has no counter: its index is a name no
   * identifier can spell, so no element access ever matches it (its elements are `entries.value`).
   */
  index: string;
  /** The counter is a `let` declared in the loop header (invisible after the loop). */
  indexScopedToLoop: boolean;
  /** +1: ascending, -1: descending. */
  direction: 1 | -1;
  /**
   * The upper end of the visited range: one past the last index (`i < n`), or the last index itself
   * when `inclusive` (`i <= to`). For for…of loops, the iterated array.
   */
  bound: Expression;
  /** `bound` is the last index visited (`i <= to`, `for (let i = to; i >= from; i--)`), not one past it. */
  inclusive: boolean;
  /**
   * The first index of the range (the lower end) when it is not the literal 0: `from` in
   * `for (let i = from; …)`, `1` in a seeded `for (let i = 1; …)`. Text, because a descending
   * loop's `i > lo` yields `lo + 1`, which is not a node of the source.
   */
  start?: string;
  /** The trip count when it is a literal (`k < 3`, `i = 1; i < 9`, a hoisted `const N = 4`). */
  literalBound?: number;
  /** Statements the body runs per iteration (a while loop's trailing increment removed). */
  body: Statement[];
  /** Other names the loop header declares (`n` in `for (let i = 0, n = x.length; …)`). */
  headerBindings: string[];
  /** For `for (const [i, v] of a.entries())` and `for (const v of a)`: the element name and the array. */
  entries?: { value: string; array: Expression };
}

/** The index of a plain for…of loop: not an identifier, so it never equals an index expression's text. */
export const NO_INDEX = "#element";

/** Does the loop visit exactly 0 … bound-1 (the shape every whole-array fix assumes)? */
export function isWholeRange(loop: IndexLoop): boolean {
  return loop.start === undefined && !loop.inclusive;
}

function isZero(e: Node | undefined): boolean {
  if (!e) return false;
  const n = unparen(e);
  return Node.isNumericLiteral(n) && Number(n.getLiteralValue()) === 0;
}

/** `i++`, `++i`, `i += 1`, `i = i + 1` (direction +1) or the decrementing forms (-1). */
export function stepOf(e: Node | undefined, index: string): 1 | -1 | undefined {
  if (!e) return undefined;
  const n = unparen(e);
  if (Node.isPostfixUnaryExpression(n) || Node.isPrefixUnaryExpression(n)) {
    if (n.getOperand().getText() !== index) return undefined;
    if (n.getOperatorToken() === SyntaxKind.PlusPlusToken) return 1;
    if (n.getOperatorToken() === SyntaxKind.MinusMinusToken) return -1;
    return undefined;
  }
  if (Node.isBinaryExpression(n) && n.getLeft().getText() === index) {
    const op = n.getOperatorToken().getKind();
    const right = unparen(n.getRight());
    const isOne = Node.isNumericLiteral(right) && Number(right.getLiteralValue()) === 1;
    if (op === SyntaxKind.PlusEqualsToken && isOne) return 1;
    if (op === SyntaxKind.MinusEqualsToken && isOne) return -1;
    if (op === SyntaxKind.EqualsToken && Node.isBinaryExpression(right) && right.getLeft().getText() === index) {
      const r = unparen(right.getRight());
      if (!Node.isNumericLiteral(r) || Number(r.getLiteralValue()) !== 1) return undefined;
      if (right.getOperatorToken().getKind() === SyntaxKind.PlusToken) return 1;
      if (right.getOperatorToken().getKind() === SyntaxKind.MinusToken) return -1;
    }
  }
  return undefined;
}

/** `i < B` / `B > i` → B exclusive; `i <= B` / `B >= i` → B inclusive. */
function upperBoundOf(cond: Node | undefined, index: string): { bound: Expression; inclusive: boolean } | undefined {
  if (!cond) return undefined;
  const n = unparen(cond);
  if (!Node.isBinaryExpression(n)) return undefined;
  const op = n.getOperatorToken().getKind();
  const left = unparen(n.getLeft()).getText();
  const right = unparen(n.getRight()).getText();
  if (op === SyntaxKind.LessThanToken && left === index) return { bound: n.getRight(), inclusive: false };
  if (op === SyntaxKind.GreaterThanToken && right === index) return { bound: n.getLeft(), inclusive: false };
  if (op === SyntaxKind.LessThanEqualsToken && left === index) return { bound: n.getRight(), inclusive: true };
  if (op === SyntaxKind.GreaterThanEqualsToken && right === index) return { bound: n.getLeft(), inclusive: true };
  return undefined;
}

/** `i >= L` / `L <= i` → L; `i > L` / `L < i` → L + 1 (as text); `i >= 0` → "0". */
function lowerLimitOf(cond: Node | undefined, index: string): string | undefined {
  if (!cond) return undefined;
  const n = unparen(cond);
  if (!Node.isBinaryExpression(n)) return undefined;
  const op = n.getOperatorToken().getKind();
  const left = unparen(n.getLeft());
  const right = unparen(n.getRight());
  if (op === SyntaxKind.GreaterThanEqualsToken && left.getText() === index) return right.getText();
  if (op === SyntaxKind.LessThanEqualsToken && right.getText() === index) return left.getText();
  if (op === SyntaxKind.GreaterThanToken && left.getText() === index) return plusOne(right);
  if (op === SyntaxKind.LessThanToken && right.getText() === index) return plusOne(left);
  return undefined;
}

/** Source text of `e + 1`, folding literals (`-1` → "0", `0` → "1"). */
export function plusOne(e: Node): string {
  const v = numericValue(e);
  if (v !== undefined) return String(v + 1);
  return `${wrapForSum(e.getText())} + 1`;
}

/** Source text of `e - 1`, folding literals; `n + 1` → "n". */
export function minusOne(e: Node): string {
  const v = numericValue(e);
  if (v !== undefined) return String(v - 1);
  const n = unparen(e);
  if (Node.isBinaryExpression(n) && n.getOperatorToken().getKind() === SyntaxKind.PlusToken && numericValue(n.getRight()) === 1) return n.getLeft().getText();
  return `${wrapForSum(e.getText())} - 1`;
}

/** Parenthesize text that would not bind as one operand of `+`/`-` (a conditional, a comparison, …). */
export function wrapForSum(text: string): string {
  return /^[\w$.[\]()]+$/.test(text) || /^[\w$.]+\s*[+*/-]\s*[\w$.]+$/.test(text) ? text : `(${text})`;
}

/** The value of a literal or a negated literal (`-1`). */
function numericValue(e: Node): number | undefined {
  const n = unparen(e);
  if (Node.isNumericLiteral(n)) return Number(n.getLiteralValue());
  if (Node.isPrefixUnaryExpression(n) && n.getOperatorToken() === SyntaxKind.MinusToken) {
    const inner = unparen(n.getOperand());
    if (Node.isNumericLiteral(inner)) return -Number(inner.getLiteralValue());
  }
  return undefined;
}

/** `B - 1` → B. */
function minusOneBase(e: Node | undefined): Expression | undefined {
  if (!e) return undefined;
  const n = unparen(e);
  if (!Node.isBinaryExpression(n) || n.getOperatorToken().getKind() !== SyntaxKind.MinusToken) return undefined;
  const r = unparen(n.getRight());
  if (!Node.isNumericLiteral(r) || Number(r.getLiteralValue()) !== 1) return undefined;
  return n.getLeft() as Expression;
}

export function bodyStatements(body: Node | undefined): Statement[] | undefined {
  if (!body) return undefined;
  if (Node.isBlock(body)) return body.getStatements();
  if (Node.isEmptyStatement(body)) return [];
  return Node.isStatement(body) ? [body as Statement] : undefined;
}

function literalValue(e: Node | undefined): number | undefined {
  if (!e) return undefined;
  const n = unparen(e);
  const v = numericValue(n);
  if (v !== undefined) return v;
  // a hoisted `const N = 3`
  if (Node.isIdentifier(n)) {
    const decl = variableDeclarationOf(n);
    const init = decl?.getInitializer();
    if (decl && init && Node.isNumericLiteral(init) && decl.getVariableStatement()?.getDeclarationKind() === "const") {
      return Number(init.getLiteralValue());
    }
  }
  return undefined;
}

/** The literal trip count of [start, bound) (or [start, bound] when inclusive), when both ends are literals. */
function literalTripCount(start: string | undefined, bound: Expression, inclusive: boolean): number | undefined {
  const hi = literalValue(bound);
  if (hi === undefined) return undefined;
  const lo = start === undefined ? 0 : /^-?\d+(\.\d+)?$/.test(start) ? Number(start) : undefined;
  if (lo === undefined) return undefined;
  return Math.max(0, hi - lo + (inclusive ? 1 : 0));
}

/** The start text of a range, undefined for the literal 0. */
function startText(e: Node): string | undefined {
  return isZero(e) ? undefined : unparen(e).getText();
}

function indexLoop(fields: Omit<IndexLoop, "literalBound">): IndexLoop {
  return { ...fields, literalBound: literalTripCount(fields.start, fields.bound, fields.inclusive) };
}

/**
 * Recognise a counting loop over a contiguous index range (either direction): `for` loops from any
 * start to `< B` / `<= B` (or down to `>= L`), a counter declared before the loop (`i = from` in the
 * header, or `let i = 0; while (i < n) { …; i++ }`), the jStat idioms `while (--i >= 0)`,
 * `while (i--)` and `while (++i < n)`, and for…of over an array or its `entries()`. Undefined for
 * anything else (steps other than 1, bounds that are not comparisons of the counter, do-while).
 */
export function matchIndexLoop(stmt: Node): IndexLoop | undefined {
  if (Node.isForStatement(stmt)) return matchFor(stmt);
  if (Node.isWhileStatement(stmt)) return matchWhile(stmt);
  if (Node.isForOfStatement(stmt)) return matchForOf(stmt);
  return undefined;
}

function matchFor(stmt: Node): IndexLoop | undefined {
  if (!Node.isForStatement(stmt)) return undefined;
  const init = stmt.getInitializer();
  const body = bodyStatements(stmt.getStatement());
  if (!init || !body) return undefined;
  let index: string;
  let first: Expression | undefined;
  let scoped = false;
  let headerBindings: string[] = [];
  if (Node.isVariableDeclarationList(init)) {
    // `let i = 0` or `let i = 0, n = x.length` (the extra bindings are bounds, checked later).
    const decls = init.getDeclarations();
    if (decls.length === 0 || decls.length > 2) return undefined;
    const nameNode = decls[0].getNameNode();
    if (!Node.isIdentifier(nameNode)) return undefined;
    index = nameNode.getText();
    first = decls[0].getInitializer();
    scoped = init.getDeclarationKind() === "let" || init.getDeclarationKind() === "const";
    headerBindings = decls.slice(1).map((d) => d.getName());
  } else {
    // `for (i = from; i <= to; i++)` with `i` declared before the loop.
    const e = unparen(init);
    if (!Node.isBinaryExpression(e) || e.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) return undefined;
    const left = unparen(e.getLeft());
    if (!Node.isIdentifier(left)) return undefined;
    index = left.getText();
    first = e.getRight();
  }
  if (!first) return undefined;
  const step = stepOf(stmt.getIncrementor(), index);
  if (step === undefined) return undefined;
  // The counter must move only in the header: `i += 2` in the body skips elements.
  if (writesName(body, index)) return undefined;
  const base = { loop: stmt, kind: "for" as const, index, indexScopedToLoop: scoped, body, headerBindings };
  if (step === 1) {
    const upper = upperBoundOf(stmt.getCondition(), index);
    if (!upper) return undefined;
    return indexLoop({ ...base, direction: 1, bound: upper.bound, inclusive: upper.inclusive, start: startText(first) });
  }
  const lower = lowerLimitOf(stmt.getCondition(), index);
  if (lower === undefined) return undefined;
  // for (let i = n - 1; i >= 0; i--): the whole range 0 … n-1, downwards.
  const exclusive = minusOneBase(first);
  const start = lower === "0" ? undefined : lower;
  if (exclusive) return indexLoop({ ...base, direction: -1, bound: exclusive, inclusive: false, start });
  return indexLoop({ ...base, direction: -1, bound: first, inclusive: true, start });
}

function matchWhile(stmt: Node): IndexLoop | undefined {
  if (!Node.isWhileStatement(stmt)) return undefined;
  const all = bodyStatements(stmt.getStatement());
  if (!all) return undefined;
  const cond = unparen(stmt.getExpression());
  const base = { loop: stmt, kind: "while" as const, indexScopedToLoop: false, headerBindings: [] };

  // while (--i >= 0) / while (i-- > 0) / while (i--): i from its start - 1 down to 0.
  const down = descendingWhile(cond);
  if (down) {
    if (writesName(all, down.index)) return undefined;
    const init = initialValueBefore(stmt, down.index);
    if (!init) return undefined;
    return indexLoop({ ...base, index: down.index, direction: -1, bound: init, inclusive: false, body: all, start: down.low === "0" ? undefined : down.low });
  }
  // while (++i < n): i from its start + 1 up to n - 1.
  if (Node.isBinaryExpression(cond) && Node.isPrefixUnaryExpression(unparen(cond.getLeft()))) {
    const pre = unparen(cond.getLeft());
    if (Node.isPrefixUnaryExpression(pre) && pre.getOperatorToken() === SyntaxKind.PlusPlusToken && Node.isIdentifier(unparen(pre.getOperand()))) {
      const index = unparen(pre.getOperand()).getText();
      const op = cond.getOperatorToken().getKind();
      if (op !== SyntaxKind.LessThanToken && op !== SyntaxKind.LessThanEqualsToken) return undefined;
      if (writesName(all, index)) return undefined;
      const init = initialValueBefore(stmt, index);
      if (!init) return undefined;
      return indexLoop({ ...base, index, direction: 1, bound: cond.getRight(), inclusive: op === SyntaxKind.LessThanEqualsToken, body: all, start: plusOne(init) });
    }
  }
  // let i = s; while (i < n) { …; i++ }
  const index = Node.isBinaryExpression(cond) ? unparen(cond.getLeft()) : undefined;
  if (!index || !Node.isIdentifier(index)) return undefined;
  const upper = upperBoundOf(cond, index.getText());
  if (!upper || all.length < 2) return undefined;
  const last = all[all.length - 1];
  if (!Node.isExpressionStatement(last) || stepOf(last.getExpression(), index.getText()) !== 1) return undefined;
  const body = all.slice(0, -1);
  // a `continue` would skip the increment; another write would skip elements
  if (writesName(body, index.getText()) || body.some((s) => s.getDescendantsOfKind(SyntaxKind.ContinueStatement).length > 0)) return undefined;
  const init = initialValueBefore(stmt, index.getText());
  if (!init) return undefined;
  return indexLoop({ ...base, index: index.getText(), direction: 1, bound: upper.bound, inclusive: upper.inclusive, body, start: startText(init) });
}

/** `--i >= 0`, `i-- > 0`, `i--`: the counter and the lowest index visited (as text). */
function descendingWhile(cond: Node): { index: string; low: string } | undefined {
  if (Node.isPostfixUnaryExpression(cond) && cond.getOperatorToken() === SyntaxKind.MinusMinusToken && Node.isIdentifier(unparen(cond.getOperand()))) {
    return { index: unparen(cond.getOperand()).getText(), low: "0" }; // while (i--): visits i-1 … 0
  }
  if (!Node.isBinaryExpression(cond)) return undefined;
  const left = unparen(cond.getLeft());
  const op = cond.getOperatorToken().getKind();
  if (Node.isPrefixUnaryExpression(left) && left.getOperatorToken() === SyntaxKind.MinusMinusToken && Node.isIdentifier(unparen(left.getOperand()))) {
    // while (--i >= L): visits start-1 … L
    if (op === SyntaxKind.GreaterThanEqualsToken) return { index: unparen(left.getOperand()).getText(), low: unparen(cond.getRight()).getText() };
    if (op === SyntaxKind.GreaterThanToken) return { index: unparen(left.getOperand()).getText(), low: plusOne(cond.getRight()) };
  }
  if (Node.isPostfixUnaryExpression(left) && left.getOperatorToken() === SyntaxKind.MinusMinusToken && Node.isIdentifier(unparen(left.getOperand()))) {
    // while (i-- > L): visits start-1 … L
    if (op === SyntaxKind.GreaterThanToken) return { index: unparen(left.getOperand()).getText(), low: unparen(cond.getRight()).getText() };
  }
  return undefined;
}

/**
 * The value the counter holds when the loop starts: the closest preceding statement of the same
 * block that writes it must be `let i = s`, `var i = s` or `i = s;`, and no statement in between
 * may mention it.
 */
function initialValueBefore(stmt: Node, index: string): Expression | undefined {
  const mentions = new RegExp(`(?<![\\w$.])${index.replace(/\$/g, "\\$")}(?![\\w$])`);
  for (let prev = stmt.getPreviousSibling(); prev; prev = prev.getPreviousSibling()) {
    if (Node.isVariableStatement(prev)) {
      const d = prev.getDeclarations().find((v) => v.getName() === index);
      if (d) return d.getInitializer();
    }
    if (Node.isExpressionStatement(prev)) {
      const e = unparen(prev.getExpression());
      if (Node.isBinaryExpression(e) && e.getOperatorToken().getKind() === SyntaxKind.EqualsToken && unparen(e.getLeft()).getText() === index) return e.getRight();
    }
    if (mentions.test(prev.getText())) return undefined;
  }
  return undefined;
}

/** Does any statement assign the name (`i = …`, `i += …`, `i++`)? */
function writesName(statements: Node[], name: string): boolean {
  if (statements.length === 0) return false;
  const sourceFile = statements[0].getSourceFile().compilerNode;
  return statements.some((s) => findDescendants(s, (d) => isIdentifierSpelled(d, name, sourceFile)).some(isWriteReference));
}

function matchForOf(stmt: Node): IndexLoop | undefined {
  if (!Node.isForOfStatement(stmt) || stmt.isAwaited()) return undefined;
  const init = stmt.getInitializer();
  if (!Node.isVariableDeclarationList(init)) return undefined;
  const decl = init.getDeclarations()[0];
  const pattern = decl?.getNameNode();
  const body = bodyStatements(stmt.getStatement());
  if (!pattern || !body) return undefined;
  // for (const v of x): the element itself, no counter.
  if (Node.isIdentifier(pattern)) {
    const array = stmt.getExpression();
    if (writesName(body, pattern.getText())) return undefined;
    return { loop: stmt, kind: "for-of", index: NO_INDEX, indexScopedToLoop: true, direction: 1, bound: array, inclusive: false, body, headerBindings: [], entries: { value: pattern.getText(), array } };
  }
  if (!Node.isArrayBindingPattern(pattern)) return undefined;
  const [iEl, vEl] = pattern.getElements();
  if (!iEl || !vEl || !Node.isBindingElement(iEl) || !Node.isBindingElement(vEl)) return undefined;
  const call = unparen(stmt.getExpression());
  if (!Node.isCallExpression(call) || call.getArguments().length !== 0) return undefined;
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== "entries") return undefined;
  const array = callee.getExpression();
  return {
    loop: stmt,
    kind: "for-of-entries",
    index: iEl.getName(),
    indexScopedToLoop: true,
    direction: 1,
    bound: array,
    inclusive: false,
    body,
    headerBindings: [],
    entries: { value: vEl.getName(), array },
  };
}

/** The visited range as source text: elements `from` … `last` (`end` = one past it, for views `x.subarray(from, end)`). */
export function rangeTexts(loop: IndexLoop): { from: string; end: string; last: string } {
  const from = loop.start ?? "0";
  const end = loop.inclusive ? plusOne(loop.bound) : loop.bound.getText();
  const last = loop.inclusive ? loop.bound.getText() : minusOne(loop.bound);
  return { from, end, last };
}

/** `base + offset` as source text (offsets are whitespace-free: `off`, `-1`, `r*w`); `0 + off` is `off`. */
export function shifted(base: string, offset: string): string {
  if (offset === "") return base;
  if (base === "0") return offset.startsWith("-") ? `-${offset.slice(1)}` : offset;
  return offset.startsWith("-") ? `${wrapForSum(base)} - ${offset.slice(1)}` : `${wrapForSum(base)} + ${offset}`;
}

/** The range starts at a literal non-negative integer (`1` of a seeded loop): a view from there is exact whenever the loop runs. */
export function startsAtLiteral(loop: IndexLoop): boolean {
  return loop.start === undefined || /^\d+$/.test(loop.start);
}

/** `x.length` → x (the expression whose length bounds the loop), else undefined. */
export function lengthOperand(e: Node): Expression | undefined {
  const n = unparen(e);
  if (Node.isPropertyAccessExpression(n) && n.getName() === "length") return n.getExpression();
  return undefined;
}

/**
 * The array whose length the bound provably equals: `x.length`, or a `const n = x.length`
 * hoisted before the loop (x itself never reassigned is checked by the caller).
 */
export function boundArray(loop: IndexLoop): Expression | undefined {
  if (loop.entries) return loop.entries.array;
  const direct = lengthOperand(loop.bound);
  if (direct) return direct;
  const n = unparen(loop.bound);
  if (Node.isIdentifier(n)) {
    const decl = variableDeclarationOf(n);
    const init = decl?.getInitializer();
    if (decl && init && isConstLike(n)) return lengthOperand(init);
  }
  return undefined;
}

/** A `const`, or a `let` that is never reassigned (`for (let i = 0, n = x.length; …)`). */
export function isConstLike(id: Node): boolean {
  const decl = variableDeclarationOf(id);
  if (!decl) return false;
  const list = decl.getParent();
  if (Node.isVariableDeclarationList(list) && list.getDeclarationKind() === "const") return true;
  return !isEverReassigned(id);
}

/** Does `text` mention a name the loop header declares (gone once the loop is replaced)? */
export function mentionsHeaderBinding(loop: IndexLoop, text: string): boolean {
  return loop.headerBindings.some((b) => identifierPattern(b).test(text));
}

export function isLoopStatement(n: Node): boolean {
  return Node.isForStatement(n) || Node.isWhileStatement(n) || Node.isForOfStatement(n) || Node.isDoStatement(n) || Node.isForInStatement(n);
}
