// The "NumPy for performance" lecture's array examples checked against plain scalar JS, and
// nd.testing.assertAllclose itself against NumPy's message format.
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

// The Mandelbrot versions (mandel4–mandel7, fused) live in examples/lecture/mandelbrot.ts and are
// checked equal to the scalar loop by test/examples/lecture.test.ts.

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
