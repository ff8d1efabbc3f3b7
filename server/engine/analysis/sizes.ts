// Arrays whose length is known to be tiny: array literals, tuples, small fixed allocations, and the
// rank-length arrays of tensor and image code (shape, strides, a pixel's channels). A runtime call
// costs more than a loop over a handful of elements, so the rules stay silent on them.
import { Node, type Type } from "ts-morph";
import type { IndexLoop } from "./loops";
import { typedArrayAllocation } from "./arrays";
import { declarationOf, isEverReassigned, variableDeclarationOf } from "./scope";
import { unparen } from "./syntax";

/**
 * An array the code shows to hold at most this many elements is "tiny": a runtime call's fixed cost
 * (about 10 µs for nd.sum, a few µs for a fused nd.evaluate) exceeds the whole loop. Measured (node
 * 20, one interleaved run, load 14 on 2 cores): at 24 elements the fused map runs at 0.34× the
 * loop's speed and nd.sum far slower; the map breaks even near 200 elements, nd.sum near 1,000.
 * Docs: docs/rules/elementwise-loop.md. (A literal loop bound uses elementwise-loop's TINY_TRIP_COUNT.)
 */
export const TINY_LENGTH = 32;

/**
 * Names of counts that are a tensor's rank or a pixel's channels: `rank`, `ndim`, `image.channels`,
 * `this.components`. Loops bounded by them run a handful of times.
 */
const RANK_COUNT = /^(?:rank|[a-zA-Z]*Rank|ndims?|nDims|numDims|channels|components|nbChannels|numChannels|dims?|dimensions)$/;

/** Names of arrays of rank length: shape, strides, a location, an axis list, a permutation. */
const RANK_ARRAY = /^(?:shape|strides?|dims|axes|perm|loc|newLoc|newShape|outShape|inShape|xShape|aShape|bShape|[a-z]*Shape|[a-z]*Strides|[a-z]*BroadcastDims|kernel[A-Z0-9]?\w*)$/;

/**
 * The number the code shows for `e`: a literal, a never-reassigned variable holding one
 * (`const N = 24`, `var n = numberOfBands`), or a parameter's default (`numberOfBarkBands = 24`).
 */
export function knownNumber(e: Node, depth = 0): number | undefined {
  if (depth > 3) return undefined;
  const n = unparen(e);
  if (Node.isNumericLiteral(n)) return Number(n.getLiteralValue());
  // tableSize / 2, N * N: arithmetic of known numbers
  if (Node.isBinaryExpression(n)) {
    const l = knownNumber(n.getLeft(), depth + 1);
    const r = l === undefined ? undefined : knownNumber(n.getRight(), depth + 1);
    if (l === undefined || r === undefined) return undefined;
    const op = n.getOperatorToken().getText();
    return op === "+" ? l + r : op === "-" ? l - r : op === "*" ? l * r : op === "/" ? l / r : undefined;
  }
  if (!Node.isIdentifier(n)) return undefined;
  const decl = declarationOf(n);
  if (!decl) return undefined;
  if (Node.isVariableDeclaration(decl)) {
    const init = decl.getInitializer();
    return init && !isEverReassigned(n) ? knownNumber(init, depth + 1) : undefined;
  }
  // function f({ numberOfBarkBands = 24 }) / function f(n = 24): the size the code runs with unless told otherwise
  if ((Node.isParameterDeclaration(decl) || Node.isBindingElement(decl)) && !isEverReassigned(n)) {
    const init = decl.getInitializer();
    return init ? knownNumber(init, depth + 1) : undefined;
  }
  return undefined;
}

/** The literal length of an array literal, a tuple type or `new Float64Array(3)` behind `e`. */
function literalLength(e: Node, depth = 0): number | undefined {
  if (depth > 3) return undefined;
  const n = unparen(e);
  // `[]` grows as the code writes it: its literal says nothing about its final size
  if (Node.isArrayLiteralExpression(n)) return n.getElements().length === 0 || n.getElements().some((x) => Node.isSpreadElement(x)) ? undefined : n.getElements().length;
  const alloc = typedArrayAllocation(n);
  if (alloc && alloc.via === "new" && alloc.args.length === 1) {
    const a = unparen(alloc.args[0]);
    if (Node.isArrayLiteralExpression(a)) return a.getElements().length;
    const known = knownNumber(a);
    if (known !== undefined) return known;
  }
  if (Node.isIdentifier(n)) {
    const decl = variableDeclarationOf(n);
    const init = decl?.getInitializer();
    if (init && !isEverReassigned(n)) {
      const fromInit = literalLength(init, depth + 1);
      if (fromInit !== undefined) return fromInit;
    }
    return tupleLength(n);
  }
  return undefined;
}

