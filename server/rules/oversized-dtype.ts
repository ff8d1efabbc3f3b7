// oversized-dtype — docs: docs/rules/oversized-dtype.md
//
// What it does: finds a typed array that provably stores only values of a narrower element type
// (loop indices in a Float64Array, 0/1 flags in an Int32Array, bytes copied into a Float64Array,
// a bit-twiddling table of 13..26 in a Uint32Array), and `boolean[]` flags that could be a
// Uint8Array.
// Why is this bad? 8 bytes spent on a value that fits in 1: loops and copies move 2–8× more memory,
// caches hold fewer elements (NumPy: use the smallest dtype that holds the data).
// Example: `const flags = new Float64Array(n); … flags[i] = x[i] > t ? 1 : 0;`
// Use instead: `const flags = new Uint8Array(n);`
// Fix safety: the proof is a range analysis of every value the array stores — its initial contents
// and every write `a[k] = e`, `a.fill(e)`, `a.set(src)` — modelled through the store's own
// conversion (ToInt32/ToUint32/ToUint16/…: truncation and wrap-around; ToUint8Clamp; Math.fround;
// NaN → 0). The narrower type is proposed only when it stores exactly the same values for every
// write (reads, comparisons and Math.max then observe the same numbers). Any use that could write
// behind the analysis's back (passing the array on, an alias, `.buffer`) ends it without a report.
// The fix swaps the constructor (and a matching type annotation): safe for a local array; a
// refactor naming why when the array escapes (exported in any form, returned, stored, captured by
// a function other code can call: its type is part of an API) or the proof needs an assumption.
// `boolean[]` flags get a refactor (a Uint8Array drops writes past its end where a list grows).
import { Node, SyntaxKind, ts } from "ts-morph";
import type { CallExpression, Identifier, NewExpression, VariableDeclaration } from "ts-morph";
import { guarded, type Rule, type RuleContext } from "../engine/rule";
import type { BenchSpec, BenchVariable, TextEdit } from "../engine/types";
import { freeVariables } from "../engine/analysis/scope";
import { clipCode } from "../engine/analysis/syntax";
import { usesOf, type Reference } from "../engine/analysis/defuse";
import { escapeOfValue, escapesOf, type Escape } from "../engine/analysis/escapes";
import { isRankSized } from "../engine/analysis/growth";
import { findCandidates } from "../engine/analysis/candidates";
import {
  ELEMENT_TYPES,
  INT32_MAX,
  INT32_MIN,
  INTEGER_TYPES,
  domainOf,
  elementRange,
  elementTypeOf,
  indexInRange,
  interval,
  storedDomain,
  union,
  unwrapValue,
  type Domain,
  type ElementType,
} from "../engine/analysis/ranges";

/** Element types worth narrowing from (a 1-byte array cannot shrink). */
const NARROWABLE = new Set(["Float64Array", "Float32Array", "Int32Array", "Uint32Array", "Int16Array", "Uint16Array"]);

/** An array of at most this many elements saves too few bytes to be worth a finding (vec4, mat4). */
const TINY_LENGTH = 16;

/**
 * A float table of at most this many elements (2 KB as Float64Array) stays in the L1 cache either
 * way; as integers, every read that feeds float arithmetic pays a conversion (simplex-noise keeps
 * its gradient tables as doubles because the author measured them faster).
 */
const SMALL_FLOAT_TABLE = 256;

export const oversizedDtype: Rule = {
  meta: {
    id: "oversized-dtype",
    summary: "Use the smallest typed array that provably holds every value the array stores.",
    defaultSeverity: "warning",
    fixability: "safe",
    docsPath: "docs/rules/oversized-dtype.md",
    messages: {
      narrower: "`{{name}}` only holds integers in {{range}}: {{target}} stores them in {{ratio}}× less memory than {{current}}.",
      booleanFlags: "`{{name}}` is a boolean[] of flags: a Uint8Array of 0/1 stores them in 1 byte each.",
    },
  },
  check(ctx: RuleContext): void {
    for (const decl of findCandidates(ctx, ts.isVariableDeclaration) as VariableDeclaration[]) {
      const init = decl.getInitializer();
      // cheap syntactic filter first: only `new T(…)`, `T.from/of(…)` and `Array(n).fill(bool)` shapes
      if (!init) continue;
      if (looksLikeTypedArray(init)) guarded(ctx, decl, () => checkDeclaration(ctx, decl));
      else if (looksLikeFlagList(init)) guarded(ctx, decl, () => checkBooleanFlags(ctx, decl));
    }
  },
};

