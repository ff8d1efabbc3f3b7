// push-then-convert: a plain array grown element by element in a loop and then copied into a
// typed array (np.append in a loop, then np.array). Docs: docs/rules/push-then-convert.md.
//
// The finding's range is the array's declaration. The safe fix preallocates the typed array
// with the loop's trip count, writes by index and drops the copy:
//   const xs: number[] = [];                          const xs = new Int32Array(n);
//   for (let i = 0; i < n; i++) xs.push(i);     →     for (let i = 0; i < n; i++) xs[i] = i;
//   return Int32Array.from(xs);                       return xs;
// Assigning a number into an Int32Array applies the same ToInt32 conversion as
// `new Int32Array(list)` / `Int32Array.from(list)`, so the elements are identical.
import { Node, SyntaxKind, VariableDeclarationKind } from "ts-morph";
import type {
  CallExpression,
  Expression,
  ForStatement,
  Identifier,
  NewExpression,
  Statement,
  Symbol as MorphSymbol,
  Type,
  VariableDeclaration,
} from "ts-morph";
import type { Rule, RuleContext } from "../engine/rule";
import type { BenchSpec, BenchVariable, Fix, TextEdit } from "../engine/types";
import { freeVariables } from "../engine/analysis/scope";
import { lineEndingOf } from "../engine/analysis/imports";
import { stepOf } from "../engine/analysis/loops";
import { isNumberType, isTypedArrayName } from "../engine/analysis/types";
import { clipCode } from "../engine/analysis/syntax";

/** Measured with `arraylint bench` on examples/growth.ts and the corpus lecture case, 1e3–1e6 elements (docs page). */
const MEASURED_SPEEDUP = "4–21×";

export const pushThenConvert: Rule = {
  meta: {
    id: "push-then-convert",
    summary: "Preallocate the typed array instead of growing a plain array in a loop and converting it.",
    defaultSeverity: "warning",
    fixability: "safe",
    docsPath: "docs/rules/push-then-convert.md",
    messages: {
      preallocate: "`{{name}}` is grown in a loop, then copied by {{conversion}}: preallocate it and write by index.",
    },
  },
  check(ctx: RuleContext): void {
    for (const decl of ctx.sourceFile.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
      checkDeclaration(ctx, decl);
    }
  },
};

// ---------------------------------------------------------------------------------------------
// Classification of the array's uses
// ---------------------------------------------------------------------------------------------

/** One statement that appends one value: `a.push(v)`, `a = [...a, v]`, `a = a.concat(v)`. */
interface Growth {
  statement: Statement;
  /** The appended value, or undefined when the statement appends several / unknown values. */
  value: Expression | undefined;
  /** Identifiers of the array that this growth statement accounts for. */
  identifiers: Identifier[];
}

/** `new T(a)`, `T.from(a)` or `nd.array(a[, dtype])`. */
interface Conversion {
  expression: NewExpression | CallExpression;
  /** Typed array constructor name, or "nd.array". */
  target: string;
  /** For nd.array: the dtype literal if given. */
  dtype?: string;
  /** Extra arguments (a map function, a dtype other than a literal) prevent the safe fix. */
  simple: boolean;
  identifier: Identifier;
}

interface Uses {
  growths: Growth[];
  conversions: Conversion[];
  lengthReads: Identifier[];
  /** Any other use: methods, indexing, passing it on, returning it, closures… */
  others: Identifier[];
}

