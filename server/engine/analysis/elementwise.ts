// Is a loop body element-wise? Every array access at the loop's element (the index, plus an
// invariant offset: `x[i]`, `x[offset + i]`, `row[j]` of `m[i]`, `img.getValue(c, r, k)` through a
// plain accessor), values built from those elements, loop-invariant number scalars, the index itself
// and pure Math functions; no calls to user code, no early exit, no state carried from one iteration
// to the next. Used by elementwise-loop (the writes) and manual-reduction (the accumulated values).
//
// Only the innermost loop is analysed: the indices of enclosing loops are loop-invariant numbers
// here, so `y[r * w + c] = x[r * w + c] * 2` is a map over c with offset `r * w`, and `m[i][j]` reads
// row `m[i]` at j. Nest-level shapes (2-D maps, per-row and axis reductions) are built on top of this
// by classifyNest().
import { Node, SyntaxKind, ts, type BinaryExpression, type CallExpression, type Expression, type Statement } from "ts-morph";
import { arrayKindOf, isBooleanNode, isNumberNode, isUntyped, isUntypedScalar, unresolvedNumericAliasOf, type ArrayKind } from "./types";
import { declarationOf, isAssignedWithin, isEverReassigned, isWithin, symbolOf, variableDeclarationOf } from "./scope";
import { matchIndexLoop, type IndexLoop } from "./loops";
import { resolveAccessor, type Accessor } from "./accessors";
import { isTinyArray } from "./sizes";
import { identifierPattern, unparen } from "./syntax";
import { fileMemo } from "./defuse";

/** Math functions without side effects whose result depends only on their arguments. */
export const PURE_MATH = new Set([
  "abs", "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "cbrt", "ceil", "cos", "cosh", "exp", "expm1",
  "floor", "fround", "hypot", "log", "log10", "log1p", "log2", "max", "min", "pow", "round", "sign", "sin", "sinh",
  "sqrt", "tan", "tanh", "trunc",
]);

/** Kept for callers that name the loop's index; only the innermost loop's index is an element index. */
export interface IndexPattern {
  indices: string[];
}

export interface ArrayUse {
  /** Whitespace-free text of the array expression: `x`, `this.data`, `m[i]` (a row), `image.data` (behind an accessor). */
  name: string;
  /** The array expression (an identifier for plain local arrays; the receiver for an accessor). */
  node: Node;
  kind: ArrayKind;
  /** The loop-invariant part of the index, whitespace-free ("" for `x[i]`, `offset` for `x[offset + i]`). */
  offset: string;
  /** The step between consecutive elements when it is not 1 (`x[i * stride]`), as text. */
  stride?: string;
  /** The element is reached through this accessor method (`get`, `getValue`). */
  accessor?: string;
  /** The accessor clips the value before it stores it (`setClampedValue`): the map ends in a clip. */
  clamped?: boolean;
  /** Why the array counts as numeric although its type does not say so (untyped JS, an unresolved alias). */
  inferred?: string;
}

export interface ElementWrite {
  statement: Statement;
  array: ArrayUse;
  /** The assignment operator: "=", "+=", … (an accessor write is "="). */
  operator: string;
  value: Expression;
}

