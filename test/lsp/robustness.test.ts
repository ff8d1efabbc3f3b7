// dist/server.js under abuse, over stdio like any client: runBenchmark naming a FIFO or /dev/zero answers
// with an error within a second and the server keeps answering; malformed requests and bodies get errors
// or are logged, never a crash; 1,000 rapid edits end in exactly the findings the engine gives the final
// text; information diagnostics tell about a file the engine could not (fully) analyse.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import {
  CodeActionRequest,
  CodeLensRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  InitializeRequest,
  InitializedNotification,
  StreamMessageReader,
  StreamMessageWriter,
  createMessageConnection,
  type Diagnostic,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { Engine } from "../../server/engine/index";
import { findingToDiagnostic } from "../../server/lsp/convert";
import { CLIENT_CAPABILITIES, RecordingClient } from "./harness";

const repo = path.resolve(__dirname, "..", "..");
const serverJs = path.join(repo, "dist", "server.js");

const SOURCE = [
  "export function addTen(x: Float64Array, y: Float64Array): void {",
  "  for (let i = 0; i < x.length; i++) y[i] = x[i] + 10;",
  "}",
  "",
].join("\n");

describe("dist/server.js under abuse", () => {
  let child: ChildProcessWithoutNullStreams;
  let client: RecordingClient;
  let workspace: string;
  let stderr = "";

  before(async () => {
    if (!fs.existsSync(serverJs)) {
      const built = spawnSync("npm", ["run", "build:server", "--silent"], { cwd: repo, encoding: "utf8" });
      assert.equal(built.status, 0, `npm run build:server failed:\n${built.stderr}`);
    }
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), "arraylint-abuse-"));
    child = spawn(process.execPath, [serverJs, "--stdio"], { cwd: workspace });
    child.stderr.on("data", (d) => (stderr += d));
    const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    client = new RecordingClient(conn);
    conn.listen();
    await conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(workspace).href,
      workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: "ws" }],
      capabilities: CLIENT_CAPABILITIES,
      initializationOptions: { trusted: true },
    });
    await conn.sendNotification(InitializedNotification.type, {});
  });

  after(() => {
    if (child.exitCode === null) child.kill();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  /** The server still answers: a code-lens request on an open document comes back. */
  async function stillAnswers(): Promise<void> {
    const uri = pathToFileURL(path.join(workspace, "alive.ts")).href;
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "typescript", version: 1, text: SOURCE } });
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    assert.ok(Array.isArray(lenses));
    assert.equal(child.exitCode, null, `the server is running; stderr:\n${stderr}`);
  }

  async function benchmarkFails(file: string, message: RegExp): Promise<void> {
    const t0 = performance.now();
    await assert.rejects(
      client.connection.sendRequest(ExecuteCommandRequest.type, { command: "arraylint.runBenchmark", arguments: [pathToFileURL(file).href, 1] }),
      message,
    );
    const ms = performance.now() - t0;
    assert.ok(ms < 1000, `answered after ${ms.toFixed(0)} ms`);
    await stillAnswers();
  }

  test("runBenchmark naming a FIFO answers with an error within 1 s, and the server answers the next request", async (t) => {
    // named pipes are a POSIX thing: skipped on Windows only, elsewhere a missing mkfifo fails the test
    if (process.platform === "win32") {
      t.skip("no mkfifo on Windows");
      return;
    }
    const fifo = path.join(workspace, "pipe.ts");
    execFileSync("mkfifo", [fifo]);
    await benchmarkFails(fifo, /FIFO/);
  });

  test("runBenchmark naming /dev/zero or a file over the size cap: an error, at once", async () => {
    if (fs.existsSync("/dev/zero")) await benchmarkFails("/dev/zero", /character device/);
    const big = path.join(workspace, "big.ts");
    fs.writeFileSync(big, SOURCE + "// padding\n".repeat(300_000));
    await benchmarkFails(big, /over the 2 MB file size limit/);
  });

  test("malformed requests get errors, malformed bodies are logged; the server lives on", async () => {
    const conn = client.connection;
    await assert.rejects(conn.sendRequest("arraylint/noSuchMethod", {}), /Unhandled method|not found/i);
    await assert.rejects(conn.sendRequest(ExecuteCommandRequest.type, { command: "arraylint.runBenchmark", arguments: 5 } as never));
    await assert.rejects(conn.sendRequest(ExecuteCommandRequest.type, { command: "arraylint.runBenchmark", arguments: ["file:///%zz", 1] }), /not a file URI|cannot|no arraylint/);
    await assert.rejects(conn.sendRequest(ExecuteCommandRequest.type, { command: "nope" }), /no command/);
    await assert.rejects(conn.sendRequest("textDocument/codeAction", null), /parameters/);
    await assert.rejects(conn.sendRequest("textDocument/codeAction", {}), /textDocument\.uri must be a string/);
    await assert.rejects(conn.sendRequest("textDocument/codeLens", { textDocument: { uri: 42 } }), /textDocument\.uri must be a string/);
    // a code-action request without a range or context answers with nothing rather than an error
    assert.deepEqual(await conn.sendRequest("textDocument/codeAction", { textDocument: { uri: "file:///not-open.ts" } }), []);
    const uri = pathToFileURL(path.join(workspace, "odd.ts")).href;
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "typescript", version: 1, text: SOURCE } });
    assert.ok(Array.isArray(await conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: { start: { line: -5, character: -1 }, end: { line: 1e9, character: 1e9 } }, context: { diagnostics: [] },
    })));
    await conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: "file:///never-opened.ts", version: 2 }, contentChanges: [{ text: "x" }] });
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: "file:///no-text.ts", languageId: "typescript", version: 1 } } as never);
    // bodies that are not JSON, or JSON that is not JSON-RPC
    for (const body of ["{not json", "[]", '{"jsonrpc":"2.0","method":42}', "null"]) {
      child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    }
    await stillAnswers();
  });

  test("1,000 rapid edits end in exactly the diagnostics the engine gives the final text", async () => {
    const uri = pathToFileURL(path.join(workspace, "typing.ts")).href;
    const conn = client.connection;
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "typescript", version: 1, text: "" } });
    const model = TextDocument.create(uri, "typescript", 1, "");
    // type the source one character at a time, with a typo fixed every 50 characters and line endings in CRLF
    const target = "\uFEFF/* \u2028 */\r\n" + SOURCE.replace(/\n/g, "\r\n") + SOURCE.replace("addTen", "addTwenty").replace("+ 10", "+ 20");
    let version = 1;
    const edit = (start: number, end: number, text: string) => {
      const change = { range: { start: model.positionAt(start), end: model.positionAt(end) }, text };
      TextDocument.update(model, [change], ++version);
      void conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
    };
    for (let i = 0; i < target.length && version < 1000; i++) {
      const end = model.getText().length;
      edit(end, end, target[i]);
      if (i % 50 === 49) {
        edit(end + 1, end + 1, "#");
        edit(end + 1, end + 2, "");
      }
    }
    // pad to 1,000 edits with insert/delete pairs after the BOM (the text ends where it was)
    while (version < 1001) {
      edit(1, 1, " ");
      edit(1, 2, "");
    }
    assert.equal(model.getText(), target);
    const published = await client.until(`diagnostics of version ${version}`, () => client.diagnosticsFor(uri, version), 60000);
    const expected = new Engine({ rootDir: workspace })
      .analyze(path.join(workspace, "typing.ts"), target, { runtimeImport: "arraylint/runtime" })
      .findings.map(findingToDiagnostic);
    const key = (d: Diagnostic) => JSON.stringify([d.code, d.range, d.message]);
    assert.equal(expected.length, 2);
    assert.deepEqual(published.diagnostics.map(key), expected.map(key));
    assert.equal(model.getText(published.diagnostics[0].range).slice(0, 3), "for");
  });

  test("a file the engine cannot finish gets an information diagnostic saying so", async () => {
    const uri = pathToFileURL(path.join(workspace, "deep.ts")).href;
    const text = SOURCE + "export const v = " + "(\n".repeat(10_000) + "1" + "\n)".repeat(10_000) + ";\n";
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "typescript", version: 1, text } });
    const published = await client.until("diagnostics of the deep file", () => client.diagnosticsFor(uri, 1), 60000);
    assert.deepEqual(published.diagnostics.map((d) => [d.code, d.severity]), [["parse-failed", 3]]);
    assert.match(String(published.diagnostics[0].message), /nesting too deep/);
  });
});
