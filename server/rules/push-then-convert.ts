// push-then-convert — docs: docs/rules/push-then-convert.md
//
// What it does: finds a plain numeric array that starts empty and is grown in loops whose trip
// counts are known before they start (`push(v)`, `push(x, y, z)`, nested loops), then copied into a
// typed array (`new Float32Array(a)`, `Int32Array.from(a)`, `nd.array(a)`), handed to a library
// that copies it (three.js's `new Float32BufferAttribute(vertices, 3)`, `geometry.setIndex(indices)`),
// returned or stored; also lists regrown by `concat`/spread in a loop (quadratic), zero matrices
// built by nested `push(0)`, and `new Float32Array(xs.flatMap(p => [p.x, p.y]))`.
// Why is this bad? Every push may reallocate and copy; spread/concat copy the whole list every step;
// the conversion copies everything once more. NumPy: preallocate instead of appending.
// Example: `const xs: number[] = []; for (let i = 0; i < n; i++) xs.push(i); return Int32Array.from(xs);`
// Use instead: `const xs = new Int32Array(Math.max(0, Math.ceil(n))); for (…) xs[i] = i; return xs;`
// Fix safety: safe when the final length is the product of the loops' trip counts (times the
// values per step), every growth is a direct statement of the innermost counted loop, the list has
// no other use, and the one consumer runs once after the loops: storing into the typed array applies
// the same conversion as the copy. A plain `number[]` consumer gets `new Array(n)` — safe only for a
// length proven to be a non-negative integer. In JavaScript without a declared type the element
// type is only inferred from the pushes: refactor at most, saying so. Library consumers (three.js)
// get a refactor that assumes the library accepts a typed array.
import { Node, SyntaxKind, ts, type Identifier, type NewExpression, type CallExpression, type PropertyAccessExpression, type Statement, type VariableDeclaration } from "ts-morph";
import { MAX_MESSAGE_LENGTH, formatMessage, guarded, type MessageData, type Rule, type RuleContext } from "../engine/rule";
import type { BenchSpec, BenchVariable, Fix, TextEdit } from "../engine/types";
import { freeVariables, isWithin } from "../engine/analysis/scope";
import { lineEndingOf } from "../engine/analysis/imports";
import { isNumberType, isTypedArrayName } from "../engine/analysis/types";
import { clipCode } from "../engine/analysis/syntax";
import { usesOf, type Reference } from "../engine/analysis/defuse";
import { escapeOfValue, valueHolder } from "../engine/analysis/escapes";
import { growthAt, isLoop, isRankSized, tripsTo, type Growth, type Trip } from "../engine/analysis/growth";
import { domainOf, unwrapValue } from "../engine/analysis/ranges";
import { findCandidates, isMethodCall } from "../engine/analysis/candidates";

/** Measured with `arraylint bench` on examples/growth.ts and the corpus lecture case, 1e3–1e6 elements (docs page). */
const MEASURED_SPEEDUP = "4–21×";

/** A list of at most this many elements (vec3, a 4×4 matrix) costs nothing worth a rewrite. */
const TINY_LENGTH = 16;

export const pushThenConvert: Rule = {
  meta: {
    id: "push-then-convert",
    summary: "Preallocate the typed array instead of growing a plain array in a loop and converting it.",
    defaultSeverity: "warning",
    fixability: "safe",
    docsPath: "docs/rules/push-then-convert.md",
    messages: {
      preallocate: "`{{name}}`{{inferred}} is grown in a loop, then copied by {{conversion}}: preallocate it and write by index.",
      preallocateCopy: "`{{name}}`{{inferred}} is grown to a known length, then `{{consumer}}` copies it: preallocate, write by index.",
      preallocateList: "`{{name}}`{{inferred}} is grown to a known length and {{how}}: preallocate `{{alloc}}`, write by index.",
      quadratic: "`{{name}}` is regrown by {{how}} in a loop, copying the whole list each step (quadratic): use push.",
      zeroMatrix: "`{{name}}` is a zero matrix grown by nested push(0): make each row at once with new Array(cols).fill(0).",
      flatMap: "`{{call}}`: one array per element, then a {{conversion}} copy; preallocate and write by index.",
    },
  },
  check(ctx: RuleContext): void {
    for (const decl of findCandidates(ctx, ts.isVariableDeclaration) as VariableDeclaration[]) {
      const init = decl.getInitializer();
      // cheap syntactic filter first: only `const a = []` (maybe `as number[]`) starts a list
      if (!init) continue;
      const start = unwrapValue(init);
      if (Node.isArrayLiteralExpression(start) && start.getElements().length === 0) guarded(ctx, decl, () => checkDeclaration(ctx, decl));
    }
    if (ctx.sourceFile.getFullText().includes("flatMap")) {
      for (const call of findCandidates(ctx, (n) => isMethodCall(n, "flatMap")) as CallExpression[]) {
        guarded(ctx, call, () => checkFlatMap(ctx, call));
      }
    }
  },
};

/**
 * Message data that fits MAX_MESSAGE_LENGTH: code snippets are clipped (longest of `shrink` first)
 * until the filled template does. Every value is flattened to one line.
 */
