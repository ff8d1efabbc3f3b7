// evaluate() equals the composition of one operation per pass (the kernels / JS
// operators), for float64 bit for bit, float32 with per-op rounding, complex128 with
// NumPy's formulas; errors are clear.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { evaluate, clearEvaluateCache } from "../../runtime/evaluate";
import { allocate, binaryKernel, unaryKernel } from "../../runtime/kernels/index";

const value = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -100, max: 100, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, NaN, Infinity, -Infinity) },
);
const arrays = fc.integer({ min: 0, max: 200 }).chain((n) =>
  fc.tuple(fc.array(value, { minLength: n, maxLength: n }), fc.array(value, { minLength: n, maxLength: n })),
);

function sameBits(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) if (!Object.is(actual[i], expected[i])) assert.fail(`${what}: [${i}] got ${actual[i]}, expected ${expected[i]}`);
}

describe("float64: equals the per-op composition bit for bit", () => {
  test("x*y + 2*x - y/3 (kernels one op at a time)", () => {
    fc.assert(
      fc.property(arrays, fc.boolean(), ([xs, ys], wasm) => {
        const mk = (v: number[]) => {
          const a = wasm ? allocate("float64", v.length) : new Float64Array(v.length);
          a.set(v);
          return a;
        };
        const x = mk(xs), y = mk(ys), n = xs.length;
        const t1 = new Float64Array(n), t2 = new Float64Array(n), t3 = new Float64Array(n), ref = new Float64Array(n);
        binaryKernel("multiply", x, y, t1);
        binaryKernel("multiply", x, 2, t2); // 2*x == x*2 exactly
        binaryKernel("add", t1, t2, t1);
        binaryKernel("divide", y, 3, t3);
        binaryKernel("subtract", t1, t3, ref);
        sameBits(evaluate("x*y + 2*x - y/3", { x, y }) as Float64Array, ref, "fused");
      }),
      { numRuns: 80 },
    );
  });

  test("where, comparisons, unary minus, ** and Math functions match the scalar loop", () => {
    fc.assert(
      fc.property(arrays, ([xs, ys]) => {
        const x = Float64Array.from(xs), y = Float64Array.from(ys);
        const got = evaluate("where(x > y, sqrt(abs(x)) - y**2, -exp(y/100)) + log(abs(x) + 1)", { x, y }) as Float64Array;
        const want = xs.map((a, i) => (a > ys[i] ? Math.sqrt(Math.abs(a)) - ys[i] ** 2 : -Math.exp(ys[i] / 100)) + Math.log(Math.abs(a) + 1));
        sameBits(got, want, "where");
        const flags = evaluate("(x >= 0) & ~(y != y)", { x, y }) as Uint8Array;
        assert.ok(flags instanceof Uint8Array, "a boolean result is a bool (Uint8Array) array");
        sameBits(flags, xs.map((a, i) => (a >= 0 && ys[i] === ys[i] ? 1 : 0)), "bools");
        const either = evaluate("(x < -10) | (y > 10)", { x, y }) as Uint8Array;
        sameBits(either, xs.map((a, i) => (a < -10 || ys[i] > 10 ? 1 : 0)), "|");
        const neither = evaluate("~((x < 0) | (y < 0)) & (x == x)", { x, y }) as Uint8Array;
        sameBits(neither, xs.map((a, i) => (!(a < 0 || ys[i] < 0) && a === a ? 1 : 0)), "~ | &");
      }),
      { numRuns: 60 },
    );
  });

  test("where() treats NaN as true, as NumPy does; -x**2 is -(x**2)", () => {
    const c = new Float64Array([NaN, 0, -0, 2]);
    sameBits(evaluate("where(c, 1, 2)", { c }) as Float64Array, [1, 2, 2, 1], "NaN is truthy");
    sameBits(evaluate("-c**2 + 2**-1", { c: new Float64Array([3]) }) as Float64Array, [-8.5], "precedence");
  });

  test("out may be an input (z = z*z + c in place) and the result is returned as out", () => {
    const z = new Float64Array([0.5, -1, 2]), c = new Float64Array([1, 2, 3]);
    const want = Array.from(z, (v, i) => v * v + c[i]);
    const r = evaluate("z*z + c", { z, c }, { out: z });
    assert.equal(r, z);
    sameBits(z, want, "in place");
  });

  test("an input partially overlapping out is read before it is overwritten", () => {
    const buf = Float64Array.from([1, 2, 3, 4, 5]);
    const x = buf.subarray(0, 4), out = buf.subarray(1, 5);
    evaluate("x * 10", { x }, { out });
    sameBits(buf, [1, 10, 20, 30, 40], "shifted alias");
  });
});

