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
  type CancellationToken,
  type CodeAction,
  type Connection,
  type Hover,
  type InitializeParams,
  type InitializeResult,
  type WorkDoneProgressReporter,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { version } from "../../package.json";
import { Engine, LineMap, applySafeFixes, detectGeneratedCode, type AnalysisNote, type AnalyzeOptions, type Explanation, type Finding, type RuleId } from "../engine/index";
import { formatBenchResult, runBenchmark, type BenchOptions } from "../bench/index";
import { NothingToMeasureError, prepareFindingBenchmark } from "../bench/finding";
import { ProfileError, indexProfile, readProfile, type ProfileIndex } from "../profile/cpuprofile";
import { CalibrationService, fixAllFilter, judgeFindings } from "./measured";
import { ConfigError, defaultConfig, isIncluded, isTestFile, knownRuleIds, loadConfigFor, type ArraylintConfig } from "../config";
import { SourceReadError, formatBytes, readSourceFile } from "../source-files";
import { explanationToDiagnostic, findingToDiagnostic, noteToDiagnostic, toLspEdits } from "./convert";
import { ADD_RUNTIME_COMMAND, FIX_ALL_KIND, SHOW_DOCS_COMMAND, findingActions, fixAllAction, withinBudget, workspaceEdit, type ActionContext, type AddRuntimeArgs, type RuntimeContext } from "./codeActions";
import { findingHover } from "./hover";
import { ruleDocsUri, ruleDocsWebUrl } from "../format/docs";
import { calibrate as runCalibration } from "../calibrate/run";
import { CALIBRATION_FIXTURES } from "../calibrate/fixtures";
import {
  InstallError, RUNTIME_MODES, RuntimeAssetsError, RuntimeResolver, addsRuntimeImport, defaultVendorFolder, detectPackageManager,
  installCommand, installRuntime, moduleFormatFor, relativeSpecifier, vendorRuntime, type RuntimeAvailability, type RuntimeMode,
} from "../runtime-setup/index";
import { BENCH_COMMAND, BenchCache, LOAD_PROFILE_COMMAND, benchLenses, failedBenchResult, type BenchCommandResult } from "./bench";
import { analyzeOptionsFor, normalizeSettings, type ArraylintSettings, type InitializationOptions } from "./settings";

type EngineInit = NonNullable<ConstructorParameters<typeof Engine>[0]>;

/** What the server needs from the engine; tests substitute fakes through ServerDeps. */
export interface EngineLike {
  analyze: Engine["analyze"];
  forget: Engine["forget"];
  /** Whether the next analysis of a text would keep to one function (the debounce); optional, as below. */
  expectsLocalAnalysis?: Engine["expectsLocalAnalysis"];
  /** Work the next edit would do first, done while the server is idle; optional, as below. */
  prepareForEdits?: Engine["prepareForEdits"];
  /** Findings of the top of a file before the whole file's (optional: a test's engine may not have it). */
  preview?: Engine["preview"];
}

export interface ServerDeps {
  createEngine(init: EngineInit): EngineLike;
  applySafeFixes(engine: EngineLike, filePath: string, text: string, options: AnalyzeOptions, accept?: (f: Finding, text: string) => boolean): { text: string; applied: number };
  runBenchmark: typeof runBenchmark;
  formatBenchResult: typeof formatBenchResult;
  loadConfigFor(filePath: string, stopDir?: string): ArraylintConfig;
  /**
   * Longest delay between the last keystroke and the analysis. The delay is MIN_DEBOUNCE_MS after a
   * quick analysis (QUICK_ANALYSIS_MS), else the time the document's previous analysis took, up to this:
   * a quick analysis shows at once, a slow one waits for a pause in the typing instead of blocking every
   * keystroke behind it.
   */
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
  /** Whether the project resolves the runtime the fixes import (file documents only). */
  runtime?: RuntimeAvailability;
  /** What the engine analysed (AnalyzeResult timings): the whole file, one function, or nothing again. */
  scope?: "file" | "function" | "reused" | "preview";
}

