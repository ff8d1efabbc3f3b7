// Fixes are written in the file's own language (issue 9 item 3): no TypeScript syntax in .js, the
// module system the file uses (import in ES modules, require in CommonJS, an assumption in a script
// whose module system is unknown), and a fix whose text would not parse is withheld by the engine.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Engine, applyEdits, type Fix } from "../../server/engine/index";
import { fixSyntaxProblem } from "../../server/engine/fix-syntax";
import { manualReduction } from "../../server/rules/manual-reduction";
import type { Rule } from "../../server/engine/rule";
import { compareVersions } from "../fuzz/fix-fuzzer";

const OPTS = { runtimeImport: "arraylint/runtime" };
const DOT_JS = `/**\n * @param {Float64Array} a\n * @param {Float64Array} b\n */\nexport function run(a, b) {\n  let s = 0;\n  for (let i = 0; i < a.length; i++) {\n    s += a[i] * b[i];\n  }\n  return s;\n}\n`;

function onlyFix(file: string, text: string): Fix {
  const { findings } = new Engine().analyze(file, text, OPTS);
  assert.equal(findings.length, 1, JSON.stringify(findings.map((f) => f.message)));
  assert.ok(findings[0].fix, "expected a fix");
  return findings[0].fix;
}

describe("fixes in the file's own language", () => {
  test("the dot-product refactor in a .js file casts with JSDoc, not `as`, and the fixed file runs", () => {
    const fix = onlyFix("/v/dot.js", DOT_JS);
    const fixed = applyEdits(DOT_JS, fix.edits);
    assert.match(fixed, /\/\*\* @type \{number\} \*\/ \(nd\.dot\(a, b\.subarray\(0, a\.length\)\)\)/);
    assert.doesNotMatch(fixed, / as number/);
    // loads as JavaScript (TypeScript syntax is refused) and agrees with the loop on exact inputs
    assert.equal(compareVersions(DOT_JS, fixed, ".js", [Float64Array.of(1, 2, 4), Float64Array.of(8, 16, 32)]), undefined);
  });

  test("the same refactor in a .ts file keeps the `as number` assertion", () => {
    const ts = "export function run(a: Float64Array, b: Float64Array): number {\n  let s = 0;\n  for (let i = 0; i < a.length; i++) {\n    s += a[i] * b[i];\n  }\n  return s;\n}\n";
    assert.match(applyEdits(ts, onlyFix("/v/dot.ts", ts).edits), /\(nd\.dot\(a, b\.subarray\(0, a\.length\)\) as number\)/);
  });

  test(".cjs and require()-using .js files get require(), .mjs and ES modules get import", () => {
    const cjs = DOT_JS.replace("export function", "function") + "module.exports = { run };\n";
    assert.match(applyEdits(cjs, onlyFix("/v/dot.cjs", cjs).edits), /^const nd = require\("arraylint\/runtime"\);\n/);
    const requiring = "const fs = require(\"fs\");\n" + DOT_JS.replace("export function", "function");
    assert.match(applyEdits(requiring, onlyFix("/v/dot.js", requiring).edits), /^const fs = require\("fs"\);\nconst nd = require\("arraylint\/runtime"\);/m);
    assert.match(applyEdits(DOT_JS, onlyFix("/v/dot.mjs", DOT_JS).edits), /^import \* as nd from "arraylint\/runtime";\n/);
  });

  test("a .js script without import, export or require: the fix needs an assumption, so it is never safe", () => {
    const script = "/**\n * @param {Float64Array} a\n * @param {Float64Array} y\n */\nfunction scale(a, y) {\n  for (let i = 0; i < a.length; i++) {\n    y[i] = a[i] * 2;\n  }\n}\n";
    const fix = onlyFix("/v/scale.js", script);
    assert.equal(fix.safe, false);
    assert.match(fix.assumption ?? "", /CommonJS module, where require\(\) is available/);
    // the same function in an ES module keeps only the rule's own assumptions
    const esm = onlyFix("/v/scale.js", script.replace("function scale", "export function scale"));
    assert.doesNotMatch(esm.assumption ?? "", /CommonJS/);
  });
});

describe("fixSyntaxProblem: the engine's last check on a fix's text", () => {
  const fix = (...texts: string[]): Fix => ({ title: "t", safe: true, edits: texts.map((newText, k) => ({ start: k, end: k, newText })), addImports: [] });

  test("TypeScript syntax is refused in JavaScript files and accepted in TypeScript files", () => {
    for (const text of ["s += (nd.dot(a, b) as number);", "const y: Float64Array = nd.zeros(3);", "x!.length;", "nd.sum(x) satisfies number;"]) {
      assert.match(fixSyntaxProblem("/v/a.js", fix(text)) ?? "", /TypeScript syntax/, text);
      assert.match(fixSyntaxProblem("/v/a.mjs", fix(text)) ?? "", /TypeScript syntax/, text);
      assert.equal(fixSyntaxProblem("/v/a.ts", fix(text)), undefined, text);
    }
  });

  test("statements, a return, an expression, an import and a JSDoc cast are accepted in JavaScript", () => {
    for (const text of ["nd.add(x, 1, { out: y });", "return nd.sum(x);", "b.length >= a.length ? nd.sum(a) : NaN", 'import * as nd from "arraylint/runtime";\n', "/** @type {number} */ (nd.dot(a, b))", "Uint8Array"]) {
      assert.equal(fixSyntaxProblem("/v/a.js", fix(text)), undefined, text);
    }
  });

  test("text that does not parse is refused in any language", () => {
    assert.match(fixSyntaxProblem("/v/a.ts", fix("nd.add(x, ;")) ?? "", /does not parse/);
  });

  test("the engine withholds such a fix and keeps the finding", () => {
    const logged: string[] = [];
    const withAs: Rule = {
      meta: { ...manualReduction.meta, messages: { m: "m" } },
      check(ctx) {
        const fn = ctx.sourceFile.getFunctions()[0];
        ctx.report({ node: fn, messageId: "m", fix: { title: "cast", safe: true, edits: [{ start: fn.getStart(), end: fn.getStart(), newText: "(x as number);\n" }], addImports: [] } });
      },
    };
    const engine = new Engine({ rules: [withAs], logger: { error: (m) => logged.push(m) } });
    const { findings } = engine.analyze("/v/f.js", "function f() {}\n", OPTS);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].fix, undefined);
    assert.match(logged.join("\n"), /withheld .*TypeScript syntax \(an `as` assertion\)/);
    assert.ok(engine.analyze("/v/f.ts", "function f() {}\n", OPTS).findings[0].fix, "the same fix in a .ts file stays");
  });
});
