// Element access through methods: `m.get(i, j)`, `img.getValue(x, y, c)`, `m.set(i, j, v)` whose
// bodies are a plain read or write of a backing array (`return this.data[i * this.cols + j]`,
// `this.data[i][j] = v`). Matrix and image classes (ml-matrix, image-js) are written this way; a loop
// over such calls is as element-wise as one over the array itself.
import { Node, Project, SyntaxKind, ts, type CallExpression, type ElementAccessExpression, type MethodDeclaration, type SourceFile } from "ts-morph";
import { symbolOf } from "./scope";
import { unparen } from "./syntax";
import { findDescendants } from "./candidates";

export interface Accessor {
  kind: "read" | "write";
  method: MethodDeclaration;
  /** Parameter names in order. */
  params: string[];
  /** The element access of the body (`this.data[row][col]`, `this.data[(r * this.w + c) * this.ch + k]`). */
  access: ElementAccessExpression;
  /** For a write: the parameter stored. */
  valueParam?: string;
  /** A write that clips the value to literal or field bounds first (image-js's setClampedValue). */
  clamped?: boolean;
  /**
   * `getValueByIndex(s, i, c) { return this.images[s].getValueByIndex(i, c); }`: a read through
   * another plain accessor of an object this one holds. `access` and `params` are the outer method's;
   * the element is the inner accessor's with its `this` replaced by `receiver`.
   */
  delegate?: { receiver: Node; args: Node[]; accessor: Accessor };
  /**
   * The body was not found (an untyped receiver whose class is in no file the analysis sees): the
   * accessor is assumed from its name, a conventional element accessor such as `get(i, j)`.
   */
  assumed?: boolean;
}

/** Method names that conventionally read / write one element of a matrix or image (`m.get(i, j)`). */
const READ_NAMES = new Set(["get", "getValue", "getValueByIndex", "getAt", "at"]);
const WRITE_NAMES = new Set(["set", "setValue", "setValueByIndex", "setAt"]);

/** A parsed stand-in `get(p0, p1) { return this.data[p0][p1]; }` per name and arity, for receivers nobody declares. */
const syntheticProject = new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: true } });
const synthetic = new Map<string, Accessor>();

function assumedAccessor(name: string, argc: number): Accessor | undefined {
  const write = WRITE_NAMES.has(name);
  if (!write && !READ_NAMES.has(name)) return undefined;
  const indexCount = write ? argc - 1 : argc;
  if (indexCount < 1 || indexCount > 3) return undefined;
  const key = `${name}/${argc}`;
  const known = synthetic.get(key);
  if (known) return known;
  const params = Array.from({ length: argc }, (_, k) => (write && k === argc - 1 ? "value" : `p${k}`));
  const access = `this.data${params.filter((p) => p !== "value").map((p) => `[${p}]`).join("")}`;
  const body = write ? `${access} = value;` : `return ${access};`;
  const sf = syntheticProject.createSourceFile(`/assumed-${name}-${argc}.js`, `class Assumed { ${name}(${params.join(", ")}) { ${body} } }`, { overwrite: true });
  const method = sf.getDescendantsOfKind(SyntaxKind.MethodDeclaration)[0];
  const accessor = accessorOf(method);
  if (!accessor) return undefined;
  accessor.assumed = true;
  synthetic.set(key, accessor);
  return accessor;
}

/**
 * Methods of the file's classes by name, built once per file version. Keyed by the compiler's
 * source file, not ts-morph's wrapper: an edited file keeps its wrapper while its old nodes are
 * forgotten, and a wrapper-keyed index handed them out ("node that was removed or forgotten").
 */
const methodIndex = new WeakMap<ts.SourceFile, Map<string, MethodDeclaration[]>>();

/** Drops the file's method index (ts-morph wrappers): before the engine has them forgotten. */
export function dropMethodIndex(sourceFile: ts.SourceFile): void {
  methodIndex.delete(sourceFile);
}

function methodsNamed(sf: SourceFile, name: string): MethodDeclaration[] {
  let index = methodIndex.get(sf.compilerNode);
  if (!index) {
    const built = new Map<string, MethodDeclaration[]>();
    for (const m of findDescendants(sf, ts.isMethodDeclaration) as MethodDeclaration[]) {
      const list = built.get(m.getName());
      if (list) list.push(m);
      else built.set(m.getName(), [m]);
    }
    methodIndex.set(sf.compilerNode, built);
    index = built;
  }
  return index.get(name) ?? [];
}