describe("float32", () => {
  test("all-float32 operands round every operation to float32 (scalars too)", () => {
    fc.assert(
      fc.property(arrays, ([xs, ys]) => {
        const x = Float32Array.from(xs), y = Float32Array.from(ys);
        const got = evaluate("x*y + 0.1*x", { x, y });
        assert.ok(got instanceof Float32Array);
        const f = Math.fround;
        sameBits(got, Array.from(x, (a, i) => f(f(a * y[i]) + f(f(0.1) * a))), "f32 per op");
        // the same with the one-op kernels
        const t1 = new Float32Array(x.length), t2 = new Float32Array(x.length);
        binaryKernel("multiply", x, y, t1);
        binaryKernel("multiply", x, 0.1, t2);
        binaryKernel("add", t1, t2, t1);
        sameBits(got, t1, "f32 vs kernels");
      }),
      { numRuns: 60 },
    );
  });
  test("a float64 operand makes the evaluation float64", () => {
    const got = evaluate("x + y", { x: Float32Array.from([0.1]), y: Float64Array.from([0.2]) });
    assert.ok(got instanceof Float64Array);
    sameBits(got, [Math.fround(0.1) + 0.2], "promoted");
  });
});

describe("complex128", () => {
  const complex = (pairs: number[]) => ({ data: Float64Array.from(pairs), shape: [pairs.length / 2], dtype: "complex128" });
  test("Mandelbrot step z*z + c in place equals NumPy's complex formulas", () => {
    const z = complex([0, 0, 0.5, 0.5, -1, 2]), c = complex([0.3, 0.5, -0.7, 0.1, 0.25, -1]);
    for (let it = 0; it < 4; it++) {
      const want: number[] = [];
      for (let i = 0; i < 3; i++) {
        const [zr, zi, cr, ci] = [z.data[2 * i], z.data[2 * i + 1], c.data[2 * i], c.data[2 * i + 1]];
        want.push(zr * zr - zi * zi + cr, zr * zi + zi * zr + ci);
      }
      evaluate("z*z + c", { z, c }, { out: z });
      sameBits(z.data, want, `iteration ${it}`);
    }
  });
  test("division (Smith), abs, real/imag/conj, complex literals", () => {
    const a = complex([1, 2, 3, -4, 1, 0]), b = complex([3, 4, 0, 0, 0, 2]);
    const q = evaluate("a / b", { a, b }) as Float64Array;
    // (1+2i)/(3+4i) = (11 + 2i)/25 ; (3-4i)/0 = (inf, -inf) ; 1/(2i) = -0.5i
    assert.ok(Math.abs(q[0] - 0.44) < 1e-15 && Math.abs(q[1] - 0.08) < 1e-15);
    assert.equal(q[2], Infinity);
    assert.equal(q[3], -Infinity);
    sameBits([q[4], q[5]], [0, -0.5], "1/(2i)");
    sameBits(evaluate("abs(a)", { a }) as Float64Array, [Math.hypot(1, 2), 5, 1], "abs");
    sameBits(evaluate("real(a) + imag(conj(a))", { a }) as Float64Array, [-1, 7, 1], "parts");
    sameBits(evaluate("a * 1j", { a }) as Float64Array, [1 * 0 - 2 * 1, 1 * 1 + 2 * 0, 3 * 0 - -4 * 1, 3 * 1 + -4 * 0, 0, 1], "times i");
  });
  test("operations NumPy does not define for complex are rejected", () => {
    const a = complex([1, 2]);
    assert.throws(() => evaluate("a < 1", { a }), /not defined for complex/);
    assert.throws(() => evaluate("a + 1", { a }, { out: new Float64Array(1) }), /cannot write the complex result/);
  });
});

