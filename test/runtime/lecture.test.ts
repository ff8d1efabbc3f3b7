// The "NumPy for performance" lecture's examples written with the runtime and checked
// against plain scalar JS with nd.testing.assertAllclose (and assertAllclose itself against
// NumPy's message format).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import * as nd from "../../runtime/index";

describe("lecture examples", () => {
  test("x + 10 on an 8×8 grid", () => {
    const x = nd.arange(64).reshape(8, 8);
    const y = nd.add(x, 10);
    const expected = Array.from({ length: 8 }, (_, i) => Array.from({ length: 8 }, (_, j) => i * 8 + j + 10));
    nd.testing.assertAllclose(y, expected);
    assert.deepEqual(y.toArray(), expected);
  });

  test("sqrt of a grid", () => {
    const g = nd.mgrid("0:4", "0:5");
    const r = nd.sqrt(nd.add(nd.multiply(g.get(0, nd.ellipsis), g.get(0, nd.ellipsis)), nd.multiply(g.get(1, nd.ellipsis), g.get(1, nd.ellipsis))));
    const expected = Array.from({ length: 4 }, (_, i) => Array.from({ length: 5 }, (_, j) => Math.sqrt(i * i + j * j)));
    assert.deepEqual(r.toArray(), expected);
  });

  test("mgrid of complex positions", () => {
    const g = nd.mgrid("-2:1:4j", "-1.5:1.5:3j");
    const c = nd.complex(g.get(0, nd.ellipsis), g.get(1, nd.ellipsis));
    assert.equal(c.dtype, "complex128");
    assert.deepEqual(c.shape, [4, 3]);
    assert.deepEqual(c.item(0, 0), { re: -2, im: -1.5 });
    assert.deepEqual(c.item(3, 2), { re: 1, im: 1.5 });
    // NumPy 2.4: repr(np.mgrid[-2:1:4j, -1.5:1.5:3j] as complex), first line
    assert.equal(String(c).split("\n")[0], "array([[-2.-1.5j, -2.+0.j , -2.+1.5j],");
  });
});

// ---- Mandelbrot -------------------------------------------------------------------------
const N = 40;
const LIMIT = 30;
const grid = nd.mgrid(`-2:1:${N}j`, `-1.5:1.5:${N}j`);
const position = nd.complex(grid.get(0, nd.ellipsis), grid.get(1, nd.ellipsis));

/** Scalar reference of mandel4's rule: record the remaining limit when |z|² first exceeds 4, then reset z to 2. */
function mandelScalar(limit: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < N; i++) {
    const row: number[] = [];
    for (let j = 0; j < N; j++) {
      const { re: pr, im: pi } = position.item(i, j) as nd.Complex;
      let zr = pr;
      let zi = pi;
      let count = 0;
      for (let lim = limit; lim > 0; ) {
        lim--;
        const t = zr * zr - zi * zi + pr;
        zi = zr * zi + zi * zr + pi;
        zr = t;
        if (zr * zr + zi * zi > 4) {
          if (count === 0) count = lim;
          zr = 2;
          zi = 0;
        }
      }
      row.push(count);
    }
    out.push(row);
  }
  return out;
}

/** mandel4: one NumPy-style pass per operation, masks for the bookkeeping. */
function mandel4(limit: number): nd.NDArray {
  let value = nd.add(nd.zeros(position.shape, "complex128"), position);
  const divergedAt = nd.zeros(position.shape);
  while (limit > 0) {
    limit -= 1;
    value = nd.add(nd.power(value, 2), position);
    const diverging = nd.greater(nd.multiply(value, nd.conj(value)), 4);
    const first = nd.logicalAnd(diverging, nd.equal(divergedAt, 0));
    divergedAt.set(first, limit);
    value.set(diverging, 2);
  }
  return divergedAt;
}

/** mandel6: the same with preallocated buffers and `out=` (no temporaries per step). */
function mandel6(limit: number): nd.NDArray {
  const value = nd.zeros(position.shape, "complex128");
  nd.add(value, position, { out: value });
  const divergedAt = nd.zeros(position.shape);
  const magnitude = nd.zeros(position.shape);
  const diverging = nd.zeros(position.shape, "bool");
  const fresh = nd.zeros(position.shape, "bool");
  while (limit > 0) {
    limit -= 1;
    nd.multiply(value, value, { out: value });
    nd.add(value, position, { out: value });
    nd.add(nd.multiply(nd.real(value), nd.real(value)), nd.multiply(nd.imag(value), nd.imag(value)), { out: magnitude });
    nd.greater(magnitude, 4, { out: diverging });
    nd.equal(divergedAt, 0, { out: fresh });
    nd.logicalAnd(fresh, diverging, { out: fresh });
    divergedAt.set(fresh, limit);
    value.set(diverging, 2);
  }
  return divergedAt;
}

/** mandel7: iterate only the points still being calculated (integer-array indexing). */
function mandel7(limit: number): nd.NDArray {
  const flatPos = position.reshape(-1);
  const value = flatPos.copy();
  const divergedAt = nd.zeros([flatPos.size]);
  let active = nd.arange(flatPos.size, undefined, 1, "int32");
  while (limit > 0 && active.size > 0) {
    limit -= 1;
    const z = value.get(active);
    const next = nd.add(nd.multiply(z, z), flatPos.get(active));
    value.set(active, next);
    const diverging = nd.greater(nd.add(nd.multiply(nd.real(next), nd.real(next)), nd.multiply(nd.imag(next), nd.imag(next))), 4);
    divergedAt.set(active.get(diverging), limit);
    active = active.get(nd.logicalNot(diverging));
  }
  return divergedAt.reshape(position.shape);
}

