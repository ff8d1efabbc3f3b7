// The per-call fast path of the ufuncs (runtime/ufunc/_fast.ts): `nd.add(x, 10, { out: y })`
// on plain TypedArrays skips the NDArray machinery. Its results must be the general path's
// bit for bit. The general path is reached with the same call plus `dtype` (the fast path
// only runs without it), and both are also checked against a scalar JS reference.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as nd from "../../runtime/index";
import { allocate } from "../../runtime/kernels/index";

const RUNS = { numRuns: 200, seed: 20261123 };

type Float = Float64Array | Float32Array;
type BinaryName = "add" | "subtract" | "multiply" | "divide" | "power";
type UnaryName = "sqrt" | "abs" | "negative" | "exp" | "sin";

const binary: Record<BinaryName, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  subtract: (x, y) => x - y,
  multiply: (x, y) => x * y,
  divide: (x, y) => x / y,
  power: (x, y) => Math.pow(x, y),
};
const unary: Record<UnaryName, (x: number) => number> = {
  sqrt: Math.sqrt,
  abs: Math.abs,
  negative: (x) => -x,
  exp: Math.exp,
  sin: Math.sin,
};

/** Every bit, NaN payloads included. */
function bitsOf(x: Float): string {
  return Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString("hex");
}
function same(actual: Float, expected: Float, what: string): void {
  if (bitsOf(actual) !== bitsOf(expected)) assert.deepEqual(Array.from(actual), Array.from(expected), what);
  assert.equal(bitsOf(actual), bitsOf(expected), what);
}

const lengthArb = fc.oneof(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 10, max: 70 }), fc.integer({ min: 200, max: 300 }));
const valuesArb = (n: number) => fc.array(fc.double(), { minLength: n, maxLength: n });
const scalarArb = fc.oneof(fc.double(), fc.constantFrom(0.1, 10, -3, 0.5, 2, 1e40, -0));
const f32Arb = fc.boolean();
/** Where the arrays live: plain heap TypedArrays, or the runtime's WASM memory (SIMD kernels from 16 elements). */
const placeArb = fc.constantFrom<"plain" | "wasm">("plain", "wasm");

function make(values: readonly number[], f32: boolean, place: "plain" | "wasm"): Float {
  const x = place === "wasm" ? allocate(f32 ? "float32" : "float64", values.length) : f32 ? new Float32Array(values.length) : new Float64Array(values.length);
  x.set(values);
  return x as Float;
}
const like = (x: Float, place: "plain" | "wasm"): Float => make(new Array(x.length).fill(0), x instanceof Float32Array, place);
const dtypeOf = (x: Float) => (x instanceof Float32Array ? "float32" : "float64");
/** NumPy's float32 arithmetic: float32 operands, each result rounded to float32. */
const round = (f32: boolean) => (f32 ? Math.fround : (v: number) => v);

