// The VS Code side: start dist/server.js over IPC, show what it is doing (status bar item, output
// channel) and offer the commands. Thin on purpose: all analysis, fixes, benchmarks and calibration live
// in the server (so any LSP client gets the same features); the commands here only ask the server.
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  ExecuteCommandRequest,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import { describeStatus, type ServerState, type StatusFacts } from "./status";

/** Implemented by the server (workspace/executeCommand); vscode-languageclient registers the VS Code command that forwards to it. */
const SERVER_BENCH_COMMAND = "arraylint.runBenchmark";
/** The server's calibration command (measures each fix kind on this machine); older servers lack it. */
const SERVER_CALIBRATE_COMMAND = "arraylint.calibrate";
/** The code action kind of the server's "fix all safe problems" action (also for editor.codeActionsOnSave). */
const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append("arraylint");

/** Palette commands (ids distinct from the server's, which vscode-languageclient registers itself). */
export const COMMANDS = {
  fixAll: "arraylint.fixAll",
  benchmarkAtCursor: "arraylint.benchmarkAtCursor",
  calibrate: "arraylint.calibrateMachine",
  showOutput: "arraylint.showOutput",
  restart: "arraylint.restartServer",
  loadProfile: "arraylint.loadProfileFromFile",
  clearProfile: "arraylint.clearProfile",
} as const;
/** Implemented by the server: weigh findings by a CPU profile ([path], or nothing to unload). */
const SERVER_LOAD_PROFILE_COMMAND = "arraylint.loadProfile";
/** The server's "add the runtime, then apply the fix" command (a quick-fix's command); vendor mode needs a folder, which the client asks for. */
const SERVER_ADD_RUNTIME_COMMAND = "arraylint.addRuntime";
/** The server's "show documentation" command; the client opens the bundled page as a Markdown preview instead. */
const SERVER_SHOW_DOCS_COMMAND = "arraylint.showDocumentation";

/** What the server's arraylint.addRuntime takes (server/lsp/codeActions.ts AddRuntimeArgs). */
interface AddRuntimeArgs {
  uri: string;
  line: number;
  ruleId: string;
  mode: "package" | "vendor";
  folder?: string;
}

const LANGUAGES = ["typescript", "javascript", "typescriptreact", "javascriptreact"];
const CHECKED_SCHEMES = ["file", "untitled"];
/** A document sent to the server counts as "analysing" until its diagnostics arrive, or at most this long. */
const ANALYSING_TIMEOUT_MS = 120_000;

/** What the server returns for a benchmark: the bench contract's result (only the fields shown here) and its one-line summary. */
interface BenchReply {
  ruleId: string;
  line: number;
  equivalent: boolean;
  error?: string;
  summary?: string;
}

let client: LanguageClient | undefined;

const isChecked = (document: vscode.TextDocument | undefined): document is vscode.TextDocument =>
  !!document && LANGUAGES.includes(document.languageId) && CHECKED_SCHEMES.includes(document.uri.scheme);

const describeError = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The status bar item and the facts it is computed from (describeStatus in ./status.ts decides the wording). */
class Status implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("arraylint.status", vscode.StatusBarAlignment.Right, 100);
  private readonly analysing = new Map<string, ReturnType<typeof setTimeout>>();
  private server: ServerState = "starting";
  private benchmarks = 0;
  private calibrating = false;

  constructor() {
    this.item.name = "arraylint";
    this.item.command = COMMANDS.showOutput;
  }

  setServer(state: ServerState): void {
    this.server = state;
    if (state !== "running") this.clearAnalysing();
    this.update();
  }

  /** A document's text went to the server: analysing until its diagnostics come back. */
  sent(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.analysing.get(key));
    // a server that never answers (an analysis that failed without publishing) must not spin forever
    this.analysing.set(key, setTimeout(() => this.answered(uri), ANALYSING_TIMEOUT_MS));
    this.update();
  }

  answered(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.analysing.get(key));
    if (this.analysing.delete(key)) this.update();
  }

  async track<T>(kind: "benchmark" | "calibration", work: () => Promise<T>): Promise<T> {
    if (kind === "benchmark") this.benchmarks++;
    else this.calibrating = true;
    this.update();
    try {
      return await work();
    } finally {
      if (kind === "benchmark") this.benchmarks--;
      else this.calibrating = false;
      this.update();
    }
  }

  update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const checked = isChecked(document);
    let problems = 0;
    let infos = 0;
    if (checked) {
      for (const d of vscode.languages.getDiagnostics(document.uri)) {
        if (d.source !== "arraylint") continue;
        if (d.severity === vscode.DiagnosticSeverity.Error || d.severity === vscode.DiagnosticSeverity.Warning) problems++;
        else infos++;
      }
    }
    const facts: StatusFacts = {
      server: this.server,
      running: { benchmarks: this.benchmarks, calibrating: this.calibrating },
      activeIsChecked: checked,
      activeIsAnalysing: checked && this.analysing.has(document.uri.toString()),
      findings: { problems, infos },
    };
    const view = describeStatus(facts);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.error ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
    if (view.visible) this.item.show();
    else this.item.hide();
  }

  private clearAnalysing(): void {
    for (const timer of this.analysing.values()) clearTimeout(timer);
    this.analysing.clear();
  }

  dispose(): void {
    this.clearAnalysing();
    this.item.dispose();
  }
}

