// nd.evaluate("z*z + c", { z, c }, { out: z }) — fused elementwise expressions, in the
// spirit of numexpr: the expression is parsed once (cached), compiled to one JS loop
// over all elements (new Function), with no temporary arrays.
//
// Semantics:
// - float64: every operator is JS's own (+ - * / ** and Math.*), so the result equals the
//   per-op composition nd.add(nd.multiply(z, z), c) bit for bit.
// - float32: when every array operand is float32 (scalars do not widen, as in NumPy),
//   each operation is rounded to float32 (Math.fround), like one ufunc per op.
// - complex128 (operands given as { data, dtype: "complex128", shape }): + - * / with
//   NumPy's formulas (product (ac-bd, ad+bc); Smith's division), abs (Math.hypot),
//   real, imag, conj, and comparisons on real parts are rejected like NumPy's.
// - comparisons give bool; where(c, a, b) picks by c != 0 (NaN counts as true, as in
//   NumPy); & | ~ combine bools.
// - scalars broadcast; arrays must have the same shape (no other broadcasting yet).
// - out may be one of the operands (each element is read before it is written).
// - several statements, each assigning an array operand, run in the same single pass:
//     evaluate("z = where(n == 0, z*z + c, z); n = where((n == 0) & (abs(z) > 2), it, n)", { z, c, n, it })
//   element i of every statement is done before element i+1; a later statement reads
//   the value an earlier one stored (rounded to the array's dtype).
// - repeat/until: a fused `while` per element (numexpr has none). With { repeat: N,
//   until: "cond", iteration: "it" } the statements run up to N times for element i, and
//   element i stops after the first iteration where cond holds, before element i+1 starts:
//     evaluate("z = z*z + c; k = where(real(z)*real(z) + imag(z)*imag(z) > 4, it, k)",
//              { z, c, k }, { repeat: 50, until: "k != 0", iteration: "it" })
//   is the scalar early-exit Mandelbrot loop (same counts, bit for bit). Each element is held
//   in a local for its whole loop and stored once at the end; a local assigned to keeps what a
//   store and re-read would give (float32: Math.fround, int32: | 0, …). Names must not share
//   memory when one of them is assigned (checked).
import { allocate, partiallyOverlaps, sharesBytes, type TypedArray } from "./memory";
import { PARALLEL_MIN, measuredCost, tryJsMap, type JsOperand, type KernelCost } from "./kernels/parallel";

/** An NDArray as far as evaluate needs it (duck-typed: the runtime's NDArray fits). */
export interface ArrayLike {
  // the runtime's NDArray types its data with Uint8ClampedArray among the views; any view works here
  readonly data: TypedArray | Uint8ClampedArray;
  readonly shape: readonly number[];
  readonly strides?: readonly number[];
  readonly offset?: number;
  readonly dtype: string;
}

export type Operand = number | boolean | TypedArray | Uint8ClampedArray | ArrayLike;

export interface EvaluateOptions {
  /** Where to write the result (a TypedArray, or an NDArray-like, e.g. complex128). */
  out?: TypedArray | Uint8ClampedArray | ArrayLike;
  /**
   * A fused `while` per element (assigning programs only): run the statements up to `repeat`
   * times for each element, stopping that element as soon as `until` holds after an iteration.
   * Element i's loop finishes before element i+1 starts, with its values kept in registers,
   * so this is the scalar early-exit loop, not `repeat` whole-array passes.
   */
  repeat?: number;
  /** The per-element exit test of `repeat` (bool, or real: nonzero), checked after each iteration. */
  until?: string;
  /** A name the statements and `until` may read: the iteration number, 1..repeat. */
  iteration?: string;
}

// ---------------------------------------------------------------- parsing

type Node =
  | { kind: "num"; value: number; imag: boolean }
  | { kind: "name"; name: string; pos: number }
  | { kind: "unary"; op: "-" | "+" | "~"; arg: Node }
  | { kind: "binary"; op: string; left: Node; right: Node }
  | { kind: "call"; name: string; args: Node[]; pos: number };

interface Token {
  type: "num" | "name" | "op" | "end";
  text: string;
  pos: number;
}

const OPERATORS = ["**", "<=", ">=", "==", "!=", "<", ">", "+", "-", "*", "/", "(", ")", ",", "&", "|", "~", "=", ";"];

function syntaxError(source: string, pos: number, what: string): SyntaxError {
  return new SyntaxError(`evaluate: invalid syntax at column ${pos + 1} in '${source}': ${what}\n  ${source}\n  ${" ".repeat(pos)}^`);
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r") {
      i++;
      continue;
    }
    const number = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[jJ]?/.exec(source.slice(i));
    if (number !== null) {
      tokens.push({ type: "num", text: number[0], pos: i });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i));
    if (name !== null) {
      tokens.push({ type: "name", text: name[0], pos: i });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op === undefined) throw syntaxError(source, i, `unexpected character '${ch}'`);
    tokens.push({ type: "op", text: op, pos: i });
    i += op.length;
  }
  tokens.push({ type: "end", text: "end of expression", pos: source.length });
  return tokens;
}

/** Recursive descent with Python's precedence: | < & < ~ < comparison < + - < * / < unary < **. */
/** One statement: `target = expression`, or a bare expression (written to `out`). */
interface Statement {
  target: string | null;
  expr: Node;
}