describe("errors and caching", () => {
  const x = new Float64Array(3);
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ["x +", { x }, /invalid syntax at column 4/],
    ["x * * x", { x }, /invalid syntax at column 5/],
    ["(x + 1", { x }, /expected '\)'/],
    ["x $ 1", { x }, /unexpected character '\$'/],
    ["y + 1", { x }, /name 'y' is not defined/],
    ["foo(x)", { x }, /unknown function 'foo'/],
    ["where(x, 1)", { x }, /where\(\) takes 3 arguments \(2 given\)/],
    ["x < 1 < 2", { x }, /chained comparisons/],
    ["x + y", { x, y: new Float64Array(4) }, /operands could not be broadcast together with shapes \(3,\) \(4,\)/],
    ["x + 1", { x: "abc" }, /must be a number, a TypedArray or an NDArray/],
    ["~x", { x }, /'~' needs a boolean/],
  ];
  for (const [source, vars, message] of cases) {
    test(`'${source}' → ${message}`, () => {
      assert.throws(() => evaluate(source, vars as Record<string, Float64Array>), message);
    });
  }
  test("a missing operands object is refused", () => {
    assert.throws(() => evaluate("1 + 2", undefined as unknown as Record<string, number>), /operands must be an object/);
  });
  test("out of the wrong length is refused", () => {
    assert.throws(() => evaluate("x + 1", { x }, { out: new Float64Array(2) }), /non-broadcastable output operand/);
  });
  test("non-contiguous NDArray operands are refused, contiguous views with an offset work", () => {
    const data = Float64Array.from([0, 1, 2, 3, 4, 5]);
    assert.throws(() => evaluate("v + 1", { v: { data, shape: [3], strides: [2], offset: 0, dtype: "float64" } }), /not contiguous/);
    sameBits(evaluate("v + 1", { v: { data, shape: [3], strides: [1], offset: 2, dtype: "float64" } }) as Float64Array, [3, 4, 5], "offset view");
  });
  test("the same expression with other operand types compiles a new variant and stays right", () => {
    clearEvaluateCache();
    const a = evaluate("p * 2", { p: Float64Array.from([1.5]) }) as Float64Array;
    const b = evaluate("p * 2", { p: Int32Array.from([7]) }) as Float64Array;
    const c = evaluate("p * 2", { p: 4 }) as Float64Array;
    sameBits([a[0], b[0], c[0]], [3, 14, 8], "variants");
  });
  test("sqrt kernel and evaluate agree on special values", () => {
    const v = Float64Array.from([-1, -0, 0, Infinity, NaN, 2]);
    const ref = new Float64Array(v.length);
    unaryKernel("sqrt", v, ref);
    sameBits(evaluate("sqrt(v)", { v }) as Float64Array, ref, "sqrt");
  });
});

describe("several assignments in one pass", () => {
  test("each element runs the statements in order; later ones read the stored values", () => {
    fc.assert(
      fc.property(arrays, ([xs, ys]) => {
        const x = Float64Array.from(xs), y = Float64Array.from(ys), s = new Float64Array(xs.length);
        const x0 = Float64Array.from(xs);
        const r = evaluate("x = x * 2 + y; s = where(x > y, x - y, 0)", { x, y, s });
        assert.equal(r, s, "returns the last assigned array");
        const wantX = Array.from(x0, (a, i) => a * 2 + ys[i]);
        sameBits(x, wantX, "x");
        sameBits(s, wantX.map((a, i) => (a > ys[i] ? a - ys[i] : 0)), "s");
      }),
      { numRuns: 40 },
    );
  });
  test("a float32 target rounds before the next statement reads it", () => {
    const t = new Float32Array(1), u = new Float64Array(1);
    evaluate("t = v / 3; u = t * 3", { t, u, v: 1 });
    assert.equal(u[0], Math.fround(1 / 3) * 3);
  });
  test("Mandelbrot in one pass per iteration equals the scalar early-exit loop", () => {
    const n = 64, maxit = 30;
    const cData = new Float64Array(2 * n), zData = new Float64Array(2 * n), counts = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      cData[2 * i] = -2 + (2.5 * (i % 8)) / 7;
      cData[2 * i + 1] = -1.2 + (2.4 * Math.floor(i / 8)) / 7;
    }
    const c = { data: cData, shape: [n], dtype: "complex128" }, z = { data: zData, shape: [n], dtype: "complex128" };
    for (let it = 1; it <= maxit; it++) {
      evaluate("z = where(k == 0, z*z + c, z); k = where((k == 0) & (real(z)*real(z) + imag(z)*imag(z) > 4), it, k)", { z, c, k: counts, it });
    }
    for (let i = 0; i < n; i++) {
      let zr = 0, zi = 0, k = 0;
      for (let it = 1; it <= maxit; it++) {
        const nr = zr * zr - zi * zi + cData[2 * i];
        zi = zr * zi + zi * zr + cData[2 * i + 1];
        zr = nr;
        if (zr * zr + zi * zi > 4) {
          k = it;
          break;
        }
      }
      assert.equal(counts[i], k, `pixel ${i}`);
    }
  });
  test("bad programs are refused clearly", () => {
    const a = new Float64Array(2);
    assert.throws(() => evaluate("a = 1; a + 1", { a }), /every one must assign/);
    assert.throws(() => evaluate("s = a + 1", { a, s: 3 }), /cannot assign to 's': it is a scalar/);
    assert.throws(() => evaluate("a = a + 1", { a }, { out: a }), /do not pass out as well/);
  });
});

