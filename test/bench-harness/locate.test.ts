// locate (the statement a finding's bench snippet sits at) returns the occurrence nearest to the finding,
// the earlier one on a tie: the same answer as trying every occurrence, which was quadratic per file.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { locate } from "../../server/bench/scope";

function nearestByScan(text: string, snippet: string, near: number): number | undefined {
  let best: number | undefined;
  for (let at = text.indexOf(snippet); at >= 0; at = text.indexOf(snippet, at + 1)) {
    if (best === undefined || Math.abs(at - near) < Math.abs(best - near)) best = at;
  }
  return best;
}

test("locate finds the nearest occurrence, as a scan of every occurrence does", () => {
  const ab = fc.string({ unit: fc.constantFrom("a", "b"), maxLength: 40 });
  fc.assert(
    fc.property(ab, fc.string({ unit: fc.constantFrom("a", "b"), minLength: 1, maxLength: 4 }), fc.nat({ max: 45 }), (text, snippet, near) => {
      assert.equal(locate(text, snippet, near), nearestByScan(text, snippet, near));
    }),
    { numRuns: 5000, seed: 20261206 },
  );
});