function fit(messageId: string, data: Record<string, string>, shrink: string[]): MessageData {
  const template = pushThenConvert.meta.messages[messageId];
  const out: Record<string, string> = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, shrink.includes(k) ? clipCode(v, 60) : v]));
  for (let guard = 0; guard < 200 && formatMessage(template, out).length > MAX_MESSAGE_LENGTH; guard++) {
    const key = shrink.reduce((a, b) => (out[b].length > out[a].length ? b : a));
    if (out[key].length <= 8) break;
    out[key] = clipCode(data[key], out[key].length - 1);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Uses of the list
// ---------------------------------------------------------------------------------------------

/** `new T(a)`, `T.from(a)`, `nd.array(a[, dtype])`. */
interface Conversion {
  expression: NewExpression | CallExpression;
  /** Typed array constructor name, or "nd.array". */
  target: string;
  dtype?: string;
  /** Extra arguments (a map function, a dtype other than a literal) prevent the safe fix. */
  simple: boolean;
}

/** A library call that copies the list: `new Float32BufferAttribute(a, 3)`, `geometry.setIndex(a)`. */
interface Consumer {
  expression: NewExpression | CallExpression;
  /** The callee as shown (`Float32BufferAttribute`, `setIndex`). */
  name: string;
  /** The typed array the library would accept in place of the list, when it takes one. */
  typedArray?: string;
}

interface Uses {
  growths: Growth[];
  conversions: Conversion[];
  consumers: Consumer[];
  /** `return a`, `this.data = a`, `export`: the list itself leaves, as a list. */
  exits: Array<{ node: Node; how: string; kind: "returned" | "stored" | "exported" | "passed" }>;
  lengthReads: Identifier[];
  /** Any other use (indexing, methods, passing it on, aliases, closures): no safe fix. */
  others: Identifier[];
}

function classifyUses(references: Reference[], runtimeImport: string): Uses {
  const uses: Uses = { growths: [], conversions: [], consumers: [], exits: [], lengthReads: [], others: [] };
  const accounted = new Set<Node>();
  for (const ref of references) {
    if (ref.kind === "declaration" || accounted.has(ref.id)) continue;
    const growth = growthAt(ref);
    if (growth) {
      uses.growths.push(growth);
      for (const g of growth.identifiers) accounted.add(g);
      continue;
    }
    const id = ref.id;
    if (ref.kind !== "read") {
      uses.others.push(id);
      continue;
    }
    const conversion = asConversion(id, runtimeImport);
    if (conversion) {
      uses.conversions.push(conversion);
      continue;
    }
    const consumer = asConsumer(id);
    if (consumer) {
      uses.consumers.push(consumer);
      continue;
    }
    const parent = id.getParentOrThrow();
    if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === id && parent.getName() === "length" && !isWriteTarget(parent)) {
      uses.lengthReads.push(id);
      continue;
    }
    const escape = escapeOfValue(id);
    // return a, this.data = a, jStat.mean(a): the whole list leaves as a list (preallocating it changes
    // nothing there); not `new Set(a)`, `new Map(…)`: collections of a list are another matter
    const passedToCall = escape?.kind === "passed" && Node.isCallExpression(valueHolderParent(id));
    if (escape && (escape.kind === "returned" || escape.kind === "stored" || escape.kind === "exported" || passedToCall)) {
      uses.exits.push({ node: id, how: escape.why, kind: escape.kind as Uses["exits"][number]["kind"] });
      continue;
    }
    uses.others.push(id);
  }
  return uses;
}

function valueHolderParent(id: Node): Node | undefined {
  return valueHolder(id).getParent();
}

function isWriteTarget(node: Node): boolean {
  const p = node.getParent();
  if (!p) return false;
  if (Node.isBinaryExpression(p) && p.getLeft() === node) {
    const op = p.getOperatorToken().getKind();
    return op >= SyntaxKind.FirstAssignment && op <= SyntaxKind.LastAssignment;
  }
  return Node.isPrefixUnaryExpression(p) || Node.isPostfixUnaryExpression(p);
}

/** `new T(a)`, `T.from(a)`, `nd.array(a)` with `a` as the first argument. */
function asConversion(id: Identifier, runtimeImport: string): Conversion | undefined {
  const parent = id.getParent();
  if (!parent || !(Node.isNewExpression(parent) || Node.isCallExpression(parent))) return undefined;
  const args = parent.getArguments();
  if (args[0] !== id) return undefined;
  const callee = parent.getExpression();
  if (Node.isNewExpression(parent)) {
    return Node.isIdentifier(callee) && isGlobalTypedArray(callee) ? { expression: parent, target: callee.getText(), simple: args.length === 1 } : undefined;
  }
  if (!Node.isPropertyAccessExpression(callee)) return undefined;
  const object = callee.getExpression();
  // Float64Array.from(a)
  if (callee.getName() === "from" && Node.isIdentifier(object) && isGlobalTypedArray(object)) {
    return { expression: parent, target: object.getText(), simple: args.length === 1 };
  }
  // nd.array(a) / nd.array(a, "float64") with nd the runtime namespace
  if (callee.getName() === "array" && Node.isIdentifier(object) && isRuntimeNamespace(object, runtimeImport)) {
    const dtypeArg = args[1];
    const dtype = dtypeArg && Node.isStringLiteral(dtypeArg) ? dtypeArg.getLiteralValue() : undefined;
    return { expression: parent, target: "nd.array", dtype, simple: args.length === 1 || dtype !== undefined };
  }
  return undefined;
}

/** Library calls known to copy an array argument (three.js geometry attributes and indices). */
function asConsumer(id: Identifier): Consumer | undefined {
  const parent = id.getParent();
  if (!parent || !(Node.isNewExpression(parent) || Node.isCallExpression(parent)) || parent.getArguments()[0] !== id) return undefined;
  const callee = parent.getExpression();
  if (Node.isNewExpression(parent) && Node.isIdentifier(callee)) {
    // three.js: new Float32BufferAttribute(array, itemSize) copies into a Float32Array
    const match = /^(Float32|Float64|Float16|Int8|Int16|Int32|Uint8|Uint8Clamped|Uint16|Uint32)BufferAttribute$/.exec(callee.getText());
    if (match) return { expression: parent, name: callee.getText(), typedArray: match[1] === "Float16" ? undefined : `${match[1]}Array` };
    return undefined;
  }
  // geometry.setIndex(indices): three.js copies a list into a Uint16/Uint32BufferAttribute
  if (Node.isCallExpression(parent) && Node.isPropertyAccessExpression(callee) && callee.getName() === "setIndex" && parent.getArguments().length === 1) {
    return { expression: parent, name: "setIndex" };
  }
  return undefined;
}

/** True when `id` names the built-in constructor (declared only in the default lib). */
function isGlobalTypedArray(id: Identifier): boolean {
  if (!isTypedArrayName(id.getText())) return false;
  const declarations = id.getSymbol()?.getDeclarations() ?? [];
  // class Float64Array {…} of one's own: a look-alike
  return declarations.length > 0 && declarations.every((d) => d.getSourceFile().isDeclarationFile());
}

/** True when `id` is `import * as X from "<runtime>"` (the configured specifier). */
function isRuntimeNamespace(id: Identifier, runtimeImport: string): boolean {
  const declarations = id.getSymbol()?.getDeclarations() ?? [];
  return declarations.some((d) => {
    if (!Node.isNamespaceImport(d)) return false;
    const specifier = d.getFirstAncestorByKind(SyntaxKind.ImportDeclaration)?.getModuleSpecifierValue();
    return specifier === runtimeImport;
  });
}

// ---------------------------------------------------------------------------------------------
// The check
// ---------------------------------------------------------------------------------------------

type ElementEvidence = "declared" | "inferred";

