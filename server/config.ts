// Project configuration shared by the CLI and the language server:
// `arraylint.config.json`, or an "arraylint" key in package.json, found from a file's folder upwards.
import * as fs from "node:fs";
import * as path from "node:path";
import { listRules } from "./engine/index";
import type { AnalyzeOptions, RuleId, Severity } from "./engine/index";
import { SourceReadError, parseByteSize, readSourceFile } from "./source-files";
import { RULE_IDS } from "./rules/ids";

export type RuleSetting = Severity | "off";

export interface ArraylintConfig {
  /** Per-rule severity or "off". */
  rules: Partial<Record<RuleId, RuleSetting>>;
  /** Globs relative to `baseDir`; empty = every source file. */
  include: string[];
  /** Globs relative to `baseDir`, applied after `include`. */
  exclude: string[];
  runtimeImport?: string;
  /** Arrays provably smaller than this are not reported (passed through to the engine). */
  minArraySize?: number;
  explain?: boolean;
  allowReassociation?: boolean;
  /** Per-file analysis budget in milliseconds (engine default 2000). */
  analysisBudgetMs?: number;
  /** Analyse generated and minified code too (default: skipped with a note). */
  includeGenerated?: boolean;
  /** Files over this many bytes are not analysed (default 2 MB). */
  maxFileSize?: number;
  /** The CLI's folder walk skips test files (`__tests__/`, `*.test.*`, `*.spec.*`); default true. */
  ignoreTests?: boolean;
  /** Folder the globs are relative to: the config file's folder (or the start folder when there is none). */
  baseDir: string;
  /** The file the configuration was read from, when there was one. */
  source?: string;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

export const CONFIG_FILE_NAME = "arraylint.config.json";

// Rule ids the engine knows; the one list (server/rules/ids.ts) if the registry cannot be listed.
const FALLBACK_RULE_IDS: RuleId[] = [...RULE_IDS];
export function knownRuleIds(): RuleId[] {
  try {
    const ids = listRules().map((r) => r.id);
    return ids.length > 0 ? ids : FALLBACK_RULE_IDS;
  } catch {
    return FALLBACK_RULE_IDS;
  }
}

const SEVERITY_ALIASES: Record<string, RuleSetting> = {
  error: "error", warning: "warning", warn: "warning", info: "info", information: "info", hint: "hint", off: "off",
  "0": "off", "1": "warning", "2": "error",
};

/** Reads one rule setting; accepts ESLint-style "warn" and 0/1/2 as well. */
export function parseRuleSetting(value: unknown, where: string): RuleSetting {
  // ["warning", {...options}]: ESLint's array form, the options are not used (yet)
  const v = Array.isArray(value) ? value[0] : value;
  const mapped = typeof v === "string" || typeof v === "number" ? SEVERITY_ALIASES[String(v).toLowerCase()] : undefined;
  if (!mapped) {
    throw new ConfigError(`${where}: expected one of "error", "warning", "info", "hint", "off", got ${JSON.stringify(value)}`);
  }
  return mapped;
}

function stringList(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
  throw new ConfigError(`${where}: expected a glob or an array of globs, got ${JSON.stringify(value)}`);
}

/** Validates raw JSON (the file's content or package.json's "arraylint" value) into a config; throws ConfigError naming the bad key. */
export function parseConfig(raw: unknown, source: string, baseDir: string): ArraylintConfig {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new ConfigError(`${source}: the arraylint configuration must be a JSON object`);
  }
  const obj = raw as Record<string, unknown>;
  const known = new Set([
    "$schema", "rules", "include", "exclude", "runtimeImport", "minArraySize", "explain", "fix", "allowReassociation",
    "analysisBudgetMs", "includeGenerated", "maxFileSize", "ignoreTests",
  ]);
  for (const key of Object.keys(obj)) {
    if (!known.has(key)) throw new ConfigError(`${source}: unknown option "${key}" (known: ${[...known].slice(1).join(", ")})`);
  }
  const config: ArraylintConfig = { rules: {}, include: [], exclude: [], baseDir, source };
  if (obj.rules !== undefined) {
    if (obj.rules === null || typeof obj.rules !== "object" || Array.isArray(obj.rules)) {
      throw new ConfigError(`${source}: "rules" must be an object mapping rule ids to severities`);
    }
    const ids = knownRuleIds();
    for (const [id, setting] of Object.entries(obj.rules as Record<string, unknown>)) {
      if (!ids.includes(id as RuleId)) throw new ConfigError(`${source}: unknown rule "${id}" (known: ${ids.join(", ")})`);
      config.rules[id as RuleId] = parseRuleSetting(setting, `${source}: rules.${id}`);
    }
  }
  config.include = stringList(obj.include, `${source}: "include"`);
  config.exclude = stringList(obj.exclude, `${source}: "exclude"`);
  if (obj.runtimeImport !== undefined) {
    if (typeof obj.runtimeImport !== "string" || obj.runtimeImport.trim() === "") {
      throw new ConfigError(`${source}: "runtimeImport" must be a non-empty module specifier`);
    }
    config.runtimeImport = obj.runtimeImport;
  }
  if (obj.minArraySize !== undefined) {
    if (typeof obj.minArraySize !== "number" || !Number.isFinite(obj.minArraySize) || obj.minArraySize < 0) {
      throw new ConfigError(`${source}: "minArraySize" must be a non-negative number`);
    }
    config.minArraySize = obj.minArraySize;
  }
  if (obj.explain !== undefined) {
    if (typeof obj.explain !== "boolean") throw new ConfigError(`${source}: "explain" must be true or false`);
    config.explain = obj.explain;
  }
  for (const key of ["includeGenerated", "ignoreTests"] as const) {
    if (obj[key] === undefined) continue;
    if (typeof obj[key] !== "boolean") throw new ConfigError(`${source}: "${key}" must be true or false`);
    config[key] = obj[key] as boolean;
  }
  if (obj.analysisBudgetMs !== undefined) {
    if (typeof obj.analysisBudgetMs !== "number" || !Number.isFinite(obj.analysisBudgetMs) || obj.analysisBudgetMs <= 0) {
      throw new ConfigError(`${source}: "analysisBudgetMs" must be a positive number of milliseconds`);
    }
    config.analysisBudgetMs = obj.analysisBudgetMs;
  }
  if (obj.maxFileSize !== undefined) {
    const size = typeof obj.maxFileSize === "number" ? (obj.maxFileSize >= 1 ? Math.floor(obj.maxFileSize) : undefined)
      : typeof obj.maxFileSize === "string" ? parseByteSize(obj.maxFileSize) : undefined;
    if (size === undefined) throw new ConfigError(`${source}: "maxFileSize" must be a size in bytes or a string like "2MB"`);
    config.maxFileSize = size;
  }
  const fix = obj.fix as Record<string, unknown> | undefined;
  const reassoc = fix && typeof fix === "object" ? fix.allowReassociation : obj.allowReassociation;
  if (reassoc !== undefined) {
    if (typeof reassoc !== "boolean") throw new ConfigError(`${source}: "fix.allowReassociation" must be true or false`);
    config.allowReassociation = reassoc;
  }
  return config;
}