function looksLikeTypedArray(init: Node): boolean {
  const node = unwrapValue(init);
  if (Node.isNewExpression(node)) return NARROWABLE.has(node.getExpression().getText());
  if (!Node.isCallExpression(node)) return false;
  const callee = node.getExpression();
  return Node.isPropertyAccessExpression(callee) && (callee.getName() === "from" || callee.getName() === "of") && NARROWABLE.has(callee.getExpression().getText());
}

function isGlobal(id: Identifier): boolean {
  const declarations = id.getSymbol()?.getDeclarations() ?? [];
  return declarations.length > 0 && declarations.every((d) => d.getSourceFile().isDeclarationFile());
}

// ---------------------------------------------------------------------------------------------
// The array's uses
// ---------------------------------------------------------------------------------------------

interface Survey {
  /** The domain of every value written (undefined entry: any number). */
  writes: Array<Domain | undefined>;
  /** A use that could write values we cannot see, or observes the element type. */
  opaque: string | undefined;
  /** `return a` statements (for the return type edit). */
  returned: Node[];
}

/** Methods that read values only (no callback receives the array, no typed array is returned). */
const READ_ONLY_METHODS = new Set(["indexOf", "lastIndexOf", "includes", "at", "join", "toString", "toLocaleString"]);

function survey(uses: Reference[], current: ElementType, target: unknown): Survey {
  const result: Survey = { writes: [], opaque: undefined, returned: [] };
  for (const ref of uses) {
    if (ref.kind === "declaration") continue;
    const use = classifyUse(ref.id, current, target);
    if (use.kind === "write") result.writes.push(use.domain);
    else if (use.kind === "opaque") result.opaque ??= use.why;
    else if (use.kind === "returned") result.returned.push(use.statement);
  }
  return result;
}

type Use =
  | { kind: "read" }
  | { kind: "write"; domain: Domain | undefined }
  | { kind: "returned"; statement: Node }
  | { kind: "escape" }
  | { kind: "opaque"; why: string };

function isAssignment(kind: SyntaxKind): boolean {
  return kind >= SyntaxKind.FirstAssignment && kind <= SyntaxKind.LastAssignment;
}

