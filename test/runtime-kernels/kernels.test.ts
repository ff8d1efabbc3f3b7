// The kernels against scalar references, on every path: plain TypedArrays (JS kernels)
// and WASM-resident arrays (SIMD kernels), random lengths 0..300 (SIMD tails), random
// offsets (unaligned views), out aliasing an input, special values.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  allocate,
  binaryKernel,
  binaryScalarFirstKernel,
  dotKernel,
  hasWasmKernels,
  isWasmResident,
  kernelPath,
  matmulKernel,
  sumKernel,
  unaryKernel,
  type BinaryOp,
  type FloatArray,
  type UnaryOp,
} from "../../runtime/kernels/index";

type Kind = "float64" | "float32";
type Placement = "plain" | "wasm";
const BINARY: BinaryOp[] = ["add", "subtract", "multiply", "divide"];
const UNARY: UnaryOp[] = ["sqrt", "abs", "negative"];
const RUNS = { numRuns: 60 };

const f32 = Math.fround;
const scalarBinary: Record<BinaryOp, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  subtract: (x, y) => x - y,
  multiply: (x, y) => x * y,
  divide: (x, y) => x / y,
};
const scalarUnary: Record<UnaryOp, (x: number) => number> = { sqrt: Math.sqrt, abs: Math.abs, negative: (x) => -x };

/** A view of `values` at element offset `offset` inside a larger buffer (plain or WASM). */
function place(kind: Kind, placement: Placement, values: number[], offset: number): FloatArray {
  const total = values.length + offset + 3;
  const base: FloatArray =
    placement === "wasm" ? (allocate(kind, total) as FloatArray) : kind === "float64" ? new Float64Array(total) : new Float32Array(total);
  const view = base.subarray(offset, offset + values.length);
  view.set(values);
  // keep the allocated block alive as long as the view (the allocator's contract)
  keepAlive.push(base);
  return view;
}
const keepAlive: FloatArray[] = [];

const value = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 2, arbitrary: fc.double() }, // NaN, ±Infinity, ±0, subnormals, huge
  { weight: 1, arbitrary: fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 5e-324, 1e308) },
);
const values = (max = 300) => fc.array(value, { minLength: 0, maxLength: max });
const offset = fc.integer({ min: 0, max: 7 });
const kinds: Kind[] = ["float64", "float32"];
const placements: Placement[] = ["plain", "wasm"];

function assertSameBits(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) assert.fail(`${what}: element ${i}: got ${actual[i]}, expected ${expected[i]}`);
  }
}

describe("the WASM path is taken for allocated arrays", () => {
  test("allocate() arrays and their subarrays are WASM-resident; plain arrays are not", () => {
    assert.ok(hasWasmKernels(), "node 20 has WASM SIMD: the kernels must load");
    const a = allocate("float64", 40);
    assert.ok(isWasmResident(a));
    assert.ok(isWasmResident(a.subarray(3, 20)));
    assert.equal(kernelPath(a, a.subarray(1, 41)), "wasm");
    assert.equal(isWasmResident(new Float64Array(40)), false);
    assert.equal(kernelPath(a, new Float64Array(40)), "js");
  });
});