/**
 * The shortest debounce: a burst of changes the client sends at once (handled one message per event-loop
 * turn, microseconds apart) is still analysed once. Every millisecond of it is edit latency.
 */
export const MIN_DEBOUNCE_MS = 2;

/**
 * An analysis typically at most this long (an edit inside one function re-analyses only that function)
 * runs after the shortest debounce: it cannot fall behind typing. A longer one waits as long as it takes.
 */
export const QUICK_ANALYSIS_MS = 100;

/**
 * A document opened with more lines than this shows the findings of its first PREVIEW_LINES lines (what
 * the editor shows on opening it) first: a whole 3,000-line file takes a second or two to analyse.
 */
export const PREVIEW_MIN_LINES = 400;
export const PREVIEW_LINES = 100;

/** How many of a document's latest edit analyses the debounce looks at. */
const RECENT_ANALYSES = 5;

/** How long a document's analyses took: its last whole-file one, and its last RECENT_ANALYSES of an edit inside one function. */
export interface AnalysisTimes {
  /** The document's last whole-file analysis: its opening's, or an edit's the engine could not keep to one function. */
  wholeMs?: number;
  /** Its last few analyses of an edit inside one function (of the same text again, or of an engine that does not say). */
  editMs: number[];
}

/**
 * The debounce after a change. It follows the median of the document's last few edit analyses, not the
 * last one: one analysis slowed by a garbage collection or a busy machine made the next edit wait up to
 * the longest debounce (150 ms on 5% of the edits of the 3,000-line benchmark). `expected` is what the
 * engine says the change's analysis will be (Engine.expectsLocalAnalysis): an edit inside one function
 * (a small part of a whole-file analysis; none measured yet: the shortest debounce) or the whole file (as
 * long as the last whole-file analysis: typing in module-level code waits for a pause). When the engine
 * does not say, the whole-file analysis counts only until an edit was analysed.
 */
