// Engine behaviour: suppressions, never throwing on half-typed code, idempotent safe fixes,
// runtime import insertion (existing import, CRLF), severities and rule crashes.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { Engine, applySafeFixes, applyEdits, listRules, type AnalyzeOptions } from "../../server/engine/index";
import { guarded, type Rule } from "../../server/engine/rule";
import { elementwiseLoop } from "../../server/rules/elementwise-loop";

const OPTS: AnalyzeOptions = { runtimeImport: "arraylint/runtime" };

const ADD_TEN = `export function addTen(x: Float64Array): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    y[i] = x[i] + 10;
  }
  return y;
}
`;

function analyze(text: string, options: AnalyzeOptions = OPTS, engine = new Engine()) {
  return engine.analyze("/virtual/file.ts", text, options);
}

describe("engine: findings", () => {
  test("reports the loop with 0-based range starting at the for statement", () => {
    const { findings } = analyze(ADD_TEN);
    assert.equal(findings.length, 1);
    const f = findings[0];
    assert.equal(f.ruleId, "elementwise-loop");
    assert.deepEqual(f.range.start, { line: 2, character: 2 });
    assert.deepEqual(f.range.end, { line: 4, character: 3 });
    assert.equal(ADD_TEN.slice(f.start, f.start + 3), "for");
    assert.equal(f.severity, "warning");
  });

  test("severity overrides and off", () => {
    assert.equal(analyze(ADD_TEN, { ...OPTS, severities: { "elementwise-loop": "error" } }).findings[0].severity, "error");
    assert.equal(analyze(ADD_TEN, { ...OPTS, severities: { "elementwise-loop": "off" } }).findings.length, 0);
    assert.equal(analyze(ADD_TEN, { ...OPTS, rules: ["manual-reduction"] }).findings.length, 0);
  });

  test("a crashing rule is logged and yields no finding; other rules still run", () => {
    const logged: string[] = [];
    const crashing: Rule = {
      meta: { ...elementwiseLoop.meta, id: "manual-reduction" },
      check() {
        throw new Error("boom");
      },
    };
    const engine = new Engine({ rules: [crashing, elementwiseLoop], logger: { error: (m) => logged.push(m) } });
    const { findings } = engine.analyze("/virtual/a.ts", ADD_TEN, OPTS);
    assert.deepEqual(findings.map((f) => f.ruleId), ["elementwise-loop"]);
    assert.equal(logged.length, 1);
    assert.match(logged[0], /manual-reduction failed.*boom/s);
  });

  test("a candidate that crashes inside guarded() is logged and skipped; the rule's other findings stay", () => {
    const logged: string[] = [];
    const partly: Rule = {
      meta: { ...elementwiseLoop.meta, messages: { seen: "seen" } },
      check(ctx) {
        for (const stmt of ctx.sourceFile.getFunctions()) {
          guarded(ctx, stmt, () => {
            if (stmt.getName() === "bad") throw new Error("bad candidate");
            ctx.report({ node: stmt, messageId: "seen" });
          });
        }
      },
    };
    const engine = new Engine({ rules: [partly], logger: { error: (m) => logged.push(m) } });
    const { findings } = engine.analyze("/virtual/p.ts", "function good() {}\nfunction bad() {}\nfunction fine() {}\n", OPTS);
    assert.equal(findings.length, 2);
    assert.equal(logged.length, 1);
    assert.match(logged[0], /at line 2 in \/virtual\/p.ts: Error: bad candidate/);
  });

  test("re-analysing the same path uses the new text (overlay), forget drops it", () => {
    const engine = new Engine();
    assert.equal(engine.analyze("/v/b.ts", ADD_TEN, OPTS).findings.length, 1);
    assert.equal(engine.analyze("/v/b.ts", "export const a = 1;\n", OPTS).findings.length, 0);
    engine.forget("/v/b.ts");
    assert.equal(engine.analyze("/v/b.ts", ADD_TEN, OPTS).findings.length, 1);
  });

  test("an unchanged file is analysed again with the types of an edited import (its source file and program are reused)", () => {
    const engine = new Engine();
    const user = `import { data } from "./data";
export function double(): Float64Array {
  const out = new Float64Array(data.length);
  for (let i = 0; i < out.length; i++) {
    out[i] = data[i] * 2;
  }
  return out;
}
`;
    engine.analyze("/v/data.ts", "export const data: Float64Array = new Float64Array(100);\n", OPTS);
    assert.deepEqual(engine.analyze("/v/user.ts", user, OPTS).findings.map((f) => f.ruleId), ["elementwise-loop"]);
    // the same text twice: nothing to rebuild, the same answer
    assert.deepEqual(engine.analyze("/v/user.ts", user, OPTS).findings.map((f) => f.ruleId), ["elementwise-loop"]);
    // data[i] * 2 over strings is no numeric map: a verdict cached on user.ts's unchanged nodes would still say it is
    engine.analyze("/v/data.ts", "export const data: string[] = [];\n", OPTS);
    assert.deepEqual(engine.analyze("/v/user.ts", user, OPTS).findings, []);
  });
});

