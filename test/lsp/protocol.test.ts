// The built language server, spoken to over stdio exactly as any LSP client would:
// initialize → didOpen → diagnostic, preferred quick-fix, Benchmark lens, executeCommand
// arraylint.runBenchmark (a real child-process benchmark) → lens refresh → half-typed code → shutdown/exit.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import {
  CodeActionRequest,
  CodeLensRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  ExitNotification,
  InitializeRequest,
  InitializedNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createMessageConnection,
  type CodeAction,
  type InitializeResult,
  type TextDocumentEdit,
  type TextEdit,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { CLIENT_CAPABILITIES, RecordingClient } from "./harness";
import { ADD_TEN_LOOP_LINE, ADD_TEN_SOURCE } from "../add-ten";

const repo = path.resolve(__dirname, "..", "..");
const serverJs = path.join(repo, "dist", "server.js");

const SOURCE = ADD_TEN_SOURCE;
const LOOP_LINE = ADD_TEN_LOOP_LINE;

describe("dist/server.js over stdio", () => {
  let child: ChildProcessWithoutNullStreams;
  let client: RecordingClient;
  let workspace: string;
  let init: InitializeResult;
  let stderr = "";
  const uri = () => pathToFileURL(path.join(workspace, "add-ten.ts")).href;

  before(async () => {
    if (!fs.existsSync(serverJs)) {
      // `npm test` builds first; a lone run of this file builds the server it needs
      const built = spawnSync("npm", ["run", "build:server", "--silent"], { cwd: repo, encoding: "utf8" });
      assert.equal(built.status, 0, `npm run build:server failed:\n${built.stderr}`);
    }
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), "arraylint-protocol-"));
    // the project resolves the runtime through tsconfig `paths` (the built package's types)
    fs.writeFileSync(path.join(workspace, "tsconfig.json"), JSON.stringify({ compilerOptions: {
      strict: true, target: "es2022", module: "preserve", moduleResolution: "bundler", paths: { "@arraylint/runtime": [path.join(repo, "dist", "runtime", "index.d.ts")] },
    } }));
    child = spawn(process.execPath, [serverJs, "--stdio"], { cwd: workspace });
    child.stderr.on("data", (d) => (stderr += d));
    const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    client = new RecordingClient(conn);
    // small inputs and a short budget: this test checks the plumbing, never the speed
    client.settings = { bench: { size: 20000, timeBudgetMs: 3000 } };
    conn.listen();
    init = await conn.sendRequest(InitializeRequest.type, {
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

  test("initialize advertises the features", () => {
    assert.equal(init.serverInfo?.name, "arraylint");
    assert.deepEqual(init.capabilities.executeCommandProvider?.commands, [
      "arraylint.runBenchmark", "arraylint.loadProfile", "arraylint.calibrate", "arraylint.addRuntime", "arraylint.showDocumentation",
    ]);
    assert.equal(init.capabilities.hoverProvider, true);
    assert.ok(init.capabilities.codeLensProvider);
    assert.ok(init.capabilities.codeActionProvider);
  });

  test("didOpen publishes the elementwise-loop diagnostic with a link to its docs", async () => {
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: uri(), languageId: "typescript", version: 1, text: SOURCE },
    });
    const published = await client.until("diagnostics for version 1", () => client.diagnosticsFor(uri(), 1), 60000);
    const loop = published.diagnostics.filter((d) => d.code === "elementwise-loop");
    assert.equal(loop.length, 1, JSON.stringify(published.diagnostics));
    const [d] = loop;
    assert.equal(d.source, "arraylint");
    assert.equal(d.range.start.line, LOOP_LINE);
    const docsFile = fileURLToPath(d.codeDescription!.href);
    assert.equal(docsFile, path.join(repo, "docs", "rules", "elementwise-loop.md"), "dist/server.js resolves ../docs/rules");
    assert.ok(fs.existsSync(docsFile), `${docsFile} exists`);
  });

  test("the preferred quick-fix removes the loop and adds the runtime import", async () => {
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uri() },
      range: { start: { line: LOOP_LINE, character: 2 }, end: { line: LOOP_LINE, character: 2 } },
      context: { diagnostics: client.diagnosticsFor(uri(), 1)!.diagnostics, only: ["quickfix"] },
    })) as CodeAction[];
    const preferred = actions.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1, JSON.stringify(actions.map((a) => a.title)));
    const fix = preferred[0];
    assert.equal(fix.kind, "quickfix");
    assert.equal(fix.diagnostics?.[0]?.code, "elementwise-loop");
    const change = fix.edit!.documentChanges![0] as TextDocumentEdit;
    assert.equal(change.textDocument.version, 1);
    const fixed = TextDocument.applyEdits(TextDocument.create(uri(), "typescript", 1, SOURCE), change.edits as TextEdit[]);
    assert.doesNotMatch(fixed, /for \(/, fixed);
    assert.match(fixed, /^import \* as nd from "@arraylint\/runtime";/m);
    assert.match(fixed, /nd\.add\(x, 10, \{ out: y \}\)/);
    assert.ok(actions.some((a) => a.title === "Disable arraylint elementwise-loop for this line"));
  });

  test("the disable-next-line action's comment silences the finding", async () => {
    const other = pathToFileURL(path.join(workspace, "disable.ts")).href;
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: other, languageId: "typescript", version: 1, text: SOURCE },
    });
    await client.until("diagnostics", () => client.diagnosticsFor(other, 1)?.diagnostics.length, 60000);
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: other },
      range: { start: { line: LOOP_LINE, character: 2 }, end: { line: LOOP_LINE, character: 2 } },
      context: { diagnostics: [] },
    })) as CodeAction[];
    const disable = actions.find((a) => a.title === "Disable arraylint elementwise-loop for this line");
    assert.ok(disable);
    const edits = (disable.edit!.documentChanges![0] as TextDocumentEdit).edits as TextEdit[];
    const text = TextDocument.applyEdits(TextDocument.create(other, "typescript", 1, SOURCE), edits);
    assert.equal(text.split("\n")[LOOP_LINE], "  // arraylint-disable-next-line elementwise-loop");
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: other, version: 2 }, contentChanges: [{ text }] });
    const published = await client.until("diagnostics of version 2", () => client.diagnosticsFor(other, 2), 60000);
    assert.deepEqual(published.diagnostics.filter((d) => d.code === "elementwise-loop"), []);
  });

  test("a Benchmark lens sits on the loop and executeCommand runs the benchmark in a child process", async () => {
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: uri() } });
    const lens = lenses?.find((l) => /Benchmark/.test(l.command?.title ?? ""));
    assert.ok(lens, JSON.stringify(lenses));
    assert.equal(lens.range.start.line, LOOP_LINE);
    assert.equal(lens.command!.command, "arraylint.runBenchmark");
    assert.deepEqual(lens.command!.arguments, [uri(), LOOP_LINE]);

    const refreshes = client.codeLensRefreshes;
    const result = (await client.connection.sendRequest(ExecuteCommandRequest.type, {
      command: lens.command!.command,
      arguments: lens.command!.arguments,
    })) as Record<string, any>;
    assert.ok(result && typeof result === "object");
    assert.equal(result.error, undefined, `the benchmark ran (error: ${result.error})`);
    assert.equal(result.ruleId, "elementwise-loop");
    assert.equal(result.line, LOOP_LINE + 1);
    assert.equal(result.equivalent, true, "outputs of the loop and the fix match");
    assert.equal(result.inputs.size, 20000, "arraylint.bench.size reached the bench");
    for (const side of ["before", "after"]) {
      assert.ok(result[side].medianNs > 0 && result[side].samples > 0, `${side} was measured`);
    }
    assert.ok(Number.isFinite(result.speedup) && result.speedup > 0);

    await client.until("workspace/codeLens/refresh", () => client.codeLensRefreshes > refreshes);
    const after = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: uri() } });
    const measured = after?.find((l) => l.range.start.line === LOOP_LINE);
    assert.equal(measured?.command?.title, `$(watch) ${result.summary}`);
    assert.match(measured!.command!.title, /outputs match/);
  });

  test("half-typed code yields no finding and no crash", async () => {
    const broken = pathToFileURL(path.join(workspace, "half.ts")).href;
    const lines = SOURCE.split("\n");
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: broken, languageId: "typescript", version: 1, text: [...lines.slice(0, LOOP_LINE), "  for (let i = 0; i < x."].join("\n") },
    });
    const first = await client.until("diagnostics of the half-typed file", () => client.diagnosticsFor(broken, 1), 60000);
    assert.deepEqual(first.diagnostics.filter((d) => d.code === "elementwise-loop"), [], "unfinished loop header");
    // a loop without a body
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: broken, version: 2 },
      contentChanges: [{ text: lines.slice(0, LOOP_LINE + 1).join("\n").replace(/\s*\{\s*$/, "\n") }],
    });
    const second = await client.until("diagnostics of version 2", () => client.diagnosticsFor(broken, 2), 60000);
    assert.deepEqual(second.diagnostics.filter((d) => d.code === "elementwise-loop"), [], "loop without a body");
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: broken } });
    assert.ok(!lenses?.some((l) => /Benchmark/.test(l.command?.title ?? "")), "no Benchmark lens on broken code");
    // the loop's closing brace removed: whatever the engine makes of it, every provider still answers
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: broken, version: 3 },
      contentChanges: [{ text: lines.filter((_, i) => i !== LOOP_LINE + 2).join("\n") }],
    });
    const third = await client.until("diagnostics of version 3", () => client.diagnosticsFor(broken, 3), 60000);
    assert.ok(Array.isArray(third.diagnostics));
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: broken }, range: { start: { line: LOOP_LINE, character: 0 }, end: { line: LOOP_LINE, character: 0 } }, context: { diagnostics: [] },
    });
    assert.ok(Array.isArray(actions));
    assert.equal(child.exitCode, null, `server still running; stderr:\n${stderr}`);
  });

  test("shutdown and exit end the process with code 0", async () => {
    await client.connection.sendRequest(ShutdownRequest.type);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    await client.connection.sendNotification(ExitNotification.type);
    assert.equal(await exited, 0);
  });
});
