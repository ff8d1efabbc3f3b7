// Property tests (fast-check) for the runtime's structural promises: views share memory,
// masks copy, reshape/ravel round-trip, reductions agree with the total, elementwise
// results equal a scalar JS reference at every length (SIMD tails!) and `out` may alias.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as nd from "../../runtime/index";

const RUNS = { numRuns: 150, seed: 20261122 };

/** A small shape (0–4 dims, each 0–5) and matching float64 data. */
const arrayArb = fc
  .array(fc.integer({ min: 0, max: 5 }), { minLength: 0, maxLength: 4 })
  .chain((shape) => {
    const size = shape.reduce((p, d) => p * d, 1);
    return fc.record({
      shape: fc.constant(shape),
      data: fc.array(fc.double({ noNaN: false }), { minLength: size, maxLength: size }),
    });
  });

const make = ({ shape, data }: { shape: number[]; data: number[] }) => nd.array(data).reshape(shape);
const bits = (xs: ArrayLike<number>) => Array.from(xs, (v) => (Object.is(v, -0) ? "-0" : Number.isNaN(v) ? "NaN" : String(v)));

/** A basic-slicing selector for an axis of length n. */
const sliceArb = (n: number) =>
  fc.record({
    start: fc.option(fc.integer({ min: -n - 2, max: n + 2 }), { nil: null }),
    stop: fc.option(fc.integer({ min: -n - 2, max: n + 2 }), { nil: null }),
    step: fc.option(fc.integer({ min: -3, max: 3 }).filter((s) => s !== 0), { nil: null }),
  });

describe("views and copies", () => {
  test("basic slicing returns a view: writes through it land in the base", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }).chain((n) => sliceArb(n).map((s) => ({ n, s }))),
        (rows, cols, { s }) => {
          const a = nd.arange(rows * cols).reshape(rows, cols);
          const view = a.get(nd.slice(s.start, s.stop, s.step), ":");
          // Reference: the same selection with JS arrays.
          const [start, step, len] = new nd.Slice(s.start, s.stop, s.step).indices(rows);
          assert.deepEqual(view.shape, [len, cols]);
          view.set(nd.ellipsis, -1);
          for (let i = 0; i < len; i++) {
            for (let j = 0; j < cols; j++) assert.equal(a.get(start + i * step, j), -1);
          }
          assert.equal(nd.sum(nd.equal(a, -1)), len * cols, "exactly the selected elements changed");
          assert.ok(len === 0 || nd.mayShareMemory(view, a));
        },
      ),
      RUNS,
    );
  });

  test("boolean masks and integer arrays return copies; mask assignment writes in place", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 0, maxLength: 40 }), (xs) => {
        const a = nd.array(xs);
        const mask = nd.greater(a, 0);
        const picked = a.get(mask);
        assert.deepEqual(picked.toArray(), xs.filter((v) => v > 0));
        if (picked.size > 0) {
          picked.set(0, 999);
          assert.ok(!(a.toArray() as number[]).includes(999), "writing the copy must not touch the base");
          assert.ok(!nd.mayShareMemory(picked, a));
        }
        const idx = xs.map((_, i) => xs.length - 1 - i);
        assert.deepEqual(a.get(idx).toArray(), [...xs].reverse());
        a.set(mask, 5);
        assert.deepEqual(a.toArray(), xs.map((v) => (v > 0 ? 5 : v)));
      }),
      RUNS,
    );
  });

  test("reshape(ravel(a)) round-trips, and is a view of a contiguous array", () => {
    fc.assert(
      fc.property(arrayArb, (spec) => {
        const a = make(spec);
        const r = nd.ravel(a);
        const back = nd.reshape(r, a.shape);
        assert.deepEqual(back.shape, a.shape);
        assert.deepEqual(bits(back.copy().data), bits(a.copy().data));
        if (a.size > 0) assert.ok(nd.mayShareMemory(back, a));
        // the transpose is not contiguous: ravel copies but the values still round-trip
        const t = a.T;
        assert.deepEqual(bits(nd.reshape(nd.ravel(t), t.shape).copy().data), bits(t.copy().data));
      }),
      RUNS,
    );
  });

  test("reshape of strided views: values as reshaping a copy; a view only when it really is one", () => {
    const factor = (n: number): number[][] => {
      const out: number[][] = [[n]];
      for (let d = 2; d <= n; d++) if (n % d === 0) for (const rest of factor(n / d)) out.push([d, ...rest]);
      return out;
    };
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 3 }),
        fc.nat(),
        (shape, how, pick) => {
          const size = shape.reduce((p, d) => p * d, 1);
          const base = nd.arange(size * 2).reshape([...shape.slice(0, -1), shape[shape.length - 1] * 2]);
          const views = [
            base.get(nd.ellipsis, "::2"),
            base.get(nd.ellipsis, "::2").T,
            base.get(nd.ellipsis, nd.slice(0, shape[shape.length - 1])),
            base.get("::-1", nd.ellipsis).get(nd.ellipsis, "1::2"),
          ];
          const v = views[how];
          const shapes = [...factor(v.size), [v.size, 1], [1, v.size]];
          const target = shapes[pick % shapes.length];
          const r = nd.reshape(v, target);
          assert.deepEqual(r.toArray(), nd.reshape(v.copy(), target).toArray());
          if (nd.mayShareMemory(r, base)) {
            // a view: writing through it must change the viewed elements of the base
            r.set(nd.ellipsis, -1);
            assert.ok((nd.ravel(v).toArray() as number[]).every((x) => x === -1));
          }
        },
      ),
      RUNS,
    );
  });

  test("transpose twice is the identity and shares memory", () => {
    fc.assert(
      fc.property(arrayArb, (spec) => {
        const a = make(spec);
        const tt = a.T.T;
        assert.deepEqual(tt.shape, a.shape);
        assert.deepEqual(tt.strides, a.strides);
        assert.equal(tt.data, a.data);
      }),
      RUNS,
    );
  });
});