/** Is the access rooted at `this.<field>` with every index built from parameters, `this.<prop>`, literals and + - *? */
function isPlainElementAccess(access: Node, params: Set<string>): access is ElementAccessExpression {
  if (!Node.isElementAccessExpression(access)) return false;
  let base: Node = access;
  while (Node.isElementAccessExpression(base)) {
    const arg = base.getArgumentExpression();
    if (!arg || !isIndexArithmetic(arg, params)) return false;
    base = unparen(base.getExpression());
  }
  // this.data (one property of this)
  return Node.isPropertyAccessExpression(base) && Node.isThisExpression(unparen(base.getExpression()));
}

function isIndexArithmetic(e: Node, params: Set<string>): boolean {
  const n = unparen(e);
  if (Node.isNumericLiteral(n)) return true;
  if (Node.isIdentifier(n)) return params.has(n.getText());
  if (Node.isPropertyAccessExpression(n)) return Node.isThisExpression(unparen(n.getExpression()));
  if (Node.isBinaryExpression(n)) {
    const op = n.getOperatorToken().getKind();
    if (op !== SyntaxKind.PlusToken && op !== SyntaxKind.MinusToken && op !== SyntaxKind.AsteriskToken) return false;
    return isIndexArithmetic(n.getLeft(), params) && isIndexArithmetic(n.getRight(), params);
  }
  return false;
}

/** `throw new Error('get method is unimplemented')`: an abstract stub, overridden elsewhere. */
function isThrowStub(m: MethodDeclaration): boolean {
  const stmts = m.getBody() && Node.isBlock(m.getBody()!) ? (m.getBody() as import("ts-morph").Block).getStatements() : [];
  return stmts.length === 1 && Node.isThrowStatement(stmts[0]);
}

/** The accessor a method declaration is, or undefined when its body does anything else. */
export function accessorOf(m: MethodDeclaration, depth = 0): Accessor | undefined {
  if (m.isStatic()) return undefined;
  const body = m.getBody();
  if (!body || !Node.isBlock(body)) return undefined;
  const params = m.getParameters().map((p) => p.getNameNode());
  if (!params.every((p) => Node.isIdentifier(p))) return undefined;
  const names = params.map((p) => p.getText());
  const stmts = [...body.getStatements()];
  // get(i, j) { return this.data[i][j]; }
  if (stmts.length === 1 && Node.isReturnStatement(stmts[0])) {
    const e = stmts[0].getExpression();
    const access = e && unparen(e);
    if (access && isPlainElementAccess(access, new Set(names))) return { kind: "read", method: m, params: names, access };
    // getValueByIndex(s, i, c) { return this.images[s].getValueByIndex(i, c); }
    if (access && Node.isCallExpression(access) && depth === 0) {
      const callee = access.getExpression();
      if (!Node.isPropertyAccessExpression(callee)) return undefined;
      const receiver = unparen(callee.getExpression());
      const params = new Set(names);
      const holder = Node.isElementAccessExpression(receiver) ? unparen(receiver.getExpression()) : receiver;
      const selector = Node.isElementAccessExpression(receiver) ? receiver.getArgumentExpression() : undefined;
      if (!Node.isPropertyAccessExpression(holder) || !Node.isThisExpression(unparen(holder.getExpression()))) return undefined;
      if (selector && !isIndexArithmetic(selector, params)) return undefined;
      if (!access.getArguments().every((a) => isIndexArithmetic(a, params))) return undefined;
      const decls = symbolOf(callee.getNameNode())?.getDeclarations() ?? [];
      const inner = decls.length === 1 && Node.isMethodDeclaration(decls[0]) ? accessorOf(decls[0], depth + 1) : undefined;
      if (!inner || inner.kind !== "read" || inner.params.length !== access.getArguments().length) return undefined;
      return { kind: "read", method: m, params: names, access: inner.access, delegate: { receiver, args: access.getArguments(), accessor: inner } };
    }
    return undefined;
  }
  // setClamped(i, v) { if (v < 0) v = 0; else if (v > this.max) v = this.max; this.data[i] = v; }: a clip, then a plain write
  let clamped = false;
  while (stmts.length > 1 && isClampOfParam(stmts[0], new Set(names))) {
    stmts.shift();
    clamped = true;
  }
  // set(i, j, v) { this.data[i][j] = v; return this; }
  const [first, second] = stmts;
  if (stmts.length > 2 || !first || !Node.isExpressionStatement(first)) return undefined;
  if (second && !(Node.isReturnStatement(second) && (!second.getExpression() || Node.isThisExpression(second.getExpression()!)))) return undefined;
  const assign = unparen(first.getExpression());
  if (!Node.isBinaryExpression(assign) || assign.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) return undefined;
  const value = unparen(assign.getRight());
  if (!Node.isIdentifier(value) || !names.includes(value.getText())) return undefined;
  const indexParams = new Set(names.filter((n) => n !== value.getText()));
  const target = unparen(assign.getLeft());
  if (!isPlainElementAccess(target, indexParams)) return undefined;
  return { kind: "write", method: m, params: names, access: target, valueParam: value.getText(), ...(clamped ? { clamped: true } : {}) };
}

