// The built server over stdio, with the real engine, on what issue 12 added to the editor experience:
// the quick-fix in projects that do not have the runtime ("adding the arraylint runtime": a real
// `npm install` of the bundled tarball, or a vendored file), disable for this line (merged into an
// existing directive) and for the file, show documentation, the hover, and arraylint.calibrate.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  CancellationTokenSource,
  CodeActionRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  ExitNotification,
  HoverRequest,
  InitializeRequest,
  InitializedNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createMessageConnection,
  type CodeAction,
  type MarkupContent,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { CLIENT_CAPABILITIES, RecordingClient } from "./harness";
import { ADD_TEN_LOOP_LINE, ADD_TEN_SOURCE } from "../add-ten";

const repo = path.resolve(__dirname, "..", "..");
const serverJs = path.join(repo, "dist", "server.js");

const LOOP = ADD_TEN_SOURCE;
const LOOP_LINE = ADD_TEN_LOOP_LINE;

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

function editsFor(edit: WorkspaceEdit, uri: string): TextEdit[] {
  const change = edit.documentChanges?.find((c) => (c as TextDocumentEdit).textDocument?.uri === uri) as TextDocumentEdit | undefined;
  return (change?.edits ?? edit.changes?.[uri] ?? []) as TextEdit[];
}