/** `s += e`, `p *= e`, `if (e > m) m = e`, `m = Math.max(m, e)`: one update of an outer accumulator. */
export interface Accumulation {
  statement: Statement;
  /** The accumulator's text: `s`, or `out[r]` for an element invariant in this loop. */
  name: string;
  /** The accumulator in the update (an identifier, or the element access `out[r]`). */
  node: Node;
  kind: "sum" | "difference" | "product" | "max-if" | "min-if" | "max-call" | "min-call" | "argmax" | "argmin" | "count";
  /** The per-element value folded in. */
  value: Expression;
  /** Runs under an `if` of the body (a masked reduction). */
  conditional: boolean;
  /** For argmax/argmin: the variable receiving the index. */
  indexName?: string;
  /** `if (isNaN(v) || v > m) m = v`: NaN wins (a NaN-propagating max). */
  nanPropagating?: boolean;
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
  /** Variables declared before the loop that each iteration assigns before reading (`aux = |a[i] - b[i]|`). */
  outerTemporaries: Set<string>;
  /** Some statement runs under an `if` or the value uses `?:`, comparisons or `&&`/`||`. */
  conditional: boolean;
  /** The index value itself appears in a value (`y[i] = i * dx`, `s += i * h[i]`). */
  usesIndexValue: boolean;
  /** Math functions called (aliases such as `const log = Math.log` included). */
  mathCalls: Set<string>;
  /** Arrays and scalars whose numeric type is inferred from their use, with the reason. */
  inferred: Map<string, string>;
  /** Each element access (or accessor call) of the body and the array element it denotes. */
  elements: Map<Node, ArrayUse>;
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

export interface BodyOptions {
  /** The loops of the nest, outermost first; the last is the loop whose index is the element index. */
  loops: IndexLoop[];
  /** Ignored beyond the innermost index (kept for callers). */
  pattern?: IndexPattern;
  /** Collect accumulator updates instead of treating them as blockers (manual-reduction). */
  accumulators?: boolean;
}

const ASSIGNMENT_FIRST = SyntaxKind.FirstAssignment;
const ASSIGNMENT_LAST = SyntaxKind.LastAssignment;

/** The assignment `n` is (`=`, `+=`, …), or undefined. */
function asAssignment(n: Node | undefined): BinaryExpression | undefined {
  if (!n || !Node.isBinaryExpression(n)) return undefined;
  const k = n.getOperatorToken().getKind();
  return k >= ASSIGNMENT_FIRST && k <= ASSIGNMENT_LAST ? n : undefined;
}

function isAssignment(n: Node | undefined): n is BinaryExpression {
  return asAssignment(n) !== undefined;
}

const norm = (text: string) => text.replace(/\s+/g, "");

/** `Math.log`, or an alias `const log = Math.log` (never reassigned): the Math function's name. */
export function mathFunctionOf(callee: Node): string | undefined {
  const c = unparen(callee);
  if (Node.isPropertyAccessExpression(c) && unparen(c.getExpression()).getText() === "Math") return PURE_MATH.has(c.getName()) ? c.getName() : undefined;
  if (!Node.isIdentifier(c)) return undefined;
  const decl = declarationOf(c);
  if (!decl || !Node.isVariableDeclaration(decl)) return undefined;
  const list = decl.getParent();
  if (!Node.isVariableDeclarationList(list) || list.getDeclarationKind() !== "const") return undefined;
  const init = decl.getInitializer();
  if (!init) return undefined;
  const i = unparen(init);
  return Node.isPropertyAccessExpression(i) && unparen(i.getExpression()).getText() === "Math" && PURE_MATH.has(i.getName()) ? i.getName() : undefined;
}

/** `Number(e)`: the identity on a number (what a numeric array element is). */
export function isNumberConversion(n: Node): boolean {
  return Node.isCallExpression(n) && unparen(n.getExpression()).getText() === "Number" && n.getArguments().length === 1;
}

// ---------------------------------------------------------------------------------------------
// Affine index expressions: `i`, `offset + i`, `i + r * w`, `(r * w + c) * ch + k`, `i * stride`
// ---------------------------------------------------------------------------------------------

/** Where an accessor's body is read: its parameters stand for the call's arguments, `this` for the receiver. */
interface Env {
  params?: Map<string, Node>;
  thisText?: string;
  /** The environment the parameters' argument nodes are read in (a delegating accessor's own body). */
  parent?: Env;
}

interface Affine {
  /** The index's coefficient: "1", a stride's text, or undefined when the index does not occur. */
  coef?: string;
  /** Signed invariant terms, rendered. */
  offset: string[];
}

/**
 * Elementwise analysis of one loop body. `Blocked` carries the first counter-example found;
 * helper closures share the body being built.
 */
/**
 * Verdicts per loop statement (and accumulator mode): both rules and the nest classifier ask about
 * the same loops. Kept in the file's memo (one file version and one type checker): ts-morph keeps a
 * wrapper across an edit of its file, and an unchanged file's compiler node survives an edit of a file
 * it imports, whose types the verdict read.
 */
type Verdicts = { accumulators?: Verdict<ElementwiseBody>; writes?: Verdict<ElementwiseBody> };

export function analyzeElementwiseBody(statements: Statement[], opts: BodyOptions): Verdict<ElementwiseBody> {
  const loopNode = opts.loops[opts.loops.length - 1].loop;
  const key = opts.accumulators ? "accumulators" : "writes";
  const verdictCache = fileMemo<ts.Node, Verdicts>(loopNode, "elementwise-verdicts");
  const cached = verdictCache.get(loopNode.compilerNode);
  // the loop's own body (the only statements callers pass): its verdict does not change within a file version
  if (cached?.[key] && statements === opts.loops[opts.loops.length - 1].body) return cached[key]!;
  const verdict = analyzeBody(statements, opts);
  if (statements === opts.loops[opts.loops.length - 1].body) verdictCache.set(loopNode.compilerNode, { ...cached, [key]: verdict });
  return verdict;
}

function analyzeBody(statements: Statement[], opts: BodyOptions): Verdict<ElementwiseBody> {
  const loop = opts.loops[opts.loops.length - 1];
  const outer = loop.loop;
  const entries = loop.entries;
  const index = loop.index;
  const body: ElementwiseBody = {
    writes: [],
    accumulations: [],
    reads: new Map(),
    scalars: new Map(),
    temporaries: new Set(),
    outerTemporaries: new Set(),
    conditional: false,
    usesIndexValue: false,
    mathCalls: new Set(),
    inferred: new Map(),
    elements: new Map(),
  };
  /** Untyped arrays waiting for evidence that their elements are numbers: name → their element reads. */
  const untyped = new Map<string, { use: ArrayUse; reads: Node[]; writes: Node[] }>();
  const uses = new Map<string, ArrayUse>();
  const written = new Set<string>();

  const isVariantName = (name: string) => name === index || body.temporaries.has(name) || body.outerTemporaries.has(name) || name === entries?.value;
  /** `const k = i * ch + c` in the body: index temporaries stand for their value (never reassigned). */
  const indexTemporaries = new Map<string, Node>();
  const indexTemporary = (n: Node, env: Env): Node | undefined => {
    if (!Node.isIdentifier(n) || env.params !== undefined) return undefined;
    return indexTemporaries.get(n.getText());
  };

  // --- invariance ---------------------------------------------------------------------------

  /** Is the property chain `this.a.b` / `obj.a` assigned anywhere in the loop? */
  const propertyWritten = (text: string): boolean => {
    let found = false;
    outer.forEachDescendant((d, t) => {
      if (Node.isPropertyAccessExpression(d) && norm(d.getText()) === text) {
        const p = d.getParent();
        if (p && isAssignment(p) && p.getLeft() === d) {
          found = true;
          t.stop();
        }
      }
    });
    return found;
  };

  /** A node whose value cannot change during the loop (no index, no temporaries, no writes, no calls but Math). */
  const isInvariant = (e: Node, env: Env = {}): boolean => {
    const n = unparen(e);
    if (Node.isNumericLiteral(n)) return true;
    if (Node.isIdentifier(n)) {
      const name = n.getText();
      if (env.params?.has(name)) return isInvariant(env.params.get(name)!, env.parent);
      if (name === "Infinity" || name === "NaN" || name === "undefined") return true;
      if (isVariantName(name)) return false;
      return !isAssignedWithin(n, outer);
    }
    if (Node.isThisExpression(n)) return true;
    if (Node.isPropertyAccessExpression(n)) {
      if (env.thisText !== undefined && Node.isThisExpression(unparen(n.getExpression()))) return true; // an accessor's own field
      return isInvariant(n.getExpression(), env) && !propertyWritten(norm(n.getText()));
    }
    if (Node.isElementAccessExpression(n)) {
      const arg = n.getArgumentExpression();
      const base = unparen(n.getExpression());
      return !!arg && isInvariant(arg, env) && isInvariant(base, env) && !written.has(norm(render(base, env)));
    }
    if (Node.isBinaryExpression(n)) return asAssignment(n) === undefined && isInvariant(n.getLeft(), env) && isInvariant(n.getRight(), env);
    if (Node.isPrefixUnaryExpression(n)) {
      const op = n.getOperatorToken();
      return op !== SyntaxKind.PlusPlusToken && op !== SyntaxKind.MinusMinusToken && isInvariant(n.getOperand(), env);
    }
    if (Node.isCallExpression(n)) return mathFunctionOf(n.getExpression()) !== undefined && n.getArguments().every((a) => isInvariant(a, env));
    if (Node.isAsExpression(n) || Node.isNonNullExpression(n)) return isInvariant(n.getExpression(), env);
    return false;
  };

  /** Source text with an accessor's parameters replaced by the call's arguments and `this` by the receiver. */
  function render(e: Node, env: Env): string {
    if (!env.params && env.thisText === undefined) return e.getText();
    const n = unparen(e);
    if (Node.isIdentifier(n) && env.params?.has(n.getText())) {
      const arg = env.params.get(n.getText())!;
      const t = env.parent ? render(unparen(arg), env.parent) : unparen(arg).getText();
      return /^[\w$.]+$/.test(t) ? t : `(${t})`;
    }
    if (Node.isThisExpression(n)) return env.thisText ?? "this";
    if (Node.isPropertyAccessExpression(n)) return `${render(n.getExpression(), env)}.${n.getName()}`;
    if (Node.isElementAccessExpression(n)) return `${render(n.getExpression(), env)}[${render(n.getArgumentExpression()!, env)}]`;
    if (Node.isBinaryExpression(n)) return `${render(n.getLeft(), env)} ${n.getOperatorToken().getText()} ${render(n.getRight(), env)}`;
    if (Node.isParenthesizedExpression(e)) return `(${render(n, env)})`;
    return n.getText();
  }

  const mentionsIndex = (e: Node, env: Env = {}): boolean => {
    const n = unparen(e);
    if (Node.isIdentifier(n)) {
      if (env.params?.has(n.getText())) return mentionsIndex(env.params.get(n.getText())!, env.parent);
      const temp = indexTemporary(n, env);
      if (temp) return mentionsIndex(temp);
      return n.getText() === index;
    }
    return n.getChildren().some((c) => mentionsIndex(c, env));
  };

  /** Decompose an index expression into (coefficient of the index, invariant offset terms). */
  const affine = (e: Node, env: Env, sign = 1): Affine | undefined => {
    const n = unparen(e);
    if (Node.isIdentifier(n) && env.params?.has(n.getText())) return affine(env.params.get(n.getText())!, env.parent ?? {}, sign);
    const temp = indexTemporary(n, env);
    if (temp) return affine(temp, {}, sign);
    if (!mentionsIndex(n, env)) {
      if (!isInvariant(n, env)) return undefined;
      const text = norm(render(n, env));
      return { offset: [sign < 0 ? `-${text}` : text] };
    }
    if (Node.isIdentifier(n)) return sign > 0 ? { coef: "1", offset: [] } : undefined;
    if (Node.isBinaryExpression(n)) {
      const op = n.getOperatorToken().getKind();
      if (op === SyntaxKind.PlusToken || op === SyntaxKind.MinusToken) {
        const l = affine(n.getLeft(), env, sign);
        const r = affine(n.getRight(), env, op === SyntaxKind.MinusToken ? -sign : sign);
        if (!l || !r || (l.coef && r.coef)) return undefined; // i + i: a step of 2
        return { coef: l.coef ?? r.coef, offset: [...l.offset, ...r.offset] };
      }
      if (op === SyntaxKind.AsteriskToken) {
        // (r * w + c) * ch: the varying side times an invariant stride
        const [v, s] = mentionsIndex(n.getLeft(), env) ? [n.getLeft(), n.getRight()] : [n.getRight(), n.getLeft()];
        if (mentionsIndex(s, env) || !isInvariant(s, env)) return undefined;
        const inner = affine(v, env, sign);
        if (!inner?.coef) return undefined;
        const stride = norm(render(s, env));
        const offset = inner.offset.length > 0 ? [`(${inner.offset.join("+")})*${stride}`] : [];
        return { coef: inner.coef === "1" ? stride : `${inner.coef}*${stride}`, offset };
      }
    }
    return undefined;
  };

  // --- arrays -------------------------------------------------------------------------------

  /** The array an element access reads, when the base is loop-invariant: identifier, `this.a`, `obj.a`, a row `m[r]`. */
  const arrayBase = (base: Node, env: Env, at: Node): { name: string; node: Node } => {
    const cast = unparen(base);
    // (array2 as NumberArray)[i]: the array is array2, its kind the asserted type's
    if ((Node.isAsExpression(cast) || Node.isNonNullExpression(cast) || Node.isTypeAssertion(cast)) && env.params === undefined) {
      const inner = arrayBase(cast.getExpression(), env, at);
      return { name: inner.name, node: cast };
    }
    const b = cast;
    if (Node.isIdentifier(b) && env.params === undefined) {
      if (isVariantName(b.getText())) throw new Blocked(`indexes \`${b.getText()}\`, which changes per iteration`, at);
      if (isAssignedWithin(b, outer)) throw new Blocked(`\`${b.getText()}\` is reassigned inside the loop`, at);
      return { name: b.getText(), node: b };
    }
    // palette[data[i]][c]: a row chosen by data is a gather (a lookup table), not an array the loop walks
    if (Node.isElementAccessExpression(b) && env.params === undefined && b.getArgumentExpression() && (Node.isElementAccessExpression(unparen(b.getArgumentExpression()!)) || b.getArgumentExpression()!.getDescendantsOfKind(SyntaxKind.ElementAccessExpression).length > 0)) {
      throw new Blocked(`reads \`${at.getText()}\` from a row chosen by data (a gather)`, at);
    }
    if (Node.isPropertyAccessExpression(b) || Node.isElementAccessExpression(b) || Node.isThisExpression(b) || Node.isIdentifier(b)) {
      if (!isInvariant(b, env)) throw new Blocked(`reads \`${at.getText()}\` through \`${b.getText()}\`, which changes inside the loop`, at);
      return { name: norm(render(b, env)), node: b };
    }
    throw new Blocked(`reads \`${at.getText()}\`, not an element of a named array`, at);
  };

  /** The kind of an array base; untyped bases are numeric only with evidence (collected, checked at the end). */
  const kindOf = (node: Node, name: string, accessorCall?: Node): { kind: ArrayKind; inferred?: string } => {
    const declared = arrayKindOf(node);
    if (declared) return { kind: declared };
    const alias = unresolvedNumericAliasOf(node);
    if (alias) return { kind: "numeric", inferred: `declared \`${alias}\`, a type that did not resolve` };
    // (array2 as [])[i]: an assertion to an array type says nothing about the elements; the loop's use must
    const assertedArray = Node.isAsExpression(node) && /\[\]\s*$|^Array</.test(node.getTypeNode()?.getText() ?? "");
    // ps[i].x: an array of objects (or strings) has no numeric buffer to hand to the runtime.
    if (!isUntyped(node) && !accessorCall && !assertedArray) throw new Blocked(`\`${name}\` is not a numeric array`, node);
    return { kind: "numeric", inferred: "untyped: its elements are used as numbers" };
  };

  const registerUse = (use: ArrayUse, at: Node, isWrite: boolean): ArrayUse => {
    const prev = uses.get(use.name);
    if (prev && (!prev.offset.split("|").includes(use.offset) || prev.stride !== use.stride)) {
      // y[i] = y[i-1] + x[i]: the element depends on what an earlier iteration wrote (a scan, a recurrence).
      if (isWrite || written.has(use.name) || prev.stride !== use.stride) {
        throw new Blocked(`reads \`${at.getText()}\` besides \`${use.name}\` at another offset: a loop-carried dependency`, at);
      }
      // x[i + 1] - x[i] of an array nobody writes: two shifted views of one input (a diff)
      prev.offset = `${prev.offset}|${use.offset}`;
    }
    if (prev && isWrite && prev.offset.includes("|")) throw new Blocked(`writes \`${at.getText()}\`, which the loop also reads at other offsets: a loop-carried dependency`, at);
    if (!prev) uses.set(use.name, use);
    if (isWrite) written.add(use.name);
    const kept = prev ?? use;
    body.elements.set(at, kept);
    if (use.inferred && !body.inferred.has(use.name)) {
      const entry = untyped.get(use.name) ?? { use: kept, reads: [], writes: [] };
      (isWrite ? entry.writes : entry.reads).push(at);
      untyped.set(use.name, entry);
    }
    return kept;
  };

  /**
   * The element an access or accessor call denotes, when it is the loop's element of an
   * invariant array: undefined when the index does not involve the loop index (an invariant
   * element, e.g. an accumulator `out[r]`); Blocked when it involves it in another way.
   */
  const elementRef = (n: Node, isWrite: boolean): ArrayUse | undefined => {
    if (Node.isCallExpression(n)) {
      const accessor = accessorOfCall(n, isWrite);
      if (!accessor) return undefined;
      return accessorElement(n, accessor, isWrite);
    }
    if (!Node.isElementAccessExpression(n)) return undefined;
    return plainElement(n, {}, isWrite, n);
  };

  const plainElement = (n: Node, env: Env, isWrite: boolean, at: Node, accessorName?: string, callForKind?: Node): ArrayUse | undefined => {
    if (!Node.isElementAccessExpression(n)) return undefined;
    const arg = n.getArgumentExpression();
    if (!arg) throw new Blocked("an element access without an index", at);
    if (!mentionsIndex(arg, env)) {
      // m[i][j] over i: a column of a nested array (strided)
      const base = unparen(n.getExpression());
      if (Node.isElementAccessExpression(base) && base.getArgumentExpression() && mentionsIndex(base.getArgumentExpression()!, env)) {
        const row = affine(base.getArgumentExpression()!, env);
        if (!row?.coef || !isInvariant(arg, env)) throw new Blocked(`reads \`${at.getText()}\`, not at the loop index: not element-wise`, at);
        // ring[i][0], ring[i][1]: fields of small tuples (points), not a column of a matrix
        if (Node.isNumericLiteral(unparen(arg)) && env.params === undefined) throw new Blocked(`reads field ${unparen(arg).getText()} of each \`${base.getText()}\`: an array of small tuples (points), not a matrix`, at);
        const { name, node } = arrayBase(base.getExpression(), env, at);
        const kind = kindOf(node, name, callForKind);
        const column = norm(render(arg, env));
        return registerUse({ name: `${name}[*][${column}]`, node, kind: kind.kind === "number[][]" ? "number[]" : kind.kind, offset: row.offset.join("+"), stride: "row", accessor: accessorName, inferred: kind.inferred }, at, isWrite);
      }
      return undefined;
    }
    const a = affine(arg, env);
    if (!a?.coef) throw new Blocked(`reads \`${at.getText()}\`, not at the loop index: not element-wise`, at);
    const { name, node } = arrayBase(n.getExpression(), env, at);
    const k = kindOf(node, name, callForKind);
    let kind = k.kind;
    // a row m[r] of number[][] is a number[]; of Float64Array[] a Float64Array
    if (Node.isElementAccessExpression(unparen(n.getExpression())) && kind === "number[][]") kind = "numeric";
    if (kind === "number[][]") throw new Blocked(`reads a row \`${at.getText()}\` of \`${name}\` as a number`, at);
    const use: ArrayUse = { name, node, kind, offset: a.offset.join("+").replace(/\+-/g, "-"), accessor: accessorName, inferred: k.inferred };
    if (a.coef !== "1") use.stride = a.coef;
    return registerUse(use, at, isWrite);
  };

  const accessorOfCall = (call: CallExpression, isWrite: boolean): Accessor | undefined => {
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee)) return undefined;
    const accessor = resolveAccessor(call);
    if (!accessor || (accessor.kind === "write") !== isWrite) return undefined;
    return accessor;
  };

  const accessorElement = (call: CallExpression, resolved: Accessor, isWrite: boolean): ArrayUse | undefined => {
    let accessor = resolved;
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee)) return undefined;
    const receiver = unparen(callee.getExpression());
    if (!isInvariant(receiver)) throw new Blocked(`calls \`${callee.getText()}\` on a receiver that changes inside the loop`, call);
    const args = call.getArguments();
    const params = new Map<string, Node>();
    accessor.params.forEach((p, k) => params.set(p, args[k]));
    for (const [p, a] of params) {
      if (p === accessor.valueParam) continue;
      if (mentionsIndex(a) || isInvariant(a)) continue;
      throw new Blocked(`passes \`${a.getText()}\` to \`${callee.getName()}\`, not the loop index`, a);
    }
    let env: Env = { params, thisText: receiver.getText() };
    // Stack.getValueByIndex(s, i, c) { return this.images[s].getValueByIndex(i, c); }: read through the inner accessor,
    // its `this` the delegating receiver (which must not change with the loop: one image, not a gather across them)
    if (accessor.delegate) {
      const { receiver: inner, args: innerArgs, accessor: target } = accessor.delegate;
      if (!isInvariant(inner, env)) throw new Blocked(`\`${call.getText()}\` reads a different object on every iteration`, call);
      const innerParams = new Map<string, Node>();
      target.params.forEach((p, k) => innerParams.set(p, innerArgs[k]));
      env = { params: innerParams, thisText: render(inner, env), parent: env };
      accessor = target;
    }
    const use = plainElement(accessor.access, env, isWrite, call, callee.getName(), call);
    if (!use) throw new Blocked(`\`${call.getText()}\` reads the same element on every iteration`, call);
    // messages name the receiver (`matrix.get()`), not the accessor's backing field
    use.node = receiver;
    if (accessor.clamped) use.clamped = true;
    if (accessor.assumed && !use.inferred) use.inferred = `\`${callee.getName()}()\` on an untyped receiver, read as an element accessor`;
    return use;
  };

  /** `m.set(a, b, m.get(a, b) ± v)` with a, b invariant in the loop: a sum into the element (a, b). */
  const accessorAccumulation = (call: CallExpression, setter: Accessor): Omit<Accumulation, "conditional"> | undefined => {
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || setter.valueParam === undefined) return undefined;
    const args = call.getArguments();
    const valueAt = setter.params.indexOf(setter.valueParam);
    const indexArgs = args.filter((_, k) => k !== valueAt);
    if (indexArgs.some((a) => mentionsIndex(a) || !isInvariant(a))) return undefined;
    const receiver = unparen(callee.getExpression());
    if (!Node.isIdentifier(receiver) || !isInvariant(receiver)) return undefined;
    const value = unparen(args[valueAt]);
    if (!Node.isBinaryExpression(value)) return undefined;
    const op = value.getOperatorToken().getKind();
    if (op !== SyntaxKind.PlusToken && op !== SyntaxKind.MinusToken) return undefined;
    const read = unparen(value.getLeft());
    if (!Node.isCallExpression(read)) return undefined;
    const getter = read.getExpression();
    const sameElement =
      Node.isPropertyAccessExpression(getter) && norm(getter.getExpression().getText()) === norm(receiver.getText()) &&
      read.getArguments().length === indexArgs.length && read.getArguments().every((a, k) => norm(a.getText()) === norm(indexArgs[k].getText()));
    if (!sameElement || resolveAccessor(read)?.kind !== "read") return undefined;
    const name = `${receiver.getText()}(${indexArgs.map((a) => norm(a.getText())).join(",")})`;
    return { statement: call.getParentOrThrow() as Statement, name, node: receiver, kind: op === SyntaxKind.PlusToken ? "sum" : "difference", value: value.getRight() };
  };

  // --- values ---------------------------------------------------------------------------------

  const checkValue = (e: Node): void => {
    const n = unparen(e);
    if (Node.isNumericLiteral(n)) return;
    if (Node.isIdentifier(n)) return checkIdentifier(n);
    if (Node.isElementAccessExpression(n)) {
      const use = elementRef(n, false);
      if (!use) {
        // an element invariant in the loop (coefficients h[k] in a loop over i): a scalar
        if (isInvariant(n)) return checkInvariant(n, n);
        throw new Blocked(`reads \`${n.getText()}\`, which changes per iteration but is not the loop's element`, n);
      }
      if (!body.reads.has(use.name)) body.reads.set(use.name, use);
      return;
    }
    if (Node.isPropertyAccessExpression(n)) {
      const obj = unparen(n.getExpression());
      if (obj.getText() === "Math" || n.getText().startsWith("Number.")) return; // Math.PI, Number.EPSILON
      if (n.getName() === "length" && isInvariant(obj)) return;
      if (isInvariant(n) && (isNumberNode(n) || isUntypedScalar(n))) {
        if (isUntypedScalar(n)) body.inferred.set(norm(n.getText()), "untyped: used in arithmetic");
        return checkInvariant(n, n);
      }
      throw new Blocked(`reads \`${n.getText()}\`, which is not a number array element or a number`, n);
    }
    if (Node.isBinaryExpression(n)) {
      const op = n.getOperatorToken().getKind();
      if (op >= ASSIGNMENT_FIRST && op <= ASSIGNMENT_LAST) throw new Blocked("assignment inside an expression", n);
      if (
        op === SyntaxKind.LessThanToken || op === SyntaxKind.GreaterThanToken || op === SyntaxKind.LessThanEqualsToken ||
        op === SyntaxKind.GreaterThanEqualsToken || op === SyntaxKind.EqualsEqualsEqualsToken ||
        op === SyntaxKind.ExclamationEqualsEqualsToken || op === SyntaxKind.AmpersandAmpersandToken ||
        op === SyntaxKind.BarBarToken
      ) {
        body.conditional = true;
      } else if (
        op !== SyntaxKind.PlusToken && op !== SyntaxKind.MinusToken && op !== SyntaxKind.AsteriskToken &&
        op !== SyntaxKind.SlashToken && op !== SyntaxKind.AsteriskAsteriskToken && op !== SyntaxKind.PercentToken &&
        // x << 8, x >> 8, x & 0xff: integer arithmetic on elements (no runtime fix translates them)
        op !== SyntaxKind.LessThanLessThanToken && op !== SyntaxKind.GreaterThanGreaterThanToken &&
        op !== SyntaxKind.GreaterThanGreaterThanGreaterThanToken && op !== SyntaxKind.AmpersandToken &&
        op !== SyntaxKind.BarToken && op !== SyntaxKind.CaretToken
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
      else if (op !== SyntaxKind.MinusToken && op !== SyntaxKind.PlusToken && op !== SyntaxKind.TildeToken) throw new Blocked(`operator \`${n.getText()}\` is not element-wise arithmetic`, n);
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
      const fn = mathFunctionOf(n.getExpression());
      if (fn) {
        body.mathCalls.add(fn);
        for (const a of n.getArguments()) checkValue(a);
        return;
      }
      if (isNumberConversion(n)) return checkValue(n.getArguments()[0]);
      // Number.isNaN(v): a pure test of a number
      if (unparen(n.getExpression()).getText() === "Number.isNaN" || unparen(n.getExpression()).getText() === "isNaN") {
        body.conditional = true;
        for (const a of n.getArguments()) checkValue(a);
        return;
      }
      const use = elementRef(n, false);
      if (use) {
        if (!body.reads.has(use.name)) body.reads.set(use.name, use);
        return;
      }
      // row[i] = mandelPoint(x, y) or console.log(…): user code may have side effects or carry state.
      throw new Blocked(`calls \`${n.getExpression().getText()}\`, which may have side effects`, n);
    }
    if (Node.isAsExpression(n) || Node.isNonNullExpression(n)) return checkValue(n.getExpression());
    throw new Blocked(`\`${n.getText()}\` is not element-wise arithmetic`, n);
  };

  const checkIdentifier = (id: Node): void => {
    const name = id.getText();
    if (name === "Infinity" || name === "NaN" || name === "undefined") return;
    if (name === index) {
      body.usesIndexValue = true;
      return;
    }
    if (body.temporaries.has(name) || body.outerTemporaries.has(name)) return;
    if (entries && name === entries.value) {
      const arr = unparen(entries.array);
      const { name: arrName, node } = arrayBase(arr, {}, entries.array);
      const k = kindOf(node, arrName);
      if (k.kind === "number[][]") throw new Blocked(`iterates the rows of \`${arrName}\``, entries.array);
      const use = registerUse({ name: arrName, node, kind: k.kind, offset: "", inferred: k.inferred }, id, false);
      if (!body.reads.has(use.name)) body.reads.set(use.name, use);
      return;
    }
    const decl = declarationOf(id);
    if (decl && isWithin(decl, outer)) {
      // A variable of an inner scope of the loop that is not a temporary of this body.
      throw new Blocked(`uses \`${name}\`, declared inside the loop but outside its body`, id);
    }
    if (arrayKindOf(id)) throw new Blocked(`uses the whole array \`${name}\` inside the loop`, id);
    // `strict && v < t`: a loop-invariant flag in a condition
    if (isBooleanNode(id)) {
      body.conditional = true;
      return checkInvariant(id, id);
    }
    if (!isNumberNode(id)) {
      if (!isUntypedScalar(id)) throw new Blocked(`\`${name}\` is not a number`, id);
      body.inferred.set(name, "untyped: used in arithmetic");
    }
    checkInvariant(id, id);
  };

  const checkInvariant = (target: Node, at: Node): void => {
    if (!isInvariant(target)) {
      // running += x[i]; out[i] = running: the value is carried from iteration to iteration.
      throw new Blocked(`\`${at.getText()}\` changes inside the loop: a loop-carried dependency`, at);
    }
    const key = norm(target.getText());
    if (!body.scalars.has(key) && !(Node.isPropertyAccessExpression(target) && target.getName() === "length")) body.scalars.set(key, target);
  };

  // --- statements -----------------------------------------------------------------------------

  /** `aux = …` on an outer variable at the top of the body, before any read of it in the iteration. */
  const outerTemporaryAt = (s: Node, k: number, top: Statement[]): string | undefined => {
    if (!Node.isExpressionStatement(s)) return undefined;
    const e = unparen(s.getExpression());
    if (!isAssignment(e) || e.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) return undefined;
    const left = unparen(e.getLeft());
    if (!Node.isIdentifier(left) || isVariantName(left.getText())) return undefined;
    const decl = declarationOf(left);
    if (!decl || isWithin(decl, outer)) return undefined;
    const name = left.getText();
    // read before this assignment in the same iteration (or in its own value): carried
    const mention = new RegExp(`(?<![\\w$.])${name.replace(/\$/g, "\\$")}(?![\\w$])`);
    if (top.slice(0, k).some((p) => mention.test(p.getText())) || mention.test(e.getRight().getText())) return undefined;
    return name;
  };

  const checkStatement = (s: Node, underIf: boolean, k = -1, top: Statement[] = []): void => {
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
        if (isIndexArithmetic(init) && !reassignedIn(statements, nameNode.getText(), d)) indexTemporaries.set(nameNode.getText(), init);
      }
      return;
    }
    if (opts.accumulators) {
      const acc = matchAccumulation(s, body.temporaries, (n) => isAccumulatorTarget(n));
      if (acc) {
        const root = accumulatorRoot(acc.node);
        if (root && (root.getText() === index || isVariantName(root.getText()))) throw new Blocked(`changes the loop counter \`${acc.name}\``, acc.node);
        const decl = root && declarationOf(root);
        // The accumulator must live outside the loop (and be a number) to be a reduction.
        if (!root || !decl || isWithin(decl, outer)) throw new Blocked(`\`${acc.name}\` is not declared before the loop`, acc.node);
        if (!isNumberNode(acc.node)) {
          if (!isUntypedScalar(acc.node)) throw new Blocked(`\`${acc.name}\` is not a number`, acc.node);
          body.inferred.set(acc.name, "untyped accumulator");
        }
        if (acc.kind === "argmax" || acc.kind === "argmin") {
          if (acc.indexName && isVariantName(acc.indexName) && acc.indexName !== index) throw new Blocked(`\`${acc.indexName}\` is not declared before the loop`, acc.node);
        }
        if (acc.kind !== "count") checkValue(acc.value);
        body.accumulations.push({ ...acc, conditional: underIf });
        return;
      }
    }
    if (Node.isExpressionStatement(s) && isCommaList(unparen(s.getExpression()))) {
      // a[i] = 1, b[i] = 4, r[i] = …: several statements written as one comma expression
      for (const part of commaParts(unparen(s.getExpression()))) checkExpressionStatement(part, s as Statement, underIf, k, top);
      return;
    }
    if (Node.isExpressionStatement(s)) return checkExpressionStatement(unparen(s.getExpression()), s as Statement, underIf, k, top);
    if (Node.isIfStatement(s)) {
      // if (v > max[c]) max[c] = v: an element-wise maximum update of max at the loop's element
      const update = matchAccumulation(s, body.temporaries, (n) => Node.isElementAccessExpression(n) && !!n.getArgumentExpression() && mentionsIndex(n.getArgumentExpression()!));
      if (update && (update.kind === "max-if" || update.kind === "min-if")) {
        const use = elementRef(update.node, true);
        if (use) {
          body.conditional = true;
          if (!body.reads.has(use.name)) body.reads.set(use.name, use);
          checkValue(update.value);
          body.writes.push({ statement: s as Statement, array: use, operator: update.kind === "max-if" ? "max=" : "min=", value: update.value as Expression });
          return;
        }
      }
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

  const checkExpressionStatement = (e: Node, s: Statement, underIf: boolean, k: number, top: Statement[]): void => {
    {
      if (isAssignment(e)) {
        const op = e.getOperatorToken();
        const kind = op.getKind();
        const left = unparen(e.getLeft());
        if (Node.isElementAccessExpression(left)) {
          const use = elementRef(left, true);
          if (!use) {
            // x[0] = x[i] or out[r] = v inside a loop over i: the same element every iteration
            throw new Blocked(`writes \`${left.getText()}\`, not at the loop index: a loop-carried dependency`, left);
          }
          if (kind !== SyntaxKind.EqualsToken && !["+=", "-=", "*=", "/=", "**="].includes(op.getText())) {
            throw new Blocked(`operator \`${op.getText()}\` is not element-wise arithmetic`, op);
          }
          if (underIf) body.conditional = true;
          if (kind !== SyntaxKind.EqualsToken && !body.reads.has(use.name)) body.reads.set(use.name, use);
          checkValue(e.getRight());
          body.writes.push({ statement: s as Statement, array: use, operator: op.getText(), value: e.getRight() });
          return;
        }
        if (Node.isIdentifier(left) && body.temporaries.has(left.getText())) {
          checkValue(e.getRight());
          return;
        }
        if (Node.isIdentifier(left) && !underIf && k >= 0) {
          const name = outerTemporaryAt(s, k, top);
          if (name) {
            checkValue(e.getRight());
            body.outerTemporaries.add(name);
            return;
          }
        }
        if (Node.isIdentifier(left)) {
          // s += x[i]: accumulating into an outer variable is a reduction, not a map.
          throw new Blocked(`assigns \`${left.getText()}\` declared outside the loop (an accumulator)`, left);
        }
        throw new Blocked(`writes \`${left.getText()}\`, not a numeric array element`, left);
      }
      if (Node.isCallExpression(e)) {
        // out.push(f(x[i])): a map into a plain array grown in order
        const pushed = pushTarget(e);
        if (pushed) {
          if (underIf) throw new Blocked(`pushes under a condition (a filter): the output length depends on the data`, e);
          if (isVariantName(pushed.getText()) || isAssignedWithin(pushed, outer)) throw new Blocked(`pushes into \`${pushed.getText()}\`, which changes inside the loop`, e);
          const kind = arrayKindOf(pushed);
          if (kind !== undefined && kind !== "number[]") throw new Blocked(`pushes into \`${pushed.getText()}\`, not a number[]`, e);
          const value = e.getArguments()[0] as Expression;
          // out.push(x[i]): a copy grown by push is push-then-convert's business, not a map
          if (Node.isElementAccessExpression(unparen(value)) || Node.isCallExpression(unparen(value)) && !mathFunctionOf((unparen(value) as CallExpression).getExpression())) {
            throw new Blocked(`pushes \`${value.getText()}\` unchanged: a copy grown by push, not arithmetic`, e);
          }
          const use = registerUse({ name: pushed.getText(), node: pushed, kind: "number[]", offset: "push" }, e, true);
          checkValue(value);
          body.writes.push({ statement: s as Statement, array: use, operator: "push", value });
          return;
        }
        // m.set(i, j, v): a write through a plain accessor
        const accessor = accessorOfCall(e, true);
        if (accessor) {
          // B.set(k, j, B.get(k, j) - B.get(i, j) * l.get(k, i)) over i: an accumulation into one element
          const folded = opts.accumulators ? accessorAccumulation(e, accessor) : undefined;
          if (folded) {
            checkValue(folded.value);
            body.accumulations.push({ ...folded, conditional: underIf });
            return;
          }
          const use = accessorElement(e, accessor, true)!;
          if (underIf) body.conditional = true;
          const value = e.getArguments()[accessor.params.indexOf(accessor.valueParam!)] as Expression;
          checkValue(value);
          body.writes.push({ statement: s as Statement, array: use, operator: "=", value });
          return;
        }
        throw new Blocked(`calls \`${e.getExpression().getText()}\`, which may have side effects`, e);
      }
      throw new Blocked(`\`${e.getText().slice(0, 40)}\` is not an element-wise assignment`, s);
    }
  };

  /** `s` or an element invariant in this loop (`out[r]`, `sums[c]` of an outer loop's c). */
  const isAccumulatorTarget = (n: Node): boolean => {
    if (Node.isIdentifier(n)) return !body.temporaries.has(n.getText()) && !body.outerTemporaries.has(n.getText());
    if (!opts.accumulators || !Node.isElementAccessExpression(n)) return false;
    const arg = n.getArgumentExpression();
    return !!arg && !mentionsIndex(arg) && isInvariant(arg) && isInvariant(n.getExpression());
  };

  try {
    statements.forEach((s, k) => checkStatement(s, false, k, statements));
    // Untyped arrays are numeric only when the loop uses their elements as numbers.
    for (const [name, entry] of untyped) {
      const evidence =
        entry.use.inferred?.startsWith("declared") || entry.reads.some((r) => isNumericContext(r, body)) || entry.writes.some((w) => writesNumber(w)) ||
        // var high = arr[0]; … if (arr[i] > high) high = arr[i]: a max/min seeded from the array itself (jStat, tfjs kernels)
        body.accumulations.some((a) => ["max-if", "min-if", "argmax", "argmin"].includes(a.kind) && seededFrom(a.node, entry.use.name));
      if (!evidence) throw new Blocked(`\`${name}\` has no type, and nothing in the loop shows its elements are numbers`, entry.use.node);
      body.inferred.set(name, entry.use.inferred!);
    }
  } catch (err) {
    if (err instanceof Blocked) return { ok: false, blocker: err.blocker, node: err.node };
    throw err;
  }
  return { ok: true, value: body };
}

