// Is a loop body element-wise? Every array access at the loop's element index, values built
// from those elements, loop-invariant number scalars, the index itself and pure Math functions;
// no calls to user code, no early exit, no state carried from one iteration to the next.
// Used by elementwise-loop (the writes) and manual-reduction (the accumulated expression).
import { Node, SyntaxKind, type BinaryExpression, type Expression, type Identifier, type Statement } from "ts-morph";
import { arrayKindOf, isNumberNode, type ArrayKind } from "./types";
import { declarationOf, isAssignedWithin, isWithin, symbolOf } from "./scope";
import type { IndexLoop } from "./loops";
import { unparen } from "./syntax";

/** Math functions without side effects whose result depends only on their arguments. */
export const PURE_MATH = new Set([
  "abs", "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "cbrt", "ceil", "cos", "cosh", "exp", "expm1",
  "floor", "fround", "hypot", "log", "log10", "log1p", "log2", "max", "min", "pow", "round", "sign", "sin", "sinh",
  "sqrt", "tan", "tanh", "trunc",
]);

/** How an element index is written: `i`, `[i][j]` on number[][], or `i * w + j` on flat grids. */
export interface IndexPattern {
  /** Index variables, outermost first (one for 1-D loops, two for nests). */
  indices: string[];
  /** Row width for flat row-major access `i * w + j` (text), when the nest is flat. */
  flatWidth?: string;
}

export interface ArrayUse {
  name: string;
  node: Identifier;
  kind: ArrayKind;
}

export interface ElementWrite {
  statement: Statement;
  array: ArrayUse;
  /** The assignment operator: "=", "+=", … */
  operator: string;
  value: Expression;
}

/** `s += e`, `p *= e`, `if (e > m) m = e`, `m = Math.max(m, e)`: one update of an outer accumulator. */
export interface Accumulation {
  statement: Statement;
  name: string;
  /** The accumulator's identifier in the update. */
  node: Identifier;
  kind: "sum" | "difference" | "product" | "max-if" | "min-if" | "max-call" | "min-call";
  /** The per-element value folded in. */
  value: Expression;
  /** Runs under an `if` of the body (a masked reduction). */
  conditional: boolean;
}

export interface ElementwiseBody {
  writes: ElementWrite[];
  /** Accumulator updates (only collected with BodyOptions.accumulators). */
  accumulations: Accumulation[];
  /** Arrays read at the element index (including the written ones when read back). */
  reads: Map<string, ArrayUse>;
  /** Loop-invariant number scalars (identifiers and property reads such as `this.k`). */
  scalars: Map<string, Node>;
  /** `const t = …` temporaries declared in the body. */
  temporaries: Set<string>;
  /** Some statement runs under an `if` or the value uses `?:`, comparisons or `&&`/`||`. */
  conditional: boolean;
  /** The index value itself appears in a value (`y[i] = i * dx`). */
  usesIndexValue: boolean;
  /** Math functions called. */
  mathCalls: Set<string>;
}

export type Verdict<T> = { ok: true; value: T } | { ok: false; blocker: string; node: Node };

class Blocked extends Error {
  constructor(
    readonly blocker: string,
    readonly node: Node,
  ) {
    super(blocker);
  }
}

/** Does `arg` spell the element index of the pattern? */
function isIndexExpression(arg: Node, pattern: IndexPattern, entriesIndex?: string): boolean {
  const n = unparen(arg);
  const text = n.getText().replace(/\s+/g, "");
  if (pattern.indices.length === 1) return text === pattern.indices[0] || text === entriesIndex;
  if (pattern.flatWidth === undefined) return false;
  const [i, j] = pattern.indices;
  const w = pattern.flatWidth.replace(/\s+/g, "");
  return [`${i}*${w}+${j}`, `${w}*${i}+${j}`, `${j}+${i}*${w}`, `${j}+${w}*${i}`].includes(text);
}

/** `A[idx]` (1-D / flat) or `A[i][j]` (number[][]) at the element index: returns A. */
function elementArray(n: Node, pattern: IndexPattern): Identifier | undefined {
  if (!Node.isElementAccessExpression(n)) return undefined;
  const arg = n.getArgumentExpression();
  if (!arg) return undefined;
  const base = unparen(n.getExpression());
  if (pattern.indices.length === 2 && pattern.flatWidth === undefined) {
    if (!Node.isElementAccessExpression(base)) return undefined;
    const rowArg = base.getArgumentExpression();
    const arr = unparen(base.getExpression());
    if (!rowArg || !Node.isIdentifier(arr)) return undefined;
    if (unparen(rowArg).getText() !== pattern.indices[0] || unparen(arg).getText() !== pattern.indices[1]) return undefined;
    return arr;
  }
  if (!Node.isIdentifier(base) || !isIndexExpression(arg, pattern)) return undefined;
  return base;
}