for (const kind of kinds) {
  const round = kind === "float32" ? f32 : (x: number) => x;
  for (const placement of placements) {
    describe(`${kind}, ${placement} arrays`, () => {
      for (const op of BINARY) {
        test(`${op}: equals the scalar loop element by element (array op array)`, () => {
          fc.assert(
            fc.property(values(), offset, offset, offset, fc.integer(), (xs, oa, ob, oo, seed) => {
              const ys = xs.map((_, i) => [1.5, -2, 0, NaN, 3e-300, 7][(i + seed) % 6] + i);
              const a = place(kind, placement, xs, oa), b = place(kind, placement, ys, ob), out = place(kind, placement, xs.map(() => 99), oo);
              const expected = Array.from(a, (x, i) => round(scalarBinary[op](x, b[i])));
              binaryKernel(op, a, b, out);
              assertSameBits(out, expected, `${op} ${kind} ${placement} n=${xs.length}`);
            }),
            RUNS,
          );
        });
        test(`${op}: array op scalar (scalar rounded to float32 for float32 arrays)`, () => {
          fc.assert(
            fc.property(values(), value, offset, (xs, s, oa) => {
              const a = place(kind, placement, xs, oa), out = place(kind, placement, xs.map(() => 0), 1);
              const expected = Array.from(a, (x) => round(scalarBinary[op](x, round(s))));
              binaryKernel(op, a, s, out);
              assertSameBits(out, expected, `${op} scalar ${s}`);
            }),
            RUNS,
          );
        });
        test(`${op}: scalar op array (1 - x, 2 / x; the scalar rounded to float32 for float32 arrays), also in place`, () => {
          fc.assert(
            fc.property(values(), value, offset, fc.boolean(), (xs, s, oa, inPlace) => {
              const b = place(kind, placement, xs, oa), out = inPlace ? b : place(kind, placement, xs.map(() => 0), 1);
              const expected = Array.from(b, (x) => round(scalarBinary[op](round(s), x)));
              binaryScalarFirstKernel(op, s, b, out);
              assertSameBits(out, expected, `${s} ${op} array`);
            }),
            RUNS,
          );
        });
        test(`${op}: out may be the same array as an input`, () => {
          fc.assert(
            fc.property(values(), offset, (xs, oa) => {
              const a = place(kind, placement, xs, oa), b = place(kind, placement, xs.map((x) => x / 3 + 1), 2);
              const expected = Array.from(a, (x, i) => round(scalarBinary[op](x, b[i])));
              binaryKernel(op, a, b, a);
              assertSameBits(a, expected, `${op} out=a`);
              const c = place(kind, placement, xs, oa);
              const expectedB = Array.from(c, (x, i) => round(scalarBinary[op](x, b[i])));
              binaryKernel(op, c, b, b);
              assertSameBits(b, expectedB, `${op} out=b`);
              const d = place(kind, placement, xs, oa);
              const expectedSquare = Array.from(d, (x) => round(scalarBinary[op](x, x)));
              binaryKernel(op, d, d, d);
              assertSameBits(d, expectedSquare, `${op} a op a into a`);
            }),
            RUNS,
          );
        });
      }
      for (const op of UNARY) {
        test(`${op}: equals the scalar loop, also in place`, () => {
          fc.assert(
            fc.property(values(), offset, offset, (xs, oa, oo) => {
              const a = place(kind, placement, xs, oa), out = place(kind, placement, xs.map(() => 5), oo);
              const expected = Array.from(a, (x) => round(scalarUnary[op](x)));
              unaryKernel(op, a, out);
              assertSameBits(out, expected, `${op}`);
              unaryKernel(op, a, a);
              assertSameBits(a, expected, `${op} in place`);
            }),
            RUNS,
          );
        });
      }
    });
  }

  describe(`${kind} reductions`, () => {
    test("sum and dot: WASM and JS paths give the same bits; within the documented error bound", () => {
      fc.assert(
        fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { maxLength: 3000 }), offset, (xs, o) => {
          const ys = xs.map((x, i) => (i % 7) - 3 + x / 1000);
          const pa = place(kind, "plain", xs, o), wa = place(kind, "wasm", xs, o);
          const pb = place(kind, "plain", ys, 0), wb = place(kind, "wasm", ys, 1);
          const sPlain = sumKernel(pa), sWasm = sumKernel(wa);
          // float32 sum: the WASM kernel adds in float32 lanes (checked against its own bound below)
          if (kind === "float64") assert.ok(Object.is(sPlain, sWasm), `sum: js ${sPlain} vs wasm ${sWasm}`);
          const dPlain = dotKernel(pa, pb), dWasm = dotKernel(wa, wb);
          assert.ok(Object.is(dPlain, dWasm), `dot: js ${dPlain} vs wasm ${dWasm}`);
          // reference: exact-enough sum with a double-double accumulator
          const exact = (terms: number[]) => {
            let hi = 0, lo = 0;
            for (const t of terms) {
              const s = hi + t, bb = s - hi;
              lo += hi - (s - bb) + (t - bb);
              hi = s;
            }
            return hi + lo;
          };
          const u = 2 ** -53;
          const sumTerms = Array.from(pa), dotTerms = Array.from(pa, (x, i) => x * pb[i]);
          const bound = (terms: number[]) => 131 * u * terms.reduce((acc, t) => acc + Math.abs(t), 0) + (kind === "float32" ? 0 : 0);
          const slack = (x: number) => (kind === "float32" ? Math.abs(x) * 2 ** -24 + 1e-45 : 0); // final rounding to float32
          assert.ok(Math.abs(sPlain - exact(sumTerms)) <= bound(sumTerms) + slack(sPlain), `sum error too large: ${sPlain} vs ${exact(sumTerms)}`);
          assert.ok(Math.abs(dPlain - exact(dotTerms)) <= bound(dotTerms) + slack(dPlain), `dot error too large: ${dPlain} vs ${exact(dotTerms)}`);
          // WASM float32 sum: 16 float32 lanes of ≤ 64 additions per block, see runtime/kernels/README.md
          const wasmBound = kind === "float32" ? (63 * 2 ** -24 + 131 * u) * sumTerms.reduce((acc, t) => acc + Math.abs(t), 0) : bound(sumTerms);
          assert.ok(Math.abs(sWasm - exact(sumTerms)) <= wasmBound + slack(sWasm), `wasm sum error too large: ${sWasm} vs ${exact(sumTerms)}`);
        }),
        { numRuns: 40 },
      );
    });

    test("sum of 1e6 mixed-magnitude values (1e4 + noise, ±1e-3 .. ±10): |err| <= 1e-6 · Σ|x| on both paths", () => {
      // A single float32 accumulator over all elements is off by ~1e-3 · Σ|x| here; NumPy's
      // pairwise float32 sum stays well inside 1e-6 · Σ|x|, and so must the kernels.
      let seed = 12345;
      const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
      const n = 1_000_000;
      const xs = Array.from({ length: n }, (_, i) =>
        i % 3 === 0 ? 1e4 + (rand() - 0.5) : (rand() - 0.5) * 10 ** (Math.floor(rand() * 5) - 3) * (i % 2 ? 1 : -1),
      );
      for (const placement of placements) {
        const a = place(kind, placement, xs, 1);
        let hi = 0, lo = 0, abs = 0; // double-double reference of the stored values
        for (const t of a) {
          const s = hi + t, bb = s - hi;
          lo += hi - (s - bb) + (t - bb);
          hi = s;
          abs += Math.abs(t);
        }
        const got = sumKernel(a), exact = hi + lo;
        assert.ok(Math.abs(got - exact) <= 1e-6 * abs, `${placement}: ${got} vs ${exact} (bound ${1e-6 * abs})`);
      }
    });

    test("sum of special values: Infinity stays Infinity, NaN propagates, empty is 0", () => {
      for (const placement of placements) {
        assert.equal(sumKernel(place(kind, placement, [Infinity, 1, 2], 0)), Infinity);
        assert.equal(sumKernel(place(kind, placement, Array.from({ length: 2000 }, (_, i) => (i === 1500 ? -Infinity : 1)), 1)), -Infinity);
        assert.ok(Number.isNaN(sumKernel(place(kind, placement, [Infinity, -Infinity, ...new Array(40).fill(1)], 0))));
        assert.ok(Number.isNaN(sumKernel(place(kind, placement, [1, NaN, ...new Array(40).fill(1)], 3))));
        assert.equal(sumKernel(place(kind, placement, [], 0)), 0);
        assert.equal(dotKernel(place(kind, placement, [], 0), place(kind, placement, [], 0)), 0);
      }
    });

    test("a sum that a sequential loop gets badly wrong stays accurate (compensated blocks)", () => {
      const n = 1 << 16;
      const xs = Array.from({ length: n }, (_, i) => (i === 0 ? 1e8 : 0.1));
      const got = sumKernel(place(kind, "wasm", xs, 0));
      const want = 1e8 + (n - 1) * 0.1;
      const stored = kind === "float32" ? Array.from(new Float32Array(xs)) : xs;
      const exactStored = stored.slice(1).reduce((a, b) => a + b, 0) + stored[0];
      assert.ok(Math.abs(got - exactStored) <= (kind === "float32" ? Math.abs(want) * 2 ** -23 : 1e-6), `${got} vs ${exactStored}`);
    });
  });

  describe(`${kind} matmul`, () => {
    test("equals the naive triple loop bit for bit (WASM-resident, plain copied in, plain JS)", () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 19 }), fc.integer({ min: 0, max: 19 }), fc.integer({ min: 0, max: 19 }), fc.integer(), (m, k, n, seed) => {
          const gen = (len: number, s: number) => Array.from({ length: len }, (_, i) => Math.sin(i * 12.9898 + s) * 43758.5453 % 1);
          const A = gen(m * k, seed), B = gen(k * n, seed + 1);
          const expected: number[] = [];
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < n; j++) {
              let s = 0;
              for (let p = 0; p < k; p++) {
                const av = round(A[i * k + p]), bv = round(B[p * n + j]);
                s = kind === "float32" ? f32(s + f32(av * bv)) : s + av * bv;
              }
              expected.push(s);
            }
          }
          for (const placement of placements) {
            const a = place(kind, placement, A, 1), b = place(kind, placement, B, 2), out = place(kind, placement, expected.map(() => 7), 3);
            matmulKernel(a, b, out, m, k, n);
            assertSameBits(out, expected, `matmul ${m}x${k}x${n} ${placement}`);
          }
        }),
        { numRuns: 60 },
      );
    });

    // 48×37×45: plain arrays are copied into WASM memory; 133 rows: past the kernel's row
    // chunk of 128 (packed A kept in L2), ending in a 1-row tile and a 2-column panel
    for (const [m, k, n] of [[48, 37, 45], [133, 7, 10]] as const) test(`${m}×${k}×${n}, plain arrays copied into WASM memory, still equals the naive loop`, () => {
      const A = Array.from({ length: m * k }, (_, i) => ((i * 7919) % 101) / 13 - 3);
      const B = Array.from({ length: k * n }, (_, i) => ((i * 104729) % 97) / 11 - 4);
      const expected: number[] = [];
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s = kind === "float32" ? f32(s + f32(round(A[i * k + p]) * round(B[p * n + j]))) : s + A[i * k + p] * B[p * n + j];
        expected.push(s);
      }
      const out = kind === "float64" ? new Float64Array(m * n) : new Float32Array(m * n);
      matmulKernel(place(kind, "plain", A, 0), place(kind, "plain", B, 0), out, m, k, n);
      assertSameBits(out, expected, `plain ${m}x${k}x${n}, copied into WASM`);
    });
  });
}

