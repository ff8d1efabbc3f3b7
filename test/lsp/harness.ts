// A tiny LSP client for tests: a JSON-RPC connection that records what the server sends
// (diagnostics, log messages, code-lens refreshes) and answers its requests.
import { PassThrough } from "node:stream";
import { pathToFileURL } from "node:url";
import {
  ApplyWorkspaceEditRequest,
  CodeLensRefreshRequest,
  ConfigurationRequest,
  InitializeRequest,
  InitializedNotification,
  LogMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createConnection,
  createMessageConnection,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowDocumentRequest,
  WorkDoneProgressCreateRequest,
  type ApplyWorkspaceEditParams,
  type ClientCapabilities,
  type MessageConnection,
  type PublishDiagnosticsParams,
  type ShowDocumentParams,
} from "vscode-languageserver/node";
import { startServer, type ServerDeps } from "../../server/lsp/server";

export const CLIENT_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceEdit: { documentChanges: true },
    applyEdit: true,
    codeLens: { refreshSupport: true },
    didChangeConfiguration: { dynamicRegistration: true },
  },
  window: { workDoneProgress: true, showDocument: { support: true } },
  textDocument: {
    publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true },
    codeAction: {
      isPreferredSupport: true,
      codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix", "refactor", "refactor.rewrite", "source", "source.fixAll"] } },
    },
  },
};

export class RecordingClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  readonly logs: string[] = [];
  codeLensRefreshes = 0;
  progressCreated = 0;
  /** workspace/applyEdit requests from the server (answered "applied"), and window/showDocument ones. */
  readonly appliedEdits: ApplyWorkspaceEditParams[] = [];
  readonly shownDocuments: ShowDocumentParams[] = [];
  /** $/progress values the server sent, in order. */
  readonly progress: unknown[] = [];
  /** What workspace/configuration answers for the "arraylint" section. */
  settings: unknown = {};
  private waiters: Array<() => void> = [];

  constructor(readonly connection: MessageConnection) {
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      const list = this.diagnostics.get(p.uri) ?? [];
      list.push(p);
      this.diagnostics.set(p.uri, list);
      this.wake();
    });
    connection.onNotification(LogMessageNotification.type, (p) => {
      this.logs.push(p.message);
      this.wake();
    });
    connection.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => this.settings));
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => {
      this.progressCreated++;
    });
    connection.onRequest(CodeLensRefreshRequest.type, () => {
      this.codeLensRefreshes++;
      this.wake();
    });
    connection.onRequest(ApplyWorkspaceEditRequest.type, (p) => {
      this.appliedEdits.push(p);
      this.wake();
      return { applied: true };
    });
    connection.onRequest(ShowDocumentRequest.type, (p) => {
      this.shownDocuments.push(p);
      this.wake();
      return { success: true };
    });
    connection.onNotification("$/progress", (p: { value?: unknown }) => {
      this.progress.push(p?.value);
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  /** Resolves when `predicate` holds (re-checked on every message from the server), or rejects after `ms`. */
  until<T>(what: string, predicate: () => T | undefined | false, ms = 20000): Promise<T> {
    return new Promise((resolve, reject) => {
      // re-checked on every message, and polled for state that changes without one (e.g. a fake's counters)
      const poll = setInterval(() => check(), 25);
      const timer = setTimeout(() => {
        clearInterval(poll);
        reject(new Error(`timed out waiting for ${what}; server log:\n${this.logs.join("\n")}`));
      }, ms);
      let done = false;
      const check = () => {
        if (done) return;
        const v = predicate();
        if (v) {
          done = true;
          clearTimeout(timer);
          clearInterval(poll);
          resolve(v);
        } else this.waiters.push(check);
      };
      check();
    });
  }

  /** The latest diagnostics published for `uri` with exactly this document version. */
  diagnosticsFor(uri: string, version: number): PublishDiagnosticsParams | undefined {
    return this.diagnostics.get(uri)?.filter((p) => p.version === version).at(-1);
  }
}

/**
 * The server in this process over in-memory pipes (`overrides` as startServer takes them), initialized for
 * `workspace` as one folder; `close` shuts it down.
 */
export async function inProcessServer(workspace: string, overrides: Partial<ServerDeps> = {}): Promise<{ conn: MessageConnection; client: RecordingClient; close(): Promise<void> }> {
  const up = new PassThrough();
  const down = new PassThrough();
  startServer(createConnection(new StreamMessageReader(up), new StreamMessageWriter(down)), overrides);
  const conn = createMessageConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  const client = new RecordingClient(conn);
  conn.listen();
  await conn.sendRequest(InitializeRequest.type, {
    processId: null, rootUri: pathToFileURL(workspace).href, workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: "ws" }], capabilities: CLIENT_CAPABILITIES,
  });
  await conn.sendNotification(InitializedNotification.type, {});
  return {
    conn,
    client,
    async close() {
      await conn.sendRequest(ShutdownRequest.type);
      conn.dispose();
      up.end();
      down.end();
    },
  };
}
