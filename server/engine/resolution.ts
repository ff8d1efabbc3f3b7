// Module resolution that outlives one program. ts-morph builds a new TypeScript program whenever a file
// joins the project (the CLI's next file, an editor opening a document), and TypeScript resolves every
// import of every file again for it: on a 757-file tree that was most of a second per program, in
// stat calls. TypeScript's own resolution is used; its answers are kept here.
import * as path from "node:path";
import { ts, type ResolutionHostFactory } from "ts-morph";

/** The string literals a file's resolutions are asked for, in TypeScript's order (imports, then string-named augmentations). */
interface WithModuleNames {
  imports?: readonly ts.StringLiteralLike[];
  moduleAugmentations?: readonly (ts.StringLiteral | ts.Identifier)[];
}

export interface ModuleResolutionCache {
  factory: ResolutionHostFactory;
  /** Start of one analysis: failed lookups are forgotten (a file created since may resolve now). */
  newRound(): void;
}

/**
 * A resolution host that remembers successful resolutions per (containing folder, specifier, mode) for
 * the engine's lifetime and everything else for one round (one analysis, at most one program). A
 * remembered resolution is as stale as ts-morph's own cache of the file it names, which never rereads it.
 */
export function createModuleResolutionCache(): ModuleResolutionCache {
  const resolved = new Map<string, ts.ResolvedModuleFull>();
  let perRound: ts.ModuleResolutionCache | undefined;
  let perRoundOptions: ts.CompilerOptions | undefined;
  const factory: ResolutionHostFactory = (host, getCompilerOptions) => ({
    resolveModuleNames(moduleNames, containingFile, _reusedNames, redirectedReference, options, containingSourceFile) {
      const compilerOptions = options ?? getCompilerOptions();
      if (!perRound || perRoundOptions !== compilerOptions) {
        perRound = ts.createModuleResolutionCache(host.getCurrentDirectory?.() ?? "/", (f) => f, compilerOptions);
        perRoundOptions = compilerOptions;
      }
      const modes = modesOf(moduleNames, containingSourceFile, compilerOptions);
      const folder = path.dirname(containingFile);
      return moduleNames.map((name, i) => {
        const mode = modes[i];
        // project references redirect resolution per project: not cached (the engine sets none)
        const key = redirectedReference ? undefined : `${folder}\0${name}\0${mode ?? ""}`;
        const known = key === undefined ? undefined : resolved.get(key);
        if (known) return known;
        const found = ts.resolveModuleName(name, containingFile, compilerOptions, host, perRound, redirectedReference, mode).resolvedModule;
        if (found && key !== undefined) resolved.set(key, found);
        return found;
      });
    },
  });
  return {
    factory,
    newRound() {
      perRound = undefined;
    },
  };
}

/**
 * The resolution mode (import or require) of each name. TypeScript passes every module name of the file
 * in its own order when it resolves them all (a new program's structure); a subset (names an old program
 * did not resolve) is matched by text.
 */
function modesOf(moduleNames: readonly string[], file: ts.SourceFile | undefined, options: ts.CompilerOptions): ts.ResolutionMode[] {
  if (!file) return moduleNames.map(() => undefined);
  const { imports = [], moduleAugmentations = [] } = file as ts.SourceFile & WithModuleNames;
  const literals: ts.StringLiteralLike[] = [...imports];
  for (const aug of moduleAugmentations) if (ts.isStringLiteral(aug)) literals.push(aug);
  const modeOf = (literal: ts.StringLiteralLike) => ts.getModeForUsageLocation(file, literal, options);
  if (literals.length === moduleNames.length && literals.every((l, i) => l.text === moduleNames[i])) return literals.map(modeOf);
  return moduleNames.map((name) => {
    const literal = literals.find((l) => l.text === name);
    return literal ? modeOf(literal) : undefined;
  });
}
