// Issue 9's check on real code: `arraylint check --fix` over the real-world set changes only what it
// proves. Every file --fix changes must still parse in its own language (JavaScript files with no
// TypeScript syntax: the parser's JS-mode grammar checks, as `node --check` would refuse it), every
// changed TypeScript file must type-check as before (no diagnostic the original did not have, with the
// runtime import resolving to this repository's build), and every refactor offered as a suggestion,
// applied alone to a copy, must parse in the file's language.
import { existsSync } from "node:fs";
import path from "node:path";
import { ts } from "ts-morph";
import { applyEdits, applySafeFixes, type AnalyzeOptions, type Engine } from "../../server/engine/index";

const REPO = path.resolve(__dirname, "../..");
const RUNTIME_TYPES = path.join(REPO, "dist", "runtime", "index.d.ts");

export interface FixCheck {
  /** Files --fix changed, and how many fixes it applied in them. */
  changed: Array<{ file: string; applied: number }>;
  /** Suggestions (refactors) checked by applying each alone. */
  suggestions: number;
  /** Everything that failed, one line each. */
  failures: string[];
}

function isJavaScript(file: string): boolean {
  return /\.(m|c)?jsx?$/.test(file);
}

/** Syntactic diagnostics of `text` as a file of that name, JS-only grammar checks included (one-file program). */
export function syntaxErrors(fileName: string, text: string): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const host: ts.CompilerHost = {
    getSourceFile: (n) => (n === fileName ? sf : undefined),
    getDefaultLibFileName: () => "lib.d.ts",
    writeFile: () => undefined,
    getCurrentDirectory: () => "/",
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => "\n",
    fileExists: (n) => n === fileName,
    readFile: () => undefined,
  };
  const program = ts.createProgram({ rootNames: [fileName], options: { allowJs: true, noLib: true, noResolve: true, types: [] }, host });
  return program.getSyntacticDiagnostics(sf).map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
}

/**
 * Type errors of one file, as messages without positions (a fix moves code): the package's own files
 * and dependencies resolve from `root`, the runtime import from this repository's build.
 */
function typeErrors(root: string, file: string, text: string, runtimeImport: string): string[] {
  const options: ts.CompilerOptions = {
    strict: false, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.Preserve, moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts"], types: [], noEmit: true, skipLibCheck: true, allowJs: false, allowImportingTsExtensions: true,
    baseUrl: root, paths: { [runtimeImport]: [RUNTIME_TYPES] },
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (f) => (path.resolve(f) === path.resolve(file) ? text : readFile(f));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang, onError, create) => (path.resolve(f) === path.resolve(file) ? ts.createSourceFile(f, text, lang, true) : getSourceFile(f, lang, onError, create));
  const program = ts.createProgram({ rootNames: [file], options, host });
  const sf = program.getSourceFile(file);
  if (!sf) return [`${file} was not part of the program`];
  return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)].map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
}

/** Messages in `after` beyond those in `before` (as multisets). */
function newMessages(before: string[], after: string[]): string[] {
  const left = new Map<string, number>();
  for (const m of before) left.set(m, (left.get(m) ?? 0) + 1);
  const out: string[] = [];
  for (const m of after) {
    const n = left.get(m) ?? 0;
    if (n > 0) left.set(m, n - 1);
    else out.push(m);
  }
  return out;
}

/** --fix and every suggestion on `files` (paths relative to `root`); `read` gives a file's original text. */
export function checkFixes(engine: Engine, root: string, files: readonly string[], read: (rel: string) => string, options: AnalyzeOptions): FixCheck {
  const result: FixCheck = { changed: [], suggestions: 0, failures: [] };
  if (!existsSync(RUNTIME_TYPES)) result.failures.push(`${RUNTIME_TYPES} is missing: run npm run build:runtime first`);
  for (const rel of files) {
    const abs = path.join(root, rel);
    const original = read(rel);
    const { findings } = engine.analyze(abs, original, options);
    for (const f of findings) {
      if (!f.fix || f.fix.safe) continue;
      result.suggestions++;
      const errors = syntaxErrors(abs, applyEdits(original, f.fix.edits));
      if (errors.length > 0) result.failures.push(`${rel}:${f.range.start.line + 1} suggestion "${f.fix.title}" does not parse: ${errors[0]}`);
    }
    const fixed = applySafeFixes(engine, abs, original, options);
    if (fixed.applied === 0 || fixed.text === original) continue;
    result.changed.push({ file: rel, applied: fixed.applied });
    const syntax = syntaxErrors(abs, fixed.text);
    if (syntax.length > 0) {
      result.failures.push(`${rel}: --fix wrote code that does not parse: ${syntax[0]}`);
      continue;
    }
    if (!isJavaScript(rel)) {
      const added = newMessages(typeErrors(root, abs, original, options.runtimeImport), typeErrors(root, abs, fixed.text, options.runtimeImport));
      if (added.length > 0) result.failures.push(`${rel}: --fix added type errors: ${added.slice(0, 3).join(" | ")}`);
    }
  }
  return result;
}