describe("runtime availability, disable/docs actions, hover and calibrate (dist/server.js over stdio)", () => {
  let child: ChildProcessWithoutNullStreams;
  let client: RecordingClient;
  let workspace: string;
  let storage: string;
  const texts = new Map<string, { version: number; text: string }>();

  async function open(rel: string, text: string): Promise<string> {
    const file = path.join(workspace, rel);
    write(workspace, { [rel]: text });
    const uri = pathToFileURL(file).href;
    texts.set(uri, { version: 1, text });
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "typescript", version: 1, text } });
    await client.until(`diagnostics of ${rel}`, () => client.diagnosticsFor(uri, 1), 60000);
    return uri;
  }

  /** Applies edits as an editor would (a new version) and waits for its diagnostics. */
  async function apply(uri: string, edits: TextEdit[]): Promise<string> {
    const doc = texts.get(uri)!;
    const text = TextDocument.applyEdits(TextDocument.create(uri, "typescript", doc.version, doc.text), edits);
    const next = { version: doc.version + 1, text };
    texts.set(uri, next);
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: next.version }, contentChanges: [{ text }] });
    await client.until(`diagnostics of version ${next.version}`, () => client.diagnosticsFor(uri, next.version), 60000);
    return text;
  }

  const codes = (uri: string) => client.diagnosticsFor(uri, texts.get(uri)!.version)!.diagnostics.map((d) => d.code);

  async function actionsAt(uri: string, line: number, only?: string[]): Promise<CodeAction[]> {
    return (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: { start: { line, character: 4 }, end: { line, character: 4 } }, context: { diagnostics: [], ...(only ? { only } : {}) },
    })) as CodeAction[];
  }

  async function setSettings(settings: unknown): Promise<void> {
    client.settings = settings;
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  before(async () => {
    if (!fs.existsSync(serverJs)) {
      const built = spawnSync("npm", ["run", "build:server", "--silent"], { cwd: repo, encoding: "utf8" });
      assert.equal(built.status, 0, `npm run build:server failed:\n${built.stderr}`);
    }
    workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "arraylint-runtime-ux-")));
    storage = fs.mkdtempSync(path.join(os.tmpdir(), "arraylint-storage-"));
    write(workspace, {
      // an ES module project without the runtime (package mode), a CommonJS one (vendor mode), and one that resolves it
      "pkg/package.json": JSON.stringify({ name: "pkg", version: "1.0.0", private: true, type: "module" }, null, 2),
      "pkg/tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", target: "es2022", noEmit: true } }),
      "ven/package.json": JSON.stringify({ name: "ven", private: true }),
      "ven/src/.keep": "",
      "has/tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, module: "preserve", moduleResolution: "bundler", paths: { "@arraylint/runtime": [path.join(repo, "dist", "runtime", "index.d.ts")] } } }),
    });
    child = spawn(process.execPath, [serverJs, "--stdio"], { cwd: workspace });
    child.stderr.on("data", () => {});
    const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    client = new RecordingClient(conn);
    client.settings = { calibration: { background: false } };
    conn.listen();
    await conn.sendRequest(InitializeRequest.type, {
      processId: process.pid, rootUri: pathToFileURL(workspace).href, workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: "ws" }],
      capabilities: CLIENT_CAPABILITIES, initializationOptions: { trusted: true, globalStoragePath: storage },
    });
    await conn.sendNotification(InitializedNotification.type, {});
  });

  after(async () => {
    await client.connection.sendRequest(ShutdownRequest.type).catch(() => {});
    await client.connection.sendNotification(ExitNotification.type).catch(() => {});
    if (child.exitCode === null) child.kill();
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(storage, { recursive: true, force: true });
  });

  test("package mode: the quick-fix installs the bundled runtime with npm, then applies the fix importing it", async () => {
    const uri = await open("pkg/src/signal.ts", LOOP);
    const actions = await actionsAt(uri, LOOP_LINE, ["quickfix"]);
    const [combined, plain] = actions;
    assert.match(combined.title, /^Replace loop with .*, adding the arraylint runtime to this project \(npm install\)$/, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(combined.isPreferred, true);
    assert.equal(combined.edit, undefined, "nothing changes before the runtime is there");
    assert.deepEqual(combined.command?.arguments, [{ uri, version: 1, line: LOOP_LINE, ruleId: "elementwise-loop", mode: "package" }]);
    assert.match(plain.title, /\(leaves the import of "@arraylint\/runtime" unresolved\)$/);
    assert.equal(plain.isPreferred, undefined);
    // on save nobody is asked how to add the runtime: fix-all leaves a fix that needs it alone
    assert.deepEqual(await actionsAt(uri, 0, ["source.fixAll"]), []);

    const progressBefore = client.progress.length;
    const reply = (await client.connection.sendRequest(ExecuteCommandRequest.type, { command: combined.command!.command, arguments: combined.command!.arguments })) as { applied: boolean; summary: string };
    assert.equal(reply.applied, true, reply.summary);
    assert.match(reply.summary, /added the runtime to .*package\.json \(npm install --save .*@arraylint\/runtime@file:\.\/vendor\/arraylint-runtime-[\d.]+\.tgz\)/);
    assert.ok(client.progress.slice(progressBefore).some((p) => (p as { kind?: string }).kind === "begin"), "work-done progress began");
    const pkg = JSON.parse(fs.readFileSync(path.join(workspace, "pkg", "package.json"), "utf8"));
    assert.match(pkg.dependencies["@arraylint/runtime"], /^file:vendor\/arraylint-runtime-[\d.]+\.tgz$/);
    assert.ok(fs.existsSync(path.join(workspace, "pkg", "node_modules", "@arraylint", "runtime", "index.d.mts")));
    const edit = client.appliedEdits.at(-1)!;
    const fixed = await apply(uri, editsFor(edit.edit, uri));
    assert.match(fixed, /^import \* as nd from "@arraylint\/runtime";$/m);
    assert.match(fixed, /nd\.add\(x, 10, \{ out: y \}\);/);
    assert.deepEqual(codes(uri), []);
    // the project resolves it now: a new file's fix is offered as it is, preferred
    const other = await open("pkg/src/other.ts", LOOP);
    const now = await actionsAt(other, LOOP_LINE, ["quickfix"]);
    assert.equal(now[0].isPreferred, true);
    assert.ok(now[0].edit && !/adding the arraylint runtime/.test(now[0].title), now[0].title);
  });

  test("vendor mode: the runtime goes into the chosen folder as one file, and every fix imports it relatively", async () => {
    await setSettings({ calibration: { background: false }, runtime: { mode: "vendor" } });
    const uri = await open("ven/src/signal.ts", LOOP);
    let combined: CodeAction | undefined;
    for (let i = 0; i < 50 && !combined; i++) combined = (await actionsAt(uri, LOOP_LINE, ["quickfix"])).find((a) => /as one vendored file\)$/.test(a.title));
    assert.ok(combined, "the title says how the runtime will be added");
    const args = { ...(combined.command!.arguments![0] as object), folder: "lib/vendor" };
    await assert.rejects(
      client.connection.sendRequest(ExecuteCommandRequest.type, { command: "arraylint.addRuntime", arguments: [{ ...args, folder: "../../elsewhere" }] }),
      /is outside the workspace/,
    );
    const reply = (await client.connection.sendRequest(ExecuteCommandRequest.type, { command: "arraylint.addRuntime", arguments: [args] })) as { applied: boolean; summary: string };
    assert.equal(reply.applied, true, reply.summary);
    // a CommonJS package: the CommonJS build, with its declarations next to it
    const vendored = path.join(workspace, "ven", "lib", "vendor", "arraylint-runtime.cjs");
    assert.ok(fs.existsSync(vendored) && fs.existsSync(vendored.replace(/\.cjs$/, ".d.cts")));
    const fixed = await apply(uri, editsFor(client.appliedEdits.at(-1)!.edit, uri));
    assert.match(fixed, /^import \* as nd from "\.\.\/lib\/vendor\/arraylint-runtime\.cjs";$/m);
    // another file of the project: the vendored copy is found, the plain fix imports it
    const deeper = await open("ven/src/deep/more.ts", LOOP);
    const [fix] = await actionsAt(deeper, LOOP_LINE, ["quickfix"]);
    assert.equal(fix.isPreferred, true);
    const text = TextDocument.applyEdits(TextDocument.create(deeper, "typescript", 1, LOOP), editsFor(fix.edit!, deeper));
    assert.match(text, /from "\.\.\/\.\.\/lib\/vendor\/arraylint-runtime\.cjs"/);
    await setSettings({ calibration: { background: false } });
  });

  test("package mode and the calibration are refused while the workspace is untrusted, naming vendor mode", async () => {
    const uri = await open("pkg2/src/a.ts", LOOP);
    write(workspace, { "pkg2/package.json": "{}" });
    await client.connection.sendNotification("arraylint/didChangeTrust", { trusted: false });
    try {
      await assert.rejects(
        client.connection.sendRequest(ExecuteCommandRequest.type, { command: "arraylint.addRuntime", arguments: [{ uri, version: 1, line: LOOP_LINE, ruleId: "elementwise-loop", mode: "package" }] }),
        /runs no package manager in an untrusted workspace.*"vendor"/,
      );
      assert.ok(!fs.existsSync(path.join(workspace, "pkg2", "node_modules")));
      // the calibration runs benchmarks: refused too
      await assert.rejects(
        client.connection.sendRequest(ExecuteCommandRequest.type, { command: "arraylint.calibrate", arguments: [{ fixtures: ["add scalar, Float64Array"] }] }),
        /does not run the calibration in an untrusted workspace/,
      );
    } finally {
      await client.connection.sendNotification("arraylint/didChangeTrust", { trusted: true });
    }
  });

  test("disable for this line joins an existing directive (before its reason) instead of adding a second", async () => {
    const lines = LOOP.split("\n");
    const cases = [
      { above: "  // arraylint-disable-next-line manual-reduction -- legacy code", expected: "  // arraylint-disable-next-line manual-reduction, elementwise-loop -- legacy code" },
      { above: "  /* arraylint-disable-next-line oversized-dtype */", expected: "  /* arraylint-disable-next-line oversized-dtype, elementwise-loop */" },
    ];
    for (const [i, c] of cases.entries()) {
      const text = [...lines.slice(0, LOOP_LINE), c.above, ...lines.slice(LOOP_LINE)].join("\n");
      const uri = await open(`has/merge${i}.ts`, text);
      assert.deepEqual(codes(uri), ["elementwise-loop"]);
      const disable = (await actionsAt(uri, LOOP_LINE + 1)).find((a) => a.title === "Disable arraylint elementwise-loop for this line")!;
      const after = await apply(uri, editsFor(disable.edit!, uri));
      assert.equal(after.split("\n")[LOOP_LINE], c.expected);
      assert.equal(after.split("\n").length, text.split("\n").length, "no second comment line");
      assert.deepEqual(codes(uri), [], "the merged directive silences the finding");
    }
    // a trailing disable-line comment on the loop's own line
    const trailing = LOOP.replace("i++) {", "i++) { // arraylint-disable-line manual-reduction");
    const uri = await open("has/merge-trailing.ts", trailing);
    const disable = (await actionsAt(uri, LOOP_LINE)).find((a) => a.title === "Disable arraylint elementwise-loop for this line")!;
    const after = await apply(uri, editsFor(disable.edit!, uri));
    assert.match(after.split("\n")[LOOP_LINE], /\{ \/\/ arraylint-disable-line manual-reduction, elementwise-loop$/);
    assert.deepEqual(codes(uri), []);
  });

  test("disable for the entire file: a comment after the shebang, or the rule joins an existing file directive", async () => {
    const uri = await open("has/file.ts", "#!/usr/bin/env node\n" + LOOP);
    const action = (await actionsAt(uri, LOOP_LINE + 1)).find((a) => a.title === "Disable arraylint elementwise-loop for the entire file")!;
    const after = await apply(uri, editsFor(action.edit!, uri));
    assert.equal(after.split("\n").slice(0, 2).join("\n"), "#!/usr/bin/env node\n/* arraylint-disable elementwise-loop */");
    assert.deepEqual(codes(uri), []);
    const merged = await open("has/file2.ts", "/* arraylint-disable oversized-dtype */\n" + LOOP);
    const second = (await actionsAt(merged, LOOP_LINE + 1)).find((a) => /entire file/.test(a.title))!;
    const text = await apply(merged, editsFor(second.edit!, merged));
    assert.equal(text.split("\n")[0], "/* arraylint-disable oversized-dtype, elementwise-loop */");
    assert.deepEqual(codes(merged), []);
  });

  test("show documentation opens the rule's bundled docs page through window/showDocument", async () => {
    const uri = await open("has/docs.ts", LOOP);
    const docs = (await actionsAt(uri, LOOP_LINE)).find((a) => a.title === "Show documentation for arraylint elementwise-loop")!;
    const reply = (await client.connection.sendRequest(ExecuteCommandRequest.type, { command: docs.command!.command, arguments: docs.command!.arguments })) as { uri: string; url: string; shown: boolean };
    assert.equal(reply.shown, true);
    assert.equal(fileURLToPath(reply.uri), path.join(repo, "docs", "rules", "elementwise-loop.md"));
    assert.equal(reply.url, "https://example.invalid/arraylint/blob/main/docs/rules/elementwise-loop.md");
    assert.deepEqual(client.shownDocuments.at(-1), { uri: reply.uri, takeFocus: true });
    await assert.rejects(client.connection.sendRequest(ExecuteCommandRequest.type, { command: "arraylint.showDocumentation", arguments: ["no-such-rule"] }), /expects \[ruleId\]/);
  });

  test("the hover on a finding gives the why, the measured figure and a preview of the rewrite", async () => {
    const uri = await open("has/hover.ts", LOOP);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: LOOP_LINE + 1, character: 6 } });
    const value = (hover!.contents as MarkupContent).value;
    assert.match(value, /^\*\*arraylint\*\* `elementwise-loop`: /);
    assert.match(value, /Measured .*: .* at /, "the calibration's figure");
    assert.match(value, /95% confidence interval \d/);
    assert.match(value, /```diff\n(.|\n)*^- {5}y\[i\] = x\[i\] \+ 10;$(.|\n)*^\+ {3}nd\.add\(x, 10, \{ out: y \}\);$/m);
    assert.match(value, /^\+ import \* as nd from "@arraylint\/runtime";$/m);
    assert.match(value, /\[Documentation of elementwise-loop\]\(file:\/\/.*elementwise-loop\.md\)/);
    assert.equal(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 2 } }), null);
  });

  test("arraylint.calibrate measures with cancellable progress; a subset is not saved; cancelling saves nothing", async () => {
    const subset = (await client.connection.sendRequest(ExecuteCommandRequest.type, {
      command: "arraylint.calibrate", arguments: [{ fixtures: ["add scalar, Float64Array"], sizes: [1000], timeBudgetMs: 300 }],
    })) as { cancelled: boolean; entries: number; saved?: string; summary: string };
    assert.equal(subset.cancelled, false);
    assert.equal(subset.entries, 1, subset.summary);
    assert.equal(subset.saved, undefined);
    assert.match(subset.summary, /measured 1 fix kind on Node .* \(a subset: not saved\)/);
    const begin = client.progress.find((p) => (p as { kind?: string; title?: string }).title === "arraylint: calibrating") as { cancellable?: boolean };
    assert.equal(begin?.cancellable, true);

    const source = new CancellationTokenSource();
    const started = client.progress.length;
    const full = client.connection.sendRequest(ExecuteCommandRequest.type, { command: "arraylint.calibrate", arguments: [{ timeBudgetMs: 300 }] }, source.token);
    await client.until("the calibration to start", () => client.progress.slice(started).some((p) => (p as { kind?: string }).kind === "begin"), 30000);
    source.cancel();
    const cancelled = (await full) as { cancelled: boolean; summary: string };
    assert.equal(cancelled.cancelled, true, cancelled.summary);
    assert.deepEqual(fs.readdirSync(storage), [], "nothing saved");
    await assert.rejects(client.connection.sendRequest(ExecuteCommandRequest.type, { command: "arraylint.calibrate", arguments: [{ fixtures: ["nope"] }] }), /unknown calibration fixtures: nope/);
  });
});