/** `number[]` declared (or asserted), a TypeScript evolving array of numbers, or — in JavaScript — only numbers pushed. */
function numericEvidence(decl: VariableDeclaration, growths: Growth[], isJs: boolean): ElementEvidence | undefined {
  const pushedNumbers = growths.every((g) => g.values === undefined || g.values.every((v) => isNumberType(v.getType())));
  const typeNode = decl.getTypeNode();
  const init = decl.getInitializer();
  const asserted = init && (Node.isAsExpression(init) || Node.isSatisfiesExpression(init)) ? init.getType() : undefined;
  const declared = typeNode ? typeNode.getType() : asserted;
  if (declared) {
    if (!declared.isArray() || !isNumberType(declared.getArrayElementTypeOrThrow())) return undefined;
    return "declared";
  }
  // `const a = []` in JavaScript is any[]: numbers only by the evidence of what is pushed
  if (isJs) return pushedNumbers && growths.length > 0 ? "inferred" : undefined;
  // TypeScript: an evolving array takes the pushed values' type
  const type = decl.getType();
  if (!type.isArray()) return undefined;
  const element = type.getArrayElementTypeOrThrow();
  if (!(element.isAny() || isNumberType(element))) return undefined;
  return pushedNumbers ? "declared" : undefined;
}

interface Plan {
  /** Loops per growth, outermost first. */
  trips: Trip[][];
  /** The final length: Σ values × Π counts. */
  length: string;
  /** The same with the bounds as written (for refactors and messages). */
  plainLength: string;
  /** Every factor is proven a non-negative integer. */
  exact: boolean;
  /** The statement that ends the last growth loop (consumers must come after it). */
  end: number;
}

function checkDeclaration(ctx: RuleContext, decl: VariableDeclaration): void {
  const nameNode = decl.getNameNode();
  // const [a] = []: destructuring, nothing to grow
  if (!Node.isIdentifier(nameNode)) return;
  const statement = decl.getVariableStatement();
  // for (const a = []; …): not a plain declaration statement
  if (!statement) return;
  const references = usesOf(nameNode);
  // a name the checker cannot resolve (broken code): nothing is known about its uses
  if (!references) return;
  const uses = classifyUses(references.references, ctx.options.runtimeImport);
  // no growth: `const a = []` used some other way
  if (uses.growths.length === 0) return;
  // m.push(row) of zero rows: reported as a zero matrix, not as a list of numbers
  if (checkZeroMatrix(ctx, decl, statement, uses)) return;
  const isJs = /\.(m|c)?jsx?$/.test(ctx.sourceFile.getFilePath());
  const evidence = numericEvidence(decl, uses.growths, isJs);
  // const names: string[] = [] / pushes of strings: only numeric lists convert like numbers
  if (!evidence) return;
  const container = statement.getParentOrThrow();
  const name = nameNode.getText();

  const trips: Trip[][] = [];
  let blocker: string | undefined;
  const assumptions = new Set<string>();
  // if (c) a.push(p) else a.push(q): one growth per iteration, counted once (its then side)
  const counted: Growth[] = [];
  const balanced = balancedBranches(uses.growths);
  for (const growth of uses.growths) {
    const t = tripsTo(growth.statement, container, balanced);
    if ("blocker" in t) {
      blocker ??= t.blocker;
      continue;
    }
    for (const a of t.assumptions) assumptions.add(a);
    if (t.branch?.side === "else") continue;
    counted.push(growth);
    trips.push(t.trips);
  }
  const split = counted.length < uses.growths.length;
  const inLoop = uses.growths.filter((g) => enclosingLoopsTo(g.statement, container).length > 0);
  // no growth inside a loop: a few pushes then a conversion cost nothing worth reporting
  if (inLoop.length === 0) return;
  const quadratic = uses.growths.find((g) => g.kind !== "push" && enclosingLoopsTo(g.statement, container).length > 0);
  const end = Math.max(...inLoop.map((g) => outermostLoop(g.statement, container)!.getEnd()));
  const consumed = (n: Node) => n.getStart() >= end;
  const conversion = uses.conversions.find((c) => consumed(c.expression));
  const consumer = uses.consumers.find((c) => consumed(c.expression));
  const exit = uses.exits.find((e) => consumed(e.node));

  if (blocker !== undefined || uses.growths.some((g) => g.values === undefined)) {
    // a = a.concat(v) in a loop is quadratic whatever the final length: push appends in place
    if (quadratic && !isTinyLoop(quadratic.statement, container) && (conversion || consumer || exit)) {
      const finals = [...uses.conversions, ...uses.consumers].map((c) => c.expression as Node).concat(uses.exits.map((e) => e.node));
      reportQuadratic(ctx, statement, name, quadratic, uses, finals.length === 1 ? finals[0] : undefined, end);
    }
    // if (x[i] > t) a.push(x[i]): a filter, the final length is data-dependent — there is no
    // length to preallocate, so this is not a finding (the corpus marks it a negative)
    else if (blocker) ctx.explain(statement, `push-then-convert: not reported, ${blocker}`);
    return;
  }
  // a list that is never converted, copied, returned or stored after it was grown is just a list
  if (!conversion && !consumer && !exit) return;
  // const row = []; for (j) row.push(0); m.push(row): the zero matrix finding on `m` covers the row
  if (!conversion && !consumer && uses.growths.every(isZeroPush) && exit?.kind === "passed" && /\.push`$/.test(exit.how)) return;
  const plan: LengthPlan = { ...planLength(counted, trips, end), assumptions: [...assumptions], split };
  // for (let k = 0; k < 3; k++) v.push(…): a vec3 costs nothing worth a rewrite
  if (plan.literal !== undefined && plan.literal <= TINY_LENGTH) return;
  // strides.push(…) for each dimension: rank-sized (a handful of elements)
  if (isRankSized(name) || isRankSized(plan.plainLength)) {
    ctx.explain(statement, "push-then-convert: not reported, a rank-sized array (shape, strides, axes) has a handful of elements");
    return;
  }
  const inferred = evidence === "inferred" ? " (inferred numbers)" : "";
  const growthWords = describeGrowth(uses.growths);

  if (conversion) {
    const conversionText = conversion.target;
    const result = planFix(ctx, decl, statement, uses, plan, conversion.target === "nd.array" ? conversionElementType(conversion) : conversion.target, conversion, evidence);
    const fix = typeof result === "string" ? undefined : result;
    const blockerNote = typeof result === "string" ? ` (no automatic fix: ${result})` : "";
    ctx.report({
      node: statement,
      messageId: "preallocate",
      data: fit("preallocate", { name, inferred, conversion: conversionText }, ["name", "conversion"]),
      details:
        `\`${name}\` is ${growthWords} inside a loop and then copied by ${conversionText}; ` +
        `its final length (${clipCode(plan.plainLength, 48)}) is known before the loop, so preallocate the typed array and write by index ` +
        `(measured ${MEASURED_SPEEDUP} faster in node 20)${blockerNote}.`,
      fix,
      bench: fix?.safe ? benchSpec(statement, conversion.expression, fix) : undefined,
    });
    return;
  }
  if (consumer) {
    const alloc = consumer.typedArray ?? "Array";
    const result = planFix(ctx, decl, statement, uses, plan, alloc, undefined, evidence, consumer);
    const fix = typeof result === "string" ? undefined : result;
    ctx.report({
      node: statement,
      messageId: "preallocateCopy",
      data: fit("preallocateCopy", { name, inferred, consumer: consumer.name }, ["name", "consumer"]),
      details:
        `\`${name}\` is ${growthWords} inside loops to a length known before they start (${clipCode(plan.plainLength, 48)}), ` +
        `then \`${consumer.name}\` copies it${consumer.typedArray ? ` into a ${consumer.typedArray}` : ""}: ` +
        `preallocating ${consumer.typedArray ? `the ${consumer.typedArray}` : "`new Array(n)`"} and writing by index avoids the growth ` +
        `(measured 3–4× faster than push at 1e3–1e6 elements, and ${consumer.typedArray ? "the library's copy becomes a typed-array copy" : "the same list reaches the library"})` +
        (typeof result === "string" ? ` (no automatic fix: ${result}).` : "."),
      fix,
    });
    return;
  }
  const returnsTyped = exit!.kind === "returned" && returnTypeAllowsFloat64(exit!.node);
  const alloc = returnsTyped ? "Float64Array" : "Array";
  const result = planFix(ctx, decl, statement, uses, plan, alloc, undefined, evidence);
  const fix = typeof result === "string" ? undefined : result;
  const allocText = `new ${alloc}(${plan.plainLength})`;
  ctx.report({
    node: statement,
    messageId: "preallocateList",
    data: fit("preallocateList", { name, inferred, how: exit!.how, alloc: allocText }, ["alloc", "name", "how"]),
    details:
      `\`${name}\` is ${growthWords} inside loops to a length known before they start (${clipCode(plan.plainLength, 48)}) and then ${exit!.how}: ` +
      `\`${allocText}\` written by index skips the growth (measured 3–4× faster than push at 1e3–1e6 elements)` +
      (typeof result === "string" ? ` (no automatic fix: ${result}).` : "."),
    fix,
    bench: fix?.safe ? benchSpec(statement, exit!.node, fix) : undefined,
  });
}

