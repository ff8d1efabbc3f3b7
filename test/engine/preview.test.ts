// Engine.preview: the findings of a file's first lines, published by the server before the whole
// file's. Whatever it reports, the whole analysis must report too (else a diagnostic would show and then
// vanish), and it must not change what the whole analysis then finds. Checked on generated numeric files
// and on real numeric code (examples/ and the shared corpus), and each refusal on the case it exists for.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Engine, LineMap, type AnalyzeOptions, type AnalyzeResult } from "../../server/engine/index";
import { SEEDS } from "../fuzz/inputs";

const OPTIONS: AnalyzeOptions = { runtimeImport: "@arraylint/runtime", budgetMs: 60_000 };

const scale = (i: number) => `export function scale${i}(x: Float64Array, y: Float64Array, k: number): void {\n  for (let j = 0; j < x.length; j++) {\n    y[j] = x[j] * k + ${i};\n  }\n}\n`;
const total = (i: number) => `export function total${i}(x: Float64Array): number {\n  let s = 0;\n  for (let j = 0; j < x.length; j++) s += x[j];\n  return s;\n}\n`;
const numeric = (n: number) => Array.from({ length: n }, (_, i) => scale(i) + total(i)).join("");

function comparable(r: AnalyzeResult): unknown {
  return { findings: r.findings, explanations: r.explanations, notes: r.notes };
}

/** The preview of the first `lineCount` lines, then the whole analysis, in one engine; and the whole analysis in a fresh one. */
function previewThenWhole(path: string, text: string, lineCount: number, options = OPTIONS) {
  const engine = new Engine();
  const preview = engine.preview(path, text, options, lineCount);
  const whole = engine.analyze(path, text, options);
  const reference = new Engine().analyze(path, text, options);
  return { preview, whole, reference };
}

test("a numeric file: the preview is exactly the whole analysis's findings in the functions that start in the first lines", () => {
  const text = numeric(40);
  const lines = new LineMap(text);
  for (const lineCount of [1, 10, 100, 1000]) {
    const { preview, whole, reference } = previewThenWhole("/ws/numeric.ts", text, lineCount);
    assert.ok(preview, `a preview of ${lineCount} lines`);
    assert.equal(preview.timings?.scope, "preview");
    assert.deepEqual(comparable(whole), comparable(reference), "the whole analysis after a preview is the whole analysis");
    // every function starts on a line `export function`, right after the one before: those starting before
    // lineCount are previewed, as long as they end in the first quarter of the text
    const starts = [...text.matchAll(/^export function/gm)].map((m) => m.index!);
    const ends = [...starts.slice(1), text.length];
    const cut = starts.find((s, k) => lines.positionAt(s).line >= lineCount || ends[k] > text.length / 4) ?? text.length;
    assert.deepEqual(preview.findings, reference.findings.filter((f) => f.start < cut), `the findings before offset ${cut}`);
    if (lineCount >= 10) assert.ok(preview.findings.length > 0);
  }
});

test("real numeric code: whatever the preview reports, the whole analysis reports the same, and is unchanged by it", () => {
  let previewed = 0;
  for (const seed of SEEDS) {
    const path = `/ws/${seed.name.replace(/[^\w.]/g, "_")}`;
    for (const lineCount of [20, 80]) {
      const { preview, whole, reference } = previewThenWhole(path, seed.text, lineCount);
      assert.deepEqual(comparable(whole), comparable(reference), `${seed.name}: the whole analysis after a preview of ${lineCount} lines`);
      if (!preview) continue;
      const all = new Set(reference.findings.map((f) => JSON.stringify(f)));
      for (const f of preview.findings) assert.ok(all.has(JSON.stringify(f)), `${seed.name}: the preview's ${f.ruleId} at ${f.start} is a finding of the whole analysis`);
      assert.deepEqual(preview.notes, [], "a preview has no notes");
      previewed += preview.findings.length;
    }
  }
  assert.ok(previewed > 0, "some real code was previewed with findings");
});

test("a function that reads the module's names is left to the whole analysis", () => {
  // `fill` reads the module-level K: what the rules make of it may depend on the rest of the file
  const text = "const K = 3;\nexport function fill(x: Float64Array, y: Float64Array): void {\n  for (let i = 0; i < x.length; i++) y[i] = x[i] * K;\n}\n" + scale(0) + numeric(8).replace(/(scale|total)(\d)/g, "$1_$2");
  const { preview, reference } = previewThenWhole("/ws/module.ts", text, 100);
  assert.ok(preview);
  const fillEnd = text.indexOf("export function scale0(");
  assert.ok(reference.findings.some((f) => f.start < fillEnd), "the whole analysis has a finding in fill (the case is live)");
  assert.ok(preview.findings.every((f) => f.start >= fillEnd), "the preview has none there");
  assert.ok(preview.findings.some((f) => f.start >= fillEnd), "scale0 is previewed");
});

test("the preview analyses a quarter of the file at most: a long first function is left to the whole analysis", () => {
  // one function as long as the rest of the file: previewing it would analyse it twice
  const long = `export function long(x: Float64Array, y: Float64Array): void {\n${"  for (let j = 0; j < x.length; j++) y[j] = x[j] * 2;\n".repeat(60)}}\n`;
  const text = long + numeric(4);
  const { preview, reference } = previewThenWhole("/ws/long.ts", text, 100);
  assert.ok(reference.findings.some((f) => f.start < long.length), "the whole analysis has findings in it (the case is live)");
  assert.deepEqual(preview?.findings ?? [], [], "nothing previewed");
  const short = numeric(1) + long + numeric(4);
  const after = previewThenWhole("/ws/short-first.ts", short, 100);
  assert.ok(after.preview && after.preview.findings.length > 0 && after.preview.findings.every((f) => f.start < numeric(1).length), "the functions before it are");
});

test("no preview when the whole analysis has a note to say first", () => {
  const engine = new Engine();
  assert.equal(engine.preview("/ws/broken.ts", numeric(3) + "export function (", OPTIONS, 100), undefined, "a syntax error");
  assert.equal(engine.preview("/ws/gen.ts", "// @generated\n" + numeric(3), OPTIONS, 100), undefined, "generated code");
  assert.equal(engine.preview("/ws/budget.ts", numeric(3), { ...OPTIONS, budgetMs: 0 }, 100), undefined, "a budget that runs out");
});
