// The whole-mask fast path of indexing (runtime/indexing/mask.ts): `a.get(mask)` and
// `a.set(mask, v)` with a bool mask of a's own shape, both contiguous. Its results must be the
// general path's (nonzero() + offsets), which is reached with the same data seen through a
// strided view (not contiguous): same values, same dtype, same errors.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as nd from "../../runtime/index";
import { isWholeMask } from "../../runtime/indexing/mask";
import type { Dtype } from "../../runtime/memory";

const RUNS = { numRuns: 150, seed: 20261204 };
const DTYPES: Dtype[] = ["float64", "float32", "int8", "uint8", "int16", "uint32", "int32", "bool", "complex128"];

const special = fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1e308, -1e-310, 127.9, -128.5, 255, 65535.5, -2147483648);
const value = fc.oneof(special, fc.double({ min: -300, max: 300, noNaN: true }), fc.integer({ min: -200, max: 300 }));

/** Same values, dtype and shape through a view with every other element: not contiguous, so indexing takes the general path. */
function strided(a: nd.NDArray): nd.NDArray {
  const s = (nd.stack([a, a], a.ndim) as nd.NDArray).get(nd.ellipsis, 0) as nd.NDArray;
  assert.ok(a.size < 2 || !s.isContiguous, "the strided twin must not be contiguous");
  return s;
}

/** Bits of an array's elements in C order (NaN payloads and -0 included). */
function bits(a: nd.NDArray): string {
  const c = a.copy();
  const d = c.data;
  return `${c.dtype} ${c.shape.join("x")} ${Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString("hex")}`;
}

const shapes = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 12 })),
  fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 2, max: 6 })),
  fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 3 })),
);

const caseArb = fc
  .record({ shape: shapes, dtype: fc.constantFrom(...DTYPES), seed: fc.integer() })
  .chain(({ shape, dtype, seed }) => {
    const size = shape.reduce((p, d) => p * d, 1);
    return fc.record({
      shape: fc.constant(shape as number[]),
      dtype: fc.constant(dtype),
      values: fc.array(value, { minLength: size, maxLength: size }),
      imag: fc.array(value, { minLength: size, maxLength: size }),
      picks: fc.array(fc.boolean(), { minLength: size, maxLength: size }),
      seed: fc.constant(seed),
    });
  });

function build(c: { shape: number[]; dtype: Dtype; values: number[]; imag: number[]; picks: boolean[] }) {
  const re = nd.array(c.values).reshape(c.shape);
  const a =
    c.dtype === "complex128"
      ? nd.add(re, nd.multiply(nd.array(c.imag).reshape(c.shape), { re: 0, im: 1 } as never))
      : re.astype(c.dtype);
  const mask = nd.array(c.picks, "bool").reshape(c.shape);
  return { a, mask };
}

describe("whole-mask indexing fast path equals the general path", () => {
  test("a.get(mask): same elements, order, dtype", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { a, mask } = build(c);
        assert.ok(isWholeMask(a, mask), "the C-contiguous case takes the fast path");
        assert.equal(bits(a.get(mask) as nd.NDArray), bits(strided(a).get(strided(mask)) as nd.NDArray));
      }),
      RUNS,
    );
  });

  test("a.set(mask, scalar): the scalar is cast like the general path's", () => {
    fc.assert(
      fc.property(caseArb, fc.oneof(value, fc.boolean()), (c, v) => {
        const { a, mask } = build(c);
        const general = strided(a);
        const scalar = c.dtype === "complex128" && typeof v === "number" ? { re: v, im: -v } : v;
        const run = (x: nd.NDArray, m: nd.NDArray) => {
          try {
            x.set(m, scalar as number);
            return "ok";
          } catch (e) {
            return (e as Error).message;
          }
        };
        assert.equal(run(a, mask), run(general, strided(mask)));
        assert.equal(bits(a), bits(general));
      }),
      RUNS,
    );
  });

  test("a.set(mask, values) with one value per true element, cast to a's dtype", () => {
    fc.assert(
      fc.property(caseArb, fc.array(value, { minLength: 0, maxLength: 400 }), (c, pool) => {
        const { a, mask } = build(c);
        const count = c.picks.filter(Boolean).length;
        const values = nd.array(Array.from({ length: count }, (_, i) => pool[i % Math.max(pool.length, 1)] ?? i));
        const general = strided(a);
        a.set(mask, values);
        general.set(strided(mask), values);
        assert.equal(bits(a), bits(general));
      }),
      RUNS,
    );
  });

  test("a count that does not match gives the general path's error and writes nothing", () => {
    const a = nd.arange(6).reshape(2, 3);
    const mask = nd.greater(a, 2);
    const before = bits(a);
    const message = (x: nd.NDArray, m: nd.NDArray) => {
      try {
        x.set(m, [1, 2]);
      } catch (e) {
        return (e as Error).message;
      }
      return "no error";
    };
    const fast = message(a, mask);
    assert.match(fast, /could not broadcast input array from shape \(2,\) into shape \(3,\)/);
    assert.equal(fast, message(strided(a), strided(mask)));
    assert.equal(bits(a), before);
  });

  test("a mask that shares memory with the target is read whole before any write (as NumPy)", () => {
    // x[1:][x[:-1]] = false: writing x[i+1] must not change mask element i+1 before it is read
    const x = nd.array([true, true, true, false, true, true], "bool");
    x.get("1:").set(x.get(":-1"), false);
    assert.deepEqual(x.toArray(), [true, false, false, false, true, false]);
  });
});