describe("fast path of nd.<binary>(x, y, { out }) on plain TypedArrays", () => {
  test("array (op) array and array (op) scalar: bit for bit the general path and the scalar loop, float64 and float32", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<BinaryName>("add", "subtract", "multiply", "divide", "power"),
        f32Arb,
        placeArb,
        fc.boolean(),
        lengthArb.chain((n) => fc.record({ xs: valuesArb(n), ys: valuesArb(n) })),
        scalarArb,
        (name, f32, place, useScalar, { xs, ys }, s) => {
          const x = make(xs, f32, place);
          const y = make(ys, f32, place);
          const b = useScalar ? s : y;
          const fast = like(x, place);
          const general = like(x, place);
          const r = nd[name](x, b, { out: fast });
          nd[name](x, b, { out: general, dtype: dtypeOf(x) });
          const R = round(f32);
          const ref = like(x, "plain");
          for (let i = 0; i < ref.length; i++) ref[i] = R(binary[name](x[i], R(useScalar ? s : y[i])));
          same(fast, general, `${name} fast vs general`);
          same(fast, ref, `${name} fast vs scalar loop`);
          assert.equal(r.data, fast, "returns an NDArray over out");
          assert.deepEqual(r.shape, [x.length]);
          assert.deepEqual(r.strides, [1]);
          assert.equal(r.offset, 0);
          assert.equal(r.dtype, dtypeOf(x));
          // inputs untouched
          same(x, make(xs, f32, "plain"), "x unchanged");
          same(y, make(ys, f32, "plain"), "y unchanged");
        },
      ),
      RUNS,
    );
  });

  test("scalar (op) array (1 - x, 2 / x): bit for bit the general path and the scalar loop, also in place and without out", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<BinaryName>("add", "subtract", "multiply", "divide", "power"),
        f32Arb,
        placeArb,
        fc.constantFrom("out", "in place", "no out"),
        lengthArb.chain(valuesArb),
        scalarArb,
        (name, f32, place, how, xs, s) => {
          const x = make(xs, f32, place);
          const general = like(x, "plain");
          nd[name](s, make(xs, f32, "plain"), { out: general, dtype: dtypeOf(x) });
          const R = round(f32);
          const ref = like(x, "plain");
          for (let i = 0; i < ref.length; i++) ref[i] = R(binary[name](R(s), x[i]));
          let got: Float;
          if (how === "no out") {
            const r = nd[name](s, x);
            assert.equal(r.dtype, dtypeOf(x));
            got = r.data as Float;
          } else {
            got = how === "in place" ? x : like(x, place);
            assert.equal(nd[name](s, x, { out: got }).data, got);
          }
          same(got, general, `${s} ${name} x (${how}): fast vs general`);
          same(got, ref, `${s} ${name} x (${how}): vs scalar loop`);
        },
      ),
      RUNS,
    );
  });

  test("power(x, 2) (its own kernel: x * x) equals the scalar loop's Math.pow(x, 2), also in place", () => {
    fc.assert(
      fc.property(f32Arb, placeArb, fc.boolean(), lengthArb.chain(valuesArb), (f32, place, inPlace, xs) => {
        const x = make(xs, f32, place);
        const R = round(f32);
        const ref = like(x, "plain");
        for (let i = 0; i < ref.length; i++) ref[i] = R(Math.pow(x[i], 2));
        const out = inPlace ? x : like(x, place);
        nd.power(x, 2, { out });
        same(out, ref, `power(x, 2) ${place}${inPlace ? " in place" : ""}`);
      }),
      RUNS,
    );
  });

  test("out aliasing x, y or both equals the out-of-place result", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<BinaryName>("add", "subtract", "multiply", "divide"),
        f32Arb,
        placeArb,
        fc.constantFrom("x", "y", "both", "x-scalar"),
        lengthArb.chain((n) => fc.record({ xs: valuesArb(n), ys: valuesArb(n) })),
        scalarArb,
        (name, f32, place, alias, { xs, ys }, s) => {
          const x = make(xs, f32, place);
          const y = alias === "both" ? x : make(ys, f32, place);
          const b = alias === "x-scalar" ? s : y;
          const expected = like(x, "plain");
          nd[name](make(xs, f32, "plain"), typeof b === "number" ? b : make(Array.from(b), f32, "plain"), { out: expected, dtype: dtypeOf(x) });
          const out = alias === "y" ? y : x;
          const r = nd[name](x, b, { out });
          same(out, expected, `${name} with out = ${alias}`);
          assert.equal(r.data, out);
        },
      ),
      RUNS,
    );
  });

  test("out partially overlapping an input behaves as if the input were copied first", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<BinaryName>("add", "subtract", "multiply", "divide"),
        f32Arb,
        placeArb,
        fc.integer({ min: -5, max: 5 }).filter((k) => k !== 0),
        fc.constantFrom("x", "y", "x-scalar"),
        lengthArb.chain((n) => fc.record({ xs: valuesArb(n + 5), ys: valuesArb(n) })),
        scalarArb,
        (name, f32, place, shift, which, { xs, ys }, s) => {
          const n = ys.length;
          const buf = make(xs, f32, place);
          const inStart = shift > 0 ? 0 : -shift;
          const outStart = shift > 0 ? shift : 0;
          const shared = buf.subarray(inStart, inStart + n) as Float;
          const out = buf.subarray(outStart, outStart + n) as Float;
          const other = make(ys, f32, place);
          const [x, y] = which === "y" ? [other, shared] : [shared, which === "x-scalar" ? s : other];
          const expected = like(other, "plain");
          nd[name](x.slice() as Float, typeof y === "number" ? y : (y.slice() as Float), { out: expected });
          nd[name](x, y, { out });
          same(out, expected, `${name}, out shifted by ${shift}`);
        },
      ),
      RUNS,
    );
  });

  test("mixed float widths and integer arrays are not taken by the fast path (NumPy's promotion)", () => {
    fc.assert(
      fc.property(lengthArb.chain(valuesArb), scalarArb, (xs, s) => {
        // float32 array + weak scalar computes in float32, even into a Float64Array
        const x32 = make(xs, true, "plain");
        const out64 = new Float64Array(xs.length);
        nd.add(x32, s, { out: out64 });
        const ref = new Float64Array(xs.length);
        for (let i = 0; i < ref.length; i++) ref[i] = Math.fround(x32[i] + Math.fround(s));
        same(out64, ref, "float32 + scalar into float64 out");
        // float64 + float64 into a Float32Array out: float64 result rounded once on store
        const x64 = make(xs, false, "plain");
        const out32 = new Float32Array(xs.length);
        nd.multiply(x64, x64, { out: out32 });
        const ref32 = new Float32Array(xs.length);
        for (let i = 0; i < ref32.length; i++) ref32[i] = x64[i] * x64[i];
        same(out32, ref32, "float64 * float64 into float32 out");
      }),
      RUNS,
    );
    // int32 + 0.5 into an int32 out: float64 result, same_kind forbids the cast
    assert.throws(() => nd.add(new Int32Array(3), 0.5, { out: new Int32Array(3) }), /Cannot cast ufunc 'add' output from dtype\('float64'\) to dtype\('int32'\)/);
    // int32 + 1 into a Float64Array: int32 arithmetic (wraps), stored as float64
    const big = new Int32Array([2147483647]);
    const o = new Float64Array(1);
    nd.add(big, 1, { out: o });
    assert.equal(o[0], -2147483648);
  });

  test("shape errors are NumPy's", () => {
    // NumPy lists out's shape too
    assert.throws(() => nd.add(new Float64Array(3), new Float64Array(4), { out: new Float64Array(3) }), {
      message: "operands could not be broadcast together with shapes (3,) (4,) (3,)",
    });
    assert.throws(() => nd.add(new Float64Array(3), new Float64Array(4)), {
      message: "operands could not be broadcast together with shapes (3,) (4,)",
    });
    assert.throws(() => nd.add(new Float64Array(3), 1, { out: new Float64Array(4) }), {
      message: "operands could not be broadcast together with shapes (3,) (4,)",
    });
    assert.throws(() => nd.sqrt(new Float32Array(3), { out: new Float32Array(2) }), {
      message: "operands could not be broadcast together with shapes (3,) (2,)",
    });
    // a length-1 input broadcasts to a longer out (general path)
    assert.deepEqual(nd.add(new Float64Array([2]), 1, { out: new Float64Array(3) }).toArray(), [3, 3, 3]);
    // a length-1 array still broadcasts (general path)
    const o = nd.add(new Float64Array([1, 2, 3]), new Float64Array([10]), { out: new Float64Array(3) });
    assert.deepEqual(Array.from(o.data), [11, 12, 13]);
  });

  test("the returned NDArray follows its out across calls (also a length-tracking view that grew)", () => {
    const x = new Float64Array([1, 2, 3]);
    const out = new Float64Array(3);
    const r1 = nd.add(x, 1, { out });
    const r2 = nd.multiply(x, 2, { out });
    assert.equal(r1.data, out);
    assert.equal(r2.data, out);
    assert.deepEqual(r2.toArray(), [2, 4, 6]);
    const Resizable = ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void };
    let buf: (ArrayBuffer & { resize(n: number): void }) | null = null;
    try {
      buf = new Resizable(16, { maxByteLength: 64 });
    } catch {
      return; // no resizable buffers in this engine
    }
    if (typeof buf.resize !== "function") return;
    const tracking = new Float64Array(buf);
    assert.deepEqual(nd.add(new Float64Array(2), 5, { out: tracking }).shape, [2]);
    buf.resize(32);
    const r = nd.add(new Float64Array(4), 5, { out: tracking });
    assert.deepEqual(r.shape, [4]);
    assert.deepEqual(Array.from(tracking), [5, 5, 5, 5]);
  });
});

