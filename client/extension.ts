// The VS Code side: start dist/server.js over IPC and surface the benchmark command. Thin on purpose:
// all analysis, fixes and benchmarks live in the server (so any LSP client gets the same features).
import * as path from "node:path";
import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";

/** Implemented by the server (workspace/executeCommand); vscode-languageclient registers the VS Code command that forwards to it. */
const SERVER_BENCH_COMMAND = "arraylint.runBenchmark";
/** Palette entry: benchmark the finding under the cursor (a separate id, since the server's is already registered). */
const BENCH_AT_CURSOR_COMMAND = "arraylint.benchmarkAtCursor";
/** Implemented by the server: weigh findings by a CPU profile ([path], or nothing to unload). */
const SERVER_LOAD_PROFILE_COMMAND = "arraylint.loadProfile";
/** Palette entries: pick a .cpuprofile and hand it to the server; unload it. */
const LOAD_PROFILE_FROM_FILE_COMMAND = "arraylint.loadProfileFromFile";
const CLEAR_PROFILE_COMMAND = "arraylint.clearProfile";

const LANGUAGES = ["typescript", "javascript", "typescriptreact", "javascriptreact"];

/** What the server returns: the bench contract's result (only the fields shown here) and its one-line summary. */
interface BenchReply {
  ruleId: string;
  line: number;
  equivalent: boolean;
  error?: string;
  summary?: string;
}

let client: LanguageClient | undefined;

function benchArgs(args: unknown[]): [string, number] | undefined {
  if (typeof args[0] === "string" && typeof args[1] === "number") return [args[0], args[1]];
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  return [editor.document.uri.toString(), editor.selection.active.line];
}

/** Runs the server's benchmark under a progress notification and shows the measured result. */
async function runBenchmarkWithProgress(args: unknown[], forward: (args: unknown[]) => Thenable<unknown> | unknown): Promise<unknown> {
  const resolved = benchArgs(args);
  if (!resolved) {
    void vscode.window.showWarningMessage("arraylint: open a TypeScript or JavaScript file and put the cursor on a finding to benchmark it.");
    return undefined;
  }
  try {
    const reply = (await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `arraylint: benchmarking line ${resolved[1] + 1}…`, cancellable: false },
      async () => forward(resolved),
    )) as BenchReply | undefined;
    if (!reply) return reply;
    const summary = reply.summary ?? (reply.error ? `benchmark failed: ${reply.error}` : "benchmark finished");
    const text = `arraylint ${reply.ruleId} (line ${reply.line}): ${summary}`;
    if (reply.error || !reply.equivalent) void vscode.window.showWarningMessage(text);
    else void vscode.window.showInformationMessage(text);
    return reply;
  } catch (e) {
    void vscode.window.showErrorMessage(`arraylint: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join("dist", "server.js"));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6009"] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: "file", language },
      { scheme: "untitled", language },
    ]),
    // globalStoragePath: where the server keeps this Node version's calibration (measured in the background)
    initializationOptions: { trusted: vscode.workspace.isTrusted, globalStoragePath: context.globalStorageUri.fsPath },
    middleware: {
      // the lens's command: wrap the forwarded request in a progress notification and show the result
      executeCommand: (command, args, next) =>
        command === SERVER_BENCH_COMMAND ? runBenchmarkWithProgress(args, (a) => next(command, a)) : next(command, args),
    },
  };
  client = new LanguageClient("arraylint", "arraylint", serverOptions, clientOptions);

  context.subscriptions.push(
    vscode.commands.registerCommand(BENCH_AT_CURSOR_COMMAND, () => {
      const resolved = benchArgs([]);
      if (!resolved) return runBenchmarkWithProgress([], () => undefined);
      return vscode.commands.executeCommand(SERVER_BENCH_COMMAND, ...resolved);
    }),
    vscode.commands.registerCommand(LOAD_PROFILE_FROM_FILE_COMMAND, async () => {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false, openLabel: "Load profile", filters: { "CPU profile": ["cpuprofile", "json"] },
      });
      if (!picked?.[0]) return undefined;
      try {
        const reply = (await vscode.commands.executeCommand(SERVER_LOAD_PROFILE_COMMAND, picked[0].fsPath)) as { totalSamples?: number } | undefined;
        void vscode.window.showInformationMessage(`arraylint: findings weighed by ${path.basename(picked[0].fsPath)} (${reply?.totalSamples ?? 0} samples)`);
        return reply;
      } catch (e) {
        void vscode.window.showErrorMessage(`arraylint: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      }
    }),
    vscode.commands.registerCommand(CLEAR_PROFILE_COMMAND, () => vscode.commands.executeCommand(SERVER_LOAD_PROFILE_COMMAND)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void client?.sendNotification("arraylint/didChangeTrust", { trusted: true });
    }),
  );

  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
