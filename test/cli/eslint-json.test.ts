// ESLint JSON output (issue 9 item 5): safe fixes are `fix`, refactors are `suggestions`
// ({ desc, fix }); the fixes of one file do not overlap, so ESLint's one-pass fixer applies them all.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ts } from "ts-morph";
import { Engine, applySafeFixes } from "../../server/engine/index";
import { toEslintResults } from "../../server/format/eslint-json";

const OPTS = { runtimeImport: "arraylint/runtime" };
const SOURCE = `export function scale(x: Float64Array): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    y[i] = x[i] * 2;
  }
  return y;
}

export function shift(x: Float64Array): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    y[i] = x[i] + 1;
  }
  return y;
}

export function total(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    s += x[i];
  }
  return s;
}
`;

/** ESLint's SourceCodeFixer: sort by range, skip a fix starting before the previous one ended. */
function applyOnePass(text: string, fixes: Array<{ range: [number, number]; text: string }>): { output: string; skipped: number } {
  let output = "";
  let last = 0;
  let skipped = 0;
  for (const f of [...fixes].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1])) {
    if (f.range[0] < last) {
      skipped++;
      continue;
    }
    output += text.slice(last, f.range[0]) + f.text;
    last = f.range[1];
  }
  return { output: output + text.slice(last), skipped };
}

function parses(text: string, fileName: string): boolean {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  return ((sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics ?? []).length === 0;
}

test("safe fixes of one file apply together in one pass and give what --fix gives; refactors are suggestions", () => {
  const engine = new Engine();
  const { findings } = engine.analyze("/v/ops.ts", SOURCE, OPTS);
  const [result] = toEslintResults([{ filePath: "/v/ops.ts", text: SOURCE, findings }]);
  const fixes = result.messages.flatMap((m) => (m.fix ? [m.fix] : []));
  assert.equal(fixes.length, 2, "the two element-wise loops have safe fixes");
  const { output, skipped } = applyOnePass(SOURCE, fixes);
  assert.equal(skipped, 0, "no fix overlaps another");
  assert.equal(output, applySafeFixes(new Engine(), "/v/ops.ts", SOURCE, OPTS).text);
  assert.equal(output.match(/import \* as nd/g)?.length, 1, "the shared import is written once");

  const sum = result.messages.find((m) => m.ruleId === "manual-reduction");
  assert.ok(sum, "the float sum is reported");
  assert.equal(sum.fix, undefined, "a reassociating sum is not a safe fix");
  assert.equal(sum.suggestions?.length, 1);
  assert.match(sum.suggestions[0].desc, /nd\.sum\(x\).*last bits/);
  // a suggestion applies on its own, runtime import included
  const alone = applyOnePass(SOURCE, [sum.suggestions[0].fix]).output;
  assert.match(alone, /^import \* as nd from "arraylint\/runtime";/);
  assert.ok(parses(alone, "ops.ts"));
  assert.equal(result.messages.every((m) => typeof m.messageId === "string" && m.messageId.length > 0), true, "every finding names its message");
});