describe("engine: never throws on half-typed code", () => {
  const broken = [
    "export function f(x: Float64Array) {\n  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) {\n    y[i] = x[i] + 10;\n",
    "export function f(x: Float64Array, y: Float64Array) {\n  for (let i = 0; i < x.length; i++)\n}\n",
    "export function f(x: Float64Array, y: Float64Array) {\n  for (let i = 0; i <\n}\n",
    "export function f(x: Float64Array, y: Float64Array) {\n  for (let i = 0; i < x.length; i++) y[i] = \n}\n",
    "export function f(x: Float64Array, y: Float64Array) {\n  for (let i = 0; i < x.length; i++) y[i] = x[i] +\n}\n",
    "for (const [i, v] of ",
    "let s = 0; for (let i = 0; i < q.length; i++) s += q[i];", // unresolved q
    "export function f(x: any, y: any) { for (let i = 0; i < x.length; i++) y[i] = x[i] * 2; }",
    "while (",
    "}}}{{{ for for for ((( ",
    "",
    "\u0000\uFFFF",
  ];
  for (const [k, text] of broken.entries()) {
    test(`snippet ${k}: no crash, no finding from a half-typed loop`, () => {
      const logged: string[] = [];
      const engine = new Engine({ logger: { error: (m) => logged.push(m) } });
      const result = engine.analyze(`/virtual/broken${k}.ts`, text, { ...OPTS, explain: true });
      // The unclosed function still has a complete loop: at most that one, never a bogus one.
      for (const f of result.findings) assert.equal(text.slice(f.start, f.start + 3), "for");
      // an unresolved or `any` array used numerically (k 6, 7) may be reported with its type only inferred: never a safe fix
      const inferredOnly = /\b(any|q)\b/.test(text);
      if (k !== 0 && !inferredOnly) assert.equal(result.findings.length, 0, JSON.stringify(result.findings));
      for (const f of result.findings) assert.notEqual(f.fix?.safe, true, `a safe fix on ${JSON.stringify(text)}`);
      assert.deepEqual(logged, []);
    });
  }
});

describe("engine: suppressions", () => {
  const loop = (prefix: string) => `export function f(x: Float64Array): Float64Array {
  const y = new Float64Array(x.length);
${prefix}  for (let i = 0; i < x.length; i++) y[i] = x[i] * 2;
  return y;
}
`;
  const cases: Array<[string, string, number]> = [
    ["none", "", 1],
    ["next-line with rule and reason", "  // arraylint-disable-next-line elementwise-loop -- measured, loop is faster\n", 0],
    ["next-line without rule", "  // arraylint-disable-next-line\n", 0],
    ["next-line for another rule", "  // arraylint-disable-next-line manual-reduction\n", 1],
    ["block disable", "  /* arraylint-disable elementwise-loop */\n", 0],
    ["block disable then enable", "  /* arraylint-disable elementwise-loop */\n  /* arraylint-enable elementwise-loop */\n", 1],
    ["directive inside a string is not a directive", '  const s = "// arraylint-disable-next-line";\n', 1],
  ];
  for (const [name, prefix, expected] of cases) {
    test(name, () => assert.equal(analyze(loop(prefix)).findings.length, expected));
  }

  test("disable … enable covers only the region between", () => {
    const text = `/* arraylint-disable elementwise-loop */
${loop("")}/* arraylint-enable elementwise-loop */
${loop("").replace("function f", "function g")}`;
    assert.equal(analyze(text).findings.length, 1);
  });

  test("file-level disable at the top", () => {
    assert.equal(analyze("/* arraylint-disable */\n" + loop("")).findings.length, 0);
  });

  test("generated files are skipped", () => {
    assert.equal(analyze("// @generated by protoc\n" + loop("")).findings.length, 0);
    assert.equal(analyze(loop("") + "// @generated late in the file does not count\n").findings.length, 1);
  });

  test("template literals do not confuse comment scanning", () => {
    const text = "const t = `${1}// arraylint-disable-next-line`;\n" + loop("");
    assert.equal(analyze(text).findings.length, 1);
  });
});

