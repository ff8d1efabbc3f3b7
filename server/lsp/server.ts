// The language server: documents → engine (one per workspace folder) → diagnostics, code actions,
// code lenses and the benchmark command. Every handler survives a failing analysis: it logs and yields less.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type WorkDoneProgressReporter,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { version } from "../../package.json";
import { Engine, LineMap, applySafeFixes, detectGeneratedCode, type AnalysisNote, type AnalyzeOptions, type Explanation, type Finding } from "../engine/index";
import { formatBenchResult, runBenchmark, type BenchOptions } from "../bench/index";
import { NothingToMeasureError, prepareFindingBenchmark } from "../bench/finding";
import { ProfileError, indexProfile, readProfile, type ProfileIndex } from "../profile/cpuprofile";
import { CalibrationService, fixAllFilter, judgeFindings } from "./measured";
import { ConfigError, defaultConfig, isIncluded, isTestFile, loadConfigFor, type ArraylintConfig } from "../config";
import { SourceReadError, formatBytes, readSourceFile } from "../source-files";
import { explanationToDiagnostic, findingToDiagnostic, noteToDiagnostic } from "./convert";
import { FIX_ALL_KIND, findingActions, fixAllAction, type ActionContext } from "./codeActions";
import { BENCH_COMMAND, BenchCache, LOAD_PROFILE_COMMAND, benchLenses, failedBenchResult, type BenchCommandResult } from "./bench";
import { analyzeOptionsFor, normalizeSettings, type ArraylintSettings, type InitializationOptions } from "./settings";

type EngineInit = NonNullable<ConstructorParameters<typeof Engine>[0]>;

/** What the server needs from the engine; tests substitute fakes through ServerDeps. */
export interface EngineLike {
  analyze: Engine["analyze"];
  forget: Engine["forget"];
}

export interface ServerDeps {
  createEngine(init: EngineInit): EngineLike;
  applySafeFixes(engine: EngineLike, filePath: string, text: string, options: AnalyzeOptions, accept?: (f: Finding, text: string) => boolean): { text: string; applied: number };
  runBenchmark: typeof runBenchmark;
  formatBenchResult: typeof formatBenchResult;
  loadConfigFor(filePath: string, stopDir?: string): ArraylintConfig;
  /** Delay between the last keystroke and the analysis. */
  debounceMs: number;
  /**
   * The server was started with `--allow-bench`: benchmarks may run for a client that says nothing
   * about trust (`initializationOptions.trusted` absent). Only an explicit boolean `true` from the
   * client enables them otherwise.
   */
  allowBench: boolean;
}

const DEFAULT_DEPS: ServerDeps = {
  createEngine: (init) => new Engine(init),
  applySafeFixes: (engine, filePath, text, options, accept) => applySafeFixes(engine as Engine, filePath, text, options, accept),
  runBenchmark,
  formatBenchResult,
  loadConfigFor,
  debounceMs: 150,
  allowBench: false,
};

/** One analysed version of a document; `doc` is a snapshot of exactly the analysed text. */
interface Analysis {
  uri: string;
  version: number;
  doc: TextDocument;
  /** Positions in `doc`'s text: every range the server sends is computed through it. */
  lines: LineMap;
  filePath: string;
  settings: ArraylintSettings;
  options: AnalyzeOptions;
  engine: EngineLike | undefined;
  findings: Finding[];
  explanations: Explanation[];
  /** Why the analysis is partial or skipped (information diagnostics). */
  notes: AnalysisNote[];
}

/** The background calibration waits this long after start-up, so opening a workspace stays quick. */
const BACKGROUND_CALIBRATION_DELAY_MS = 60_000;

/** Why benchmarks cannot run, or undefined when they can. */
type BenchBlock = "untrusted" | "not-enabled" | undefined;

/** Only a boolean `true` is trust; any other value the client sends (a string, null, an object) is not. */
function benchBlockFrom(trusted: unknown, allowBench: boolean): BenchBlock {
  if (trusted === true) return undefined;
  if (trusted === undefined) return allowBench ? undefined : "not-enabled";
  return "untrusted";
}

const BENCH_BLOCKED_MESSAGE: Record<Exclude<BenchBlock, undefined>, string> = {
  untrusted:
    "arraylint does not run benchmarks in an untrusted workspace: they execute code from this workspace. Trust the workspace to enable them.",
  "not-enabled":
    "arraylint runs benchmarks (they execute code from this workspace) only when the client enables them: initializationOptions.trusted = true, or start the server with --allow-bench.",
};

