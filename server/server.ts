// Entry of dist/server.js. `createConnection(ProposedFeatures.all)` picks the transport from argv:
// `--stdio` for any LSP client, `--node-ipc` when the VS Code client starts it (TransportKind.ipc).
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { startServer } from "./lsp/server";

const connection = createConnection(ProposedFeatures.all);

// the server must outlive any bug in analysis: log and keep serving
process.on("uncaughtException", (e) => connection.console.error(`[arraylint] uncaught: ${e.stack ?? e.message}`));
process.on("unhandledRejection", (e) => connection.console.error(`[arraylint] unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));

startServer(connection);