function checkDeclaration(ctx: RuleContext, decl: VariableDeclaration): void {
  let init = decl.getInitializer();
  // const a = [] as number[] / <number[]>[]: the same empty start
  while (init && (Node.isAsExpression(init) || Node.isTypeAssertion(init) || Node.isParenthesizedExpression(init) || Node.isSatisfiesExpression(init))) {
    init = init.getExpression();
  }
  // const a = [1, 2]: not an empty start, the finding is about growing from nothing
  if (!init || !Node.isArrayLiteralExpression(init) || init.getElements().length > 0) return;
  const nameNode = decl.getNameNode();
  // const [a] = []: destructuring, nothing to grow
  if (!Node.isIdentifier(nameNode)) return;
  const statement = decl.getVariableStatement();
  // for (const a = []; …): not a plain declaration statement
  if (!statement) return;
  // const names: string[] = []: only numeric arrays convert to typed arrays
  if (!isNumericArrayDeclaration(decl)) return;
  const symbol = nameNode.getSymbol();
  if (!symbol) return;
  const scope = enclosingScope(decl);
  const uses = classifyUses(scope, nameNode, symbol, ctx.options.runtimeImport);
  const loopGrowths = uses.growths.filter((g) => enclosingLoops(g.statement, statement).length > 0);
  // no growth inside a loop: a few pushes then a conversion cost nothing worth reporting
  if (loopGrowths.length === 0) return;
  const firstLoopEnd = Math.min(...loopGrowths.map((g) => enclosingLoops(g.statement, statement).at(-1)!.getEnd()));
  // a list that is never converted to a typed array after it was grown is just a list
  if (!uses.conversions.some((c) => c.expression.getStart() >= firstLoopEnd)) return;
  // growth values that are not numbers (strings, bigint) do not convert like numbers
  if (!uses.growths.every((g) => g.value === undefined || isNumberType(g.value.getType()))) return;

  for (const growth of uses.growths) {
    const blocker = knownLengthBlocker(growth.statement, statement);
    if (blocker) {
      // if (x[i] > t) a.push(x[i]): a filter, the final length is data-dependent — there is no
      // length to preallocate, so this is not a finding (the corpus marks it a negative)
      ctx.explain(statement, `push-then-convert: not reported, ${blocker}`);
      return;
    }
  }

  const conversion = uses.conversions.find((c) => c.expression.getStart() >= firstLoopEnd)!;
  const name = nameNode.getText();
  const conversionText = conversion.target === "nd.array" ? "nd.array" : conversion.target;
  const plan = planSafeFix(ctx, decl, statement, uses);
  const fixes = typeof plan === "string" ? undefined : plan;
  const blockerNote = typeof plan === "string" ? ` (no automatic fix: ${plan})` : "";
  ctx.report({
    node: statement,
    messageId: "preallocate",
    data: { name: clipCode(name, 24), conversion: clipCode(conversionText, 32) },
    details:
      `\`${name}\` is grown element by element inside a loop and then copied by ${conversionText}; ` +
      `its final length is known before the loop, so preallocate the typed array and write by index ` +
      `(measured ${MEASURED_SPEEDUP} faster in node 20)${blockerNote}.`,
    fix: fixes,
    bench: fixes ? benchSpec(statement, conversion.expression, fixes) : undefined,
  });
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
  const declaredInSpan = new Set(
    statements.flatMap((st) => (Node.isVariableStatement(st) ? st.getDeclarations().map((d) => d.getName()) : [])),
  );
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

function isNumericArrayDeclaration(decl: VariableDeclaration): boolean {
  const typeNode = decl.getTypeNode();
  const asserted = decl.getInitializer();
  // [] as number[]: the asserted type is the declared one
  if (!typeNode && asserted && (Node.isAsExpression(asserted) || Node.isSatisfiesExpression(asserted))) {
    const type = asserted.getType();
    return type.isArray() && isNumberType(type.getArrayElementTypeOrThrow());
  }
  if (typeNode) {
    const type = typeNode.getType();
    return type.isArray() && isNumberType(type.getArrayElementTypeOrThrow());
  }
  // const a = []: an evolving array (any[] until pushed to); the growth values decide
  const type = decl.getType();
  if (!type.isArray()) return false;
  const element = type.getArrayElementTypeOrThrow();
  return element.isAny() || isNumberType(element);
}

/** The function body (or file) whose identifiers may refer to the declaration. */
function enclosingScope(node: Node): Node {
  return node.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || Node.isSourceFile(a)) ?? node.getSourceFile();
}

function sameSymbol(id: Identifier, symbol: MorphSymbol): boolean {
  const s = id.getSymbol();
  return s !== undefined && s.compilerSymbol === symbol.compilerSymbol;
}

