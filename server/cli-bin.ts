// dist/cli.js, the `arraylint` bin: loads the CLI bundle (dist/cli-main.js, 14 MB with TypeScript) through
// V8's code cache. Compiling the bundle took about half of a small check's CPU time (0.4 s of `--version`;
// a one-file check 1.8 -> 1.0-1.4 s user, 2 cores under load): the cache holds the bytecode of every
// function a `check` ran, so the next run neither parses the bundle's top level nor compiles TypeScript's
// parser and checker again. Node 20 has no module.enableCompileCache, hence vm.Script's cachedData.
// The cache lives in the user's cache folder (as the calibration tables), one file per Node version,
// architecture and bundle build (size and modification time: V8 itself checks only the source's length);
// a missing, unreadable or rejected cache only costs the compile. Imports node's built-ins and the two
// small modules the server's launcher uses (cache-dir.ts, code-cache.ts), so the bin stays small. Worker threads of `check --jobs N` load the bundle through this file too.
import * as fs from "node:fs";
import * as path from "node:path";
import * as vm from "node:vm";
import { isMainThread } from "node:worker_threads";
import Module = require("node:module");
import { defaultCacheDir } from "./cache-dir";
import { writeCacheFile } from "./code-cache";

const bundle = path.join(__dirname, "cli-main.js");

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Caches kept per Node version: several installs (a global and a project's arraylint) must not evict each other's on every run. */
const KEPT_BUILDS = 4;

interface CliBundle {
  runFromProcess(): void;
}

function load(): CliBundle {
  const source = fs.readFileSync(bundle, "utf8");
  const stat = fs.statSync(bundle);
  const dir = path.join(defaultCacheDir(), "code-cache");
  const prefix = `cli-node${process.versions.node}-${process.arch}-`;
  const file = path.join(dir, `${prefix}${stat.size}-${Math.round(stat.mtimeMs)}.bin`);
  const cachedData = readOrUndefined(file);
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(bundle));
  mod.loaded = true;
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  const requireFromBundle = Object.assign((id: string) => mod.require(id), { resolve: (id: string) => require.resolve(id, { paths: mod.paths }), main: require.main, cache: require.cache, extensions: require.extensions }) as NodeJS.Require;
  wrapper.call(mod.exports, mod.exports, requireFromBundle, mod, bundle, path.dirname(bundle));
  // The cache is written after a `check` (the command whose compiled functions are worth keeping: the
  // parser, binder and checker), when there was none or V8 refused it.
  if (isMainThread && process.argv[2] === "check" && (cachedData === undefined || script.cachedDataRejected)) {
    process.once("exit", () => writeCacheFile(dir, file, prefix, script.createCachedData(), KEPT_BUILDS));
  }
  return mod.exports as CliBundle;
}

const cli = load();
if (isMainThread) cli.runFromProcess();