function describeGrowth(growths: Growth[]): string {
  const kinds = new Set(growths.map((g) => g.kind));
  if (kinds.has("spread") || kinds.has("concat")) {
    return `regrown by ${kinds.has("spread") ? "spread (`[...a, v]`)" : "`concat`"}, which copies the whole list every iteration (quadratic),`;
  }
  const several = growths.some((g) => (g.values?.length ?? 1) > 1);
  return several ? "grown by pushes of several values per iteration" : "grown element by element";
}

function reportQuadratic(ctx: RuleContext, statement: Statement, name: string, growth: Growth, uses: Uses, final: Node | undefined, end: number): void {
  const how = growth.kind === "spread" ? "spread" : "`concat`";
  const fix = quadraticFix(name, uses, final, statement, end);
  ctx.report({
    node: statement,
    messageId: "quadratic",
    data: fit("quadratic", { name, how }, ["name"]),
    details:
      `\`${name} = ${growth.kind === "spread" ? `[...${name}, …]` : `${name}.concat(…)`}\` builds a new list and copies every element so far on ` +
      `each iteration: n appends cost n²/2 copies (measured 1859× slower than preallocating at 3,000 elements). ` +
      `\`${name}.push(…)\` appends in place; the final length is not known up front, so it cannot be preallocated` +
      (typeof fix === "string" ? ` (no automatic fix: ${fix}).` : "."),
    fix: typeof fix === "string" ? undefined : fix,
    bench: typeof fix === "string" || !final ? undefined : benchSpec(statement, final, fix),
  });
}

/**
 * `a = [...a, v]` / `a = a.concat(v)` → `a.push(v)`: the same elements in the same order, and
 * nobody else holds the old arrays (no alias, no other use), so appending in place is invisible.
 */
function quadraticFix(name: string, uses: Uses, final: Node | undefined, statement: Statement, end: number): Fix | string {
  // const b = a / f(a) / a.sort() / seen.push(a) while it grows: someone may hold one of the intermediate arrays
  const during = [...uses.exits.map((e) => e.node), ...uses.conversions.map((c) => c.expression), ...uses.consumers.map((c) => c.expression)].some((n) => n.getStart() < end);
  if (uses.others.length > 0 || during) return "the list is also used in other ways";
  // a = a.concat(list): the appended count is unknown
  if (uses.growths.some((g) => g.values === undefined)) return "a growth appends a list of unknown length";
  // the consumer must see the list once it is complete, not while it grows
  if (!final || !runsOnceInBlock(final, statement)) return "the list is consumed more than once";
  const edits: TextEdit[] = uses.growths
    .filter((g) => g.kind !== "push")
    .map((g) => ({ start: g.statement.getStart(), end: g.statement.getEnd(), newText: `${name}.push(${g.values!.map((v) => v.getText()).join(", ")});` }));
  return { title: `Append to \`${name}\` in place with push`, safe: true, edits, addImports: [] };
}

/** Every loop around the statement is `for (…; i < c; …)` with literal bounds whose product is tiny. */
function isTinyLoop(statement: Node, container: Node): boolean {
  let product = 1;
  for (const loop of enclosingLoopsTo(statement, container)) {
    const condition = Node.isForStatement(loop) ? loop.getCondition() : undefined;
    const bound = condition && Node.isBinaryExpression(condition) ? domainOf(condition.getRight()) : undefined;
    if (!bound || !Number.isFinite(bound.hi) || bound.nan) return false;
    product *= Math.max(0, bound.hi);
  }
  return product <= TINY_LENGTH;
}

function outermostLoop(statement: Node, container: Node): Node | undefined {
  return enclosingLoopsTo(statement, container).at(-1);
}

/** Loops between `statement` and `container`, innermost first. */
function enclosingLoopsTo(statement: Node, container: Node): Node[] {
  const loops: Node[] = [];
  for (let node = statement.getParent(); node && node !== container; node = node.getParent()) if (isLoop(node)) loops.push(node);
  return loops;
}