function benchArgs(args: unknown[]): [string, number] | undefined {
  if (typeof args[0] === "string" && typeof args[1] === "number") return [args[0], args[1]];
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  return [editor.document.uri.toString(), editor.selection.active.line];
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("arraylint", { log: true });
  const status = new Status();
  context.subscriptions.push(output, status);

  /** Runs the server's benchmark under a progress notification and shows the measured result. */
  async function runBenchmarkWithProgress(args: unknown[], forward: (args: unknown[]) => Thenable<unknown> | unknown): Promise<unknown> {
    const resolved = benchArgs(args);
    if (!resolved) {
      void vscode.window.showWarningMessage("arraylint: open a TypeScript or JavaScript file and put the cursor on a finding to benchmark it.");
      return undefined;
    }
    try {
      const reply = (await status.track("benchmark", async () =>
        vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `arraylint: benchmarking line ${resolved[1] + 1}…`, cancellable: false },
          async () => forward(resolved),
        ),
      )) as BenchReply | undefined;
      if (!reply) return reply;
      const summary = reply.summary ?? (reply.error ? `benchmark failed: ${reply.error}` : "benchmark finished");
      const text = `arraylint ${reply.ruleId} (line ${reply.line}): ${summary}`;
      output.info(text);
      if (reply.error || !reply.equivalent) void vscode.window.showWarningMessage(text);
      else void vscode.window.showInformationMessage(text);
      return reply;
    } catch (e) {
      output.error(`benchmark: ${describeError(e)}`);
      void vscode.window.showErrorMessage(`arraylint: ${describeError(e)}`);
      return undefined;
    }
  }

  const serverModule = context.asAbsolutePath(path.join("dist", "server.js"));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6009"] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => CHECKED_SCHEMES.map((scheme) => ({ scheme, language }))),
    // settings reach the server on change without a restart: it registers workspace/didChangeConfiguration
    // for the "arraylint" section and pulls each document's settings with workspace/configuration
    initializationOptions: { trusted: vscode.workspace.isTrusted, globalStoragePath: context.globalStorageUri.fsPath },
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    middleware: {
      // the lens's command: wrap the forwarded request in a progress notification and show the result;
      // "add the runtime" asks for the vendor folder first; documentation opens as a Markdown preview
      executeCommand: (command, args, next) => {
        if (command === SERVER_BENCH_COMMAND) return runBenchmarkWithProgress(args, (a) => next(command, a));
        if (command === SERVER_ADD_RUNTIME_COMMAND) return addRuntime(args, (a) => next(command, a), output);
        if (command === SERVER_SHOW_DOCS_COMMAND) return showDocumentation(context, args, (a) => next(command, a));
        return next(command, args);
      },
      didOpen: (document, next) => {
        status.sent(document.uri);
        return next(document);
      },
      didChange: (event, next) => {
        if (event.contentChanges.length > 0) status.sent(event.document.uri);
        return next(event);
      },
      didClose: (document, next) => {
        status.answered(document.uri);
        return next(document);
      },
      handleDiagnostics: (uri, diagnostics, next) => {
        next(uri, diagnostics);
        status.answered(uri);
      },
    },
  };
  const languageClient = new LanguageClient("arraylint", "arraylint", serverOptions, clientOptions);
  client = languageClient;

  const stateNames: Record<State, ServerState> = {
    [State.Starting]: "starting",
    [State.Running]: "running",
    [State.Stopped]: "stopped",
    [State.StartFailed]: "stopped",
  };
  context.subscriptions.push(
    languageClient.onDidChangeState((e) => status.setServer(stateNames[e.newState])),
    vscode.window.onDidChangeActiveTextEditor(() => status.update()),
    vscode.languages.onDidChangeDiagnostics((e) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && e.uris.some((u) => u.toString() === active)) status.update();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void languageClient.sendNotification("arraylint/didChangeTrust", { trusted: true });
    }),

    vscode.commands.registerCommand(COMMANDS.benchmarkAtCursor, () => {
      const resolved = benchArgs([]);
      if (!resolved) return runBenchmarkWithProgress([], () => undefined);
      return vscode.commands.executeCommand(SERVER_BENCH_COMMAND, ...resolved);
    }),
    vscode.commands.registerCommand(COMMANDS.fixAll, () => fixAllInActiveFile(output)),
    vscode.commands.registerCommand(COMMANDS.calibrate, (options?: unknown) => calibrate(languageClient, status, output, options)),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => output.show(true)),
    vscode.commands.registerCommand(COMMANDS.restart, async () => {
      output.info("restarting the language server (arraylint: Restart server)");
      try {
        if (languageClient.needsStop() || languageClient.isRunning()) await languageClient.restart();
        else await languageClient.start();
        return true;
      } catch (e) {
        output.error(`restart failed: ${describeError(e)}`);
        void vscode.window.showErrorMessage(`arraylint: the language server did not start again: ${describeError(e)}`);
        return false;
      }
    }),
    vscode.commands.registerCommand(COMMANDS.loadProfile, async () => {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false, openLabel: "Load profile", filters: { "CPU profile": ["cpuprofile", "json"] },
      });
      if (!picked?.[0]) return undefined;
      try {
        const reply = (await vscode.commands.executeCommand(SERVER_LOAD_PROFILE_COMMAND, picked[0].fsPath)) as { totalSamples?: number } | undefined;
        void vscode.window.showInformationMessage(`arraylint: findings weighed by ${path.basename(picked[0].fsPath)} (${reply?.totalSamples ?? 0} samples)`);
        return reply;
      } catch (e) {
        void vscode.window.showErrorMessage(`arraylint: ${describeError(e)}`);
        return undefined;
      }
    }),
    vscode.commands.registerCommand(COMMANDS.clearProfile, () => vscode.commands.executeCommand(SERVER_LOAD_PROFILE_COMMAND)),
  );
  status.update();

  try {
    await languageClient.start();
  } catch (e) {
    // keep the commands (Restart server, Show output) available instead of failing the activation
    status.setServer("stopped");
    output.error(`the language server did not start: ${describeError(e)}`);
    void vscode.window.showErrorMessage(`arraylint: the language server did not start (${describeError(e)}). See "arraylint: Show output".`);
  }
}

