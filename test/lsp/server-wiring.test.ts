// The server's wiring, in process, against a fake engine and a fake bench (so it does not depend on
// the real rules): versions, debouncing, code-action tiers, fix-all, lens refresh, trust, settings, crashes.
// protocol.test.ts covers the same path end to end on the built dist/server.js with the real engine.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import * as os from "node:os";
import * as fs from "node:fs";
import { PassThrough } from "node:stream";
import { pathToFileURL } from "node:url";
import {
  CancellationTokenSource,
  CodeActionRequest,
  CodeLensRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  InitializeRequest,
  InitializedNotification,
  ShutdownRequest,
  createConnection,
  createMessageConnection,
  DiagnosticSeverity,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type TextDocumentEdit,
  type TextEdit,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { startServer, type EngineLike, type ServerDeps } from "../../server/lsp/server";
import { applyEdits, type AnalyzeOptions, type AnalyzeResult, type Finding } from "../../server/engine/index";
import { formatBenchResult, type BenchOptions, type BenchResult } from "../../server/bench/index";
import { CLIENT_CAPABILITIES, RecordingClient } from "./harness";

// ---- fakes --------------------------------------------------------------------------------------

const LOOP = /for \(let i = 0; i < (\w+)\.length; i\+\+\) (\w+)\[i\] = \1\[i\] \+ 10;/g;
const SUM = /let s = 0; for \(const v of (\w+)\) s \+= v;/g;
const IMPORT = 'import * as nd from "arraylint/runtime";\n';

function rangeOf(text: string, start: number, end: number) {
  const doc = TextDocument.create("file:///x.ts", "typescript", 0, text);
  return { start: doc.positionAt(start), end: doc.positionAt(end) };
}

function fakeAnalyze(text: string, options: AnalyzeOptions): AnalyzeResult {
  if (text.includes("THROW")) throw new Error("engine exploded");
  const findings: Finding[] = [];
  if (options.severities?.["elementwise-loop"] === "off") return { findings, explanations: [], notes: [] };
  for (const m of text.matchAll(LOOP)) {
    const start = m.index!;
    const end = start + m[0].length;
    const after = `nd.add(${m[1]}, 10, { out: ${m[2]} });`;
    findings.push({
      ruleId: "elementwise-loop",
      messageId: "call",
      message: `Loop writes ${m[2]}[i] element by element`,
      severity: options.severities?.["elementwise-loop"] === "error" ? "error" : "warning",
      range: rangeOf(text, start, end),
      start,
      end,
      fix: {
        title: `Replace loop with \`${after}\``,
        safe: true,
        edits: [{ start: 0, end: 0, newText: IMPORT }, { start, end, newText: after }],
        addImports: [IMPORT.trim()],
      },
      bench: { before: m[0], after, variables: [{ name: m[1], type: "Float64Array", role: "input", length: "n" }, { name: m[2], type: "Float64Array", role: "output", length: "n" }] },
    });
  }
  for (const m of text.matchAll(SUM)) {
    const start = m.index!;
    const end = start + m[0].length;
    findings.push({
      ruleId: "manual-reduction", messageId: "reduction", message: "Manual sum", severity: "warning", range: rangeOf(text, start, end), start, end,
      fix: { title: `Replace with nd.sum(${m[1]})`, safe: false, assumption: "sum may differ in the last bits", edits: [{ start, end, newText: `const s = nd.sum(${m[1]});` }], addImports: [] },
    });
  }
  const explanations = [];
  if (options.explain) {
    const at = text.indexOf("// look-alike");
    if (at >= 0) explanations.push({ ruleId: "elementwise-loop" as const, message: "not flagged: loop-carried dependency", range: rangeOf(text, at, at + 13) });
  }
  return { findings, explanations, notes: [] };
}

class FakeEngine implements EngineLike {
  calls: string[] = [];
  options: AnalyzeOptions[] = [];
  analyze(filePath: string, text: string, options?: AnalyzeOptions): AnalyzeResult {
    this.calls.push(filePath);
    if (options) this.options.push(options);
    return fakeAnalyze(text, options ?? { runtimeImport: "arraylint/runtime" });
  }
  forget(): void {}
}

function fakeApplySafeFixes(engine: EngineLike, filePath: string, text: string, options: AnalyzeOptions) {
  const safe = engine.analyze(filePath, text, options).findings.filter((f) => f.fix?.safe);
  // one import for all fixes, like the engine's bounded fixpoint would produce
  const edits = safe.flatMap((f, i) => f.fix!.edits.filter((e) => i === 0 || e.newText !== IMPORT));
  return { text: applyEdits(text, edits), applied: safe.length };
}

function fakeBench() {
  const calls: BenchOptions[] = [];
  let release: () => void = () => {};
  const signals: AbortSignal[] = [];
  const gate = { hold: false };
  const run = async (_spec: unknown, opts: BenchOptions): Promise<BenchResult> => {
    calls.push(opts);
    if (opts.signal) signals.push(opts.signal);
    if (gate.hold) {
      await new Promise<void>((resolve) => {
        release = resolve;
        opts.signal?.addEventListener("abort", () => resolve());
      });
    }
    if (opts.signal?.aborted) return { ...failed(opts), error: "aborted" };
    const stats = (ns: number) => ({ medianNs: ns, samples: 20, ciLow: ns * 0.9, ciHigh: ns * 1.1 });
    return {
      ruleId: opts.ruleId, file: opts.file, line: opts.line, before: stats(2e6), after: stats(1e6),
      speedup: 2, speedupCI: [1.8, 2.2], equivalent: true,
      inputs: { size: opts.size ?? 1e6, seed: 1, variables: [] },
    };
  };
  return { calls, signals, run, gate, release: () => release() };
}

function failed(opts: BenchOptions): BenchResult {
  const zero = { medianNs: NaN, samples: 0, ciLow: NaN, ciHigh: NaN };
  return { ruleId: opts.ruleId, file: opts.file, line: opts.line, before: zero, after: zero, speedup: NaN, speedupCI: [NaN, NaN], equivalent: false, inputs: { size: 0, seed: 1, variables: [] } };
}

// ---- harness ------------------------------------------------------------------------------------

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), "arraylint-lsp-"));
after(() => fs.rmSync(workspace, { recursive: true, force: true }));
// the workspace has the runtime installed (a stub with types), so the fixes are offered as they are;
// runtime-setup.test.ts and lsp/runtime-and-ux.test.ts cover projects without it
const stubRuntime = path.join(workspace, "node_modules", "@arraylint", "runtime");
fs.mkdirSync(stubRuntime, { recursive: true });
fs.writeFileSync(path.join(stubRuntime, "package.json"), JSON.stringify({ name: "@arraylint/runtime", version: "0.1.0", types: "index.d.ts", main: "index.js" }));
fs.writeFileSync(path.join(stubRuntime, "index.d.ts"), "export declare function add(a: unknown, b: unknown, o?: unknown): unknown;\n");
let docCounter = 0;