function parse(source: string): Statement[] {
  const tokens = tokenize(source);
  let at = 0;
  const peek = () => tokens[at];
  const take = (text: string): boolean => {
    if (tokens[at].type === "op" && tokens[at].text === text) {
      at++;
      return true;
    }
    return false;
  };
  const expect = (text: string) => {
    if (!take(text)) throw syntaxError(source, peek().pos, `expected '${text}', found '${peek().text}'`);
  };
  const binaryLevel = (ops: string[], next: () => Node) => (): Node => {
    let left = next();
    for (;;) {
      const t = peek();
      if (t.type !== "op" || !ops.includes(t.text)) return left;
      at++;
      left = { kind: "binary", op: t.text, left, right: next() };
    }
  };
  const primary = (): Node => {
    const t = peek();
    if (t.type === "num") {
      at++;
      const imag = /[jJ]$/.test(t.text);
      return { kind: "num", value: Number(imag ? t.text.slice(0, -1) : t.text), imag };
    }
    if (t.type === "name") {
      at++;
      if (take("(")) {
        const args: Node[] = [];
        if (!take(")")) {
          do args.push(orExpr());
          while (take(","));
          expect(")");
        }
        return { kind: "call", name: t.text, args, pos: t.pos };
      }
      return { kind: "name", name: t.text, pos: t.pos };
    }
    if (take("(")) {
      const inner = orExpr();
      expect(")");
      return inner;
    }
    throw syntaxError(source, t.pos, `unexpected '${t.text}'`);
  };
  // -x**2 is -(x**2); 2**-1 is 2**(-1); ** is right-associative
  const power = (): Node => {
    const base = primary();
    if (take("**")) return { kind: "binary", op: "**", left: base, right: unary() };
    return base;
  };
  const unary = (): Node => {
    if (take("-")) return { kind: "unary", op: "-", arg: unary() };
    if (take("+")) return { kind: "unary", op: "+", arg: unary() };
    return power();
  };
  const term = binaryLevel(["*", "/"], unary);
  const sum = binaryLevel(["+", "-"], term);
  const comparison = (): Node => {
    const left = sum();
    const t = peek();
    if (t.type === "op" && ["<", "<=", ">", ">=", "==", "!="].includes(t.text)) {
      at++;
      const node: Node = { kind: "binary", op: t.text, left, right: sum() };
      const u = peek();
      if (u.type === "op" && ["<", "<=", ">", ">=", "==", "!="].includes(u.text)) {
        throw syntaxError(source, u.pos, "chained comparisons are not supported; combine with & and parentheses");
      }
      return node;
    }
    return left;
  };
  const notExpr = (): Node => (take("~") ? { kind: "unary", op: "~", arg: notExpr() } : comparison());
  const andExpr = binaryLevel(["&"], notExpr);
  const orExpr = binaryLevel(["|"], andExpr);
  const statements: Statement[] = [];
  do {
    if (peek().type === "end") break; // a trailing ';'
    const first = peek(), second = tokens[at + 1];
    let target: string | null = null;
    if (first.type === "name" && second.type === "op" && second.text === "=") {
      target = first.text;
      at += 2;
    }
    statements.push({ target, expr: orExpr() });
  } while (take(";"));
  if (peek().type !== "end") throw syntaxError(source, peek().pos, `unexpected '${peek().text}'`);
  if (statements.length === 0) throw syntaxError(source, 0, "empty expression");
  if (statements.length > 1 && statements.some((st) => st.target === null)) {
    const bare = statements.find((st) => st.target === null)!;
    throw syntaxError(source, 0, `with several statements every one must assign (name = ...); found a bare expression${bare ? "" : ""}`);
  }
  return statements;
}

// ---------------------------------------------------------------- operands

type Precision = "f64" | "f32";
/** What the generated code needs to know about an operand. */
interface Bound {
  role: "array" | "carray" | "scalar" | "counter";
  /** repeat mode: the element lives in a local for the whole loop (see Compiler.locals) */
  local?: boolean;
  /** repeat mode: how a store into this array's type converts a value (locals keep stored values) */
  convert?: (expr: string) => string;
}