describe("fast path of nd.<unary>(x, { out }) on plain TypedArrays", () => {
  test("bit for bit the general path and the scalar loop; out may alias x", () => {
    fc.assert(
      fc.property(fc.constantFrom<UnaryName>("sqrt", "abs", "negative", "exp", "sin"), f32Arb, placeArb, fc.boolean(), lengthArb.chain(valuesArb), (name, f32, place, alias, xs) => {
        const x = make(xs, f32, place);
        const general = like(x, place);
        nd[name](x, { out: general, dtype: dtypeOf(x) });
        const R = round(f32);
        const ref = like(x, "plain");
        for (let i = 0; i < ref.length; i++) ref[i] = R(unary[name](x[i]));
        const out = alias ? x : like(x, place);
        const r = nd[name](x, { out });
        same(out, general, `${name} fast vs general`);
        same(out, ref, `${name} fast vs scalar loop`);
        assert.equal(r.data, out);
        assert.deepEqual(r.shape, [xs.length]);
      }),
      RUNS,
    );
  });

  test("out partially overlapping x behaves as if x were copied first", () => {
    fc.assert(
      fc.property(fc.constantFrom<UnaryName>("sqrt", "negative"), f32Arb, fc.integer({ min: -4, max: 4 }).filter((k) => k !== 0), lengthArb.chain((n) => valuesArb(n + 4)), (name, f32, shift, xs) => {
        const n = xs.length - 4;
        const buf = make(xs, f32, "plain");
        const x = buf.subarray(shift > 0 ? 0 : -shift, (shift > 0 ? 0 : -shift) + n) as Float;
        const out = buf.subarray(shift > 0 ? shift : 0, (shift > 0 ? shift : 0) + n) as Float;
        const expected = like(x, "plain");
        nd[name](x.slice() as Float, { out: expected });
        nd[name](x, { out });
        same(out, expected, `${name}, out shifted by ${shift}`);
      }),
      RUNS,
    );
  });
});