describe("Mandelbrot with the runtime equals the scalar loop", () => {
  const expected = mandelScalar(LIMIT);
  test("reference is not trivial", () => {
    const counts = new Set(expected.flat());
    assert.ok(counts.size > 5, "several divergence times");
    assert.ok(counts.has(0), "some points never diverge");
  });
  test("mandel4 (one op per pass)", () => nd.testing.assertAllclose(mandel4(LIMIT), expected));
  test("mandel6 (out= buffers)", () => nd.testing.assertAllclose(mandel6(LIMIT), expected));
  test("mandel7 (only active points)", () => nd.testing.assertAllclose(mandel7(LIMIT), expected));
});

describe("assertAllclose reads like NumPy's", () => {
  test("mismatch message", () => {
    assert.throws(() => nd.testing.assertAllclose([1, 2, 4], [1, 2, 3]), {
      name: "AssertionError",
      message:
        "\nNot equal to tolerance rtol=1e-07, atol=0\n\nMismatched elements: 1 / 3 (33.3%)\nMismatch at index:\n [2]: 4.0 (ACTUAL), 3.0 (DESIRED)\nMax absolute difference among violations: 1.\nMax relative difference among violations: 0.33333333\n ACTUAL: array([1., 2., 4.])\n DESIRED: array([1., 2., 3.])",
    });
  });
  test("shape mismatch and nan location", () => {
    assert.throws(() => nd.testing.assertAllclose([1, 2, 4], [1, 2, 3, 4]), {
      message: "\nNot equal to tolerance rtol=1e-07, atol=0\n\n(shapes (3,), (4,) mismatch)\n ACTUAL: array([1., 2., 4.])\n DESIRED: array([1., 2., 3., 4.])",
    });
    assert.throws(() => nd.testing.assertAllclose([1, NaN], [1, 2], { rtol: 1e-3, atol: 0.5 }), {
      message: "\nNot equal to tolerance rtol=0.001, atol=0.5\n\nnan location mismatch:\n ACTUAL: array([ 1., nan])\n DESIRED: array([1., 2.])",
    });
  });
  test("2-d index, complex values, integers, and more than 5 mismatches (NumPy 2.4's text)", () => {
    const cases: [unknown, unknown, nd.testing.AllcloseOptions, string][] = [
      [nd.array([[1, 2], [3, 4]]), nd.array([[1, 2.5], [3, 4]]), {}, "\nNot equal to tolerance rtol=1e-07, atol=0\n\nMismatched elements: 1 / 4 (25%)\nMismatch at index:\n [0, 1]: 2.0 (ACTUAL), 2.5 (DESIRED)\nMax absolute difference among violations: 0.5\nMax relative difference among violations: 0.2\n ACTUAL: array([[1., 2.],\n       [3., 4.]])\n DESIRED: array([[1. , 2.5],\n       [3. , 4. ]])"],
      [nd.array([{ re: 1, im: 2 }, { re: 3, im: 0 }]), nd.array([{ re: 1, im: 2 }, { re: 3, im: -1 }]), {}, "\nNot equal to tolerance rtol=1e-07, atol=0\n\nMismatched elements: 1 / 2 (50%)\nMismatch at index:\n [1]: (3+0j) (ACTUAL), (3-1j) (DESIRED)\nMax absolute difference among violations: 1.\nMax relative difference among violations: 0.31622777\n ACTUAL: array([1.+2.j, 3.+0.j])\n DESIRED: array([1.+2.j, 3.-1.j])"],
      [new Int32Array([1, 2, 3]), new Int32Array([1, 2, 4]), {}, "\nNot equal to tolerance rtol=1e-07, atol=0\n\nMismatched elements: 1 / 3 (33.3%)\nMismatch at index:\n [2]: 3 (ACTUAL), 4 (DESIRED)\nMax absolute difference among violations: 1\nMax relative difference among violations: 0.25\n ACTUAL: array([1, 2, 3], dtype=int32)\n DESIRED: array([1, 2, 4], dtype=int32)"],
      [nd.arange(10), nd.add(nd.arange(10), 1), { atol: 0.5 }, "\nNot equal to tolerance rtol=1e-07, atol=0.5\n\nMismatched elements: 10 / 10 (100%)\nFirst 5 mismatches are at indices:\n [0]: 0.0 (ACTUAL), 1.0 (DESIRED)\n [1]: 1.0 (ACTUAL), 2.0 (DESIRED)\n [2]: 2.0 (ACTUAL), 3.0 (DESIRED)\n [3]: 3.0 (ACTUAL), 4.0 (DESIRED)\n [4]: 4.0 (ACTUAL), 5.0 (DESIRED)\nMax absolute difference among violations: 1.\nMax relative difference among violations: 1.\n ACTUAL: array([0., 1., 2., 3., 4., 5., 6., 7., 8., 9.])\n DESIRED: array([ 1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10.])"],
    ];
    for (const [a, d, options, message] of cases) assert.throws(() => nd.testing.assertAllclose(a, d, options), { message });
  });
  test("within tolerance passes; nan matches nan; atol matters near zero", () => {
    nd.testing.assertAllclose([1, NaN, Infinity], [1 + 1e-9, NaN, Infinity]);
    nd.testing.assertAllclose([1e-12], [0], { atol: 1e-9 });
    assert.throws(() => nd.testing.assertAllclose([1e-12], [0]));
  });
});