function classifyUse(id: Identifier, current: ElementType, target: unknown): Use {
  const parent = id.getParentOrThrow();
  if (Node.isElementAccessExpression(parent) && parent.getExpression() === id) {
    const grand = parent.getParentOrThrow();
    if (Node.isBinaryExpression(grand) && grand.getLeft() === parent && isAssignment(grand.getOperatorToken().getKind())) {
      // a[k] += 1: a running count / recurrence is not bounded by this analysis
      if (grand.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) return { kind: "opaque", why: "read-modify-write of an element" };
      const value = unwrapValue(grand.getRight());
      // a[i] = a[j]: a copy inside the array stores a value it already holds, or — for an index
      // outside it — undefined, which an integer array stores as 0 whatever its width, and a
      // float array as NaN
      if (Node.isElementAccessExpression(value) && isTarget(value.getExpression(), target)) {
        if (current.store === "wrap") return { kind: "write", domain: interval(0, 0) };
        return indexInRange(value.getArgumentExpressionOrThrow(), unwrapValue(value.getExpression()) as Identifier) ? { kind: "read" } : { kind: "write", domain: undefined };
      }
      return { kind: "write", domain: domainOf(value, { target }) };
    }
    // a[k]++, delete a[k], [a[0], a[1]] = …: writes the analysis does not bound
    if (Node.isPrefixUnaryExpression(grand) || Node.isPostfixUnaryExpression(grand) || Node.isDeleteExpression(grand) || isDestructuringTarget(parent)) {
      return { kind: "opaque", why: "an element is written in a form the analysis does not follow" };
    }
    return { kind: "read" };
  }
  if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === id) {
    const member = parent.getName();
    const grand = parent.getParentOrThrow();
    const isCall = Node.isCallExpression(grand) && grand.getExpression() === parent;
    const isStatement = isCall && Node.isExpressionStatement(grand.getParentOrThrow());
    if (member === "length" && !isCall && !isWriteTarget(parent)) return { kind: "read" };
    if (isCall && READ_ONLY_METHODS.has(member)) return { kind: "read" };
    // fill/sort/reverse/copyWithin return the array itself: only as a statement is that not an alias
    if (isStatement && member === "fill") {
      const args = (grand as CallExpression).getArguments();
      return args.length >= 1 ? { kind: "write", domain: domainOf(args[0], { target }) } : { kind: "opaque", why: "fill() without a value" };
    }
    if (isStatement && member === "set") {
      const args = (grand as CallExpression).getArguments();
      const source = args[0] ? elementTypeOf(args[0].getType()) : undefined;
      // a.set(floats) / a.set(list): values the analysis does not bound
      return args.length >= 1 ? { kind: "write", domain: source ? elementRange(source) : undefined } : { kind: "opaque", why: "set() without a source" };
    }
    // sort/reverse/copyWithin permute values the array already holds
    if (isStatement && ["sort", "reverse", "copyWithin"].includes(member) && (grand as CallExpression).getArguments().length <= (member === "copyWithin" ? 3 : 0)) {
      return { kind: "read" };
    }
    // a.byteLength, a.buffer, a.subarray(), a.map(): see the element type or alias the memory
    return { kind: "opaque", why: `\`.${member}\` depends on the element type or aliases the array` };
  }
  // for (const v of a) / [...a] / f(...a): values only
  if (Node.isForOfStatement(parent) && parent.getExpression() === id) return { kind: "read" };
  if (Node.isSpreadElement(parent)) return { kind: "read" };
  const escape = escapeOfValue(id);
  if (escape) {
    if (escape.kind === "returned") {
      const statement = id.getFirstAncestor((a) => Node.isReturnStatement(a));
      return statement ? { kind: "returned", statement } : { kind: "escape" };
    }
    if (escape.kind === "exported" || escape.kind === "stored") return { kind: "escape" };
    // f(a), const b = a, new Foo(a): other code may write values the analysis cannot see
    return { kind: "opaque", why: `the array is ${escape.why}` };
  }
  // a === b, typeof a, if (a): the identity, never the values
  if (Node.isBinaryExpression(parent) && [SyntaxKind.EqualsEqualsEqualsToken, SyntaxKind.ExclamationEqualsEqualsToken].includes(parent.getOperatorToken().getKind())) {
    return { kind: "read" };
  }
  if (Node.isTypeOfExpression(parent)) return { kind: "read" };
  return { kind: "opaque", why: "the array is used in a way the analysis does not follow" };
}

function isTarget(node: Node, target: unknown): boolean {
  const n = unwrapValue(node);
  return Node.isIdentifier(n) && usesOf(n)?.symbol === target;
}

function isWriteTarget(node: Node): boolean {
  const parent = node.getParent();
  if (!parent) return false;
  if (Node.isBinaryExpression(parent) && parent.getLeft() === node && isAssignment(parent.getOperatorToken().getKind())) return true;
  return (Node.isPrefixUnaryExpression(parent) || Node.isPostfixUnaryExpression(parent)) && [SyntaxKind.PlusPlusToken, SyntaxKind.MinusMinusToken].includes(parent.getOperatorToken());
}