interface LengthPlan extends Plan {
  /** The length when it is a literal number. */
  literal?: number;
  /** What the trip counts rest on when not proven (`matrix.rows` does not change while the loop runs). */
  assumptions?: string[];
  /** Some growths are the two sides of an if/else (counted once). */
  split?: boolean;
}

/**
 * The if/else test for tripsTo: both branches hold exactly one growth statement of this list, as
 * a direct statement, appending the same known number of values.
 */
function balancedBranches(growths: Growth[]): (ifStatement: Node, side: "then" | "else") => boolean {
  const inBranch = (branch: Node | undefined): Growth[] =>
    branch === undefined ? [] : growths.filter((g) => g.statement === branch || (Node.isBlock(branch) && g.statement.getParent() === branch));
  return (ifStatement) => {
    if (!Node.isIfStatement(ifStatement)) return false;
    const then = inBranch(ifStatement.getThenStatement());
    const otherwise = inBranch(ifStatement.getElseStatement());
    if (then.length !== 1 || otherwise.length !== 1) return false;
    const [a, b] = [then[0], otherwise[0]];
    // and nothing else in the branches grows the list (a loop, a nested if)
    const all = growths.filter((g) => isWithin(g.statement, ifStatement));
    return all.length === 2 && a.values !== undefined && b.values !== undefined && a.values.length === b.values.length;
  };
}

/** Σ over growths of (values per step × Π trip counts). */
function planLength(growths: Growth[], trips: Trip[][], end: number): LengthPlan {
  // every growth in the same loops: (values per iteration) × the loops' counts
  const shared = trips.every((t) => t.length === trips[0].length && t.every((trip, k) => trip.loop === trips[0][k].loop));
  if (shared && growths.length > 1) {
    const merged: Growth = { ...growths[0], values: growths.flatMap((g) => g.values!) };
    return planLength([merged], [trips[0]], end);
  }
  const terms: string[] = [];
  const plainTerms: string[] = [];
  let literal: number | undefined = 0;
  let exact = true;
  for (const [k, growth] of growths.entries()) {
    const values = growth.values!.length;
    const loops = trips[k];
    // one factor alone needs no parentheses: new Array(arrLen - 1)
    const single = values === 1 && loops.length === 1;
    const factors = loops.map((t) => (single ? t.count : wrap(t.count)));
    const plainFactors = loops.map((t) => (single ? t.plain : wrap(t.plain)));
    if (values !== 1 || factors.length === 0) {
      factors.unshift(String(values));
      plainFactors.unshift(String(values));
    }
    terms.push(factors.join(" * "));
    plainTerms.push(plainFactors.join(" * "));
    exact &&= loops.every((t) => t.exact);
    const lit = loops.reduce((p, t) => p * Number(t.plain), values);
    literal = literal !== undefined && Number.isFinite(lit) ? literal + lit : undefined;
  }
  const collapse = (parts: string[]) => (parts.length === 1 ? parts[0] : parts.map((p) => (p.includes("*") || /^\w+$/.test(p) ? p : `(${p})`)).join(" + "));
  return { trips, length: collapse(terms), plainLength: collapse(plainTerms), exact, end, literal };
}

function wrap(text: string): string {
  return /^[\w.$]+$/.test(text) || /^Math\.\w+\(.*\)$/.test(text) ? text : `(${text})`;
}

function returnTypeAllowsFloat64(node: Node): boolean {
  const fn = node.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a));
  if (!fn || !Node.isFunctionLikeDeclaration(fn)) return false;
  const returnType = fn.getReturnTypeNode();
  if (!returnType) return false;
  const type = returnType.getType();
  const parts = type.isUnion() ? type.getUnionTypes() : [type];
  // number[] | Float64Array, ArrayLike<number>: a Float64Array is one of the declared results
  return parts.some((t) => t.getSymbol()?.getName() === "Float64Array" || t.getSymbol()?.getName() === "ArrayLike" || t.getAliasSymbol()?.getName() === "ArrayLike");
}

function conversionElementType(conversion: Conversion): string | undefined {
  return conversion.dtype === "float64" ? "Float64Array" : undefined;
}

// ---------------------------------------------------------------------------------------------
// The fix
// ---------------------------------------------------------------------------------------------

/**
 * Preallocate `new <alloc>(length)` where the list was declared (or right before the loop), write
 * each appended value by index, and drop the conversion. A string says why there is no fix.
 */