async function startPair(opts: { deps?: Partial<ServerDeps>; initializationOptions?: unknown; settings?: unknown } = {}) {
  const engine = new FakeEngine();
  const bench = fakeBench();
  const up = new PassThrough();
  const down = new PassThrough();
  const server = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
  startServer(server, {
    createEngine: () => engine, applySafeFixes: fakeApplySafeFixes, runBenchmark: bench.run, formatBenchResult, debounceMs: 100,
    ...opts.deps,
  });
  const conn = createMessageConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  const client = new RecordingClient(conn);
  client.settings = opts.settings ?? {};
  conn.listen();
  const init = await conn.sendRequest(InitializeRequest.type, {
    processId: null, rootUri: pathToFileURL(workspace).href, workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: "ws" }],
    capabilities: CLIENT_CAPABILITIES, initializationOptions: opts.initializationOptions,
  });
  await conn.sendNotification(InitializedNotification.type, {});
  const open = async (text: string, folder = workspace) => {
    const uri = pathToFileURL(path.join(folder, `doc${++docCounter}.ts`)).href;
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "typescript", version: 1, text } });
    return uri;
  };
  const dispose = async () => {
    await conn.sendRequest(ShutdownRequest.type);
    conn.dispose();
    up.end();
    down.end();
  };
  return { conn, client, engine, bench, init, open, dispose };
}

