// Module mode: the finding's statements run inside the user's own module, bundled with its imports,
// so helpers, imported functions and module constants resolve as they do in the program.
//
// The module's text gets one more export, a function that returns the two variants:
//
//     export function __arraylint_variants(__arraylint_nd) {
//       const nd = __arraylint_nd;
//       <local declarations the statements use (closures of the enclosing function), copied>
//       function __arraylint_before(x, y) { <original> }
//       function __arraylint_after(x, y) { <fix> }
//       return [__arraylint_before, __arraylint_after];
//     }
//
// Each module is compiled to CommonJS with TypeScript's transpileModule — the compiler the server and
// CLI bundles already carry, so module mode also works where no esbuild is installed (the .vsix ships no
// node_modules) — and the modules go into one CommonJS file with a tiny module registry: relative
// imports load from the registry (TypeScript's `./x.js` → `./x.ts` convention included), packages are
// require()d from the importing file's folder, and the runtime import points at the built runtime. The
// child compiles that file as if it were the user's file. Its top-level code runs once when the child
// loads it, as in the program.
import * as fs from "node:fs";
import path from "node:path";
import { ts } from "ts-morph";
import type { BenchSpec } from "../engine/types";
import { variantSource, type VariantSource } from "./harness";

export interface ModuleContext {
  /** Absolute path of the module (its folder resolves the imports). */
  file: string;
  /** The module's text (the editor's, which may be unsaved). */
  text: string;
  /** Import specifiers that mean the arraylint runtime (default "arraylint/runtime"). */
  runtimeImports?: string[];
  /** Declarations of the enclosing function(s) that the statements use, in source order (copied into the wrapper). */
  localDeclarations?: string[];
}

export const VARIANTS_EXPORT = "__arraylint_variants";

/** The module's text with the variants' export appended. */
export function moduleWithVariants(spec: BenchSpec, ctx: ModuleContext, scalarOutputs: readonly string[], hasFix: boolean): string {
  const params = spec.variables.map((v) => v.name);
  const rename = (source: string, name: string) => source.replace(/^function (before|after)\(/, `function ${name}(`);
  const before = rename(variantSource("before", params, spec.before, scalarOutputs).source, "__arraylint_before");
  const after = hasFix ? rename(variantSource("after", params, spec.after, scalarOutputs).source, "__arraylint_after") : "function __arraylint_after() {}\n";
  return `${ctx.text}
;export function ${VARIANTS_EXPORT}(__arraylint_nd: any): any {
const nd = __arraylint_nd;
${(ctx.localDeclarations ?? []).join("\n")}
${before}
${after}
return [__arraylint_before, __arraylint_after];
}
`;
}

/** No more modules than this are collected for one benchmark (a relative import chain through a whole app). */
const MAX_MODULES = 500;
const SOURCE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** The file a relative import names, as TypeScript and bundlers resolve it; undefined when there is none. */
export function resolveRelativeImport(fromFile: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(fromFile), specifier);
  const isFile = (f: string) => {
    try {
      return fs.statSync(f).isFile();
    } catch {
      return false;
    }
  };
  // TypeScript's convention: "./x.js" names ./x.ts (".mjs" → ".mts", ".cjs" → ".cts")
  const js = /\.([cm]?)js$/.exec(base);
  const candidates = js
    ? [base.slice(0, -js[0].length) + `.${js[1]}ts`, ...(js[1] ? [] : [base.slice(0, -3) + ".tsx"]), base]
    : [base, ...[".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".json"].map((e) => base + e),
      ...[".ts", ".tsx", ".js", ".jsx"].map((e) => path.join(base, "index" + e))];
  return candidates.find(isFile);
}

function transpile(file: string, text: string): { code: string; error?: string } {
  // parsed as TypeScript even for .js: the appended variants (and a fix's text) may carry type syntax
  const fileName = /\.[jt]sx$/.test(file) ? file.replace(/\.[jt]sx$/, ".tsx") : file.replace(/\.[cm]?js$/, ".ts");
  const out = ts.transpileModule(text, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, jsx: ts.JsxEmit.React,
      isolatedModules: true, sourceMap: false, inlineSourceMap: false,
    },
  });
  const diagnostic = out.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
  if (!diagnostic) return { code: out.outputText };
  const at = diagnostic.file && diagnostic.start !== undefined ? `:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1}` : "";
  return { code: "", error: `${path.basename(file)}${at}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")}` };
}