function classifyUses(scope: Node, nameNode: Identifier, symbol: MorphSymbol, runtimeImport: string): Uses {
  const uses: Uses = { growths: [], conversions: [], lengthReads: [], others: [] };
  const accounted = new Set<Node>();
  const name = nameNode.getText();
  const references = scope
    .getDescendantsOfKind(SyntaxKind.Identifier)
    .filter((id) => id !== nameNode && id.getText() === name);
  for (const id of references) {
    if (accounted.has(id)) continue;
    const parent = id.getParent();
    // { a }: a shorthand property escapes the array (its symbol is the property's)
    if (parent && Node.isShorthandPropertyAssignment(parent)) {
      uses.others.push(id);
      continue;
    }
    // a different variable with the same name (shadowing)
    if (!sameSymbol(id, symbol)) continue;
    const growth = asGrowth(id, name);
    if (growth) {
      uses.growths.push(growth);
      for (const g of growth.identifiers) accounted.add(g);
      continue;
    }
    const conversion = asConversion(id, runtimeImport);
    if (conversion) {
      uses.conversions.push(conversion);
      continue;
    }
    if (parent && Node.isPropertyAccessExpression(parent) && parent.getExpression() === id && parent.getName() === "length") {
      const grand = parent.getParent();
      // a.length = 0 / a.length++: a write, not a read
      const isWrite =
        grand !== undefined &&
        ((Node.isBinaryExpression(grand) && grand.getLeft() === parent && isAssignmentOperator(grand.getOperatorToken().getKind())) ||
          Node.isPrefixUnaryExpression(grand) ||
          Node.isPostfixUnaryExpression(grand));
      if (!isWrite) {
        uses.lengthReads.push(id);
        continue;
      }
    }
    uses.others.push(id);
  }
  return uses;
}

function isAssignmentOperator(kind: SyntaxKind): boolean {
  return kind >= SyntaxKind.FirstAssignment && kind <= SyntaxKind.LastAssignment;
}

function isArrayRef(node: Node | undefined, name: string): node is Identifier {
  return node !== undefined && Node.isIdentifier(node) && node.getText() === name;
}

/** Recognizes the three growth forms around the identifier `id`. */
function asGrowth(id: Identifier, name: string): Growth | undefined {
  const parent = id.getParent();
  // a.push(v)
  if (parent && Node.isPropertyAccessExpression(parent) && parent.getExpression() === id && parent.getName() === "push") {
    const call = parent.getParent();
    if (call && Node.isCallExpression(call) && call.getExpression() === parent) {
      const statement = call.getParent();
      // const n = a.push(v): the returned length is used, treat as a plain-array use
      if (!statement || !Node.isExpressionStatement(statement)) return undefined;
      const args = call.getArguments();
      const value = args.length === 1 && !Node.isSpreadElement(args[0]) ? (args[0] as Expression) : undefined;
      return { statement, value, identifiers: [id] };
    }
    return undefined;
  }
  // a = [...a, v] / a = a.concat(v)
  if (parent && Node.isBinaryExpression(parent) && parent.getLeft() === id && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
    const statement = parent.getParent();
    if (!statement || !Node.isExpressionStatement(statement)) return undefined;
    const right = parent.getRight();
    if (Node.isArrayLiteralExpression(right)) {
      const elements = right.getElements();
      const first = elements[0];
      if (first && Node.isSpreadElement(first) && isArrayRef(first.getExpression(), name)) {
        const rest = elements.slice(1);
        const value = rest.length === 1 && !Node.isSpreadElement(rest[0]) ? (rest[0] as Expression) : undefined;
        return { statement, value, identifiers: [id, first.getExpression() as Identifier] };
      }
    }
    if (Node.isCallExpression(right)) {
      const callee = right.getExpression();
      if (Node.isPropertyAccessExpression(callee) && callee.getName() === "concat" && isArrayRef(callee.getExpression(), name)) {
        const args = right.getArguments();
        // a.concat(v) appends v itself only when v is a number (an array argument is flattened)
        const value =
          args.length === 1 && !Node.isSpreadElement(args[0]) && isNumberType(args[0].getType()) ? (args[0] as Expression) : undefined;
        return { statement, value, identifiers: [id, callee.getExpression() as Identifier] };
      }
    }
  }
  return undefined;
}

