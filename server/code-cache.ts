// Runs a CommonJS bundle through V8's code cache. Compiling the server's 11 MB bundle (TypeScript
// included) and then, lazily, every function the first analysis calls is a large part of its start-up;
// with the bytecode V8 saved from an earlier run both are skipped. The cache is written when the
// process exits (by then it holds the functions the analyses compiled), one file per bundle content,
// Node and V8 version and architecture, in arraylint's cache folder (the newest few are kept). Anything that
// goes wrong (no folder, a cache V8 rejects) only costs the compile the cache would have saved.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import Module from "node:module";
import * as path from "node:path";
import * as vm from "node:vm";

/** How a start used the cache: none there yet, used, or there and refused by V8 (both of the latter two write one at exit). */
export type CodeCacheUse = "none" | "used" | "rejected";

/** Loads `bundle` as `require` would, reusing and refreshing a code cache in `cacheDir`; its exports and how the cache served. */
export function runWithCodeCache(bundle: string, cacheDir: string): { exports: unknown; cache: CodeCacheUse } {
  const bytes = fs.readFileSync(bundle);
  // V8 checks only the source's length: the file name carries a hash of the content (16 ms for 11 MB)
  const digest = createHash("sha1").update(bytes).digest("hex").slice(0, 16);
  const source = bytes.toString("utf8");
  const prefix = `${path.basename(bundle, ".js")}-`;
  // V8's version too: Electron (VS Code) and Node may share a Node version and differ in V8, which refuses the other's cache
  const cacheFile = path.join(cacheDir, `${prefix}${digest}-node${process.versions.node}-v8-${process.versions.v8}-${process.arch}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // first start of this bundle on this Node: compiled from source, cached at exit
  }
  const script = new vm.Script(Module.wrap(source), {
    filename: bundle,
    cachedData,
    // import() inside the bundle resolves as in any CommonJS module (an option since Node 20.12 and 21.7)
    ...(vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ? { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER } : {}),
  });
  if (cachedData === undefined || script.cachedDataRejected === true) {
    process.once("exit", () => saveCache(script, cacheDir, cacheFile, prefix));
  }
  const mod = new Module(bundle, require.main);
  mod.filename = bundle;
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  run.call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
  return { exports: mod.exports, cache: cachedData === undefined ? "none" : script.cachedDataRejected ? "rejected" : "used" };
}

/** Code caches kept per bundle name (each about the size of the bundle). */
const KEPT_CACHES = 3;

function saveCache(script: vm.Script, cacheDir: string, cacheFile: string, prefix: string): void {
  writeCacheFile(cacheDir, cacheFile, prefix, script.createCachedData(), KEPT_CACHES);
}

/**
 * Writes a code cache where a concurrent reader sees either no file or the whole file, then keeps only
 * the `keep` newest files starting with `prefix` (other builds, other Node versions: two installed
 * versions may alternate). Also the CLI bin's (cli-bin.ts). A read-only or full disk writes nothing:
 * the next start compiles from source again.
 */
export function writeCacheFile(cacheDir: string, cacheFile: string, prefix: string, data: Buffer, keep: number): void {
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, cacheFile);
    const caches = fs.readdirSync(cacheDir)
      .filter((name) => name.startsWith(prefix) && name.endsWith(".bin"))
      .map((name) => ({ file: path.join(cacheDir, name), mtime: fs.statSync(path.join(cacheDir, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const old of caches.slice(keep)) fs.rmSync(old.file, { force: true });
  } catch {
    // a read-only or full disk: the next start compiles from source again
  }
}