describe("bad input gets a clear error", () => {
  test("length mismatch, unknown op, wrong types", () => {
    assert.throws(() => binaryKernel("add", new Float64Array(3), new Float64Array(4), new Float64Array(3)), /could not be broadcast/);
    assert.throws(() => binaryKernel("pow" as BinaryOp, new Float64Array(3), 1, new Float64Array(3)), /unknown binary kernel 'pow'/);
    assert.throws(() => unaryKernel("exp" as UnaryOp, new Float64Array(3), new Float64Array(3)), /unknown unary kernel 'exp'/);
    assert.throws(() => binaryKernel("add", [1, 2] as unknown as Float64Array, 1, new Float64Array(2)), /Float64Array\/Float32Array/);
    assert.throws(() => dotKernel(new Float64Array(2), new Float64Array(3)), /not aligned/);
    assert.throws(() => matmulKernel(new Float64Array(3), new Float64Array(4), new Float64Array(4), 2, 2, 2), /too small/);
  });
  test("mixed float32/float64 operands compute in float64 and round once on store", () => {
    const a = new Float32Array([0.1, 0.2]), b = new Float64Array([0.3, 1 / 3]), out = new Float32Array(2);
    binaryKernel("add", a, b, out);
    assertSameBits(out, [f32(a[0] + 0.3), f32(a[1] + 1 / 3)], "mixed");
  });
});
