// The bench must time the user's loop as the user's code runs it: "before" and "after" are plain
// functions whose accumulators are their own locals. An accumulator captured by a closure (the
// harness once ran the body in an arrow IIFE) is context-allocated, and V8 boxes every `s += x[i]`
// into a new HeapNumber: the sum loop ran ~7× slower than in a plain function and the bench reported
// 17× for a 1.9× fix. These tests check the generated source, not wall times.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ts } from "ts-morph";
import { DEFAULT_OPTIONS, Engine } from "../../server/engine/index";
import type { BenchSpec } from "../../server/engine/types";
import { buildHarnessProgram, compileVariant, scalarOutputsOf } from "../../server/bench/harness";
import { planInputs } from "../../server/bench/inputs";
import { runtimePath } from "./helpers";

const repoRoot = path.resolve(__dirname, "../..");

function program(spec: BenchSpec): string {
  return buildHarnessProgram(spec, runtimePath, {
    sizes: [{ size: 1000, plan: planInputs(spec, { size: 1000 }) }], seed: 1, budgetMs: 1000, tolerance: 0,
    scalarOutputs: scalarOutputsOf(spec), targetSampleNs: 1e6, maxRounds: 10, hasAfter: true,
  });
}

function variantOf(source: string, name: "before" | "after"): { file: ts.SourceFile; fn: ts.FunctionDeclaration } {
  const file = ts.createSourceFile("harness.js", source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const fn = file.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === name);
  assert.ok(fn?.body, `the program defines function ${name}`);
  return { file, fn };
}

/** Names of the identifiers used inside functions nested in fn (what a closure captures). */
function capturedNames(fn: ts.FunctionDeclaration): Set<string> {
  const names = new Set<string>();
  const collect = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) names.add(node.text);
    ts.forEachChild(node, collect);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) collect(node);
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body!, visit);
  return names;
}

/** The accumulator is a `let` of the function itself, no nested function sees it, and the function returns it last. */
function assertLocalAndReturned(source: string, name: "before" | "after", accumulators: string[]): void {
  const { file, fn } = variantOf(source, name);
  const statements = fn.body!.statements;
  const lets = new Set<string>();
  for (const s of statements) {
    if (ts.isVariableStatement(s) && (s.declarationList.flags & ts.NodeFlags.Let) !== 0) {
      for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name)) lets.add(d.name.text);
    }
  }
  const params = fn.parameters.map((p) => p.name.getText(file));
  const captured = capturedNames(fn);
  for (const acc of accumulators) {
    assert.ok(lets.has(acc), `${name}: ${acc} is a let of the function (lets: ${[...lets].join(", ")})`);
    assert.ok(!params.includes(acc), `${name}: ${acc} is not a parameter`);
    assert.ok(!captured.has(acc), `${name}: no nested function captures ${acc}:\n${fn.getText(file)}`);
  }
  const last = statements[statements.length - 1];
  assert.ok(last && ts.isReturnStatement(last) && last.expression && ts.isArrayLiteralExpression(last.expression),
    `${name} ends by returning [returnValue, ...accumulators]`);
  assert.deepEqual(last.expression.elements.slice(1).map((e) => e.getText(file)), accumulators);
}

describe("fair harness: accumulators are plain function locals", () => {
  test("the manual-reduction findings of examples/reductions.ts (sum, dot)", () => {
    const file = path.join(repoRoot, "examples", "reductions.ts");
    const { findings } = new Engine({ rootDir: repoRoot }).analyze(file, readFileSync(file, "utf8"), DEFAULT_OPTIONS);
    const specs = findings.filter((f) => f.ruleId === "manual-reduction" && f.bench).map((f) => f.bench!);
    assert.ok(specs.length >= 2, "examples/reductions.ts has the sum and dot findings");
    for (const spec of specs) {
      const accumulators = scalarOutputsOf(spec);
      assert.ok(accumulators.length > 0, "a reduction's accumulator is a scalar output");
      const source = program(spec);
      for (const name of ["before", "after"] as const) {
        assertLocalAndReturned(source, name, accumulators);
        // These bodies have no callbacks: the compiled variant has no nested function at all.
        const { fn } = variantOf(source, name);
        let nested = 0;
        const count = (n: ts.Node): void => { if (ts.isFunctionLike(n)) nested++; ts.forEachChild(n, count); };
        ts.forEachChild(fn.body!, count);
        assert.equal(nested, 0, `${name} has no nested function`);
      }
    }
  });

  test("a max loop and two accumulators", () => {
    const spec: BenchSpec = {
      before: "for (let i = 0; i < x.length; i++) { if (x[i] > m) m = x[i]; if (x[i] < lo) lo = x[i]; }",
      after: "if (x.length > 0) { const p = nd.nanmax(x) as number; if (p > m) m = p; const q = nd.nanmin(x) as number; if (q < lo) lo = q; }",
      variables: [
        { name: "x", type: "Float64Array", role: "input", length: "n" },
        { name: "m", type: "number", role: "output" },
        { name: "lo", type: "number", role: "output" },
      ],
    };
    const source = program(spec);
    assertLocalAndReturned(source, "before", ["m", "lo"]);
    assertLocalAndReturned(source, "after", ["m", "lo"]);
  });

  test("a body that returns: still locals, the return value first, finally blocks run before the accumulators are read", () => {
    const body = [
      "for (const v of x) {",
      "  if (v < 0) return v * 2, -1;",
      "  s += v;",
      "}",
      "const f = (q: number) => { return q + 1; };",
      "try { return f(s); } finally { s += 100; }",
    ].join("\n");
    const js = compileVariant("before", ["x", "s"], body, ["s"]);
    assertLocalAndReturned(js, "before", ["s"]);
    const before = new Function(`${js}; return before;`)() as (x: number[], s: number) => unknown;
    assert.deepEqual(before([1, 2, -3], 0), [-1, 3], "comma expression returned whole, loop left early");
    assert.deepEqual(before([1, 2], 10), [14, 113], "the nested arrow's own return is untouched; finally ran");
    assert.deepEqual(compileVariantResult("return;", 5), [undefined, 5]);
  });

  test("a syntax error is still reported at the body's line", () => {
    assert.throws(() => compileVariant("after", ["x", "s"], "s += 1;\nreturn s +;", ["s"]), /does not compile: .+ \(line 2\)$/);
  });
});

function compileVariantResult(body: string, s: number): unknown {
  const js = compileVariant("after", ["s"], body, ["s"]);
  return (new Function(`${js}; return after;`)() as (s: number) => unknown)(s);
}