function tupleLength(n: Node): number | undefined {
  let t: Type;
  try {
    t = n.getType();
  } catch {
    return undefined;
  }
  return t.isTuple() ? t.getTupleElements().length : undefined;
}

/** `new Array(image.channels)`, `new Float64Array(rank)`: an allocation of rank length. */
function allocatedWithRankCount(e: Node): boolean {
  const n = unparen(e);
  if (!Node.isIdentifier(n)) return false;
  const init = variableDeclarationOf(n)?.getInitializer();
  if (!init) return false;
  let cur = unparen(init);
  // new Array(c).fill(0)
  while (Node.isCallExpression(cur) && Node.isPropertyAccessExpression(cur.getExpression()) && ["fill", "map"].includes((cur.getExpression() as import("ts-morph").PropertyAccessExpression).getName())) {
    cur = unparen((cur.getExpression() as import("ts-morph").PropertyAccessExpression).getExpression());
  }
  if (!Node.isNewExpression(cur) || cur.getArguments().length !== 1) return false;
  return isRankCount(cur.getArguments()[0]);
}

/** `rank`, `image.channels`, `shape.length`: a count that is a rank. */
function isRankCount(e: Node): boolean {
  const n = unparen(e);
  if (Node.isIdentifier(n)) return RANK_COUNT.test(n.getText());
  if (Node.isPropertyAccessExpression(n)) {
    if (n.getName() === "length") return isTinyArray(n.getExpression());
    return RANK_COUNT.test(n.getName());
  }
  return false;
}

/** An array known to hold at most TINY_LENGTH elements (by its literal, tuple type, allocation or rank-length name). */
export function isTinyArray(e: Node): boolean {
  const n = unparen(e);
  const len = literalLength(n);
  if (len !== undefined) return len <= TINY_LENGTH;
  const name = Node.isIdentifier(n) ? n.getText() : Node.isPropertyAccessExpression(n) ? n.getName() : undefined;
  if (name && RANK_ARRAY.test(name)) return true;
  return allocatedWithRankCount(n);
}

/**
 * Why a loop's trip count is tiny, when it is bounded by a rank-length count or a tiny array's
 * length (`d < shape.length`, `c < image.channels`, `for (const v of [a, b, c])`); undefined otherwise.
 */
export function tinyLoopReason(loop: IndexLoop): string | undefined {
  const bound = unparen(loop.bound);
  if (loop.entries && isTinyArray(loop.entries.array)) return `it iterates \`${clip(loop.entries.array.getText())}\`, a tiny array`;
  if (Node.isPropertyAccessExpression(bound) && bound.getName() === "length" && isTinyArray(bound.getExpression())) {
    return `its bound \`${clip(bound.getText())}\` is the length of a tiny (rank-length) array`;
  }
  if (isRankCount(bound)) return `its bound \`${clip(bound.getText())}\` is a rank or channel count (a handful of iterations)`;
  return undefined;
}

function clip(text: string): string {
  return text.length > 30 ? text.slice(0, 29) + "…" : text;
}

/**
 * An array this function allocates itself and never reassigns (`const a = new Array(n)`, `[]`,
 * `new Float64Array(n)`, `Array.from(…)`, `new Array(n).fill(0)`): it cannot be a view of another array.
 */
export function isLocalAllocation(e: Node): boolean {
  const n = unparen(e);
  if (!Node.isIdentifier(n) || isEverReassigned(n)) return false;
  const init = variableDeclarationOf(n)?.getInitializer();
  if (!init) return false;
  let cur = unparen(init);
  while (Node.isCallExpression(cur) && Node.isPropertyAccessExpression(cur.getExpression()) && (cur.getExpression() as import("ts-morph").PropertyAccessExpression).getName() === "fill") {
    cur = unparen((cur.getExpression() as import("ts-morph").PropertyAccessExpression).getExpression());
  }
  if (Node.isArrayLiteralExpression(cur)) return true;
  if (typedArrayAllocation(cur)) return true;
  if (Node.isNewExpression(cur) && cur.getExpression().getText() === "Array") return true;
  if (Node.isCallExpression(cur)) {
    const callee = cur.getExpression().getText();
    return callee === "Array.from" || callee === "Array" || callee === "Array.of";
  }
  return false;
}
