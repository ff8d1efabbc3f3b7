// Hand-verified table for the foundation API: values worked out by hand (and checked
// against NumPy 2.4), plus the exact error messages.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import * as nd from "../../runtime/index";

const bits = (x: Float64Array | number[]) => Array.from(x, (v) => (Object.is(v, -0) ? "-0" : String(v)));

describe("creation", () => {
  const cases: [string, () => nd.NDArray, string][] = [
    ["zeros", () => nd.zeros([2, 2]), "array([[0., 0.],\n       [0., 0.]])"],
    ["zeros int32", () => nd.zeros(3, "int32"), "array([0, 0, 0], dtype=int32)"],
    ["ones bool", () => nd.ones(2, "bool"), "array([ True,  True])"],
    ["full", () => nd.full([2], 7.5), "array([7.5, 7.5])"],
    ["arange(5)", () => nd.arange(5), "array([0., 1., 2., 3., 4.])"],
    ["arange float step: ceil((1-0)/0.3) = 4", () => nd.arange(0, 1, 0.3), "array([0. , 0.3, 0.6, 0.9])"],
    ["arange negative step", () => nd.arange(5, 0, -2), "array([5., 3., 1.])"],
    ["arange empty", () => nd.arange(3, 1), "array([], dtype=float64)"],
    ["arange int32", () => nd.arange(0, 4, 1, "int32"), "array([0, 1, 2, 3], dtype=int32)"],
    ["linspace", () => nd.linspace(0, 1, 5), "array([0.  , 0.25, 0.5 , 0.75, 1.  ])"],
    ["linspace no endpoint", () => nd.linspace(0, 1, 4, { endpoint: false }), "array([0.  , 0.25, 0.5 , 0.75])"],
    ["array nested", () => nd.array([[1, 2], [3, 4]]), "array([[1., 2.],\n       [3., 4.]])"],
    ["array bools", () => nd.array([true, false]), "array([ True, False])"],
    ["array Uint8ClampedArray → uint8", () => nd.array(new Uint8ClampedArray([1, 255])), "array([  1, 255], dtype=uint8)"],
    ["array with dtype", () => nd.array([1.7, -1.7], "int32"), "array([ 1, -1], dtype=int32)"],
    ["0-d", () => nd.array(3.5), "array(3.5)"],
    ["empty 2-d", () => nd.zeros([2, 0]), "array([], shape=(2, 0), dtype=float64)"],
    ["scientific repr", () => nd.array([1e-5, 1]), "array([1.e-05, 1.e+00])"],
    ["nan/inf repr", () => nd.array([NaN, Infinity, -1]), "array([nan, inf, -1.])"],
    ["complex", () => nd.array([{ re: 1, im: 2 }, { re: 3, im: -1 }]), "array([1.+2.j, 3.-1.j])"],
  ];
  for (const [name, make, repr] of cases) test(name, () => assert.equal(make().toString(), repr));

  test("array() copies a TypedArray, asarray() wraps it", () => {
    const src = new Float64Array([1, 2, 3]);
    const copied = nd.array(src);
    const wrapped = nd.asarray(src);
    src[0] = 99;
    assert.equal(copied.get(0), 1);
    assert.equal(wrapped.get(0), 99);
    assert.equal(wrapped.data, src);
  });

  test("typed array dtypes are inferred", () => {
    const table: [ArrayLike<number>, nd.DType][] = [
      [new Float64Array(1), "float64"],
      [new Float32Array(1), "float32"],
      [new Int8Array(1), "int8"],
      [new Int16Array(1), "int16"],
      [new Int32Array(1), "int32"],
      [new Uint8Array(1), "uint8"],
      [new Uint8ClampedArray(1), "uint8"],
      [new Uint16Array(1), "uint16"],
      [new Uint32Array(1), "uint32"],
    ];
    for (const [t, dt] of table) assert.equal(nd.asarray(t).dtype, dt);
  });

  test("ragged input is an error", () => {
    assert.throws(() => nd.array([[1, 2], [3]]), {
      message:
        "setting an array element with a sequence. The requested array has an inhomogeneous shape after 1 dimensions. The detected shape was (2,) + inhomogeneous part.",
    });
  });
});