/** The array identifier under an element access (at any index), for blocker messages. */
function accessedArrayName(n: Node): string | undefined {
  let cur = n;
  while (Node.isElementAccessExpression(cur)) cur = unparen(cur.getExpression());
  return Node.isIdentifier(cur) ? cur.getText() : undefined;
}

export interface BodyOptions {
  /** The loops of the nest, outermost first: identifiers declared by them are indices, not scalars. */
  loops: IndexLoop[];
  pattern: IndexPattern;
  /** Collect accumulator updates instead of treating them as blockers (manual-reduction). */
  accumulators?: boolean;
}

/**
 * Check that `statements` (the innermost loop body) are element-wise. Returns what they read and
 * write, or the first blocker (the counter-example it ran into) and where.
 */
export function analyzeElementwiseBody(statements: Statement[], opts: BodyOptions): Verdict<ElementwiseBody> {
  const outer = opts.loops[0].loop;
  const entries = opts.loops[opts.loops.length - 1].entries;
  const body: ElementwiseBody = {
    writes: [],
    accumulations: [],
    reads: new Map(),
    scalars: new Map(),
    temporaries: new Set(),
    conditional: false,
    usesIndexValue: false,
    mathCalls: new Set(),
  };
  const indexNames = new Set(opts.pattern.indices);

  const arrayUse = (id: Identifier): ArrayUse => {
    const kind = arrayKindOf(id);
    // ps[i].x: an array of objects (or strings) has no numeric buffer to hand to the runtime.
    if (!kind) throw new Blocked(`\`${id.getText()}\` is not a numeric array`, id);
    return { name: id.getText(), node: id, kind };
  };

  const checkValue = (e: Node): void => {
    const n = unparen(e);
    if (Node.isNumericLiteral(n)) return;
    if (Node.isIdentifier(n)) return checkIdentifier(n);
    if (Node.isElementAccessExpression(n)) {
      const arr = elementArray(n, opts.pattern);
      if (!arr) {
        const name = accessedArrayName(n) ?? n.getExpression().getText();
        // y[i] = y[i-1] + x[i] or x[idx[i]]: the element depends on other iterations or on data.
        throw new Blocked(`reads \`${n.getText()}\`, not \`${name}\` at the loop index: not element-wise`, n);
      }
      const use = arrayUse(arr);
      if (!body.reads.has(use.name)) body.reads.set(use.name, use);
      return;
    }
    if (Node.isPropertyAccessExpression(n)) {
      const obj = unparen(n.getExpression());
      if (obj.getText() === "Math" || n.getText().startsWith("Number.")) return; // Math.PI, Number.EPSILON
      if (n.getName() === "length" && Node.isIdentifier(obj) && arrayKindOf(obj)) return checkInvariant(obj, n);
      if ((Node.isIdentifier(obj) || Node.isThisExpression(obj)) && isNumberNode(n)) return checkInvariant(n, n);
      throw new Blocked(`reads \`${n.getText()}\`, which is not a number array element or a number`, n);
    }
    if (Node.isBinaryExpression(n)) {
      const op = n.getOperatorToken().getKind();
      if (op >= SyntaxKind.FirstAssignment && op <= SyntaxKind.LastAssignment) {
        throw new Blocked("assignment inside an expression", n);
      }
      if (
        op === SyntaxKind.LessThanToken || op === SyntaxKind.GreaterThanToken || op === SyntaxKind.LessThanEqualsToken ||
        op === SyntaxKind.GreaterThanEqualsToken || op === SyntaxKind.EqualsEqualsEqualsToken ||
        op === SyntaxKind.ExclamationEqualsEqualsToken || op === SyntaxKind.AmpersandAmpersandToken ||
        op === SyntaxKind.BarBarToken
      ) {
        body.conditional = true;
      } else if (
        op !== SyntaxKind.PlusToken && op !== SyntaxKind.MinusToken && op !== SyntaxKind.AsteriskToken &&
        op !== SyntaxKind.SlashToken && op !== SyntaxKind.AsteriskAsteriskToken && op !== SyntaxKind.PercentToken
      ) {
        throw new Blocked(`operator \`${n.getOperatorToken().getText()}\` is not element-wise arithmetic`, n);
      }
      checkValue(n.getLeft());
      checkValue(n.getRight());
      return;
    }
    if (Node.isPrefixUnaryExpression(n)) {
      const op = n.getOperatorToken();
      if (op === SyntaxKind.PlusPlusToken || op === SyntaxKind.MinusMinusToken) throw new Blocked("increment inside an expression", n);
      if (op === SyntaxKind.ExclamationToken) body.conditional = true;
      else if (op !== SyntaxKind.MinusToken && op !== SyntaxKind.PlusToken) throw new Blocked(`operator \`${n.getText()}\` is not element-wise arithmetic`, n);
      return checkValue(n.getOperand());
    }
    if (Node.isConditionalExpression(n)) {
      body.conditional = true;
      checkValue(n.getCondition());
      checkValue(n.getWhenTrue());
      checkValue(n.getWhenFalse());
      return;
    }
    if (Node.isCallExpression(n)) {
      const callee = n.getExpression();
      if (Node.isPropertyAccessExpression(callee) && callee.getExpression().getText() === "Math" && PURE_MATH.has(callee.getName())) {
        body.mathCalls.add(callee.getName());
        for (const a of n.getArguments()) checkValue(a);
        return;
      }
      // row[i] = mandelPoint(x, y) or console.log(…): user code may have side effects or carry state.
      throw new Blocked(`calls \`${callee.getText()}\`, which may have side effects`, n);
    }
    if (Node.isAsExpression(n) || Node.isNonNullExpression(n)) return checkValue(n.getExpression());
    throw new Blocked(`\`${n.getText()}\` is not element-wise arithmetic`, n);
  };

  const checkIdentifier = (id: Identifier): void => {
    const name = id.getText();
    if (name === "Infinity" || name === "NaN" || name === "undefined") return;
    if (indexNames.has(name)) {
      body.usesIndexValue = true;
      return;
    }
    if (body.temporaries.has(name)) return;
    if (entries && name === entries.value) {
      const arr = unparen(entries.array);
      if (!Node.isIdentifier(arr)) throw new Blocked("iterates an expression, not a named array", entries.array);
      const use = arrayUse(arr);
      if (!body.reads.has(use.name)) body.reads.set(use.name, use);
      return;
    }
    const decl = declarationOf(id);
    if (decl && isWithin(decl, outer)) {
      // A variable of an enclosing loop level that is not a temporary of this body.
      throw new Blocked(`uses \`${name}\`, declared inside the loop but outside its body`, id);
    }
    if (arrayKindOf(id)) throw new Blocked(`uses the whole array \`${name}\` inside the loop`, id);
    if (!isNumberNode(id)) throw new Blocked(`\`${name}\` is not a number`, id);
    checkInvariant(id, id);
  };

  const checkInvariant = (target: Node, at: Node): void => {
    const root = Node.isPropertyAccessExpression(target) ? unparen(target.getExpression()) : target;
    if (Node.isIdentifier(root) && isAssignedWithin(root, outer)) {
      // running += x[i]; out[i] = running: the value is carried from iteration to iteration.
      throw new Blocked(`\`${root.getText()}\` changes inside the loop: a loop-carried dependency`, at);
    }
    if (Node.isPropertyAccessExpression(target)) {
      const text = target.getText();
      let written = false;
      outer.forEachDescendant((d) => {
        if (Node.isPropertyAccessExpression(d) && d.getText() === text) {
          const p = d.getParent();
          if (p && Node.isBinaryExpression(p) && p.getLeft() === d && p.getOperatorToken().getKind() >= SyntaxKind.FirstAssignment && p.getOperatorToken().getKind() <= SyntaxKind.LastAssignment) written = true;
        }
      });
      if (written) throw new Blocked(`\`${text}\` changes inside the loop: a loop-carried dependency`, at);
    }
    const key = target.getText();
    if (!body.scalars.has(key) && !(Node.isPropertyAccessExpression(target) && target.getName() === "length")) body.scalars.set(key, target);
  };

  const checkStatement = (s: Node, underIf: boolean): void => {
    if (Node.isBlock(s)) {
      for (const inner of s.getStatements()) checkStatement(inner, underIf);
      return;
    }
    if (Node.isEmptyStatement(s)) return;
    if (Node.isVariableStatement(s)) {
      for (const d of s.getDeclarations()) {
        const nameNode = d.getNameNode();
        const init = d.getInitializer();
        if (!Node.isIdentifier(nameNode) || !init) throw new Blocked("declaration without a plain initializer", d);
        checkValue(init);
        body.temporaries.add(nameNode.getText());
      }
      return;
    }
    if (opts.accumulators) {
      const acc = matchAccumulation(s, body.temporaries);
      if (acc) {
        if (indexNames.has(acc.name)) throw new Blocked(`changes the loop counter \`${acc.name}\``, acc.node);
        const decl = declarationOf(acc.node);
        // The accumulator must live outside the loop nest (and be a number) to be a reduction.
        if (!decl || isWithin(decl, outer)) throw new Blocked(`\`${acc.name}\` is not declared before the loop`, acc.node);
        if (!isNumberNode(acc.node)) throw new Blocked(`\`${acc.name}\` is not a number`, acc.node);
        checkValue(acc.value);
        body.accumulations.push({ ...acc, conditional: underIf });
        return;
      }
    }
    if (Node.isExpressionStatement(s)) {
      const e = unparen(s.getExpression());
      if (Node.isBinaryExpression(e)) {
        const op = e.getOperatorToken();
        const kind = op.getKind();
        if (kind >= SyntaxKind.FirstAssignment && kind <= SyntaxKind.LastAssignment) {
          const left = unparen(e.getLeft());
          const arr = elementArray(left, opts.pattern);
          if (arr) {
            if (kind !== SyntaxKind.EqualsToken && !["+=", "-=", "*=", "/=", "**="].includes(op.getText())) {
              throw new Blocked(`operator \`${op.getText()}\` is not element-wise arithmetic`, op);
            }
            if (underIf) body.conditional = true;
            if (kind !== SyntaxKind.EqualsToken) {
              const use = arrayUse(arr);
              if (!body.reads.has(use.name)) body.reads.set(use.name, use);
            }
            checkValue(e.getRight());
            body.writes.push({ statement: s as Statement, array: arrayUse(arr), operator: op.getText(), value: e.getRight() });
            return;
          }
          if (Node.isIdentifier(left) && body.temporaries.has(left.getText())) {
            checkValue(e.getRight());
            return;
          }
          if (Node.isElementAccessExpression(left)) {
            // x[i+1] = x[i] * 2: the write lands where a later iteration reads.
            throw new Blocked(`writes \`${left.getText()}\`, not at the loop index: a loop-carried dependency`, left);
          }
          if (Node.isIdentifier(left)) {
            // s += x[i]: accumulating into an outer variable is a reduction, not a map.
            throw new Blocked(`assigns \`${left.getText()}\` declared outside the loop (an accumulator)`, left);
          }
          throw new Blocked(`writes \`${left.getText()}\`, not a numeric array element`, left);
        }
      }
      if (Node.isCallExpression(e)) throw new Blocked(`calls \`${e.getExpression().getText()}\`, which may have side effects`, e);
      throw new Blocked(`\`${s.getText().slice(0, 40)}\` is not an element-wise assignment`, s);
    }
    if (Node.isIfStatement(s)) {
      body.conditional = true;
      checkValue(s.getExpression());
      checkStatement(s.getThenStatement(), true);
      const otherwise = s.getElseStatement();
      if (otherwise) checkStatement(otherwise, true);
      return;
    }
    if (Node.isBreakStatement(s) || Node.isContinueStatement(s) || Node.isReturnStatement(s) || Node.isThrowStatement(s)) {
      // if (x[i] < 0) break: how many elements are processed depends on the data.
      throw new Blocked(`early exit (\`${s.getText().split(/[\s;]/)[0]}\`)`, s);
    }
    if (Node.isForStatement(s) || Node.isWhileStatement(s) || Node.isDoStatement(s) || Node.isForOfStatement(s) || Node.isForInStatement(s)) {
      throw new Blocked("contains another loop", s);
    }
    throw new Blocked(`\`${s.getKindName()}\` is not an element-wise statement`, s);
  };

  try {
    for (const s of statements) checkStatement(s, false);
  } catch (err) {
    if (err instanceof Blocked) return { ok: false, blocker: err.blocker, node: err.node };
    throw err;
  }
  // A write to the loop counter itself would have been caught as an outer assignment.
  return { ok: true, value: body };
}

