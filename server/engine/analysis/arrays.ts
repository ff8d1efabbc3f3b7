// Facts about array variables that make a fix provably safe: "y has x's length", "y is a fresh
// buffer nobody else can see" (so it cannot overlap another array).
import { Node, type Symbol as MorphSymbol } from "ts-morph";
import { arrayKindOf, isTypedArrayName } from "./types";
import { enclosingScope, isEverReassigned, referencesIn, symbolOf, variableDeclarationOf } from "./scope";
import { isConstLike, lengthOperand } from "./loops";
import { unparen } from "./syntax";

/** `new Float64Array(…)`, `Float64Array.from(…)`, `Float64Array.of(…)`: returns [ctorName, args]. */
export function typedArrayAllocation(init: Node): { ctor: string; args: Node[]; via: "new" | "from" | "of" } | undefined {
  const n = unparen(init);
  if (Node.isNewExpression(n)) {
    const ctor = n.getExpression().getText();
    if (isTypedArrayName(ctor)) return { ctor, args: n.getArguments(), via: "new" };
  }
  if (Node.isCallExpression(n)) {
    const callee = n.getExpression();
    if (Node.isPropertyAccessExpression(callee) && isTypedArrayName(callee.getExpression().getText())) {
      const via = callee.getName();
      if (via === "from" || via === "of") return { ctor: callee.getExpression().getText(), args: n.getArguments(), via };
    }
  }
  return undefined;
}

/**
 * A key for "this array's length": the variable whose `.length` it provably equals, or the
 * never-reassigned number variable it was allocated with. The variable whose `.length` this array's length provably equals, following
 * `const y = new Float64Array(x.length)`, `const n = x.length; new Float64Array(n)`,
 * `Float64Array.from(x)` and `new Float64Array(x)` chains. An array that is never reassigned is
 * its own root. Undefined when nothing is provable (e.g. a parameter of unknown length, a
 * reassigned `let`).
 */
export function lengthRoot(id: Node, depth = 0): MorphSymbol | undefined {
  if (depth > 8 || !Node.isIdentifier(id)) return undefined;
  // x = other between the allocation and the loop would break every length fact.
  if (isEverReassigned(id)) return undefined;
  const decl = variableDeclarationOf(id);
  const init = decl?.getInitializer();
  if (init) {
    const alloc = typedArrayAllocation(init);
    if (alloc && alloc.args.length === 1 && alloc.via !== "of") {
      const arg = unparen(alloc.args[0]);
      const fromLength = lengthExpressionRoot(arg, depth + 1);
      if (fromLength) return fromLength;
      // new Float64Array(x) / Float64Array.from(x): a copy with x's length.
      if (Node.isIdentifier(arg) && !isNumberish(arg) && arrayKindOf(arg)) {
        const copied = lengthRoot(arg, depth + 1);
        if (copied) return copied;
      }
    }
  }
  return symbolOf(id);
}

function isNumberish(n: Node): boolean {
  try {
    const t = n.getType();
    return t.isNumber() || t.isNumberLiteral();
  } catch {
    return false;
  }
}

/** `x.length` or a `const n = x.length` → x's length root. */
export function lengthExpressionRoot(e: Node, depth = 0): MorphSymbol | undefined {
  const n = unparen(e);
  const direct = lengthOperand(n);
  if (direct) return lengthRoot(unparen(direct), depth + 1);
  if (Node.isIdentifier(n)) {
    const decl = variableDeclarationOf(n);
    const init = decl?.getInitializer();
    if (decl && init && isConstLike(n)) {
      const inner = lengthOperand(unparen(init));
      if (inner) return lengthRoot(unparen(inner), depth + 1);
    }
    // A number that never changes is its own key: `new Float64Array(n)` has length n exactly
    // whenever a loop `i < n` runs at all (a fractional, negative or too large n throws, NaN
    // gives length 0 and zero iterations).
    if (isNumberish(n) && !isEverReassigned(n)) return symbolOf(n);
  }
  return undefined;
}

/**
 * A buffer this function allocated itself (`const y = new Float64Array(n)` / `.from(…)`),
 * never reassigned, and only ever indexed, measured (`.length`) or returned: no other name can
 * refer to its memory, so it cannot overlap another array.
 */
export function isUnaliasedFreshArray(id: Node): boolean {
  if (!Node.isIdentifier(id)) return false;
  const decl = variableDeclarationOf(id);
  const init = decl?.getInitializer();
  if (!decl || !init || !typedArrayAllocation(init) || isEverReassigned(id)) return false;
  const scope = enclosingScope(decl);
  for (const ref of referencesIn(id, scope)) {
    if (ref === decl.getNameNode()) continue;
    const parent = ref.getParent();
    if (!parent) return false;
    if (Node.isElementAccessExpression(parent) && parent.getExpression() === ref) continue;
    if (Node.isPropertyAccessExpression(parent) && parent.getName() === "length") continue;
    if (Node.isReturnStatement(parent)) continue;
    // return { zr, zi }: handing the buffer to the caller makes no second name here.
    if (Node.isShorthandPropertyAssignment(parent) || Node.isPropertyAssignment(parent)) {
      const obj = parent.getParent();
      const holder = obj?.getParent();
      if (obj && Node.isObjectLiteralExpression(obj) && holder && Node.isReturnStatement(holder)) continue;
    }
    return false;
  }
  return true;
}
