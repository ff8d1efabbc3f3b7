// dist/cli.js, the `arraylint` bin: loads the CLI bundle (dist/cli-main.js, 14 MB with TypeScript) through
// V8's code cache (code-cache.ts, as the server's launcher does). Compiling the bundle took about half of a
// small check's CPU time (0.4 s of `--version`; a one-file check 1.8 -> 1.0-1.4 s user, 2 cores under
// load): the cache holds the bytecode of every function a `check` ran, so the next run neither parses the
// bundle's top level nor compiles TypeScript's parser and checker again. The bin names the cache by the
// bundle's size and modification time (no hash of 14 MB on every command), keeps four (several installs,
// a global and a project's, must not evict each other's on every run), and writes it only after a
// `check` on the main thread. Worker threads of `check --jobs N` load the bundle through this file too.
import * as path from "node:path";
import { isMainThread } from "node:worker_threads";
import { defaultCacheDir } from "./cache-dir";
import { runWithCodeCache } from "./code-cache";

interface CliBundle {
  runFromProcess(): void;
}

const { exports } = runWithCodeCache(path.join(__dirname, "cli-main.js"), path.join(defaultCacheDir(), "code-cache"), {
  identity: "stat",
  keep: 4,
  save: isMainThread && process.argv[2] === "check",
});
if (isMainThread) (exports as CliBundle).runFromProcess();
