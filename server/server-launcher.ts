// Entry of dist/server.js: starts the language server (dist/server-main.js, built from server.ts) through
// V8's code cache (code-cache.ts).
import * as path from "node:path";
import { defaultCacheDir } from "./cache-dir";
import { runWithCodeCache } from "./code-cache";

runWithCodeCache(path.join(__dirname, "server-main.js"), path.join(defaultCacheDir(), "code-cache"));