describe("repeat/until: a fused while per element", () => {
  const mandelScalar = (cre: Float64Array, cim: Float64Array, maxit: number) => {
    const out = new Float64Array(cre.length);
    for (let i = 0; i < cre.length; i++) {
      let zr = 0, zi = 0;
      for (let it = 1; it <= maxit; it++) {
        const nr = zr * zr - zi * zi + cre[i];
        zi = zr * zi + zi * zr + cim[i];
        zr = nr;
        if (zr * zr + zi * zi > 4) {
          out[i] = it;
          break;
        }
      }
    }
    return out;
  };

  test("Mandelbrot equals the scalar early-exit loop (counts and final z)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -2.5, max: 1, noNaN: true }), fc.double({ min: -1.5, max: 1.5, noNaN: true })), { maxLength: 40 }), fc.integer({ min: 0, max: 60 }), (points, maxit) => {
        const n = points.length;
        const cre = Float64Array.from(points, (p) => p[0]), cim = Float64Array.from(points, (p) => p[1]);
        const c = { data: new Float64Array(2 * n), shape: [n], dtype: "complex128" };
        points.forEach(([r, i], j) => ((c.data[2 * j] = r), (c.data[2 * j + 1] = i)));
        const z = { data: new Float64Array(2 * n), shape: [n], dtype: "complex128" };
        const k = new Float64Array(n);
        evaluate("z = z*z + c; k = where(real(z)*real(z) + imag(z)*imag(z) > 4, it, k)", { z, c, k }, { repeat: maxit, until: "k != 0", iteration: "it" });
        assert.deepEqual(Array.from(k), Array.from(mandelScalar(cre, cim, maxit)));
        // z is stored back: one more masked pass of the same program without repeat changes nothing for escaped points
        for (let j = 0; j < n; j++) if (k[j] !== 0) assert.ok(z.data[2 * j] ** 2 + z.data[2 * j + 1] ** 2 > 4);
      }),
      { numRuns: 100, seed: 7 },
    );
  });

  test("without until: repeat times per element; stores round to the array type each iteration", () => {
    const x = new Float32Array([1, 2, 3]);
    evaluate("x = x * 1.1", { x }, { repeat: 5 });
    const ref = new Float32Array([1, 2, 3]);
    for (let r = 0; r < 5; r++) for (let i = 0; i < 3; i++) ref[i] = ref[i] * Math.fround(1.1);
    assert.deepEqual(Array.from(x), Array.from(ref));
    // an int32 counter wraps as its stores do; a mixed program reads the stored (rounded) value back
    const n = new Int32Array([2147483646, 0]);
    const y = new Float64Array(2);
    evaluate("n = n + 1; y = n / 2", { n, y }, { repeat: 3 });
    assert.deepEqual(Array.from(n), [-2147483647, 3]);
    assert.deepEqual(Array.from(y), [-2147483647 / 2, 1.5]);
    // repeat: 0 leaves everything alone
    evaluate("y = y + 1", { y }, { repeat: 0 });
    assert.deepEqual(Array.from(y), [-2147483647 / 2, 1.5]);
  });

  test("the exit is per element, checked after each iteration", () => {
    const x = new Float64Array([0, 5, 9]);
    const steps = new Float64Array(3);
    evaluate("x = x + 1; steps = it", { x, steps }, { repeat: 100, until: "x >= 10", iteration: "it" });
    assert.deepEqual(Array.from(x), [10, 10, 10]);
    assert.deepEqual(Array.from(steps), [10, 5, 1]);
  });

  test("errors", () => {
    const x = new Float64Array(2);
    assert.throws(() => evaluate("x = x + 1", { x }, { until: "x > 1" }), /until and iteration need repeat/);
    assert.throws(() => evaluate("x + 1", { x }, { repeat: 2 }), /repeat needs statements that assign/);
    assert.throws(() => evaluate("x = x + 1", { x }, { repeat: 1.5 }), /repeat must be a non-negative integer/);
    assert.throws(() => evaluate("x = x + w", { x, w: x }, { repeat: 2 }), /'x' and 'w' must not share memory/);
    assert.throws(() => evaluate("x = x + it", { x, it: 1 }, { repeat: 2, iteration: "it" }), /'it' is the iteration number/);
    assert.throws(() => evaluate("it = x", { x }, { repeat: 2, iteration: "it" }), /cannot assign to 'it'/);
  });
});

test("a Uint8ClampedArray out stores like the JS loop (clamped, rounded half to even, NaN → 0)", () => {
  const x = Float64Array.from([-1, 0.4, 2.6, 300, NaN, 1.5, 2.5, 0.25]);
  const loop = new Uint8ClampedArray(x.length);
  for (let i = 0; i < x.length; i++) loop[i] = x[i] * 2 + 0.5;
  const fused = new Uint8ClampedArray(x.length);
  evaluate("x * 2 + 0.5", { x }, { out: fused });
  assert.deepEqual(Array.from(fused), Array.from(loop));
  assert.deepEqual(Array.from(fused), [0, 1, 6, 255, 0, 4, 6, 1]);
});