function isCommaList(e: Node): boolean {
  return Node.isBinaryExpression(e) && e.getOperatorToken().getKind() === SyntaxKind.CommaToken;
}

/** `a, b, c` → [a, b, c]. */
function commaParts(e: Node): Node[] {
  const n = unparen(e);
  if (!isCommaList(n)) return [n];
  const b = n as BinaryExpression;
  return [...commaParts(b.getLeft()), ...commaParts(b.getRight())];
}

/** Index arithmetic: names, literals, property reads and + - * of them (no element reads, no calls). */
function isIndexArithmetic(e: Node): boolean {
  const n = unparen(e);
  if (Node.isNumericLiteral(n) || Node.isIdentifier(n)) return true;
  if (Node.isPropertyAccessExpression(n)) return isIndexArithmetic(n.getExpression()) || Node.isThisExpression(unparen(n.getExpression()));
  if (Node.isBinaryExpression(n)) {
    const op = n.getOperatorToken().getKind();
    return (op === SyntaxKind.PlusToken || op === SyntaxKind.MinusToken || op === SyntaxKind.AsteriskToken) && isIndexArithmetic(n.getLeft()) && isIndexArithmetic(n.getRight());
  }
  return false;
}

/** Is `name` assigned anywhere in the statements other than by its declaration `decl`? */
function reassignedIn(statements: Node[], name: string, decl: Node): boolean {
  return statements.some((st) => st.getDescendantsOfKind(SyntaxKind.Identifier).some((id) => id.getText() === name && !isWithin(id, decl) && isWriteRef(id)));
}

