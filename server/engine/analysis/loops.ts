// Loop shape recognition: counting loops `for (let i = 0; i < n; i++)`, decreasing loops,
// `while (i < n) { …; i++ }`, and `for (const [i, v] of a.entries())`.
import { Node, SyntaxKind, type Expression, type Statement } from "ts-morph";
import { isEverReassigned, variableDeclarationOf } from "./scope";
import { unparen } from "./syntax";

export type LoopStatement = Node; // ForStatement | WhileStatement | ForOfStatement

export interface IndexLoop {
  loop: LoopStatement;
  kind: "for" | "while" | "for-of-entries";
  /** Name of the counter. */
  index: string;
  /** The counter is a `let` declared in the loop header (invisible after the loop). */
  indexScopedToLoop: boolean;
  /** +1: 0 → bound-1, -1: bound-1 → 0. */
  direction: 1 | -1;
  /** The exclusive upper bound: `x.length`, `n`, `8`, `rows * cols`. */
  bound: Expression;
  /** Numeric value of the bound when it is a literal. */
  literalBound?: number;
  /** Statements the body runs per iteration (a while loop's trailing increment removed). */
  body: Statement[];
  /** Other names the loop header declares (`n` in `for (let i = 0, n = x.length; …)`). */
  headerBindings: string[];
  /** For `for (const [i, v] of a.entries())`: the element name and the array. */
  entries?: { value: string; array: Expression };
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

/** `i < B` → B; `i <= B - 1` → B (as text only when it can be rebuilt: we require `<`). */
function upperBoundOf(cond: Node | undefined, index: string): Expression | undefined {
  if (!cond) return undefined;
  const n = unparen(cond);
  if (!Node.isBinaryExpression(n)) return undefined;
  const op = n.getOperatorToken().getKind();
  if (op === SyntaxKind.LessThanToken && unparen(n.getLeft()).getText() === index) return n.getRight();
  if (op === SyntaxKind.GreaterThanToken && unparen(n.getRight()).getText() === index) return n.getLeft();
  return undefined;
}

/** `i >= 0` or `i > -1` or `0 <= i`. */
function isDownToZero(cond: Node | undefined, index: string): boolean {
  if (!cond) return false;
  const n = unparen(cond);
  if (!Node.isBinaryExpression(n)) return false;
  const op = n.getOperatorToken().getKind();
  const left = unparen(n.getLeft());
  const right = unparen(n.getRight());
  if (op === SyntaxKind.GreaterThanEqualsToken && left.getText() === index && isZero(right)) return true;
  if (op === SyntaxKind.LessThanEqualsToken && right.getText() === index && isZero(left)) return true;
  if (op === SyntaxKind.GreaterThanToken && left.getText() === index && right.getText().replace(/\s/g, "") === "-1") return true;
  return false;
}

/** `B - 1` → B. */
function minusOneBase(e: Node | undefined): Expression | undefined {
  if (!e) return undefined;
  const n = unparen(e);
  if (!Node.isBinaryExpression(n) || n.getOperatorToken().getKind() !== SyntaxKind.MinusToken) return undefined;
  const r = unparen(n.getRight());
  if (!Node.isNumericLiteral(r) || Number(r.getLiteralValue()) !== 1) return undefined;
  return n.getLeft();
}

export function bodyStatements(body: Node | undefined): Statement[] | undefined {
  if (!body) return undefined;
  if (Node.isBlock(body)) return body.getStatements();
  if (Node.isEmptyStatement(body)) return [];
  return Node.isStatement(body) ? [body as Statement] : undefined;
}

function literalValue(e: Expression): number | undefined {
  const n = unparen(e);
  if (Node.isNumericLiteral(n)) return Number(n.getLiteralValue());
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

/** Recognise a counting loop over 0…bound-1 (either direction). Undefined for anything else. */
export function matchIndexLoop(stmt: Node): IndexLoop | undefined {
  if (Node.isForStatement(stmt)) {
    const init = stmt.getInitializer();
    if (!init || !Node.isVariableDeclarationList(init)) return undefined;
    // `let i = 0` or `let i = 0, n = x.length` (the extra bindings are bounds, checked later).
    const decls = init.getDeclarations();
    if (decls.length === 0 || decls.length > 2) return undefined;
    const decl = decls[0];
    const nameNode = decl.getNameNode();
    if (!Node.isIdentifier(nameNode)) return undefined;
    const index = nameNode.getText();
    const scoped = init.getDeclarationKind() === "let";
    const headerBindings = decls.slice(1).map((d) => d.getName());
    const step = stepOf(stmt.getIncrementor(), index);
    const body = bodyStatements(stmt.getStatement());
    if (!body || step === undefined) return undefined;
    if (step === 1) {
      if (!isZero(decl.getInitializer())) return undefined;
      const bound = upperBoundOf(stmt.getCondition(), index);
      if (!bound) return undefined;
      return { loop: stmt, kind: "for", index, indexScopedToLoop: scoped, direction: 1, bound, literalBound: literalValue(bound), body, headerBindings };
    }
    const bound = minusOneBase(decl.getInitializer());
    if (!bound || !isDownToZero(stmt.getCondition(), index)) return undefined;
    return { loop: stmt, kind: "for", index, indexScopedToLoop: scoped, direction: -1, bound, literalBound: literalValue(bound), body, headerBindings };
  }

  if (Node.isWhileStatement(stmt)) {
    const bound = (() => {
      const cond = unparen(stmt.getExpression());
      if (!Node.isBinaryExpression(cond)) return undefined;
      const left = unparen(cond.getLeft());
      return Node.isIdentifier(left) ? { index: left.getText(), bound: upperBoundOf(cond, left.getText()) } : undefined;
    })();
    if (!bound?.bound) return undefined;
    const all = bodyStatements(stmt.getStatement());
    if (!all || all.length < 2) return undefined;
    const last = all[all.length - 1];
    if (!Node.isExpressionStatement(last) || stepOf(last.getExpression(), bound.index) !== 1) return undefined;
    // The counter must start at 0 right before the loop: `let i = 0; while (i < n) {…}`.
    const prev = stmt.getPreviousSibling();
    if (!prev || !Node.isVariableStatement(prev)) return undefined;
    const d = prev.getDeclarations().find((v) => v.getName() === bound.index);
    if (!d || !isZero(d.getInitializer())) return undefined;
    return {
      loop: stmt,
      kind: "while",
      index: bound.index,
      indexScopedToLoop: false,
      direction: 1,
      bound: bound.bound,
      literalBound: literalValue(bound.bound),
      body: all.slice(0, -1),
      headerBindings: [],
    };
  }

  if (Node.isForOfStatement(stmt)) {
    const init = stmt.getInitializer();
    if (!Node.isVariableDeclarationList(init)) return undefined;
    const decl = init.getDeclarations()[0];
    const pattern = decl?.getNameNode();
    if (!pattern || !Node.isArrayBindingPattern(pattern)) return undefined;
    const [iEl, vEl] = pattern.getElements();
    if (!iEl || !vEl || !Node.isBindingElement(iEl) || !Node.isBindingElement(vEl)) return undefined;
    const call = unparen(stmt.getExpression());
    if (!Node.isCallExpression(call) || call.getArguments().length !== 0) return undefined;
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== "entries") return undefined;
    const body = bodyStatements(stmt.getStatement());
    if (!body) return undefined;
    const array = callee.getExpression();
    return {
      loop: stmt,
      kind: "for-of-entries",
      index: iEl.getName(),
      indexScopedToLoop: true,
      direction: 1,
      bound: array,
      body,
      headerBindings: [],
      entries: { value: vEl.getName(), array },
    };
  }
  return undefined;
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
  return loop.headerBindings.some((b) => new RegExp(`(?<![\\w$])${b}(?![\\w$])`).test(text));
}

export function isLoopStatement(n: Node): boolean {
  return Node.isForStatement(n) || Node.isWhileStatement(n) || Node.isForOfStatement(n) || Node.isDoStatement(n) || Node.isForInStatement(n);
}
