// Runs a CommonJS bundle through V8's code cache. Compiling the server's 11 MB bundle (TypeScript
// included) and then, lazily, every function the first analysis calls is a large part of its start-up;
// with the bytecode V8 saved from an earlier run both are skipped. The cache is written when the
// process exits (by then it holds the functions the analyses compiled), one file per bundle build,
// Node and V8 version and architecture, in arraylint's cache folder (the newest few per runtime are kept).
// The server's launcher (server-launcher.ts) and the CLI's bin (cli-bin.ts) both load through it. Anything that
// goes wrong (no folder, a cache V8 rejects) only costs the compile the cache would have saved.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import Module from "node:module";
import * as path from "node:path";
import * as vm from "node:vm";

/** How a start used the cache: none there yet, used, or there and refused by V8 (both of the latter two write one at exit). */
export type CodeCacheUse = "none" | "used" | "rejected";

/** How a bundle's cache file is named and kept (the server's launcher and the CLI's bin differ). */
export interface CodeCacheOptions {
  /**
   * What tells one build of the bundle from another in the file name: a hash of its content (16 ms for
   * 11 MB; V8 itself checks only the source's length), or its size and modification time (no read of the
   * whole file on every start: the CLI's bin, run once per command).
   */
  identity?: "content" | "stat";
  /** Cache files kept for this bundle (each about its size; other builds and runtimes are evicted). */
  keep?: number;
  /** Whether this process writes the cache at exit when it had none or V8 refused it (default: yes). */
  save?: boolean;
}

/** Loads `bundle` as `require` would, reusing and refreshing a code cache in `cacheDir`; its exports and how the cache served. */
export function runWithCodeCache(bundle: string, cacheDir: string, options: CodeCacheOptions = {}): { exports: unknown; cache: CodeCacheUse } {
  const bytes = fs.readFileSync(bundle);
  const identity = options.identity === "stat"
    ? (({ size, mtimeMs }) => `${size}-${Math.round(mtimeMs)}`)(fs.statSync(bundle))
    : createHash("sha1").update(bytes).digest("hex").slice(0, 16);
  const source = bytes.toString("utf8");
  // One runtime's caches are evicted among themselves only (a global and a project's install, VS Code's
  // Electron and a system Node alternate). V8's version too: Electron and Node may share a Node version
  // and differ in V8, which refuses the other's cache.
  const prefix = `${path.basename(bundle, ".js")}-node${process.versions.node}-v8-${process.versions.v8}-${process.arch}-`;
  const cacheFile = path.join(cacheDir, `${prefix}${identity}.bin`);
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
  if ((options.save ?? true) && (cachedData === undefined || script.cachedDataRejected === true)) {
    process.once("exit", () => writeCacheFile(cacheDir, cacheFile, prefix, script.createCachedData(), options.keep ?? KEPT_CACHES));
  }
  const mod = new Module(bundle, require.main);
  mod.filename = bundle;
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  run.call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
  return { exports: mod.exports, cache: cachedData === undefined ? "none" : script.cachedDataRejected ? "rejected" : "used" };
}

/** Code caches kept per bundle and runtime by default (each about the size of the bundle). */
const KEPT_CACHES = 3;

/**
 * Writes a code cache where a concurrent reader sees either no file or the whole file, then keeps only
 * the `keep` newest files starting with `prefix` (other builds, other Node versions: two installed
 * versions may alternate). A read-only or full disk writes nothing:
 * the next start compiles from source again.
 */
function writeCacheFile(cacheDir: string, cacheFile: string, prefix: string, data: Buffer, keep: number): void {
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
