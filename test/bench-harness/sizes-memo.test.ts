// codeSizesOf remembers sizes per bench spec object (the server sizes every finding after every edit).
// The engine keeps a spec only on findings it carries past a local edit, so remembered sizes must equal
// what a fresh computation gives after local and non-local edits alike.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Engine, type Finding } from "../../server/engine/index";
import { codeSizesOf } from "../../server/bench/finding";

const OPTIONS = { runtimeImport: "@arraylint/runtime", budgetMs: 600_000 };

const source = (size: number, k: number) =>
  "export function scale(x: Float64Array, y: Float64Array, n: number): void {\n  for (let j = 0; j < n; j++) y[j] = x[j] * 3;\n}\n" +
  `export function run(): void { scale(new Float64Array(${size}), new Float64Array(${size}), ${size}); }\n` +
  `export function other(x: Float64Array, y: Float64Array): void {\n  for (let j = 0; j < x.length; j++) y[j] = x[j] + ${k};\n}\n`;

/** Sizes by finding start, and the same computed from fresh spec objects (nothing remembered). */
function sizes(text: string, findings: Finding[]): { remembered: Record<number, number[]>; fresh: Record<number, number[]> } {
  const remembered = codeSizesOf("/memo.ts", text, findings);
  const fresh = findings.map((f) => (f.bench ? { ...f, bench: { ...f.bench } } : f));
  const computed = codeSizesOf("/memo.ts", text, fresh);
  return {
    remembered: Object.fromEntries(findings.filter((f) => f.bench).map((f) => [f.start, remembered.get(f)!])),
    fresh: Object.fromEntries(fresh.filter((f) => f.bench).map((f) => [f.start, computed.get(f)!])),
  };
}

test("remembered sizes follow local edits (carried findings) and non-local ones (new findings)", () => {
  const engine = new Engine();
  const texts = [source(4096, 1), source(4096, 2) + "\n", source(64, 2), source(64, 3)];
  const scopes: string[] = [];
  let sawSmall = false;
  for (const text of texts) {
    const result = engine.analyze("/memo.ts", text, OPTIONS);
    scopes.push(result.timings?.scope ?? "?");
    const { remembered, fresh } = sizes(text, result.findings);
    assert.deepEqual(remembered, fresh);
    sawSmall ||= Object.values(fresh).some((s) => s.includes(64));
  }
  // the call-site size changed through a non-local edit, and the local edits carried the scale finding
  assert.ok(sawSmall);
  assert.ok(scopes.includes("function"), scopes.join());
});