function isDestructuringTarget(node: Node): boolean {
  for (let n: Node | undefined = node.getParent(); n; n = n.getParent()) {
    if (Node.isArrayLiteralExpression(n) || Node.isObjectLiteralExpression(n) || Node.isPropertyAssignment(n) || Node.isShorthandPropertyAssignment(n) || Node.isSpreadElement(n)) continue;
    return Node.isBinaryExpression(n) && n.getOperatorToken().getKind() === SyntaxKind.EqualsToken && n.getLeft().getPos() <= node.getPos() && node.getEnd() <= n.getLeft().getEnd() && n.getLeft() !== node;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Typed arrays
// ---------------------------------------------------------------------------------------------

interface Construction {
  /** The constructor identifier (`Float64Array` in `new Float64Array(n)` / `Float64Array.from(src)`). */
  ctor: Identifier;
  /** The values the initial contents are stored from (undefined: unknown); zeros for `new T(n)`. */
  initial: Domain | undefined;
  /** True when the initial contents are data (a copy), not zeros. */
  copied: boolean;
  /** The element count when it is a literal (tiny arrays are not worth a finding). */
  length?: number;
}

function construction(init: Node): Construction | undefined {
  const node = unwrapValue(init);
  let ctor: Node | undefined;
  let args: Node[] = [];
  let via: "new" | "from" | "of" = "new";
  if (Node.isNewExpression(node)) {
    ctor = node.getExpression();
    args = node.getArguments();
  } else if (Node.isCallExpression(node)) {
    const callee = node.getExpression();
    if (!Node.isPropertyAccessExpression(callee)) return undefined;
    ctor = callee.getExpression();
    args = node.getArguments();
    via = callee.getName() === "of" ? "of" : "from";
    // Float64Array.from(src, f): mapped values
    if (via === "from" && args.length !== 1) return undefined;
  }
  if (!ctor || !Node.isIdentifier(ctor) || !NARROWABLE.has(ctor.getText()) || !isGlobal(ctor)) return undefined;
  // Int8Array.of(-1, 0, 1): its arguments are the contents
  if (via === "of") return { ctor, initial: literalContents(args), copied: true, length: args.length };
  if (args.length === 0) return { ctor, initial: interval(0, 0), copied: false, length: 0 };
  // new Float32Array(buffer, offset, n): a view whose bytes are a format
  if (args.length !== 1) return { ctor, initial: undefined, copied: false };
  const source = args[0];
  const sourceType = source.getType();
  // new Float64Array(n): n zeros
  if (via === "new" && (sourceType.isNumber() || sourceType.isNumberLiteral())) {
    const n = domainOf(source);
    return { ctor, initial: interval(0, 0), copied: false, ...(n && n.lo === n.hi ? { length: n.lo } : {}) };
  }
  // new Float64Array(rgba): a copy of an integer typed array
  const element = elementTypeOf(sourceType);
  if (element) return { ctor, initial: elementRange(element), copied: true };
  // new Float64Array([0, 1, -1]): literal contents
  const literal = unwrapValue(source);
  if (Node.isArrayLiteralExpression(literal)) {
    return { ctor, initial: literalContents(literal.getElements()), copied: true, length: literal.getElements().length };
  }
  return { ctor, initial: undefined, copied: false };
}

function literalContents(elements: Node[]): Domain | undefined {
  let d: Domain | undefined = interval(0, 0);
  for (const [k, el] of elements.entries()) {
    // [...xs] / [, 1]: values the analysis does not know
    if (Node.isSpreadElement(el) || Node.isOmittedExpression(el)) return undefined;
    const v = domainOf(el);
    d = k === 0 ? v : union(d, v);
    if (!d) return undefined;
  }
  return d;
}

/**
 * Can `target` replace `current` for a write of `value`, storing the same number? An integer
 * array stores ToIntN(v); a narrower integer type stores ToIntM(v) = ToIntM(ToIntN(v)) (2^M divides
 * 2^N), which equals ToIntN(v) when that lies in the narrower range. A float array stores v itself
 * (or fround(v)): the same only for an integer v in range that is never -0 or NaN.
 */
function storesSame(value: Domain | undefined, current: ElementType, target: ElementType): boolean {
  if (current.store === "wrap") {
    const stored = storedDomain(value, current);
    return stored !== undefined && stored.lo >= target.lo! && stored.hi <= target.hi!;
  }
  if (!value || !value.int || value.nan || value.negZero) return false;
  // an unbounded counter stays below 2^31 by the domain's assumption
  const lo = value.assumption ? Math.max(value.lo, INT32_MIN) : value.lo;
  const hi = value.assumption ? Math.min(value.hi, INT32_MAX) : value.hi;
  return lo >= target.lo! && hi <= target.hi!;
}

function checkDeclaration(ctx: RuleContext, decl: VariableDeclaration): void {
  const init = decl.getInitializer();
  // let a: Float64Array; a = …: no initializer to analyse
  if (!init) return;
  const nameNode = decl.getNameNode();
  // const [a] = …: destructuring
  if (!Node.isIdentifier(nameNode)) return;
  const built = construction(init);
  // new Float64Array(buffer, offset, n) / Float64Array.from(xs, f) / a user class named Float64Array
  if (!built) return;
  const statement = decl.getVariableStatement();
  // for (const a = new Float64Array(3); …): not a declaration statement
  if (!statement) return;
  const uses = usesOf(nameNode);
  // a name the checker cannot resolve (broken code): nothing is known about its uses
  if (!uses) return;
  // let a = new Float64Array(n); … a = other: the variable holds other arrays too
  if (uses.writes.length > 0) return;
  // new Float64Array(4): a vec4 saves a few bytes at most, nothing worth a rewrite
  if (built.length !== undefined && built.length <= TINY_LENGTH) return;
  // const strides = new Int32Array(ndim): rank-sized, a handful of elements
  if (isRankSized(nameNode.getText()) || isRankSized(init.getText())) return;

  const current = ELEMENT_TYPES[built.ctor.getText()];
  // const grad3 = new Float64Array([1, 1, 0, -1, …]) of 36 entries: cached anyway, and int reads convert
  if (current.store !== "wrap" && built.length !== undefined && built.length <= SMALL_FLOAT_TABLE) {
    ctx.explain(statement, `oversized-dtype: not reported, a float table of ${built.length} elements stays in cache; integer reads would convert on every use`);
    return;
  }
  const seen = survey(uses.references, current, uses.symbol);
  const values: Array<Domain | undefined> = [built.initial, ...seen.writes];
  const stored = values.map((v) => storedDomain(v, current)).reduce((a, b) => union(a, b));
  // f(a) / const b = a: some writes are invisible, so no proof (explained when the visible
  // writes alone would have been narrow, the case a user may wonder about)
  if (seen.opaque) {
    if (stored && seen.writes.length > 0) ctx.explain(statement, `oversized-dtype: not reported, ${seen.opaque}`);
    return;
  }
  // const buf = new Float64Array(n) never written here: nothing proves what it is for
  if (seen.writes.length === 0 && !built.copied) return;
  // a[i] = x[i] / 2, v *= rate, Math.random(): values the analysis cannot bound
  if (!stored) return;
  const target = INTEGER_TYPES.find((candidate) => candidate.bytes < current.bytes && values.every((v) => storesSame(v, current, candidate)));
  // i - 32 into a Uint32Array (4294967264…): every narrower type would store some value differently
  if (!target) return;
  // An infinite end comes from a loop counter with an unknown bound: the values are integers,
  // bounded only by how many iterations run — an assumption (below 2^31), never a proof.
  // (A finite range derived from it, like i % 16 or Math.min(i, 3), is proven without it.)
  const assumption = values.find((v) => v?.assumption && (!Number.isFinite(v.lo) || !Number.isFinite(v.hi)))?.assumption;
  const shown: Domain = {
    ...stored,
    lo: Number.isFinite(stored.lo) ? stored.lo : INT32_MIN,
    hi: Number.isFinite(stored.hi) ? stored.hi : INT32_MAX,
  };

  const escapes: Escape[] = escapesOf(nameNode);
  const name = nameNode.getText();
  const range = `${shown.lo === INT32_MIN && assumption ? "-2^31" : shown.lo}..${shown.hi === INT32_MAX && assumption ? "2^31-1" : shown.hi}`;
  const why = assumption ? ` (assuming ${assumption})` : "";
  const edits: TextEdit[] = [{ start: built.ctor.getStart(), end: built.ctor.getEnd(), newText: target.name }];
  const typeNode = decl.getTypeNode();
  if (typeNode && typeNode.getText() === current.name) edits.push({ start: typeNode.getStart(), end: typeNode.getEnd(), newText: target.name });
  // return a from `function f(): Float64Array`: the refactor retypes the function too
  for (const ret of seen.returned) {
    const fn = ret.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a));
    const returnType = fn && Node.isFunctionLikeDeclaration(fn) ? fn.getReturnTypeNode() : undefined;
    if (returnType && returnType.getText() === current.name && !edits.some((e) => e.start === returnType.getStart())) {
      edits.push({ start: returnType.getStart(), end: returnType.getEnd(), newText: target.name });
    }
  }
  const safe = escapes.length === 0 && !assumption;
  const escapeWhy = [...new Set(escapes.map((e) => e.why))].join(", ");
  const reasons = [
    ...(escapes.length > 0 ? [`the array is ${escapeWhy}, so its element type is part of an API: callers see ${target.name}`] : []),
    ...(assumption ? [`only under the assumption that ${assumption}`] : []),
  ];
  ctx.report({
    node: statement,
    messageId: "narrower",
    data: { name: clipCode(name, 24), range, target: target.name, current: current.name, ratio: current.bytes / target.bytes },
    details:
      `\`${name}\` is ${article(current.name)} ${current.name} (${current.bytes} bytes per element) but only ever stores integers in ${range}${why}: ` +
      `${article(target.name)} ${target.name} (${target.bytes} byte${target.bytes > 1 ? "s" : ""}) stores the same values in ${current.bytes / target.bytes}× less memory.` +
      (escapes.length > 0 ? ` The array is ${escapeWhy}: the fix is a refactor.` : ""),
    fix: {
      title: `Use ${target.name} for \`${name}\``,
      safe,
      ...(safe ? {} : { assumption: reasons.join("; ") }),
      edits,
      addImports: [],
    },
    bench: safe ? benchSpec(statement, edits) : undefined,
  });
}