/** Config files and package.json are read like sources: regular files only (a FIFO must not block the server). */
const MAX_CONFIG_FILE_SIZE = 16 * 1024 * 1024;

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readSourceFile(file, MAX_CONFIG_FILE_SIZE).replace(/^\uFEFF/, "");
  } catch (e) {
    throw new ConfigError(`${file}: ${e instanceof SourceReadError ? e.message.replace(/^not analysed: /, "") : String(e)}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${file}: invalid JSON (${(e as Error).message})`);
  }
}

/** Loads an explicit config file: arraylint.config.json-style, or a package.json (its "arraylint" key). */
export function loadConfigFile(file: string): ArraylintConfig {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs)) throw new ConfigError(`config file not found: ${file}`);
  const raw = readJson(abs);
  if (path.basename(abs) === "package.json") {
    const value = (raw as Record<string, unknown> | null)?.arraylint;
    if (value === undefined) throw new ConfigError(`${abs}: has no "arraylint" key`);
    return parseConfig(value, `${abs} ("arraylint" key)`, path.dirname(abs));
  }
  return parseConfig(raw, abs, path.dirname(abs));
}

/** The nearest config source at or above `dir` (never above `stopDir` when given). */
export function findConfigFile(dir: string, stopDir?: string): string | undefined {
  let current = path.resolve(dir);
  const stop = stopDir ? path.resolve(stopDir) : undefined;
  for (;;) {
    const candidate = path.join(current, CONFIG_FILE_NAME);
    if (fs.existsSync(candidate)) return candidate;
    const pkg = path.join(current, "package.json");
    if (fs.existsSync(pkg)) {
      try {
        const raw = JSON.parse(readSourceFile(pkg, MAX_CONFIG_FILE_SIZE).replace(/^\uFEFF/, "")) as Record<string, unknown> | null;
        if (raw && typeof raw === "object" && raw.arraylint !== undefined) return pkg;
      } catch {
        // a broken package.json that is not about arraylint is not our error to report
      }
    }
    const parent = path.dirname(current);
    if (parent === current || current === stop) return undefined;
    current = parent;
  }
}