function isWriteRef(id: Node): boolean {
  const p = id.getParent();
  if (!p) return false;
  if (Node.isBinaryExpression(p) && p.getLeft() === id) return isAssignment(p);
  return (Node.isPrefixUnaryExpression(p) || Node.isPostfixUnaryExpression(p)) && (p.getOperatorToken() === SyntaxKind.PlusPlusToken || p.getOperatorToken() === SyntaxKind.MinusMinusToken);
}

/** `out.push(v)` with one argument: the array pushed into. */
function pushTarget(call: CallExpression): Node | undefined {
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== "push" || call.getArguments().length !== 1) return undefined;
  const target = unparen(callee.getExpression());
  return Node.isIdentifier(target) ? target : undefined;
}

/**
 * `this.data` / `obj.buf` where every name is a declared class field (not a getter): reading it twice
 * gives the same array, so `this.data.length` measured by the loop's bound is the array's length.
 */
export function isStableFieldChain(n: Node): boolean {
  const x = unparen(n);
  if (Node.isThisExpression(x)) return true;
  if (Node.isIdentifier(x)) return !isEverReassigned(x);
  if (!Node.isPropertyAccessExpression(x)) return false;
  const decls = symbolOf(x.getNameNode())?.getDeclarations() ?? [];
  return decls.length > 0 && decls.every((d) => Node.isPropertyDeclaration(d) || (Node.isParameterDeclaration(d) && d.isParameterProperty())) && isStableFieldChain(x.getExpression());
}