function planFix(
  ctx: RuleContext,
  decl: VariableDeclaration,
  statement: Statement,
  uses: Uses,
  plan: LengthPlan,
  alloc: string | undefined,
  conversion: Conversion | undefined,
  evidence: ElementEvidence,
  consumer?: Consumer,
): Fix | string {
  const name = decl.getName();
  // nd.array(a): the runtime infers the dtype of a plain list; only an explicit "float64" is provably the same
  if (!alloc) return "nd.array infers a dtype from the list; pass \"float64\" to make the fix provable";
  // const a = [], b = []: rewriting one declarator of a list is left to the user
  if (decl.getParentOrThrow().getChildrenOfKind(SyntaxKind.VariableDeclaration).length !== 1) return "the declaration declares several variables";
  // value = a[i - 1] + 1 or a.length: reads the partial list, which preallocation changes
  if (uses.growths.some((g) => g.values!.some((v) => referencesList(v, uses)))) return "the appended value reads the array itself";
  // return a / a.sort() / f(a): the plain array is used as a list as well
  if (uses.others.length > 0) return "the array is also used as a plain list";
  const finals = uses.conversions.length + uses.consumers.length + uses.exits.length;
  // two conversions would alias one typed array where the original made two copies
  if (finals !== 1) return uses.conversions.length > 1 ? "the array is converted more than once" : "the array is used by more than one consumer";
  // Int32Array.from(a, f): the map function changes the values
  if (conversion && !conversion.simple) return "the conversion maps or re-types the values";
  const final = conversion?.expression ?? consumer?.expression ?? uses.exits[0].node;
  // the consumer (the only one, and after the loops: checked above) must run exactly once
  if (!runsOnceInBlock(final, statement)) return "the conversion may run more than once";
  // a.length read inside the loop: it grows there but is constant after preallocation
  for (const read of uses.lengthReads) if (read.getStart() < plan.end) return "a.length is read before the loop has finished";

  // if (c) a.push(p) else a.push(q): the two stores would need one index; left to the user
  if (plan.split) return "the growth is split over the branches of an if/else";
  const sameLoops = plan.trips.every((t) => t.length === plan.trips[0].length && t.every((trip, k) => trip.loop === plan.trips[0][k].loop));
  // a.push(-1) before the loop, then a.push(i) in it: two different index sequences
  if (!sameLoops) return "the array grows in more than one place";
  const trips = plan.trips[0];
  const innermost = trips.at(-1)!;
  const body = Node.isForStatement(innermost.loop) || Node.isForOfStatement(innermost.loop) ? innermost.loop.getStatement() : undefined;
  for (const g of uses.growths) {
    // a.push(v) inside { if … } blocks deeper than the loop body: keep the rewrite simple
    if (g.statement.getParent() !== body && g.statement !== body) return "the growth is not a direct statement of the loop body";
  }
  // for (const v of x) a.push(f(v)): needs a separate write index; left to the user
  if (trips.some((t) => !t.counter)) return "the loop has no index counter to write by";
  // for (let i = n - 1; i >= 0; i--): appended in reverse, the element index would be n - 1 - i
  if (trips.some((t) => t.descending)) return "the loop counts down";
  // for (let i = 1; …): the element index would be i - 1
  if (trips.some((t) => !t.startsAtZero)) return "the loop counter does not start at 0";
  for (let k = 1; k < trips.length; k++) {
    const outerBody = (trips[k - 1].loop as Node & { getStatement(): Node }).getStatement();
    // for (i) { stuff; { for (j) … } }: every inner loop a direct statement of the outer body
    if (trips[k].loop.getParent() !== outerBody && trips[k].loop !== outerBody) return "the inner loop is not a direct statement of the outer loop body";
  }
  const outer = trips[0].loop;
  // the loop must be a later statement of the declaration's own block (not nested in an if)
  if (outer.getParent() !== statement.getParent() || outer.getStart() < statement.getEnd()) return "the loop is not in the same block as the declaration";
  // new Array(2.5) throws where the loop runs 3 times: a list of unproven length is a refactor
  const isList = alloc === "Array";
  // i * m + j indexes the grid only for an integer m ≥ 0: an unproven inner bound is an assumption
  const innerUnproven = trips.slice(1).some((t) => !t.exact);
  const unprovenListLength = isList && !plan.exact;
  const plainCounts = unprovenListLength || innerUnproven;
  const unprovenBounds = [...new Set(trips.filter((t) => !t.exact).map((t) => t.plain))];
  // several values per step: a throw between two stores would leave a partly written step behind
  const perStep = uses.growths.reduce((s, g) => s + g.values!.length, 0);
  if (perStep > 1 && uses.growths[0].statement.getFirstAncestor((a) => Node.isTryStatement(a)) !== undefined) return "the growth is inside a try block";

  const edits: TextEdit[] = [];
  const source = ctx.sourceFile.getFullText();
  const length = plainCounts ? plan.plainLength : plan.length;
  // const out: number[] = []: a list keeps its declared type (new Array(n) alone is any[])
  const typeNode = decl.getTypeNode();
  const keptType = isList && typeNode && !/\.(m|c)?jsx?$/.test(ctx.sourceFile.getFilePath()) ? `: ${typeNode.getText()}` : "";
  const declarationText = `const ${name}${keptType} = new ${alloc}(${length});`;
  const next = statement.getNextSibling();
  if (next === outer) {
    edits.push({ start: statement.getStart(), end: statement.getEnd(), newText: declarationText });
  } else {
    edits.push(removeStatementEdit(source, statement));
    const indent = lineIndent(source, outer.getStart());
    edits.push({ start: outer.getStart(), end: outer.getStart(), newText: `${declarationText}${lineEndingOf(source)}${indent}` });
  }
  // index of the step: ((i0 * n1 + i1) * n2 + i2)
  let step = trips[0].counter!.getText();
  for (let k = 1; k < trips.length; k++) step = `${k > 1 ? `(${step})` : step} * ${wrap(trips[k].plain)} + ${trips[k].counter!.getText()}`;
  const base = perStep === 1 ? step : `${perStep} * ${trips.length > 1 ? `(${step})` : step}`;
  let offset = 0;
  for (const g of uses.growths) {
    const indent = lineIndent(source, g.statement.getStart());
    const stores = g.values!.map((v) => {
      const index = perStep === 1 ? base : offset === 0 ? base : `${base} + ${offset}`;
      offset++;
      return `${name}[${index}] = ${v.getText()};`;
    });
    // for (…) a.push(x, y): the loop body is the statement itself, so several stores need a block
    const isBody = g.statement === body;
    const text = stores.join(isBody ? " " : `${lineEndingOf(source)}${indent}`);
    edits.push({ start: g.statement.getStart(), end: g.statement.getEnd(), newText: isBody && stores.length > 1 ? `{ ${text} }` : text });
  }
  // nd.array(a, "float64") stays: it copies the Float64Array exactly as it copied the list
  if (conversion && conversion.target !== "nd.array") edits.push({ start: conversion.expression.getStart(), end: conversion.expression.getEnd(), newText: name });
  const inferred = evidence === "inferred";
  const library = consumer?.typedArray !== undefined;
  const retyped = consumer === undefined && conversion === undefined && alloc !== "Array";
  const boundAssumptions = plan.assumptions ?? [];
  const safe = !inferred && !library && !plainCounts && !retyped && boundAssumptions.length === 0;
  const assumptions = [
    ...(inferred ? ["the pushed values are numbers (inferred from the code: the list has no declared type)"] : []),
    ...(plainCounts ? [`${unprovenBounds.map((b) => `\`${clipCode(b, 24)}\``).join(", ")} ${unprovenBounds.length > 1 ? "are non-negative integers" : "is a non-negative integer"} (${isList ? "new Array(n) throws for a fraction or a negative n" : "a fractional inner bound breaks the i * m + j index"})`] : []),
    ...(retyped ? [`callers accept a ${alloc} (the declared return type allows one; a list was returned before)`] : []),
    ...boundAssumptions,
    ...(library ? [`\`${consumer!.name}\` accepts a ${alloc} as well as a list (three.js copies any array-like)`] : []),
  ];
  return {
    title: `Preallocate \`${name}\` as new ${alloc}(${clipCode(length, 40)}) and write by index`,
    safe,
    ...(safe ? {} : { assumption: assumptions.join("; ") }),
    edits,
    addImports: [],
  };
}

