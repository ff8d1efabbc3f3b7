// The language server (dist/server-main.js; dist/server.js, server-launcher.ts, starts it through V8's
// code cache). `createConnection(ProposedFeatures.all)` picks the transport from argv:
// `--stdio` for any LSP client, `--node-ipc` when the VS Code client starts it (TransportKind.ipc).
// `--allow-bench`: clients that say nothing about workspace trust may run benchmarks (off by default).
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { startServer } from "./lsp/server";

const connection = createConnection(ProposedFeatures.all);

// the server must outlive any bug in analysis: log and keep serving
function logFatal(what: string, e: unknown): void {
  const text = `[arraylint] ${what}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
  try {
    connection.console.error(text);
  } catch {
    // the connection itself is gone: stderr is all that is left (never stdout, the stdio transport)
    process.stderr.write(text + "\n");
  }
}
process.on("uncaughtException", (e) => logFatal("uncaught exception", e));
process.on("unhandledRejection", (e) => logFatal("unhandled rejection", e));

startServer(connection, { allowBench: process.argv.includes("--allow-bench") });