function article(word: string): string {
  return /^[AEIO]/.test(word) ? "an" : "a";
}

/**
 * For a local array: the declaration and the rest of its function body, before and after the
 * constructor swap (the array never leaves the function, so this is all of its life).
 */
function benchSpec(declaration: Node, edits: TextEdit[]): BenchSpec | undefined {
  const body = declaration.getParent();
  if (!body || !Node.isBlock(body) || !Node.isFunctionLikeDeclaration(body.getParent())) return undefined;
  const statements = body.getStatements().filter((st) => st.getStart() >= declaration.getStart());
  const start = declaration.getStart();
  const end = statements[statements.length - 1].getEnd();
  const text = declaration.getSourceFile().getFullText();
  const before = text.slice(start, end);
  let after = before;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) {
    // a return type edit lies outside the body: only refactors have one
    if (e.start < start || e.end > end) return undefined;
    after = after.slice(0, e.start - start) + e.newText + after.slice(e.end - start);
  }
  const declared = new Set(statements.flatMap((st) => (Node.isVariableStatement(st) ? st.getDeclarations().map((d) => d.getName()) : [])));
  const variables: BenchVariable[] = [];
  for (const st of statements) {
    for (const v of freeVariables(st)) {
      if (declared.has(v.name) || variables.some((known) => known.name === v.name)) continue;
      const isArray = v.type !== "number" && v.type !== "boolean";
      variables.push({ name: v.name, type: v.type, role: v.written ? "output" : isArray ? "input" : "scalar" });
    }
  }
  return { before, after, variables };
}

