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
// esbuild bundles it (relative imports inlined, packages left to require() from the file's folder,
// the runtime import pointed at the built runtime) into CommonJS that the child compiles as if it
// were the file. The module's top-level code runs once when the child loads it, as in the program.
import { createRequire } from "node:module";
import path from "node:path";
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

interface EsbuildLike {
  build(options: Record<string, unknown>): Promise<{ outputFiles?: Array<{ text: string }>; errors: Array<{ text: string }> }>;
}

let esbuildModule: EsbuildLike | null | undefined;

/**
 * esbuild, from node_modules at run time (it cannot be bundled: it drives its own native binary).
 * null when it is not installed (a packaged extension without it): callers fall back to extract mode.
 */
export function loadEsbuild(): EsbuildLike | null {
  if (esbuildModule !== undefined) return esbuildModule;
  const from = typeof __filename === "string" ? __filename : path.join(process.cwd(), "index.js");
  try {
    esbuildModule = createRequire(from)("esbuild") as EsbuildLike;
  } catch {
    esbuildModule = null;
  }
  return esbuildModule;
}

function loaderFor(file: string): "ts" | "tsx" {
  // .js is read as TypeScript too: the fix's text may carry `as number`, and plain JS parses as TS
  return /\.[jt]sx$/.test(file) ? "tsx" : "ts";
}

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

/** Bundles the module with the variants appended; `{ error }` says why it cannot (esbuild missing, a build error). */
export async function bundleModule(
  spec: BenchSpec,
  ctx: ModuleContext,
  { runtimePath, scalarOutputs, hasFix }: { runtimePath: string; scalarOutputs: readonly string[]; hasFix: boolean },
): Promise<Extract<VariantSource, { kind: "module" }> | { error: string }> {
  const esbuild = loadEsbuild();
  if (!esbuild) return { error: "the module's imports cannot be bundled: esbuild is not installed" };
  const runtimeImports = new Set(ctx.runtimeImports ?? ["arraylint/runtime"]);
  runtimeImports.add("arraylint/runtime");
  try {
    const built = await esbuild.build({
      stdin: { contents: moduleWithVariants(spec, ctx, scalarOutputs, hasFix), resolveDir: path.dirname(ctx.file), sourcefile: ctx.file, loader: loaderFor(ctx.file) },
      bundle: true,
      write: false,
      platform: "node",
      format: "cjs",
      target: "node20",
      packages: "external",
      logLevel: "silent",
      plugins: [{
        name: "arraylint-runtime",
        setup(build: { onResolve(options: { filter: RegExp }, callback: (args: { path: string }) => unknown): void }) {
          build.onResolve({ filter: /.*/ }, (args) => (runtimeImports.has(args.path) ? { path: runtimePath, external: true } : undefined));
        },
      }],
    });
    const code = built.outputFiles?.[0]?.text;
    if (!code) return { error: "bundling the module produced no output" };
    return { kind: "module", file: ctx.file, code, exportName: VARIANTS_EXPORT };
  } catch (e) {
    const errors = (e as { errors?: Array<{ text: string; location?: { file: string; line: number } }> }).errors;
    const first = errors?.[0];
    const where = first?.location ? ` (${path.basename(first.location.file)}:${first.location.line})` : "";
    return { error: `cannot bundle ${path.basename(ctx.file)} with its imports: ${first ? first.text + where : e instanceof Error ? e.message : String(e)}` };
  }
}
