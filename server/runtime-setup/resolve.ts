// Does the user's project resolve the runtime the fixes import? Asked before a fix that adds
// `import * as nd from "<runtimeImport>"` is offered or applied: TypeScript's own module resolution from
// the file, with the nearest tsconfig.json/jsconfig.json's options (so `paths`, `baseUrl` and the
// project's moduleResolution count), plus Node's require resolution for JavaScript. When it does not
// resolve, a runtime vendored into the project earlier (vendor.ts) is looked for, and the fixes import
// that one. Answers are cached per folder for a short while; the server invalidates the cache when
// package.json, a lockfile, a tsconfig or a vendored file changes, and after it adds the runtime itself.
import { createRequire } from "node:module";
import * as path from "node:path";
import { ts } from "ts-morph";
import { findVendoredRuntimes, moduleFormatFor, nearestPackageJson, relativeSpecifier, vendoredFileName } from "./vendor";

export interface RuntimeAvailability {
  /** The specifier the settings ask the fixes to import. */
  specifier: string;
  /** It resolves from the file, with types for TypeScript files. */
  resolves: boolean;
  /** The file it resolved to. */
  resolvedTo?: string;
  /** The folder of the nearest package.json (where a package manager would add the runtime). */
  packageRoot?: string;
  /** A runtime vendored into the project, when the specifier does not resolve. */
  vendored?: string;
  /**
   * What the fixes should import: the specifier when it resolves, else the vendored file's relative
   * path, else undefined (nothing resolves: adding the runtime is the user's choice).
   */
  importSpecifier?: string;
}

/** No tsconfig.json: what a bundler or Node would do with modern code. */
const DEFAULT_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  target: ts.ScriptTarget.ES2022,
  allowJs: true,
};

const TS_EXTENSIONS = new Set<string>([ts.Extension.Ts, ts.Extension.Tsx, ts.Extension.Dts, ts.Extension.Mts, ts.Extension.Dmts, ts.Extension.Cts, ts.Extension.Dcts]);

const isTypeScript = (file: string) => /\.[cm]?tsx?$/.test(file);

interface Cached<T> {
  value: T;
  at: number;
}

export class RuntimeResolver {
  private readonly answers = new Map<string, Cached<RuntimeAvailability>>();
  private readonly configs = new Map<string, Cached<ts.CompilerOptions>>();
  private readonly vendored = new Map<string, Cached<string[]>>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(opts: { ttlMs?: number; now?: () => number } = {}) {
    this.ttlMs = opts.ttlMs ?? 30_000;
    this.now = opts.now ?? Date.now;
  }

  /** Forget every answer (a package.json, lockfile, tsconfig or vendored runtime changed). */
  invalidate(): void {
    this.answers.clear();
    this.configs.clear();
    this.vendored.clear();
  }

  private fresh<T>(map: Map<string, Cached<T>>, key: string, compute: () => T): T {
    const hit = map.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value;
    const value = compute();
    map.set(key, { value, at: this.now() });
    return value;
  }

  /**
   * Whether `specifier` resolves from `filePath`; when not, the vendored runtime found under the
   * package root (or `fallbackRoot`, e.g. the workspace folder, when there is no package.json).
   */
  check(filePath: string, specifier: string, fallbackRoot?: string): RuntimeAvailability {
    const dir = path.dirname(filePath);
    const key = `${dir}\u0000${specifier}\u0000${path.extname(filePath)}\u0000${fallbackRoot ?? ""}`;
    return this.fresh(this.answers, key, () => {
      const packageRoot = nearestPackageJson(dir)?.dir;
      const resolvedTo = this.resolve(filePath, specifier);
      if (resolvedTo) return { specifier, resolves: true, resolvedTo, packageRoot, importSpecifier: specifier };
      const root = packageRoot ?? fallbackRoot;
      const candidates = root ? this.fresh(this.vendored, root, () => findVendoredRuntimes(root)) : [];
      // the file's own module format first (an ES module in a CommonJS package can import either)
      const wanted = vendoredFileName(moduleFormatFor(filePath));
      const vendored = candidates.find((c) => path.basename(c) === wanted) ?? candidates[0];
      return vendored
        ? { specifier, resolves: false, packageRoot, vendored, importSpecifier: relativeSpecifier(filePath, vendored) }
        : { specifier, resolves: false, packageRoot };
    });
  }

  /** The file `specifier` resolves to from `filePath`, or undefined. */
  private resolve(filePath: string, specifier: string): string | undefined {
    const options = this.optionsFor(path.dirname(filePath));
    try {
      const { resolvedModule } = ts.resolveModuleName(specifier, filePath, options, ts.sys);
      // a TypeScript file needs the types too: a bare .js resolution would still be TS7016 under strict
      if (resolvedModule && (!isTypeScript(filePath) || TS_EXTENSIONS.has(resolvedModule.extension))) return resolvedModule.resolvedFileName;
    } catch {
      // a broken tsconfig or an unreadable folder: Node's resolution below still answers for JavaScript
    }
    if (isTypeScript(filePath)) return undefined;
    try {
      return createRequire(filePath).resolve(specifier);
    } catch {
      return undefined;
    }
  }

  /** Compiler options of the nearest tsconfig.json/jsconfig.json (with `extends`), without listing its files. */
  private optionsFor(dir: string): ts.CompilerOptions {
    const configFile = ts.findConfigFile(dir, ts.sys.fileExists, "tsconfig.json") ?? ts.findConfigFile(dir, ts.sys.fileExists, "jsconfig.json");
    if (!configFile) return DEFAULT_OPTIONS;
    return this.fresh(this.configs, configFile, () => {
      const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
      if (error) return DEFAULT_OPTIONS;
      // readDirectory → []: the project's file list is not needed to resolve one specifier
      const host: ts.ParseConfigHost = {
        useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
        readDirectory: () => [],
        fileExists: ts.sys.fileExists,
        readFile: ts.sys.readFile,
      };
      const parsed = ts.parseJsonConfigFileContent(config, host, path.dirname(configFile), undefined, configFile);
      const options = { ...parsed.options };
      if (path.basename(configFile) === "jsconfig.json") options.allowJs = true;
      return options;
    });
  }
}

/** A fix that adds an import of the runtime (the ones that leave broken code where it does not resolve). */
export function addsRuntimeImport(fix: { addImports: string[] } | undefined): boolean {
  return !!fix && fix.addImports.length > 0;
}
