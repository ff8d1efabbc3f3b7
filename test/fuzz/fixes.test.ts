// A short run of the differential fix fuzzer inside `npm test` (the long run is `npm run fuzz:fixes`).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { compareVersions, fuzzTarget } from "./fix-fuzzer";
import { ALL_TARGETS } from "./generators/index";

const RUNS = Number(process.env.ARRAYLINT_FUZZ_RUNS ?? 150);

for (const target of ALL_TARGETS) {
  test(`fix fuzzer: ${target.rule} — ${target.name}`, () => {
    const r = fuzzTarget(target, { numRuns: RUNS, seed: 42 });
    assert.equal(r.failure, undefined, r.failure);
    assert.ok(r.fixed > 0, `no generated program got a safe fix (${r.runs} runs): the generator no longer exercises the fix`);
  });
}

describe("the comparison the fuzzer relies on", () => {
  const original = "export function run(x) {\n  let s = -0;\n  for (let i = 0; i < x.length; i++) s += x[i];\n  return s;\n}\n";
  test("a result that differs in the sign of zero is a difference", () => {
    const wrong = "export function run(x) {\n  let s = -0;\n  for (let i = 0; i < x.length; i++) s += x[i];\n  return s + 0;\n}\n";
    assert.match(compareVersions(original, wrong, ".js", [Float64Array.of(-0)]) ?? "", /result: -0 vs 0/);
    assert.equal(compareVersions(original, original, ".js", [Float64Array.of(-0, NaN)]), undefined);
  });
  test("a mutated input and a changed exception are differences", () => {
    const mutates = "export function run(x) {\n  x[0] = 1;\n  return 0;\n}\n";
    const returnsZero = "export function run(x) {\n  return 0;\n}\n";
    const throws = "export function run(x) {\n  throw new RangeError('n');\n}\n";
    assert.match(compareVersions(returnsZero, mutates, ".js", [Float64Array.of(5)]) ?? "", /argument 0 after the call\[0\]: 5 vs 1/);
    assert.match(compareVersions(returnsZero, throws, ".js", [Float64Array.of(5)]) ?? "", /exception: original returned, fixed RangeError/);
  });
  test("a typed array of another element type is a difference even with equal values", () => {
    const f64 = "export function run() {\n  return new Float64Array(2);\n}\n";
    const u8 = "export function run() {\n  return new Uint8Array(2);\n}\n";
    assert.match(compareVersions(f64, u8, ".js", []) ?? "", /Float64Array vs Uint8Array/);
  });
  test("TypeScript syntax in a .js fix is refused", () => {
    const withAs = "export function run(x) {\n  return (x[0] as number);\n}\n";
    assert.throws(() => compareVersions(returnsNothing, withAs, ".js", [[1]]), /fixed source is not valid \.js/);
  });
});

const returnsNothing = "export function run() {}\n";
