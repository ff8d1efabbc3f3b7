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
import { allocate, partiallyOverlaps, type TypedArray } from "./memory";

/** An NDArray as far as evaluate needs it (duck-typed: the runtime's NDArray fits). */
export interface ArrayLike {
  readonly data: TypedArray;
  readonly shape: readonly number[];
  readonly strides?: readonly number[];
  readonly offset?: number;
  readonly dtype: string;
}

export type Operand = number | boolean | TypedArray | ArrayLike;

export interface EvaluateOptions {
  /** Where to write the result (a TypedArray, or an NDArray-like, e.g. complex128). */
  out?: TypedArray | ArrayLike;
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

const OPERATORS = ["**", "<=", ">=", "==", "!=", "<", ">", "+", "-", "*", "/", "(", ")", ",", "&", "|", "~"];

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
function parse(source: string): Node {
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
  const root = orExpr();
  if (peek().type !== "end") throw syntaxError(source, peek().pos, `unexpected '${peek().text}'`);
  return root;
}

// ---------------------------------------------------------------- operands

type Precision = "f64" | "f32";
interface Bound {
  /** "array" (real), "carray" (complex interleaved), "scalar" (real number), "cscalar" */
  role: "array" | "carray" | "scalar";
  array?: TypedArray;
  scalar?: number;
  shape?: readonly number[];
  typeName: string;
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
  const data = start === 0 && x.data.length === size * slots ? x.data : x.data.subarray(start, start + size * slots);
  return { data, complex };
}

function bind(name: string, value: Operand | undefined, source: string): Bound {
  if (value === undefined) throw new ReferenceError(`evaluate: name '${name}' is not defined (expression '${source}')`);
  if (typeof value === "number") return { role: "scalar", scalar: value, typeName: "n" };
  if (typeof value === "boolean") return { role: "scalar", scalar: value ? 1 : 0, typeName: "n" };
  if (isTypedArray(value)) return { role: "array", array: value, shape: [value.length], typeName: value.constructor.name };
  if (isArrayLike(value)) {
    const { data, complex } = flatten(name, value);
    if (complex && !(data instanceof Float64Array)) throw new TypeError(`evaluate: complex128 operand '${name}' must hold a Float64Array`);
    return { role: complex ? "carray" : "array", array: data, shape: value.shape, typeName: (complex ? "c:" : "") + data.constructor.name };
  }
  throw new TypeError(`evaluate: '${name}' must be a number, a TypedArray or an NDArray, got ${value === null ? "null" : typeof value}`);
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
  private real(v: Value): string {
    if (v.type === "bool") return `(${v.re} ? 1 : 0)`;
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
        const seen = this.loaded.get(node.name);
        if (seen !== undefined) return seen;
        const value: Value =
          entry.bound.role === "carray"
            ? { type: "complex", re: this.temp(`${v}[2 * i]`), im: this.temp(`${v}[2 * i + 1]`) }
            : { type: "real", re: this.temp(`${v}[i]`), im: "0" };
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
      return { type: "bool", re: this.temp(`${a.re} ${op === "&" ? "&&" : "||"} ${b.re}`), im: "0" };
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
      const cond = c.type === "bool" ? c.re : c.type === "real" ? `${c.re} !== 0` : `(${c.re} !== 0 || ${c.im} !== 0)`;
      const a = this.emit(node.args[1]), b = this.emit(node.args[2]);
      if (a.type === "complex" || b.type === "complex") {
        const [ar, ai] = this.complex(a), [br, bi] = this.complex(b);
        const k = this.temp(cond);
        return { type: "complex", re: this.temp(`${k} ? ${ar} : ${br}`), im: this.temp(`${k} ? ${ai} : ${bi}`) };
      }
      if (a.type === "bool" && b.type === "bool") return { type: "bool", re: this.temp(`${cond} ? ${a.re} : ${b.re}`), im: "0" };
      return { type: "real", re: this.temp(`${cond} ? ${this.real(a)} : ${this.real(b)}`), im: "0" };
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

type Kernel = (n: number, out: TypedArray, ...operands: (TypedArray | number)[]) => void;

const parsed = new Map<string, { root: Node; names: string[] }>();
const compiled = new Map<string, { kernel: Kernel; resultType: ValueType }>();
const CACHE_LIMIT = 512;

function parseCached(source: string) {
  let entry = parsed.get(source);
  if (entry === undefined) {
    const root = parse(source);
    entry = { root, names: freeNames(root) };
    if (parsed.size >= CACHE_LIMIT) parsed.clear();
    parsed.set(source, entry);
  }
  return entry;
}

function compile(source: string, root: Node, names: string[], bounds: Bound[], precision: Precision, outKind: "real" | "complex" | "alloc") {
  const key = `${source}\u0000${precision}\u0000${outKind}\u0000${bounds.map((b) => b.role + ":" + b.typeName).join(",")}`;
  const hit = compiled.get(key);
  if (hit !== undefined) return hit;
  const table = new Map(names.map((name, index) => [name, { index, bound: bounds[index] }]));
  const compiler = new Compiler(source, table, precision);
  const result = compiler.emit(root);
  let store: string;
  if (result.type === "complex") {
    if (outKind === "real") throw new TypeError(`evaluate: cannot write the complex result of '${source}' into a real output`);
    store = `out[2 * i] = ${result.re}; out[2 * i + 1] = ${result.im};`;
  } else if (outKind === "complex") {
    store = `out[2 * i] = ${result.type === "bool" ? `(${result.re} ? 1 : 0)` : result.re}; out[2 * i + 1] = 0;`;
  } else {
    store = `out[i] = ${result.type === "bool" ? `${result.re} ? 1 : 0` : result.re};`;
  }
  const params = names.map((_, i) => `v${i}`);
  const body = `"use strict";
    for (let i = 0; i < n; i++) {
      ${compiler.statements()}
      ${store}
    }`;
  // one Function per expression and operand types: each loop sees one TypedArray map
  const kernel = new Function("n", "out", ...params, body) as Kernel;
  const entry = { kernel, resultType: result.type };
  if (compiled.size >= CACHE_LIMIT) compiled.clear();
  compiled.set(key, entry);
  return entry;
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
  if (typeof expression !== "string") throw new TypeError("evaluate: the expression must be a string");
  const { root, names } = parseCached(expression);
  const bounds = names.map((name) => bind(name, Object.prototype.hasOwnProperty.call(variables, name) ? variables[name] : undefined, expression));

  // shapes: arrays must agree; scalars broadcast
  let shape: readonly number[] | undefined;
  let length = 1;
  let allFloat32 = true;
  let anyArray = false;
  for (const b of bounds) {
    if (b.role === "scalar") continue;
    anyArray = true;
    if (!(b.array instanceof Float32Array)) allFloat32 = false;
    const elements = b.shape!.reduce((p, d) => p * d, 1);
    if (shape === undefined) {
      shape = b.shape;
      length = elements;
    } else if (elements !== length || (b.shape!.length === shape.length && b.shape!.some((d, i) => d !== shape![i]))) {
      throw new RangeError(`operands could not be broadcast together with shapes ${formatShape(shape)} ${formatShape(b.shape!)}`);
    }
  }
  const precision: Precision = anyArray && allFloat32 ? "f32" : "f64";

  // the output
  let outData: TypedArray | undefined;
  let outKind: "real" | "complex" | "alloc" = "alloc";
  const out = options.out;
  if (out !== undefined) {
    if (isTypedArray(out)) {
      outData = out;
      outKind = "real";
      if (shape !== undefined && out.length !== length) {
        throw new RangeError(`non-broadcastable output operand with shape (${out.length},) doesn't match the broadcast shape ${formatShape(shape)}`);
      }
    } else if (isArrayLike(out)) {
      const flat = flatten("out", out);
      outData = flat.data;
      outKind = flat.complex ? "complex" : "real";
      const elements = out.shape.reduce((p, d) => p * d, 1);
      if (shape !== undefined && elements !== length) {
        throw new RangeError(`non-broadcastable output operand with shape ${formatShape(out.shape)} doesn't match the broadcast shape ${formatShape(shape)}`);
      }
      if (shape === undefined) length = elements;
    } else {
      throw new TypeError("evaluate: out must be a TypedArray or an NDArray");
    }
  }

  const { kernel, resultType } = compile(expression, root, names, bounds, precision, outKind);
  if (outData === undefined) {
    outData =
      resultType === "complex" ? allocate("complex128", length) : resultType === "bool" ? allocate("bool", length) : allocate(precision === "f32" ? "float32" : "float64", length);
  }
  // an input that partially overlaps the output would be read after being overwritten
  const operands = bounds.map((b) => {
    // float32 evaluation: a scalar is a float32 operand (NumPy's weak Python scalar)
    if (b.role === "scalar") return precision === "f32" ? Math.fround(b.scalar!) : b.scalar!;
    const data = b.array!;
    return partiallyOverlaps(data, outData!) ? data.slice() : data;
  });
  kernel(length, outData, ...operands);
  return out ?? outData;
}

/** Drop the compiled-expression caches (tests; long-running processes with generated expressions). */
export function clearEvaluateCache(): void {
  parsed.clear();
  compiled.clear();
}