const cache = new Map<string, { mtimeMs: number; config: ArraylintConfig }>();

/** Config for a source file: the nearest config file (cached, re-read when its mtime changes), or defaults. */
export function loadConfigFor(filePath: string, stopDir?: string): ArraylintConfig {
  const dir = path.dirname(path.resolve(filePath));
  const file = findConfigFile(dir, stopDir);
  if (!file) return defaultConfig(stopDir ?? dir);
  const mtimeMs = fs.statSync(file).mtimeMs;
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.config;
  const config = loadConfigFile(file);
  cache.set(file, { mtimeMs, config });
  return config;
}

export function defaultConfig(baseDir: string): ArraylintConfig {
  return { rules: {}, include: [], exclude: [], baseDir };
}

/** Converts a glob (`**`, `*`, `?`, `{a,b}`, `[abc]`) to an anchored RegExp over '/'-separated paths. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  let i = 0;
  let braceDepth = 0;
  const g = glob.replace(/\\/g, "/").replace(/^\.\//, "");
  while (i < g.length) {
    const c = g[i];
    if (c === "*") {
      if (g[i + 1] === "*") {
        // "**/" matches zero or more folders; a trailing "**" matches everything below
        const slash = g[i + 2] === "/";
        re += slash ? "(?:.*/)?" : ".*";
        i += slash ? 3 : 2;
        continue;
      }
      re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else if (c === "{") {
      braceDepth++;
      re += "(?:";
    } else if (c === "}" && braceDepth > 0) {
      braceDepth--;
      re += ")";
    } else if (c === "," && braceDepth > 0) re += "|";
    else if (c === "[") {
      const close = g.indexOf("]", i + 1);
      if (close === -1) re += "\\[";
      else {
        re += "[" + g.slice(i + 1, close).replace(/^!/, "^").replace(/\\/g, "\\\\") + "]";
        i = close;
      }
    } else re += /[.+^$()|\\]/.test(c) ? "\\" + c : c;
    i++;
  }
  // "src" or "src/" also means everything below it, like .gitignore-style folder entries
  return new RegExp(`^${re}(?:/.*)?$`);
}

function relativeSlash(baseDir: string, filePath: string): string {
  return path.relative(baseDir, path.resolve(filePath)).split(path.sep).join("/");
}

/** Whether the config's include/exclude globs select this file. */
export function isIncluded(config: ArraylintConfig, filePath: string): boolean {
  const rel = relativeSlash(config.baseDir, filePath);
  const matches = (globs: string[]) => globs.some((g) => globToRegExp(g).test(rel));
  if (config.include.length > 0 && !matches(config.include)) return false;
  return !matches(config.exclude);
}

/** Engine options from a config, with explicit overrides (CLI flags, editor settings) on top. */
export function toAnalyzeOptions(config: ArraylintConfig, overrides: Partial<AnalyzeOptions> = {}): AnalyzeOptions {
  const options: AnalyzeOptions & { minArraySize?: number } = {
    runtimeImport: overrides.runtimeImport ?? config.runtimeImport ?? "@arraylint/runtime",
    severities: { ...config.rules, ...overrides.severities },
    explain: overrides.explain ?? config.explain ?? false,
    allowReassociation: overrides.allowReassociation ?? config.allowReassociation ?? false,
  };
  if (overrides.rules) options.rules = overrides.rules;
  if (config.minArraySize !== undefined) options.minArraySize = config.minArraySize;
  const budgetMs = overrides.budgetMs ?? config.analysisBudgetMs;
  if (budgetMs !== undefined) options.budgetMs = budgetMs;
  if (overrides.includeGenerated ?? config.includeGenerated) options.includeGenerated = true;
  return options;
}

/** Test files the folder walk skips by default (`ignoreTests`): `__tests__/` folders, `*.test.*`, `*.spec.*`. */
export function isTestFile(filePath: string): boolean {
  const slashed = filePath.split(path.sep).join("/");
  return /(^|\/)__tests__\//.test(slashed) || /\.(test|spec)\.[^./]+$/.test(path.basename(filePath));
}