// ---------------------------------------------------------------------------------------------
// boolean[] flags
// ---------------------------------------------------------------------------------------------

/** `new Array(n).fill(false)`, `Array(n).fill(true)`, `Array.from({ length: n }, () => false)`. */
interface FlagList {
  /** The length expression. */
  length: Node;
  /** The initial flag. */
  initial: boolean;
}

function flagList(init: Node): FlagList | undefined {
  const node = unwrapValue(init);
  if (!Node.isCallExpression(node)) return undefined;
  const callee = node.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return undefined;
  const args = node.getArguments();
  // new Array(n).fill(false)
  if (callee.getName() === "fill" && args.length === 1 && (Node.isTrueLiteral(args[0]) || Node.isFalseLiteral(args[0]))) {
    const made = unwrapValue(callee.getExpression());
    if ((Node.isNewExpression(made) || Node.isCallExpression(made)) && made.getExpression().getText() === "Array" && made.getArguments().length === 1) {
      return { length: made.getArguments()[0], initial: Node.isTrueLiteral(args[0]) };
    }
    return undefined;
  }
  // Array.from({ length: n }, () => false)
  if (callee.getName() === "from" && callee.getExpression().getText() === "Array" && args.length === 2) {
    const [spec, make] = args;
    const body = Node.isArrowFunction(make) ? unwrapValue(make.getBody()) : undefined;
    if (!Node.isObjectLiteralExpression(spec) || !body || !(Node.isTrueLiteral(body) || Node.isFalseLiteral(body))) return undefined;
    const props = spec.getProperties();
    const length = props.length === 1 && Node.isPropertyAssignment(props[0]) && props[0].getName() === "length" ? props[0].getInitializer() : undefined;
    return length ? { length, initial: Node.isTrueLiteral(body) } : undefined;
  }
  return undefined;
}