const EXTENSION_OF_LANGUAGE: Record<string, string> = {
  typescript: ".ts", typescriptreact: ".tsx", javascript: ".js", javascriptreact: ".jsx",
};

function describeError(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

export function startServer(connection: Connection, overrides: Partial<ServerDeps> = {}): void {
  const deps: ServerDeps = { ...DEFAULT_DEPS, ...overrides };
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, Analysis>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const justOpened = new Set<string>();
  const settingsCache = new Map<string, Promise<ArraylintSettings>>();
  const engines = new Map<string, EngineLike | undefined>();
  const benchCache = new BenchCache();
  const reportedConfigErrors = new Set<string>();
  let folders: string[] = [];
  let benchBlock: BenchBlock = "not-enabled";
  let pushedSettings: unknown;
  /** Measurements findings are weighed with (server/lsp/measured.ts): calibration, a loaded profile. */
  let calibration: CalibrationService | undefined;
  let profile: ProfileIndex | undefined;
  const caps = { configuration: false, documentChanges: false, workDoneProgress: false, codeLensRefresh: false, dynamicConfiguration: false, dynamicWatchers: false, workspaceFolders: false };

  const log = (message: string) => {
    try {
      connection.console.error(`[arraylint] ${message}`);
    } catch {
      // the connection is closed (the client went away): there is no one left to tell
    }
  };
  // rule crashes inside the engine go to the client's output channel, never to stdout (the stdio transport)
  const engineLogger = { error: (message: string) => log(message) };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const c = params.capabilities;
    caps.configuration = !!c.workspace?.configuration;
    caps.documentChanges = !!c.workspace?.workspaceEdit?.documentChanges;
    caps.workDoneProgress = !!c.window?.workDoneProgress;
    caps.codeLensRefresh = !!c.workspace?.codeLens?.refreshSupport;
    caps.dynamicConfiguration = !!c.workspace?.didChangeConfiguration?.dynamicRegistration;
    caps.dynamicWatchers = !!c.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    caps.workspaceFolders = !!c.workspace?.workspaceFolders;
    const rawInit: unknown = params.initializationOptions;
    const init = (rawInit !== null && typeof rawInit === "object" ? rawInit : {}) as InitializationOptions;
    // fails closed: a missing, null, string or object `trusted` never enables running workspace code
    benchBlock = benchBlockFrom(init.trusted, deps.allowBench);
    pushedSettings = init.settings;
    calibration = new CalibrationService(typeof init.globalStoragePath === "string" ? init.globalStoragePath : undefined, log);
    folders = (params.workspaceFolders ?? [])
      .filter((f) => f.uri.startsWith("file:"))
      .map((f) => fileURLToPath(f.uri));
    if (folders.length === 0 && params.rootUri?.startsWith("file:")) folders = [fileURLToPath(params.rootUri)];
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND] },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [BENCH_COMMAND, LOAD_PROFILE_COMMAND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: caps.workspaceFolders } },
      },
      serverInfo: { name: "arraylint", version },
    };
  });

  connection.onInitialized(() => {
    // the first calibration of this Node version, in the background, when the client gave a storage folder
    void workspaceSettings().then((settings) => {
      if (settings.calibration.background) calibration?.scheduleBackground(BACKGROUND_CALIBRATION_DELAY_MS, revalidateAll);
    });
    if (caps.dynamicConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: "arraylint" }).catch((e) => log(describeError(e)));
    }
    if (caps.dynamicWatchers) {
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: "**/arraylint.config.json" }, { globPattern: "**/package.json" }] })
        .catch((e) => log(describeError(e)));
    }
    if (caps.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.filter((f) => f.uri.startsWith("file:")).map((f) => fileURLToPath(f.uri)));
        folders = folders.filter((f) => !removed.has(f));
        for (const f of removed) engines.delete(f);
        for (const f of e.added) if (f.uri.startsWith("file:")) folders.push(fileURLToPath(f.uri));
        revalidateAll();
      });
    }
  });

  // --- workspace folders, engines, paths -------------------------------------------------------

  function folderOf(filePath: string): string | undefined {
    let best: string | undefined;
    for (const f of folders) {
      const rel = path.relative(f, filePath);
      if (!rel.startsWith("..") && !path.isAbsolute(rel) && (!best || f.length > best.length)) best = f;
    }
    return best;
  }

  function engineFor(filePath: string): EngineLike | undefined {
    const root = folderOf(filePath) ?? "";
    if (engines.has(root)) return engines.get(root);
    let engine: EngineLike | undefined;
    try {
      const tsconfig = root ? path.join(root, "tsconfig.json") : undefined;
      engine = deps.createEngine(
        root ? { rootDir: root, tsconfigPath: tsconfig && fs.existsSync(tsconfig) ? tsconfig : undefined, logger: engineLogger } : { logger: engineLogger },
      );
    } catch (e) {
      log(`could not create the engine for ${root || "files outside the workspace"} (${describeError(e)}); using one without tsconfig`);
      try {
        engine = deps.createEngine({ logger: engineLogger });
      } catch (e2) {
        log(`could not create an engine at all: ${describeError(e2)}`);
      }
    }
    engines.set(root, engine);
    return engine;
  }

  /** A file path for the engine; untitled and other non-file documents get a virtual path in the workspace. */
  function filePathFor(uri: string, languageId: string): string {
    if (uri.startsWith("file:")) return fileURLToPath(uri);
    const ext = EXTENSION_OF_LANGUAGE[languageId] ?? ".ts";
    const name = (decodeURIComponent(uri.replace(/^[a-z-]+:/i, "")).split(/[\\/]/).pop() || "untitled").replace(/[^\w.-]/g, "_");
    const base = folders[0] ?? os.tmpdir();
    return path.join(base, ".arraylint-untitled", /\.[cm]?[jt]sx?$/.test(name) ? name : name + ext);
  }

  // --- settings --------------------------------------------------------------------------------

  function settingsFor(uri: string): Promise<ArraylintSettings> {
    if (!caps.configuration) return Promise.resolve(currentPushedSettings());
    let p = settingsCache.get(uri);
    if (!p) {
      p = connection.workspace
        .getConfiguration({ scopeUri: uri, section: "arraylint" })
        .then((raw) => normalizeSettings(raw ?? pushedSettings, (m) => log(m)))
        .catch((e) => {
          log(`workspace/configuration failed (${describeError(e)}); using defaults`);
          return normalizeSettings(pushedSettings);
        });
      settingsCache.set(uri, p);
    }
    return p;
  }

  /** The workspace-wide `arraylint` settings (not a document's). */
  function workspaceSettings(): Promise<ArraylintSettings> {
    if (!caps.configuration) return Promise.resolve(currentPushedSettings());
    return connection.workspace.getConfiguration({ section: "arraylint" })
      .then((raw) => normalizeSettings(raw ?? pushedSettings, (m) => log(m)))
      .catch(() => normalizeSettings(pushedSettings));
  }

  let pushedCache: ArraylintSettings | undefined;
  function currentPushedSettings(): ArraylintSettings {
    return (pushedCache ??= normalizeSettings(pushedSettings, (m) => log(m)));
  }

  function configFor(filePath: string, isFile: boolean): ArraylintConfig {
    const stop = folderOf(filePath);
    try {
      // untitled documents take the workspace's config (their virtual folder does not exist)
      return deps.loadConfigFor(isFile ? filePath : path.join(stop ?? os.tmpdir(), "untitled.ts"), stop);
    } catch (e) {
      const message = e instanceof ConfigError ? e.message : describeError(e);
      if (!reportedConfigErrors.has(message)) {
        reportedConfigErrors.add(message);
        log(`configuration ignored: ${message}`);
        void connection.window.showWarningMessage(`arraylint: configuration ignored: ${message}`);
      }
      return defaultConfig(stop ?? path.dirname(filePath));
    }
  }

  // --- analysis --------------------------------------------------------------------------------

  function analyzeSnapshot(live: TextDocument, settings: ArraylintSettings): Analysis {
    const text = live.getText();
    const doc = TextDocument.create(live.uri, live.languageId, live.version, text);
    const isFile = doc.uri.startsWith("file:");
    const filePath = filePathFor(doc.uri, doc.languageId);
    const base: Analysis = {
      uri: doc.uri, version: doc.version, doc, lines: new LineMap(text), filePath, settings,
      options: analyzeOptionsFor(defaultConfig(path.dirname(filePath)), settings),
      engine: undefined, findings: [], explanations: [], notes: [],
    };
    if (!settings.enable) return base;
    const config = configFor(filePath, isFile);
    if (isFile && !isIncluded(config, filePath)) return base;
    if (settings.ignoreTests && isTestFile(filePath)) return base;
    base.options = analyzeOptionsFor(config, settings);
    const size = Buffer.byteLength(text, "utf8");
    if (size > settings.maxFileSize) {
      // parsing a huge buffer would stall every request behind it; generated code is skipped as such
      const sample = text.length > 131072 ? text.slice(0, 65536) + "\n" + text.slice(-65536) : text;
      const generated = base.options.includeGenerated ? undefined : detectGeneratedCode(sample);
      base.notes = [
        generated
          ? { kind: "generated", message: `skipped: ${generated}` }
          : { kind: "too-large", message: `not analysed: ${formatBytes(size)} is over the ${formatBytes(settings.maxFileSize)} file size limit (arraylint.maxFileSize)` },
      ];
      return base;
    }
    base.engine = engineFor(filePath);
    if (!base.engine) return base;
    try {
      const result = base.engine.analyze(filePath, text, base.options);
      // severities, figures and profile shares as the measurements say (measured.ts)
      const judged = judgeFindings(result.findings, measurementContext(doc, filePath, !!base.options.explain));
      base.findings = judged.findings;
      // information diagnostics only when asked for (arraylint.explain, or "explain" in the config file)
      base.explanations = base.options.explain ? [...result.explanations, ...judged.explanations] : [];
      base.notes = result.notes ?? [];
    } catch (e) {
      // half-typed code or an engine bug: fewer findings, never a dead server
      log(`analysis of ${doc.uri} failed: ${describeError(e)}`);
    }
    return base;
  }

  function measurementContext(doc: TextDocument, filePath: string, explain: boolean) {
    const text = doc.getText();
    return {
      filePath, text, table: calibration?.table, profile, explain,
      measuredOf: (f: Finding) => benchCache.result(BenchCache.key(doc.uri, text, f)),
    };
  }

  /** The analysis of the document's current version (computed now if the cached one is stale). */
  async function currentAnalysis(uri: string): Promise<Analysis | undefined> {
    const settings = await settingsFor(uri);
    const live = documents.get(uri);
    if (!live) return undefined;
    const cached = analyses.get(uri);
    if (cached && cached.version === live.version && cached.settings === settings) return cached;
    const analysis = analyzeSnapshot(live, settings);
    analyses.set(uri, analysis);
    return analysis;
  }

  function isCurrent(a: Analysis): boolean {
    return documents.get(a.uri)?.version === a.version;
  }

  async function validate(uri: string): Promise<void> {
    try {
      const a = await currentAnalysis(uri);
      // a newer version arrived meanwhile: its own scheduled validation publishes
      if (!a || !isCurrent(a)) return;
      const diagnostics = [
        ...a.findings.map(findingToDiagnostic),
        ...a.explanations.map(explanationToDiagnostic),
        ...a.notes.flatMap((n) => noteToDiagnostic(n) ?? []),
      ];
      await connection.sendDiagnostics({ uri, version: a.version, diagnostics });
    } catch (e) {
      log(`publishing diagnostics for ${uri} failed: ${describeError(e)}`);
    }
  }

  function schedule(uri: string, delayMs: number): void {
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        void validate(uri);
      }, delayMs),
    );
  }

  function revalidateAll(): void {
    analyses.clear();
    for (const doc of documents.all()) schedule(doc.uri, 0);
    refreshLenses();
  }

  function refreshLenses(): void {
    if (caps.codeLensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type).catch((e) => log(describeError(e)));
  }

  documents.onDidOpen((e) => justOpened.add(e.document.uri));
  documents.onDidChangeContent((e) => {
    const first = justOpened.delete(e.document.uri);
    schedule(e.document.uri, first ? 0 : deps.debounceMs);
  });
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    justOpened.delete(uri);
    const a = analyses.get(uri);
    analyses.delete(uri);
    settingsCache.delete(uri);
    benchCache.forgetDocument(uri);
    try {
      a?.engine?.forget(a.filePath);
    } catch (err) {
      log(`forget ${uri} failed: ${describeError(err)}`);
    }
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  connection.onDidChangeConfiguration((params) => {
    if (!caps.configuration) {
      const section = (params.settings as Record<string, unknown> | null)?.arraylint;
      if (section !== undefined) pushedSettings = section;
      pushedCache = undefined;
    }
    settingsCache.clear();
    benchCache.clear();
    revalidateAll();
  });

  connection.onDidChangeWatchedFiles(() => revalidateAll());

  connection.onNotification("arraylint/didChangeTrust", (params: unknown) => {
    // only `{ trusted: true }` grants trust; {}, null, "no" or a string "true" withdraw it
    const value = params !== null && typeof params === "object" ? (params as { trusted?: unknown }).trusted : undefined;
    benchBlock = value === true ? undefined : "untrusted";
    refreshLenses();
  });

  // --- code actions ----------------------------------------------------------------------------

  /** The request's document URI; a request without one is answered with InvalidParams, not an internal error. */
  function documentUri(params: unknown): string {
    const uri = (params as { textDocument?: { uri?: unknown } } | null)?.textDocument?.uri;
    if (typeof uri !== "string") throw new ResponseError(ErrorCodes.InvalidParams, "textDocument.uri must be a string");
    return uri;
  }

  connection.onCodeAction(async (params): Promise<CodeAction[]> => {
    const uri = documentUri(params);
    try {
      const a = await currentAnalysis(uri);
      if (!a || !a.settings.enable) return [];
      const ctx: ActionContext = { doc: a.doc, lines: a.lines, findings: a.findings, documentChanges: caps.documentChanges };
      const only = params.context.only;
      const actions = findingActions(ctx, params.range, only);
      const fixAll = fixAllAction(ctx, only, () => {
        if (!a.engine) return a.doc.getText();
        try {
          return deps.applySafeFixes(a.engine, a.filePath, a.doc.getText(), a.options, fixAllFilter(measurementContext(a.doc, a.filePath, false))).text;
        } finally {
          // put the editor's text back as the engine's overlay
          a.engine.analyze(a.filePath, a.doc.getText(), a.options);
        }
      });
      if (fixAll) actions.push(fixAll);
      // never hand out edits computed for a version the editor has already left
      return isCurrent(a) ? actions : [];
    } catch (e) {
      log(`code actions for ${uri} failed: ${describeError(e)}`);
      return [];
    }
  });

  // --- code lenses and the benchmark command ---------------------------------------------------

  connection.onCodeLens(async (params) => {
    const uri = documentUri(params);
    try {
      const a = await currentAnalysis(uri);
      if (!a || !a.settings.enable) return [];
      return benchLenses(a.uri, a.doc.getText(), a.findings, benchCache, benchBlock);
    } catch (e) {
      log(`code lenses for ${uri} failed: ${describeError(e)}`);
      return [];
    }
  });

  /** Analysis of an open document, or of the file on disk when the client runs the command on a closed one. */
  async function analysisForCommand(uri: string): Promise<Analysis> {
    if (documents.get(uri)) {
      const a = await currentAnalysis(uri);
      if (a) return a;
    }
    if (!uri.startsWith("file:")) throw new ResponseError(ErrorCodes.InvalidParams, `document ${uri} is not open`);
    let filePath: string;
    try {
      filePath = fileURLToPath(uri);
    } catch {
      throw new ResponseError(ErrorCodes.InvalidParams, `not a file URI: ${uri}`);
    }
    const settings = await settingsFor(uri);
    let text: string;
    try {
      // regular files under the size cap only: a FIFO or /dev/zero must not block or fill the server
      text = readSourceFile(filePath, settings.maxFileSize);
    } catch (e) {
      const why = e instanceof SourceReadError ? e.message : describeError(e);
      throw new ResponseError(ErrorCodes.InvalidParams, `cannot benchmark ${filePath}: ${why}`);
    }
    const languageId = /\.[cm]?jsx?$/.test(filePath) ? "javascript" : "typescript";
    return analyzeSnapshot(TextDocument.create(uri, languageId, 0, text), settings);
  }

  connection.onExecuteCommand(async (params, token, workDone): Promise<BenchCommandResult | { loaded: boolean; totalSamples?: number }> => {
    if (params.command === LOAD_PROFILE_COMMAND) return loadProfile(params.arguments ?? []);
    if (params.command !== BENCH_COMMAND) {
      throw new ResponseError(ErrorCodes.InvalidRequest, `arraylint has no command "${params.command}"`);
    }
    const [uri, line] = params.arguments ?? [];
    if (typeof uri !== "string" || typeof line !== "number" || !Number.isInteger(line) || line < 0) {
      throw new ResponseError(ErrorCodes.InvalidParams, `${BENCH_COMMAND} expects [uri: string, line: number (0-based)]`);
    }
    if (benchBlock) throw new ResponseError(LSPErrorCodes.RequestFailed, BENCH_BLOCKED_MESSAGE[benchBlock]);
    const a = await analysisForCommand(uri);
    // a finding with a fix's benchmark first; a finding without one has its original timed
    const onLine = (f: Finding) => f.range.start.line === line;
    const covers = (f: Finding) => f.range.start.line <= line && line <= f.range.end.line;
    const finding = a.findings.find((f) => f.bench && onLine(f)) ?? a.findings.find((f) => f.bench && covers(f)) ??
      a.findings.find(onLine) ?? a.findings.find(covers);
    if (!finding) {
      throw new ResponseError(ErrorCodes.InvalidParams, `nothing to measure: no arraylint finding at line ${line + 1} of ${uri}`);
    }
    const key = BenchCache.key(uri, a.doc.getText(), finding);
    const fallbackOpts: BenchOptions = {
      ruleId: finding.ruleId, file: a.filePath, line: finding.range.start.line + 1,
      size: a.settings.bench.size || undefined, timeBudgetMs: a.settings.bench.timeBudgetMs,
    };
    let spec;
    let opts: BenchOptions;
    try {
      // sizes from the code (else a sweep), module mode, a spec for a finding without a fix (bench/finding.ts)
      ({ spec, options: opts } = prepareFindingBenchmark(finding, {
        file: a.filePath, text: a.doc.getText(), size: a.settings.bench.size || undefined,
        timeBudgetMs: a.settings.bench.timeBudgetMs, runtimeImports: [a.options.runtimeImport],
      }));
    } catch (e) {
      if (!(e instanceof NothingToMeasureError)) throw e;
      const r = failedBenchResult(fallbackOpts, `nothing to measure: ${e.message}`);
      return { ...r, summary: deps.formatBenchResult(r) };
    }

    const result = await benchCache.run(key, async () => {
      let progress: WorkDoneProgressReporter = workDone;
      let progressToken = token;
      if (params.workDoneToken === undefined && caps.workDoneProgress) {
        try {
          const created = await connection.window.createWorkDoneProgress();
          progress = created;
          progressToken = created.token;
        } catch (e) {
          log(`work done progress unavailable: ${describeError(e)}`);
        }
      }
      const controller = new AbortController();
      const onCancel = () => controller.abort();
      const subscriptions = [token.onCancellationRequested(onCancel), progressToken.onCancellationRequested(onCancel)];
      // not cancellable through the progress UI: VS Code would then show a second notification next to
      // the client's own; cancelling the request ($/cancelRequest) still aborts the run
      const sizes = opts.sizes ?? [opts.size ?? 1e6];
      const sizeText = sizes.length > 1 ? `sizes ${sizes[0]}–${sizes[sizes.length - 1]}` : `${sizes[0]} elements`;
      progress.begin(`arraylint: benchmarking ${finding.ruleId}`, undefined, `line ${opts.line}, ${sizeText}, in a separate process`, false);
      try {
        // the bench spawns its own Node process: nothing of the user's code runs in the server
        const r = await deps.runBenchmark(spec, { ...opts, signal: controller.signal });
        return { ...r, summary: deps.formatBenchResult(r) };
      } catch (e) {
        log(`benchmark failed: ${describeError(e)}`);
        const r = failedBenchResult(opts, e instanceof Error ? e.message : String(e));
        return { ...r, summary: deps.formatBenchResult(r) };
      } finally {
        subscriptions.forEach((s) => s.dispose());
        progress.done();
      }
    }, refreshLenses);
    // the result weighs this finding now (severity, automatic fixing): re-publish
    if (documents.get(uri)) {
      analyses.delete(uri);
      schedule(uri, 0);
    }
    refreshLenses();
    return result;
  });

  /** `arraylint.loadProfile [path]`: weigh findings by their share of a CPU profile; no path (or null) unloads it. */
  function loadProfile(args: unknown[]): { loaded: boolean; totalSamples?: number } {
    const [file] = args;
    if (file === undefined || file === null || file === "") {
      profile = undefined;
      revalidateAll();
      return { loaded: false };
    }
    if (typeof file !== "string") throw new ResponseError(ErrorCodes.InvalidParams, `${LOAD_PROFILE_COMMAND} expects [path: string] (a .cpuprofile)`);
    const filePath = file.startsWith("file:") ? fileURLToPath(file) : file;
    try {
      profile = indexProfile(readProfile(filePath));
    } catch (e) {
      throw new ResponseError(ErrorCodes.InvalidParams, e instanceof ProfileError ? e.message : `cannot load ${filePath}: ${describeError(e)}`);
    }
    revalidateAll();
    return { loaded: true, totalSamples: Math.round(profile.totalSamples) };
  }

  connection.onShutdown(() => calibration?.dispose());

  documents.listen(connection);
  connection.listen();
}
