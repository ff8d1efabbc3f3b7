// callsNamed (the calls of a function the bench sizes its parameters from) searches the name in the text
// and looks up only its occurrences: the same calls, in the same order, as a walk of the whole tree.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ts } from "ts-morph";
import { callsNamed } from "../../server/bench/sizes";

const repo = path.resolve(__dirname, "../..");

function callsByWalk(sf: ts.SourceFile): Map<string, ts.CallExpression[]> {
  const out = new Map<string, ts.CallExpression[]>();
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const list = out.get(node.expression.text) ?? [];
      list.push(node);
      out.set(node.expression.text, list);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function sameCalls(file: string, text: string): number {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const expected = callsByWalk(sf);
  // every callee name, and names that occur only in comments, strings and longer names
  const names = new Set([...expected.keys(), "len", "sum", "f", "x", "map"]);
  for (const name of names) {
    assert.deepEqual(callsNamed(sf, name).map((c) => c.pos), (expected.get(name) ?? []).map((c) => c.pos), `${file}: calls of ${name}`);
  }
  return expected.size;
}

test("callsNamed finds the calls a walk of the tree finds, on the repo's own code and the examples", () => {
  const files = [
    ...(fs.readdirSync(path.join(repo, "runtime"), { recursive: true }) as string[]).filter((f) => /\.ts$/.test(f) && !f.includes("node_modules")).map((f) => path.join(repo, "runtime", f)),
    ...fs.readdirSync(path.join(repo, "examples")).filter((f) => /\.ts$/.test(f)).map((f) => path.join(repo, "examples", f)),
    path.join(repo, "server/bench/sizes.ts"),
  ];
  let names = 0;
  for (const file of files) names += sameCalls(file, fs.readFileSync(file, "utf8"));
  assert.ok(names > 500, `only ${names} callee names: the inputs are not real code`);
});

test("callsNamed skips the name in comments, strings, templates, longer names and member calls; reads escaped names", () => {
  const text = [
    "// f(1) in a comment",
    "const s = 'f(2)'; const t = `f(${f(3)})`;",
    "function f(n: number) { return n > 0 ? f(n - 1) : 0; }",
    "ff(4); f_(5); $f(6); o.f(7); f (8); f\n(9); /* f(10) */ f(11);",
    "class C { f() { return f(12); } }",
    "const g = () => f(13);",
  ].join("\n");
  sameCalls("a.ts", text);
  const sf = ts.createSourceFile("a.ts", text, ts.ScriptTarget.Latest, true);
  assert.deepEqual(callsNamed(sf, "f").map((c) => c.arguments[0].getText(sf)), ["3", "n - 1", "8", "9", "11", "12", "13"]);
  // `\u0066` spells f: the whole tree is walked
  sameCalls("b.ts", "function f(n) { return n; }\n\\u0066(1); f(2);\n");
  const escaped = ts.createSourceFile("b.ts", "function f(n) { return n; }\n\\u0066(1); f(2);\n", ts.ScriptTarget.Latest, true);
  assert.equal(callsNamed(escaped, "f").length, 2);
});
