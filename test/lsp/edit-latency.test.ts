// Edits in the server: only the edited document is re-analysed, a newer edit supersedes a pending
// analysis (intermediate versions are never published after a newer one), 200 rapid edits end in the
// engine's diagnostics for the final text (dist/server.js over stdio), and the debounce follows the
// document's analysis time (in process, with a fake engine), so a quick analysis is not held back.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import {
  DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, InitializeRequest, InitializedNotification,
  StreamMessageReader, StreamMessageWriter, createMessageConnection, type Diagnostic,
} from "vscode-languageserver/node";
import { Engine, type AnalyzeResult } from "../../server/engine/index";
import { findingToDiagnostic } from "../../server/lsp/convert";
import { MIN_DEBOUNCE_MS, debounceAfterChange, type EngineLike } from "../../server/lsp/server";
import { CLIENT_CAPABILITIES, RecordingClient, inProcessServer } from "./harness";

const repo = path.resolve(__dirname, "..", "..");
const serverJs = path.join(repo, "dist", "server.js");

/** `n` element-wise loops; `constant` changes with every edit, `drop` leaves the last loop out. */
function source(n: number, constant: number, drop = false): string {
  const out: string[] = [];
  for (let i = 0; i < (drop ? n - 1 : n); i++) {
    out.push(`export function add${i}(x: Float64Array, y: Float64Array): void {`, `  for (let i = 0; i < x.length; i++) y[i] = x[i] + ${constant + i};`, "}");
  }
  return out.join("\n") + "\n";
}

describe("edits in dist/server.js over stdio", () => {
  let child: ChildProcessWithoutNullStreams;
  let client: RecordingClient;
  let workspace: string;

  before(async () => {
    if (!fs.existsSync(serverJs)) {
      const built = spawnSync("npm", ["run", "build:server", "--silent"], { cwd: repo, encoding: "utf8" });
      assert.equal(built.status, 0, `npm run build:server failed:\n${built.stderr}`);
    }
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), "arraylint-edits-"));
    child = spawn(process.execPath, [serverJs, "--stdio"], { cwd: workspace });
    const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    client = new RecordingClient(conn);
    conn.listen();
    await conn.sendRequest(InitializeRequest.type, {
      processId: process.pid, rootUri: pathToFileURL(workspace).href, workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: "ws" }],
      capabilities: CLIENT_CAPABILITIES,
    });
    await conn.sendNotification(InitializedNotification.type, {});
  });
  after(() => {
    if (child.exitCode === null) child.kill();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test("200 rapid edits of one document: the final text's diagnostics, no stale version after a newer one, the other document untouched", async () => {
    const conn = client.connection;
    const edited = pathToFileURL(path.join(workspace, "edited.ts")).href;
    const other = pathToFileURL(path.join(workspace, "other.ts")).href;
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: other, languageId: "typescript", version: 1, text: source(3, 50) } });
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: edited, languageId: "typescript", version: 1, text: source(6, 0) } });
    await client.until("both documents' diagnostics", () => client.diagnosticsFor(other, 1) && client.diagnosticsFor(edited, 1), 60_000);
    const otherPublished = client.diagnostics.get(other)!.length;
    const editedPublished = client.diagnostics.get(edited)!.length;
    const EDITS = 200;
    let final = "";
    for (let v = 2; v <= EDITS + 1; v++) {
      final = source(6, v, v === EDITS + 1);
      void conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: edited, version: v }, contentChanges: [{ text: final }] });
    }
    const published = await client.until("the last version's diagnostics", () => client.diagnosticsFor(edited, EDITS + 1), 60_000);
    const expected = new Engine({ rootDir: workspace }).analyze(path.join(workspace, "edited.ts"), final, { runtimeImport: "@arraylint/runtime" }).findings.map(findingToDiagnostic);
    const key = (d: Diagnostic) => JSON.stringify([d.code, d.range, d.message]);
    assert.equal(expected.length, 5, "the last edit dropped one of six loops");
    assert.deepEqual(published.diagnostics.map(key), expected.map(key));
    // stale versions are superseded: far fewer analyses published than edits (counted once the server is quiet), never one older than the last
    await new Promise((resolve) => setTimeout(resolve, 500));
    const during = client.diagnostics.get(edited)!.slice(editedPublished);
    assert.ok(during.length < EDITS / 4, `${during.length} publications for ${EDITS} edits`);
    const versions = during.map((p) => p.version!);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), `published in order: ${versions.join(", ")}`);
    assert.equal(versions.at(-1), EDITS + 1);
    // only the edited document was re-analysed
    assert.equal(client.diagnostics.get(other)!.length, otherPublished, "the other open document was not re-published");
  });
});