describe("engine: safe fixes", () => {
  test("applySafeFixes rewrites the loop, adds the import once and is idempotent", () => {
    const engine = new Engine();
    const two = ADD_TEN + ADD_TEN.replace("addTen", "addTen2");
    const first = applySafeFixes(engine, "/v/fix.ts", two, OPTS);
    assert.equal(first.applied, 2);
    assert.equal(first.text.match(/import \* as nd from "arraylint\/runtime";/g)?.length, 1);
    assert.equal(first.text.match(/nd\.add\(x, 10, \{ out: y \}\);/g)?.length, 2);
    assert.doesNotMatch(first.text, /for \(/);
    const second = applySafeFixes(engine, "/v/fix.ts", first.text, OPTS);
    assert.equal(second.applied, 0);
    assert.equal(second.text, first.text);
  });

  test("reuses an existing namespace import of the runtime and its local name", () => {
    const text = `import * as np from "arraylint/runtime";\n` + ADD_TEN;
    const { text: fixed } = applySafeFixes(new Engine(), "/v/reuse.ts", text, OPTS);
    assert.match(fixed, /np\.add\(x, 10, \{ out: y \}\);/);
    assert.equal(fixed.match(/import/g)?.length, 1);
  });

  test("inserts after the last existing import", () => {
    const text = `import { a } from "./a";\nimport type { B } from "./b";\n\n` + ADD_TEN;
    const { text: fixed } = applySafeFixes(new Engine(), "/v/after.ts", text, OPTS);
    assert.ok(fixed.startsWith(`import { a } from "./a";\nimport type { B } from "./b";\nimport * as nd from "arraylint/runtime";\n\n`), fixed);
  });

  test("inserts after a shebang and a header comment, not between a JSDoc and its function", () => {
    const text = `#!/usr/bin/env node\n// Licence header\n\n/** Adds ten. */\n` + ADD_TEN;
    const { text: fixed } = applySafeFixes(new Engine(), "/v/head.ts", text, OPTS);
    assert.ok(fixed.startsWith(`#!/usr/bin/env node\n// Licence header\n\nimport * as nd from "arraylint/runtime";\n\n/** Adds ten. */\n`), fixed);
  });

  test("a custom runtime specifier and a name clash with `nd`", () => {
    const text = `const nd = 1;\n` + ADD_TEN;
    const { text: fixed } = applySafeFixes(new Engine(), "/v/clash.ts", text, { runtimeImport: "@acme/nd" });
    assert.match(fixed, /^import \* as nd2 from "@acme\/nd";/);
    assert.match(fixed, /nd2\.add\(x, 10, \{ out: y \}\);/);
  });

  test("a name clash with an `nd` spelled with a unicode escape (a text search alone would miss it)", () => {
    const text = `const n\\u0064 = 1;\n` + ADD_TEN;
    const { text: fixed } = applySafeFixes(new Engine(), "/v/escaped.ts", text, { runtimeImport: "@acme/nd" });
    assert.match(fixed, /^import \* as nd2 from "@acme\/nd";/);
  });

  test("CommonJS files get a require, after a \"use strict\" directive and the file's own requires", () => {
    const js = `"use strict";\nconst fs = require("fs");\nfunction addTen(x) {\n  const y = new Float64Array(x.length);\n  for (let i = 0; i < x.length; i++) y[i] = x[i] + 10;\n  return y;\n}\nmodule.exports = { addTen, fs };\n`;
    const found = new Engine().analyze("/v/legacy.cjs", js, OPTS).findings;
    // untyped JS parameters are `any`: at most a finding whose types are inferred, never a safe fix
    assert.ok(found.every((f) => !f.fix?.safe), JSON.stringify(found));
    const typed = js.replace("function addTen(x) {", "/** @param {Float64Array} x */\nfunction addTen(x) {");
    const { text: fixed, applied } = applySafeFixes(new Engine(), "/v/legacy.cjs", typed, OPTS);
    assert.equal(applied, 1);
    assert.ok(fixed.startsWith(`"use strict";\nconst fs = require("fs");\nconst nd = require("arraylint/runtime");`), fixed);
    const onlyStrict = typed.replace(`const fs = require("fs");\n`, "").replace("{ addTen, fs }", "{ addTen }");
    assert.ok(applySafeFixes(new Engine(), "/v/legacy.cjs", onlyStrict, OPTS).text.startsWith(`"use strict";\nconst nd = require("arraylint/runtime");\n`));
  });

  test("CRLF files stay CRLF", () => {
    const crlf = (`import { a } from "./a";\n` + ADD_TEN.replace("y[i] = x[i] + 10;", "// keep me\n    y[i] = x[i] + 10;")).replace(/\n/g, "\r\n");
    const { text: fixed, applied } = applySafeFixes(new Engine(), "/v/crlf.ts", crlf, OPTS);
    assert.equal(applied, 1);
    assert.doesNotMatch(fixed.replace(/\r\n/g, ""), /\n/);
    assert.match(fixed, /import \{ a \} from "\.\/a";\r\nimport \* as nd from "arraylint\/runtime";\r\n/);
    // the comment inside the loop survives, on its own line before the call
    assert.match(fixed, /  \/\/ keep me\r\n  nd\.add\(x, 10, \{ out: y \}\);\r\n/);
  });

  test("applyEdits applies edits in any order", () => {
    assert.equal(applyEdits("abcdef", [{ start: 0, end: 1, newText: "X" }, { start: 4, end: 6, newText: "YZ!" }]), "XbcdYZ!");
  });
});

describe("engine: listRules", () => {
  test("every rule with meta and its docs markdown, in registry order", () => {
    const rules = listRules();
    assert.deepEqual(rules.map((r) => r.id), ["elementwise-loop", "push-then-convert", "manual-reduction", "oversized-dtype"]);
    for (const r of rules) assert.equal(typeof r.docs, "string");
    assert.match(rules[0].docs, /## What it does/);
  });
});

describe("engine: a file analysed again after an edit", () => {
  // ml-matrix in eval:realworld: the fix check re-analyses matrix.js with its fixes applied; indexes
  // keyed by ts-morph's wrapper (which survives the edit) handed out the old version's nodes
  const code =
    "class M {\n  constructor(rows, columns) {\n    this.data = [];\n    this.rows = rows;\n    this.columns = columns;\n  }\n  get(i, j) {\n    return this.data[i][j];\n  }\n  set(i, j, v) {\n    this.data[i][j] = v;\n    return this;\n  }\n}\nfunction scale(matrix, s) {\n  for (let i = 0; i < matrix.rows; i++) {\n    for (let j = 0; j < matrix.columns; j++) {\n      matrix.set(i, j, matrix.get(i, j) / s);\n    }\n  }\n  return matrix;\n}\nmodule.exports = { M, scale };\n";
  test("reads the new version's nodes: no rule fails, the same findings", () => {
    const logged: string[] = [];
    const engine = new Engine({ logger: { error: (m) => logged.push(m) } });
    const first = engine.analyze("/edited/matrix.js", code).findings.map((f) => `${f.ruleId}:${f.range.start.line}`);
    assert.ok(first.length > 0, "the accessor nest is a finding");
    const second = engine.analyze("/edited/matrix.js", `// edited\n${code}`).findings.map((f) => `${f.ruleId}:${f.range.start.line - 1}`);
    assert.deepEqual(logged, []);
    assert.deepEqual(second, first);
  });
});
