// nd.array of a flat number[] takes a one-copy path (runtime/core/convert.ts) checked against the
// nested-list path at the end. castInto from a strided view into a contiguous array (copy() of a transpose or a slice,
// astype of a view) runs row loops (runtime/core/cast.ts). It must give what the contiguous
// path gives for the same values: the view's elements, read in C order through toArray(),
// rebuilt as a contiguous array and cast — every dtype pair, bool and complex included.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as nd from "../../runtime/index";
import type { Dtype } from "../../runtime/memory";

const DTYPES: Dtype[] = ["float64", "float32", "int8", "uint8", "int16", "uint16", "int32", "uint32", "bool", "complex128"];
const value = fc.oneof(fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1e10, -129.5, 255.9, 65536.25, 2 ** 31), fc.double({ min: -300, max: 300, noNaN: true }));

function bits(a: nd.NDArray): string {
  const d = a.data;
  return `${a.dtype} ${a.shape.join("x")} ${Buffer.from(d.buffer, d.byteOffset + a.offset * a.itemsize, a.size * a.itemsize).toString("hex")}`;
}

test("a strided view cast into a contiguous array equals the contiguous path, every dtype pair", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 3 }),
      fc.constantFrom(...DTYPES),
      fc.constantFrom(...DTYPES),
      fc.constantFrom("transpose", "step", "reverse", "broadcast"),
      fc.array(value, { minLength: 60, maxLength: 60 }),
      (a, b, c, from, to, how, values) => {
        const size = a * b * c;
        const re = nd.array(values.slice(0, size)).reshape(a, b, c);
        const base = from === "complex128" ? nd.add(re, nd.multiply(re, { re: 0, im: -0.5 } as never)) : re.astype(from);
        const view =
          how === "transpose"
            ? base.transpose(2, 0, 1)
            : how === "step"
              ? (base.get(nd.ellipsis, nd.slice(null, null, 2)) as nd.NDArray)
              : how === "reverse"
                ? (base.get(nd.slice(null, null, -1)) as nd.NDArray)
                : nd.broadcastTo(base.get(nd.ellipsis, nd.slice(0, 1)) as nd.NDArray, [a, b, 3]);
        const viaRows = view.astype(to);
        const viaContiguous = nd.array(view.toArray(), from).reshape(view.shape).astype(to);
        assert.equal(bits(viaRows), bits(viaContiguous), `${from} -> ${to} (${how})`);
      },
    ),
    { numRuns: 300, seed: 20261204 },
  );
});

test("nd.array of a flat number[] (one typed copy) equals the nested-list path bit for bit, -0 and every dtype's store included", () => {
  fc.assert(
    fc.property(fc.array(value, { minLength: 1, maxLength: 40 }), fc.constantFrom<Dtype | undefined>(undefined, ...DTYPES), (xs, dtype) => {
      const flat = nd.array(xs, dtype);
      const nested = nd.array(xs.map((v) => [v]), dtype).reshape(-1);
      assert.equal(bits(flat), bits(nested), `dtype ${dtype ?? "inferred"}`);
    }),
    { numRuns: 300, seed: 20261204 },
  );
});