describe("the debounce after a change: the median of the document's last edit analyses, else its last whole-file one; as the engine expects", () => {
  const LONGEST = 150;
  const cases: Array<{ name: string; times: Parameters<typeof debounceAfterChange>[0]; expected?: "local" | "whole"; want: number }> = [
    { name: "nothing analysed yet", times: undefined, want: LONGEST },
    { name: "a quick opening", times: { wholeMs: 40, editMs: [] }, want: MIN_DEBOUNCE_MS },
    { name: "a slow opening, no edit yet", times: { wholeMs: 2000, editMs: [] }, want: LONGEST },
    { name: "a slow opening, then a quick edit", times: { wholeMs: 2000, editMs: [30] }, want: MIN_DEBOUNCE_MS },
    { name: "one slow edit among quick ones", times: { wholeMs: 2000, editMs: [30, 400, 25] }, want: MIN_DEBOUNCE_MS },
    { name: "slow edits", times: { wholeMs: 40, editMs: [300, 30, 400] }, want: LONGEST },
    { name: "edits a little over the quick bound", times: { editMs: [120, 130] }, want: 125 },
    // the engine says the change stays inside one function: the first keystroke after opening a large file
    { name: "a slow opening, no edit yet, a local edit expected", times: { wholeMs: 2000, editMs: [] }, expected: "local", want: MIN_DEBOUNCE_MS },
    { name: "slow local edits, a local edit expected", times: { wholeMs: 2000, editMs: [300, 400] }, expected: "local", want: LONGEST },
    // ...or that it is the whole file's (typing in module-level code after quick edits inside functions)
    { name: "quick edits, a whole-file analysis expected", times: { wholeMs: 2000, editMs: [30, 25] }, expected: "whole", want: LONGEST },
    { name: "a quick file, a whole-file analysis expected", times: { wholeMs: 40, editMs: [30] }, expected: "whole", want: MIN_DEBOUNCE_MS },
  ];
  for (const c of cases) {
    test(c.name, () => assert.equal(debounceAfterChange(c.times, LONGEST, c.expected), c.want));
  }
});

describe("the debounce follows the document's analysis time (in process, fake engine)", () => {
  test("after a quick analysis an edit is published without waiting for the longest debounce", async () => {
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), "arraylint-debounce-"));
    const calls: string[] = [];
    const engine: EngineLike = {
      analyze: (_file: string, text: string): AnalyzeResult => {
        calls.push(text);
        return { findings: [], explanations: [], notes: [] };
      },
      forget: () => {},
    };
    // a minute's longest debounce: only the adaptive one publishes the edit within the wait below
    const { conn, client, close } = await inProcessServer(workspace, { createEngine: () => engine, debounceMs: 60_000 });
    try {
      const uri = pathToFileURL(path.join(workspace, "quick.ts")).href;
      await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "typescript", version: 1, text: "const a = 1;\n" } });
      await client.until("v1", () => client.diagnosticsFor(uri, 1));
      for (let v = 2; v <= 6; v++) {
        void conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: v }, contentChanges: [{ text: `const a = ${v};\n` }] });
      }
      await client.until("v6 within 10 s", () => client.diagnosticsFor(uri, 6), 10_000);
      // a burst sent at once is still analysed once (the shortest debounce), never per version
      assert.ok(calls.length < 6, `analysed ${calls.length} times for 1 open + 5 edits`);
    } finally {
      await close();
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  });
});