/** An array the body reads or writes that is tiny by its literal, tuple type or rank-length name (`shape[i]`). */
export function tinyArrayIn(body: ElementwiseBody): string | undefined {
  for (const u of [...body.reads.values(), ...body.writes.map((w) => w.array)]) {
    if (u.accessor || u.offset === "push") continue;
    if (isTinyArray(u.node)) return u.name;
  }
  return undefined;
}

/** The variable behind an accumulator: `s`, or `out` of `out[r]`. */
function accumulatorRoot(n: Node): Node | undefined {
  let cur = unparen(n);
  while (Node.isElementAccessExpression(cur) || Node.isPropertyAccessExpression(cur)) cur = unparen(cur.getExpression());
  return Node.isIdentifier(cur) ? cur : Node.isThisExpression(cur) ? n : undefined;
}

/** The accumulator starts as an element of `array` (`let m = x[0]`, `let max = aVals[offset]`). */
function seededFrom(acc: Node, array: string): boolean {
  const a = unparen(acc);
  if (!Node.isIdentifier(a)) return false;
  const init = variableDeclarationOf(a)?.getInitializer();
  const e = init && unparen(init);
  return !!e && Node.isElementAccessExpression(e) && norm(unparen(e.getExpression()).getText()) === array;
}

/** Is the number type of `n` certain (declared, a numeric literal, an element of `new Array(n).fill(0)`)? */
function isKnownNumber(n: Node): boolean {
  const u = unparen(n);
  if (Node.isNumericLiteral(u) || isNumberNode(u)) return true;
  // sum[i] where `const sum = new Array(rows).fill(0)`: filled with numbers
  if (Node.isElementAccessExpression(u) && Node.isIdentifier(unparen(u.getExpression()))) {
    const init = variableDeclarationOf(unparen(u.getExpression()))?.getInitializer();
    const call = init && unparen(init);
    if (call && Node.isCallExpression(call) && Node.isPropertyAccessExpression(call.getExpression()) && (call.getExpression() as import("ts-morph").PropertyAccessExpression).getName() === "fill") {
      const value = call.getArguments()[0];
      return value !== undefined && (Node.isNumericLiteral(unparen(value)) || isNumberNode(value));
    }
  }
  return false;
}

