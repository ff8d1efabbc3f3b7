// The position model (server/engine/positions.ts) against LSP's own (vscode-languageserver-textdocument),
// and the engine's findings, fixes and disable comments through it: the BOM and U+2028 regressions of
// issue 14 as rows.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { TextDocument } from "vscode-languageserver-textdocument";
import { Engine, LineMap, applyEdits, type AnalyzeOptions } from "../../server/engine/index";
import { findingActions } from "../../server/lsp/codeActions";
import { toLspEdits } from "../../server/lsp/convert";
import type { TextDocumentEdit, TextEdit } from "vscode-languageserver/node";

const OPTS: AnalyzeOptions = { runtimeImport: "arraylint/runtime" };

/** Characters that trip position code: every line break LSP knows, the ones it does not, a BOM, a surrogate pair. */
const tricky = fc.constantFrom("a", " ", "\t", "\n", "\r", "\r\n", "\u2028", "\u2029", "\u0085", "\uFEFF", "😀", "é");
const trickyText = fc.array(tricky, { maxLength: 40 }).map((parts) => parts.join(""));

describe("LineMap follows LSP's TextDocument", () => {
  test("positionAt, offsetAt and lineCount agree on random texts (fast-check)", () => {
    fc.assert(
      fc.property(trickyText, fc.array(fc.record({ line: fc.integer({ min: -1, max: 12 }), character: fc.integer({ min: -1, max: 12 }) }), { maxLength: 8 }), (text, positions) => {
        const doc = TextDocument.create("file:///p.ts", "typescript", 0, text);
        const lines = new LineMap(text);
        assert.equal(lines.lineCount, doc.lineCount);
        for (let o = -1; o <= text.length + 1; o++) assert.deepEqual(lines.positionAt(o), doc.positionAt(o), `offset ${o} of ${JSON.stringify(text)}`);
        for (const p of positions) assert.equal(lines.offsetAt(p), doc.offsetAt(p), `${JSON.stringify(p)} in ${JSON.stringify(text)}`);
        for (let line = 0; line < lines.lineCount; line++) {
          const range = { start: { line, character: 0 }, end: { line, character: Number.MAX_SAFE_INTEGER } };
          assert.equal(lines.lineText(line), doc.getText(range));
        }
      }),
      { numRuns: 500 },
    );
  });

  test("U+2028, U+2029 and NEL are not line breaks; \\r\\n, \\r and \\n are", () => {
    const lines = new LineMap("a\u2028b\u2029c\u0085d\re\r\nf\ng");
    assert.equal(lines.lineCount, 4);
    assert.deepEqual(lines.positionAt("a\u2028b\u2029c\u0085d\re".length), { line: 1, character: 1 });
    assert.equal(lines.lineText(0), "a\u2028b\u2029c\u0085d");
    assert.equal(new LineMap("x\r\ny").lineBreak(), "\r\n");
    assert.equal(new LineMap("x\ry").lineBreak(), "\r");
    assert.equal(new LineMap("x").lineBreak(), "\n");
  });
});

const ADD_TEN = [
  "export function addTen(x: Float64Array, y: Float64Array): void {",
  "  for (let i = 0; i < x.length; i++) y[i] = x[i] + 10;",
  "}",
  "",
].join("\n");
const LOOP = "for (let i = 0; i < x.length; i++) y[i] = x[i] + 10;";

/** Applies one code action's edits the way an LSP client does. */
function applyAction(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create("untitled:Untitled-1", "typescript", 1, text), edits);
}

function actionsFor(text: string, engine = new Engine()) {
  const result = engine.analyze("/virtual/untitled.ts", text, OPTS);
  const lines = new LineMap(text);
  const doc = TextDocument.create("untitled:Untitled-1", "typescript", 1, text);
  const whole = { start: { line: 0, character: 0 }, end: { line: lines.lineCount, character: 0 } };
  const actions = findingActions({ doc, lines, findings: result.findings, documentChanges: true }, whole, undefined);
  const editsOf = (title: RegExp) => {
    const action = actions.find((a) => title.test(a.title));
    assert.ok(action, `no action ${title} among ${actions.map((a) => a.title).join(", ")}`);
    return (action.edit!.documentChanges![0] as TextDocumentEdit).edits as TextEdit[];
  };
  return { result, lines, editsOf };
}

