// Unit tests of the corpus harness itself: the README's matching conventions and the
// behaviour comparison. A scorer that miscounts would make the corpus score meaningless.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { bannerLine, matchEntry, score, type CorpusEntry, type Report } from "./score";
import { callCase, describeDifference, describeOutcomeDifference } from "./compare";

function entry(line: number, endLine: number, verdict: "positive" | "negative" = "positive", rule = "elementwise-loop"): CorpusEntry {
  return { file: "cases/a.ts", function: `f${line}`, line, endLine, rule, verdict, fix: "none" };
}

function report(line: number, endLine = line, rule = "elementwise-loop"): Report {
  return { file: "cases/a.ts", rule, line, endLine, safeFix: false };
}

describe("corpus scoring", () => {
  test("a report inside two entries matches the tightest", () => {
    const outer = entry(10, 30);
    const inner = entry(12, 14);
    assert.equal(matchEntry(report(13), [outer, inner]), inner);
  });

  test("among overlapping entries, the one starting on the report's line wins over a tighter one", () => {
    const vertices = entry(10, 40);
    const normals = entry(11, 40);
    const uvs = entry(12, 39);
    assert.equal(matchEntry(report(11), [vertices, normals, uvs]), normals);
    assert.equal(matchEntry(report(10), [vertices, normals, uvs]), vertices);
    assert.equal(matchEntry(report(20), [vertices, normals, uvs]), uvs, "otherwise the tightest");
  });

  test("a report starting above an entry matches it when the entry's line is inside the report", () => {
    const e = entry(12, 14);
    assert.equal(matchEntry(report(10, 20), [e]), e);
    assert.equal(matchEntry(report(15, 20), [e]), undefined);
  });

  test("rule and file must agree", () => {
    assert.equal(matchEntry(report(12, 12, "manual-reduction"), [entry(12, 14)]), undefined);
    assert.equal(matchEntry({ ...report(12), file: "cases/b.ts" }, [entry(12, 14)]), undefined);
  });

  test("duplicates are not counted, negatives and unmatched reports are false positives", () => {
    const pos = entry(10, 12);
    const neg = entry(20, 22, "negative");
    const missed = entry(40, 41);
    const s = score([report(10), report(11), report(21), report(30)], [pos, neg, missed], new Map([["cases/a.ts", 5]]), ["elementwise-loop"]);
    assert.deepEqual(
      s.scored.map((x) => x.outcome),
      ["tp", "duplicate", "fp", "fp"],
    );
    assert.deepEqual(s.falseNegatives, [missed]);
    assert.equal(s.total.tp, 1);
    assert.equal(s.total.fp, 2);
    assert.equal(s.total.fn, 1);
    assert.equal(s.total.precision, 1 / 3);
    assert.equal(s.total.recall, 1 / 2);
  });

  test("a report above the // Cases banner is a false positive even inside an entry's range", () => {
    const e = entry(1, 50);
    const s = score([report(3)], [e], new Map([["cases/a.ts", 22]]), ["elementwise-loop"]);
    assert.equal(s.scored[0].outcome, "fp");
    assert.deepEqual(s.falseNegatives, [e]);
  });

  test("bannerLine finds the `// Cases` comment line", () => {
    assert.equal(bannerLine("// x\n// ----\n// Cases\n// ----\n"), 3);
    assert.equal(bannerLine("// no banner\n"), 0);
  });
});

describe("corpus behaviour comparison", () => {
  test("numbers within the relative tolerance are equal, outside are not", () => {
    assert.equal(describeDifference(1 + 1e-12, 1, 1e-9), undefined);
    assert.match(describeDifference(1 + 1e-6, 1, 1e-9) ?? "", /expected 1, got/);
  });

  test("NaN equals NaN, but not a number", () => {
    assert.equal(describeDifference(NaN, NaN, 1e-9), undefined);
    assert.notEqual(describeDifference(0, NaN, 1e-9), undefined);
    assert.notEqual(describeDifference(Infinity, -Infinity, 1e-9), undefined);
  });

  test("a typed array may change element type when the values are equal", () => {
    assert.equal(describeDifference(new Uint8Array([1, 2]), new Float64Array([1, 2]), 1e-9), undefined);
    assert.match(describeDifference(new Int8Array([1, -128]), new Float64Array([1, 128]), 1e-9) ?? "", /\[1\]/);
  });

  test("an Array must not become a typed array, nor the reverse", () => {
    assert.match(describeDifference(new Float64Array([1]), [1], 1e-9) ?? "", /expected an Array/);
    assert.match(describeDifference([1], new Float64Array([1]), 1e-9) ?? "", /expected a Float64Array/);
  });

  test("objects compare key by key, lengths must agree", () => {
    assert.equal(describeDifference({ a: [1, 2], b: 3 }, { b: 3, a: [1, 2] }, 1e-9), undefined);
    assert.match(describeDifference({ a: [1] }, { a: [1, 2] }, 1e-9) ?? "", /value\.a: expected length 2/);
    assert.match(describeDifference({ a: 1, c: 2 }, { a: 1 }, 1e-9) ?? "", /keys/);
  });

  test("argument mutations and thrown errors are part of the outcome", () => {
    const doubleInPlace = (...args: unknown[]) => {
      const x = args[0] as Float64Array;
      for (let i = 0; i < x.length; i++) x[i] *= 2;
    };
    const noop = () => undefined;
    const mutated = callCase(doubleInPlace, [new Float64Array([1, 2])]);
    const untouched = callCase(noop, [new Float64Array([1, 2])]);
    assert.match(describeOutcomeDifference(untouched, mutated, 1e-9) ?? "", /argument 0 after the call/);
    const throws = callCase(() => {
      throw new RangeError("bad length");
    }, []);
    assert.match(describeOutcomeDifference(throws, callCase(noop, []), 1e-9) ?? "", /fixed code threw/);
    assert.equal(describeOutcomeDifference(throws, throws, 1e-9), undefined);
  });
});
