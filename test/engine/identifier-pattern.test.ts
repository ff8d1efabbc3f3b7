// identifierPattern (engine/analysis/syntax.ts): the one text search for a name as a whole identifier, used
// by the skeleton's guards, the runtime import's free name and two analyses. A name is found only where it
// is the whole identifier; `$` and regex metacharacters in a name are literal.
import { test } from "node:test";
import assert from "node:assert/strict";
import { identifierPattern } from "../../server/engine/analysis/syntax";

const cases: Array<{ name: string; text: string; found: boolean }> = [
  { name: "nd", text: "nd.add(x, 1)", found: true },
  { name: "nd", text: "const y = (nd);", found: true },
  { name: "nd", text: "nd2.add(x, 1)", found: false },
  { name: "nd", text: "and(x)", found: false },
  { name: "nd", text: "$nd + 1", found: false },
  { name: "nd", text: "_nd + 1", found: false },
  { name: "$i", text: "y[$i] = x[$i];", found: true },
  { name: "$i", text: "y[$i2] = 0;", found: false },
  { name: "$i", text: "y[i] = 0;", found: false },
  { name: "i$", text: "a[i$]", found: true },
  { name: "x", text: "a.x", found: true },
];

for (const c of cases) {
  test(`${JSON.stringify(c.name)} in ${JSON.stringify(c.text)}: ${c.found ? "found" : "not found"}`, () => {
    assert.equal(identifierPattern(c.name).test(c.text), c.found);
  });
}

test("with the g flag every whole occurrence is listed", () => {
  assert.deepEqual([..."f(x); g(f2); f(y)".matchAll(identifierPattern("f", "g"))].map((m) => m.index), [0, 13]);
});