/**
 * The module with the variants appended, and every same-project module it imports, compiled to one
 * CommonJS file; `{ error }` says why it cannot be (an import that does not resolve, a syntax error).
 */
export async function bundleModule(
  spec: BenchSpec,
  ctx: ModuleContext,
  { runtimePath, scalarOutputs, hasFix }: { runtimePath: string; scalarOutputs: readonly string[]; hasFix: boolean },
): Promise<Extract<VariantSource, { kind: "module" }> | { error: string }> {
  const runtimeImports = new Set(ctx.runtimeImports ?? ["arraylint/runtime"]);
  runtimeImports.add("arraylint/runtime");
  const sources = new Map<string, string>();
  /** Per module: specifier → the registry's key, "runtime", or a file for Node's own require (JSON, native). */
  const links = new Map<string, Record<string, string>>();
  const queue: Array<[string, string]> = [[ctx.file, moduleWithVariants(spec, ctx, scalarOutputs, hasFix)]];
  const fail = (why: string) => ({ error: `cannot bundle ${path.basename(ctx.file)} with its imports: ${why}` });
  while (queue.length > 0) {
    const [file, text] = queue.shift()!;
    if (sources.has(file)) continue;
    if (sources.size >= MAX_MODULES) return fail(`it imports more than ${MAX_MODULES} modules of the project`);
    const compiled = transpile(file, text);
    if (compiled.error) return fail(compiled.error);
    sources.set(file, compiled.code);
    const own: Record<string, string> = {};
    for (const { fileName: specifier } of ts.preProcessFile(text, true, true).importedFiles) {
      if (runtimeImports.has(specifier)) {
        own[specifier] = "runtime";
      } else if (specifier.startsWith("./") || specifier.startsWith("../") || specifier === "." || specifier === "..") {
        const target = resolveRelativeImport(file, specifier);
        if (!target) return fail(`"${specifier}" (imported by ${path.basename(file)}) does not resolve`);
        own[specifier] = target;
        if (SOURCE_FILE.test(target) && !sources.has(target)) {
          try {
            queue.push([target, fs.readFileSync(target, "utf8")]);
          } catch (e) {
            return fail(`cannot read ${target}: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
      }
      // a package: require()d from the importing file's folder at run time
    }
    links.set(file, own);
  }
  const entries = [...sources].map(([file, code]) =>
    `${JSON.stringify(file)}: function (exports, require, module, __filename, __dirname) {\n${code}\n}`);
  const code = `"use strict";
// arraylint bench: ${sources.size} module(s) of the project compiled by TypeScript, loaded through a CommonJS registry
const __arraylint_sources = {
${entries.join(",\n")}
};
const __arraylint_links = ${JSON.stringify(Object.fromEntries(links))};
const __arraylint_cache = Object.create(null);
function __arraylint_load(file) {
  const cached = __arraylint_cache[file];
  if (cached) return cached.exports;
  const m = { exports: {}, id: file, filename: file, loaded: false };
  __arraylint_cache[file] = m;
  const real = require("node:module").createRequire(file);
  const links = __arraylint_links[file];
  const load = function (specifier) {
    const target = links[specifier];
    if (target === "runtime") return require(${JSON.stringify(runtimePath)});
    if (target !== undefined) return __arraylint_sources[target] ? __arraylint_load(target) : real(target);
    return real(specifier);
  };
  load.resolve = real.resolve;
  __arraylint_sources[file].call(m.exports, m.exports, load, m, file, require("node:path").dirname(file));
  m.loaded = true;
  return m.exports;
}
module.exports = __arraylint_load(${JSON.stringify(ctx.file)});
`;
  return { kind: "module", file: ctx.file, code, exportName: VARIANTS_EXPORT };
}
