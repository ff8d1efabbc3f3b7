// Strict type errors of in-memory modules, with the runtime import resolved to runtime/index.ts:
// what "the fixed code type-checks under strict" means in the rule, corpus and fix tests.
import path from "node:path";
import ts from "typescript";

/** The runtime's source entry, which `arraylint/runtime` resolves to in tests. */
export const RUNTIME_ENTRY = path.resolve(import.meta.dirname, "../../runtime/index.ts");

/**
 * Diagnostics of the given modules (absolute path → text), as `file.ts:LINE: message`; other
 * files (the runtime, lib) are read from disk and their own diagnostics are not reported.
 */
export function strictTypeErrors(modules: ReadonlyMap<string, string>, runtimeImport = "arraylint/runtime"): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    paths: { [runtimeImport]: [RUNTIME_ENTRY] },
  };
  const virtual = new Map([...modules].map(([name, text]) => [path.resolve(name), text]));
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (name, version, onError, create) => {
    const text = virtual.get(path.resolve(name));
    return text !== undefined ? ts.createSourceFile(name, text, version, true) : getSourceFile(name, version, onError, create);
  };
  host.readFile = (name) => virtual.get(path.resolve(name)) ?? readFile(name);
  host.fileExists = (name) => virtual.has(path.resolve(name)) || fileExists(name);
  const program = ts.createProgram([...virtual.keys()], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file === undefined || virtual.has(path.resolve(d.file.fileName)))
    .map((d) => {
      const where = d.file && d.start !== undefined ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : "(global)";
      return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
}
