// The contiguous complex128 fast path of the ufuncs (BinarySpec.complexFlat, UnarySpec.complexFlat):
// when the result and every array operand are C-contiguous over the iteration shape, each ufunc
// runs its own loop over the interleaved data. Its results must be the general path's bit for
// bit (NaN, ±Inf, ±0, overflow), which is reached with the same values seen through a strided
// view (not contiguous). Components are compared with Object.is.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as nd from "../../runtime/index";

const RUNS = { numRuns: 500, seed: 20261204 };

const special = fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1, -1, 2, 0.5, 1e308, -1.7e308, 1e154, 1e-160, -1e-310, 5e-324, -5e-324);
const component = fc.oneof(special, fc.constantFrom(0, -0), fc.double(), fc.double({ min: -4, max: 4 }), fc.integer({ min: -5, max: 5 }));

const shapes = fc.oneof(
  fc.constant([] as number[]),
  fc.tuple(fc.integer({ min: 0, max: 12 })),
  fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 })),
  fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 3 })),
);

interface Values {
  shape: number[];
  parts: number[]; // interleaved re, im
  pad: number; // elements of other data before the first one (a nonzero offset)
}

const values = (shape: number[]): fc.Arbitrary<Values> => {
  const size = shape.reduce((p, d) => p * d, 1);
  return fc.record({
    shape: fc.constant(shape),
    parts: fc.array(component, { minLength: 2 * size, maxLength: 2 * size }),
    pad: fc.integer({ min: 0, max: 3 }),
  });
};

const one = shapes.chain(values);
/**
 * Two arrays of one shape where many elements of b share a part with a's (equal real parts,
 * equal imaginary parts, equal elements), so the comparisons' ties are reached.
 */
const two = shapes.chain((shape) =>
  fc.tuple(values(shape), values(shape), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1024, maxLength: 1024 })).map(([a, b, mix]) => {
    const parts = b.parts.slice();
    for (let k = 0; k < parts.length / 2; k++) {
      if (mix[k] & 1) parts[2 * k] = a.parts[2 * k];
      if (mix[k] & 2) parts[2 * k + 1] = a.parts[2 * k + 1];
    }
    return [a, { ...b, parts }] as [Values, Values];
  }),
);
const complexScalar = fc.record({ re: component, im: component });

/** A C-contiguous complex128 array (at offset `pad` of its buffer): the fast path's input. */
function contiguous(v: Values): nd.NDArray {
  const data = new Float64Array(2 * v.pad + v.parts.length).fill(7);
  data.set(v.parts, 2 * v.pad);
  const a = new nd.NDArray(data, v.shape, undefined, v.pad, "complex128");
  assert.ok(a.isContiguous);
  return a;
}

/** The same values every other element of a buffer: not contiguous, so the ufuncs take the general path. */
function strided(v: Values): nd.NDArray {
  const size = v.parts.length / 2;
  const data = new Float64Array(4 * size + 2 * v.pad).fill(7);
  for (let k = 0; k < size; k++) {
    data[2 * v.pad + 4 * k] = v.parts[2 * k];
    data[2 * v.pad + 4 * k + 1] = v.parts[2 * k + 1];
  }
  const strides: number[] = [];
  let s = 2;
  for (let d = v.shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= v.shape[d];
  }
  const a = new nd.NDArray(data, v.shape, strides, v.pad, "complex128");
  assert.ok(size < 2 || !a.isContiguous, "the strided twin must not be contiguous");
  return a;
}

/** An array's components in C order (re, im interleaved for complex128; 0/1 for bool). */
function components(a: nd.NDArray): number[] {
  return Array.from(a.copy().data as ArrayLike<number>);
}

function assertSameBits(actual: nd.NDArray, expected: nd.NDArray): void {
  assert.equal(actual.dtype, expected.dtype);
  assert.deepEqual(actual.shape, expected.shape);
  const x = components(actual);
  const y = components(expected);
  assert.equal(x.length, y.length);
  for (let i = 0; i < x.length; i++) {
    if (!Object.is(x[i], y[i])) assert.fail(`component ${i}: fast path ${x[i]}, general path ${y[i]}`);
  }
}

type Binary = (a: unknown, b: unknown, options?: nd.UfuncOptions) => nd.NDArray;
type Unary = (a: unknown, options?: nd.UfuncOptions) => nd.NDArray;