describe("elementwise", () => {
  test("add into a plain Float64Array out is bit-identical to the JS loop and returns a wrapper", () => {
    const x = new Float64Array([0.1, -0, 1e308, NaN, -Infinity, 3]);
    const y = new Float64Array(6);
    const r = nd.add(x, 0.2, { out: y });
    const ref = new Float64Array(6);
    for (let i = 0; i < 6; i++) ref[i] = x[i] + 0.2;
    assert.deepEqual(bits(y), bits(ref));
    assert.equal(r.data, y);
  });

  test("every foundation op equals its JS expression, bit for bit", () => {
    const x = new Float64Array([0.3, -2.5, 0, -0, 7, 1e-300, NaN, Infinity]);
    const z = new Float64Array([1.7, 0.1, -0, 3, -2, 1e300, 1, -Infinity]);
    const ops: [string, (a: Float64Array, b: Float64Array) => nd.NDArray, (a: number, b: number) => number][] = [
      ["add", (a, b) => nd.add(a, b), (a, b) => a + b],
      ["subtract", (a, b) => nd.subtract(a, b), (a, b) => a - b],
      ["multiply", (a, b) => nd.multiply(a, b), (a, b) => a * b],
      ["divide", (a, b) => nd.divide(a, b), (a, b) => a / b],
      ["power", (a, b) => nd.power(a, b), (a, b) => Math.pow(a, b)],
      ["sqrt", (a) => nd.sqrt(a), (a) => Math.sqrt(a)],
      ["abs", (a) => nd.abs(a), (a) => Math.abs(a)],
      ["exp", (a) => nd.exp(a), (a) => Math.exp(a)],
      ["log", (a) => nd.log(a), (a) => Math.log(a)],
      ["negative", (a) => nd.negative(a), (a) => -a],
    ];
    for (const [name, f, ref] of ops) {
      const got = f(x, z).data as Float64Array;
      assert.deepEqual(bits(got), bits(Array.from(x, (v, i) => ref(v, z[i]))), name);
    }
  });

  test("broadcasting (3,1) with (4,) gives (3,4)", () => {
    const r = nd.add(nd.array([[0], [10], [20]]), [1, 2, 3, 4]);
    assert.deepEqual(r.shape, [3, 4]);
    assert.deepEqual(r.toArray(), [[1, 2, 3, 4], [11, 12, 13, 14], [21, 22, 23, 24]]);
  });

  test("scalar - array keeps operand order", () => {
    assert.deepEqual(nd.subtract(10, new Float64Array([1, 2])).toArray(), [9, 8]);
    assert.deepEqual(nd.divide(1, new Float64Array([4, 0])).toArray(), [0.25, Infinity]);
  });

  test("NEP 50 promotion", () => {
    const u8 = new Uint8Array([200, 100]);
    const table: [string, () => nd.NDArray, nd.DType, unknown[]][] = [
      ["uint8 + int wraps in uint8", () => nd.add(u8, 100), "uint8", [44, 200]],
      ["uint8 + float → float64", () => nd.add(u8, 0.5), "float64", [200.5, 100.5]],
      ["uint8 / uint8 → float64", () => nd.divide(u8, u8), "float64", [1, 1]],
      ["int32 * int32 wraps exactly", () => nd.multiply(new Int32Array([65537]), new Int32Array([65537])), "int32", [131073]],
      ["float32 + weak float stays float32", () => nd.add(new Float32Array([1]), 0.1), "float32", [Math.fround(1 + Math.fround(0.1))]],
      ["int16 + float32 → float32", () => nd.add(new Int16Array([1]), new Float32Array([0.5])), "float32", [1.5]],
      ["int32 + float32 → float64", () => nd.add(new Int32Array([1]), new Float32Array([0.5])), "float64", [1.5]],
      ["uint8 + int8 → int16", () => nd.add(new Uint8Array([255]), new Int8Array([-1])), "int16", [254]],
      ["bool + bool → bool (or)", () => nd.add([true, false], [true, false]), "bool", [true, false]],
      ["int8 negative wraps", () => nd.negative(new Int8Array([-128])), "int8", [-128]],
      ["int8 ** int wraps", () => nd.power(new Int8Array([2]), 7), "int8", [-128]],
      ["sqrt int32 → float64", () => nd.sqrt(new Int32Array([4])), "float64", [2]],
    ];
    for (const [name, f, dtype, values] of table) {
      const r = f();
      assert.equal(r.dtype, dtype, name);
      assert.deepEqual(r.toArray(), values, name);
    }
  });

  test("out of a narrower float dtype rounds like a store into it", () => {
    const out = new Float32Array(1);
    nd.add(new Float64Array([0.1]), 0.2, { out });
    assert.equal(out[0], Math.fround(0.1 + 0.2));
  });

  test("out aliasing an input", () => {
    const x = new Float64Array([1, 2, 3]);
    nd.multiply(x, x, { out: x });
    assert.deepEqual(Array.from(x), [1, 4, 9]);
    // a shifted view of the same memory is copied first, as NumPy does
    const a = nd.arange(5);
    nd.add(a.get(nd.slice(0, 4)), 0, { out: a.get(nd.slice(1, 5)) });
    assert.deepEqual(a.toArray(), [0, 0, 1, 2, 3]);
  });

  test("inputs are never mutated", () => {
    const x = new Float64Array([1, 2]);
    nd.sqrt(x);
    nd.add(x, 1);
    assert.deepEqual(Array.from(x), [1, 2]);
  });

  test("error messages read like NumPy's", () => {
    const errors: [string, () => unknown, string | RegExp][] = [
      ["broadcast", () => nd.add(new Float64Array(3), new Float64Array(4)), "operands could not be broadcast together with shapes (3,) (4,)"],
      ["2-d broadcast", () => nd.add(nd.zeros([2, 3]), nd.zeros([3, 2])), "operands could not be broadcast together with shapes (2,3) (3,2)"],
      ["out smaller", () => nd.add(new Float64Array(3), 1, { out: new Float64Array(1) }), "non-broadcastable output operand with shape (1,) doesn't match the broadcast shape (3,)"],
      ["out incompatible", () => nd.add(new Float64Array(4), 1, { out: new Float64Array(3) }), "operands could not be broadcast together with shapes (4,) (3,)"],
      ["out cast", () => nd.divide(new Int32Array(2), 2, { out: new Int32Array(2) }), "Cannot cast ufunc 'divide' output from dtype('float64') to dtype('int32') with casting rule 'same_kind'"],
      ["scalar overflow", () => nd.add(new Uint8Array(2), 300), "Python integer 300 out of bounds for uint8"],
      ["negative uint", () => nd.add(new Uint8Array(2), -1), "Python integer -1 out of bounds for uint8"],
      ["bool subtract", () => nd.subtract([true], [false]), "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead."],
      ["int negative power", () => nd.power(new Int32Array([2]), -1), "Integers to negative integer powers are not allowed."],
      ["reshape", () => nd.arange(6).reshape(4), "cannot reshape array of size 6 into shape (4,)"],
      ["index", () => nd.arange(3).get(3), "index 3 is out of bounds for axis 0 with size 3"],
      ["too many", () => nd.arange(3).get(0, 0), "too many indices for array: array is 1-dimensional, but 2 were indexed"],
      ["dtype", () => nd.zeros(2, "int64" as nd.DType), "data type 'int64' not understood"],
      ["string element", () => nd.array([1, "a"]), "could not convert string to float: 'a'"],
      ["undefined element", () => nd.array([1, undefined]), /^unsupported element undefined/],
      ["BigInt64Array", () => nd.array(new BigInt64Array(1)), /^unsupported element BigInt64Array/],
      ["negative shape", () => nd.zeros(-1), "negative dimensions are not allowed"],
      ["axis", () => nd.sum(nd.zeros([2, 2]), 3), "axis 3 is out of bounds for array of dimension 2"],
      ["set broadcast", () => nd.arange(4).set(":", [1, 2]), "could not broadcast input array from shape (2,) into shape (4,)"],
      ["string operand", () => nd.add([1], "1"), "unsupported operand type: string"],
    ];
    for (const [name, f, message] of errors) assert.throws(f, { message }, name);
  });
});