/**
 * Does the read `r` (an element of an untyped array) sit where only a number makes sense:
 * `* / - % **`, unary minus, a Math function, a comparison or sum with a known number, a number
 * accumulator?
 */
function isNumericContext(r: Node, body: ElementwiseBody): boolean {
  let child: Node = r;
  let p = r.getParent();
  while (p && (Node.isParenthesizedExpression(p) || Node.isAsExpression(p) || Node.isNonNullExpression(p))) {
    child = p;
    p = p.getParent();
  }
  if (!p) return false;
  if (Node.isPrefixUnaryExpression(p)) return p.getOperatorToken() === SyntaxKind.MinusToken || p.getOperatorToken() === SyntaxKind.PlusToken;
  if (Node.isCallExpression(p)) return mathFunctionOf(p.getExpression()) !== undefined || isNumberConversion(p) || /^(Number\.)?isNaN$/.test(unparen(p.getExpression()).getText());
  if (Node.isBinaryExpression(p)) {
    const op = p.getOperatorToken().getKind();
    const other = p.getLeft() === child ? p.getRight() : p.getLeft();
    if ([SyntaxKind.AsteriskToken, SyntaxKind.SlashToken, SyntaxKind.MinusToken, SyntaxKind.PercentToken, SyntaxKind.AsteriskAsteriskToken, SyntaxKind.AsteriskEqualsToken, SyntaxKind.MinusEqualsToken, SyntaxKind.SlashEqualsToken].includes(op)) return true;
    // s += x[i] with s a number: a sum (`'' + x[i]` would be a string concatenation)
    if (op === SyntaxKind.PlusEqualsToken || op === SyntaxKind.PlusToken || op === SyntaxKind.EqualsToken) return isKnownNumber(other);
    if ([SyntaxKind.LessThanToken, SyntaxKind.GreaterThanToken, SyntaxKind.LessThanEqualsToken, SyntaxKind.GreaterThanEqualsToken].includes(op)) return isKnownNumber(other);
  }
  if (Node.isVariableDeclaration(p)) {
    // const v = x[i]: evidence comes from how v is used (one level)
    const name = p.getName();
    const scope = p.getFirstAncestor((a) => Node.isBlock(a) || Node.isSourceFile(a));
    if (!scope) return false;
    return scope.getDescendantsOfKind(SyntaxKind.Identifier).some((id) => id !== p.getNameNode() && id.getText() === name && symbolOf(id) === symbolOf(p.getNameNode()) && isNumericContext(id, body));
  }
  return false;
}

/** An untyped array written with a value that is a number by its form (arithmetic, Math, a literal). */
function writesNumber(target: Node): boolean {
  const p = target.getParent();
  const value = p && Node.isBinaryExpression(p) && p.getLeft() === target ? unparen(p.getRight()) : Node.isCallExpression(target) ? undefined : undefined;
  if (!value) return false;
  if (Node.isNumericLiteral(value) || isNumberNode(value)) return true;
  if (Node.isBinaryExpression(value)) return [SyntaxKind.AsteriskToken, SyntaxKind.SlashToken, SyntaxKind.MinusToken, SyntaxKind.AsteriskAsteriskToken].includes(value.getOperatorToken().getKind());
  if (Node.isCallExpression(value)) return mathFunctionOf(value.getExpression()) !== undefined;
  return Node.isPrefixUnaryExpression(value) && value.getOperatorToken() === SyntaxKind.MinusToken;
}

const SAME = (a: Node, b: Node) => norm(unparen(a).getText()) === norm(unparen(b).getText());

/** `isNaN(v) || v > m` / `Number.isNaN(v) || v > m`: the NaN test and the comparison. */
function nanOr(cond: Node): { compare: BinaryExpression; tested: Node } | undefined {
  const c = unparen(cond);
  if (!Node.isBinaryExpression(c) || c.getOperatorToken().getKind() !== SyntaxKind.BarBarToken) return undefined;
  const test = unparen(c.getLeft());
  const cmp = unparen(c.getRight());
  if (!Node.isCallExpression(test) || !/^(Number\.)?isNaN$/.test(unparen(test.getExpression()).getText()) || test.getArguments().length !== 1) return undefined;
  if (!Node.isBinaryExpression(cmp)) return undefined;
  return { compare: cmp, tested: test.getArguments()[0] };
}

/** Recognise one accumulator update statement (the accumulator: a plain outer identifier, or `isTarget` for element accumulators). */
export function matchAccumulation(s: Node, temporaries: Set<string>, isTarget?: (n: Node) => boolean): Omit<Accumulation, "conditional"> | undefined {
  const isAcc = (n: Node): boolean => (isTarget ? isTarget(n) : Node.isIdentifier(n) && !temporaries.has(n.getText()));
  // if (e > m) m = e;   if (m < e) m = e;   (and the min forms)
  // if (e > m) { m = e; k = i; }   if (x[i] > x[k]) k = i   (argmax/argmin)
  if (Node.isIfStatement(s) && !s.getElseStatement()) {
    let then: Node = s.getThenStatement();
    let inner: Node[] = [then];
    if (Node.isBlock(then)) inner = then.getStatements();
    if (inner.length < 1 || inner.length > 2) return undefined;
    const assigns = inner.map((t) => (Node.isExpressionStatement(t) ? unparen(t.getExpression()) : undefined));
    if (assigns.some((a) => !a || !isAssignment(a) || a.getOperatorToken().getKind() !== SyntaxKind.EqualsToken)) return undefined;
    let cond = unparen(s.getExpression());
    const nan = nanOr(cond);
    if (nan) cond = nan.compare;
    if (!Node.isBinaryExpression(cond)) return undefined;
    const op = cond.getOperatorToken().getKind();
    const l = cond.getLeft();
    const r = cond.getRight();
    const direction = (value: Node, acc: Node): "max" | "min" | undefined => {
      if (SAME(l, value) && SAME(r, acc)) return op === SyntaxKind.GreaterThanToken ? "max" : op === SyntaxKind.LessThanToken ? "min" : undefined;
      if (SAME(r, value) && SAME(l, acc)) return op === SyntaxKind.LessThanToken ? "max" : op === SyntaxKind.GreaterThanToken ? "min" : undefined;
      return undefined;
    };
    const pairs = assigns as BinaryExpression[];
    if (pairs.length === 1) {
      const [a] = pairs;
      const target = unparen(a.getLeft());
      if (!isAcc(target)) return undefined;
      const v = a.getRight();
      const dir = direction(v, target);
      if (dir) {
        if (nan && !SAME(nan.tested, v)) return undefined;
        return { statement: s as Statement, name: norm(target.getText()), node: target, kind: dir === "max" ? "max-if" : "min-if", value: v, nanPropagating: nan !== undefined };
      }
      // if (x[i] > x[best]) best = i
      if (Node.isIdentifier(target) && Node.isIdentifier(unparen(v)) && !nan) {
        const idx = unparen(v).getText();
        const other = SAME(l, v) ? undefined : [l, r].find((side) => Node.isElementAccessExpression(unparen(side)) && SAME((unparen(side) as import("ts-morph").ElementAccessExpression).getArgumentExpression() ?? side, target));
        if (other) {
          const value = other === l ? r : l;
          const byIndex = direction(value, other);
          if (byIndex) return { statement: s as Statement, name: target.getText(), node: target, kind: byIndex === "max" ? "argmax" : "argmin", value: value as Expression, indexName: idx };
        }
      }
      return undefined;
    }
    // { m = e; k = i; } in either order
    const [p, q] = pairs;
    for (const [valueAssign, indexAssign] of [[p, q], [q, p]]) {
      const target = unparen(valueAssign.getLeft());
      const idxTarget = unparen(indexAssign.getLeft());
      if (!isAcc(target) || !Node.isIdentifier(idxTarget) || !Node.isIdentifier(unparen(indexAssign.getRight()))) continue;
      const dir = direction(valueAssign.getRight(), target);
      if (!dir || (nan && !SAME(nan.tested, valueAssign.getRight()))) continue;
      return { statement: s as Statement, name: norm(target.getText()), node: target, kind: dir === "max" ? "argmax" : "argmin", value: valueAssign.getRight(), indexName: idxTarget.getText(), nanPropagating: nan !== undefined };
    }
    return undefined;
  }
  if (!Node.isExpressionStatement(s)) return undefined;
  const e = unparen(s.getExpression());
  // count++ / ++count (under an if: the number of elements matching a condition)
  if ((Node.isPostfixUnaryExpression(e) || Node.isPrefixUnaryExpression(e)) && e.getOperatorToken() === SyntaxKind.PlusPlusToken) {
    const target = unparen(e.getOperand());
    if (!isAcc(target)) return undefined;
    return { statement: s as Statement, name: norm(target.getText()), node: target, kind: "count", value: e as Expression };
  }
  if (!isAssignment(e)) return undefined;
  const target = unparen(e.getLeft());
  if (!isAcc(target)) return undefined;
  const name = norm(target.getText());
  const op = e.getOperatorToken().getText();
  const right = unparen(e.getRight());
  const base = { statement: s as Statement, name, node: target };
  if (op === "+=" && Node.isNumericLiteral(right) && Number(right.getLiteralValue()) === 1) return { ...base, kind: "count", value: e.getRight() };
  if (op === "+=") return { ...base, kind: "sum", value: e.getRight() };
  if (op === "-=") return { ...base, kind: "difference", value: e.getRight() };
  if (op === "*=") return { ...base, kind: "product", value: e.getRight() };
  if (op !== "=") return undefined;
  // s = s + e, s = e + s, p = p * e
  if (Node.isBinaryExpression(right)) {
    const k = right.getOperatorToken().getKind();
    const l = unparen(right.getLeft());
    const r = right.getRight();
    if (k === SyntaxKind.PlusToken && norm(l.getText()) === name) return { ...base, kind: "sum", value: r };
    if (k === SyntaxKind.PlusToken && norm(unparen(r).getText()) === name) return { ...base, kind: "sum", value: right.getLeft() };
    if (k === SyntaxKind.MinusToken && norm(l.getText()) === name) return { ...base, kind: "difference", value: r };
    if (k === SyntaxKind.AsteriskToken && norm(l.getText()) === name) return { ...base, kind: "product", value: r };
    if (k === SyntaxKind.AsteriskToken && norm(unparen(r).getText()) === name) return { ...base, kind: "product", value: right.getLeft() };
  }
  // m = Math.max(m, e), also through `const max = Math.max`
  if (Node.isCallExpression(right)) {
    const fn = mathFunctionOf(right.getExpression());
    const args = right.getArguments();
    if ((fn === "max" || fn === "min") && args.length === 2) {
      const kind = fn === "max" ? "max-call" : "min-call";
      if (norm(unparen(args[0]).getText()) === name) return { ...base, kind, value: args[1] as Expression };
      if (norm(unparen(args[1]).getText()) === name) return { ...base, kind, value: args[0] as Expression };
    }
  }
  // m = e > m ? e : m  (a max by ternary)
  if (Node.isConditionalExpression(right)) {
    const c = unparen(right.getCondition());
    if (Node.isBinaryExpression(c)) {
      const op2 = c.getOperatorToken().getKind();
      const a = right.getWhenTrue();
      const b = right.getWhenFalse();
      const isName = (n: Node) => norm(unparen(n).getText()) === name;
      if (isName(b) && SAME(c.getLeft(), a) && isName(c.getRight())) {
        if (op2 === SyntaxKind.GreaterThanToken) return { ...base, kind: "max-if", value: a as Expression };
        if (op2 === SyntaxKind.LessThanToken) return { ...base, kind: "min-if", value: a as Expression };
      }
    }
  }
  return undefined;
}