/**
 * "Fix all in file": asks the server for its `source.fixAll.arraylint` action on the active document (the same
 * action `editor.codeActionsOnSave` runs) and applies it. Returns the number of edits applied (0: nothing to fix).
 */
async function fixAllInActiveFile(output: vscode.LogOutputChannel): Promise<number> {
  const document = vscode.window.activeTextEditor?.document;
  if (!isChecked(document)) {
    void vscode.window.showWarningMessage("arraylint: open a TypeScript or JavaScript file to fix it.");
    return 0;
  }
  const whole = new vscode.Range(0, 0, document.lineCount, 0);
  const actions =
    (await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", document.uri, whole, FIX_ALL_KIND.value)) ?? [];
  const fixAll = actions.find((a) => a.kind && FIX_ALL_KIND.contains(a.kind));
  if (!fixAll?.edit) {
    void vscode.window.showInformationMessage("arraylint: no safe fixes in this file.");
    return 0;
  }
  const edits = fixAll.edit.get(document.uri).length;
  if (!(await vscode.workspace.applyEdit(fixAll.edit))) {
    output.error(`fix all: the editor refused the edit for ${document.uri.toString()} (the file changed meanwhile?)`);
    void vscode.window.showWarningMessage("arraylint: the fixes could not be applied (the file changed meanwhile); try again.");
    return 0;
  }
  if (fixAll.command) await vscode.commands.executeCommand(fixAll.command.command, ...(fixAll.command.arguments ?? []));
  output.info(`fix all: applied "${fixAll.title}" to ${document.uri.toString()}`);
  return edits;
}

/**
 * "Calibrate": runs the server's `arraylint.calibrate` (if this server has it) under a cancellable
 * progress notification. `options` (`{ fixtures?, sizes?, timeBudgetMs? }`, for tests and scripts) is
 * passed on: a run limited that way is reported, not saved.
 */
async function calibrate(languageClient: LanguageClient, status: Status, output: vscode.LogOutputChannel, options?: unknown): Promise<unknown> {
  if (!languageClient.isRunning()) {
    void vscode.window.showWarningMessage('arraylint: the language server is not running; run "arraylint: Restart server" first.');
    return undefined;
  }
  const commands = languageClient.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
  if (!commands.includes(SERVER_CALIBRATE_COMMAND)) {
    const message = `this arraylint server cannot calibrate (it offers no "${SERVER_CALIBRATE_COMMAND}" command; it has: ${commands.join(", ") || "none"}). Update arraylint to calibrate, or run \`npx arraylint calibrate\` where the CLI has it.`;
    output.warn(`calibrate: ${message}`);
    void vscode.window.showWarningMessage(`arraylint: ${message}`);
    return undefined;
  }
  try {
    const reply = await status.track("calibration", () =>
      Promise.resolve(
        vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: "arraylint: calibrating (measuring each fix kind on this machine)…", cancellable: true },
          (_progress, token) => languageClient.sendRequest(
            ExecuteCommandRequest.type,
            { command: SERVER_CALIBRATE_COMMAND, arguments: options && typeof options === "object" ? [options] : [] },
            token,
          ),
        ),
      ),
    );
    const summary = reply && typeof reply === "object" && typeof (reply as { summary?: unknown }).summary === "string" ? (reply as { summary: string }).summary : "done";
    output.info(`calibrate: ${summary}`);
    void vscode.window.showInformationMessage(`arraylint calibration: ${summary}`);
    return reply;
  } catch (e) {
    output.error(`calibrate: ${describeError(e)}`);
    void vscode.window.showErrorMessage(`arraylint: calibration failed: ${describeError(e)}`);
    return undefined;
  }
}