const SOURCE = [
  "export function addTen(x: Float64Array, y: Float64Array): void {",
  "  for (let i = 0; i < x.length; i++) y[i] = x[i] + 10;",
  "}",
  "",
].join("\n");

function editsOf(action: CodeAction): { version: number | null; edits: TextEdit[] } {
  const change = action.edit!.documentChanges![0] as TextDocumentEdit;
  return { version: change.textDocument.version, edits: change.edits as TextEdit[] };
}

// ---- tests --------------------------------------------------------------------------------------

describe("language server wiring (fake engine)", () => {
  let s: Awaited<ReturnType<typeof startPair>>;
  before(async () => {
    s = await startPair({ settings: { bench: { size: 1234, timeBudgetMs: 777 } }, initializationOptions: { trusted: true } });
  });
  after(async () => s.dispose());

  test("advertises code actions, lenses and the benchmark command", () => {
    const caps = s.init.capabilities;
    assert.deepEqual(caps.executeCommandProvider?.commands, [
      "arraylint.runBenchmark", "arraylint.loadProfile", "arraylint.calibrate", "arraylint.addRuntime", "arraylint.showDocumentation",
    ]);
    assert.equal(caps.hoverProvider, true);
    assert.ok(caps.codeLensProvider);
    assert.deepEqual((caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, ["quickfix", "refactor.rewrite", "source.fixAll.arraylint"]);
  });

  test("publishes a versioned diagnostic per finding", async () => {
    const uri = await s.open(SOURCE);
    const published = await s.client.until("diagnostics", () => s.client.diagnosticsFor(uri, 1));
    assert.equal(published.diagnostics.length, 1);
    const [d] = published.diagnostics;
    assert.equal(d.source, "arraylint");
    assert.equal(d.code, "elementwise-loop");
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.match(d.codeDescription!.href, /^file:\/\/.*\/docs\/rules\/elementwise-loop\.md$/);
    assert.deepEqual(d.range.start, { line: 1, character: 2 });
  });

  test("quick-fix is preferred, versioned, and comes with disable (line, file) and documentation actions", async () => {
    const uri = await s.open(SOURCE);
    const actions = (await s.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, context: { diagnostics: [] },
    })) as CodeAction[];
    assert.deepEqual(actions.map((a) => a.kind), ["quickfix", "quickfix", "quickfix", "quickfix"]);
    const [fix, disable, disableFile, docs] = actions;
    assert.equal(fix.isPreferred, true);
    assert.equal(fix.diagnostics?.[0].code, "elementwise-loop");
    const { version, edits } = editsOf(fix);
    assert.equal(version, 1);
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, "typescript", 1, SOURCE), edits);
    assert.equal(fixed, IMPORT + SOURCE.replace("for (let i = 0; i < x.length; i++) y[i] = x[i] + 10;", "nd.add(x, 10, { out: y });"));
    assert.equal(disable.title, "Disable arraylint elementwise-loop for this line");
    assert.equal(disable.isPreferred, undefined);
    assert.deepEqual(editsOf(disable).edits, [
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: "  // arraylint-disable-next-line elementwise-loop\n" },
    ]);
    assert.equal(disableFile.title, "Disable arraylint elementwise-loop for the entire file");
    assert.deepEqual(editsOf(disableFile).edits, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: "/* arraylint-disable elementwise-loop */\n" },
    ]);
    assert.equal(docs.title, "Show documentation for arraylint elementwise-loop");
    assert.deepEqual(docs.command, { title: "Show documentation for elementwise-loop", command: "arraylint.showDocumentation", arguments: ["elementwise-loop"] });
  });

  test("a refactor-tier fix is refactor.rewrite, not preferred, and its title states the assumption", async () => {
    const uri = await s.open("export function f(a: number[]) {\n  let s = 0; for (const v of a) s += v;\n  return s;\n}\n");
    const actions = (await s.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: { start: { line: 1, character: 4 }, end: { line: 1, character: 4 } }, context: { diagnostics: [] },
    })) as CodeAction[];
    const refactor = actions.find((a) => a.kind === "refactor.rewrite");
    assert.ok(refactor, JSON.stringify(actions));
    assert.equal(refactor.isPreferred, undefined);
    assert.match(refactor.title, /sum may differ in the last bits/);
    // the only quickfix is the disable comment: a refactor is never a preferred quick-fix
    assert.deepEqual(actions.filter((a) => a.kind === "quickfix").map((a) => a.title), [
      "Disable arraylint manual-reduction for this line", "Disable arraylint manual-reduction for the entire file", "Show documentation for arraylint manual-reduction",
    ]);
  });

  test("source.fixAll.arraylint applies every safe fix, and only when asked for", async () => {
    const text = SOURCE + "export function g(a: Float64Array, b: Float64Array) {\n  for (let i = 0; i < a.length; i++) b[i] = a[i] + 10;\n}\n";
    const uri = await s.open(text);
    const whole = { start: { line: 0, character: 0 }, end: { line: 7, character: 0 } };
    const unasked = (await s.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: whole, context: { diagnostics: [] } })) as CodeAction[];
    assert.ok(!unasked.some((a) => a.kind === "source.fixAll.arraylint"));
    const asked = (await s.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: whole, context: { diagnostics: [], only: ["source.fixAll"] },
    })) as CodeAction[];
    assert.equal(asked.length, 1);
    assert.equal(asked[0].kind, "source.fixAll.arraylint");
    const result = TextDocument.applyEdits(TextDocument.create(uri, "typescript", 1, text), editsOf(asked[0]).edits);
    assert.equal(result, IMPORT + text.replace(/for \(let i[^\n]*x\[i\] \+ 10;/, "nd.add(x, 10, { out: y });").replace(/for \(let i[^\n]*a\[i\] \+ 10;/, "nd.add(a, 10, { out: b });"));
  });

  test("code actions right after an edit are computed on the new version, never the stale one", async () => {
    const uri = await s.open(SOURCE);
    await s.client.until("v1 diagnostics", () => s.client.diagnosticsFor(uri, 1));
    await s.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "// header\n" }],
    });
    const actions = (await s.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, context: { diagnostics: [] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix);
    const { version, edits } = editsOf(fix);
    assert.equal(version, 2);
    assert.equal(edits[1].range.start.line, 2, "the loop moved down one line");
  });

  test("typing is debounced: a burst of changes is analysed once, and the last version is published", async () => {
    const uri = await s.open(SOURCE);
    await s.client.until("v1 diagnostics", () => s.client.diagnosticsFor(uri, 1));
    const filePath = path.join(workspace, path.basename(new URL(uri).pathname));
    const before = s.engine.calls.filter((c) => c === filePath).length;
    for (let v = 2; v <= 6; v++) {
      void s.conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: v },
        contentChanges: [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: " " }],
      });
    }
    await s.client.until("v6 diagnostics", () => s.client.diagnosticsFor(uri, 6));
    // without debouncing every version would be analysed (5); a loaded machine may split the burst once
    const analysed = s.engine.calls.filter((c) => c === filePath).length - before;
    assert.ok(analysed >= 1 && analysed < 5, `analysed ${analysed} times`);
    assert.ok(!s.client.diagnosticsFor(uri, 3), "no diagnostics for an intermediate version");
  });

  test("benchmark lens → executeCommand runs the bench with the settings, caches it and refreshes the lens", async () => {
    const uri = await s.open(SOURCE);
    const lenses = await s.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    assert.equal(lenses?.length, 1);
    const lens = lenses![0];
    assert.match(lens.command!.title, /Benchmark/);
    assert.equal(lens.command!.command, "arraylint.runBenchmark");
    assert.deepEqual(lens.command!.arguments, [uri, 1]);
    assert.equal(lens.range.start.line, 1);

    const refreshesBefore = s.client.codeLensRefreshes;
    s.bench.gate.hold = true;
    const first = s.conn.sendRequest(ExecuteCommandRequest.type, { command: "arraylint.runBenchmark", arguments: [uri, 1] });
    const second = s.conn.sendRequest(ExecuteCommandRequest.type, { command: "arraylint.runBenchmark", arguments: [uri, 1] });
    await s.client.until("the bench to start", () => s.bench.calls.length > 0);
    const running = await s.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    assert.match(running![0].command!.title, /Benchmarking/);
    s.bench.gate.hold = false;
    s.bench.release();
    const [r1, r2] = await Promise.all([first, second]);
    assert.equal(s.bench.calls.length, 1, "two clicks on a running benchmark share one run");
    assert.deepEqual(r1, r2);
    const call = s.bench.calls[0];
    assert.equal(call.line, 2, "BenchOptions.line is 1-based");
    assert.equal(call.size, 1234);
    assert.equal(call.timeBudgetMs, 777);
    assert.equal(call.ruleId, "elementwise-loop");
    assert.equal(call.file, path.join(workspace, path.basename(new URL(uri).pathname)));
    assert.equal(r1.equivalent, true);
    assert.equal(r1.summary, formatBenchResult(r1));
    assert.ok(s.bench.calls.length === 1 && s.client.codeLensRefreshes > refreshesBefore, "the server asked the client to refresh lenses");
    const after = await s.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    assert.equal(after![0].command!.title, `$(watch) ${formatBenchResult(r1)}`);
    assert.ok(s.client.progressCreated > 0, "progress was reported through window/workDoneProgress");
  });

  test("cancelling the executeCommand request aborts the benchmark", async () => {
    const uri = await s.open(SOURCE.replace("addTen", "addTenAgain"));
    const before = s.bench.calls.length;
    s.bench.gate.hold = true;
    const source = new CancellationTokenSource();
    const pending = s.conn.sendRequest(ExecuteCommandRequest.type, { command: "arraylint.runBenchmark", arguments: [uri, 1] }, source.token);
    await s.client.until("the bench to start", () => s.bench.calls.length > before);
    source.cancel();
    const signal = s.bench.signals.at(-1)!;
    await s.client.until("the abort signal", () => signal.aborted);
    s.bench.gate.hold = false;
    await pending.catch(() => undefined);
    assert.equal(signal.aborted, true);
  });

  test("arraylint.config.json above a document applies (a rule turned off)", async () => {
    const folder = path.join(workspace, "quiet");
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, "arraylint.config.json"), JSON.stringify({ rules: { "elementwise-loop": "off" } }));
    const uri = await s.open(SOURCE, folder);
    const published = await s.client.until("diagnostics", () => s.client.diagnosticsFor(uri, 1));
    assert.deepEqual(published.diagnostics, []);
    const loud = await s.open(SOURCE);
    assert.equal((await s.client.until("diagnostics", () => s.client.diagnosticsFor(loud, 1))).diagnostics.length, 1);
  });

  test("untitled documents are analysed under a virtual path with their language's extension", async () => {
    const uri = "untitled:Untitled-7";
    await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "typescriptreact", version: 1, text: SOURCE } });
    const published = await s.client.until("diagnostics", () => s.client.diagnosticsFor(uri, 1));
    assert.equal(published.diagnostics.length, 1);
    assert.ok(s.engine.calls.includes(path.join(workspace, ".arraylint-untitled", "Untitled-7.tsx")), s.engine.calls.join("\n"));
  });

  test("executeCommand rejects bad arguments and lines without a benchmark", async () => {
    const uri = await s.open(SOURCE);
    await assert.rejects(s.conn.sendRequest(ExecuteCommandRequest.type, { command: "arraylint.runBenchmark", arguments: [uri] }), /expects \[uri/);
    await assert.rejects(s.conn.sendRequest(ExecuteCommandRequest.type, { command: "arraylint.runBenchmark", arguments: [uri, 0] }), /nothing to measure: no arraylint finding at line 1/);
  });

  test("arraylint.loadProfile: a finding in hot code says its share; in cold code it is a hint", async () => {
    const hotUri = await s.open(SOURCE);
    const coldUri = await s.open(SOURCE.replace("addTen", "addTenCold"));
    const node = (id: number, url: string, ticks: Array<{ line: number; ticks: number }>) => ({ id, callFrame: { functionName: "f", url, lineNumber: 0, columnNumber: 0 }, positionTicks: ticks });
    // 30 samples on the hot document's loop line (line 2), 70 elsewhere
    const profile = { nodes: [node(1, hotUri, [{ line: 2, ticks: 30 }]), node(2, "file:///elsewhere.js", [{ line: 1, ticks: 70 }])], samples: [...Array(30).fill(1), ...Array(70).fill(2)] };
    const file = path.join(workspace, "app.cpuprofile");
    fs.writeFileSync(file, JSON.stringify(profile));
    const reply = await s.conn.sendRequest(ExecuteCommandRequest.type, { command: "arraylint.loadProfile", arguments: [file] });
    assert.deepEqual(reply, { loaded: true, totalSamples: 100 });
    const text = (m: string | { value: string } | undefined) => (typeof m === "string" ? m : m?.value ?? "");
    const withProfile = (uri: string) => () => {
      const p = s.client.diagnosticsFor(uri, 1);
      return p && /profile/.test(text(p.diagnostics[0]?.message)) ? p : undefined;
    };
    const hot = await s.client.until("hot diagnostics", withProfile(hotUri));
    assert.equal(hot.diagnostics[0].severity, DiagnosticSeverity.Warning);
    assert.match(text(hot.diagnostics[0].message), /\(30% of profiled time\)$/);
    const cold = await s.client.until("cold diagnostics", withProfile(coldUri));
    assert.equal(cold.diagnostics[0].severity, DiagnosticSeverity.Hint);
    await assert.rejects(s.conn.sendRequest(ExecuteCommandRequest.type, { command: "arraylint.loadProfile", arguments: [path.join(workspace, "missing.cpuprofile")] }), /no such file/);
    assert.deepEqual(await s.conn.sendRequest(ExecuteCommandRequest.type, { command: "arraylint.loadProfile", arguments: [] }), { loaded: false });
  });

  test("an engine that throws costs the findings, not the server", async () => {
    const broken = await s.open("THROW\nfor (let i = 0; i < x.length; i++) y[i] = x[i] + 10;\n");
    await s.client.until("the failure to be logged", () => s.client.logs.some((l) => l.includes("engine exploded")));
    const lenses = await s.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: broken } });
    assert.deepEqual(lenses, []);
    const ok = await s.open(SOURCE);
    const published = await s.client.until("diagnostics of a later document", () => s.client.diagnosticsFor(ok, 1));
    assert.equal(published.diagnostics.length, 1);
  });
});

