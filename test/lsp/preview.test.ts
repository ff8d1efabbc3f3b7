// A large document's first diagnostics are those of its first lines (Engine.preview), published before
// the whole file's; the whole file's repeat every one of them (nothing shown goes away). Small documents,
// and documents already published (a settings change re-analyses them), get the whole analysis only.
// In process, with the real engine.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { DidChangeConfigurationNotification, DidOpenTextDocumentNotification, type Diagnostic } from "vscode-languageserver/node";
import { Engine, LineMap } from "../../server/engine/index";
import { PREVIEW_LINES, PREVIEW_MIN_LINES } from "../../server/lsp/server";
import { inProcessServer } from "./harness";

/** `n` functions of five lines, each with one element-wise loop. */
function source(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(`export function add${i}(x: Float64Array, y: Float64Array): void {`, "  for (let i = 0; i < x.length; i++) {", `    y[i] = x[i] + ${i};`, "  }", "}");
  }
  return out.join("\n") + "\n";
}

const key = (d: Diagnostic) => JSON.stringify([d.code, d.range, d.message, d.severity]);

test("a large document shows its first lines' findings first, then all of them; a small one and a re-analysis show all at once", async () => {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), "arraylint-preview-"));
  const { conn, client, close } = await inProcessServer(workspace);
  try {
    const largeText = source(120);
    assert.ok(new LineMap(largeText).lineCount > PREVIEW_MIN_LINES);
    const whole = new Engine({ rootDir: workspace }).analyze(path.join(workspace, "large.ts"), largeText, { runtimeImport: "@arraylint/runtime" }).findings;
    assert.equal(whole.length, 120, "one finding per function (the case is live)");
    const large = pathToFileURL(path.join(workspace, "large.ts")).href;
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: large, languageId: "typescript", version: 1, text: largeText } });
    await client.until("all of the large document's diagnostics", () => client.diagnosticsFor(large, 1)?.diagnostics.length === whole.length, 60_000);
    const [first, ...rest] = client.diagnostics.get(large)!;
    assert.equal(rest.length, 1, "two publications: the preview, then the whole file");
    assert.ok(first.diagnostics.length > 0 && first.diagnostics.length < whole.length, `the preview has ${first.diagnostics.length} of ${whole.length}`);
    assert.ok(first.diagnostics.every((d) => d.range.start.line < PREVIEW_LINES), "all in the first lines");
    assert.equal(first.diagnostics.length, Math.ceil(PREVIEW_LINES / 5), "every function that starts in the first lines");
    const all = new Set(rest[0].diagnostics.map(key));
    assert.ok(first.diagnostics.every((d) => all.has(key(d))), "the whole file's diagnostics repeat the preview's");

    const small = pathToFileURL(path.join(workspace, "small.ts")).href;
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: small, languageId: "typescript", version: 1, text: source(3) } });
    await client.until("the small document's diagnostics", () => client.diagnosticsFor(small, 1), 60_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(client.diagnostics.get(small)!.length, 1, "a small document is published once");
    assert.equal(client.diagnostics.get(small)![0].diagnostics.length, 3);

    // a settings change re-analyses every document: the large one is shown whole, never cut back to a preview
    const before = client.diagnostics.get(large)!.length;
    await conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await client.until("the large document re-published", () => client.diagnostics.get(large)!.length > before, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = client.diagnostics.get(large)!.slice(before);
    assert.deepEqual(after.map((p) => p.diagnostics.length), [whole.length], "one publication, whole");
  } finally {
    await close();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
});