describe("engine positions: issue 14 regressions", () => {
  test("a buffer that starts with a BOM: the finding selects the loop and the quick-fix lands on it (was one character early)", () => {
    const text = "\uFEFF" + ADD_TEN;
    const { result, lines, editsOf } = actionsFor(text);
    assert.equal(result.findings.length, 1);
    const [f] = result.findings;
    assert.equal(text.slice(f.start, f.end), LOOP);
    assert.equal(TextDocument.create("untitled:u", "typescript", 1, text).getText(f.range), LOOP);
    const fixed = applyAction(text, editsOf(/nd\.add|Replace|Rewrite/i));
    assert.equal(fixed, applyEdits(text, f.fix!.edits), "LSP edits and engine edits give the same text");
    assert.ok(fixed.startsWith("\uFEFFimport * as nd from"), `the BOM stays first, the import after it:\n${JSON.stringify(fixed.slice(0, 60))}`);
    assert.ok(!fixed.includes(LOOP) && fixed.includes("nd.add(x, 10"), fixed);
    assert.equal(fixed.replace(/^\uFEFF/, "").replace(/^import[^\n]*\n\n/, "").replace(/nd\.add\([^;]*\);/, LOOP), ADD_TEN, "nothing else changed (no stray character)");
    assert.deepEqual(lines.positionAt(f.start), f.range.start);
  });

  test("the same BOM text analysed twice at one path gives the same offsets (ts-morph kept the BOM on overwrite)", () => {
    const engine = new Engine();
    const text = "\uFEFF" + ADD_TEN;
    const first = engine.analyze("/virtual/bom.ts", text, OPTS);
    const second = engine.analyze("/virtual/bom.ts", text, OPTS);
    assert.deepEqual({ ...second, timings: undefined }, { ...first, timings: undefined });
  });

  test("a U+2028 in a comment: the finding is on the line LSP shows, and the disable comment suppresses it", () => {
    // (in a block comment: a `//` comment ends at U+2028, JavaScript's line terminator)
    const text = "/* a line separator \u2028 inside a comment */\n" + ADD_TEN;
    const { result, editsOf } = actionsFor(text);
    assert.equal(result.findings.length, 1);
    const [f] = result.findings;
    assert.equal(f.range.start.line, 2, "TypeScript counts the U+2028 as a line break and said 3");
    assert.equal(TextDocument.create("untitled:u", "typescript", 1, text).getText(f.range), LOOP);
    const disabled = applyAction(text, editsOf(/^Disable arraylint elementwise-loop/));
    assert.equal(disabled.split("\n")[2], "  // arraylint-disable-next-line elementwise-loop");
    assert.equal(new Engine().analyze("/virtual/untitled.ts", disabled, OPTS).findings.length, 0, "the inserted comment suppresses the finding");
  });

  test("lone CR line breaks: ranges, the quick-fix and the disable comment (which keeps the file's \\r)", () => {
    const text = "// header\r" + ADD_TEN.replace(/\n/g, "\r");
    const { result, editsOf } = actionsFor(text);
    assert.equal(result.findings.length, 1);
    const [f] = result.findings;
    assert.equal(f.range.start.line, 2);
    const disabled = applyAction(text, editsOf(/^Disable/));
    assert.ok(disabled.includes("\r  // arraylint-disable-next-line elementwise-loop\r  for"), JSON.stringify(disabled));
    assert.equal(new Engine().analyze("/virtual/untitled.ts", disabled, OPTS).findings.length, 0);
  });

  for (const [name, opener, closer] of [
    ["a block comment with a lone CR in it (found by fuzz:analyzer)", "/* \r", " */ "],
    ["a template literal", "void `\n", "`; "],
  ]) {
    test(`a finding whose line starts inside ${name}: the disable comment goes on the statement, not into the ${name.split(" ")[1]}`, () => {
      const text = ADD_TEN.replace("  for", `  ${opener}${closer}for`);
      const { result, editsOf } = actionsFor(text);
      assert.equal(result.findings.length, 1);
      const disabled = applyAction(text, editsOf(/^Disable/));
      assert.ok(disabled.includes(`${closer}/* arraylint-disable-line elementwise-loop */ for`), JSON.stringify(disabled));
      assert.equal(new Engine().analyze("/virtual/untitled.ts", disabled, OPTS).findings.length, 0);
    });
  }

  test("astral characters and tabs before the loop count as UTF-16 code units", () => {
    const text = ADD_TEN.replace("  for", "\t/* 😀😀 */ for");
    const engine = new Engine();
    const [f] = engine.analyze("/virtual/astral.ts", text, OPTS).findings;
    assert.deepEqual(f.range.start, { line: 1, character: 12 });
    const lsp = toLspEdits(new LineMap(text), f.fix!.edits);
    assert.equal(applyAction(text, lsp), applyEdits(text, f.fix!.edits));
  });
});