describe("reductions", () => {
  test("sum over every axis, one at a time, equals the total (integers: exact)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 1000 }),
        (shape, seed) => {
          const size = shape.reduce((p, d) => p * d, 1);
          const a = nd.array(Array.from({ length: size }, (_, i) => ((i * 7919 + seed) % 201) - 100)).reshape(shape);
          let r: nd.NDArray = a;
          for (let ax = shape.length - 1; ax >= 0; ax--) r = nd.sum(r, ax);
          let total = 0;
          for (let i = 0; i < size; i++) total += a.data[i];
          assert.equal(r.item(), total);
          assert.equal(nd.sum(a), total);
          assert.equal(nd.sum(a, { axis: shape.map((_, i) => i) }).item(), total);
          assert.deepEqual(nd.sum(a, { axis: 0, keepdims: true }).shape, [1, ...shape.slice(1)]);
        },
      ),
      RUNS,
    );
  });

  test("max/min/argmax agree with a scalar scan, nan propagates", () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { minLength: 1, maxLength: 50 }), (xs) => {
        const hasNaN = xs.some(Number.isNaN);
        const mx = nd.max(xs);
        if (hasNaN) {
          assert.ok(Number.isNaN(mx));
          assert.equal(nd.argmax(xs), xs.findIndex(Number.isNaN));
        } else {
          // np.maximum.reduce: m = m > v ? m : v (ties take the later value, so max(0, -0) is -0)
          let m = xs[0];
          for (const v of xs.slice(1)) m = m > v ? m : v;
          assert.ok(Object.is(mx, m));
          assert.equal(mx, Math.max(...xs));
          assert.equal(nd.argmax(xs), xs.findIndex((v) => v === mx));
          assert.equal(nd.argmin(xs), xs.findIndex((v) => v === Math.min(...xs)));
        }
      }),
      RUNS,
    );
  });
});

describe("nanmax/nanmin equal the hand-written skip-nan loop bit for bit", () => {
  // what manual-reduction's safe fix relies on: `if (x[i] > m) m = x[i]` from -Infinity, nan skipped, ties keep the first (-0 vs 0)
  const values = fc.array(fc.oneof(fc.constantFrom(NaN, 0, -0, Infinity, -Infinity), fc.double()), { maxLength: 40 });
  test("nanmax(x, { initial: -Infinity }) and nanmin(x, { initial: Infinity }) on Float64Array", () => {
    fc.assert(
      fc.property(values, fc.boolean(), (xs, strided) => {
        let x: Float64Array | nd.NDArray = Float64Array.from(xs);
        let seq = xs;
        if (strided) {
          x = nd.array(Float64Array.from(xs)).get(nd.slice(null, null, 2));
          seq = xs.filter((_, i) => i % 2 === 0);
        }
        let hi = -Infinity;
        let lo = Infinity;
        for (const v of seq) {
          if (v > hi) hi = v;
          if (v < lo) lo = v;
        }
        assert.deepEqual(bits([nd.nanmax(x, { initial: -Infinity }), nd.nanmin(x, { initial: Infinity })]), bits([hi, lo]));
      }),
      RUNS,
    );
  });
});