/** Does the (same-symbol) variable `a` denote the same binding as `b`? */
export function sameVariable(a: Node, b: Node): boolean {
  const sa = symbolOf(a);
  return sa !== undefined && sa === symbolOf(b);
}

// ---------------------------------------------------------------------------------------------
// Nests: 2-D maps, per-row reductions, axis reductions
// ---------------------------------------------------------------------------------------------

export type NestShape =
  /** A perfect nest whose innermost loop maps elements: a 2-D (or deeper) element-wise map. */
  | { kind: "map"; loops: IndexLoop[]; inner: ElementwiseBody }
  /** `for i { let s = 0; for j: s += f(x[i][j]); out[i] = s }` (or `out[i] += …` in the inner loop): one reduction per row. */
  | { kind: "row-reduction"; loops: IndexLoop[]; inner: ElementwiseBody; accumulations: Accumulation[] }
  /** `for i: for j: sums[j] += f(x[i][j])`: a reduction over the outer loop into a vector (column sums, per-channel sums). */
  | { kind: "axis-reduction"; loops: IndexLoop[]; inner: ElementwiseBody; writes: ElementWrite[] }
  /** `for i: for j: s += f(x[i][j])` into one scalar declared before the nest: a reduction of the whole grid. */
  | { kind: "grid-reduction"; loops: IndexLoop[]; inner: ElementwiseBody; accumulations: Accumulation[] };

/**
 * The loops of a nest from `outer` down, when each level's body is only (optional invariant
 * `const`/`let` declarations,) the next loop (and, for a reduction, stores of its accumulators).
 */
export function nestLoops(outer: IndexLoop): { loops: IndexLoop[]; prologue: Statement[][]; epilogue: Statement[][] } | undefined {
  const loops: IndexLoop[] = [outer];
  const prologue: Statement[][] = [];
  const epilogue: Statement[][] = [];
  for (let level = outer; ; ) {
    const stmts = level.body;
    const k = stmts.findIndex((s) => Node.isForStatement(s) || Node.isWhileStatement(s) || Node.isForOfStatement(s) || Node.isDoStatement(s));
    if (k < 0) break;
    const next = matchIndexLoop(stmts[k]);
    if (!next) return undefined;
    // another loop after this one: two sibling loops, not a nest
    if (stmts.slice(k + 1).some((s) => s.getDescendantsOfKind(SyntaxKind.ForStatement).length > 0 || Node.isForStatement(s) || Node.isWhileStatement(s) || Node.isForOfStatement(s))) return undefined;
    prologue.push(stmts.slice(0, k));
    epilogue.push(stmts.slice(k + 1));
    loops.push(next);
    level = next;
    if (loops.length > 4) return undefined;
  }
  return loops.length > 1 ? { loops, prologue, epilogue } : undefined;
}

/** Does the node mention one of the names (as an identifier)? */
function mentionsAny(n: Node, names: Set<string>): boolean {
  if (Node.isIdentifier(n)) return names.has(n.getText());
  let found = false;
  n.forEachDescendant((d, t) => {
    if (Node.isIdentifier(d) && names.has(d.getText())) {
      found = true;
      t.stop();
    }
  });
  return found;
}

/**
 * Classify a loop nest (outermost loop given) built around an element-wise or reducing innermost
 * loop. The levels above the innermost may declare invariant temporaries (`const offset = i * w`,
 * `let s = 0`, `let m = x[offset]`) before the inner loop and store accumulators after it
 * (`out[i] = s`, `vals[i] = m / n`); nothing else.
 */