describe("NDArray", () => {
  test("get/set, negative indices, toArray", () => {
    const a = nd.arange(6).reshape(2, 3);
    assert.equal(a.get(1, -1), 5);
    a.set(0, 1, 42);
    assert.deepEqual(a.toArray(), [[0, 42, 2], [3, 4, 5]]);
    assert.deepEqual([a.shape, a.strides, a.ndim, a.size], [[2, 3], [3, 1], 2, 6]);
  });

  test("get(i) on a 2-d array asks for an explicit view", () => {
    assert.throws(() => nd.arange(6).reshape(2, 3).get(0), /selects a sub-array/);
    assert.deepEqual((nd.arange(6).reshape(2, 3).get(0, nd.ellipsis)).toArray(), [0, 1, 2]);
  });
});

describe("reductions with out", () => {
  test("sum/max/mean along an axis write into out (NDArray or TypedArray) and return it", () => {
    const a = nd.arange(6).reshape(2, 3);
    const out = new Float64Array(3);
    const r = nd.sum(a, { axis: 0, out });
    assert.deepEqual(Array.from(out), [3, 5, 7]);
    assert.equal(r.data, out);
    const o2 = nd.zeros(2, "int32");
    nd.max(a, { axis: 1, out: o2 });
    assert.deepEqual(o2.toArray(), [2, 5]);
    const o3 = nd.zeros([]);
    assert.equal(nd.mean(a, { out: o3 }), o3);
    assert.equal(o3.item(), 2.5);
  });
  test("wrong out shapes are rejected like NumPy", () => {
    const a = nd.zeros([2, 3]);
    assert.throws(() => nd.sum(a, { axis: 0, out: nd.zeros([1, 3]) }), {
      message: "output parameter for reduction operation add has the wrong number of dimensions: Found 2 but expected 1",
    });
    assert.throws(() => nd.sum(a, { axis: 0, out: new Float64Array(4) }), /doesn't match the broadcast shape \(3,\)/);
  });
});
