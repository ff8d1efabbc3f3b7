// source.fixAll.arraylint's time budget (codeActions.ts withinBudget) with the engine's real fixpoint
// (applySafeFixes): a pass starts only while the budget lasts and nobody cancelled. A fake engine whose
// fixes all overlap needs one pass per fix, and a fake clock advances 400 ms per analysis.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { applySafeFixes, type AnalyzeResult, type Engine, type Finding } from "../../server/engine/index";
import { withinBudget } from "../../server/lsp/codeActions";

function overlappingFixesEngine(clock: { now: number }) {
  return {
    analyze(_file: string, text: string): AnalyzeResult {
      clock.now += 400;
      const findings: Finding[] = [];
      for (let p = text.indexOf("A"); p >= 0; p = text.indexOf("A", p + 1)) {
        const fixed = text.slice(0, p) + "B" + text.slice(p + 1);
        findings.push({
          ruleId: "elementwise-loop", messageId: "m", message: "A", severity: "warning", start: p, end: p + 1,
          range: { start: { line: 0, character: p }, end: { line: 0, character: p + 1 } },
          // every fix rewrites the whole line: they overlap, so each pass applies one
          fix: { title: "A → B", safe: true, edits: [{ start: 0, end: text.length, newText: fixed }], addImports: [] },
        });
      }
      return { findings, explanations: [], notes: [] };
    },
  } as unknown as Engine;
}

describe("fix-all within a time budget", () => {
  test("without a budget every pass runs; with 1500 ms only the passes that start in time", () => {
    const unlimited = { now: 0 };
    assert.equal(applySafeFixes(overlappingFixesEngine(unlimited), "/a.ts", "AAAAAAAA", undefined, () => true).text, "BBBBBBBB");
    const clock = { now: 0 };
    const accept = withinBudget(() => true, 1500, () => false, () => clock.now);
    const r = applySafeFixes(overlappingFixesEngine(clock), "/a.ts", "AAAAAAAA", undefined, accept);
    // passes start after analyses at 400, 800 and 1200 ms; the one at 1600 ms does not
    assert.equal(r.text, "BBBAAAAA");
    assert.equal(r.applied, 3);
  });

  test("a cancelled request starts no further pass, and the inner filter still decides", () => {
    const clock = { now: 0 };
    let cancelled = false;
    const accept = withinBudget((f) => { cancelled = true; return f.start !== 1; }, 1e9, () => cancelled, () => clock.now);
    assert.equal(applySafeFixes(overlappingFixesEngine(clock), "/a.ts", "AAAA", undefined, accept).text, "BAAA");
    const skipSecond = withinBudget((f) => f.start !== 0, 1e9);
    assert.equal(applySafeFixes(overlappingFixesEngine({ now: 0 }), "/a.ts", "AA", undefined, skipSecond).text, "AB");
  });
});
