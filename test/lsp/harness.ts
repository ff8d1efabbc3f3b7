// A tiny LSP client for tests: a JSON-RPC connection that records what the server sends
// (diagnostics, log messages, code-lens refreshes) and answers its requests.
import {
  CodeLensRefreshRequest,
  ConfigurationRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  WorkDoneProgressCreateRequest,
  type ClientCapabilities,
  type MessageConnection,
  type PublishDiagnosticsParams,
} from "vscode-languageserver/node";

export const CLIENT_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceEdit: { documentChanges: true },
    codeLens: { refreshSupport: true },
    didChangeConfiguration: { dynamicRegistration: true },
  },
  window: { workDoneProgress: true },
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
    // $/progress notifications are accepted and ignored
    connection.onNotification("$/progress", () => {});
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