function looksLikeFlagList(init: Node): boolean {
  const text = init.getText();
  return (text.includes("fill(") || text.startsWith("Array.from(")) && (text.includes("false") || text.includes("true"));
}

/** Contexts that only test a value's truthiness: `if (f[i])`, `!f[i]`, `f[i] ? … : …`, `while (f[i])`. */
function isTruthinessTest(expression: Node): boolean {
  let n = expression;
  for (;;) {
    const p = n.getParent();
    if (!p) return false;
    if (Node.isParenthesizedExpression(p)) {
      n = p;
      continue;
    }
    // f[i] && g / f[i] || g: the value may be f[i] itself, so the whole expression must be a test
    if (Node.isBinaryExpression(p) && [SyntaxKind.AmpersandAmpersandToken, SyntaxKind.BarBarToken].includes(p.getOperatorToken().getKind())) {
      n = p;
      continue;
    }
    if (Node.isPrefixUnaryExpression(p) && p.getOperatorToken() === SyntaxKind.ExclamationToken) return true;
    if (Node.isIfStatement(p) || Node.isWhileStatement(p) || Node.isDoStatement(p)) return p.getExpression() === n;
    if (Node.isConditionalExpression(p)) return p.getCondition() === n;
    if (Node.isForStatement(p)) return p.getCondition() === n;
    return false;
  }
}