const BINARY: Record<string, Binary> = {
  add: nd.add,
  subtract: nd.subtract,
  multiply: nd.multiply,
  divide: nd.divide,
  power: nd.power,
  equal: nd.equal,
  notEqual: nd.notEqual,
  greater: nd.greater,
  greaterEqual: nd.greaterEqual,
  less: nd.less,
  lessEqual: nd.lessEqual,
  maximum: nd.maximum,
  minimum: nd.minimum,
  logicalAnd: nd.logicalAnd,
  logicalOr: nd.logicalOr,
  logicalXor: nd.logicalXor,
};
const COMPLEX_RESULT = ["add", "subtract", "multiply", "divide", "power", "maximum", "minimum"];
const UNARY: Record<string, Unary> = {
  abs: nd.abs,
  conj: nd.conj,
  negative: nd.negative,
  sqrt: nd.sqrt,
  exp: nd.exp,
  log: nd.log,
  log2: nd.log2,
  log10: nd.log10,
  sin: nd.sin,
  cos: nd.cos,
  tan: nd.tan,
  sinh: nd.sinh,
  cosh: nd.cosh,
  tanh: nd.tanh,
  arcsin: nd.arcsin,
  arccos: nd.arccos,
  arctan: nd.arctan,
  angle: nd.angle,
  isnan: nd.isnan,
  isfinite: nd.isfinite,
  isinf: nd.isinf,
  logicalNot: nd.logicalNot,
};

const binaryName = fc.constantFrom(...Object.keys(BINARY));
const unaryName = fc.constantFrom(...Object.keys(UNARY));
/** Exponents with power's special cases: small integers (repeated multiplication), 0, negatives, non-integers. */
const exponent = fc.oneof(fc.constantFrom(2, 2, 3, 0, 1, -1, -2, 0.5, 100, -0), component);