export function classifyNest(outer: IndexLoop): NestShape | undefined {
  const nest = nestLoops(outer);
  if (!nest) return undefined;
  const { loops, prologue, epilogue } = nest;
  const innermost = loops[loops.length - 1];
  const verdict = analyzeElementwiseBody(innermost.body, { loops: [innermost], accumulators: true });
  if (!verdict.ok) return undefined;
  const inner = verdict.value;
  const outerIndices = new Set(loops.slice(0, -1).map((l) => l.index));
  // Levels above: declarations with pure values, and stores after the inner loop.
  const localAccumulators = new Set<string>();
  for (const stmts of prologue) {
    for (const s of stmts) {
      if (!Node.isVariableStatement(s)) return undefined;
      for (const d of s.getDeclarations()) {
        const init = d.getInitializer();
        // const image = stack.getImage(i): the data comes from a call per row, not one array the runtime could take
        if (!init || !Node.isIdentifier(d.getNameNode())) return undefined;
        const calls = [...(Node.isCallExpression(unparen(init)) ? [unparen(init) as CallExpression] : []), ...init.getDescendantsOfKind(SyntaxKind.CallExpression)];
        if (calls.some((c) => !mathFunctionOf(c.getExpression()) && !isNumberConversion(c))) return undefined;
        localAccumulators.add(d.getName());
      }
    }
  }
  // after the inner loop: stores of the row's result (`out[i] = s`, `scale.push(Math.sqrt(sum))`), nothing that loops again
  const stores = epilogue.flat();
  if (stores.some((s) => Node.isReturnStatement(s) || Node.isBreakStatement(s) || Node.isContinueStatement(s) || Node.isThrowStatement(s))) return undefined;
  // the outer loops must walk index ranges or numeric arrays (not a list of Point objects)
  for (const l of loops.slice(0, -1)) {
    if (l.kind === "for-of" && (arrayKindOf(l.bound) === undefined || arrayKindOf(l.bound) === "number[][]")) return undefined;
  }

  // palette[data[i]][c]: a row picked by data is a gather, not the nest's element
  if ([...inner.reads.values(), ...inner.writes.map((w) => w.array)].some((u) => /\[[^\]]*\[/.test(u.name))) return undefined;
  if (inner.writes.length > 0 && inner.accumulations.length === 0 && stores.length === 0) {
    // newImage.setValue(c, r, k, mean) over a cell: a fill, no input array to map
    if (inner.reads.size === 0) return undefined;
    // y[i][j] = f(x[i][j]): every written element depends on every loop's index → a map;
    // sums[j] += x[i][j]: the written element ignores an outer index → a reduction over it.
    // a write that ignores some outer index lands on the same element for every value of it: a reduction over that loop
    const independent = inner.writes.filter((w) => [...outerIndices].some((ix) => !mentionsOuter(w.array, new Set([ix]))));
    if (independent.length === 0) return { kind: "map", loops, inner };
    if (independent.every((w) => ["+=", "*=", "-=", "max=", "min="].includes(w.operator))) return { kind: "axis-reduction", loops, inner, writes: independent };
    return undefined;
  }
  if (inner.accumulations.length > 0 && inner.writes.length === 0) {
    const accs = inner.accumulations;
    // s declared before the whole nest: a reduction of every element
    const declaredOutside = accs.every((a) => !localAccumulators.has(a.name) && !mentionsAny(a.node, outerIndices));
    if (declaredOutside && stores.length === 0) return { kind: "grid-reduction", loops, inner, accumulations: accs };
    // `let s = 0` per row and `out[i] = s` after, or `out[i] += …` in the inner loop
    const perRow = accs.every((a) => localAccumulators.has(a.name) || mentionsAny(a.node, outerIndices));
    if (perRow) return { kind: "row-reduction", loops, inner, accumulations: accs };
  }
  return undefined;
}

/** Does the written element's position depend on an outer loop's index (`y[i][j]`, `y[i * w + j]`)? */
function mentionsOuter(use: ArrayUse, outerIndices: Set<string>): boolean {
  const names = `${use.name} ${use.offset}`;
  return [...outerIndices].some((i) => identifierPattern(i).test(names));
}


// ---------------------------------------------------------------------------------------------
// Callbacks: xs.map(v => f(v)), xs.map((v, i) => v * w[i]), m.map(row => row.map(…))
// ---------------------------------------------------------------------------------------------

export interface CallbackVerdict {
  /** The callback computes each result from its element (and the same element of other arrays) only. */
  ok: boolean;
  /** A nested `row.map(…)` over the element: a 2-D map. */
  nested: boolean;
  /** Some operation only makes sense on numbers (`* / - **`, unary minus, a Math function). */
  numeric: boolean;
  /** The element itself is used (not only the index: `(_, i) => i * dx` is a fill). */
  usesElement: boolean;
  /** Another array read at the element's index (`(v, i) => v * w[i]`). */
  otherReads: string[];
}

/** The one expression a callback returns: `v => expr`, `function (v) { return expr; }`. */
export function callbackExpression(fn: Node): Node | undefined {
  if (!(Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isFunctionDeclaration(fn))) return undefined;
  const body = fn.getBody();
  if (!body) return undefined;
  if (!Node.isBlock(body)) return body;
  const stmts = body.getStatements();
  return stmts.length === 1 && Node.isReturnStatement(stmts[0]) ? stmts[0].getExpression() : undefined;
}

/** `Math.log`, a callback function expression, or a same-file function / const arrow it names. */
export function resolveCallback(arg: Node): Node | undefined {
  const n = unparen(arg);
  if (Node.isArrowFunction(n) || Node.isFunctionExpression(n)) return n;
  if (Node.isIdentifier(n)) {
    const decl = declarationOf(n);
    if (decl && Node.isFunctionDeclaration(decl)) return decl;
    if (decl && Node.isVariableDeclaration(decl)) {
      const list = decl.getParent();
      const init = decl.getInitializer();
      if (Node.isVariableDeclarationList(list) && list.getDeclarationKind() === "const" && init && (Node.isArrowFunction(init) || Node.isFunctionExpression(init))) return init;
    }
  }
  return undefined;
}

/**
 * Is `fn` (the callback of `receiver.map(fn)`) an element-wise function of its element: arithmetic
 * of the element, the same element of other arrays (through the index parameter), loop-invariant
 * numbers, pure Math functions and same-file helpers that are such arithmetic themselves?
 */
export function analyzeMapCallback(arg: Node, depth = 0): CallbackVerdict {
  const fail: CallbackVerdict = { ok: false, nested: false, numeric: false, usesElement: false, otherReads: [] };
  const n = unparen(arg);
  // xs.map(Math.sqrt)
  if (Node.isPropertyAccessExpression(n) && unparen(n.getExpression()).getText() === "Math") {
    return PURE_MATH.has(n.getName()) && !["max", "min", "atan2", "pow", "hypot"].includes(n.getName()) ? { ok: true, nested: false, numeric: true, usesElement: true, otherReads: [] } : fail;
  }
  const fn = resolveCallback(n);
  if (!fn || !(Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isFunctionDeclaration(fn))) return fail;
  const params = fn.getParameters();
  if (params.length < 1 || params.length > 2 || !params.every((p) => Node.isIdentifier(p.getNameNode()))) return fail;
  const expr = callbackExpression(fn);
  if (!expr) return fail;
  return analyzeCallbackExpression(expr, fn, params[0].getName(), params[1]?.getName(), depth);
}

/**
 * Is `expr` (inside callback `fn`) an element-wise function of the element `value` (and, through
 * `indexName`, the same element of other arrays)? Shared by `.map` callbacks and the folded value
 * of `.reduce((acc, v, i) => acc + f(v, w[i]))`.
 */
export function analyzeCallbackExpression(expr: Node, fn: Node, value: string, indexName: string | undefined, depth = 0): CallbackVerdict {
  const fail: CallbackVerdict = { ok: false, nested: false, numeric: false, usesElement: false, otherReads: [] };
  const verdict: CallbackVerdict = { ok: true, nested: false, numeric: false, usesElement: false, otherReads: [] };
  const strong = new Set([SyntaxKind.AsteriskToken, SyntaxKind.SlashToken, SyntaxKind.MinusToken, SyntaxKind.AsteriskAsteriskToken, SyntaxKind.PercentToken]);
  const check = (e: Node): boolean => {
    const x = unparen(e);
    if (Node.isNumericLiteral(x)) return true;
    if (Node.isIdentifier(x)) {
      const name = x.getText();
      if (name === value) return (verdict.usesElement = true);
      if (name === indexName) return false; // the index as a value: not element-wise
      if (name === "Infinity" || name === "NaN") return true;
      const decl = declarationOf(x);
      if (decl && isWithin(decl, fn)) return false;
      if (arrayKindOf(x)) return false;
      return isNumberNode(x) || isUntypedScalar(x);
    }
    if (Node.isPropertyAccessExpression(x)) {
      const obj = unparen(x.getExpression());
      if (obj.getText() === "Math" || x.getText().startsWith("Number.")) return true;
      if (obj.getText() === value) return false; // v.x: an object, not a number
      return (Node.isIdentifier(obj) || Node.isThisExpression(obj)) && !mentionsName(x, value) && (isNumberNode(x) || isUntypedScalar(x));
    }
    if (Node.isElementAccessExpression(x)) {
      const arg = x.getArgumentExpression();
      const base = unparen(x.getExpression());
      // w[i]: the same element of another array
      if (!arg || indexName === undefined || unparen(arg).getText() !== indexName || !Node.isIdentifier(base) || base.getText() === value) return false;
      if (!arrayKindOf(base) && !isUntyped(base)) return false;
      verdict.otherReads.push(base.getText());
      return true;
    }
    if (Node.isBinaryExpression(x)) {
      const op = x.getOperatorToken().getKind();
      if (strong.has(op)) verdict.numeric = true;
      const allowed = strong.has(op) || op === SyntaxKind.PlusToken || op === SyntaxKind.LessThanToken || op === SyntaxKind.GreaterThanToken ||
        op === SyntaxKind.LessThanEqualsToken || op === SyntaxKind.GreaterThanEqualsToken || op === SyntaxKind.BarBarToken || op === SyntaxKind.AmpersandAmpersandToken ||
        op === SyntaxKind.EqualsEqualsEqualsToken || op === SyntaxKind.ExclamationEqualsEqualsToken;
      return allowed && check(x.getLeft()) && check(x.getRight());
    }
    if (Node.isPrefixUnaryExpression(x)) {
      const op = x.getOperatorToken();
      if (op === SyntaxKind.MinusToken) verdict.numeric = true;
      return (op === SyntaxKind.MinusToken || op === SyntaxKind.PlusToken || op === SyntaxKind.ExclamationToken) && check(x.getOperand());
    }
    if (Node.isConditionalExpression(x)) return check(x.getCondition()) && check(x.getWhenTrue()) && check(x.getWhenFalse());
    if (Node.isCallExpression(x)) {
      const callee = x.getExpression();
      if (mathFunctionOf(callee)) {
        verdict.numeric = true;
        return x.getArguments().every(check);
      }
      if (isNumberConversion(x)) return check(x.getArguments()[0]);
      // row.map(v => …) over the element: a nested (2-D) map
      if (Node.isPropertyAccessExpression(callee) && callee.getName() === "map" && unparen(callee.getExpression()).getText() === value && x.getArguments().length === 1 && depth === 0) {
        const inner = analyzeMapCallback(x.getArguments()[0], depth + 1);
        if (!inner.ok) return false;
        verdict.nested = true;
        verdict.usesElement ||= inner.usesElement;
        verdict.numeric ||= inner.numeric;
        return true;
      }
      // _normalize(n, range) where `function _normalize(num, range) { return num / range; }`
      const helper = Node.isIdentifier(callee) ? resolveCallback(callee) : undefined;
      if (helper && depth < 2 && isPureArithmetic(helper)) {
        verdict.numeric = true;
        return x.getArguments().every(check);
      }
      return false;
    }
    return false;
  };
  if (!check(expr)) return fail;
  return verdict;
}

function mentionsName(n: Node, name: string): boolean {
  return n.getDescendantsOfKind(SyntaxKind.Identifier).some((id) => id.getText() === name);
}

/** A helper whose body returns arithmetic of its own parameters, numbers and Math functions only. */
function isPureArithmetic(fn: Node): boolean {
  if (!(Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isFunctionDeclaration(fn))) return false;
  const params = new Set(fn.getParameters().map((p) => p.getName()));
  const expr = callbackExpression(fn);
  if (!expr) return false;
  const ok = (e: Node): boolean => {
    const x = unparen(e);
    if (Node.isNumericLiteral(x)) return true;
    if (Node.isIdentifier(x)) return params.has(x.getText()) || x.getText() === "Infinity" || x.getText() === "NaN";
    if (Node.isBinaryExpression(x)) return ["+", "-", "*", "/", "**", "%"].includes(x.getOperatorToken().getText()) && ok(x.getLeft()) && ok(x.getRight());
    if (Node.isPrefixUnaryExpression(x)) return x.getOperatorToken() === SyntaxKind.MinusToken && ok(x.getOperand());
    if (Node.isPropertyAccessExpression(x)) return unparen(x.getExpression()).getText() === "Math";
    if (Node.isCallExpression(x)) return mathFunctionOf(x.getExpression()) !== undefined && x.getArguments().every(ok);
    return false;
  };
  return ok(expr);
}