describe("fast path of nd.<op>(A, B, { out: C }) on runtime NDArrays (ufunc/_fast.ts ndBinary/ndUnary)", () => {
  /** An NDArray over WASM memory: a whole block, a view with an offset, or a 2-d array. */
  const layoutArb = fc.constantFrom<"block" | "offset" | "2d" | "reversed">("block", "offset", "2d", "reversed");
  function ndOf(values: readonly number[], f32: boolean, layout: "block" | "offset" | "2d" | "reversed"): nd.NDArray {
    const n = values.length;
    const dt = f32 ? "float32" : "float64";
    if (layout === "offset") return nd.asarray(make([7, ...values], f32, "wasm"), dt).get(nd.slice(1));
    if (layout === "reversed") return nd.asarray(make([...values].reverse(), f32, "wasm"), dt).get("::-1");
    if (layout === "2d" && n % 2 === 0) return nd.asarray(make(values, f32, "wasm"), dt).reshape(2, n / 2);
    return nd.asarray(make(values, f32, "wasm"), dt);
  }
  const flatBits = (a: nd.NDArray) => bitsOf(a.copy().data as Float);

  test("array (op) array / scalar, into out or a new array: bit for bit the general path, every layout", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<BinaryName>("add", "subtract", "multiply", "divide", "power"),
        f32Arb,
        layoutArb,
        layoutArb,
        lengthArb.chain((n) => fc.record({ xs: valuesArb(n), ys: valuesArb(n) })),
        fc.option(scalarArb, { nil: undefined }),
        (name, f32, la, lo, { xs, ys }, s) => {
          const dt = f32 ? "float32" : "float64";
          const A = ndOf(xs, f32, la);
          const B = s === undefined ? ndOf(ys, f32, la) : s;
          const general = nd[name](A, B, { dtype: dt }); // dtype: the general machinery
          const fresh = nd[name](A, B);
          assert.equal(fresh.dtype, dt);
          assert.deepEqual(fresh.shape, A.shape);
          assert.equal(flatBits(fresh), flatBits(general), `${name} ${la}, new array`);
          const C = ndOf(new Array(xs.length).fill(0), f32, lo);
          const r = nd[name](A, B, { out: C.shape.length === A.shape.length ? C : C.reshape(A.shape) });
          assert.equal(flatBits(r), flatBits(general), `${name} ${la} -> ${lo}`);
        },
      ),
      RUNS,
    );
  });

  test("out aliasing an input exactly, and out partially overlapping one (views of one block, or foreign views of it)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<BinaryName>("add", "subtract", "multiply", "divide"),
        f32Arb,
        fc.integer({ min: -4, max: 4 }),
        fc.boolean(),
        lengthArb.chain((n) => fc.record({ xs: valuesArb(n + 4), ys: valuesArb(n) })),
        (name, f32, shift, foreign, { xs, ys }) => {
          const dt = f32 ? "float32" : "float64";
          const n = ys.length;
          const block = make(xs, f32, "wasm");
          const base = nd.asarray(block, dt);
          // foreign: an NDArray over a subarray of the block (a different TypedArray object over the same bytes)
          const view = (start: number) => (foreign ? nd.asarray(block.subarray(start, start + n) as Float, dt) : base.get(nd.slice(start, start + n)));
          const inStart = shift >= 0 ? 0 : -shift;
          const outStart = shift >= 0 ? shift : 0;
          const X = view(inStart);
          const Y = nd.asarray(make(ys, f32, "wasm"), dt);
          const expected = nd[name](X.copy(), Y.copy(), { dtype: dt });
          const r = nd[name](X, Y, { out: view(outStart) });
          assert.equal(flatBits(r), flatBits(expected), `${name}, out shifted by ${shift}${foreign ? " (foreign views)" : ""}`);
        },
      ),
      RUNS,
    );
  });

  test("unary ops, in place and into other layouts: bit for bit the general path", () => {
    fc.assert(
      fc.property(fc.constantFrom<UnaryName>("sqrt", "abs", "negative", "exp", "sin"), f32Arb, layoutArb, lengthArb.chain(valuesArb), fc.boolean(), (name, f32, layout, xs, inPlace) => {
        const dt = f32 ? "float32" : "float64";
        const A = ndOf(xs, f32, layout);
        const general = nd[name](A, { dtype: dt });
        assert.equal(flatBits(nd[name](A)), flatBits(general), `${name} ${layout}`);
        const out = inPlace ? A : ndOf(new Array(xs.length).fill(0), f32, layout);
        assert.equal(flatBits(nd[name](A, { out })), flatBits(general), `${name} ${layout}${inPlace ? " in place" : ""}`);
      }),
      RUNS,
    );
  });

  test("what the NDArray fast path does not take keeps the general path's answers and errors", () => {
    const A = nd.asarray(make([1, 2, 3, 4], false, "wasm"));
    const I = nd.array([1, 2, 3, 4], "int32");
    assert.equal(nd.add(A, I).dtype, "float64");
    assert.equal(nd.add(A.astype("float32"), A).dtype, "float64");
    // the same message as the general path (reached with dtype)
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as Error).message;
      }
      return "no error";
    };
    for (const [b, out] of [[nd.zeros([3]), undefined], [A, nd.zeros([3])], [0.5, nd.zeros([4], "int32")]] as const) {
      const general = message(() => nd.add(A, b, { out, dtype: "float64" }));
      assert.notEqual(general, "no error");
      assert.equal(message(() => nd.add(A, b, { out })), general);
    }
    assert.deepEqual(nd.add(A.reshape(2, 2), nd.asarray(make([10, 20], false, "wasm"))).toArray(), [[11, 22], [13, 24]]);
  });
});