describe("complex128 contiguous fast path equals the general path", () => {
  test("array (op) array", () => {
    fc.assert(
      fc.property(binaryName, two, (name, [a, b]) => {
        const f = BINARY[name];
        assertSameBits(f(contiguous(a), contiguous(b)), f(strided(a), strided(b)));
      }),
      RUNS,
    );
  });

  test("array (op) complex scalar and complex scalar (op) array", () => {
    fc.assert(
      fc.property(binaryName, one, complexScalar, (name, a, c) => {
        const f = BINARY[name];
        assertSameBits(f(contiguous(a), c), f(strided(a), c));
        assertSameBits(f(c, contiguous(a)), f(c, strided(a)));
      }),
      RUNS,
    );
  });

  test("array (op) real scalar and real scalar (op) array", () => {
    fc.assert(
      fc.property(binaryName, one, component, (name, a, x) => {
        const f = BINARY[name];
        assertSameBits(f(contiguous(a), x), f(strided(a), x));
        assertSameBits(f(x, contiguous(a)), f(x, strided(a)));
      }),
      RUNS,
    );
  });

  test("power(z, exponent): z ** 2 and the other scalar exponents", () => {
    fc.assert(
      fc.property(one, exponent, (a, p) => {
        assertSameBits(nd.power(contiguous(a), p), nd.power(strided(a), p));
        assertSameBits(nd.power(contiguous(a), { re: p, im: 0 }), nd.power(strided(a), { re: p, im: 0 }));
      }),
      RUNS,
    );
  });

  test("power(z, 2) on every pair of special parts", () => {
    const parts = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 1e200, -1e-200, 5e-324];
    const v: Values = { shape: [parts.length ** 2], parts: parts.flatMap((re) => parts.flatMap((im) => [re, im])), pad: 1 };
    assertSameBits(nd.power(contiguous(v), 2), nd.power(strided(v), 2));
  });

  test("unary functions", () => {
    fc.assert(
      fc.property(unaryName, one, (name, a) => {
        const f = UNARY[name];
        assertSameBits(f(contiguous(a)), f(strided(a)));
      }),
      RUNS,
    );
  });

  test("a real array operand is cast to complex first, then takes the fast path", () => {
    fc.assert(
      fc.property(binaryName, two, (name, [a, b]) => {
        const f = BINARY[name];
        const real = nd.real(contiguous(b)).copy();
        const realStrided = nd.real(strided(b));
        assertSameBits(f(contiguous(a), real), f(strided(a), realStrided));
      }),
      RUNS,
    );
  });

  test("in place: out is an operand", () => {
    fc.assert(
      fc.property(binaryName, two, (name, [a, b]) => {
        if (!COMPLEX_RESULT.includes(name)) return;
        const f = BINARY[name];
        const expected = f(strided(a), strided(b));
        const x = contiguous(a);
        assert.equal(f(x, contiguous(b), { out: x }), x);
        assertSameBits(x, expected);
        const y = contiguous(b);
        assert.equal(f(contiguous(a), y, { out: y }), y);
        assertSameBits(y, expected);
        const z = contiguous(a);
        assert.equal(f(z, z, { out: z }), z);
        assertSameBits(z, f(strided(a), strided(a)));
      }),
      RUNS,
    );
  });

  test("in place: unary out is the operand", () => {
    fc.assert(
      fc.property(fc.constantFrom("conj", "negative", "sqrt", "exp", "log", "tan", "arcsin", "arctan"), one, (name, a) => {
        const f = UNARY[name];
        const x = contiguous(a);
        assert.equal(f(x, { out: x }), x);
        assertSameBits(x, f(strided(a)));
      }),
      RUNS,
    );
  });

  test("out overlapping an operand one element further on (partial overlap: the operand is copied first)", () => {
    fc.assert(
      fc.property(binaryName, unaryName, two, fc.constantFrom(-1, 1), (name, uname, [a, b], shift) => {
        const size = a.parts.length / 2;
        if (size === 0 || a.shape.length !== 1) return;
        const f = BINARY[name];
        if (!COMPLEX_RESULT.includes(name)) return;
        const expected = f(strided(a), strided(b));
        // a at element 1 of a buffer, out at element 1 + shift: they share all but one element
        const data = new Float64Array(2 * (size + 2));
        data.set(a.parts, 2);
        const x = new nd.NDArray(data, [size], undefined, 1, "complex128");
        const out = new nd.NDArray(data, [size], undefined, 1 + shift, "complex128");
        f(x, contiguous(b), { out });
        assertSameBits(out, expected);

        const g = UNARY[uname];
        const uexpected = g(strided(a));
        if (uexpected.dtype !== "complex128") return;
        data.set(a.parts, 2);
        g(x, { out });
        assertSameBits(out, uexpected);
      }),
      RUNS,
    );
  });

  test("out at an offset of its buffer; bool and float results into their own out", () => {
    fc.assert(
      fc.property(binaryName, unaryName, two, (name, uname, [a, b]) => {
        const f = BINARY[name];
        const expected = f(strided(a), strided(b));
        const size = a.parts.length / 2;
        const slots = expected.dtype === "complex128" ? 2 : 1;
        const data = new (expected.dtype === "bool" ? Uint8Array : Float64Array)(slots * (size + 3));
        const out = new nd.NDArray(data, a.shape, undefined, 3, expected.dtype);
        assert.equal(f(contiguous(a), contiguous(b), { out }), out);
        assertSameBits(out, expected);

        const g = UNARY[uname];
        const uexpected = g(strided(a));
        const udata = new Float64Array((uexpected.dtype === "complex128" ? 2 : 1) * (size + 2));
        const uout = new nd.NDArray(udata, a.shape, undefined, 2, uexpected.dtype);
        assert.equal(g(contiguous(a), { out: uout }), uout);
        assertSameBits(uout, uexpected);
      }),
      RUNS,
    );
  });

  test("operands broadcast to a larger out keep the general path's results", () => {
    fc.assert(
      fc.property(binaryName, unaryName, two, fc.integer({ min: 1, max: 3 }), (name, uname, [a, b], rows) => {
        const f = BINARY[name];
        const expected = f(strided(a), strided(b));
        const shape = [rows, ...a.shape];
        const out = nd.zeros(shape, expected.dtype);
        assertSameBits(f(contiguous(a), contiguous(b), { out }), nd.broadcastTo(expected, shape));
        const g = UNARY[uname];
        const uexpected = g(strided(a));
        const uout = nd.zeros(shape, uexpected.dtype);
        assertSameBits(g(contiguous(a), { out: uout }), nd.broadcastTo(uexpected, shape));
      }),
      RUNS,
    );
  });

  test("broadcasting an operand keeps the general path's results", () => {
    fc.assert(
      fc.property(binaryName, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 }), fc.integer(), (name, rows, cols, seed) => {
        const rnd = fc.sample(component, { numRuns: 2 * rows * cols + 2 * cols, seed });
        const a: Values = { shape: [rows, cols], parts: rnd.slice(0, 2 * rows * cols), pad: 0 };
        const b: Values = { shape: [cols], parts: rnd.slice(2 * rows * cols), pad: 1 };
        const f = BINARY[name];
        assertSameBits(f(contiguous(a), contiguous(b)), f(strided(a), strided(b)));
      }),
      { ...RUNS, numRuns: 50 },
    );
  });
});
