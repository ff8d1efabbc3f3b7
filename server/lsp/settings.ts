// Editor settings (`arraylint.*`) and how they combine with the project's config file.
import { DEFAULT_BUDGET_MS, type AnalyzeOptions, type RuleId } from "../engine/index";
import { DEFAULT_MAX_FILE_SIZE } from "../source-files";
import { knownRuleIds, parseRuleSetting, toAnalyzeOptions, type ArraylintConfig, type RuleSetting } from "../config";
import { RUNTIME_MODES, type RuntimeMode } from "../runtime-setup/index";

export interface ArraylintSettings {
  enable: boolean;
  explain: boolean;
  fix: { allowReassociation: boolean };
  runtimeImport: string;
  /** How a fix adds the runtime where the project does not resolve it: install the bundled package, or vendor one file. */
  runtime: { mode: RuntimeMode };
  /** size 0: the size the code shows, else a sweep. */
  bench: { size: number; timeBudgetMs: number };
  /** background: measure each fix kind on this Node version once, in the background (needs the client's storage folder). */
  calibration: { background: boolean };
  /** Per-rule severities set in the editor; they win over the config file's. */
  rules: Partial<Record<RuleId, RuleSetting>>;
  /** Documents larger than this many bytes are not analysed (an information diagnostic says so). */
  maxFileSize: number;
  /** Per-file analysis budget in milliseconds. */
  analysisBudgetMs: number;
  /** Analyse generated and minified code too. */
  includeGenerated: boolean;
  /** Leave test files (`__tests__/`, `*.test.*`, `*.spec.*`) alone. */
  ignoreTests: boolean;
}

export const DEFAULT_SETTINGS: ArraylintSettings = {
  enable: true,
  explain: false,
  fix: { allowReassociation: false },
  runtimeImport: "@arraylint/runtime",
  runtime: { mode: "package" },
  bench: { size: 0, timeBudgetMs: 4000 },
  calibration: { background: true },
  rules: {},
  maxFileSize: DEFAULT_MAX_FILE_SIZE,
  analysisBudgetMs: DEFAULT_BUDGET_MS,
  includeGenerated: false,
  ignoreTests: false,
};

/** What initializationOptions may carry. */
export interface InitializationOptions {
  /**
   * vscode.workspace.isTrusted. Benchmarks run the user's code, so only a boolean `true` enables them;
   * absent means "not enabled" unless the server was started with `--allow-bench`; any other value
   * (false, null, a string, an object) disables them.
   */
  trusted?: unknown;
  /** Settings for clients without workspace/configuration, same shape as the `arraylint` section. */
  settings?: unknown;
  /** A folder the server may keep its calibration table in (VS Code's globalStorageUri); without it, no background calibration. */
  globalStoragePath?: string;
}

function pick(obj: unknown, dotted: string): unknown {
  if (obj === null || typeof obj !== "object") return undefined;
  const record = obj as Record<string, unknown>;
  // flat keys ("fix.allowReassociation") as some clients send them, or nested objects as VS Code does
  if (dotted in record) return record[dotted];
  const [head, ...rest] = dotted.split(".");
  return rest.length === 0 ? record[head] : pick(record[head], rest.join("."));
}

/**
 * Reads a raw `arraylint` settings section leniently: a wrong type falls back to the default
 * (an editor setting typo must not stop the linter), with a warning for each one ignored.
 */
export function normalizeSettings(raw: unknown, warn: (message: string) => void = () => {}): ArraylintSettings {
  const bool = (key: string, fallback: boolean) => {
    const v = pick(raw, key);
    if (v === undefined || v === null) return fallback;
    if (typeof v === "boolean") return v;
    warn(`arraylint.${key}: expected true or false, got ${JSON.stringify(v)}; using ${fallback}`);
    return fallback;
  };
  const positive = (key: string, fallback: number, zeroAllowed = false) => {
    const v = pick(raw, key);
    if (v === undefined || v === null) return fallback;
    if (typeof v === "number" && Number.isFinite(v) && (v > 0 || (zeroAllowed && v === 0))) return v;
    warn(`arraylint.${key}: expected a ${zeroAllowed ? "non-negative" : "positive"} number, got ${JSON.stringify(v)}; using ${fallback}`);
    return fallback;
  };
  const runtimeImport = pick(raw, "runtimeImport");
  const mode = pick(raw, "runtime.mode");
  if (mode !== undefined && mode !== null && !RUNTIME_MODES.includes(mode as RuntimeMode)) {
    warn(`arraylint.runtime.mode: expected ${RUNTIME_MODES.map((m) => `"${m}"`).join(" or ")}, got ${JSON.stringify(mode)}; using "${DEFAULT_SETTINGS.runtime.mode}"`);
  }
  const rules: Partial<Record<RuleId, RuleSetting>> = {};
  const rawRules = pick(raw, "rules");
  if (rawRules && typeof rawRules === "object") {
    const known = knownRuleIds();
    for (const [id, value] of Object.entries(rawRules as Record<string, unknown>)) {
      if (!known.includes(id as RuleId)) {
        warn(`arraylint.rules: unknown rule "${id}" ignored`);
        continue;
      }
      try {
        rules[id as RuleId] = parseRuleSetting(value, `arraylint.rules.${id}`);
      } catch (e) {
        warn((e as Error).message);
      }
    }
  }
  return {
    enable: bool("enable", DEFAULT_SETTINGS.enable),
    explain: bool("explain", DEFAULT_SETTINGS.explain),
    fix: { allowReassociation: bool("fix.allowReassociation", DEFAULT_SETTINGS.fix.allowReassociation) },
    runtimeImport: typeof runtimeImport === "string" && runtimeImport.trim() !== "" ? runtimeImport : DEFAULT_SETTINGS.runtimeImport,
    runtime: { mode: RUNTIME_MODES.includes(mode as RuntimeMode) ? (mode as RuntimeMode) : DEFAULT_SETTINGS.runtime.mode },
    bench: {
      size: Math.round(positive("bench.size", DEFAULT_SETTINGS.bench.size, true)),
      timeBudgetMs: positive("bench.timeBudgetMs", DEFAULT_SETTINGS.bench.timeBudgetMs),
    },
    calibration: { background: bool("calibration.background", DEFAULT_SETTINGS.calibration.background) },
    rules,
    maxFileSize: Math.round(positive("maxFileSize", DEFAULT_SETTINGS.maxFileSize)),
    analysisBudgetMs: positive("analysisBudgetMs", DEFAULT_SETTINGS.analysisBudgetMs),
    includeGenerated: bool("includeGenerated", DEFAULT_SETTINGS.includeGenerated),
    ignoreTests: bool("ignoreTests", DEFAULT_SETTINGS.ignoreTests),
  };
}

/**
 * Engine options for a document: the config file first, editor settings on top. An editor cannot say
 * whether a value was set or is its default, so a setting still at its default leaves the
 * config file's value in force (e.g. `runtimeImport` from arraylint.config.json).
 */
export function analyzeOptionsFor(config: ArraylintConfig, settings: ArraylintSettings): AnalyzeOptions {
  return toAnalyzeOptions(config, {
    runtimeImport: settings.runtimeImport !== DEFAULT_SETTINGS.runtimeImport ? settings.runtimeImport : undefined,
    explain: settings.explain || undefined,
    allowReassociation: settings.fix.allowReassociation || undefined,
    severities: settings.rules,
    budgetMs: settings.analysisBudgetMs !== DEFAULT_SETTINGS.analysisBudgetMs ? settings.analysisBudgetMs : undefined,
    includeGenerated: settings.includeGenerated || undefined,
  });
}