function referencesList(node: Node, uses: Uses): boolean {
  const symbol = usesOf(uses.growths[0].identifiers[0])?.symbol;
  const check = (n: Node) => Node.isIdentifier(n) && usesOf(n)?.symbol === symbol;
  return check(node) || node.getDescendantsOfKind(SyntaxKind.Identifier).some(check);
}

/** The expression is evaluated once per execution of the declaration: no loop or function in between. */
function runsOnceInBlock(expression: Node, declaration: Statement): boolean {
  const container = declaration.getParent();
  for (let node = expression.getParent(); node && node !== container; node = node.getParent()) {
    if (isLoop(node) || Node.isFunctionLikeDeclaration(node) || Node.isClassDeclaration(node)) return false;
  }
  return true;
}

function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const match = /^[ \t]*/.exec(text.slice(lineStart, offset));
  return match ? match[0] : "";
}

/** Deletes a statement together with its line when it stands alone on it. */
function removeStatementEdit(text: string, statement: Statement): TextEdit {
  let start = statement.getStart();
  let end = statement.getEnd();
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const lineEnd = text.indexOf("\n", end);
  if (/^[ \t]*$/.test(text.slice(lineStart, start)) && /^[ \t]*\r?$/.test(text.slice(end, lineEnd === -1 ? text.length : lineEnd))) {
    start = lineStart;
    end = lineEnd === -1 ? text.length : lineEnd + 1;
  }
  return { start, end, newText: "" };
}

/**
 * The statements from the declaration to the one holding the conversion, before and after the
 * fix, as a function body returning the converted array (what `arraylint bench` times).
 */
function benchSpec(declaration: Statement, conversion: Node, fix: Fix): BenchSpec | undefined {
  const block = declaration.getParent();
  const last = conversion.getParentWhile((p) => p !== block);
  if (!last || !Node.isStatement(last) || last.getParent() !== block) return undefined;
  let tail = "";
  if (Node.isVariableStatement(last)) {
    const declared = last.getDeclarations();
    if (declared.length !== 1 || !Node.isIdentifier(declared[0].getNameNode())) return undefined;
    tail = `\nreturn ${declared[0].getName()};`;
  } else if (!Node.isReturnStatement(last)) {
    return undefined;
  }
  const start = declaration.getStart();
  const end = last.getEnd();
  // every edit lies in the span (the declaration, the loop, the conversion)
  if (fix.edits.some((e) => e.start < start || e.end > end)) return undefined;
  const text = declaration.getSourceFile().getFullText();
  const before = text.slice(start, end);
  // edits applied back to front (they do not overlap), offsets relative to the span
  let after = before;
  for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) {
    after = after.slice(0, e.start - start) + e.newText + after.slice(e.end - start);
  }
  const statements = (block as Node).getChildSyntaxList()?.getChildren().filter((c) => c.getStart() >= start && c.getEnd() <= end) ?? [];
  const declaredInSpan = new Set(statements.flatMap((st) => (Node.isVariableStatement(st) ? st.getDeclarations().map((d) => d.getName()) : [])));
  const variables: BenchVariable[] = [];
  for (const st of statements) {
    for (const v of freeVariables(st)) {
      if (declaredInSpan.has(v.name) || variables.some((known) => known.name === v.name)) continue;
      const isArray = v.type !== "number" && v.type !== "boolean";
      variables.push({ name: v.name, type: v.type, role: v.written ? "output" : isArray ? "input" : "scalar" });
    }
  }
  return { before: before + tail, after: after + tail, variables };
}

// ---------------------------------------------------------------------------------------------
// Zero matrices and flatMap
// ---------------------------------------------------------------------------------------------

/**
 * `m.push([]); for (j) m[i].push(0)` or `const row = []; for (j) row.push(0); m.push(row)` in a
 * counted loop: a rows × cols zero matrix. Reported (without a fix) at the outer list.
 */
function checkZeroMatrix(ctx: RuleContext, decl: VariableDeclaration, statement: Statement, uses: Uses): boolean {
  if (uses.growths.length !== 1) return false;
  const growth = uses.growths[0];
  const value = growth.values?.length === 1 ? unwrapValue(growth.values[0]) : undefined;
  // m.push(row) / m.push([]): anything else is not a matrix of rows (checked before any loop analysis)
  if (!value || !(Node.isIdentifier(value) || (Node.isArrayLiteralExpression(value) && value.getElements().length === 0))) return false;
  const container = statement.getParentOrThrow();
  const outer = tripsTo(growth.statement, container);
  if ("blocker" in outer || outer.trips.length !== 1) return false;
  const loopBody = (outer.trips[0].loop as Node & { getStatement(): Node }).getStatement();
  let rowTrips: Trip[] | undefined;
  /** The rewrite: the statement that starts a row, the text that makes it whole, and the zero loop to drop. */
  let rewrite: { start: Statement; text: string; loop: Node; clean: boolean } | undefined;
  if (Node.isIdentifier(value)) {
    // const row = []; for (j) row.push(0); m.push(row)
    const rowUses = usesOf(value);
    const rowDecl = rowUses?.references.find((r) => r.kind === "declaration")?.id.getParent();
    const rowInit = rowDecl && Node.isVariableDeclaration(rowDecl) ? rowDecl.getInitializer() : undefined;
    if (!rowUses || !rowDecl || !rowInit || !isEmptyList(rowInit) || !isWithin(rowDecl, loopBody)) return false;
    const rowGrowths = rowUses.references.map((r) => (r.kind === "declaration" ? undefined : growthAt(r)));
    const pushes = rowGrowths.filter((g): g is Growth => g !== undefined);
    if (pushes.length !== 1 || !isZeroPush(pushes[0])) return false;
    const rowStatement = (rowDecl as VariableDeclaration).getVariableStatementOrThrow();
    const inner = tripsTo(pushes[0].statement, rowStatement.getParentOrThrow());
    if ("blocker" in inner || inner.trips.length !== 1) return false;
    rowTrips = inner.trips;
    const typeNode = (rowDecl as VariableDeclaration).getTypeNode();
    const isJs = /\.(m|c)?jsx?$/.test(ctx.sourceFile.getFilePath());
    rewrite = {
      start: rowStatement,
      text: `const ${value.getText()}${typeNode && !isJs ? `: ${typeNode.getText()}` : ""} = new Array(${rowTrips[0].plain}).fill(0);`,
      loop: rowTrips[0].loop,
      // the row is declared, filled and pushed: nothing else sees it half-built
      clean: rowUses.references.length === 3 && rowStatement.getDeclarations().length === 1 && rowStatement.getNextSibling() === rowTrips[0].loop,
    };
  } else if (Node.isArrayLiteralExpression(value) && value.getElements().length === 0) {
    // m.push([]); for (j) m[i].push(0)
    const counter = outer.trips[0].counter;
    const rowPush = findRowPush(uses, counter);
    if (!rowPush) return false;
    const inner = tripsTo(rowPush, loopBody);
    if ("blocker" in inner || inner.trips.length !== 1) return false;
    rowTrips = inner.trips;
    rewrite = {
      start: growth.statement,
      text: `${decl.getName()}.push(new Array(${rowTrips[0].plain}).fill(0));`,
      loop: rowTrips[0].loop,
      clean: growth.statement.getNextSibling() === rowTrips[0].loop,
    };
  } else {
    return false;
  }
  const name = decl.getName();
  const rows = outer.trips[0].plain;
  const cols = rowTrips[0].plain;
  const innerLoop = rewrite.loop as Node & { getStatement(): Node };
  const onlyPush = (() => {
    const body = innerLoop.getStatement();
    return Node.isBlock(body) ? body.getStatements().length === 1 : Node.isExpressionStatement(body);
  })();
  const exit = uses.exits.length === 1 && uses.conversions.length === 0 && uses.consumers.length === 0 ? uses.exits[0].node : undefined;
  const source = ctx.sourceFile.getFullText();
  // new Array(cols) throws for a fraction or a negative number, where the loop just runs ceil(cols) or 0 times
  const exact = rowTrips[0].exact;
  const fix: Fix | undefined =
    rewrite.clean && onlyPush
      ? {
          title: `Fill each row of \`${name}\` at once with new Array(${clipCode(cols, 24)}).fill(0)`,
          safe: exact,
          ...(exact ? {} : { assumption: `\`${clipCode(cols, 24)}\` is a non-negative integer (new Array(n) throws for a fraction or a negative n)` }),
          edits: [{ start: rewrite.start.getStart(), end: rewrite.start.getEnd(), newText: rewrite.text }, removeStatementEdit(source, rewrite.loop as Statement)],
          addImports: [],
        }
      : undefined;
  ctx.report({
    node: statement,
    messageId: "zeroMatrix",
    data: fit("zeroMatrix", { name }, ["name"]),
    details:
      `\`${name}\` is a ${clipCode(rows, 20)} × ${clipCode(cols, 20)} matrix of zeros grown one \`push(0)\` at a time. ` +
      `\`new Array(${clipCode(cols, 20)}).fill(0)\` makes each number[] row in one call; ` +
      `\`Array.from({ length: ${clipCode(rows, 20)} }, () => new Float64Array(${clipCode(cols, 20)}))\` allocates zeroed typed rows (a change of the rows' type).`,
    fix,
    bench: fix && exit ? benchSpec(statement, exit, fix) : undefined,
  });
  return true;
}