function isTypedArray(x: unknown): x is TypedArray {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

function isArrayLike(x: unknown): x is ArrayLike {
  return typeof x === "object" && x !== null && "data" in x && "shape" in x && "dtype" in x && isTypedArray((x as ArrayLike).data);
}

function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(",")})`;
}

/** A flat, contiguous TypedArray over the NDArray's elements (complex: 2 slots each). */
function flatten(name: string, x: ArrayLike): { data: TypedArray; complex: boolean } {
  const complex = x.dtype === "complex128";
  let size = 1;
  for (const d of x.shape) size *= d;
  if (x.strides !== undefined) {
    let expected = 1;
    for (let i = x.shape.length - 1; i >= 0; i--) {
      if (x.shape[i] !== 1 && x.strides[i] !== expected && size > 0) {
        throw new TypeError(`evaluate: '${name}' is not contiguous (strides ${formatShape(x.strides)}); pass a copy`);
      }
      expected *= x.shape[i];
    }
  }
  const slots = complex ? 2 : 1;
  const start = (x.offset ?? 0) * slots;
  // a Uint8ClampedArray reads like a Uint8Array (the generated loops index it the same way)
  const all = x.data as TypedArray;
  const data = start === 0 && all.length === size * slots ? all : all.subarray(start, start + size * slots);
  return { data, complex };
}

// ---------------------------------------------------------------- code generation

type ValueType = "bool" | "real" | "complex";
interface Value {
  type: ValueType;
  /** JS expression (real/bool) or [re, im] variable names (complex) */
  re: string;
  im: string;
}

const REAL_FUNCTIONS: Record<string, string> = {
  abs: "Math.abs",
  sqrt: "Math.sqrt",
  exp: "Math.exp",
  log: "Math.log",
  log2: "Math.log2",
  log10: "Math.log10",
  sin: "Math.sin",
  cos: "Math.cos",
  tan: "Math.tan",
  arcsin: "Math.asin",
  arccos: "Math.acos",
  arctan: "Math.atan",
  sinh: "Math.sinh",
  cosh: "Math.cosh",
  tanh: "Math.tanh",
  floor: "Math.floor",
  ceil: "Math.ceil",
};
const FUNCTIONS = [...Object.keys(REAL_FUNCTIONS), "where", "real", "imag", "conj", "arctan2"];

class Compiler {
  private lines: string[] = [];
  private counter = 0;
  /** each operand is loaded once per element, however often the expression names it */
  private loaded = new Map<string, Value>();
  constructor(
    private readonly source: string,
    private readonly names: Map<string, { index: number; bound: Bound }>,
    private readonly precision: Precision,
  ) {}

  private temp(expr: string): string {
    const name = `t${this.counter++}`;
    this.lines.push(`const ${name} = ${expr};`);
    return name;
  }
  /** float32: round every arithmetic result to float32, as one ufunc per op would */
  private round(expr: string): string {
    return this.precision === "f32" ? `Math.fround(${expr})` : expr;
  }
  /** A JS condition for a value used as a truth test: a bool, a real (nonzero) or a complex (either part nonzero). */
  truth(v: Value): string {
    return v.type === "bool" ? v.re : v.type === "real" ? `${v.re} !== 0` : `(${v.re} !== 0 || ${v.im} !== 0)`;
  }

  private real(v: Value): string {
    if (v.type === "bool") return `+(${v.re})`;
    if (v.type === "complex") throw new TypeError(`evaluate: a complex value is used where a real one is required in '${this.source}'`);
    return v.re;
  }
  private complex(v: Value): [string, string] {
    if (v.type === "complex") return [v.re, v.im];
    return [this.real(v), "0"];
  }

  statements(): string {
    return this.lines.join("\n      ");
  }

  pushLine(line: string): void {
    this.lines.push(line);
  }

  /** Emit `node` into its own block of lines (for a branch); loads made there stay there. */
  private branch(node: Node): { lines: string[]; value: Value } {
    const outerLines = this.lines, outerLoaded = this.loaded;
    this.lines = [];
    this.loaded = new Map(outerLoaded);
    try {
      const value = this.emit(node);
      return { lines: this.lines.map((line) => "  " + line), value };
    } finally {
      this.lines = outerLines;
      this.loaded = outerLoaded;
    }
  }

  /**
   * `target = expr`. The masked update `x = where(c, e, x)` (NumPy's `x[c] = e[c]`) stores
   * only where c holds, so elements that are done cost a load and a test.
   */
  assignStatement(target: string, expr: Node): void {
    if (expr.kind === "call" && expr.name === "where" && expr.args.length === 3) {
      const [c, whenTrue, whenFalse] = expr.args;
      const keepsTarget = (n: Node) => n.kind === "name" && n.name === target;
      if (keepsTarget(whenFalse) || keepsTarget(whenTrue)) {
        const cv = this.emit(c);
        const cond = this.truth(cv);
        const update = this.branch(keepsTarget(whenFalse) ? whenTrue : whenFalse);
        const outer = this.lines;
        this.lines = [];
        this.assign(target, update.value);
        const stores = this.lines.map((line) => "  " + line);
        this.lines = outer;
        this.lines.push(`if (${keepsTarget(whenFalse) ? cond : `!(${cond})`}) {`, ...update.lines, ...stores, "}");
        this.loaded.delete(target); // either value may be there now: read it back
        return;
      }
    }
    this.assign(target, this.emit(expr));
  }

  /** `target = value` inside the loop; later statements re-read the stored element. */
  assign(target: string, value: Value): void {
    const entry = this.names.get(target)!;
    const v = `v${entry.index}`;
    if (entry.bound.role === "counter") {
      throw new TypeError(`evaluate: cannot assign to '${target}': it is the iteration number (expression '${this.source}')`);
    }
    if (entry.bound.local) {
      // repeat mode: the element stays in a local; it is what a store and re-read would give
      if (entry.bound.role === "carray") {
        const [re, im] = this.complex(value);
        const tr = this.temp(re), ti = this.temp(im);
        this.lines.push(`${v}r = ${tr}; ${v}i = ${ti};`);
      } else {
        if (value.type === "complex") throw new TypeError(`evaluate: cannot write the complex result of '${this.source}' into the real array '${target}'`);
        this.lines.push(`${v}e = ${entry.bound.convert!(value.type === "bool" ? `+(${value.re})` : value.re)};`);
      }
      return;
    }
    if (entry.bound.role === "scalar") {
      throw new TypeError(`evaluate: cannot assign to '${target}': it is a scalar, not an array (expression '${this.source}')`);
    }
    if (entry.bound.role === "carray") {
      const [re, im] = this.complex(value);
      this.lines.push(`${v}[2 * j] = ${re};`, `${v}[2 * j + 1] = ${im};`);
    } else {
      if (value.type === "complex") throw new TypeError(`evaluate: cannot write the complex result of '${this.source}' into the real array '${target}'`);
      this.lines.push(`${v}[j] = ${value.type === "bool" ? `+(${value.re})` : value.re};`);
    }
    this.loaded.delete(target); // the stored value is rounded to the array's type: read it back
  }

  emit(node: Node): Value {
    switch (node.kind) {
      case "num":
        if (node.imag) return { type: "complex", re: "0", im: String(node.value) };
        return { type: "real", re: this.precision === "f32" ? String(Math.fround(node.value)) : numberLiteral(node.value), im: "0" };
      case "name": {
        const entry = this.names.get(node.name);
        if (entry === undefined) throw new ReferenceError(`evaluate: name '${node.name}' is not defined (expression '${this.source}')`);
        const v = `v${entry.index}`;
        if (entry.bound.role === "scalar") return { type: "real", re: v, im: "0" };
        if (entry.bound.role === "counter") return { type: "real", re: "it", im: "0" };
        if (entry.bound.local) return entry.bound.role === "carray" ? { type: "complex", re: `${v}r`, im: `${v}i` } : { type: "real", re: `${v}e`, im: "0" };
        const seen = this.loaded.get(node.name);
        if (seen !== undefined) return seen;
        const value: Value =
          entry.bound.role === "carray"
            ? { type: "complex", re: this.temp(`${v}[2 * j]`), im: this.temp(`${v}[2 * j + 1]`) }
            : { type: "real", re: this.temp(`${v}[j]`), im: "0" };
        this.loaded.set(node.name, value);
        return value;
      }
      case "unary": {
        const a = this.emit(node.arg);
        if (node.op === "~") {
          if (a.type !== "bool") throw new TypeError(`evaluate: '~' needs a boolean operand (a comparison) in '${this.source}'`);
          return { type: "bool", re: this.temp(`!${a.re}`), im: "0" };
        }
        if (node.op === "+") return a.type === "bool" ? { type: "real", re: this.real(a), im: "0" } : a;
        if (a.type === "complex") return { type: "complex", re: this.temp(`-${a.re}`), im: this.temp(`-${a.im}`) };
        return { type: "real", re: this.temp(`-${this.real(a)}`), im: "0" };
      }
      case "binary":
        return this.binary(node.op, this.emit(node.left), this.emit(node.right));
      case "call":
        return this.call(node);
    }
  }

  private binary(op: string, a: Value, b: Value): Value {
    if (op === "&" || op === "|") {
      if (a.type !== "bool" || b.type !== "bool") throw new TypeError(`evaluate: '${op}' needs boolean operands (comparisons) in '${this.source}'`);
      // bitwise on 0/1, not && / ||: no branch to mispredict (2.4 vs 5.5 ns/el for a random mask)
      return { type: "bool", re: this.temp(`(+${a.re} ${op} +${b.re}) !== 0`), im: "0" };
    }
    if (["<", "<=", ">", ">=", "==", "!="].includes(op)) {
      if (a.type === "complex" || b.type === "complex") {
        if (op === "==" || op === "!=") {
          const [ar, ai] = this.complex(a), [br, bi] = this.complex(b);
          const eq = `(${ar} === ${br} && ${ai} === ${bi})`;
          return { type: "bool", re: this.temp(op === "==" ? eq : `!${eq}`), im: "0" };
        }
        throw new TypeError(`evaluate: '${op}' is not defined for complex operands in '${this.source}'`);
      }
      const js = op === "==" ? "===" : op === "!=" ? "!==" : op;
      return { type: "bool", re: this.temp(`${this.real(a)} ${js} ${this.real(b)}`), im: "0" };
    }
    if (a.type === "complex" || b.type === "complex") return this.complexBinary(op, a, b);
    const x = this.real(a), y = this.real(b);
    switch (op) {
      case "+":
      case "-":
      case "*":
      case "/":
        return { type: "real", re: this.temp(this.round(`${x} ${op} ${y}`)), im: "0" };
      case "**":
        return { type: "real", re: this.temp(this.round(`${x} ** ${y}`)), im: "0" };
    }
    throw new SyntaxError(`evaluate: unsupported operator '${op}' in '${this.source}'`);
  }

  private complexBinary(op: string, a: Value, b: Value): Value {
    const [ar, ai] = this.complex(a), [br, bi] = this.complex(b);
    switch (op) {
      case "+":
      case "-":
        return { type: "complex", re: this.temp(`${ar} ${op} ${br}`), im: this.temp(`${ai} ${op} ${bi}`) };
      case "*":
        // NumPy: (ar*br - ai*bi, ar*bi + ai*br)
        return { type: "complex", re: this.temp(`${ar} * ${br} - ${ai} * ${bi}`), im: this.temp(`${ar} * ${bi} + ${ai} * ${br}`) };
      case "/": {
        // NumPy's loop: Smith's algorithm, with a zero divisor giving inf/nan parts
        const re = `t${this.counter++}`, im = `t${this.counter++}`;
        this.lines.push(
          `let ${re}, ${im};`,
          `if (Math.abs(${br}) >= Math.abs(${bi})) {`,
          `  if (${br} === 0 && ${bi} === 0) { ${re} = ${ar} / Math.abs(${br}); ${im} = ${ai} / Math.abs(${br}); }`,
          `  else { const rat = ${bi} / ${br}, scl = 1.0 / (${br} + ${bi} * rat); ${re} = (${ar} + ${ai} * rat) * scl; ${im} = (${ai} - ${ar} * rat) * scl; }`,
          `} else { const rat = ${br} / ${bi}, scl = 1.0 / (${bi} + ${br} * rat); ${re} = (${ar} * rat + ${ai}) * scl; ${im} = (${ai} * rat - ${ar}) * scl; }`,
        );
        return { type: "complex", re, im };
      }
    }
    throw new TypeError(`evaluate: '${op}' is not supported for complex operands in '${this.source}'`);
  }

  private call(node: Extract<Node, { kind: "call" }>): Value {
    const arity = (n: number) => {
      if (node.args.length !== n) {
        throw new TypeError(`evaluate: ${node.name}() takes ${n} argument${n === 1 ? "" : "s"} (${node.args.length} given) in '${this.source}'`);
      }
    };
    if (node.name === "where") {
      arity(3);
      const c = this.emit(node.args[0]);
      const cond = this.truth(c);
      // evaluate only the chosen branch (the expressions are pure, so this is invisible
      // except in speed: Mandelbrot skips the work for points that already escaped)
      const a = this.branch(node.args[1]), b = this.branch(node.args[2]);
      const type: ValueType =
        a.value.type === "complex" || b.value.type === "complex" ? "complex" : a.value.type === "bool" && b.value.type === "bool" ? "bool" : "real";
      const re = `t${this.counter++}`, im = type === "complex" ? `t${this.counter++}` : "0";
      const pick = (v: Value) => {
        if (type === "complex") {
          const [r, i] = this.complex(v);
          return `${re} = ${r}; ${im} = ${i};`;
        }
        return `${re} = ${type === "bool" ? v.re : this.real(v)};`;
      };
      this.lines.push(`let ${re}${type === "complex" ? `, ${im}` : ""};`, `if (${cond}) {`, ...a.lines, pick(a.value), "} else {", ...b.lines, pick(b.value), "}");
      return { type, re, im };
    }
    if (node.name === "arctan2") {
      arity(2);
      const y = this.real(this.emit(node.args[0])), x = this.real(this.emit(node.args[1]));
      return { type: "real", re: this.temp(this.round(`Math.atan2(${y}, ${x})`)), im: "0" };
    }
    arity(1);
    const a = this.emit(node.args[0]);
    if (a.type === "complex") {
      switch (node.name) {
        case "real":
          return { type: "real", re: a.re, im: "0" };
        case "imag":
          return { type: "real", re: a.im, im: "0" };
        case "conj":
          return { type: "complex", re: a.re, im: this.temp(`-${a.im}`) };
        case "abs":
          return { type: "real", re: this.temp(`Math.hypot(${a.re}, ${a.im})`), im: "0" };
      }
      throw new TypeError(`evaluate: ${node.name}() of a complex operand is not supported yet in '${this.source}'`);
    }
    if (node.name === "real" || node.name === "conj") return { type: "real", re: this.real(a), im: "0" };
    if (node.name === "imag") return { type: "real", re: "0", im: "0" };
    const fn = REAL_FUNCTIONS[node.name];
    if (fn === undefined) {
      throw new ReferenceError(`evaluate: unknown function '${node.name}' in '${this.source}' (known: ${FUNCTIONS.join(", ")})`);
    }
    return { type: "real", re: this.temp(this.round(`${fn}(${this.real(a)})`)), im: "0" };
  }
}

function numberLiteral(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  return Object.is(x, -0) ? "-0" : String(x);
}

/** Names the expression reads, in order of first use (functions excluded). */
function freeNames(node: Node, into: string[] = []): string[] {
  switch (node.kind) {
    case "name":
      if (!into.includes(node.name)) into.push(node.name);
      break;
    case "unary":
      freeNames(node.arg, into);
      break;
    case "binary":
      freeNames(node.left, into);
      freeNames(node.right, into);
      break;
    case "call":
      for (const a of node.args) freeNames(a, into);
      break;
  }
  return into;
}

type Kernel = (n: number, out: TypedArray, operands: (TypedArray | number)[]) => void;

/** Operand tags: a scalar, a complex128 array, or the TypedArray's constructor. */
const SCALAR = { tag: "scalar" };
const COMPLEX = { tag: "complex128" };
const ALLOCATE = { tag: "allocate" };
const EMPTY = new Float64Array(0);

interface Variant {
  tags: unknown[];
  outTag: unknown;
  kernel: Kernel;
  /** the kernel's source: worker threads compile the same body (runtime/kernels/parallel.ts) */
  body: string;
  /** measured ns per element, for deciding when the worker threads pay */
  cost: KernelCost;
  resultType: ValueType;
}
interface Entry {
  program: Statement[];
  names: string[];
  /** the statements assign to arrays (no `out`) */
  assigns: boolean;
  /** the names the statements assign to */
  targets: Set<string>;
  variants: Variant[];
  /** repeat mode (options.repeat): the exit test and the iteration number's name */
  repeat: { until: Node | null; iteration: string | null } | null;
}

const cache = new Map<string, Entry>();
const CACHE_LIMIT = 512;
const VARIANT_LIMIT = 32;

function parseCached(source: string, repeat?: { until: string | undefined; iteration: string | undefined }): Entry {
  const key = repeat === undefined ? source : `${source}\u0000${repeat.until ?? ""}\u0000${repeat.iteration ?? ""}`;
  let entry = cache.get(key);
  if (entry === undefined) {
    if (typeof source !== "string") throw new TypeError("evaluate: the expression must be a string");
    const program = parse(source);
    const names: string[] = [];
    for (const st of program) {
      freeNames(st.expr, names);
      if (st.target !== null && !names.includes(st.target)) names.push(st.target);
    }
    let until: Node | null = null;
    if (repeat !== undefined) {
      if (program[0].target === null) throw new TypeError(`evaluate: repeat needs statements that assign (name = ...), got '${source}'`);
      if (repeat.until !== undefined) {
        if (typeof repeat.until !== "string") throw new TypeError("evaluate: until must be a string");
        const parsed = parse(repeat.until);
        if (parsed.length !== 1 || parsed[0].target !== null) throw new TypeError(`evaluate: until must be one expression, got '${repeat.until}'`);
        until = parsed[0].expr;
        freeNames(until, names);
      }
      const it = repeat.iteration;
      if (it !== undefined) {
        if (typeof it !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(it)) throw new TypeError(`evaluate: iteration must be a name, got '${String(it)}'`);
        const at = names.indexOf(it);
        if (at >= 0) names.splice(at, 1);
      }
    }
    entry = {
      program,
      names,
      assigns: program[0].target !== null,
      targets: new Set(program.flatMap((st) => (st.target === null ? [] : [st.target]))),
      variants: [],
      repeat: repeat === undefined ? null : { until, iteration: repeat.iteration ?? null },
    };
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, entry);
  }
  return entry;
}

/** repeat mode: how a store into each array type converts a number (undefined: keep store + re-read) */
function storeConversion(tag: unknown): ((expr: string) => string) | undefined {
  switch (tag) {
    case Float64Array:
    case COMPLEX:
      return (e) => e;
    case Float32Array:
      return (e) => `Math.fround(${e})`;
    case Int32Array:
      return (e) => `(${e}) | 0`;
    case Uint32Array:
      return (e) => `(${e}) >>> 0`;
    case Int16Array:
      return (e) => `((${e}) << 16) >> 16`;
    case Uint16Array:
      return (e) => `(${e}) & 0xffff`;
    case Int8Array:
      return (e) => `((${e}) << 24) >> 24`;
    case Uint8Array:
      return (e) => `(${e}) & 0xff`;
  }
  return undefined;
}

function storeResult(source: string, result: Value, outTag: unknown): string {
  if (result.type === "complex") {
    if (outTag !== COMPLEX && outTag !== ALLOCATE) throw new TypeError(`evaluate: cannot write the complex result of '${source}' into a real output`);
    return `out[2 * j] = ${result.re}; out[2 * j + 1] = ${result.im};`;
  }
  const real = result.type === "bool" ? `+(${result.re})` : result.re;
  return outTag === COMPLEX ? `out[2 * j] = ${real}; out[2 * j + 1] = 0;` : `out[j] = ${real};`;
}

function compileVariant(source: string, entry: Entry, tags: unknown[], outTag: unknown, precision: Precision): Variant {
  const { program, repeat, targets } = entry;
  const table = new Map(
    entry.names.map((name, index): [string, { index: number; bound: Bound }] => {
      const role = tags[index] === SCALAR ? "scalar" : tags[index] === COMPLEX ? "carray" : "array";
      const bound: Bound = { role };
      if (repeat !== null && role !== "scalar") {
        // every array element lives in a local for the element's whole loop; an assigned one
        // only when its store conversion can be written out (not Uint8ClampedArray)
        bound.convert = storeConversion(tags[index]);
        bound.local = !targets.has(name) || bound.convert !== undefined;
      }
      return [name, { index, bound }];
    }),
  );
  if (repeat !== null && repeat.iteration !== null) table.set(repeat.iteration, { index: -1, bound: { role: "counter" } });
  const compiler = new Compiler(source, table, precision);
  let resultType: ValueType = "real";
  let loop: string;
  if (repeat !== null) {
    for (const st of program) compiler.assignStatement(st.target!, st.expr);
    if (repeat.until !== null) compiler.pushLine(`if (${compiler.truth(compiler.emit(repeat.until))}) break;`);
    const prologue: string[] = [];
    const epilogue: string[] = [];
    for (const [name, { index, bound }] of table) {
      if (!bound.local) continue;
      const v = `v${index}`;
      const decl = targets.has(name) ? "let" : "const";
      if (bound.role === "carray") {
        prologue.push(`${decl} ${v}r = ${v}[2 * j], ${v}i = ${v}[2 * j + 1];`);
        if (targets.has(name)) epilogue.push(`${v}[2 * j] = ${v}r; ${v}[2 * j + 1] = ${v}i;`);
      } else {
        prologue.push(`${decl} ${v}e = ${v}[j];`);
        if (targets.has(name)) epilogue.push(`${v}[j] = ${v}e;`);
      }
    }
    loop = `const times = operands[${entry.names.length}];
    for (let j = 0; j < n; j++) {
      ${prologue.join("\n      ")}
      for (let it = 1; it <= times; it++) {
        ${compiler.statements()}
      }
      ${epilogue.join("\n      ")}
    }`;
  } else {
    let store = "";
    if (program[0].target !== null) {
      for (const st of program) compiler.assignStatement(st.target!, st.expr);
    } else {
      const result = compiler.emit(program[0].expr);
      resultType = result.type;
      store = storeResult(source, result, outTag);
    }
    // element j's statements, in a block of their own (their consts do not clash)
    const element = (j: string) => `{ const j = ${j};\n      ${compiler.statements()}\n      ${store}\n    }`;
    // unrolled by 8: fewer loop tests per element (as in the JS kernels; 8 measured 1.1-1.2× faster
    // than 4 at 1e3-1e5 for "a + b"); the order of the elements is unchanged
    loop = `let i = 0;
    for (; i + 7 < n; i += 8) {
    ${[0, 1, 2, 3, 4, 5, 6, 7].map((u) => element(u === 0 ? "i" : `i + ${u}`)).join("\n    ")}
    }
    for (; i < n; i++) ${element("i")}`;
  }
  const loads = entry.names.map((_, i) => `const v${i} = operands[${i}];`).join(" ");
  // one Function per expression and operand types: each loop sees one TypedArray map
  const body = `"use strict";\n    ${loads}\n    ${loop}`;
  const kernel = new Function("n", "out", "operands", body) as Kernel;
  const variant = { tags, outTag, kernel, body, cost: { ns: NaN }, resultType };
  if (entry.variants.length >= VARIANT_LIMIT) entry.variants.length = 0;
  entry.variants.push(variant);
  return variant;
}

function findVariant(entry: Entry, tags: unknown[], outTag: unknown): Variant | undefined {
  const list = entry.variants;
  search: for (let v = 0; v < list.length; v++) {
    const candidate = list[v];
    if (candidate.outTag !== outTag) continue;
    for (let j = 0; j < tags.length; j++) if (candidate.tags[j] !== tags[j]) continue search;
    return candidate;
  }
  return undefined;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Evaluate an elementwise expression over arrays and scalars in one pass.
 *
 *     nd.evaluate("z*z + c", { z, c }, { out: z })   // Mandelbrot step, complex128
 *     nd.evaluate("where(x > 0, sqrt(x), -x)", { x })
 *
 * Returns `out` when given; otherwise a new array from `allocate` (Float64Array,
 * Float32Array when all arrays are float32, Uint8Array for a boolean result, or an
 * interleaved Float64Array for complex — wrap it in an NDArray of the operands' shape).
 */
export function evaluate(expression: string, variables: Record<string, Operand>, options: EvaluateOptions = {}): TypedArray | ArrayLike {
  const repeat = options.repeat;
  if (repeat === undefined && (options.until !== undefined || options.iteration !== undefined)) {
    throw new TypeError("evaluate: until and iteration need repeat (the most iterations per element)");
  }
  if (repeat !== undefined && (typeof repeat !== "number" || !Number.isInteger(repeat) || repeat < 0)) {
    throw new TypeError(`evaluate: repeat must be a non-negative integer, got ${String(repeat)}`);
  }
  const entry = repeat === undefined ? parseCached(expression) : parseCached(expression, { until: options.until, iteration: options.iteration });
  if (typeof variables !== "object" || variables === null) {
    throw new TypeError(`evaluate: the operands must be an object such as { x, y }, got ${variables === null ? "null" : typeof variables}`);
  }
  const names = entry.names;
  const count = names.length;
  const operands: (TypedArray | number)[] = new Array(count);
  const tags: unknown[] = new Array(count);
  let shape: readonly number[] | null = null; // null: flat, see `length`
  let length = -1;
  let allFloat32 = true;
  let anyScalar = false;

  for (let j = 0; j < count; j++) {
    const name = names[j];
    const value = variables[name];
    if (typeof value === "number" || typeof value === "boolean") {
      operands[j] = +value;
      tags[j] = SCALAR;
      anyScalar = true;
      continue;
    }
    let data: TypedArray;
    let valueShape: readonly number[] | null = null;
    let elements: number;
    if (isTypedArray(value)) {
      data = value;
      elements = value.length;
      tags[j] = value.constructor;
    } else if (isArrayLike(value)) {
      const flat = flatten(name, value);
      data = flat.data;
      valueShape = value.shape;
      elements = flat.complex ? data.length / 2 : data.length;
      if (flat.complex && !(data instanceof Float64Array)) throw new TypeError(`evaluate: complex128 operand '${name}' must hold a Float64Array`);
      tags[j] = flat.complex ? COMPLEX : data.constructor;
    } else if (value === undefined && !Object.prototype.hasOwnProperty.call(variables, name)) {
      throw new ReferenceError(`evaluate: name '${name}' is not defined (expression '${expression}')`);
    } else {
      throw new TypeError(`evaluate: '${name}' must be a number, a TypedArray or an NDArray, got ${value === null ? "null" : typeof value}`);
    }
    if (!(data instanceof Float32Array) || tags[j] === COMPLEX) allFloat32 = false;
    if (length === -1) {
      length = elements;
      shape = valueShape;
    } else if (elements !== length || (valueShape !== null && shape !== null && !sameShape(valueShape, shape))) {
      throw new RangeError(`operands could not be broadcast together with shapes ${formatShape(shape ?? [length])} ${formatShape(valueShape ?? [elements])}`);
    } else if (shape === null) {
      shape = valueShape;
    }
    operands[j] = data;
  }
  const precision: Precision = length !== -1 && allFloat32 ? "f32" : "f64";
  // float32 evaluation: a scalar is a float32 operand (NumPy's weak Python scalar)
  if (precision === "f32" && anyScalar) for (let j = 0; j < count; j++) if (tags[j] === SCALAR) operands[j] = Math.fround(operands[j] as number);

  // the output
  let outData: TypedArray | undefined;
  let outTag: unknown = ALLOCATE;
  const out = options.out;
  if (entry.assigns && out !== undefined) {
    throw new TypeError(`evaluate: '${expression}' assigns its results; do not pass out as well`);
  }
  if (out !== undefined) {
    let outElements: number;
    let outShape: readonly number[] | null = null;
    if (isTypedArray(out)) {
      outData = out;
      outTag = out.constructor;
      outElements = out.length;
    } else if (isArrayLike(out)) {
      const flat = flatten("out", out);
      outData = flat.data;
      outTag = flat.complex ? COMPLEX : flat.data.constructor;
      outElements = flat.complex ? outData.length / 2 : outData.length;
      outShape = out.shape;
    } else {
      throw new TypeError("evaluate: out must be a TypedArray or an NDArray");
    }
    if (length === -1) length = outElements;
    else if (outElements !== length || (outShape !== null && shape !== null && !sameShape(outShape, shape))) {
      throw new RangeError(`non-broadcastable output operand with shape ${formatShape(outShape ?? [outElements])} doesn't match the broadcast shape ${formatShape(shape ?? [length])}`);
    }
    // an input that partially overlaps the output would be read after being overwritten
    for (let j = 0; j < count; j++) {
      const x = operands[j];
      if (typeof x !== "number" && x !== outData && partiallyOverlaps(x, outData)) operands[j] = x.slice();
    }
  }
  if (length === -1) length = 1; // only scalars: a 0-d result of one element

  const variant = findVariant(entry, tags, outTag) ?? compileVariant(expression, entry, tags.slice(), outTag, precision);
  if (entry.assigns) {
    // an input partially overlapping an assigned array would be read after being overwritten
    for (const st of entry.program) {
      const target = operands[names.indexOf(st.target!)];
      for (let j = 0; j < count; j++) {
        const x = operands[j];
        if (typeof x !== "number" && typeof target !== "number" && x !== target && partiallyOverlaps(x, target)) operands[j] = x.slice();
      }
    }
    if (entry.repeat !== null) {
      // each name's element is held in a local for the element's whole loop: two names for
      // the same memory, one of them assigned, would each miss the other's writes
      const assigned = entry.targets;
      for (let a = 0; a < count; a++) {
        const x = operands[a];
        if (typeof x === "number") continue;
        for (let b = 0; b < count; b++) {
          const y = operands[b];
          if (a !== b && typeof y !== "number" && assigned.has(names[a]) && sharesBytes(x, y)) {
            throw new TypeError(`evaluate: with repeat, '${names[a]}' and '${names[b]}' must not share memory ('${names[a]}' is assigned)`);
          }
        }
      }
      if (entry.repeat.iteration !== null && Object.prototype.hasOwnProperty.call(variables, entry.repeat.iteration)) {
        throw new TypeError(`evaluate: '${entry.repeat.iteration}' is the iteration number; do not pass it as an operand too`);
      }
      operands.push(repeat!);
    }
    const written = entry.program.map((st) => names.indexOf(st.target!));
    runKernel(variant, length, EMPTY, false, operands, written);
    return variables[entry.program[entry.program.length - 1].target!] as TypedArray | ArrayLike;
  }
  if (outData === undefined) {
    const t = variant.resultType;
    outData = t === "complex" ? allocate("complex128", length) : t === "bool" ? allocate("bool", length) : allocate(precision === "f32" ? "float32" : "float64", length);
  }
  runKernel(variant, length, outData, outTag === COMPLEX || (outTag === ALLOCATE && variant.resultType === "complex"), operands, []);
  return out ?? outData;
}