/** `if (v < lo) v = lo; else if (v > this.max) v = this.max;` with v a parameter and the bounds literals or fields. */
function isClampOfParam(s: Node, params: Set<string>): boolean {
  if (!Node.isIfStatement(s)) return false;
  const cond = unparen(s.getExpression());
  if (!Node.isBinaryExpression(cond) || !["<", ">", "<=", ">="].includes(cond.getOperatorToken().getText())) return false;
  const v = unparen(cond.getLeft()).getText();
  if (!params.has(v)) return false;
  const bound = (n: Node) => Node.isNumericLiteral(unparen(n)) || (Node.isPropertyAccessExpression(unparen(n)) && Node.isThisExpression(unparen((unparen(n) as import("ts-morph").PropertyAccessExpression).getExpression())));
  if (!bound(cond.getRight())) return false;
  let then: Node = s.getThenStatement();
  if (Node.isBlock(then) && then.getStatements().length === 1) then = then.getStatements()[0];
  if (!Node.isExpressionStatement(then)) return false;
  const assign = unparen(then.getExpression());
  if (!Node.isBinaryExpression(assign) || assign.getOperatorToken().getText() !== "=" || unparen(assign.getLeft()).getText() !== v || !bound(assign.getRight())) return false;
  const otherwise = s.getElseStatement();
  return !otherwise || isClampOfParam(otherwise, params);
}

/**
 * The accessor `recv.name(args)` calls, when every method it may call is the same kind of plain
 * element access. The checker's declarations decide when it knows the receiver's type; for an
 * untyped receiver (JavaScript), the same-named methods of the file's classes with that many
 * parameters do (abstract `throw` stubs aside). Undefined when any candidate does something else.
 */
export function resolveAccessor(call: CallExpression): Accessor | undefined {
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return undefined;
  const name = callee.getName();
  const argc = call.getArguments().length;
  let candidates: MethodDeclaration[] = [];
  const declared = symbolOf(callee.getNameNode())?.getDeclarations() ?? [];
  if (declared.length > 0) {
    if (!declared.every((d) => Node.isMethodDeclaration(d))) return undefined;
    candidates = declared as MethodDeclaration[];
  } else {
    // an untyped receiver: the file's own classes are the evidence
    candidates = methodsNamed(call.getSourceFile(), name).filter((m) => m.getParameters().length === argc);
    // no class in sight (ml-matrix's stat.js takes any matrix): a conventional accessor name, assumed
    if (candidates.length === 0 && isUntypedReceiver(callee.getExpression())) return assumedAccessor(name, argc);
  }
  const concrete = candidates.filter((m) => !isThrowStub(m));
  if (concrete.length === 0) return undefined;
  const accessors = concrete.map(accessorOf);
  const first = accessors[0];
  if (!first || accessors.some((a) => !a || a.kind !== first.kind || a.params.length !== argc)) return undefined;
  // Several implementations must agree on the element they touch, up to parameter names.
  const shape = (a: Accessor) => (a.delegate ? a.method.getText() : a.access.getText()).replace(/\s+/g, "");
  if (accessors.some((a) => shape(a!) !== shape(first) || a!.params.join() !== first.params.join())) return undefined;
  return first;
}

function isUntypedReceiver(n: Node): boolean {
  try {
    const t = n.getType();
    return t.isAny() || t.isUnknown();
  } catch {
    return false;
  }
}