function isEmptyList(init: Node): boolean {
  const n = unwrapValue(init);
  return Node.isArrayLiteralExpression(n) && n.getElements().length === 0;
}

function isZeroPush(g: Growth): boolean {
  if (g.kind !== "push" || g.values?.length !== 1) return false;
  const v = domainOf(g.values[0]);
  return v !== undefined && v.lo === 0 && v.hi === 0 && !v.negZero && !v.nan;
}

/** `m[i].push(0)` with i the outer counter. */
function findRowPush(uses: Uses, counter: Identifier | undefined): Statement | undefined {
  if (!counter) return undefined;
  const counterSymbol = usesOf(counter)?.symbol;
  for (const other of uses.others) {
    const access = other.getParent();
    if (!access || !Node.isElementAccessExpression(access) || access.getExpression() !== other) continue;
    const index = unwrapValue(access.getArgumentExpressionOrThrow());
    if (!Node.isIdentifier(index) || usesOf(index)?.symbol !== counterSymbol) continue;
    const member = access.getParent();
    const call = member?.getParent();
    const statement = call?.getParent();
    if (!member || !Node.isPropertyAccessExpression(member) || member.getName() !== "push" || !call || !Node.isCallExpression(call) || !statement || !Node.isExpressionStatement(statement)) continue;
    const args = call.getArguments();
    const v = args.length === 1 ? domainOf(args[0]) : undefined;
    if (v && v.lo === 0 && v.hi === 0 && !v.negZero && !v.nan) return statement;
  }
  return undefined;
}

/**
 * `new Float32Array(points.flatMap((p) => [p.x, p.y, p.z]))`: one temporary array per element,
 * then a flattening copy, then the typed-array copy. Reported without a fix.
 */
function checkFlatMap(ctx: RuleContext, call: CallExpression): void {
  const parent = call.getParent();
  if (!parent || !(Node.isNewExpression(parent) || Node.isCallExpression(parent)) || parent.getArguments()[0] !== call) return;
  const callee = parent.getExpression();
  const target = Node.isNewExpression(parent) && Node.isIdentifier(callee) && isGlobalTypedArray(callee)
    ? callee.getText()
    : Node.isCallExpression(parent) && Node.isPropertyAccessExpression(callee) && callee.getName() === "from" && Node.isIdentifier(callee.getExpression()) && isGlobalTypedArray(callee.getExpression() as Identifier)
      ? callee.getExpression().getText()
      : undefined;
  // xs.flatMap(f) handed to anything but a typed-array copy: not this rule's business
  if (!target) return;
  const [fn] = call.getArguments();
  const body = fn && (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) ? (Node.isArrowFunction(fn) ? fn.getBody() : undefined) : undefined;
  const returned = body ? unwrapValue(body) : undefined;
  // flatMap((p) => p.points): each element contributes a list of unknown length
  if (!returned || !Node.isArrayLiteralExpression(returned) || returned.getElements().some((e) => Node.isSpreadElement(e))) return;
  const k = returned.getElements().length;
  const statement = call.getFirstAncestor((a) => Node.isStatement(a)) ?? call;
  const source = (call.getExpression() as PropertyAccessExpression).getExpression().getText();
  ctx.report({
    node: statement,
    messageId: "flatMap",
    data: fit("flatMap", { call: call.getText(), conversion: target }, ["call"]),
    details:
      `\`${clipCode(call.getText(), 60)}\` allocates a ${k}-element array per element of \`${clipCode(source, 24)}\`, flattens them into a new list, and ` +
      `${target} copies that list again. Preallocate \`new ${target}(${k} * ${clipCode(source, 24)}.length)\` and write the ${k} values of element i at ` +
      `${k} * i … ${k} * i + ${k - 1} in one loop (no automatic fix).`,
  });
}