describe("elementwise kernels against a scalar JS reference", () => {
  // lengths 0..300 cover every SIMD tail (2 lanes f64, 4 lanes f32, unrolled by 4–8)
  const lengthArb = fc.integer({ min: 0, max: 300 });
  const valuesArb = (n: number) => fc.array(fc.double(), { minLength: n, maxLength: n });
  const binary: [string, (a: unknown, b: unknown, o?: nd.UfuncOptions) => nd.NDArray, (x: number, y: number) => number][] = [
    ["add", nd.add, (x, y) => x + y],
    ["subtract", nd.subtract, (x, y) => x - y],
    ["multiply", nd.multiply, (x, y) => x * y],
    ["divide", nd.divide, (x, y) => x / y],
    ["power", nd.power, (x, y) => Math.pow(x, y)],
    ["maximum", nd.maximum, (x, y) => (x !== x || x > y ? x : y)],
  ];
  const unary: [string, (a: unknown, o?: nd.UfuncOptions) => nd.NDArray, (x: number) => number][] = [
    ["sqrt", nd.sqrt, Math.sqrt],
    ["abs", nd.abs, Math.abs],
    ["negative", nd.negative, (x) => -x],
    ["exp", nd.exp, Math.exp],
    ["log", nd.log, Math.log],
  ];

  for (const [name, f, ref] of binary) {
    test(`${name}: float64 array-array, array-scalar and into out, bit-identical at every length`, () => {
      fc.assert(
        fc.property(
          lengthArb.chain((n) => fc.tuple(valuesArb(n), valuesArb(n), fc.double())),
          ([xs, ys, s]) => {
            const x = Float64Array.from(xs);
            const y = Float64Array.from(ys);
            const out = new Float64Array(xs.length);
            assert.deepEqual(bits(f(x, y).data), bits(xs.map((v, i) => ref(v, ys[i]))));
            f(x, s, { out });
            assert.deepEqual(bits(out), bits(xs.map((v) => ref(v, s))));
            // arrays the runtime allocated (WASM memory: the SIMD path)
            const wx = nd.array(x);
            const wy = nd.array(y);
            assert.deepEqual(bits(f(wx, wy).data), bits(xs.map((v, i) => ref(v, ys[i]))));
          },
        ),
        RUNS,
      );
    });
  }

  for (const [name, f, ref] of unary) {
    test(`${name}: float64 and float32 at every length`, () => {
      fc.assert(
        fc.property(lengthArb.chain(valuesArb), (xs) => {
          const x = Float64Array.from(xs);
          assert.deepEqual(bits(f(x).data), bits(xs.map(ref)));
          assert.deepEqual(bits(f(nd.array(x)).data), bits(xs.map(ref)));
          const x32 = Float32Array.from(xs);
          assert.deepEqual(bits(f(x32).data), bits(Array.from(x32, (v) => Math.fround(ref(v)))));
        }),
        RUNS,
      );
    });
  }

  test("float32 add/multiply compute in float32 at every length", () => {
    fc.assert(
      fc.property(lengthArb.chain((n) => fc.tuple(valuesArb(n), valuesArb(n))), ([xs, ys]) => {
        const a = Float32Array.from(xs);
        const b = Float32Array.from(ys);
        assert.deepEqual(bits(nd.add(a, b).data), bits(Array.from(a, (v, i) => Math.fround(v + b[i]))));
        assert.deepEqual(bits(nd.multiply(nd.array(a), nd.array(b)).data), bits(Array.from(a, (v, i) => Math.fround(v * b[i]))));
      }),
      RUNS,
    );
  });

  test("float32 array with a JS number: the scalar is rounded to float32 first (NEP 50), every path", () => {
    fc.assert(
      fc.property(lengthArb.chain((n) => fc.tuple(valuesArb(n), fc.double({ min: -4, max: 4, noNaN: true }))), ([xs, s]) => {
        const a = Float32Array.from(xs);
        const s32 = Math.fround(s);
        const cases: [string, nd.NDArray, (v: number) => number][] = [
          ["add", nd.add(a, s), (v) => v + s32],
          ["multiply", nd.multiply(nd.array(a), s), (v) => v * s32],
          ["power", nd.power(a, s), (v) => Math.pow(v, s32)],
          ["power strided", nd.power(nd.array(a).get("::-1"), s), (v) => Math.pow(v, s32)],
          ["maximum", nd.maximum(a, s), (v) => (v !== v || v > s32 ? v : s32)],
        ];
        for (const [name, got, ref] of cases) {
          const src = name.endsWith("strided") ? Array.from(a).reverse() : Array.from(a);
          assert.equal(got.dtype, "float32", name);
          assert.deepEqual(bits(got.data), bits(src.map((v) => Math.fround(ref(v)))), name);
        }
      }),
      RUNS,
    );
  });

  test("comparisons and logical ops of every real dtype equal the scalar JS result at every length", () => {
    const ctors = [Float64Array, Float32Array, Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array];
    fc.assert(
      fc.property(
        lengthArb.chain((n) => fc.tuple(fc.array(fc.integer({ min: -300, max: 300 }), { minLength: n, maxLength: n }), fc.array(fc.integer({ min: -300, max: 300 }), { minLength: n, maxLength: n }))),
        fc.integer({ min: 0, max: ctors.length - 1 }),
        fc.integer({ min: -5, max: 5 }),
        ([xs, ys], k, s) => {
          const a = ctors[k].from(xs);
          const b = ctors[k].from(ys);
          const pairs: [string, nd.NDArray, (x: number, y: number) => boolean, boolean][] = [
            ["less", nd.less(a, b), (x, y) => x < y, false],
            ["greaterEqual", nd.greaterEqual(a, s), (x, y) => x >= y, true],
            ["equal", nd.equal(a, b), (x, y) => x === y, false],
            ["logicalXor", nd.logicalXor(a, b), (x, y) => (x !== 0) !== (y !== 0), false],
          ];
          for (const [name, got, ref, scalar] of pairs) {
            assert.equal(got.dtype, "bool", name);
            assert.deepEqual(Array.from(got.data), Array.from(a, (v, i) => (ref(v, scalar ? s : b[i]) ? 1 : 0)), name);
          }
        },
      ),
      RUNS,
    );
  });

  test("out aliasing an input equals the out-of-place result", () => {
    fc.assert(
      fc.property(lengthArb.chain((n) => fc.tuple(valuesArb(n), valuesArb(n))), ([xs, ys]) => {
        const expected = nd.add(Float64Array.from(xs), Float64Array.from(ys)).data;
        const x = Float64Array.from(xs);
        nd.add(x, Float64Array.from(ys), { out: x });
        assert.deepEqual(bits(x), bits(expected));
        const w = nd.array(xs);
        nd.multiply(w, w, { out: w });
        assert.deepEqual(bits(w.data), bits(xs.map((v) => v * v)));
      }),
      RUNS,
    );
  });

  test("out overlapping an input at an offset behaves as if the input were copied first", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 60 }), fc.integer({ min: 1, max: 5 }), (n, shift) => {
        fc.pre(shift < n);
        const a = nd.arange(n);
        const src = a.get(nd.slice(0, n - shift));
        const dst = a.get(nd.slice(shift, n));
        nd.add(src, 0.5, { out: dst });
        const expected = Array.from({ length: n }, (_, i) => (i < shift ? i : i - shift + 0.5));
        assert.deepEqual(a.toArray(), expected);
      }),
      RUNS,
    );
  });

  test("broadcasting matches an explicit double loop", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }), (r, c) => {
        const col = nd.arange(r).reshape(r, 1);
        const row = nd.multiply(nd.arange(c), 10);
        const sum = nd.add(col, row);
        assert.deepEqual(sum.shape, [r, c]);
        for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) assert.equal(sum.get(i, j), i + 10 * j);
      }),
      RUNS,
    );
  });
});