function checkBooleanFlags(ctx: RuleContext, decl: VariableDeclaration): void {
  const init = decl.getInitializer();
  const nameNode = decl.getNameNode();
  // const [a, b] = Array(2).fill(false): destructuring, no list to keep
  if (!init || !Node.isIdentifier(nameNode)) return;
  const list = flagList(init);
  // Array(n).fill(0) / a user `Array`: not a list of booleans from the built-in constructor
  if (!list || !isGlobal(unwrapArrayCtor(init))) return;
  const statement = decl.getVariableStatement();
  // for (const seen = Array(n).fill(false); …): not a declaration statement
  if (!statement) return;
  const lengthDomain = domainOf(list.length);
  // Array(4).fill(false): four flags fit in a register; nothing to save
  if (lengthDomain && lengthDomain.hi <= TINY_LENGTH) return;
  const uses = usesOf(nameNode);
  // let seen = …; seen = other: the variable holds other lists too
  if (!uses || uses.writes.length > 0) return;
  const writes: Array<{ value: Node }> = [];
  for (const ref of uses.references) {
    if (ref.kind === "declaration") continue;
    const parent = ref.id.getParentOrThrow();
    if (Node.isElementAccessExpression(parent) && parent.getExpression() === ref.id) {
      const grand = parent.getParentOrThrow();
      if (Node.isBinaryExpression(grand) && grand.getLeft() === parent) {
        // f[i] = x > t: a boolean stored; f[i] ||= … or a number: not a flag write
        if (grand.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) return;
        const value = grand.getRight();
        const type = value.getType();
        if (!(type.isBoolean() || type.isBooleanLiteral())) return;
        // x = f[i] = true: the assignment's value would become a number
        if (!Node.isExpressionStatement(grand.getParent())) return;
        writes.push({ value });
        continue;
      }
      // f[i] === true, return f[i], sum += f[i]: the value itself, not only its truth, is observed
      if (!isTruthinessTest(parent)) return;
      continue;
    }
    // f.length: the same number either way
    if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === ref.id && parent.getName() === "length" && !isWriteTarget(parent)) continue;
    // f.push(…), f.includes(true), g(f), return f: list behaviour or another reader of the values
    return;
  }
  // never written: a constant list of flags
  if (writes.length === 0) return;
  const name = nameNode.getText();
  const lengthText = list.length.getText();
  const isJs = /\.(m|c)?jsx?$/.test(ctx.sourceFile.getFilePath());
  const edits: TextEdit[] = [
    { start: init.getStart(), end: init.getEnd(), newText: `new Uint8Array(${lengthText})${list.initial ? ".fill(1)" : ""}` },
  ];
  const typeNode = decl.getTypeNode();
  if (typeNode && !isJs) edits.push({ start: typeNode.getStart(), end: typeNode.getEnd(), newText: "Uint8Array" });
  for (const w of writes) {
    const v = unwrapValue(w.value);
    const text = Node.isTrueLiteral(v) ? "1" : Node.isFalseLiteral(v) ? "0" : `${needsParens(w.value) ? `(${w.value.getText()})` : w.value.getText()} ? 1 : 0`;
    edits.push({ start: w.value.getStart(), end: w.value.getEnd(), newText: text });
  }
  ctx.report({
    node: statement,
    messageId: "booleanFlags",
    data: { name: clipCode(name, 24) },
    details:
      `\`${name}\` is a list of booleans written by index and only tested for truth: a Uint8Array of 0/1 stores each flag in ` +
      `1 byte instead of a 4–8 byte reference, and its loops read packed bytes.`,
    fix: {
      title: `Make \`${name}\` a Uint8Array of 0/1 flags`,
      safe: false,
      assumption:
        `every index written lies in 0..${clipCode(lengthText, 24)}-1 and the length is a non-negative integer ` +
        `(a Uint8Array drops writes past its end where a list grows, and truncates a fractional length where Array(n) throws)`,
      edits,
      addImports: [],
    },
    // a local list (nothing else sees it): the rest of the function, before and after, is what to time
    bench: benchSpec(statement, edits),
  });
}

function unwrapArrayCtor(init: Node): Identifier {
  const node = unwrapValue(init) as CallExpression;
  const callee = node.getExpression();
  const object = Node.isPropertyAccessExpression(callee) ? unwrapValue(callee.getExpression()) : callee;
  const made = Node.isNewExpression(object) || Node.isCallExpression(object) ? (object as NewExpression).getExpression() : object;
  return made as Identifier;
}

function needsParens(e: Node): boolean {
  const n = e;
  return !(Node.isIdentifier(n) || Node.isElementAccessExpression(n) || Node.isPropertyAccessExpression(n) || Node.isCallExpression(n) || Node.isParenthesizedExpression(n) || Node.isPrefixUnaryExpression(n));
}