/** The folder of the nearest package.json above `file` (inside its workspace folder), else the workspace folder. */
function projectRootOf(file: vscode.Uri): string | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(file)?.uri.fsPath;
  if (file.scheme !== "file") return folder;
  for (let dir = path.dirname(file.fsPath); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (dir === folder || path.dirname(dir) === dir) return folder;
  }
}

/**
 * A quick-fix's "add the runtime to this project": vendor mode asks where the file goes (relative to
 * the project, default src/vendor or vendor), then the server adds it and applies the fix; the outcome
 * or the server's error (npm failed, untrusted workspace…) is shown.
 */
async function addRuntime(args: unknown[], forward: (args: unknown[]) => Thenable<unknown> | unknown, output: vscode.LogOutputChannel): Promise<unknown> {
  const request = { ...(args[0] as AddRuntimeArgs) };
  if (request.mode === "vendor" && request.folder === undefined) {
    const root = projectRootOf(vscode.Uri.parse(request.uri));
    const suggestion = root && fs.existsSync(path.join(root, "src")) ? "src/vendor" : "vendor";
    const folder = await vscode.window.showInputBox({
      title: "arraylint: vendor the runtime",
      prompt: `Folder for arraylint-runtime.mjs/.cjs and its declarations, relative to ${root ?? "the project"}`,
      value: suggestion,
      validateInput: (v) => (!v.trim() ? "a folder, e.g. src/vendor" : v.split(/[\/]/).includes("..") ? "a folder inside the project" : undefined),
    });
    if (folder === undefined) return undefined; // the user cancelled: nothing changes
    request.folder = folder.trim();
  }
  try {
    const reply = (await forward([request])) as { applied?: boolean; summary?: string } | undefined;
    const summary = reply?.summary ?? "done";
    output.info(`add runtime: ${summary}`);
    if (reply?.applied) void vscode.window.showInformationMessage(`arraylint: ${summary}`);
    else void vscode.window.showWarningMessage(`arraylint: ${summary}`);
    return reply;
  } catch (e) {
    output.error(`add runtime: ${describeError(e)}`);
    void vscode.window.showErrorMessage(`arraylint: could not add the runtime: ${describeError(e)}`);
    return undefined;
  }
}

/** "Show documentation": the rule's page shipped in the extension, as a Markdown preview (the server's showDocument otherwise). */
async function showDocumentation(context: vscode.ExtensionContext, args: unknown[], forward: (args: unknown[]) => Thenable<unknown> | unknown): Promise<unknown> {
  const [ruleId] = args;
  const page = typeof ruleId === "string" ? context.asAbsolutePath(path.join("docs", "rules", `${ruleId}.md`)) : undefined;
  if (page && /^[\w-]+$/.test(ruleId as string) && fs.existsSync(page)) {
    const uri = vscode.Uri.file(page);
    try {
      await vscode.commands.executeCommand("markdown.showPreview", uri);
      return { uri: uri.toString(), shown: true };
    } catch {
      // no Markdown extension: the server opens the page as a document
    }
  }
  return forward(args);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