/** `new T(a)`, `T.from(a)`, `nd.array(a)` with `a` as the first argument. */
function asConversion(id: Identifier, runtimeImport: string): Conversion | undefined {
  const parent = id.getParent();
  if (!parent) return undefined;
  if (Node.isNewExpression(parent) || Node.isCallExpression(parent)) {
    const args = parent.getArguments();
    if (args[0] !== id) return undefined;
    const callee = parent.getExpression();
    if (Node.isNewExpression(parent)) {
      if (Node.isIdentifier(callee) && isGlobalTypedArray(callee)) {
        return { expression: parent, target: callee.getText(), simple: args.length === 1, identifier: id };
      }
      return undefined;
    }
    if (Node.isPropertyAccessExpression(callee)) {
      const object = callee.getExpression();
      // Float64Array.from(a)
      if (callee.getName() === "from" && Node.isIdentifier(object) && isGlobalTypedArray(object)) {
        return { expression: parent, target: object.getText(), simple: args.length === 1, identifier: id };
      }
      // nd.array(a) / nd.array(a, "float64") with nd the runtime namespace
      if (callee.getName() === "array" && Node.isIdentifier(object) && isRuntimeNamespace(object, runtimeImport)) {
        const dtypeArg = args[1];
        const dtype = dtypeArg && Node.isStringLiteral(dtypeArg) ? dtypeArg.getLiteralValue() : undefined;
        return { expression: parent, target: "nd.array", dtype, simple: args.length === 1 || dtype !== undefined, identifier: id };
      }
    }
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
// Is the final length known before the loop?
// ---------------------------------------------------------------------------------------------

type Loop = Node;

/** Loops between the growth statement and the declaration's block, innermost first. */
function enclosingLoops(statement: Node, declaration: Statement): Loop[] {
  const container = declaration.getParent();
  const loops: Loop[] = [];
  for (let node: Node | undefined = statement.getParent(); node && node !== container; node = node.getParent()) {
    if (isLoop(node)) loops.push(node);
  }
  return loops;
}

function isLoop(node: Node): boolean {
  return (
    Node.isForStatement(node) ||
    Node.isForOfStatement(node) ||
    Node.isForInStatement(node) ||
    Node.isWhileStatement(node) ||
    Node.isDoStatement(node)
  );
}

/**
 * Why the number of appended elements is not fixed before the loop starts, or undefined when it is:
 * every ancestor up to the declaration's block is a block or a counted loop, and nothing in
 * those loops can skip an iteration's growth.
 */
function knownLengthBlocker(growth: Statement, declaration: Statement): string | undefined {
  const container = declaration.getParent();
  // the declaration and the growth live in different functions: the count is not visible
  if (enclosingScope(growth) !== enclosingScope(declaration)) return "the array is grown inside another function";
  let child: Node = growth;
  for (let node = growth.getParent(); node && node !== container; child = node, node = node.getParent()) {
    if (Node.isBlock(node)) continue;
    if (Node.isForStatement(node) && node.getStatement() === child) {
      // while-like for (;;) or a bound that is not a simple counter: trip count unknown
      if (!countedLoop(node)) return "the loop's trip count is not a simple counter";
      if (hasEarlyExit(node.getStatement())) return "the loop body can leave an iteration early (break/continue/return)";
      continue;
    }
    if (Node.isForOfStatement(node) && node.getStatement() === child) {
      const iterated = node.getExpression().getType();
      // for (const v of someIterable): a Set/Map/generator has no length known up front
      if (!(iterated.isArray() || isTypedArrayType(iterated))) return "the loop iterates something without a known length";
      if (hasEarlyExit(node.getStatement())) return "the loop body can leave an iteration early (break/continue/return)";
      continue;
    }
    // while (…) / do … while / for…in: the number of iterations is data-dependent
    if (isLoop(node)) return "the number of loop iterations is data-dependent";
    // if (x[i] > t) a.push(x[i]): a filter — the final length depends on the data
    return "the growth is conditional, so the final length depends on the data";
  }
  return undefined;
}

function isTypedArrayType(type: Type): boolean {
  const name = type.getSymbol()?.getName();
  return name !== undefined && isTypedArrayName(name);
}

/** break / continue / return anywhere in the loop body outside nested functions. */
function hasEarlyExit(body: Node): boolean {
  let found = false;
  body.forEachDescendant((node, traversal) => {
    if (Node.isFunctionLikeDeclaration(node) || Node.isClassDeclaration(node) || Node.isClassExpression(node)) {
      traversal.skip();
      return;
    }
    if (Node.isBreakStatement(node) || Node.isContinueStatement(node) || Node.isReturnStatement(node)) {
      found = true;
      traversal.stop();
    }
  });
  return found;
}

interface CountedLoop {
  counter: Identifier;
  /** The initial value expression. */
  start: Expression;
  /** The exclusive upper bound `B` of `i < B`. */
  bound: Expression;
}

/** `for (let i = S; i < B; i++ | ++i | i += 1 | i = i + 1)` with `i` not written in the body. */
function countedLoop(loop: ForStatement): CountedLoop | undefined {
  const initializer = loop.getInitializer();
  if (!initializer || !Node.isVariableDeclarationList(initializer)) return undefined;
  const declarations = initializer.getDeclarations();
  if (declarations.length !== 1) return undefined;
  const counterName = declarations[0].getNameNode();
  const start = declarations[0].getInitializer();
  if (!Node.isIdentifier(counterName) || !start) return undefined;
  const name = counterName.getText();

  const condition = loop.getCondition();
  if (!condition || !Node.isBinaryExpression(condition)) return undefined;
  const op = condition.getOperatorToken().getKind();
  let bound: Expression | undefined;
  if (op === SyntaxKind.LessThanToken && isArrayRef(condition.getLeft(), name)) bound = condition.getRight();
  else if (op === SyntaxKind.GreaterThanToken && isArrayRef(condition.getRight(), name)) bound = condition.getLeft();
  if (!bound) return undefined;

  const step = loop.getIncrementor();
  if (stepOf(step, name) !== 1) return undefined;
  // for (…; i++) { i += 2 }: the counter is also written in the body
  if (writesIdentifier(loop.getStatement(), name)) return undefined;
  return { counter: counterName, start, bound };
}

/** Any assignment, ++/-- to an identifier called `name` inside `node`. */
function writesIdentifier(node: Node, name: string): boolean {
  return node.getDescendants().some((d) => {
    if (Node.isBinaryExpression(d) && isAssignmentOperator(d.getOperatorToken().getKind())) return targetsName(d.getLeft(), name);
    if (Node.isPrefixUnaryExpression(d) || Node.isPostfixUnaryExpression(d)) {
      const op = d.getOperatorToken();
      return (op === SyntaxKind.PlusPlusToken || op === SyntaxKind.MinusMinusToken) && isArrayRef(d.getOperand(), name);
    }
    return false;
  });
}

function targetsName(target: Node, name: string): boolean {
  if (isArrayRef(target, name)) return true;
  // [i, j] = …, ({ i } = …): destructuring writes
  if (Node.isArrayLiteralExpression(target) || Node.isObjectLiteralExpression(target)) {
    return target.getDescendantsOfKind(SyntaxKind.Identifier).some((id) => id.getText() === name);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// The safe fix
// ---------------------------------------------------------------------------------------------

/** The fix, or the reason there is no safe one. */
function planSafeFix(ctx: RuleContext, decl: VariableDeclaration, statement: Statement, uses: Uses): Fix | string {
  const name = decl.getName();
  // const a = [], b = []: rewriting one declarator of a list is left to the user
  if (decl.getParentOrThrow().getChildrenOfKind(SyntaxKind.VariableDeclaration).length !== 1) {
    return "the declaration declares several variables";
  }
  // two push sites: element k is no longer written at index i
  if (uses.growths.length !== 1) return "the array grows in more than one place";
  const growth = uses.growths[0];
  // a.push(x, y) / [...a, x, y]: several elements per iteration
  if (!growth.value) return "each step appends several values";
  // value = a[i - 1] + 1 or a.length: reads the partial list, which preallocation changes
  if (referencesName(growth.value, name)) return "the appended value reads the array itself";
  // return a / a.sort() / f(a): the plain array is used as a list as well
  if (uses.others.length > 0) return "the array is also used as a plain list";
  // two conversions would alias one typed array where the original made two copies
  if (uses.conversions.length !== 1) return "the array is converted more than once";
  const conversion = uses.conversions[0];
  // Int32Array.from(a, f): the map function changes the values
  if (!conversion.simple) return "the conversion maps or re-types the values";
  const elementType = conversionElementType(conversion);
  // nd.array(a): the runtime infers the dtype of a plain list; only an explicit "float64" is provably the same
  if (!elementType) return "nd.array infers a dtype from the list; pass \"float64\" to make the fix provable";

  const loops = enclosingLoops(growth.statement, statement);
  // nested loops: index = i*m + j; left to the user
  if (loops.length !== 1) return "the array is grown in nested loops";
  // for (const v of x) a.push(f(v)): needs a separate write index; left to the user
  if (!Node.isForStatement(loops[0])) return "the loop has no index counter to write by";
  const loop = loops[0];
  // a.push(v) inside { if … } blocks deeper than the loop body: same iteration count but keep it simple
  const body = loop.getStatement();
  if (growth.statement.getParent() !== body && growth.statement !== body) return "the growth is not a direct statement of the loop body";
  const counted = countedLoop(loop)!;
  // for (let i = 1; …): the element index would be i - 1
  if (!(Node.isNumericLiteral(counted.start) && counted.start.getLiteralValue() === 0)) return "the loop counter does not start at 0";
  // the loop must be a later statement of the declaration's own block (not nested in an if)
  if (loop.getParent() !== statement.getParent() || loop.getStart() < statement.getEnd()) {
    return "the loop is not in the same block as the declaration";
  }
  const length = lengthExpression(counted.bound, loop, name);
  if (!length) return "the loop bound may change while the loop runs";
  // a.length read inside the loop: it grows there but is constant after preallocation
  for (const read of uses.lengthReads) {
    if (read.getStart() < loop.getEnd()) return "a.length is read before the loop has finished";
  }
  // the conversion (the only one, and after the loop: checked above) must run exactly once
  if (!runsOnceInBlock(conversion.expression, statement)) return "the conversion may run more than once";

  const edits: TextEdit[] = [];
  const source = ctx.sourceFile.getFullText();
  const declarationText = `const ${name} = new ${elementType}(${length});`;
  const next = statement.getNextSibling();
  if (next === loop) {
    edits.push({ start: statement.getStart(), end: statement.getEnd(), newText: declarationText });
  } else {
    edits.push(removeStatementEdit(source, statement));
    const indent = lineIndent(source, loop.getStart());
    edits.push({ start: loop.getStart(), end: loop.getStart(), newText: `${declarationText}${lineEndingOf(source)}${indent}` });
  }
  edits.push({
    start: growth.statement.getStart(),
    end: growth.statement.getEnd(),
    newText: `${name}[${counted.counter.getText()}] = ${growth.value.getText()};`,
  });
  // nd.array(a, "float64") stays: it copies the Float64Array exactly as it copied the list
  if (conversion.target !== "nd.array") {
    edits.push({ start: conversion.expression.getStart(), end: conversion.expression.getEnd(), newText: name });
  }
  return {
    title: `Preallocate \`${name}\` as new ${elementType}(${length}) and write by index`,
    safe: true,
    edits,
    addImports: [],
  };
}

function referencesName(node: Node, name: string): boolean {
  return isArrayRef(node, name) || node.getDescendantsOfKind(SyntaxKind.Identifier).some((id) => id.getText() === name);
}

function conversionElementType(conversion: Conversion): string | undefined {
  if (conversion.target !== "nd.array") return conversion.target;
  return conversion.dtype === "float64" ? "Float64Array" : undefined;
}

/**
 * The typed array length equal to the trip count of `for (let i = 0; i < bound; i++)`, provided
 * the bound cannot change during the loop; undefined otherwise.
 */
function lengthExpression(bound: Expression, loop: ForStatement, grown: string): string | undefined {
  // i < 1000: a literal non-negative integer is its own trip count
  if (Node.isNumericLiteral(bound)) {
    const v = bound.getLiteralValue();
    return Number.isInteger(v) && v >= 0 ? bound.getText() : undefined;
  }
  // i < x.length: a length is a non-negative integer; it is invariant when x is never
  // reassigned and the body calls nothing that could push to / resize x
  if (Node.isPropertyAccessExpression(bound) && bound.getName() === "length") {
    const object = bound.getExpression();
    if (!Node.isIdentifier(object) || !isInvariantBinding(object)) return undefined;
    const type = object.getType();
    if (!(type.isArray() || isTypedArrayType(type))) return undefined;
    if (!isCallFree(loop.getStatement(), object.getText(), grown)) return undefined;
    return bound.getText();
  }
  // i < n: n must be a number that nothing reassigns; the trip count of a fractional, negative
  // or NaN bound is max(0, ceil(n)) (NaN → length 0), which a plain `new T(n)` would get wrong
  if (Node.isIdentifier(bound) && isNumberType(bound.getType()) && isInvariantBinding(bound)) {
    return `Math.max(0, Math.ceil(${bound.getText()}))`;
  }
  return undefined;
}

/** A const, or a let/parameter never assigned anywhere in its function. */
function isInvariantBinding(id: Identifier): boolean {
  const symbol = id.getSymbol();
  const declaration = symbol?.getDeclarations()[0];
  if (!symbol || !declaration) return false;
  if (Node.isVariableDeclaration(declaration)) {
    const list = declaration.getParent();
    if (Node.isVariableDeclarationList(list) && list.getDeclarationKind() === VariableDeclarationKind.Const) return true;
  } else if (!Node.isParameterDeclaration(declaration)) {
    return false;
  }
  const scope = enclosingScope(declaration);
  // any write to the binding anywhere in its scope (closures included) makes it variable
  return !scope.getDescendants().some((d) => {
    if (Node.isBinaryExpression(d) && isAssignmentOperator(d.getOperatorToken().getKind())) {
      return targetsSymbol(d.getLeft(), symbol);
    }
    if (Node.isPrefixUnaryExpression(d) || Node.isPostfixUnaryExpression(d)) {
      const op = d.getOperatorToken();
      return (op === SyntaxKind.PlusPlusToken || op === SyntaxKind.MinusMinusToken) && targetsSymbol(d.getOperand(), symbol);
    }
    return false;
  });
}

function targetsSymbol(target: Node, symbol: MorphSymbol): boolean {
  const ids = Node.isIdentifier(target) ? [target] : target.getDescendantsOfKind(SyntaxKind.Identifier);
  if (!Node.isIdentifier(target) && !Node.isArrayLiteralExpression(target) && !Node.isObjectLiteralExpression(target)) return false;
  return ids.some((id) => sameSymbol(id, symbol));
}

/**
 * No calls (other than `Math.*` and the growth's own push/concat on `grown`),
 * no `new`, no `delete`, and no writes to `lengthOwner` (its elements or its length) in the loop body:
 * nothing there can change `lengthOwner.length`.
 */
function isCallFree(body: Node, lengthOwner: string, grown: string): boolean {
  return !body.getDescendants().some((d) => {
    if (Node.isCallExpression(d)) {
      const callee = d.getExpression();
      if (Node.isPropertyAccessExpression(callee)) {
        const object = callee.getExpression();
        if (Node.isIdentifier(object) && object.getText() === "Math") return false;
        // a.push(v) / a.concat(v) on the grown array: cannot touch another array's length
        if (isArrayRef(object, grown) && (callee.getName() === "push" || callee.getName() === "concat")) {
          return false;
        }
      }
      return true;
    }
    if (Node.isNewExpression(d) || Node.isDeleteExpression(d) || Node.isTaggedTemplateExpression(d)) return true;
    if (Node.isBinaryExpression(d) && isAssignmentOperator(d.getOperatorToken().getKind())) {
      const left = d.getLeft();
      return referencesName(left, lengthOwner);
    }
    return false;
  });
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