const SAME = (a: Node, b: Node) => unparen(a).getText().replace(/\s+/g, "") === unparen(b).getText().replace(/\s+/g, "");

function isAssignment(n: Node): n is BinaryExpression {
  if (!Node.isBinaryExpression(n)) return false;
  const k = n.getOperatorToken().getKind();
  return k >= SyntaxKind.FirstAssignment && k <= SyntaxKind.LastAssignment;
}

/** Recognise one accumulator update statement (the accumulator is a plain outer identifier). */
export function matchAccumulation(s: Node, temporaries: Set<string>): Omit<Accumulation, "conditional"> | undefined {
  const isAcc = (n: Node): n is Identifier => Node.isIdentifier(n) && !temporaries.has(n.getText());
  // if (e > m) m = e;   if (m < e) m = e;   (and the min forms)
  if (Node.isIfStatement(s) && !s.getElseStatement()) {
    let then: Node = s.getThenStatement();
    if (Node.isBlock(then)) {
      const inner = then.getStatements();
      if (inner.length !== 1) return undefined;
      then = inner[0];
    }
    if (!Node.isExpressionStatement(then)) return undefined;
    const assign = unparen(then.getExpression());
    if (!isAssignment(assign) || assign.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) return undefined;
    const target = unparen(assign.getLeft());
    if (!isAcc(target)) return undefined;
    const cond = unparen(s.getExpression());
    if (!Node.isBinaryExpression(cond)) return undefined;
    const op = cond.getOperatorToken().getKind();
    const l = cond.getLeft();
    const r = cond.getRight();
    const v = assign.getRight();
    const name = target.getText();
    let kind: "max-if" | "min-if" | undefined;
    if (SAME(l, v) && SAME(r, target)) kind = op === SyntaxKind.GreaterThanToken ? "max-if" : op === SyntaxKind.LessThanToken ? "min-if" : undefined;
    else if (SAME(r, v) && SAME(l, target)) kind = op === SyntaxKind.LessThanToken ? "max-if" : op === SyntaxKind.GreaterThanToken ? "min-if" : undefined;
    if (!kind) return undefined;
    return { statement: s as Statement, name, node: target, kind, value: v };
  }
  if (!Node.isExpressionStatement(s)) return undefined;
  const e = unparen(s.getExpression());
  if (!isAssignment(e)) return undefined;
  const target = unparen(e.getLeft());
  if (!isAcc(target)) return undefined;
  const name = target.getText();
  const op = e.getOperatorToken().getText();
  const right = unparen(e.getRight());
  const base = { statement: s as Statement, name, node: target };
  if (op === "+=") return { ...base, kind: "sum", value: e.getRight() };
  if (op === "-=") return { ...base, kind: "difference", value: e.getRight() };
  if (op === "*=") return { ...base, kind: "product", value: e.getRight() };
  if (op !== "=") return undefined;
  // s = s + e, s = e + s, p = p * e
  if (Node.isBinaryExpression(right)) {
    const k = right.getOperatorToken().getKind();
    const l = unparen(right.getLeft());
    const r = right.getRight();
    if (k === SyntaxKind.PlusToken && l.getText() === name) return { ...base, kind: "sum", value: r };
    if (k === SyntaxKind.PlusToken && unparen(r).getText() === name) return { ...base, kind: "sum", value: right.getLeft() };
    if (k === SyntaxKind.MinusToken && l.getText() === name) return { ...base, kind: "difference", value: r };
    if (k === SyntaxKind.AsteriskToken && l.getText() === name) return { ...base, kind: "product", value: r };
    if (k === SyntaxKind.AsteriskToken && unparen(r).getText() === name) return { ...base, kind: "product", value: right.getLeft() };
  }
  // m = Math.max(m, e)
  if (Node.isCallExpression(right)) {
    const callee = right.getExpression();
    const args = right.getArguments();
    if (Node.isPropertyAccessExpression(callee) && callee.getExpression().getText() === "Math" && args.length === 2) {
      const fn = callee.getName();
      if (fn !== "max" && fn !== "min") return undefined;
      const kind = fn === "max" ? "max-call" : "min-call";
      if (unparen(args[0]).getText() === name) return { ...base, kind, value: args[1] as Expression };
      if (unparen(args[1]).getText() === name) return { ...base, kind, value: args[0] as Expression };
    }
  }
  return undefined;
}

/** Does the (same-symbol) variable `a` denote the same binding as `b`? */
export function sameVariable(a: Node, b: Node): boolean {
  const sa = symbolOf(a);
  return sa !== undefined && sa === symbolOf(b);
}