/**
 * Run a compiled kernel over n elements: on the worker threads when its measured cost says they
 * pay (runtime/kernels/parallel.ts; every element is computed alone, so the same bits), else here,
 * measuring its cost. `written`: the operands an assigning program writes (out is written otherwise).
 */
function runKernel(variant: Variant, n: number, out: TypedArray, outComplex: boolean, operands: (TypedArray | number)[], written: number[]): void {
  if (n < PARALLEL_MIN.jsMap) return variant.kernel(n, out, operands);
  if (variant.cost.ns === variant.cost.ns) {
    const tags = variant.tags;
    // operands past the names (repeat's iteration count) are numbers
    const list: JsOperand[] = operands.map((x, j) => (typeof x === "number" ? x : { data: x, perElement: tags[j] === COMPLEX ? 2 : 1 }));
    let outIndex = -1;
    if (out !== EMPTY) {
      outIndex = list.length;
      list.push({ data: out, perElement: outComplex ? 2 : 1 });
    }
    if (tryJsMap(variant.body, list, outIndex, outIndex >= 0 ? [outIndex] : written, n, variant.cost.ns)) return;
  }
  measuredCost(variant.cost, n, () => variant.kernel(n, out, operands));
}

/** Drop the compiled-expression cache (tests; long-running processes with generated expressions). */
export function clearEvaluateCache(): void {
  cache.clear();
}