describe("settings and trust", () => {
  test("arraylint.explain adds information diagnostics; per-rule severities apply; enable=false silences", async () => {
    const s = await startPair({ settings: { explain: true, rules: { "elementwise-loop": "error" } } });
    try {
      const uri = await s.open(SOURCE + "// look-alike\n");
      const published = await s.client.until("diagnostics", () => s.client.diagnosticsFor(uri, 1));
      assert.deepEqual(published.diagnostics.map((d) => [d.code, d.severity]), [["elementwise-loop", DiagnosticSeverity.Error], ["elementwise-loop", DiagnosticSeverity.Information]]);
    } finally {
      await s.dispose();
    }
    const quiet = await startPair({ settings: {} });
    try {
      const uri = await quiet.open(SOURCE + "// look-alike\n");
      const published = await quiet.client.until("diagnostics", () => quiet.client.diagnosticsFor(uri, 1));
      assert.deepEqual(published.diagnostics.map((d) => d.severity), [DiagnosticSeverity.Warning], "no explanations unless arraylint.explain");
    } finally {
      await quiet.dispose();
    }
    const off = await startPair({ settings: { enable: false } });
    try {
      const uri = await off.open(SOURCE);
      const published = await off.client.until("diagnostics", () => off.client.diagnosticsFor(uri, 1));
      assert.deepEqual(published.diagnostics, []);
      assert.deepEqual(await off.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } }), []);
    } finally {
      await off.dispose();
    }
  });

  test("arraylint.maxFileSize: a larger document is not analysed and an information diagnostic says so; arraylint.ignoreTests skips test files", async () => {
    const s = await startPair({ settings: { maxFileSize: 100, ignoreTests: true } });
    try {
      const uri = await s.open(SOURCE);
      const published = await s.client.until("diagnostics", () => s.client.diagnosticsFor(uri, 1));
      assert.deepEqual(published.diagnostics.map((d) => [d.code, d.severity]), [["too-large", DiagnosticSeverity.Information]]);
      assert.match(String(published.diagnostics[0].message), /over the 100 bytes file size limit \(arraylint\.maxFileSize\)/);
      assert.deepEqual(s.engine.calls, [], "the engine never saw it");
      const testUri = pathToFileURL(path.join(workspace, "add.test.ts")).href;
      await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: testUri, languageId: "typescript", version: 1, text: "x" } });
      assert.deepEqual((await s.client.until("diagnostics", () => s.client.diagnosticsFor(testUri, 1))).diagnostics, []);
      assert.deepEqual(s.engine.calls, []);
    } finally {
      await s.dispose();
    }
  });

  test("settings changed while running apply without a restart: maxFileSize, ignoreTests, analysisBudgetMs, bench.*, runtime.mode", async () => {
    const s = await startPair({ initializationOptions: { trusted: true } });
    const change = async (settings: unknown) => {
      s.client.settings = settings;
      await s.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    };
    const latest = (uri: string) => s.client.diagnostics.get(uri)?.at(-1)?.diagnostics.map((d) => d.code) ?? [];
    try {
      const uri = await s.open(SOURCE);
      await s.client.until("the finding", () => latest(uri).includes("elementwise-loop"));
      const testUri = pathToFileURL(path.join(workspace, "live.test.ts")).href;
      await s.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: testUri, languageId: "typescript", version: 1, text: SOURCE } });
      await s.client.until("the test file's finding", () => latest(testUri).includes("elementwise-loop"));

      await change({ maxFileSize: 100 });
      await s.client.until("the too-large note", () => latest(uri).includes("too-large"));
      await change({ ignoreTests: true });
      await s.client.until("the finding back, and the test file left alone", () =>
        latest(uri).includes("elementwise-loop") && latest(testUri).length === 0);

      s.engine.options.length = 0;
      await change({ analysisBudgetMs: 321 });
      await s.client.until("a re-analysis with the new budget", () => s.engine.options.some((o) => o.budgetMs === 321));

      await change({ bench: { size: 4321, timeBudgetMs: 99 } });
      await s.conn.sendRequest(ExecuteCommandRequest.type, { command: "arraylint.runBenchmark", arguments: [uri, 1] });
      assert.deepEqual([s.bench.calls.at(-1)!.size, s.bench.calls.at(-1)!.timeBudgetMs], [4321, 99]);

      // a project without the runtime: the quick-fix says how it will add it, as the setting says now
      const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "arraylint-lsp-noruntime-"));
      fs.writeFileSync(path.join(elsewhere, "package.json"), "{}");
      const bare = await s.open(SOURCE, elsewhere);
      const firstTitle = async () => ((await s.conn.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: bare }, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, context: { diagnostics: [] },
      })) as CodeAction[])[0]?.title ?? "";
      assert.match(await firstTitle(), /, adding the arraylint runtime to this project \(npm install\)$/);
      await change({ runtime: { mode: "vendor" } });
      let title = "";
      for (let i = 0; i < 100 && !/vendored/.test(title); i++) title = await firstTitle();
      assert.match(title, /, adding the arraylint runtime to this project \(as one vendored file\)$/);
      fs.rmSync(elsewhere, { recursive: true, force: true });
    } finally {
      await s.dispose();
    }
  });

  // issue 14: trust fails closed. Only a boolean `true` enables running workspace code.
  const refused: Array<[string, unknown]> = [
    ["trusted: {}", { trusted: {} }],
    ["trusted: null", { trusted: null }],
    ['trusted: "no"', { trusted: "no" }],
    ['trusted: "false"', { trusted: "false" }],
    ['trusted: "true" (a string)', { trusted: "true" }],
    ["trusted missing", {}],
    ["no initializationOptions", undefined],
    ["initializationOptions: null", null],
  ];
  for (const [name, initializationOptions] of refused) {
    test(`initializationOptions ${name} → the lens says benchmarks are off and none runs`, async () => {
      const s = await startPair({ initializationOptions });
      try {
        const uri = await s.open(SOURCE);
        const lenses = await s.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
        assert.match(lenses![0].command!.title, /disabled/);
        await assert.rejects(s.conn.sendRequest(ExecuteCommandRequest.type, { command: "arraylint.runBenchmark", arguments: [uri, 1] }), /benchmarks/);
        assert.equal(s.bench.calls.length, 0);
      } finally {
        await s.dispose();
      }
    });
  }

  test("arraylint/didChangeTrust with {}, null, { trusted: \"no\" } or { trusted: \"true\" } withdraws trust; only { trusted: true } grants it", async () => {
    const s = await startPair({ initializationOptions: { trusted: true } });
    try {
      const uri = await s.open(SOURCE);
      const run = () => s.conn.sendRequest(ExecuteCommandRequest.type, { command: "arraylint.runBenchmark", arguments: [uri, 1] });
      for (const params of [{}, null, { trusted: "no" }, { trusted: "true" }, { trusted: 1 }]) {
        await s.conn.sendNotification("arraylint/didChangeTrust", { trusted: true });
        await s.conn.sendNotification("arraylint/didChangeTrust", params);
        await assert.rejects(run(), /untrusted workspace/, JSON.stringify(params));
        const lenses = await s.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
        assert.match(lenses![0].command!.title, /untrusted/);
      }
      assert.equal(s.bench.calls.length, 0);
      await s.conn.sendNotification("arraylint/didChangeTrust", { trusted: true });
      await run();
      assert.equal(s.bench.calls.length, 1);
    } finally {
      await s.dispose();
    }
  });

  test("--allow-bench lets a client that says nothing about trust run benchmarks, never one that says anything but true", async () => {
    const silent = await startPair({ deps: { allowBench: true } });
    try {
      const uri = await silent.open(SOURCE);
      const lenses = await silent.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
      assert.equal(lenses![0].command!.title, "$(watch) Benchmark fix");
      await silent.conn.sendRequest(ExecuteCommandRequest.type, { command: "arraylint.runBenchmark", arguments: [uri, 1] });
      assert.equal(silent.bench.calls.length, 1);
    } finally {
      await silent.dispose();
    }
    const saysNo = await startPair({ deps: { allowBench: true }, initializationOptions: { trusted: "false" } });
    try {
      const uri = await saysNo.open(SOURCE);
      await assert.rejects(saysNo.conn.sendRequest(ExecuteCommandRequest.type, { command: "arraylint.runBenchmark", arguments: [uri, 1] }), /untrusted/);
      assert.equal(saysNo.bench.calls.length, 0);
    } finally {
      await saysNo.dispose();
    }
  });

  test("an untrusted workspace never runs a benchmark", async () => {
    const s = await startPair({ initializationOptions: { trusted: false } });
    try {
      const uri = await s.open(SOURCE);
      const lenses = await s.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
      assert.match(lenses![0].command!.title, /untrusted/);
      await assert.rejects(
        s.conn.sendRequest(ExecuteCommandRequest.type, { command: "arraylint.runBenchmark", arguments: [uri, 1] }),
        /untrusted workspace/,
      );
      assert.equal(s.bench.calls.length, 0);
      // the client grants trust later
      await s.conn.sendNotification("arraylint/didChangeTrust", { trusted: true });
      const r = await s.conn.sendRequest(ExecuteCommandRequest.type, { command: "arraylint.runBenchmark", arguments: [uri, 1] });
      assert.equal((r as BenchResult).equivalent, true);
      assert.equal(s.bench.calls.length, 1);
    } finally {
      await s.dispose();
    }
  });
});
