// The lecture's examples in examples/lecture/, written with the runtime: every runtime version must equal
// the plain loop it replaces (their check() functions use nd.testing.assertAllclose with rtol = atol = 0).
// They import "arraylint/runtime" as a user would, so this runs against the built dist/runtime (npm test builds first).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as nd from "arraylint/runtime";
import * as arrays from "../../examples/lecture/arrays";
import * as mandelbrot from "../../examples/lecture/mandelbrot";

test("examples/lecture/arrays.ts: x + 10 on 8×8, sqrt of a grid, complex positions equal their loops", () => {
  arrays.check();
});

test("examples/lecture/mandelbrot.ts: mandel4, mandel5, mandel6, mandel7 and the fused version equal the scalar loop", () => {
  const position = arrays.complexPositions(60);
  const counts = new Set(mandelbrot.mandelScalar(position, 50).flatten().data);
  // a reference that is all zeros would make every comparison vacuous
  assert.ok(counts.size > 10 && counts.has(0), `the scalar reference has ${counts.size} distinct counts`);
  mandelbrot.check(60, 50);
});

test("the comparison is sharp: a version run with one step less differs from the scalar loop", () => {
  const position = arrays.complexPositions(20);
  const expected = mandelbrot.mandelScalar(position, 50);
  assert.throws(() => nd.testing.assertAllclose(mandelbrot.mandel5(position, 49), expected, { rtol: 0, atol: 0 }), /Mismatched elements/);
});