export function debounceAfterChange(times: AnalysisTimes | undefined, longestMs: number, expected?: "local" | "whole"): number {
  const edits = times?.editMs ?? [];
  const typicalMs =
    expected === "whole" ? (times?.wholeMs ?? longestMs)
    : edits.length > 0 ? median(edits)
    : expected === "local" ? MIN_DEBOUNCE_MS
    : (times?.wholeMs ?? longestMs);
  return typicalMs <= QUICK_ANALYSIS_MS ? MIN_DEBOUNCE_MS : Math.min(longestMs, typicalMs);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
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

/** The server's commands (workspace/executeCommand). */
export const CALIBRATE_COMMAND = "arraylint.calibrate";
const SERVER_COMMANDS = [BENCH_COMMAND, LOAD_PROFILE_COMMAND, CALIBRATE_COMMAND, ADD_RUNTIME_COMMAND, SHOW_DOCS_COMMAND];

/** Time source.fixAll.arraylint (and the fix-all command, on save) may spend re-analysing after the first pass. */
export const FIX_ALL_BUDGET_MS = 1500;

/** Files whose change may change whether the runtime resolves (the resolver's cache is dropped). */
const RUNTIME_WATCH_GLOBS = [
  "**/package.json", "**/package-lock.json", "**/pnpm-lock.yaml", "**/yarn.lock", "**/tsconfig*.json", "**/jsconfig.json",
  "**/arraylint-runtime.mjs", "**/arraylint-runtime.cjs",
];

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
  /** How long each document's latest analyses took (ms, the last RECENT_ANALYSES): its next debounce. */
  const analysisMs = new Map<string, AnalysisTimes>();
  /** The version each document was opened at: its analysis is the whole file's, not an edit's. */
  const openedVersion = new Map<string, number>();
  const justOpened = new Set<string>();
  /** Documents whose diagnostics were published since they were opened: no preview for them (it would hide the rest a moment). */
  const published = new Set<string>();
  const settingsCache = new Map<string, Promise<ArraylintSettings>>();
  const engines = new Map<string, EngineLike | undefined>();
  const benchCache = new BenchCache();
  const reportedConfigErrors = new Set<string>();
  const runtimeResolver = new RuntimeResolver();
  let calibrating: AbortController | undefined;
  let folders: string[] = [];
  let benchBlock: BenchBlock = "not-enabled";
  let pushedSettings: unknown;
  /** Measurements findings are weighed with (server/lsp/measured.ts): calibration, a loaded profile. */
  let calibration: CalibrationService | undefined;
  let profile: ProfileIndex | undefined;
  const caps = {
    configuration: false, documentChanges: false, workDoneProgress: false, codeLensRefresh: false, dynamicConfiguration: false,
    dynamicWatchers: false, workspaceFolders: false, showDocument: false, applyEdit: false,
  };

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
    caps.showDocument = !!c.window?.showDocument?.support;
    caps.applyEdit = !!c.workspace?.applyEdit;
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
        hoverProvider: true,
        executeCommandProvider: { commands: SERVER_COMMANDS },
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
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: ["**/arraylint.config.json", ...RUNTIME_WATCH_GLOBS].map((globPattern) => ({ globPattern })),
        })
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

  /** The analysis of the document's text now, or only of its first `previewLines` lines (undefined when those have no preview). */
  function analyzeSnapshot(live: TextDocument, settings: ArraylintSettings): Analysis;
  function analyzeSnapshot(live: TextDocument, settings: ArraylintSettings, previewLines: number): Analysis | undefined;
  function analyzeSnapshot(live: TextDocument, settings: ArraylintSettings, previewLines?: number): Analysis | undefined {
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
    if (isFile) {
      try {
        base.runtime = runtimeResolver.check(filePath, base.options.runtimeImport, folderOf(filePath));
        // a runtime vendored into the project earlier: the fixes import it by its relative path
        if (!base.runtime.resolves && base.runtime.importSpecifier) base.options = { ...base.options, runtimeImport: base.runtime.importSpecifier };
      } catch (e) {
        log(`could not tell whether ${base.options.runtimeImport} resolves from ${filePath}: ${describeError(e)}`);
      }
    }
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
      const result = previewLines === undefined ? base.engine.analyze(filePath, text, base.options) : base.engine.preview?.(filePath, text, base.options, previewLines);
      if (!result) return undefined;
      base.scope = result.timings?.scope;
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
  async function currentAnalysis(uri: string, token?: CancellationToken): Promise<Analysis | undefined> {
    const settings = await settingsFor(uri);
    const live = documents.get(uri);
    if (!live) return undefined;
    const cached = analyses.get(uri);
    if (cached && cached.version === live.version && cached.settings === settings) return cached;
    // a request the client cancelled meanwhile (it moved on to a newer version) does not start an analysis
    if (token?.isCancellationRequested) return undefined;
    const started = performance.now();
    const analysis = analyzeSnapshot(live, settings);
    const times = analysisMs.get(uri) ?? { editMs: [] };
    const took = performance.now() - started;
    const whole = analysis.scope === undefined ? live.version === openedVersion.get(uri) : analysis.scope === "file";
    if (whole) times.wholeMs = took;
    else {
      times.editMs.push(took);
      if (times.editMs.length > RECENT_ANALYSES) times.editMs.shift();
    }
    analysisMs.set(uri, times);
    analyses.set(uri, analysis);
    return analysis;
  }

  function isCurrent(a: Analysis): boolean {
    return documents.get(a.uri)?.version === a.version;
  }

  async function validate(uri: string): Promise<void> {
    try {
      if (!published.has(uri)) await publishPreview(uri);
      const a = await currentAnalysis(uri);
      // a newer version arrived meanwhile: its own scheduled validation publishes
      if (!a || !isCurrent(a)) return;
      const diagnostics = [
        ...a.findings.map(findingToDiagnostic),
        ...a.explanations.map(explanationToDiagnostic),
        ...a.notes.flatMap((n) => noteToDiagnostic(n) ?? []),
      ];
      published.add(uri);
      await connection.sendDiagnostics({ uri, version: a.version, diagnostics });
      // after a whole-file analysis, what the next keystroke's analysis would do first is done now (unless one came)
      if (a.scope === "file" && a.engine?.prepareForEdits) {
        const engine = a.engine;
        setImmediate(() => {
          if (isCurrent(a) && !timers.has(uri)) engine.prepareForEdits!(a.filePath);
        });
      }
    } catch (e) {
      log(`publishing diagnostics for ${uri} failed: ${describeError(e)}`);
    }
  }

  /**
   * A large document's first diagnostics: those of its first PREVIEW_LINES lines (Engine.preview), published
   * before the whole file is analysed. The whole analysis repeats them and adds the rest, so nothing shown
   * goes away. Code actions, lenses and hovers wait for the whole analysis.
   */
  async function publishPreview(uri: string): Promise<void> {
    const settings = await settingsFor(uri);
    const live = documents.get(uri);
    if (!live || live.lineCount <= PREVIEW_MIN_LINES) return;
    const cached = analyses.get(uri);
    if (cached && cached.version === live.version && cached.settings === settings) return;
    const preview = analyzeSnapshot(live, settings, PREVIEW_LINES);
    // (nothing to show yet: the whole analysis publishes first)
    if (!preview?.engine || !isCurrent(preview) || preview.findings.length === 0) return;
    published.add(uri);
    const diagnostics = [...preview.findings.map(findingToDiagnostic), ...preview.explanations.map(explanationToDiagnostic)];
    await connection.sendDiagnostics({ uri, version: preview.version, diagnostics });
    // the message goes out, and requests that came meanwhile are served, before the whole analysis
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** What the engine of the document's last analysis says analysing `text` will be (undefined: it cannot say). */
  function expectedAnalysis(uri: string, text: string): "local" | "whole" | undefined {
    const last = analyses.get(uri);
    if (!last?.engine?.expectsLocalAnalysis) return undefined;
    try {
      return last.engine.expectsLocalAnalysis(last.filePath, text) ? "local" : "whole";
    } catch (e) {
      log(`could not tell how ${uri} will be analysed: ${describeError(e)}`);
      return undefined;
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

  documents.onDidOpen((e) => {
    justOpened.add(e.document.uri);
    openedVersion.set(e.document.uri, e.document.version);
  });
  documents.onDidChangeContent((e) => {
    const first = justOpened.delete(e.document.uri);
    const uri = e.document.uri;
    schedule(uri, first ? 0 : debounceAfterChange(analysisMs.get(uri), deps.debounceMs, expectedAnalysis(uri, e.document.getText())));
  });
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    justOpened.delete(uri);
    published.delete(uri);
    analysisMs.delete(uri);
    openedVersion.delete(uri);
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
    // the background calibration follows its setting too
    void workspaceSettings().then((settings) => {
      if (settings.calibration.background) calibration?.scheduleBackground(BACKGROUND_CALIBRATION_DELAY_MS, revalidateAll);
      else if (!calibrating) calibration?.cancelBackground();
    });
    revalidateAll();
  });

  connection.onDidChangeWatchedFiles(() => {
    // a package.json, lockfile, tsconfig or vendored runtime changed: the runtime may resolve now (or no longer)
    runtimeResolver.invalidate();
    revalidateAll();
  });

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

  function runtimeContext(a: Analysis): RuntimeContext | undefined {
    if (!a.runtime) return undefined;
    const missing = !a.runtime.resolves && !a.runtime.importSpecifier;
    let packageCommand = "npm install";
    if (missing && a.runtime.packageRoot) {
      const { manager } = detectPackageManager(a.runtime.packageRoot);
      packageCommand = `${installCommand(manager, "", "").command} ${manager === "npm" ? "install" : "add"}`;
    }
    return { missing, specifier: a.runtime.specifier, mode: a.settings.runtime.mode, packageCommand };
  }

  function actionContext(a: Analysis): ActionContext {
    return { doc: a.doc, lines: a.lines, findings: a.findings, documentChanges: caps.documentChanges, runtime: runtimeContext(a) };
  }

  /**
   * The text after every safe fix that may apply automatically (measured not slower, and not one that
   * would import a runtime the project does not resolve), within FIX_ALL_BUDGET_MS: a pass that would
   * start after the budget ran out is not started, so a slow file gets the fixes of its first passes.
   */
  function fixAllText(a: Analysis, runtime: RuntimeContext | undefined, token?: CancellationToken): string {
    if (!a.engine) return a.doc.getText();
    const measured = fixAllFilter(measurementContext(a.doc, a.filePath, false));
    const accept = withinBudget(
      (f, text) => !(runtime?.missing && addsRuntimeImport(f.fix)) && measured(f, text),
      FIX_ALL_BUDGET_MS, () => !!token?.isCancellationRequested,
    );
    try {
      const budgetMs = Math.max(1, Math.min(a.options.budgetMs ?? FIX_ALL_BUDGET_MS, FIX_ALL_BUDGET_MS));
      return deps.applySafeFixes(a.engine, a.filePath, a.doc.getText(), { ...a.options, budgetMs }, accept).text;
    } finally {
      // put the editor's text back as the engine's overlay
      a.engine.analyze(a.filePath, a.doc.getText(), a.options);
    }
  }

  connection.onCodeAction(async (params, token): Promise<CodeAction[]> => {
    const uri = documentUri(params);
    try {
      const a = await currentAnalysis(uri, token);
      if (!a || !a.settings.enable) return [];
      const ctx = actionContext(a);
      const only = params.context.only;
      const actions = findingActions(ctx, params.range, only);
      const fixAll = fixAllAction(ctx, only, () => fixAllText(a, ctx.runtime, token));
      if (fixAll) actions.push(fixAll);
      // never hand out edits computed for a version the editor has already left
      return isCurrent(a) ? actions : [];
    } catch (e) {
      log(`code actions for ${uri} failed: ${describeError(e)}`);
      return [];
    }
  });

  // --- code lenses and the benchmark command ---------------------------------------------------

  connection.onCodeLens(async (params, token) => {
    const uri = documentUri(params);
    try {
      const a = await currentAnalysis(uri, token);
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

  connection.onExecuteCommand(async (params, token, workDone): Promise<unknown> => {
    switch (params.command) {
      case LOAD_PROFILE_COMMAND:
        return loadProfile(params.arguments ?? []);
      case CALIBRATE_COMMAND:
        return calibrateCommand(params.arguments ?? [], token, await progressFor(params.workDoneToken, workDone));
      case ADD_RUNTIME_COMMAND:
        return addRuntimeCommand(params.arguments ?? [], token, await progressFor(params.workDoneToken, workDone));
      case SHOW_DOCS_COMMAND:
        return showDocumentation(params.arguments ?? []);
      case BENCH_COMMAND:
        return benchCommand(params, token, workDone);
      default:
        throw new ResponseError(ErrorCodes.InvalidRequest, `arraylint has no command "${params.command}"`);
    }
  });

  /** The client's progress for a request: the one it passed, else one the server creates (when the client supports that). */
  async function progressFor(workDoneToken: unknown, workDone: WorkDoneProgressReporter): Promise<WorkDoneProgressReporter> {
    if (workDoneToken !== undefined || !caps.workDoneProgress) return workDone;
    try {
      return await connection.window.createWorkDoneProgress();
    } catch (e) {
      log(`work done progress unavailable: ${describeError(e)}`);
      return workDone;
    }
  }

  async function benchCommand(
    params: { arguments?: unknown[]; workDoneToken?: unknown },
    token: CancellationToken,
    workDone: WorkDoneProgressReporter,
  ): Promise<BenchCommandResult> {
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
  }

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

  // --- hover --------------------------------------------------------------------------------------

  connection.onHover(async (params, token): Promise<Hover | null> => {
    const uri = documentUri(params);
    try {
      const a = await currentAnalysis(uri, token);
      if (!a || !a.settings.enable || !isCurrent(a)) return null;
      const at = a.lines.offsetAt(params.position);
      const under = a.findings.filter((f) => f.start <= at && at <= f.end);
      if (under.length === 0) return null;
      return { contents: { kind: "markdown", value: findingHover(under, a.lines) } };
    } catch (e) {
      log(`hover for ${uri} failed: ${describeError(e)}`);
      return null;
    }
  });

  // --- show documentation ---------------------------------------------------------------------------

  /** `arraylint.showDocumentation [ruleId]`: the rule's docs page (bundled with arraylint) in the client. */
  async function showDocumentation(args: unknown[]): Promise<{ uri: string; url: string; shown: boolean }> {
    const [ruleId] = args;
    if (typeof ruleId !== "string" || !knownRuleIds().includes(ruleId as RuleId)) {
      throw new ResponseError(ErrorCodes.InvalidParams, `${SHOW_DOCS_COMMAND} expects [ruleId] with one of ${knownRuleIds().join(", ")}`);
    }
    const uri = ruleDocsUri(ruleId);
    let shown = false;
    if (caps.showDocument) {
      try {
        shown = (await connection.window.showDocument({ uri, takeFocus: true })).success;
      } catch (e) {
        log(`showing ${uri} failed: ${describeError(e)}`);
      }
    }
    return { uri, url: ruleDocsWebUrl(ruleId), shown };
  }

  // --- calibration on request -------------------------------------------------------------------------

  /**
   * `arraylint.calibrate [{ fixtures?, sizes?, timeBudgetMs? }]`: measures each fix kind on this runtime
   * (server/calibrate) with work-done progress, cancellable; a full run is saved and used from then on
   * (a run limited to some fixtures or sizes only reports). Benchmarks run code, so never untrusted.
   */
  async function calibrateCommand(args: unknown[], token: CancellationToken, progress: WorkDoneProgressReporter) {
    if (benchBlock) {
      throw new ResponseError(LSPErrorCodes.RequestFailed, benchBlock === "untrusted"
        ? "arraylint does not run the calibration in an untrusted workspace (it runs benchmarks in child processes): trust the workspace to calibrate"
        : "arraylint runs the calibration only when the client enables running code: initializationOptions.trusted = true, or start the server with --allow-bench");
    }
    if (calibrating) throw new ResponseError(LSPErrorCodes.RequestFailed, "a calibration is already running");
    const raw = (args[0] ?? {}) as { fixtures?: unknown; sizes?: unknown; timeBudgetMs?: unknown };
    if (typeof raw !== "object" || raw === null) throw new ResponseError(ErrorCodes.InvalidParams, `${CALIBRATE_COMMAND} expects [{ fixtures?, sizes?, timeBudgetMs? }]`);
    const names = raw.fixtures;
    if (names !== undefined && !(Array.isArray(names) && names.every((n) => typeof n === "string"))) {
      throw new ResponseError(ErrorCodes.InvalidParams, "fixtures must be an array of fixture names");
    }
    const fixtures = names ? CALIBRATION_FIXTURES.filter((f) => (names as string[]).includes(f.name)) : undefined;
    const unknown = names ? (names as string[]).filter((n) => !CALIBRATION_FIXTURES.some((f) => f.name === n)) : [];
    if (unknown.length > 0) throw new ResponseError(ErrorCodes.InvalidParams, `unknown calibration fixtures: ${unknown.join(", ")}`);
    const sizes = raw.sizes;
    if (sizes !== undefined && !(Array.isArray(sizes) && sizes.length > 0 && sizes.every((n) => Number.isInteger(n) && (n as number) > 0))) {
      throw new ResponseError(ErrorCodes.InvalidParams, "sizes must be an array of positive whole numbers");
    }
    const budget = raw.timeBudgetMs;
    if (budget !== undefined && !(typeof budget === "number" && budget > 0)) throw new ResponseError(ErrorCodes.InvalidParams, "timeBudgetMs must be a positive number");
    const controller = new AbortController();
    calibrating = controller;
    calibration?.cancelBackground();
    const subscriptions = [token.onCancellationRequested(() => controller.abort())];
    const progressToken = (progress as { token?: CancellationToken }).token;
    if (progressToken) subscriptions.push(progressToken.onCancellationRequested(() => controller.abort()));
    const node = process.versions.node;
    progress.begin("arraylint: calibrating", 0, `measuring each fix kind on Node ${node}`, true);
    try {
      const table = await runCalibration({
        fixtures, sizes: sizes as number[] | undefined, timeBudgetMs: budget as number | undefined, signal: controller.signal,
        onProgress: (done, total, entry, error) => progress.report(Math.round((100 * done) / total), `${done}/${total} ${entry?.fixture ?? error ?? ""}`.trim()),
      });
      if (controller.signal.aborted) return { cancelled: true, entries: 0, summary: "calibration cancelled; nothing saved" };
      const partial = fixtures !== undefined || sizes !== undefined;
      let saved: string | undefined;
      if (!partial && table.entries.length > 0 && calibration) {
        saved = calibration.adopt(table);
        revalidateAll();
      }
      const what = `measured ${table.entries.length} fix kind${table.entries.length === 1 ? "" : "s"} on Node ${node}`;
      const summary = saved ? `${what}; saved to ${saved} and used from now on` : partial ? `${what} (a subset: not saved)` : `${what}; nothing to save`;
      log(`calibration: ${summary}`);
      return { cancelled: false, entries: table.entries.length, saved, summary, table };
    } finally {
      subscriptions.forEach((d) => d.dispose());
      progress.done();
      calibrating = undefined;
    }
  }

  // --- adding the runtime to the user's project --------------------------------------------------------

  function parseAddRuntimeArgs(args: unknown[]): AddRuntimeArgs {
    const raw = args[0] as Partial<AddRuntimeArgs> | undefined;
    const ok = raw && typeof raw === "object" && typeof raw.uri === "string" && Number.isInteger(raw.line) && (raw.line as number) >= 0 &&
      typeof raw.ruleId === "string" && RUNTIME_MODES.includes(raw.mode as RuntimeMode) && (raw.folder === undefined || typeof raw.folder === "string");
    if (!ok) {
      throw new ResponseError(ErrorCodes.InvalidParams, `${ADD_RUNTIME_COMMAND} expects [{ uri, line (0-based), ruleId, mode: "package" | "vendor", folder? }]`);
    }
    return raw as AddRuntimeArgs;
  }

  /**
   * `arraylint.addRuntime [{ uri, line, ruleId, mode, folder? }]`: makes the document's project resolve
   * the runtime — `package`: the bundled tarball through the project's package manager (never in an
   * untrusted workspace: it runs a program); `vendor`: one file written into `folder` (inside the
   * workspace) — then applies the finding's fix, now importing what resolves, through workspace/applyEdit.
   */
  async function addRuntimeCommand(args: unknown[], token: CancellationToken, progress: WorkDoneProgressReporter) {
    const req = parseAddRuntimeArgs(args);
    if (!req.uri.startsWith("file:")) throw new ResponseError(ErrorCodes.InvalidParams, "the runtime can only be added for a file on disk (save the document first)");
    const a = await analysisForCommand(req.uri);
    const availability = runtimeResolver.check(a.filePath, a.options.runtimeImport, folderOf(a.filePath));
    const root = availability.packageRoot ?? folderOf(a.filePath) ?? path.dirname(a.filePath);
    let summary: string;
    if (req.mode === "package") {
      if (benchBlock) {
        throw new ResponseError(LSPErrorCodes.RequestFailed,
          `arraylint runs no package manager in ${benchBlock === "untrusted" ? "an untrusted workspace" : "a workspace the editor has not trusted"}: trust the workspace, or set arraylint.runtime.mode to "vendor" (one file, nothing runs)`);
      }
      if (!availability.packageRoot) {
        throw new ResponseError(LSPErrorCodes.RequestFailed,
          `no package.json above ${a.filePath}: create one (npm init -y), or set arraylint.runtime.mode to "vendor" to write the runtime into the project as one file`);
      }
      const controller = new AbortController();
      const subscriptions = [token.onCancellationRequested(() => controller.abort())];
      const progressToken = (progress as { token?: CancellationToken }).token;
      if (progressToken) subscriptions.push(progressToken.onCancellationRequested(() => controller.abort()));
      progress.begin("arraylint: adding the runtime", undefined, `to ${availability.packageRoot}`, true);
      try {
        const done = await installRuntime({
          packageRoot: availability.packageRoot, signal: controller.signal,
          onOutput: (line) => {
            log(`add runtime: ${line}`);
            progress.report(line.slice(0, 200));
          },
        });
        summary = `added the runtime to ${path.join(availability.packageRoot, "package.json")} (${done.commandLine})`;
      } catch (e) {
        throw new ResponseError(LSPErrorCodes.RequestFailed, e instanceof InstallError || e instanceof RuntimeAssetsError ? e.message : describeError(e));
      } finally {
        subscriptions.forEach((d) => d.dispose());
        progress.done();
      }
    } else {
      const folder = req.folder?.trim() || defaultVendorFolder(root, fs.existsSync);
      const dir = path.resolve(root, folder);
      // only inside the workspace (or the project): a path from a client never writes elsewhere
      const allowed = folders.length > 0 ? folders : [root];
      if (!allowed.some((f) => !path.relative(f, dir).startsWith("..") && !path.isAbsolute(path.relative(f, dir)))) {
        throw new ResponseError(ErrorCodes.InvalidParams, `${dir} is outside the workspace: pick a folder inside ${allowed.join(", ")}`);
      }
      try {
        const vendored = vendorRuntime(dir, moduleFormatFor(a.filePath));
        summary = `wrote ${path.basename(vendored.file)} and ${path.basename(vendored.declarations)} to ${dir}; the fixes import ${relativeSpecifier(a.filePath, vendored.file)}`;
      } catch (e) {
        throw new ResponseError(LSPErrorCodes.RequestFailed, `could not write the runtime into ${dir}: ${describeError(e)}`);
      }
    }
    log(summary);
    runtimeResolver.invalidate();
    analyses.delete(req.uri);
    const fresh = await analysisForCommand(req.uri);
    const stillMissing = !!fresh.runtime && !fresh.runtime.resolves && !fresh.runtime.importSpecifier;
    const finding = fresh.findings.find((f) => f.ruleId === req.ruleId && f.range.start.line === req.line && f.fix && f.fix.edits.length > 0);
    let applied = false;
    let note: string | undefined;
    if (stillMissing) {
      note = `"${fresh.options.runtimeImport}" still does not resolve from ${fresh.filePath} (check the project's tsconfig/paths); the fix was not applied`;
    } else if (!finding) {
      note = "the finding is no longer there; nothing to fix";
    } else if (!caps.applyEdit) {
      note = "this client cannot apply edits the server sends; apply the fix again";
    } else {
      const open = !!documents.get(req.uri);
      const ctx: ActionContext = { ...actionContext(fresh), documentChanges: caps.documentChanges && open };
      const result = await connection.workspace.applyEdit({ label: finding.fix!.title, edit: workspaceEdit(ctx, toLspEdits(fresh.lines, finding.fix!.edits)) });
      applied = result.applied;
      if (!applied) note = `the editor did not apply the fix${result.failureReason ? ` (${result.failureReason})` : ""}; apply it again`;
    }
    revalidateAll();
    return { added: true, applied, summary: note ? `${summary}; ${note}` : summary };
  }

  connection.onShutdown(() => {
    calibration?.dispose();
    calibrating?.abort();
  });

  documents.listen(connection);
  connection.listen();
}
